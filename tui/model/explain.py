"""Plain-language notes on what a network driver or a container's network mode means in practice.

Pure text, chosen from a `Snapshot`: the Explain screen shows the notes for the selected item
and lists every topic, so each concept of Docker networking is a couple of keys away.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.options import ICC_OPTION, option_is_false
from tui.model.sanitize import clean
from tui.model.snapshot import Container, Network, Snapshot

SWARM_TASK_ID = "com.docker.swarm.task.id"


@dataclass(frozen=True)
class Topic:
    """One concept: a short title and a few sentences."""

    id: str
    title: str
    text: str


_TOPICS = [
    Topic(
        "bridge",
        "bridge driver: a virtual switch on this host",
        "Each container gets its own network namespace with an eth0. A veth pair joins that eth0 to a "
        "Linux bridge on the host: docker0 for the default network, br-<id> for a user-defined one. The "
        "bridge is the containers' gateway; containers on one bridge talk directly at layer 2, and traffic "
        "leaving the host is NATed (masquerade). One host only.",
    ),
    Topic(
        "default-bridge",
        'the default network "bridge" (docker0)',
        "`docker run` without --net puts a container here. There is no embedded DNS on the default "
        "bridge: containers find each other only by IP address, or by a legacy --link.",
    ),
    Topic(
        "user-bridge",
        "user-defined networks",
        "`docker network create NAME` (driver bridge unless --driver says otherwise; --subnet and "
        "--gateway pick the addresses). Unlike the default bridge, the engine's DNS resolves container "
        "names and aliases here, and containers can be connected and disconnected while running.",
    ),
    Topic(
        "dns",
        "embedded DNS at 127.0.0.11",
        "On user-defined networks every container's resolver is 127.0.0.11, the engine's embedded DNS. "
        "It answers container names, network aliases (--alias / --network-alias) and --link aliases of "
        "that network, only to containers on the same network. Anything else is forwarded upstream.",
    ),
    Topic(
        "host",
        "host mode (--net=host)",
        "The container has no network namespace of its own: it shares the host's interfaces, addresses "
        "and ports. There is no NAT and no port publishing (-p is ignored): a service listening inside "
        "listens on the host. Fast, but nothing is isolated.",
    ),
    Topic(
        "none",
        "none mode (--net=none)",
        "The container gets its own namespace with only the loopback interface lo: no eth0, no address, "
        "no routes. It cannot reach anything and nothing can reach it. The driver is called null.",
    ),
    Topic(
        "container-mode",
        "container mode (--net=container:X)",
        "The container joins X's network namespace instead of getting its own: same interfaces, same IP "
        "address, same port range. The two talk over lo (localhost) and cannot both listen on one port. "
        "Filesystems and process lists stay separate. It lists no networks of its own; if X stops, it "
        "loses its network.",
    ),
    Topic(
        "overlay",
        "overlay driver: one network across engines",
        "An overlay network spans several Docker engines (a swarm): VXLAN tunnels carry container "
        "traffic between hosts, and the built-in DNS provides service discovery across them. Scope is "
        "swarm. --attachable lets plain `docker run` containers join, not only services.",
    ),
    Topic(
        "ingress",
        "the ingress network: the swarm's routing mesh",
        "Every swarm has one ingress overlay. It carries no containers of yours: each node has a hidden "
        "ingress-sbox namespace on it, and every task of a service that publishes a port in ingress mode "
        "gets an interface on it. No names resolve on ingress; it exists only to carry published ports "
        "from whichever node a client connects to, to a node where a task runs.",
    ),
    Topic(
        "routing-mesh",
        "published ports through the routing mesh",
        "`docker service create -p 8080:80` publishes 8080 on every node of the swarm, whether a task runs "
        "there or not. A connection to any node's address at 8080 is DNATed into ingress-sbox, which "
        "balances it (IPVS) to the service's VIP on ingress, and the VIP sends it over the ingress overlay "
        "to a task on any node. `--publish mode=host` skips the mesh: the port opens only on the nodes "
        "running a task, straight to that task. Needs the ports 7946 (gossip) and 4789/udp (VXLAN) open "
        "between nodes.",
    ),
    Topic(
        "service-vip",
        "services: a virtual IP per network, or DNS round robin",
        "On each overlay a service is attached to, the embedded DNS answers its name (and its aliases) "
        "with the service's virtual IP, an IPVS load balancer that spreads connections to the service's "
        "ports over its running tasks; a ping to a VIP gets no answer. `tasks.NAME` resolves to every "
        "task's own address. With --endpoint-mode dnsrr there is no VIP: the name resolves to the tasks' "
        "addresses. A VIP needs IPVS in each node's kernel (without it the engine logs \"Could not get "
        'ipvs family information" and connections to the VIP go nowhere).',
    ),
    Topic(
        "swarm-task",
        "a swarm task's container",
        "The swarm runs each replica of a service as a task: a container named SERVICE.SLOT.TASKID on "
        "the node the scheduler chose. It is attached to the service's overlays (and to ingress when the "
        "service publishes ports through the routing mesh). Do not connect or disconnect it by hand: "
        "`docker service update --network-add/--network-rm` changes every task.",
    ),
    Topic(
        "macvlan",
        "macvlan driver: containers on the physical LAN",
        "Each container gets its own MAC address on a parent interface (option parent=eth0), so it shows "
        "up on the physical network like a separate machine, or a VM. No NAT and no bridge. By default "
        "the host itself cannot talk to its own macvlan containers through that parent.",
    ),
    Topic(
        "ipvlan",
        "ipvlan driver: like macvlan, addressed by IP",
        "Like macvlan, containers sit on a parent interface, but all share the parent's MAC address and "
        "are told apart by IP (L2 or L3 mode). Useful where a switch allows few MACs per port. Needs "
        'kernel support: without it a container fails to start with "operation not supported".',
    ),
    Topic(
        "link",
        "--link (legacy, one-way, deprecated)",
        "`docker run --link tomcat1 tomcat2` writes a line `IP alias hostname name` for tomcat1 into "
        "tomcat2's /etc/hosts, so tomcat2 can `ping tomcat1`. It is one-way: tomcat1 gets no entry for "
        "tomcat2 (link both ways, or edit /etc/hosts). The line is written at start and not updated if the "
        "target's address changes. Deprecated: use a user-defined network and its DNS instead.",
    ),
    Topic(
        "add-host",
        "--add-host NAME:IP",
        "Writes the line `IP NAME` into the container's own /etc/hosts. Static: nothing checks that the "
        "address exists or stays right.",
    ),
    Topic(
        "connect",
        "docker network connect: several networks, several interfaces",
        "`docker network connect NET CONTAINER` adds another interface (another veth pair) in that "
        "network's subnet; the container is then multi-homed and can talk to every member of each network "
        "it is on. --alias adds a DNS name on that network, --ip a fixed address.",
    ),
    Topic(
        "internal",
        "internal networks (--internal)",
        "No route out and no NAT: containers on an internal network reach each other but not the "
        "outside world, and published ports do not work.",
    ),
    Topic(
        "icc",
        "inter-container communication off (enable_icc=false)",
        "On a bridge created with -o com.docker.network.bridge.enable_icc=false, containers cannot talk "
        "to each other over that bridge; they can still reach out and be reached on published ports.",
    ),
    Topic(
        "ports",
        "published ports (-p HOST:CONTAINER)",
        "The engine forwards a host port to the container (iptables DNAT, or docker-proxy). Only for "
        "bridge-like networks; host mode has no need and none mode no way.",
    ),
    Topic(
        "stopped",
        "stopped containers",
        "A stopped container keeps its network memberships, aliases and static IPs, but has no address "
        "until it starts again; a new start may hand it a different IP unless --ip fixed one.",
    ),
    Topic(
        "pools",
        "address pools run out at about 30 networks",
        "Networks created without --subnet take a range from the engine's default pools, which run out "
        'after about 30 networks: "could not find an available, non-overlapping IPv4 address pool". '
        "Give --subnet, or set default-address-pools in daemon.json.",
    ),
    Topic(
        "commands",
        "the docker CLI for what you see here",
        "`docker network ls` is the Networks screen; `docker network inspect NET` is its detail and raw "
        "inspect (i); `docker network create --driver D --subnet S --gateway G NAME` makes one; "
        "`docker network connect NET CTR` / `disconnect` change membership; `docker run "
        "--net=bridge|host|none|container:X|NAME` picks a container's mode.",
    ),
]

TOPICS: dict[str, Topic] = {t.id: t for t in _TOPICS}


def bridge_device(network: Network) -> str:
    """The Linux bridge behind a bridge network: docker0 or br-<first 12 of the id>."""
    return dict(network.options).get("com.docker.network.bridge.name") or f"br-{network.id[:12]}"


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
        return f"{name} is {kind}: on the host it is the Linux bridge {clean(bridge_device(network))}."
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
    return list(_TOPICS)
