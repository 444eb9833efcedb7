"""Thread workers never hold up quitting.

Textual runs thread workers in the event loop's default executor, and both `asyncio.run` and the
interpreter's exit join that executor's threads: one worker blocked on a hung engine would keep
`q` from ending the program until its request timed out. `QuitSafeExecutor` runs each job in a
daemon thread of its own instead; on shutdown it gives the jobs still running a short grace (a
write under way usually completes in it) and then lets the process go. The App installs it as
its loop's default executor when it loads (`asyncio`'s public `set_default_executor`).

Requests still time out by themselves (`tui.engine.connect`), so no thread stays blocked for
good while the App runs; this only keeps quitting from waiting for them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

GRACE_SECONDS = 0.5


class QuitSafeExecutor(ThreadPoolExecutor):
    """An executor whose jobs run in daemon threads and whose shutdown waits at most `grace` seconds."""

    def __init__(self, grace: float = GRACE_SECONDS) -> None:
        super().__init__(max_workers=1, thread_name_prefix="dockernet")  # its own pool is never used
        self.grace = grace
        self.running: set[threading.Thread] = set()
        self.guard = threading.Lock()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()

        def job() -> None:
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        result = fn(*args, **kwargs)
                    except BaseException as exc:
                        future.set_exception(exc)
                    else:
                        future.set_result(result)
            finally:
                with self.guard:
                    self.running.discard(thread)

        thread = threading.Thread(target=job, name="dockernet-worker", daemon=True)
        with self.guard:
            self.running.add(thread)
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Wait up to `grace` seconds for the jobs under way, then leave any still blocked behind."""
        if not wait:
            return
        deadline = time.monotonic() + self.grace
        with self.guard:
            threads = list(self.running)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
