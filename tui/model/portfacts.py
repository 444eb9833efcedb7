"""The port inventory's values (`tui.model.ports` computes them and re-exports them).

Apart from the computation so the conflict rules (`tui.model.portconflicts`) and the words
(`tui.model.portwords`) can use them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPOSURES = ("loopback", "address", "all", "ingress")
WILDCARDS = ("", "0.0.0.0", "::")


@dataclass(frozen=True, slots=True)
class PortRow:
    """One host binding: a container's (or, for `ingress`, a swarm service's) published port.

    `host_ip` is as the engine lists it ("" for the routing mesh and for a wish that takes every
    address); `host_port` is None only for a wish that lets the engine choose. `running` is False
    for a binding a stopped or failed container asks for but does not hold.
    """

    container_id: str
    container: str
    engine: str
    host_ip: str
    host_port: int | None
    container_port: int
    proto: str
    networks: tuple[str, ...]
    exposure: str  # one of EXPOSURES
    family: str  # "IPv4", "IPv6" or "IPv4+IPv6"
    running: bool = True
    service: str = ""  # the swarm service of an ingress row

    @property
    def key(self) -> str:
        """Unique per row; the container id comes first (`container_of_key`)."""
        state = "up" if self.running else "wanted"
        where = f"{self.host_ip}|{self.host_port}|{self.container_port}/{self.proto}"
        return f"{self.container_id}|{self.engine}|{self.service}|{where}|{state}"

    @property
    def host_side(self) -> str:
        """`127.0.0.1:8080`, `[::]:8080`, `*:8080` for a wish on every address, `mesh:8080`."""
        port = "?" if self.host_port is None else str(self.host_port)
        if self.exposure == "ingress":
            return f"mesh:{port}"
        if not self.host_ip:
            return f"*:{port}"
        return f"[{self.host_ip}]:{port}" if ":" in self.host_ip else f"{self.host_ip}:{port}"


@dataclass(frozen=True, slots=True)
class ExposedPort:
    """A port a container exposes (EXPOSE, --expose) without publishing it on the host."""

    container_id: str
    container: str
    engine: str
    container_port: int
    proto: str
    networks: tuple[str, ...]
    running: bool


@dataclass(frozen=True, slots=True)
class PortConflict:
    """A surprise about a host port: `kind` is "taken" (a container cannot start: another holds
    its port), "contended" (stopped containers want one port: only one can run), "start-failed"
    (the engine refused the port and dockernet sees no holder) or "firewall" (every address, and
    the host's firewall front end does not filter it). `error` is the engine's own text."""

    kind: str
    container_id: str
    container: str
    engine: str
    host_ip: str
    host_port: int | None
    proto: str
    holder: str = ""
    holder_id: str = ""
    error: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PortInventory:
    ports: tuple[PortRow, ...] = ()  # held now: running containers' bindings and the mesh's ports
    wanted: tuple[PortRow, ...] = ()  # asked for by containers that are not running
    exposed: tuple[ExposedPort, ...] = ()
    conflicts: tuple[PortConflict, ...] = ()

    def conflicts_of(self, container_id: str) -> list[PortConflict]:
        return [c for c in self.conflicts if container_id in (c.container_id, c.holder_id)]

    def siblings(self, row: PortRow) -> list[PortRow]:
        """The same container port published in the other family (maybe at another host port)."""
        return [
            r
            for r in self.ports
            if r is not row
            and r.container_id == row.container_id
            and r.engine == row.engine
            and (r.container_port, r.proto) == (row.container_port, row.proto)
            and r.family != row.family
        ]


def family_of(host_ip: str) -> str:
    """ "IPv4+IPv6" for "" (a wish for every address), "IPv6" for an address with colons, else "IPv4"."""
    return "IPv4+IPv6" if host_ip == "" else "IPv6" if ":" in host_ip else "IPv4"
