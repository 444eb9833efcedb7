"""Where everything goes on the topology map, nwdiag style: networks as buses, containers as boxes.

Pure: a `Snapshot` and its graph in, a `Plan` out (what is visible, in which order, where).
Each visible network is a horizontal bus on its own row band, labelled in a left gutter; each
container is a box hanging under the first bus it is on, with one vertical line reaching every
bus it is attached to. Containers sharing another's namespace (`--net=container:X`) sit beside X.
Boxes are packed into columns (tracks) that bands reuse, so 50 containers on 10 networks stay a
few screens wide. When the snapshot spans a swarm (or several engines), a band's boxes are grouped
by the node (engine) they run on, bracketed under the boxes, so an overlay shows which members sit
on which node. Drawing the plan is `tui.topomap.draw`; the public entry is `tui.topomap.layout`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from tui.model.graph import edges_of_kind
from tui.model.snapshot import Container, Network, Snapshot
from tui.topomap.model import NO_NETWORK, Bus, MapOptions, Plan, Unit
from tui.topomap.tracks import pack_tracks


def _root(cid: str, target: dict[str, str]) -> str:
    seen = {cid}
    while cid in target and target[cid] not in seen:
        cid = target[cid]
        seen.add(cid)
    return cid


def _net_project(net: Network, members: list[str], containers: dict[str, Container]) -> str:
    """A network's Compose project: its label, else the one project all its Compose members share."""
    if net.compose_project:
        return net.compose_project
    projects = {containers[c].compose_project for c in members if c in containers} - {""}
    return projects.pop() if len(projects) == 1 else ""


def _address(net: Network, ipv4: str | None, ipv6: str | None) -> str:
    if ipv4:
        return ipv4.split("/", 1)[0]
    if net.driver == "host":
        return "host IPs"
    if net.driver == "null":
        return "lo only"
    return ipv6.split("/", 1)[0] if ipv6 else "no IP"


class _Facts:
    """The snapshot indexed the way planning needs it."""

    def __init__(self, snap: Snapshot, g: nx.MultiDiGraph[str]) -> None:
        self.containers = {c.id: c for c in snap.containers}
        self.nets = {n.id: n for n in snap.networks}
        self.members: dict[str, list[str]] = {}  # network id -> member container ids
        self.own: dict[str, list[tuple[str, dict[str, Any]]]] = {}  # container id -> (network id, edge data)
        for cid, nid, d in edges_of_kind(g, "member"):
            self.members.setdefault(nid, []).append(cid)
            self.own.setdefault(cid, []).append((nid, d))
        target = {src: dst for src, dst, _ in edges_of_kind(g, "namespace")}
        self.joined: dict[str, list[Container]] = {}  # root -> containers sharing its namespace
        self.unit_projects: dict[str, set[str]] = {}  # root -> Compose projects in its unit
        for cid, c in self.containers.items():
            root = _root(cid, target)
            if root != cid:
                self.joined.setdefault(root, []).append(c)
            self.unit_projects.setdefault(root, set()).add(c.compose_project)
        self.projects = {
            nid: _net_project(n, self.members.get(nid, []), self.containers) for nid, n in self.nets.items()
        }
        self.links = [(s, t, d["alias"]) for s, t, d in edges_of_kind(g, "link")]
        self.nodes = {cid: node_label(snap, c) for cid, c in self.containers.items()}


def node_label(snap: Snapshot, c: Container) -> str:
    """Where a container runs, when the map spans a swarm (its node) or several engines (its engine).

    Several nodes may share a hostname (clones, test labs), so the address is part of the label.
    """
    node = snap.swarm_node_of(c)
    if node is not None:
        return " · ".join(x for x in (node.hostname or node.short_id, node.role, node.addr) if x)
    if snap.multi_engine and c.engine:
        return f"engine {c.engine}"
    return ""


