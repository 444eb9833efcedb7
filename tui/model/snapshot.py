"""The topology of one or more Docker Engines (and their swarm) as plain immutable values.

Everything downstream (graph, queries, export, screens) reads these and nothing else, so the
TUI, the CLI and the tests all see the same facts. Mappings are stored as sorted tuples of
pairs to keep every value hashable; use ``dict(x.labels)`` to look things up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from tui.model.hostroutes import HostAddress, HostRoute

Pairs = tuple[tuple[str, str], ...]

COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"


@dataclass(frozen=True, slots=True)
class IPAMConfig:
    """One IPAM pool of a network: what `docker network create --subnet ...` set."""

    subnet: str | None = None
    gateway: str | None = None
    ip_range: str | None = None
    aux_addresses: Pairs = ()


@dataclass(frozen=True, slots=True)
class Network:
    """A network as `GET /networks` reports it (membership lives in `Endpoint`)."""

    id: str
    name: str
    driver: str
    scope: str = "local"
    internal: bool = False
    attachable: bool = False
    ingress: bool = False
    ipv6: bool = False
    ipam_driver: str = "default"
    ipam: tuple[IPAMConfig, ...] = ()
    options: Pairs = ()
    labels: Pairs = ()
    created: str = ""
    config_only: bool = False
    config_from: str = ""
    # The label of the engine that reported it ("" in a one-engine snapshot). A swarm-scoped
    # network merged from several engines keeps the first engine's label; see `merge_snapshots`.
    engine: str = ""

    @property
    def subnets(self) -> list[str]:
        return [c.subnet for c in self.ipam if c.subnet]

    @property
    def gateways(self) -> list[str]:
        return [c.gateway for c in self.ipam if c.gateway]

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def is_builtin(self) -> bool:
        """The engine's own networks (bridge, host, none), which cannot be removed."""
        return self.name in ("bridge", "host", "none") and self.driver in ("bridge", "host", "null")

    @property
    def is_default_bridge(self) -> bool:
        return self.name == "bridge" and self.driver == "bridge"

    @property
    def compose_project(self) -> str:
        return dict(self.labels).get("com.docker.compose.project", "")


@dataclass(frozen=True, slots=True)
class PortBinding:
    """A published port: container port/proto, and the host address:port it is reachable on."""

    container_port: int
    protocol: str = "tcp"
    host_ip: str = ""
    host_port: int | None = None

    def __str__(self) -> str:
        inside = f"{self.container_port}/{self.protocol}"
        if self.host_port is None:
            return inside
        # Every IPv4 address is the usual case and stays implicit; IPv6 ones are bracketed, so a
        # `[::]:32770` binding beside `32768` (the engine may give the families different ports) is told apart.
        host = "" if self.host_ip in ("", "0.0.0.0") else f"[{self.host_ip}]" if ":" in self.host_ip else self.host_ip
        return f"{host}{':' if host else ''}{self.host_port}->{inside}"


