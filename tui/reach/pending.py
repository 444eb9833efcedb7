"""A verdict on an early snapshot: the inspects it needs may still be on their way.

A first load shows the list calls' snapshot at once and the inspects fill it in (`Snapshot.pending`
names the containers not inspected yet). Addresses, networks and their options come from the
lists, but names (aliases, links, --add-host, hostnames) and a `container:X` joiner's start time
come from inspects: until they arrive a verdict would say "by no name", or offer a fix, where
the full snapshot may say otherwise. Such a verdict says so instead, and offers no fix.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from tui.model.snapshot import Snapshot

if TYPE_CHECKING:  # verdict.py calls `provisional` on every verdict it makes
    from tui.reach.verdict import Verdict


def loading_text(snap: Snapshot) -> str:
    count = len(snap.pending)
    which = "1 container" if count == 1 else f"{count} containers"
    return (
        f"details loading: dockernet is still reading {which} (aliases, links, --add-host, hostnames, start "
        "times); names may be missing and this verdict may change when they arrive"
    )


def provisional(snap: Snapshot, v: Verdict) -> Verdict:
    """`v` as it stands while details are loading (unchanged once every inspect has arrived)."""
    if not snap.pending:
        return v
    return dataclasses.replace(v, pending=True, warnings=(loading_text(snap), *v.warnings), fixes=(), fix_actions=())
