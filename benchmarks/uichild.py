"""One measurement in a fresh process, for `benchmarks/ui.py`: the first frame and peak memory.

Startup and peak RSS cannot be measured twice in one process (modules stay imported, the heap
keeps its high-water mark), so each sample is a child: `python benchmarks/uichild.py KIND WHO ARG`
prints one number. The clock starts before any import, so imports count, as they do for a user.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402  (after the clock starts: imports are part of startup)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (160, 50)


async def first_frame_demo() -> float:
    """`dockernet --demo` as the command line starts it, to its first frame."""
    from tui.cli.main import build_parser
    from tui.cli.run import build_launch

    launch = build_launch(build_parser().parse_args(["--demo"]))
    from tui.app.dockernet import DockernetApp

    async with DockernetApp(launch).run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - START


async def first_frame_bare(rows_file: str) -> float:
    """A bare Textual app opening on one DataTable of the same rows."""
    from benchmarks.bare import TableApp

    data = json.loads(Path(rows_file).read_text())
    async with TableApp(data["columns"], [tuple(r) for r in data["rows"]]).run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - START


async def memory_dockernet(containers: int) -> float:
    """Peak RSS (MB) with the containers screen shown on a synthetic snapshot."""
    from benchmarks.synth import snapshot
    from tui.app.dockernet import DockernetApp
    from tui.app.launch import Launch

    async with DockernetApp(Launch(snapshot(containers), None, (), True)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.switch_mode("containers")
        await pilot.pause()
    return peak_mb()


async def memory_bare(rows_file: str) -> float:
    """Peak RSS (MB) of a bare app holding two tables of the same rows (dockernet holds two screens)."""
    from benchmarks.bare import TableApp

    data = json.loads(Path(rows_file).read_text())
    columns, rows = data["columns"], [tuple(r) for r in data["rows"]]
    del data
    async with TableApp(columns, rows, tables=2).run_test(size=SIZE) as pilot:
        await pilot.pause()
    return peak_mb()


def peak_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries that over from the parent
    through fork and exec, so a child of a big benchmark process would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    kind, arg = argv[0], argv[1] if len(argv) > 1 else ""
    runs = {
        "first-frame-demo": lambda: first_frame_demo(),
        "first-frame-bare": lambda: first_frame_bare(arg),
        "memory-dockernet": lambda: memory_dockernet(int(arg)),
        "memory-bare": lambda: memory_bare(arg),
    }
    print(asyncio.run(runs[kind]()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
