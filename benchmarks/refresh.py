#!/usr/bin/env python3
"""Refresh cost side by side on the real lab engine: dockernet vs the raw list calls vs the SDK.

Creates N containers (lab-labelled, removed afterwards), then times, in the same run:
  raw-lists   GET /networks + GET /containers/json?all=1 (the floor: what any tool must fetch)
  dockernet   EngineReader.snapshot() in steady state (cache warm: two requests + parsing)
  dn-cold     EngineReader.snapshot() with an empty inspect cache (first load: N inspects)
  sdk         docker SDK high-level containers.list(all=True) + networks.list(greedy=True)
Then the same through a local proxy that adds 20 ms to every request: a remote engine.
Prints medians and ratios. Usage: scripts/docker-lab start; python benchmarks/refresh.py 100 300
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker

from tests.lab import LAB_HOST, Lab, lab_client
from tests.sockproxy import UnixProxy
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def populate(lab: Lab, n: int) -> None:
    nets = [lab.network(f"bench{i}", subnet=lab.free_subnet()).name for i in range(4)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: lab.container(f"c{i}", network=nets[i % len(nets)]), range(n)))


def measure_on(host: str, repeat: int) -> dict[str, float]:
    client = docker.DockerClient(base_url=host, timeout=300, version="auto")
    api = client.api
    reader = EngineReader(EngineTarget(host))
    reader.snapshot()  # warm the inspect cache

    def cold() -> None:
        reader.invalidate()
        reader.snapshot()

    def sdk() -> None:
        client.containers.list(all=True, ignore_removed=True)
        client.networks.list(greedy=True)

    result = {
        "raw-lists": median_ms(lambda: (api.networks(), api.containers(all=True)), repeat),
        "dockernet": median_ms(reader.snapshot, repeat),
        "dn-cold": median_ms(cold, max(3, repeat // 3)),
        "sdk": median_ms(sdk, max(3, repeat // 3)),
        "containers": len(api.containers(all=True)),
    }
    client.close()
    return result


def row(label: str, n: int, r: dict[str, float]) -> str:
    return (
        f"{label:<7} {n:>5} {r['containers']:>6} {r['raw-lists']:>8.1f}ms {r['dockernet']:>8.1f}ms"
        f" {r['dn-cold']:>7.1f}ms {r['sdk']:>7.1f}ms   {r['sdk'] / r['dockernet']:>12.1f}x"
        f"  {r['dockernet'] / r['raw-lists']:>12.2f}x"
    )


def measure(n: int, repeat: int, latency_ms: float) -> list[str]:
    client = lab_client(timeout=120)
    lab = Lab(client, prefix=f"dnbench{n}-")
    rows = []
    try:
        populate(lab, n)
        rows.append(row("local", n, measure_on(LAB_HOST, repeat)))
        with tempfile.TemporaryDirectory() as tmp:
            proxy = UnixProxy(LAB_HOST.removeprefix("unix://"), f"{tmp}/remote.sock", latency_ms / 1000)
            try:
                rows.append(row(f"+{latency_ms:g}ms", n, measure_on(proxy.url, max(3, repeat // 3))))
            finally:
                proxy.close()
        return rows
    finally:
        lab.cleanup()
        client.close()


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 300]
    header = f"{'engine':<7} {'N':>5} {'total':>6} {'raw-lists':>10} {'dockernet':>10} {'dn-cold':>9} {'sdk':>9}"
    print(header + "   sdk/dockernet  dockernet/raw", flush=True)
    for n in sizes:
        for line in measure(n, repeat=15, latency_ms=20):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
