"""`Exposure` in words: one line per way in, the rules it passed under it, the notes last.

Shared by `dockernet why host|outside` and the reach screen, so both say the same thing.
"""

from __future__ import annotations

from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.reach.exposure import ANY_HOST_ADDRESS, ANY_HOST_ADDRESS6, Exposure
from tui.reach.outside import HOST_SOURCE, PortPath, owner_of

_ANSWER = {True: "yes", False: "no", None: "unknown"}


def headline(e: Exposure) -> str:
    who = "the host" if e.source == HOST_SOURCE else "another machine"
    ports = ",".join(str(p) for p in e.ports) or "(no port)"
    verdict = {True: "reachable", False: "not reachable", None: "not known"}[e.reachable]
    return clean(f"{who} -> {e.container}:{ports}: {verdict}")


def exposure_lines(snap: Snapshot, e: Exposure) -> list[str]:
    lines = [headline(e)]
    if e.paths:
        lines.append("through the host's addresses:")
        lines += [line for p in e.paths for line in _path(p)]
    if e.direct:
        if e.source == HOST_SOURCE:
            lines.append("at its own address:")
        else:
            subnets = sorted({_subnet(snap, p.attempt.address) for p in e.direct} - {""})
            lines.append(f"at its own address, from a machine that routes {', '.join(subnets)} through this host:")
        lines += [line for p in e.direct for line in _path(p)]
    lines += [f"note: {n}" for n in e.notes]
    return [clean(line, 400) for line in lines]


def path_address(p: PortPath) -> str:
    """ADDRESS:PORT as a user types it (IPv6 bracketed), or "each host address:PORT" when not read."""
    a = p.attempt
    address = f"[{a.address}]" if ":" in a.address else a.address
    if a.address in (ANY_HOST_ADDRESS, ANY_HOST_ADDRESS6):
        address = "each host address" if a.address == ANY_HOST_ADDRESS else "each host IPv6 address"
    return f"{address}:{a.port}"


def _path(p: PortPath) -> list[str]:
    lines = [f"  {path_address(p)}  {_ANSWER[p.reachable]}: {p.reason}"]
    lines += [f"      {step}" for step in p.steps]
    return lines


def _subnet(snap: Snapshot, address: str) -> str:
    where = owner_of(snap, address)
    if where is None:
        return ""
    subnets = [s for s in where[0].subnets if (":" in s) == (":" in address)]
    return subnets[0] if subnets else ""
