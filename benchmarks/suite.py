#!/usr/bin/env python3
"""Run every benchmark of the suite: `python benchmarks/suite.py [--quick] [--json] [--only NAME]`.

Each module in `MODULES` exposes `measurements(quick: bool) -> Iterator[Result]` (benchmarks/common.py):
one value beside an anchor measured in the same run, and the ratio it must hold. `--json` prints
one JSON object per line, otherwise a table; notes (skipped parts, context) go to stderr. A module
that is not there yet, or whose engine is not reachable, is skipped with a note. `--only engine`
runs one module. The exit status is 0 when every target held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Result

MODULES = ("engine", "ui")  # benchmarks/<name>.py


def machine() -> str:
    """What the numbers were measured on: they mean little without it."""
    import os
    from importlib.metadata import version

    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, Textual {version('textual')}, "
        f"{platform.system()} {platform.release()}"
    )


def run(names: list[str], quick: bool, as_json: bool) -> list[Result]:
    results: list[Result] = []
    for name in names:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"benchmarks.{name}":
                raise
            print(f"note: benchmarks/{name}.py is not there (yet): skipped", file=sys.stderr, flush=True)
            continue
        started = time.monotonic()
        for result in module.measurements(quick):
            results.append(result)
            print(result.json() if as_json else result.line(), flush=True)
        print(f"note: {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a couple of minutes)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--only", choices=MODULES, help="run one module")
    args = parser.parse_args(argv)
    print(f"note: {machine()}", file=sys.stderr, flush=True)
    results = run([args.only] if args.only else list(MODULES), args.quick, args.json)
    missed = [r for r in results if not r.held]
    print(f"note: {len(results) - len(missed)} of {len(results)} targets held", file=sys.stderr, flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
