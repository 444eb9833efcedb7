"""Requests side by side, so a remote engine's round trips overlap instead of adding up.

Through a link adding 20 ms per request, 300 container inspects one after another take 7 s; 24
at a time take about half a second (docs/performance.md). The calls run on daemon threads made
for the batch (the caller's own thread among them): a read blocked on a hung engine never holds
up quitting, and nothing outlives the batch. Every request still times out by itself
(`tui.engine.connect`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Requests in flight at once. 300 inspects through 20 ms took 0.65 s at 16, 0.52 s at 24, 0.45 s
# at 32 (docs/performance.md): past ~24 the engine's own pace (~1 inspect per ms on a small machine)
# and ours count more than the round trips. Every client's connection pool must hold that many
# (`tui.engine.connect.open_client`), or urllib3 discards connections.
WIDTH = 24
# Over ssh each connection is an `ssh … docker system dial-stdio` process with its own handshake,
# and sshd drops unauthenticated connections beyond MaxStartups (10 by default): fewer.
SSH_WIDTH = 4


def width_for(base_url: str) -> int:
    return SSH_WIDTH if base_url.startswith("ssh://") else WIDTH


def run_all(calls: Sequence[Callable[[], T]], width: int = WIDTH) -> list[T | Exception]:
    """Each call's result (or the exception it raised), in the calls' order, at most `width` at a time."""
    results: list[T | Exception] = [Exception("not run")] * len(calls)
    todo = iter(range(len(calls)))
    guard = threading.Lock()

    def work() -> None:
        while True:
            with guard:
                index = next(todo, None)
            if index is None:
                return
            try:
                results[index] = calls[index]()
            except Exception as exc:  # handed to the caller, which decides (404: gone, 403: refused …)
                results[index] = exc

    helpers = [
        threading.Thread(target=work, name="dockernet-read", daemon=True) for _ in range(min(width, len(calls)) - 1)
    ]
    for thread in helpers:
        thread.start()
    work()
    for thread in helpers:
        thread.join()
    return results
