"""The topology of one or more Docker Engines (and their swarm) as plain immutable values.

Everything downstream (graph, queries, export, screens) reads these and nothing else, so the
TUI, the CLI and the tests all see the same facts. Mappings are stored as sorted tuples of
pairs to keep every value hashable; use ``dict(x.labels)`` to look things up.

The swarm's values live in `tui.model.swarm`, the engine host's facts in `tui.model.hostfacts`,
and the conventions they all share (`Pairs`, lookup by key) in `tui.model.lookup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.hostfacts import HostFacts
from tui.model.lookup import Pairs
from tui.model.snapindex import Attachments, Named
from tui.model.swarm import SwarmInfo, SwarmNode

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
    # For `tui.model.ports` (see `tui.model.parseports`): every binding, 0.0.0.0 and :: apart (`ports` merges
    # them), HostConfig.PortBindings, Config.ExposedPorts, and State.Error (why the last start failed).
    bindings: tuple[PortBinding, ...] = ()
    wanted_ports: tuple[PortBinding, ...] = ()
    exposed_ports: tuple[PortBinding, ...] = ()
    error: str = ""

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
    # Containers whose inspect has not arrived yet (a first load shows the lists at once): their
    # aliases, links, --add-host entries, hostname and start time are unknown, not absent.
    pending: tuple[str, ...] = ()
    _networks_index: Named[Network] | None = field(default=None, init=False, repr=False, compare=False)
    _containers_index: Named[Container] | None = field(default=None, init=False, repr=False, compare=False)
    _endpoints_index: Attachments[Endpoint] | None = field(default=None, init=False, repr=False, compare=False)

    def network(self, key: str, engine: str | None = None) -> Network | None:
        """Find a network by full id, unique id prefix or name.

        Ids win over names: in a merged snapshot two engines may each have a network of the same
        name. With `engine` given, a name matches only that engine's networks (or swarm-scoped
        ones, which every engine shares).
        """
        if engine is None:
            return self._named_networks().find(key)
        return self._named_networks().find(key, lambda n: n.engine == engine or n.scope == "swarm")

    def container(self, key: str, engine: str | None = None) -> Container | None:
        """Find a container by full id, unique id prefix or name (with or without '/')."""
        if engine is None:
            return self._named_containers().find(key.lstrip("/"))
        return self._named_containers().find(key.lstrip("/"), lambda c: c.engine == engine)

    def containers_named(self, name: str) -> list[Container]:
        """Every container of that name: one per engine at most, so maybe several when merged."""
        return [c for c in self.containers if c.name == name.lstrip("/")]

    def networks_named(self, name: str) -> list[Network]:
        """Every network of that name: local networks of several engines may share one."""
        return [n for n in self.networks if n.name == name]

    def endpoints_of(self, container_id: str) -> list[Endpoint]:
        return list(self._attachments().by_container.get(container_id, ()))

    def members_of(self, network_id: str) -> list[Endpoint]:
        return list(self._attachments().by_network.get(network_id, ()))

    # The lookups above, indexed on first use (`tui.model.snapindex`): not fields, never compared.
    def _named_networks(self) -> Named[Network]:
        if self._networks_index is None:
            object.__setattr__(self, "_networks_index", Named(self.networks))
        return self._networks_index  # type: ignore[return-value]  # set just above

    def _named_containers(self) -> Named[Container]:
        if self._containers_index is None:
            object.__setattr__(self, "_containers_index", Named(self.containers))
        return self._containers_index  # type: ignore[return-value]  # set just above

    def _attachments(self) -> Attachments[Endpoint]:
        if self._endpoints_index is None:
            object.__setattr__(self, "_endpoints_index", Attachments(self.endpoints))
        return self._endpoints_index  # type: ignore[return-value]  # set just above

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
