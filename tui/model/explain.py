"""Plain-language notes on what a network driver or a container's network mode means in practice.

Pure text, chosen from a `Snapshot`: the Explain screen shows the notes for the selected item
and lists every topic, so each concept of Docker networking is a couple of keys away.
"""

from __future__ import annotations

from tui.model.addressing import bridge_name
from tui.model.options import ICC_OPTION, option_is_false
from tui.model.sanitize import clean
from tui.model.snapshot import Container, Network, Snapshot
from tui.model.topics import TOPIC_LIST, Topic

SWARM_TASK_ID = "com.docker.swarm.task.id"


TOPICS: dict[str, Topic] = {t.id: t for t in TOPIC_LIST}


def network_topics(network: Network) -> list[str]:
    driver = network.driver
    ids: list[str] = []
    if driver == "bridge":
        ids += ["bridge", "default-bridge" if network.is_default_bridge else "user-bridge"]
        ids += ["link"] if network.is_default_bridge else ["dns"]
        if option_is_false(dict(network.options), ICC_OPTION):
            ids.append("icc")
        ids.append("ports")
    elif driver == "host":
        ids.append("host")
    elif driver == "null":
        ids.append("none")
    elif driver == "overlay" and network.ingress:
        ids += ["overlay", "ingress", "routing-mesh"]
    elif driver == "overlay":
        ids += ["overlay", "dns"] + (["service-vip"] if network.scope == "swarm" else [])
    elif driver in ("macvlan", "ipvlan"):
        ids += [driver, "dns"]
    if network.internal:
        ids.append("internal")
    return ids


def container_topics(container: Container, snap: Snapshot) -> list[str]:
    mode = container.network_mode
    ids: list[str] = []
    if mode == "host":
        ids.append("host")
    elif mode == "none":
        ids.append("none")
    elif container.namespace_target is not None:
        ids.append("container-mode")
    endpoints = snap.endpoints_of(container.id)
    for ep in endpoints:
        net = snap.network(ep.network_id) or snap.network(ep.network_name, engine=container.engine)
        if net is not None:
            ids += [t for t in network_topics(net) if t not in ids and t not in ("host", "none")]
    if len([e for e in endpoints if e.network_name not in ("host", "none")]) > 1:
        ids.append("connect")
    linked = any(container.id in (link.source_id, link.target_id) for link in snap.links)
    if linked and "link" not in ids:
        ids.append("link")
    if container.extra_hosts:
        ids.append("add-host")
    if SWARM_TASK_ID in dict(container.labels) and "swarm-task" not in ids:
        ids.append("swarm-task")
    if not container.running and mode not in ("host", "none"):
        ids.append("stopped")
    return ids


def _network_lead(network: Network) -> str:
    name = clean(network.name)
    if network.driver == "bridge":
        kind = "the default bridge" if network.is_default_bridge else "a user-defined bridge"
        return f"{name} is {kind}: on the host it is the Linux bridge {clean(bridge_name(network))}."
    if network.driver == "host":
        return f"{name} is the host network: members use the host's own network stack."
    if network.driver == "null":
        return f"{name} is the none network: members have only a loopback interface."
    if network.driver in ("macvlan", "ipvlan"):
        parent = clean(dict(network.options).get("parent")) or "(no parent set: a dummy interface)"
        return f"{name} is a {network.driver} network on the parent interface {parent}."
    if network.driver == "overlay" and network.ingress:
        return f"{name} is the swarm's ingress network: the routing mesh that carries published ports."
    if network.driver == "overlay":
        return f"{name} is an overlay network (scope {clean(network.scope)}), attachable: {network.attachable}."
    return f"{name} uses the {clean(network.driver)} driver (a plugin or a driver dockernet has no note for)."


def _container_lead(container: Container, snap: Snapshot) -> str:
    name = clean(container.name)
    target = container.namespace_target
    if container.network_mode == "host":
        return f"{name} runs in host mode: it shares the host's network stack, with no NAT."
    if container.network_mode == "none":
        return f"{name} runs with --net=none: it has only lo."
    if target is not None:
        other = snap.container(target)
        shown = clean(other.name if other else target[:12])
        return f"{name} shares the network namespace of {shown}: same IP and ports, they talk over lo."
    nets = [clean(e.network_name) for e in snap.endpoints_of(container.id)]
    if not nets:
        return f"{name} is on no network."
    return f"{name} is on {len(nets)} network{'s' if len(nets) > 1 else ''}: {', '.join(nets)}."


def explain_network(network: Network, snap: Snapshot | None = None) -> list[tuple[str, str]]:
    """(title, text) notes for a network: a first line about it, then its topics.

    With the snapshot, an overlay also gets what the swarm says about it: the nodes its members
    run on, its services' VIPs, and, for ingress, which ports the routing mesh publishes where.
    """
    notes = [("In short", _network_lead(network))]
    if snap is not None and network.scope == "swarm":
        notes += _swarm_notes(network, snap)
    return notes + [(TOPICS[t].title, TOPICS[t].text) for t in network_topics(network)]


def _swarm_notes(network: Network, snap: Snapshot) -> list[tuple[str, str]]:
    """This overlay in this swarm: members per node, services and their VIPs, the mesh's ports."""
    notes: list[tuple[str, str]] = []
    per_node: dict[str, list[str]] = {}
    for e in snap.members_of(network.id):
        c = snap.container(e.container_id)
        if c is None:
            continue
        node = snap.swarm_node_of(c)
        where = f"{node.hostname or node.short_id} ({node.role}, {node.addr})" if node else c.engine or "this engine"
        per_node.setdefault(where, []).append(c.name)
    if per_node:
        text = "; ".join(f"on {w}: {', '.join(sorted(names))}" for w, names in sorted(per_node.items()))
        notes.append(("Where its members run", clean(text, 2000)))
    swarm = snap.swarm
    if swarm is None:
        return notes
    services = [s for s in swarm.services if any(net == network.id for net, _ in s.vips)]
    if network.ingress:
        nodes = [n.addr for n in swarm.nodes if n.addr]
        lines = []
        for svc in swarm.services:
            for p in svc.ports:
                if p.published_port is None:
                    continue
                if p.publish_mode == "host":
                    lines.append(f"{svc.name}: {p} only on the nodes running its tasks (host mode, no mesh)")
                else:
                    at = ", ".join(f"{a}:{p.published_port}" for a in nodes) or f"every node at {p.published_port}"
                    lines.append(f"{svc.name}: {p} on every node ({at}), to a task on any node")
        notes.append(("The routing mesh here", clean("; ".join(lines) or "no service publishes a port", 2000)))
    elif services:
        text = "; ".join(
            f"{svc.name} at VIP {svc.vip_on(network.id)} ({svc.mode}"
            f"{f', {svc.replicas} replicas' if svc.replicas is not None else ''})"
            for svc in services
        )
        notes.append(("Services on it", clean(text, 2000)))
    return notes


def explain_container(container: Container, snap: Snapshot) -> list[tuple[str, str]]:
    """(title, text) notes for a container: its mode in one line, then its topics."""
    return [("In short", _container_lead(container, snap))] + [
        (TOPICS[t].title, TOPICS[t].text) for t in container_topics(container, snap)
    ]


def all_topics() -> list[Topic]:
    return list(TOPIC_LIST)
