"""The topology of one Docker Engine as plain immutable values.

Everything downstream (graph, queries, export, screens) reads these and nothing else, so the
TUI, the CLI and the tests all see the same facts. Mappings are stored as sorted tuples of
pairs to keep every value hashable; use ``dict(x.labels)`` to look things up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TypeVar

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
        host = self.host_ip if self.host_ip not in ("", "0.0.0.0", "::") else ""
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


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Which engine a snapshot came from."""

    host: str = ""
    name: str = ""
    server_version: str = ""
    api_version: str = ""
    os: str = ""
    swarm: str = ""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything dockernet knows about one engine at one moment."""

    engine: EngineInfo = field(default_factory=EngineInfo)
    networks: tuple[Network, ...] = ()
    containers: tuple[Container, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    links: tuple[Link, ...] = ()
    taken_at: float = 0.0
    source: str = "engine"  # "engine", "snapshot" (a saved file) or "demo"

    def network(self, key: str) -> Network | None:
        """Find a network by full id, unique id prefix or name."""
        return _find(self.networks, key)

    def container(self, key: str) -> Container | None:
        """Find a container by full id, unique id prefix or name (with or without '/')."""
        return _find(self.containers, key.lstrip("/"))

    def endpoints_of(self, container_id: str) -> list[Endpoint]:
        return [e for e in self.endpoints if e.container_id == container_id]

    def members_of(self, network_id: str) -> list[Endpoint]:
        return [e for e in self.endpoints if e.network_id == network_id]

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
    if not key:
        return None
    for item in items:
        if item.id == key or item.name == key:
            return item
    matches = [i for i in items if i.id.startswith(key)]
    return matches[0] if len(matches) == 1 else None
