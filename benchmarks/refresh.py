#!/usr/bin/env python3
"""Refresh cost side by side on the real lab engine: dockernet vs the raw list calls vs the SDK.

Creates N containers (lab-labelled, removed afterwards), then times, in the same run:
  raw-lists   GET /networks + GET /containers/json?all=1 (the floor: what any tool must fetch)
  dockernet   EngineReader.snapshot() in steady state (cache warm: two requests + parsing)
  dn-cold     EngineReader.snapshot() with an empty inspect cache (first load: N inspects)
  sdk         docker SDK high-level containers.list(all=True) + networks.list(greedy=True)
Prints medians and ratios. Usage: scripts/docker-lab start; python benchmarks/refresh.py 100 300
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lab import LAB_HOST, Lab, lab_client
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


def measure(n: int, repeat: int) -> dict[str, float]:
    client = lab_client(timeout=120)
    lab = Lab(client, prefix=f"dnbench{n}-")
    try:
        populate(lab, n)
        api = client.api
        reader = EngineReader(EngineTarget(LAB_HOST))
        reader.snapshot()  # warm the inspect cache

        def cold() -> None:
            reader.invalidate()
            reader.snapshot()

        result = {
            "raw-lists": median_ms(lambda: (api.networks(), api.containers(all=True)), repeat),
            "dockernet": median_ms(reader.snapshot, repeat),
            "dn-cold": median_ms(cold, max(3, repeat // 3)),
            "sdk": median_ms(lambda: (client.containers.list(all=True), client.networks.list(greedy=True)), repeat),
        }
        result["containers"] = len(api.containers(all=True))
        return result
    finally:
        lab.cleanup()
        client.close()


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 300]
    header = f"{'N':>5} {'total':>6} {'raw-lists':>10} {'dockernet':>10} {'dn-cold':>9} {'sdk':>9}"
    print(header + "   sdk/dockernet  dockernet/raw")
    for n in sizes:
        r = measure(n, repeat=15)
        print(
            f"{n:>5} {r['containers']:>6} {r['raw-lists']:>8.1f}ms {r['dockernet']:>8.1f}ms {r['dn-cold']:>7.1f}ms"
            f" {r['sdk']:>7.1f}ms   {r['sdk'] / r['dockernet']:>12.1f}x  {r['dockernet'] / r['raw-lists']:>12.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
