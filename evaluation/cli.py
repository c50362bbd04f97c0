"""`newsbot eval ...` subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def add_eval_parser(sub: Any) -> None:
    """Register `newsbot eval retrieval|quotes`."""
    p: argparse.ArgumentParser = sub.add_parser("eval", help="evaluate on ../shared/data")
    p.set_defaults(func=None)
