"""A recorded container status ("Up 3 seconds") said as of when it was recorded.

The engine's status text is relative to the moment it was read. From the demo or a saved
snapshot, "Up 3 seconds" reads as if the container had just started, days later; so it is
shown with the time the snapshot was taken (a date, not an age: the same snapshot reads the
same tomorrow). Live engines keep the engine's own text.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot


def recorded_status(status: str, snap: Snapshot) -> str:
    """The status as shown: as read from a live engine; with when it was recorded otherwise."""
    text = clean(status)
    if not text or not snap.read_only:
        return text
    if not snap.taken_at:
        return f"{text} when recorded"
    when = datetime.fromtimestamp(snap.taken_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{text} when recorded, {when}"
