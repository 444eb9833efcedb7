"""The topology as a networkx MultiDiGraph, and the queries every view shares.

Pure functions of a `Snapshot`. Node ids are `network:<full id>` and `container:<full id>`, and
with a swarm manager's data `service:<id>` and `swarm-node:<id>`; edge kinds are "member"
(container -> network), "link" (the container whose /etc/hosts holds the entry -> the container
it names), "namespace" (a `--net=container:X` container -> X), "task" (a task's container -> its
service) and "runs-on" (a container -> the swarm node it runs on). Every node carries `engine`,
the label of the engine that reported it ("" in a one-engine snapshot).
The attribute names are the public export contract documented in the README.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import networkx as nx

from tui.model.snapshot import Snapshot


def network_node(network_id: str) -> str:
    return f"network:{network_id}"


def container_node(container_id: str) -> str:
    return f"container:{container_id}"


def service_node(service_id: str) -> str:
    return f"service:{service_id}"


def swarm_node_node(node_id: str) -> str:
    return f"swarm-node:{node_id}"


def build_graph(snap: Snapshot) -> nx.MultiDiGraph[str]:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.graph["engine"] = {
        "host": snap.engine.host,
        "name": snap.engine.name,
        "server_version": snap.engine.server_version,
        "api_version": snap.engine.api_version,
    }
    g.graph["engines"] = list(snap.engines)
    for n in snap.networks:
        g.add_node(
            network_node(n.id),
            kind="network",
            engine=n.engine,
            id=n.id,
            name=n.name,
            driver=n.driver,
            scope=n.scope,
            internal=n.internal,
            attachable=n.attachable,
            ipv6=n.ipv6,
            subnets=n.subnets,
            gateways=n.gateways,
            labels=dict(n.labels),
            options=dict(n.options),
        )
    ids = {c.id for c in snap.containers}
    for c in snap.containers:
        g.add_node(
            container_node(c.id),
            kind="container",
            engine=c.engine,
            id=c.id,
            name=c.name,
            image=c.image,
            state=c.state,
            network_mode=c.network_mode,
            compose_project=c.compose_project,
            compose_service=c.compose_service,
            ports=[str(p) for p in c.ports],
            extra_hosts=list(c.extra_hosts),
        )
    known_networks = {n.id for n in snap.networks}
    for e in snap.endpoints:
        if e.network_id not in known_networks or e.container_id not in ids:
            continue
        g.add_edge(
            container_node(e.container_id),
            network_node(e.network_id),
            key=f"member:{e.network_id}",
            kind="member",
            network=e.network_name,
            ipv4=e.ipv4,
            ipv6=e.ipv6,
            mac=e.mac,
            aliases=list(e.aliases),
        )
    for link in snap.links:
        g.add_edge(
            container_node(link.source_id),
            container_node(link.target_id),
            key=f"link:{link.alias}:{link.network_id}",
            kind="link",
            alias=link.alias,
            network=link.network_id or None,
        )
    for c in snap.containers:
        target = c.namespace_target
        if target is None:
            continue
        joined = snap.container(target, engine=c.engine)
        if joined is not None:
            g.add_edge(container_node(c.id), container_node(joined.id), key="namespace", kind="namespace")
    _add_swarm(g, snap)
    return g


def _add_swarm(g: nx.MultiDiGraph[str], snap: Snapshot) -> None:
    """Services, swarm nodes, and the task / runs-on edges, when a manager told us the swarm."""
    swarm = snap.swarm
    if swarm is None:
        return
    names = {n.id: n.name for n in snap.networks}
    for node in swarm.nodes:
        g.add_node(
            swarm_node_node(node.id),
            kind="swarm-node",
            engine=node.engine,
            id=node.id,
            name=node.hostname,
            hostname=node.hostname,
            role=node.role,
            availability=node.availability,
            state=node.state,
            addr=node.addr,
            leader=node.leader,
        )
    for svc in swarm.services:
        g.add_node(
            service_node(svc.id),
            kind="service",
            engine=swarm.manager_engine,
            id=svc.id,
            name=svc.name,
            mode=svc.mode,
            replicas=svc.replicas,
            endpoint_mode=svc.endpoint_mode,
            image=svc.image,
            vips={names.get(net, net): addr.split("/", 1)[0] for net, addr in svc.vips},
            ports=[str(p) for p in svc.ports],
        )
    services = {s.id for s in swarm.services}
    for task in swarm.tasks:
        source = container_node(task.container_id)
        if not task.container_id or source not in g or task.service_id not in services:
            continue
        g.add_edge(
            source,
            service_node(task.service_id),
            key=f"task:{task.id}",
            kind="task",
            task=task.id,
            slot=task.slot,
            state=task.state,
            node=task.node_id,
        )
    for c in snap.containers:
        where = snap.swarm_node_of(c)
        if where is not None:
            g.add_edge(container_node(c.id), swarm_node_node(where.id), key="runs-on", kind="runs-on")


def edges_of_kind(g: nx.MultiDiGraph[str], kind: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(source docker id, target docker id, edge attributes) of every edge of one kind."""
    return [(g.nodes[u]["id"], g.nodes[v]["id"], d) for u, v, d in g.edges(data=True) if d.get("kind") == kind]


def containers_of(g: nx.MultiDiGraph[str], network_id: str) -> list[str]:
    """Container ids that are members of the network."""
    node = network_node(network_id)
    if node not in g:
        return []
    return sorted(g.nodes[u]["id"] for u, _, d in g.in_edges(node, data=True) if d.get("kind") == "member")


def networks_of(g: nx.MultiDiGraph[str], container_id: str) -> list[str]:
    """Network ids the container is a member of (its own endpoints, not a joined namespace)."""
    node = container_node(container_id)
    if node not in g:
        return []
    return sorted(g.nodes[v]["id"] for _, v, d in g.out_edges(node, data=True) if d.get("kind") == "member")


def neighbours(g: nx.MultiDiGraph[str], container_id: str) -> dict[str, list[str]]:
    """Other containers sharing a network with this one: {container id: [network ids shared]}."""
    result: dict[str, list[str]] = {}
    for net in networks_of(g, container_id):
        for other in containers_of(g, net):
            if other != container_id:
                result.setdefault(other, []).append(net)
    return result


def namespace_joiners(g: nx.MultiDiGraph[str], container_id: str) -> list[str]:
    """Containers started with `--net=container:<this>`."""
    node = container_node(container_id)
    if node not in g:
        return []
    return sorted(g.nodes[u]["id"] for u, _, d in g.in_edges(node, data=True) if d.get("kind") == "namespace")


def links_from(g: nx.MultiDiGraph[str], container_id: str) -> list[tuple[str, str]]:
    """(target id, alias) for every link entry in this container's /etc/hosts."""
    node = container_node(container_id)
    if node not in g:
        return []
    return [(g.nodes[v]["id"], d["alias"]) for _, v, d in g.out_edges(node, data=True) if d.get("kind") == "link"]


def overlapping(snap: Snapshot, subnet: str) -> list[tuple[str, str]]:
    """(network name, its subnet) of existing networks overlapping `subnet`."""
    try:
        wanted = ipaddress.ip_network(subnet, strict=False)
    except ValueError:
        return []
    hits = []
    for n in snap.networks:
        for s in n.subnets:
            try:
                net = ipaddress.ip_network(s, strict=False)
            except ValueError:
                continue
            if net.version == wanted.version and net.overlaps(wanted):
                hits.append((n.name, s))
    return hits
