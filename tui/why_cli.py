"""`dockernet why SRC DST` (scaffold; the reachability work fills this in)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_why_parser(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    why = sub.add_parser("why", help="can SRC reach DST, and why?")
    common(why)
    why.add_argument("src")
    why.add_argument("dst")
    why.add_argument("--json", action="store_true")


def run_why(args: argparse.Namespace, load_source: Callable[[argparse.Namespace], Any]) -> int:
    raise NotImplementedError
