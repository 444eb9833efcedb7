"""One plain line about the node selected on the topology map: what it is and its addresses.

Pure, so the wording is tested without a terminal; every engine string passes through `clean`.
"""

from __future__ import annotations

import networkx as nx

from tui.model.graph import links_from, namespace_joiners
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.topomap.model import MapOptions
from tui.topomap.plan import node_label

SEP = "  ·  "


def describe_node(snap: Snapshot, g: nx.MultiDiGraph[str], node: str | None) -> str:
    """`network appnet  ·  bridge 172.28.0.0/24 gw …  ·  3 containers`, or the container's equivalent."""
    kind, _, ident = (node or "").partition(":")
    if kind == "network" and (net := snap.network(ident)):
        parts = [f"network {clean(net.name)}", " ".join([net.driver, *net.subnets])]
        if net.gateways:
            parts.append("gateway " + ", ".join(net.gateways))
        count = len({e.container_id for e in snap.members_of(net.id)})
        parts.append(f"{count} container{'' if count == 1 else 's'}")
        parts += [flag for flag, on in (("internal", net.internal), ("attachable", net.attachable)) if on]
        if net.scope == "swarm" and snap.swarm is not None:
            nodes = {
                n.id
                for e in snap.members_of(net.id)
                if (c := snap.container(e.container_id))
                if (n := snap.swarm_node_of(c)) is not None
            }
            parts.append(f"members on {len(nodes)} swarm node{'' if len(nodes) == 1 else 's'}")
        elif net.engine and net.scope != "swarm":
            parts.append(f"engine {clean(net.engine)}")
        if net.driver == "host":
            parts.append("host network stack (no isolation, no NAT)")
        elif net.driver == "null":
            parts.append("loopback only")
        return SEP.join(parts)
    if kind == "container" and (c := snap.container(ident)):
        parts = [f"container {clean(c.name)}", clean(c.state) or "unknown state"]
        if c.compose_project:
            parts.append(f"compose {clean(c.compose_project)}/{clean(c.compose_service)}")
        if label := node_label(snap, c):
            parts.append(f"on {clean(label)}")
        for e in snap.endpoints_of(c.id):
            net = snap.network(e.network_id)
            quiet = {"host": "(the host's own addresses)", "null": "(loopback only)"}.get(net.driver if net else "")
            parts.append(f"{clean(e.network_name)} {e.ipv4 or e.ipv6 or quiet or 'no address'}")
        if target := c.namespace_target:
            owner = snap.container(target)
            parts.append(f"shares the network namespace of {clean(owner.name) if owner else target[:12]}")
        joiners = [snap.container(j) for j in namespace_joiners(g, c.id)]
        if joiners:
            parts.append("namespace shared by " + ", ".join(clean(j.name) for j in joiners if j))
        for target_id, alias in links_from(g, c.id):
            other = snap.container(target_id)
            parts.append(f"--link {clean(alias)} → {clean(other.name) if other else target_id[:12]}")
        return SEP.join(parts)
    return "nothing selected"


def describe_view(snap: Snapshot, options: MapOptions) -> str:
    """What the map is narrowed to, e.g. `only network appnet (f shows all)  ·  2 collapsed (c)`."""
    parts = []
    if options.focus and (net := snap.network(options.focus.partition(":")[2])):
        parts.append(f"only network {clean(net.name)} (f shows all)")
    if options.collapsed:
        parts.append(f"{len(options.collapsed)} collapsed (c expands)")
    if options.project:
        parts.append(f"project {clean(options.project)}")
    if options.group_by_project:
        parts.append("grouped by project (P)")
    return SEP.join(parts)
