"""The UI at scale (issue 11): dockernet's screens beside bare Textual apps, in the same run.

Every row pairs a dockernet measurement with its anchor from `benchmarks/bare.py`, sampled
alternately (subject, anchor, subject, ...) so load from other processes falls on both; each is
a median. The app runs headless under `run_test` at 160x50 on a synthetic snapshot
(`benchmarks/synth.py`, 100 networks); a switch is timed from the call to the next idle pause.
Startup and peak memory (VmHWM) are measured in child processes (`benchmarks/uichild.py`).

The filter's anchor is a bare DataTable that, on each keystroke, clears itself and adds back the
rows whose cells contain every typed word: what a Textual app without dockernet's care would
write, the same matching rule (`tui.presentation.matches`) over the same strings, so the ratio
is the cost of dockernet's table (keyed update, cursor kept, detail pane) against the plain one.
A keystroke is timed from the key press to the next idle pause; the median over typing "svc12"
and three backspaces.

    python benchmarks/ui.py [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bare
from benchmarks.common import Result
from benchmarks.synth import snapshot
from tui.app.dockernet import DockernetApp
from tui.app.launch import Launch
from tui.model.files import load_demo
from tui.model.snapshot import Snapshot
from tui.presentation import CONTAINER_COLUMNS, NETWORK_COLUMNS, container_row, network_row

SIZE = (160, 50)
HERE = Path(__file__).resolve().parent
FILTER_KEYS = ["s", "v", "c", "1", "2", "backspace", "backspace", "backspace"]


def container_rows(snap: Snapshot) -> list[tuple[str, ...]]:
    return [container_row(c, snap) for c in snap.containers]


def network_rows(snap: Snapshot) -> list[tuple[str, ...]]:
    return [network_row(n, snap) for n in snap.networks]


def labels(columns: tuple[tuple[str, str], ...]) -> list[str]:
    return [label for _, label in columns]


def app_of(snap: Snapshot) -> DockernetApp:
    return DockernetApp(Launch(snap, None, (), True))


async def first_switch(snap: Snapshot, mode: str) -> float:
    """dockernet opened on the networks screen, then switched to `mode` for the first time."""
    app = app_of(snap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        await app.switch_mode(mode)
        await pilot.pause()
        return time.perf_counter() - t


async def bare_first_switch(rows: list[tuple[str, ...]]) -> float:
    """A bare app pushing a screen with one DataTable of `rows`."""
    app = bare.EmptyApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        await app.push_screen(bare.TableScreen(labels(CONTAINER_COLUMNS), rows))
        await pilot.pause()
        return time.perf_counter() - t


async def built_switches(snap: Snapshot, repeat: int) -> float:
    """The median switch between the networks and containers screens once both are built."""
    app = app_of(snap)
    async with app.run_test(size=SIZE) as pilot:
        for mode in ("containers", "networks"):
            await app.switch_mode(mode)
            await pilot.pause()
        return await _median_switches(pilot, app.switch_mode, ("containers", "networks"), repeat)


async def bare_built_switches(snap: Snapshot, repeat: int) -> float:
    app = bare.ModesApp(
        (labels(CONTAINER_COLUMNS), container_rows(snap)), (labels(NETWORK_COLUMNS), network_rows(snap))
    )
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("b")
        await pilot.pause()
        return await _median_switches(pilot, app.switch_mode, ("a", "b"), repeat)


async def _median_switches(
    pilot: object, switch: Callable[[str], Awaitable[object]], modes: tuple[str, str], n: int
) -> float:
    samples = []
    for _ in range(n):
        for mode in modes:
            t = time.perf_counter()
            await switch(mode)
            await pilot.pause()  # type: ignore[attr-defined]  # a Pilot: its type is generic in the app
            samples.append(time.perf_counter() - t)
    return statistics.median(samples)


async def filter_keystrokes(snap: Snapshot) -> float:
    """The median time from a key typed in the containers filter to the table showing the matches."""
    app = app_of(snap)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        await pilot.press("slash")
        return await _median_keys(pilot)


async def bare_filter_keystrokes(snap: Snapshot) -> float:
    app = bare.FilterApp(labels(CONTAINER_COLUMNS), container_rows(snap))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await _median_keys(pilot)


async def _median_keys(pilot: object) -> float:
    samples = []
    for key in FILTER_KEYS:
        t = time.perf_counter()
        await pilot.press(key)  # type: ignore[attr-defined]  # a Pilot
        await pilot.pause()  # type: ignore[attr-defined]
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def paired(subject: Callable[[], float], anchor: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Medians of subject and anchor, sampled alternately."""
    a, b = [], []
    for _ in range(repeat):
        a.append(subject())
        b.append(anchor())
    return statistics.median(a), statistics.median(b)


