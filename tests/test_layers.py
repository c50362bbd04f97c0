"""The engine never imports the front ends or discord."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def test_retrieval_imports_neither_bot_nor_discord() -> None:
    for path in (ROOT / "retrieval").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("bot", "discord")), f"{path.name} imports {name}"
