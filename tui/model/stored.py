"""Raw inspect data from a stored topology (the demo or a snapshot file), for the raw inspect view.

A raw snapshot holds the `GET /networks` items and a container inspect per container id; with
no live engine these are what `docker ... inspect` would have shown when it was recorded.
"""

from __future__ import annotations

from typing import Any

from tui.model.parse import Raw


def stored_inspect(raw: Raw, kind: str, object_id: str) -> dict[str, Any] | None:
    """The stored JSON of one network or container, or None if the file does not hold it."""
    if kind == "network":
        return next((n for n in raw.get("networks") or [] if isinstance(n, dict) and n.get("Id") == object_id), None)
    inspects = raw.get("inspects") or {}
    found = inspects.get(object_id) if isinstance(inspects, dict) else None
    if isinstance(found, dict):
        return found
    return next((c for c in raw.get("containers") or [] if isinstance(c, dict) and c.get("Id") == object_id), None)