def run(coro: Callable[[], Awaitable[float]]) -> Callable[[], float]:
    return lambda: asyncio.run(coro())  # type: ignore[arg-type]  # an awaitable from an async def


def child(*args: str) -> float:
    out = subprocess.run([sys.executable, str(HERE / "uichild.py"), *args], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def rows_file(folder: str, name: str, columns: list[str], rows: list[tuple[str, ...]]) -> str:
    path = Path(folder) / name
    path.write_text(json.dumps({"columns": columns, "rows": rows}))
    return str(path)


def measurements(quick: bool) -> Iterator[Result]:
    """Every UI row of issue 11, each beside its bare-Textual anchor from the same run."""
    n = 3 if quick else 7
    with tempfile.TemporaryDirectory() as folder:
        demo = load_demo()[1]
        demo_rows = rows_file(folder, "demo.json", labels(NETWORK_COLUMNS), network_rows(demo))
        value, anchor = paired(lambda: child("first-frame-demo"), lambda: child("first-frame-bare", demo_rows), n + 2)
        yield Result("first frame, dockernet --demo", value, "bare app, one DataTable of the same rows", anchor, 1.5)

        big = snapshot(10_000)
        big_rows = container_rows(big)
        value, anchor = paired(
            run(lambda: first_switch(big, "containers")), run(lambda: bare_first_switch(big_rows)), max(n - 2, 1) + 1
        )
        yield Result(
            "containers screen first switch, 10k containers", value, "bare DataTable screen, same 10k rows", anchor, 2.0
        )
        value, anchor = paired(
            run(lambda: first_switch(big, "map")), run(lambda: first_switch(big, "containers")), max(n - 2, 1) + 1
        )
        yield Result(
            "map first switch, 10k containers",
            value,
            "dockernet containers screen first switch, 10k",
            anchor,
            2.0,
        )

        small = snapshot(1_000)
        value, anchor = paired(run(lambda: built_switches(small, n)), run(lambda: bare_built_switches(small, n)), 4)
        yield Result(
            "built screen switch, 1k containers", value, "bare switch between two built DataTable screens", anchor, 1.5
        )
        value, anchor = paired(
            run(lambda: filter_keystrokes(small)), run(lambda: bare_filter_keystrokes(small)), max(n - 2, 2)
        )
        yield Result(
            "filter per keystroke, 1k containers", value, "bare DataTable: clear + add the matching rows", anchor, 1.5
        )

        for count, label in ((1_000, "1k"), (10_000, "10k")):
            rows = rows_file(folder, f"rows{count}.json", labels(CONTAINER_COLUMNS), container_rows(snapshot(count)))
            value, anchor = paired(
                partial(child, "memory-dockernet", str(count)), partial(child, "memory-bare", rows), 2 if quick else 3
            )
            yield Result(
                f"peak RSS, containers screen shown, {label} containers",
                value,
                f"bare app holding two {label}-row tables",
                anchor,
                2.0,
                "MB",
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (about two minutes)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)
    for result in measurements(args.quick):
        print(result.json() if args.json else result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
