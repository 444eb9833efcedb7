"""What a destructive change takes away, in plain words, from the snapshot the user is looking at.

Shown in the confirm step so "are you sure?" comes with the facts: which addresses, aliases
and neighbours go. Pure functions (no Textual) so they are tested on the demo snapshot.
"""

from __future__ import annotations

from tui.changes.change import DisconnectContainer, PruneNetworks, Ref, RemoveNetwork
from tui.model.sanitize import clean
from tui.model.snapshot import Endpoint, Network, Snapshot

# One line per fact: names pass through `clean`, so a name holding a newline or a terminal escape
# cannot start a line of its own in the confirm step.


def _name(snap: Snapshot, container_id: str) -> str:
    c = snap.container(container_id)
    return clean(c.name if c else container_id[:12])


def _label(ref: Ref) -> str:
    return clean(ref.label)


def endpoint_text(snap: Snapshot, e: Endpoint) -> str:
    """ "web (172.31.5.2, aliases api, backend)" — the container and what it holds on that network."""
    details = [clean(a) for a in (e.ipv4, e.ipv6) if a]
    own = {e.container_id[:12], _name(snap, e.container_id)}
    aliases = [a for a in e.aliases if a not in own]
    if aliases:
        details.append("aliases " + ", ".join(clean(a) for a in aliases))
    c = snap.container(e.container_id)
    if c is not None and not c.running:
        details.append(clean(c.state) or "not running")
    return _name(snap, e.container_id) + (f" ({'; '.join(details)})" if details else "")


def _held(snap: Snapshot, e: Endpoint) -> str:
    """ "its address 172.28.1.3/24 and its aliases api-internal": what an endpoint gives a container."""
    held = [f"its address {clean(a)}" for a in (e.ipv4, e.ipv6) if a]
    own = {e.container_id[:12], _name(snap, e.container_id)}
    aliases = [a for a in e.aliases if a not in own]
    if aliases:
        held.append(f"its alias{'es' if len(aliases) > 1 else ''} {', '.join(clean(a) for a in aliases)}")
    return " and ".join(held) or "its (unused) endpoint"


def network_text(n: Network) -> str:
    facts = [clean(n.driver), *(clean(s) for s in n.subnets)]
    if n.internal:
        facts.append("internal")
    return f"{clean(n.name)} ({', '.join(f for f in facts if f)})"


def disconnect_loss(snap: Snapshot, req: DisconnectContainer) -> str:
    net = snap.network(req.network.id)
    mine = [e for e in snap.endpoints_of(req.container.id) if e.network_id == req.network.id]
    lines = [f"{_label(req.container)} leaves {_label(req.network)}."]
    if mine:
        lines.append(f"It loses {_held(snap, mine[0])} on {_label(req.network)}.")
    joiners = sorted(clean(c.name) for c in snap.containers if c.namespace_target == req.container.id)
    if joiners:
        lines.append(f"So do {', '.join(joiners)}, which share its network namespace (--net=container:).")
    if net is not None:
        others = sorted(
            _name(snap, e.container_id) for e in snap.members_of(net.id) if e.container_id != req.container.id
        )
        if others:
            lines.append(f"It can no longer reach, or be reached by, {', '.join(others)} over this network.")
    remaining = [e for e in snap.endpoints_of(req.container.id) if e.network_id != req.network.id]
    if not remaining:
        lines.append("It will have no network left (loopback only).")
    if req.force:
        lines.append("Forced: the endpoint is removed even if the engine cannot clean it up.")
    return "\n".join(lines)


def remove_loss(snap: Snapshot, req: RemoveNetwork) -> str:
    net = snap.network(req.network.id)
    lines = [f"Removes network {network_text(net) if net else _label(req.network)}."]
    if net is not None and (net.labels or net.options):
        lines.append(f"Its {len(net.labels)} label(s) and {len(net.options)} option(s) go with it.")
    members = {e.container_id: e for e in snap.members_of(req.network.id)}
    if req.disconnect:
        lines.append("First disconnects, losing their address on it:")
        lines += ["  " + (endpoint_text(snap, members[c.id]) if c.id in members else _label(c)) for c in req.disconnect]
    else:
        lines.append("No container is connected to it.")
    return "\n".join(lines)


def prune_loss(snap: Snapshot, req: PruneNetworks) -> str:
    lines = [f"Removes {len(req.networks)} unused network(s); no container uses them:"]
    for ref in req.networks:
        net = snap.network(ref.id)
        lines.append("  " + (network_text(net) if net else _label(ref)))
    return "\n".join(lines)
