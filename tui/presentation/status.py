"""The status line's text, made to fit the terminal's width.

At 80 columns the demo's engine line alone filled the line, so a filter and "read-only" were
cut off the end: the two facts a user most needs to see (why rows are missing, why `n` does
nothing). What the user set (project, filter) and the access word are kept whole; the engine's
version goes first, then the separators narrow, the counts shorten and go, and only then is
the source itself cut.
"""

from __future__ import annotations

import unicodedata

from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot

WIDE, NARROW = "  ·  ", " · "
FILTER_WIDTH = 24


def cell_len(text: str) -> int:
    """Terminal cells `text` takes: wide (East Asian) characters take two (no Rich here)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def engine_parts(snap: Snapshot) -> tuple[str, str, str, str]:
    """(where, version, counts, short counts) of the topology, for the status line."""
    counts = f"{len(snap.networks)} networks, {len(snap.containers)} containers"
    short = f"{len(snap.networks)} nets, {len(snap.containers)} ctrs"
    if snap.multi_engine:  # several engines merged: each by its label, with its version
        engines = ", ".join(
            f"{clean(info.label, limit=30)} ({'Docker ' + clean(info.server_version) if info.server_version else '?'})"
            for info in snap.engine_infos
        )
        return f"{len(snap.engine_infos)} engines: {engines}", "", counts, short
    e = snap.engine
    host = clean(e.host, limit=60)
    sources = {"demo": "demo topology", "snapshot": f"saved snapshot of {host or 'an engine'}"}
    where = sources.get(snap.source, host or "engine")
    version = f"Docker {clean(e.server_version)} (API {clean(e.api_version)})" if e.server_version else ""
    return where, version, counts, short


def status_text(snap: Snapshot, project: str, filter_text: str, access: str, width: int) -> str:
    """The status line in at most `width` cells (the whole line when width is 0: unknown yet)."""
    where, version, counts, short = engine_parts(snap)
    shown_filter = clean(filter_text, limit=FILTER_WIDTH)
    kept = [p for p in (project and f"project {project}", shown_filter and f"filter {shown_filter!r}", access) if p]
    tries = (
        (WIDE, [where, version, counts]),
        (WIDE, [where, counts]),
        (NARROW, [where, counts]),
        (NARROW, [where, short]),
        (NARROW, [where]),
    )
    text = ""
    for sep, parts in tries:
        text = sep.join(p for p in (*parts, *kept) if p)
        if width <= 0 or cell_len(text) <= width:
            return text
    rest = NARROW.join(kept)
    room = width - cell_len(rest) - cell_len(NARROW)
    if room >= 8:
        return f"{clean(where, limit=room)}{NARROW}{rest}"
    return clean(rest, limit=width)
