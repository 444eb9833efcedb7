#!/usr/bin/env python3
"""The engine side of the suite, on the real lab engine: first load, steady refresh, live updates.

Every value is compared with an anchor measured in the same run, on the same engine, with the
same containers (lab-labelled, prefix `dnperf-`, removed afterwards):

- remote first load: a fresh `EngineReader` (client opened, API version negotiated) through a
  proxy adding 20 ms per request, until the first screen's snapshot (`read_raw(early=…)`, parsed,
  its graph built) and until the full one (every inspect in). Anchor: the two raw list calls
  (`GET /networks`, `GET /containers/json?all=1`) through the same proxy, on an open client: the
  least any tool must fetch. The proxy (tests/sockproxy.py) runs in a process of its own: a
  remote engine's latency costs it no CPU of ours, and shares no interpreter lock with us;
- steady-state refresh (warm inspect cache), on the local socket and through the proxy, against
  the same two raw list calls;
- live update latency (`benchmarks/live.py`).

`python benchmarks/engine.py [--quick]` prints the table; `benchmarks/suite.py` runs it with the rest.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker

from benchmarks.common import Result, median_time
from tests.lab import LAB_HOST, Lab, lab_available, lab_client
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.parse import Raw, parse_snapshot
from tui.screens.state import Topology

ROOT = Path(__file__).resolve().parent.parent
LATENCY_S = 0.020  # added to every request by the proxy: a remote engine
RAW_LISTS = "GET /networks + GET /containers/json?all=1"


def note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def remote(latency_s: float = LATENCY_S) -> Iterator[str]:
    """The lab engine behind `UnixProxy(…, latency_s)` in a process of its own; yields its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/remote.sock"
        code = (
            f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); from tests.sockproxy import UnixProxy; "
            f"UnixProxy({LAB_HOST.removeprefix('unix://')!r}, {path!r}, {latency_s!r}); time.sleep(86400)"
        )
        proc = subprocess.Popen([sys.executable, "-c", code])
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists(path):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the delaying proxy did not start")
                time.sleep(0.02)
            yield f"unix://{path}"
        finally:
            proc.kill()
            proc.wait()


def populate(lab: Lab, n: int) -> None:
    """n running containers on four networks (most inspects differ only in names and addresses)."""
    nets = [lab.network(f"net{i}", subnet=lab.free_subnet()).name for i in range(4)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: lab.container(f"c{i}", network=nets[i % len(nets)]), range(n)))


def raw_lists(api: docker.APIClient) -> Callable[[], object]:
    return lambda: (api.networks(), api.containers(all=True))


def first_load(url: str) -> tuple[float, float, int]:
    """Seconds to the first screen's topology and to the full one, from a fresh reader; requests sent."""
    start = time.perf_counter()
    marks: list[float] = []

    def early(raw: Raw) -> None:
        Topology.of(parse_snapshot(raw))  # what the App builds before it posts the first screen
        marks.append(time.perf_counter() - start)

    reader = EngineReader(EngineTarget(url, timeout=60))
    try:
        Topology.of(parse_snapshot(reader.read_raw(early=early)))
        full = time.perf_counter() - start
        return (marks[0] if marks else full), full, reader.requests
    finally:
        reader.close()


def remote_first_load(n: int, repeat: int) -> Iterator[Result]:
    with remote() as url:
        api = docker.APIClient(base_url=url, version="auto", timeout=60)
        try:
            lists, runs = raw_lists(api), []
            anchors: list[float] = []
            for _ in range(repeat):  # alternately, so load from other processes falls on both
                anchors += [median_time(lists, 1) for _ in range(3)]
                runs.append(first_load(url))
            anchor = statistics.median(anchors)
            firsts, fulls = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
            serial = EngineReader(EngineTarget(url, timeout=60), client=api)
            serial.width = 1  # one request at a time: the reader as it was before issue 11
            serial_time = median_time(lambda: (serial.invalidate(), serial.read_raw()), 1)
        finally:
            api.close()
    where = f"{n} containers, +{LATENCY_S * 1000:g} ms per request"
    yield Result(f"remote first load: first screen ({where})", firsts[len(firsts) // 2], RAW_LISTS, anchor, 3.0)
    yield Result(f"remote first load: full detail ({where})", fulls[len(fulls) // 2], RAW_LISTS, anchor, 10.0)
    note(
        f"remote first load, one request at a time (as before): {serial_time:.3f}s = {serial_time / anchor:.1f}x "
        f"the raw lists ({runs[0][2]} requests)"
    )


def paired(subject: Callable[[], object], anchor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median times of both, sampled alternately, so load from other processes falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, samples in ((subject, times[0]), (anchor, times[1])):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def steady_refresh(url: str, label: str, repeat: int) -> Result:
    """What the refresh worker reads and parses when nothing changed (as benchmarks/refresh.py measured)."""
    api = docker.APIClient(base_url=url, version="auto", timeout=60)
    reader = EngineReader(EngineTarget(url, timeout=60))
    try:
        reader.snapshot()  # warm: engine info and every inspect cached
        value, anchor = paired(reader.snapshot, raw_lists(api), repeat)
    finally:
        reader.close()
        api.close()
    return Result(f"steady-state refresh ({label})", value, RAW_LISTS, anchor, 1.5)


def measurements(quick: bool) -> Iterator[Result]:
    if not lab_available():
        note("the lab engine is not reachable (scripts/docker-lab start): engine benchmarks skipped")
        return
    n, repeat = (300, 3) if quick else (300, 7)
    client = lab_client(timeout=120)
    lab = Lab(client, prefix="dnperf-")
    try:
        populate(lab, n)
        total = len(client.api.containers(all=True))
        yield from remote_first_load(total, repeat)
        yield steady_refresh(LAB_HOST, f"{total} containers, local socket", repeat * 12)
        with remote() as url:
            yield steady_refresh(url, f"{total} containers, +{LATENCY_S * 1000:g} ms per request", repeat * 3)
    finally:
        lab.cleanup()
        client.close()
    from benchmarks.live import live_update

    yield from live_update(quick)


def main(argv: list[str]) -> int:
    for result in measurements("--quick" in argv):
        print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
