"""The swarm as its manager reports it (nodes, services, tasks, overlay details), as immutable values.

Split from `tui.model.snapshot`, which holds them in `Snapshot.swarm`: only a manager can answer
for these, and only the swarm rules (`tui.reach.swarm`, `tui.reach.service`) read most of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.lookup import Pairs, find


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
        return find(self.services, key)

    def tasks_of(self, service_id: str) -> list[SwarmTask]:
        return [t for t in self.tasks if t.service_id == service_id]

    def task_of_container(self, container_id: str) -> SwarmTask | None:
        return next((t for t in self.tasks if t.container_id and t.container_id == container_id), None)

    def overlay(self, network_id: str) -> OverlayDetail | None:
        return next((o for o in self.overlays if o.network_id == network_id), None)
