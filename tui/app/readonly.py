"""Why dockernet is read-only, and one read-only toast at a time.

A new user pressing `n` in the demo got a toast per key press, each naming every possible
cause. One toast saying the actual cause is clearer, and a stack of identical toasts hides the
table. Textual's `notify` cannot replace a toast through public API, so `ReadOnlyToast` only
shows a new one once the last has timed out.
"""

from __future__ import annotations

import time

from tui.app.launch import Launch
from tui.model.snapshot import Snapshot

TOAST_SECONDS = 4.0


def read_only_reason(launch: Launch, snapshot: Snapshot) -> str:
    """What made this session read-only, in a few words ("" when it is not)."""
    if snapshot.source == "demo":
        return "this is the demo (--demo)"
    if snapshot.read_only:
        return "this is a saved snapshot (--snapshot)"
    if not launch.read_only:
        return ""
    return launch.read_only_why or "--read-only was given"


def read_only_text(launch: Launch, snapshot: Snapshot) -> str:
    """The toast's sentence: the cause and that nothing was sent."""
    reason = read_only_reason(launch, snapshot) or "--read-only was given"
    return f"dockernet is read-only: {reason}. No change was sent to the engine."


class ReadOnlyToast:
    """Shows the read-only toast unless the previous one is still on screen."""

    def __init__(self) -> None:
        self.shown_at: float | None = None

    def due(self) -> bool:
        """True (and the time noted) when no read-only toast is showing now."""
        now = time.monotonic()
        if self.shown_at is not None and now - self.shown_at < TOAST_SECONDS:
            return False
        self.shown_at = now
        return True
