"""What every benchmark in the suite reports: one measurement beside the anchor measured in the same run.

A benchmark module exposes `measurements(quick: bool) -> Iterator[Result]`; `benchmarks/suite.py`
runs them and prints one JSON object per line (`--json`) or a table. Targets are ratios, never
absolute times: a slow machine slows the anchor too.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Result:
    """One measured value, its anchor from the same run, and the ratio target it must hold."""

    what: str  # what was measured, e.g. "containers screen first switch, 10k containers"
    value: float
    anchor: str  # what it is compared with, e.g. "bare DataTable with the same 10k rows"
    anchor_value: float
    target: float  # the highest ratio value/anchor_value that holds
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.value / self.anchor_value if self.anchor_value else float("inf")

    @property
    def held(self) -> bool:
        return self.ratio <= self.target

    def json(self) -> str:
        return json.dumps({**asdict(self), "ratio": round(self.ratio, 3), "held": self.held})

    def line(self) -> str:
        mark = "held" if self.held else "MISSED"
        return (
            f"{self.what:<58} {self.value:>9.3f}{self.unit}  vs {self.anchor_value:>9.3f}{self.unit}"
            f"  {self.ratio:>6.2f}x (target <= {self.target:g}x) {mark}   [{self.anchor}]"
        )


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` calls of fn, in seconds."""
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)
