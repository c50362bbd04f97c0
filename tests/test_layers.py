"""The shape of the code: layers point one way, no import cycle, small modules, and front ends
that reach the library only through the engine."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("retrieval", "bot", "evaluation", "bench")
# The longest a module of the engine or the front ends may grow before it is two modules.
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every project module `path` imports, wherever the import stands: at the top, inside a
    function, or under `if TYPE_CHECKING`."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module in known:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in known else node.module


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


def test_no_import_cycle() -> None:
    known = _modules()
    graph = {name: sorted(set(_imports(path, known)) - {name}) for name, path in known.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in graph[name]:
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    # The check must bite: the graph holds the imports it is meant to see.
    assert "retrieval.pipeline" in graph["retrieval.engine"]
    assert "bot.discordbot.errors" in graph["bot.discordbot.views"]


def test_modules_stay_small() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for package in ("retrieval", "bot")
        for path in (ROOT / package).rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_front_ends_reach_the_library_only_through_the_engine() -> None:
    """Only `bot/main.py`, where newsbot is put together, opens the store; every other front
    end module calls the engine."""
    known = _modules()
    for name, path in known.items():
        if not name.startswith("bot.") or name == "bot.main":
            continue
        imported = set(_imports(path, known))
        inner = {m for m in imported if m.startswith(("retrieval.store", "retrieval.index"))}
        assert not inner, f"{name} imports {sorted(inner)}"
        tree = ast.parse(path.read_text(), filename=str(path))
        reached = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in ("store", "_store", "pipeline")
        }
        assert not reached, f"{name} reaches past the engine: {sorted(reached)}"