@dataclass(frozen=True, slots=True)
class Container:
    """A container with its network mode; its addresses live in `Endpoint`."""

    id: str
    name: str
    image: str = ""
    state: str = ""
    status: str = ""
    network_mode: str = "default"
    labels: Pairs = ()
    ports: tuple[PortBinding, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    created: int = 0
    engine: str = ""  # the engine it runs on ("" in a one-engine snapshot)
    # Config.Hostname / Config.Domainname: what its /etc/hosts names it (`hostname.domain hostname`)
    # and what a --link to it writes. "" when unknown (an old snapshot): the short id is the default.
    hostname: str = ""
    domainname: str = ""
    # State.StartedAt (RFC 3339, from the inspect): a `container:X` joiner started before X's last
    # start sits in X's old namespace, with only lo. "" when unknown.
    started_at: str = ""

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def compose_project(self) -> str:
        return dict(self.labels).get(COMPOSE_PROJECT, "")

    @property
    def compose_service(self) -> str:
        return dict(self.labels).get(COMPOSE_SERVICE, "")

    @property
    def namespace_target(self) -> str | None:
        """The id (or name) of the container whose network namespace this one joins."""
        if self.network_mode.startswith("container:"):
            return self.network_mode.split(":", 1)[1]
        return None


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A container's attachment to a network (one veth/interface, or a host/none entry)."""

    container_id: str
    network_id: str
    network_name: str
    ipv4: str | None = None  # "a.b.c.d/len"
    ipv6: str | None = None  # "addr/len"
    mac: str | None = None
    gateway: str | None = None
    aliases: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # per-network links, "name:alias"
    endpoint_id: str = ""
    static_ipv4: str | None = None  # IPAMConfig.IPv4Address when set with --ip
    engine: str = ""  # the container's engine ("" in a one-engine snapshot)

    @property
    def address(self) -> str | None:
        """IPv4 without its prefix length."""
        return self.ipv4.split("/", 1)[0] if self.ipv4 else None


@dataclass(frozen=True, slots=True)
class Link:
    """A legacy `--link`: `source`'s /etc/hosts carries `alias` for `target` (one-way)."""

    source_id: str
    target_id: str
    alias: str
    network_id: str = ""  # empty for the default-bridge HostConfig.Links kind
    engine: str = ""  # the engine of both containers (links never cross engines)


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Which engine a snapshot came from."""

    host: str = ""
    name: str = ""
    server_version: str = ""
    api_version: str = ""
    os: str = ""
    swarm: str = ""  # LocalNodeState: "inactive", "active", ...
    node_id: str = ""  # this engine's swarm node id (Swarm.NodeID), "" outside a swarm
    swarm_manager: bool = False  # Swarm.ControlAvailable: it can answer for the whole swarm
    label: str = ""  # the engine's label in a merged snapshot (a context name or host URL)
    # Info.ExperimentalBuild: before Docker 27 the daemon manages ip6tables only when experimental
    # (and told to). None when unknown (a snapshot saved before dockernet recorded it).
    experimental: bool | None = None
    # Info.DefaultAddressPools as (base CIDR, prefix size); None when the engine does not report them.
    address_pools: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class SwarmNode:
    """A swarm node as the manager's `GET /nodes` reports it.

    `engine` is the label of the engine in a merged snapshot that *is* this node, when one is
    (matched by the engine's own NodeID; see `Snapshot.swarm_node_of_engine`).
    """

    id: str
    hostname: str = ""
    role: str = ""  # "manager" or "worker"
    availability: str = ""  # "active", "pause", "drain"
    state: str = ""  # "ready", "down", ...
    addr: str = ""  # Status.Addr: the address the node talks to the swarm on
    leader: bool = False
    engine_version: str = ""
    engine: str = ""

    @property
    def short_id(self) -> str:
        return self.id[:12]


@dataclass(frozen=True, slots=True)
class ServicePort:
    """A port a service publishes: `ingress` mode goes through the routing mesh on every node."""

    target_port: int
    protocol: str = "tcp"
    published_port: int | None = None
    publish_mode: str = "ingress"  # "ingress" (routing mesh) or "host" (only where a task runs)

    def __str__(self) -> str:
        inside = f"{self.target_port}/{self.protocol}"
        if self.published_port is None:
            return inside
        return f"{self.published_port}->{inside}{' (host)' if self.publish_mode == 'host' else ''}"


@dataclass(frozen=True, slots=True)
class SwarmService:
    """A swarm service: its mode, its published ports and its virtual IP on each network.

    `vips` holds (network id, "a.b.c.d/len") pairs from Endpoint.VirtualIPs; with
    `endpoint_mode` "dnsrr" there are none and the service name resolves to its tasks' IPs.
    `networks` are the network ids (or names, as the spec gave them) the tasks attach to.
    """

    id: str
    name: str
    mode: str = "replicated"  # "replicated", "global", "replicated-job", "global-job"
    replicas: int | None = None  # desired replicas (replicated mode only)
    image: str = ""
    endpoint_mode: str = "vip"  # "vip" or "dnsrr"
    ports: tuple[ServicePort, ...] = ()
    vips: Pairs = ()
    networks: tuple[str, ...] = ()
    aliases: Pairs = ()  # (network id, alias) from the task template's network attachments
    labels: Pairs = ()

    @property
    def short_id(self) -> str:
        return self.id[:12]

    def vip_on(self, network_id: str) -> str | None:
        """The service's virtual IP on one network, without its prefix length."""
        for net, addr in self.vips:
            if net == network_id:
                return addr.split("/", 1)[0]
        return None


@dataclass(frozen=True, slots=True)
class SwarmTask:
    """One task of a service: where it is scheduled, its container, and its overlay addresses.

    `addresses` holds (network id, "a.b.c.d/len") from NetworksAttachments. `container_id` is
    empty until the task has a container (pending, or rejected).
    """

    id: str
    service_id: str
    node_id: str = ""
    slot: int | None = None
    state: str = ""  # Status.State: "running", "failed", ...
    desired_state: str = ""
    container_id: str = ""
    message: str = ""  # Status.Err or Status.Message: why it is not running
    addresses: Pairs = ()

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        return self.state == "running"


@dataclass(frozen=True, slots=True)
class OverlayPeer:
    """A node the overlay's control plane knows as a peer (`network inspect --verbose` Peers)."""

    name: str
    ip: str


@dataclass(frozen=True, slots=True)
class OverlayService:
    """A service as one overlay's load balancer sees it (`network inspect --verbose` Services).

    `tasks` holds (task name, endpoint IP, node address) of the backends on this network.
    """

    name: str
    vip: str = ""
    ports: tuple[str, ...] = ()
    tasks: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class OverlayDetail:
    """What the manager's verbose inspect says about one swarm-scoped network."""

    network_id: str
    peers: tuple[OverlayPeer, ...] = ()
    services: tuple[OverlayService, ...] = ()


@dataclass(frozen=True, slots=True)
class SwarmInfo:
    """The swarm as its manager reports it: nodes, services, tasks and overlay details.

    Only a manager can answer these; a snapshot of workers alone has no `SwarmInfo`.
    `manager_engine` is the label of the manager engine the data came from.
    """

    cluster_id: str = ""
    manager_engine: str = ""
    nodes: tuple[SwarmNode, ...] = ()
    services: tuple[SwarmService, ...] = ()
    tasks: tuple[SwarmTask, ...] = ()
    overlays: tuple[OverlayDetail, ...] = ()

    def node(self, node_id: str) -> SwarmNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def service(self, key: str) -> SwarmService | None:
        """A service by id, unique id prefix or name."""
        return _find(self.services, key)

    def tasks_of(self, service_id: str) -> list[SwarmTask]:
        return [t for t in self.tasks if t.service_id == service_id]

    def task_of_container(self, container_id: str) -> SwarmTask | None:
        return next((t for t in self.tasks if t.container_id and t.container_id == container_id), None)

    def overlay(self, network_id: str) -> OverlayDetail | None:
        return next((o for o in self.overlays if o.network_id == network_id), None)


@dataclass(frozen=True, slots=True)
class LinkState:
    """A host link as the engine's host shows it in /sys/class/net (a macvlan network's parent).

    A macvlan child follows its parent: with no carrier on the parent (its cable out, or its veth
    peer down) every child is down too, so even bridge-mode members stop reaching each other.
    """

    name: str
    operstate: str = ""  # "up", "down", "lowerlayerdown", "unknown", ... ("" when the link is missing)
    carrier: bool | None = None  # None when the kernel does not say (an admin-down link)
    present: bool = True  # False: no such link on the host

    @property
    def cut_off(self) -> bool:
        """Children of this link cannot pass traffic: it is missing, down or without carrier."""
        return not self.present or self.carrier is False or self.operstate in ("down", "lowerlayerdown", "notpresent")


@dataclass(frozen=True, slots=True)
class HostFacts:
    """What only the engine's own host can tell, read there by `tui.engine.hostinfo`.

    The API says nothing of a parent link's carrier, of whether the daemon manages ip6tables, or
    of which network namespace a container's process really sits in. These are read only when
    dockernet runs on the engine's host (in its network namespace); a saved snapshot, the demo or
    a remote engine has none (`Snapshot.host` is None) and the rules then say "unknown".
    """

    links: tuple[LinkState, ...] = ()  # the parents of the macvlan/ipvlan networks
    ip6tables: bool | None = None  # DOCKER chains in ip6tables; None when not readable
    net_namespaces: Pairs = ()  # (container id, "net:[inode]") of `container:X` joiners and their X
    # The host's routes and interface addresses (tui.model.hostroutes); None when not read.
    routes: tuple[HostRoute, ...] | None = None
    addresses: tuple[HostAddress, ...] | None = None

    def link(self, name: str) -> LinkState | None:
        return next((link for link in self.links if link.name == name), None)

    def net_namespace(self, container_id: str) -> str:
        return dict(self.net_namespaces).get(container_id, "")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything dockernet knows about one engine (or several, merged) at one moment.

    `engines` lists the engine labels of a merged snapshot (`tui.model.merge`); it is empty for
    a one-engine snapshot, whose objects all have `engine == ""`.
    """

    engine: EngineInfo = field(default_factory=EngineInfo)
    networks: tuple[Network, ...] = ()
    containers: tuple[Container, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    links: tuple[Link, ...] = ()
    taken_at: float = 0.0
    source: str = "engine"  # "engine", "snapshot" (a saved file) or "demo"
    swarm: SwarmInfo | None = None
    engines: tuple[str, ...] = ()
    engine_infos: tuple[EngineInfo, ...] = ()  # one per engine of a merged snapshot, in `engines` order
    host: HostFacts | None = None  # read on the engine's own host only; None: not read (see HostFacts)

    def network(self, key: str, engine: str | None = None) -> Network | None:
        """Find a network by full id, unique id prefix or name.

        Ids win over names: in a merged snapshot two engines may each have a network of the same
        name. With `engine` given, a name matches only that engine's networks (or swarm-scoped
        ones, which every engine shares).
        """
        items = self.networks
        if engine is not None:
            items = tuple(n for n in items if n.engine == engine or n.scope == "swarm")
        return _find(items, key)

    def container(self, key: str, engine: str | None = None) -> Container | None:
        """Find a container by full id, unique id prefix or name (with or without '/')."""
        items = self.containers
        if engine is not None:
            items = tuple(c for c in items if c.engine == engine)
        return _find(items, key.lstrip("/"))

    def containers_named(self, name: str) -> list[Container]:
        """Every container of that name: one per engine at most, so maybe several when merged."""
        return [c for c in self.containers if c.name == name.lstrip("/")]

    def networks_named(self, name: str) -> list[Network]:
        """Every network of that name: local networks of several engines may share one."""
        return [n for n in self.networks if n.name == name]

    def endpoints_of(self, container_id: str) -> list[Endpoint]:
        return [e for e in self.endpoints if e.container_id == container_id]

    def members_of(self, network_id: str) -> list[Endpoint]:
        return [e for e in self.endpoints if e.network_id == network_id]

    @property
    def multi_engine(self) -> bool:
        return len(self.engines) > 1

    def swarm_node_of_engine(self, engine: str) -> SwarmNode | None:
        """The swarm node an engine is (by its NodeID), when the swarm and the engine are known."""
        if self.swarm is None:
            return None
        infos = self.engine_infos or (self.engine,)
        node_id = next((i.node_id for i in infos if i.label == engine), "")
        return self.swarm.node(node_id) if node_id else None

    def swarm_node_of(self, container: Container) -> SwarmNode | None:
        """The swarm node a container runs on: its task's node, else its engine's node."""
        if self.swarm is None:
            return None
        task = self.swarm.task_of_container(container.id)
        if task is not None and task.node_id and (node := self.swarm.node(task.node_id)) is not None:
            return node
        return self.swarm_node_of_engine(container.engine)

    @property
    def read_only(self) -> bool:
        return self.source != "engine"


class _Named(Protocol):
    """A network or a container: what `_find` matches a key against."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


_N = TypeVar("_N", bound=_Named)


def _find(items: tuple[_N, ...], key: str) -> _N | None:
    """Full id first, then name, then a unique id prefix: an id never loses to another's name."""
    if not key:
        return None
    for item in items:
        if item.id == key:
            return item
    for item in items:
        if item.name == key:
            return item
    matches = [i for i in items if i.id.startswith(key)]
    return matches[0] if len(matches) == 1 else None
