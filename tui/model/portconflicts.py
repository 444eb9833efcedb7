"""Conflicts and surprises among host ports, for `tui.model.ports`.

A host port can be bound once per address (every address of a family overlaps each of its
addresses), per host: a stopped container that wants a port another holds cannot start, and the
engine says so in its `State.Error`. A swarm's routing mesh holds its ports on every node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.model.portfacts import WILDCARDS, PortConflict, PortRow, family_of
from tui.model.snapshot import Container, Snapshot

# What the engine says when a host port is taken ("Bind for 0.0.0.0:18080 failed: port is already
# allocated" from its own allocator, "address already in use" when another program holds it).
PORT_ERROR = re.compile(r"port is already allocated|address already in use", re.IGNORECASE)
BIND_FOR = re.compile(r"(?:Bind for |listen tcp[46]? |listen udp[46]? )\[?([0-9a-fA-F.:]*?)\]?:(\d+)")


def _overlap(a: str, b: str) -> bool:
    """Two host addresses one port cannot be bound on twice: equal, or one is every address of its family."""
    if a == b or a == "" or b == "":
        return True
    fam_a, fam_b = family_of(a), family_of(b)
    return fam_a == fam_b and (a in WILDCARDS or b in WILDCARDS)


def _on_mesh(snap: Snapshot, c: Container) -> bool:
    return snap.swarm is not None and snap.swarm_node_of_engine(c.engine) is not None


def find_conflicts(
    snap: Snapshot, held: list[PortRow], wanted: list[PortRow], containers: Iterable[Container]
) -> list[PortConflict]:
    by_id = {c.id: c for c in containers}
    found: list[PortConflict] = []
    blocked: set[str] = set()
    for w in wanted:
        if w.host_port is None:
            continue
        c = by_id[w.container_id]
        for h in held:
            same_host = h.engine == w.engine or (h.exposure == "ingress" and _on_mesh(snap, c))
            if not same_host or (h.host_port, h.proto) != (w.host_port, w.proto) or not _overlap(h.host_ip, w.host_ip):
                continue
            holder = f"service {h.service} (routing mesh)" if h.exposure == "ingress" else h.container
            detail = (
                f"{w.container} wants host port {w.host_side}/{w.proto}, which {holder} holds: "
                f"{w.container} cannot start while it does"
            )
            found.append(
                PortConflict(
                    "taken",
                    c.id,
                    c.name,
                    c.engine,
                    w.host_ip,
                    w.host_port,
                    w.proto,
                    holder,
                    h.container_id,
                    c.error,
                    detail,
                )
            )
            blocked.add(c.id)
            break
    for i, a in enumerate(wanted):
        for b in wanted[i + 1 :]:
            if a.container_id == b.container_id or a.engine != b.engine or a.host_port is None:
                continue
            if (a.host_port, a.proto) == (b.host_port, b.proto) and _overlap(a.host_ip, b.host_ip):
                detail = (
                    f"{a.container} and {b.container} both want host port {a.host_port}/{a.proto}: "
                    "only one of them can run at a time"
                )
                found.append(
                    PortConflict(
                        "contended",
                        a.container_id,
                        a.container,
                        a.engine,
                        a.host_ip,
                        a.host_port,
                        a.proto,
                        b.container,
                        b.container_id,
                        "",
                        detail,
                    )
                )
    for c in by_id.values():
        if c.running or c.id in blocked or not PORT_ERROR.search(c.error):
            continue
        m = BIND_FOR.search(c.error)
        ip, port = (m.group(1), int(m.group(2))) if m else ("", None)
        proto = next((w.protocol for w in c.wanted_ports if w.host_port == port), "tcp")
        where = f"{ip or '*'}:{port}" if port else "its host port"
        detail = (
            f"{c.name} did not start: the engine could not bind {where}, and no container dockernet sees "
            "holds it (a program on the host, or another engine there, may)"
        )
        found.append(
            PortConflict("start-failed", c.id, c.name, c.engine, ip, port, proto, error=c.error, detail=detail)
        )
    return found


def firewall_sentence(front_end: str) -> str:
    """Why a host firewall front end (ufw, firewalld) does not filter a published port: Docker's
    DNAT in PREROUTING sends the traffic to FORWARD, past the INPUT chain those tools fill."""
    return f"Docker's published-port rules come before {front_end}: it does not filter this port"


def firewall_surprises(rows: list[PortRow], front_end: str) -> list[PortConflict]:
    found, seen = [], set()
    for r in rows:
        if r.exposure not in ("all", "ingress") or (r.container_id, r.service, r.host_port, r.proto) in seen:
            continue
        seen.add((r.container_id, r.service, r.host_port, r.proto))
        detail = firewall_sentence(front_end)
        found.append(
            PortConflict(
                "firewall", r.container_id, r.container, r.engine, r.host_ip, r.host_port, r.proto, detail=detail
            )
        )
    return found
