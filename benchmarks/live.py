"""Live update latency: a container started on the engine, until its row is in the containers table.

Measured in a real `DockernetApp` (`run_test()`, headless) following the lab engine, from the
moment the create call is sent. The anchor, from the same moment in the same round: a bare
`client.events()` listener that, on the container's first event, reads the two raw list calls
again (`GET /networks`, `GET /containers/json?all=1`): what the simplest live tool could know,
with no coalescing, no parsing and no screen. dockernet reads the first event after a quiet spell
at once (the rest of a burst at most every `tui.app.live.DEBOUNCE_SECONDS`), and adds its own
event parsing, the refresh (lists and one inspect), the snapshot, its graph and the table update.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import docker

from benchmarks.common import Result
from tests.lab import LAB_HOST, Lab, lab_client
from tui.app.dockernet import DockernetApp
from tui.app.launch import engine_launch


class BareListener:
    """Follows the engine's events; on the first one naming `expect`, re-lists and notes the time."""

    def __init__(self, run_id: str) -> None:
        self.api = docker.APIClient(base_url=LAB_HOST, version="auto", timeout=60)
        self.stream = self.api.events(decode=True, filters={"label": f"dockernet.lab={run_id}"})
        self.expect = ""
        self.seen: dict[str, float] = {}  # container name -> perf_counter when the raw lists were read
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        lister = docker.APIClient(base_url=LAB_HOST, version="auto", timeout=60)
        with_name: Any
        for with_name in self.stream:
            name = str(((with_name.get("Actor") or {}).get("Attributes") or {}).get("name") or "")
            if name and name == self.expect and name not in self.seen:
                lister.networks()
                lister.containers(all=True)
                self.seen[name] = time.perf_counter()

    def close(self) -> None:
        self.stream.close()
        self.api.close()


async def _rounds(lab: Lab, rounds: int) -> tuple[list[float], list[float]]:
    bare = BareListener(lab.run_id)
    app = DockernetApp(engine_launch(host=LAB_HOST))
    values: list[float] = []
    anchors: list[float] = []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await _until(pilot, lambda: app.snapshot.source == "engine" and app.watcher is not None)
            await pilot.press("2")
            await _until(pilot, lambda: hasattr(app.screen, "table"))
            await pilot.pause(0.5)  # the watcher's stream is open
            for i in range(rounds):
                name = lab.name(f"live{i}")
                bare.expect = name
                start = time.perf_counter()
                made = asyncio.create_task(asyncio.to_thread(lab.container, f"live{i}"))

                def shown(name: str = name) -> bool:
                    table = getattr(app.screen, "table", None)
                    found = app.snapshot.containers_named(name)
                    return table is not None and bool(found) and found[0].id in table.keys

                await _until(pilot, shown, step=0.005)
                values.append(time.perf_counter() - start)
                await made
                deadline = time.monotonic() + 10
                while name not in bare.seen and time.monotonic() < deadline:
                    await asyncio.sleep(0.01)
                anchors.append(bare.seen[name] - start)
                await pilot.pause(0.5)  # the refreshes of this round are over
    finally:
        bare.close()
    return values, anchors


async def _until(pilot: Any, condition: Any, seconds: float = 30.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the App did not get there")
        await pilot.pause(step)


def live_update(quick: bool) -> Iterator[Result]:
    rounds = 5 if quick else 11  # the lab engine is shared: other changes may hold a round up (the median)
    client = lab_client(timeout=120)
    lab = Lab(client, prefix="dnperf-live-")
    try:
        values, anchors = asyncio.run(_rounds(lab, rounds))
    finally:
        lab.cleanup()
        client.close()
    rounds_text = ", ".join(f"{v * 1000:.0f}/{a * 1000:.0f}" for v, a in zip(values, anchors, strict=True))
    print(f"note: live update rounds, ms (dockernet/bare): {rounds_text}", file=sys.stderr, flush=True)
    yield Result(
        "live update: container created -> its row in the table",
        statistics.median(values),
        "bare events() listener re-listing on the event",
        statistics.median(anchors),
        3.0,
    )
