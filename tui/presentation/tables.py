"""Table cells: one row of plain strings per network or container, plus filtering helpers."""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.addressing import effective_gateway
from tui.model.sanitize import clean
from tui.model.snapshot import Container, Network, Snapshot
from tui.presentation.status import WIDE, engine_parts

NETWORK_COLUMNS = (
    ("name", "Name"),
    ("driver", "Driver"),
    ("scope", "Scope"),
    ("subnet", "Subnet"),
    ("gateway", "Gateway"),
    ("internal", "Internal"),
    ("attachable", "Attach"),
    ("ipv6", "IPv6"),
    ("members", "Ctrs"),
    ("project", "Project"),
)
CONTAINER_COLUMNS = (
    ("name", "Name"),
    ("state", "State"),
    ("mode", "Network mode"),
    ("addresses", "Addresses"),
    ("ports", "Ports"),
    ("project", "Project/service"),
    ("image", "Image"),
)
NONE = "-"


@dataclass(frozen=True)
class Section:
    """A titled block of (label, value) rows in a detail pane."""

    title: str
    rows: tuple[tuple[str, str], ...]


def yes_no(flag: bool) -> str:
    return "yes" if flag else NONE


def join(values: list[str] | tuple[str, ...], sep: str = ", ") -> str:
    return sep.join(clean(v) for v in values) if values else NONE


def counted(n: int, noun: str) -> str:
    """`1 container`, `2 containers`: a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def member_count(snap: Snapshot, network: Network) -> int:
    return len(snap.members_of(network.id))


def on_engine(name: str, engine: str, snap: Snapshot) -> str:
    """A name in a view of several engines carries its engine (`bridge @eng2`), so equal names differ."""
    shown = clean(name)
    return f"{shown} @{clean(engine)}" if snap.multi_engine and engine else shown


def gateway_cell(network: Network, snap: Snapshot) -> str:
    """The gateways the engine reports, else the effective one marked `(derived)`: the same answer
    the network pane, the container pane and `why` give (`effective_gateway`)."""
    if network.gateways:
        return join(network.gateways)
    gateway, derived = effective_gateway(network, snap)
    return f"{clean(gateway)} (derived)" if gateway and derived else clean(gateway) or NONE


def network_row(network: Network, snap: Snapshot) -> tuple[str, ...]:
    swarm_wide = network.scope == "swarm"  # one network on every engine of the swarm
    return (
        on_engine(network.name, "" if swarm_wide else network.engine, snap),
        clean(network.driver),
        clean(network.scope),
        join(network.subnets),
        gateway_cell(network, snap),
        yes_no(network.internal),
        yes_no(network.attachable),
        yes_no(network.ipv6),
        str(member_count(snap, network)),
        clean(network.compose_project) or NONE,
    )


def container_name(snap: Snapshot, key: str) -> str:
    found = snap.container(key)
    return clean(found.name) if found else clean(key[:12])


def network_mode(container: Container, snap: Snapshot) -> str:
    """bridge / host / none / container:<name> / the user-defined network's name."""
    mode = container.network_mode
    if mode == "default":
        return "bridge"
    target = container.namespace_target
    if target is not None:
        return f"container:{container_name(snap, target)}"
    return clean(mode)


def addresses(container: Container, snap: Snapshot) -> str:
    target = container.namespace_target
    if target is not None:
        return f"(shares {container_name(snap, target)})"
    if container.network_mode == "host":
        return "(the host's)"
    if container.network_mode == "none":
        return "(lo only)"
    parts = [f"{clean(e.network_name)}={e.address or NONE}" for e in snap.endpoints_of(container.id)]
    return ", ".join(parts) or NONE


def project_service(container: Container) -> str:
    project, service = clean(container.compose_project), clean(container.compose_service)
    if not project:
        return NONE
    return f"{project}/{service}" if service else project


IMAGE_WIDTH = 60


def image_cell(image: str) -> str:
    """The image reference as given, repository and registry included (`acc/busybox:1` and
    `busybox:1` are different images); a digest is cut to 12 digits, and a reference still
    longer than IMAGE_WIDTH loses its middle so that both the repository and the tag show."""
    name, _, digest = clean(image).partition("@")
    if digest:
        algo, _, hexes = digest.partition(":")
        name = f"{name}@{algo}:{hexes[:12]}" if hexes else f"{name}@{digest}"
    if len(name) > IMAGE_WIDTH:
        keep = IMAGE_WIDTH - 1
        name = name[: keep // 2] + "…" + name[-(keep - keep // 2) :]
    return name or NONE


def container_row(container: Container, snap: Snapshot) -> tuple[str, ...]:
    return (
        on_engine(container.name, container.engine, snap),
        clean(container.state),
        network_mode(container, snap),
        addresses(container, snap),
        join([str(p) for p in container.ports]),
        project_service(container),
        image_cell(container.image),
    )


def matches(cells: tuple[str, ...], text: str) -> bool:
    """The `/` filter: every word of `text` appears in some cell (case-insensitive)."""
    haystack = " ".join(cells).lower()
    return all(word in haystack for word in text.lower().split())


def projects(snap: Snapshot) -> list[tuple[str, int, int]]:
    """(Compose project, containers, networks) for every project, by name."""
    names = {c.compose_project for c in snap.containers} | {n.compose_project for n in snap.networks}
    return [
        (
            clean(p),
            sum(c.compose_project == p for c in snap.containers),
            sum(n.compose_project == p for n in snap.networks),
        )
        for p in sorted(names - {""})
    ]


def in_project(item: Container | Network, snap: Snapshot, project: str) -> bool:
    """Whether the item belongs to the project (a network also when a project's container is on it)."""
    if not project or clean(item.compose_project) == project:
        return True
    if isinstance(item, Network):
        return any(clean(c.compose_project) == project for c in _members(snap, item))
    return False


def member_names(snap: Snapshot, network: Network) -> tuple[str, ...]:
    """The names of the containers on a network: the networks filter matches them too."""
    return tuple(clean(c.name) for c in _members(snap, network))


def _members(snap: Snapshot, network: Network) -> list[Container]:
    found = (snap.container(e.container_id) for e in snap.members_of(network.id))
    return [c for c in found if c is not None]


def engine_line(snap: Snapshot) -> str:
    """Where the topology comes from and how big it is (the status line's start, in full)."""
    where, version, counts, _ = engine_parts(snap)
    return WIDE.join(part for part in (where, version, counts) if part)