def _choose(facts: _Facts, options: MapOptions) -> tuple[list[Bus], set[str]]:
    """The buses to draw, in order, and the unit roots to draw."""
    focus = options.focus.partition(":")[2] if options.focus else None
    focus = focus if focus in facts.nets else None
    roots = set(facts.unit_projects)
    if options.project is not None:
        roots = {r for r in roots if options.project in facts.unit_projects[r]}
    if focus:
        roots &= set(facts.members.get(focus, []))
    shown = [n for n in facts.nets.values() if focus is None or n.id == focus]
    if options.project is not None:
        used = {nid for nid, ms in facts.members.items() if roots.intersection(ms)}
        shown = [n for n in shown if n.id in used or facts.projects[n.id] == options.project]

    def order(n: Network) -> tuple[tuple[bool, str], bool, str, str]:
        project = facts.projects[n.id]
        group = (project == "", project) if options.group_by_project else (False, "")
        return (group, n.is_builtin != options.builtin_first, n.name, n.id)

    buses = [Bus(n, group=facts.projects[n.id]) for n in sorted(shown, key=order)]
    for b in buses:
        b.collapsed = b.node in options.collapsed
    return buses, roots


def _units(facts: _Facts, buses: list[Bus], roots: set[str]) -> list[Unit]:
    """One unit per drawn root, attached to its drawn buses; roots only on collapsed buses fold away."""
    index = {b.net.id: i for i, b in enumerate(buses) if b.net}
    units: list[Unit] = []
    for root in sorted(roots, key=lambda r: (facts.containers[r].name, r)):
        attached: dict[int, str] = {}
        folded = False
        for nid, d in facts.own.get(root, []):
            if nid not in index:
                continue
            bus = buses[index[nid]]
            bus.hidden += bus.collapsed
            folded |= bus.collapsed
            if not bus.collapsed:
                attached[index[nid]] = _address(facts.nets[nid], d.get("ipv4"), d.get("ipv6"))
        if folded and not attached:
            continue
        joiners = sorted(facts.joined.get(root, []), key=lambda c: (c.name, c.id))
        unit = Unit([facts.containers[root], *joiners], sorted(attached) or [len(buses)], attached)
        named = sorted(facts.unit_projects[root] - {""})
        unit.group = named[0] if named else ""
        unit.node = facts.nodes.get(root, "")
        units.append(unit)
    return units


def plan_map(snap: Snapshot, g: nx.MultiDiGraph[str], options: MapOptions) -> Plan:
    """Choose what is visible, order buses, group containers into units and pack them into tracks."""
    facts = _Facts(snap, g)
    buses, roots = _choose(facts, options)
    units = _units(facts, buses, roots)
    if len({u.node for u in units} - {""}) < 2:  # one node (or none) shown: nothing to tell apart
        for u in units:
            u.node = ""
    if any(u.top == len(buses) for u in units):
        buses.append(Bus(None))
    for u in units:
        buses[u.top].units.append(u)

    box_of = {c.id: (u, i) for u in units for i, c in enumerate(u.boxes)}
    links = [link for link in facts.links if link[0] in box_of]
    cluster: dict[str, str] = {}  # linked roots in one band -> a shared sort name, to sit side by side
    for s, t, alias in sorted(links, key=lambda x: (facts.containers[x[0]].name, x[2])):
        buses[box_of[s][0].top].lanes.append((s, t, alias))
        if t in box_of and box_of[t][0].top == box_of[s][0].top:
            a, b = box_of[s][0].boxes[0], box_of[t][0].boxes[0]
            cluster[a.id] = cluster[b.id] = min(cluster.get(a.id, a.name), cluster.get(b.id, b.name))

    gutter = _gutter_width(buses)
    x0 = gutter + 3
    pack_tracks(units, options, x0, cluster)
    return Plan(buses, units, facts.containers, box_of, links, gutter, x0, options)


def gutter_lines(bus: Bus) -> list[tuple[str, str]]:
    """The label beside a bus, one (text, role) per row: name, driver, subnets, flags."""
    if bus.net is None:
        return [(NO_NETWORK, "label")]
    n = bus.net
    lines = [(n.name, "label")]
    if bus.collapsed:
        return lines
    lines.append((n.driver + (f" · {n.scope}" if n.scope not in ("", "local") else ""), "meta"))
    if n.engine and n.scope != "swarm":  # several engines: whose bridge (host, none) this is
        lines.append((f"@ {n.engine}", "meta"))
    lines += [(s, "meta") for s in n.subnets]
    flags = [f for f, on in (("internal", n.internal), ("attachable", n.attachable), ("IPv6", n.ipv6)) if on]
    if flags:
        lines.append((" ".join(flags), "note"))
    return lines


def _gutter_width(buses: list[Bus]) -> int:
    widest = max((len(text) for b in buses for text, _ in gutter_lines(b)), default=10)
    return max(12, min(widest, 22))
