"""What the screens show, as plain strings: table cells and detail sections for each item.

Pure functions of a `Snapshot` (and its graph), so every cell and every detail line is tested
without a terminal; widgets turn these strings into `Text` (never markup). Every string that
came from the engine passes through `clean`, which strips control characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from tui.explain import bridge_device, explain_container, explain_network
from tui.graph import namespace_joiners
from tui.model import Container, Endpoint, Link, Network, Snapshot
from tui.sanitize import clean

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
    ("image", "Image"),
    ("mode", "Network mode"),
    ("addresses", "Addresses"),
    ("ports", "Ports"),
    ("project", "Project/service"),
)
NONE = "-"


@dataclass(frozen=True)
class Section:
    """A titled block of (label, value) rows in a detail pane."""

    title: str
    rows: tuple[tuple[str, str], ...]


def _yes(flag: bool) -> str:
    return "yes" if flag else NONE


def _join(values: list[str] | tuple[str, ...], sep: str = ", ") -> str:
    return sep.join(clean(v) for v in values) if values else NONE


def member_count(snap: Snapshot, network: Network) -> int:
    return len(snap.members_of(network.id))


def network_row(network: Network, snap: Snapshot) -> tuple[str, ...]:
    return (
        clean(network.name),
        clean(network.driver),
        clean(network.scope),
        _join(network.subnets),
        _join(network.gateways),
        _yes(network.internal),
        _yes(network.attachable),
        _yes(network.ipv6),
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


def container_row(container: Container, snap: Snapshot) -> tuple[str, ...]:
    return (
        clean(container.name),
        clean(container.state),
        clean(container.image),
        network_mode(container, snap),
        addresses(container, snap),
        _join([str(p) for p in container.ports]),
        project_service(container),
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


def _members(snap: Snapshot, network: Network) -> list[Container]:
    found = (snap.container(e.container_id) for e in snap.members_of(network.id))
    return [c for c in found if c is not None]


def engine_line(snap: Snapshot) -> str:
    e = snap.engine
    where = {"demo": "demo topology", "snapshot": "saved snapshot"}.get(snap.source, clean(e.host) or "engine")
    version = f"Docker {clean(e.server_version)} (API {clean(e.api_version)})" if e.server_version else ""
    counts = f"{len(snap.networks)} networks, {len(snap.containers)} containers"
    return "  ·  ".join(part for part in (where, version, counts) if part)


def _pairs(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((clean(k), clean(v)) for k, v in pairs) or (("", "(none)"),)


def network_sections(network: Network, snap: Snapshot) -> list[Section]:
    """Everything `docker network inspect` shows, grouped for reading."""
    head = [
        ("Name", clean(network.name)),
        ("ID", clean(network.id)),
        ("Driver", clean(network.driver)),
        ("Scope", clean(network.scope)),
        ("Internal", _yes(network.internal)),
        ("Attachable", _yes(network.attachable)),
        ("Ingress", _yes(network.ingress)),
        ("IPv6", _yes(network.ipv6)),
        ("Created", clean(network.created) or NONE),
    ]
    if network.driver == "bridge":
        head.append(("Linux bridge", clean(bridge_device(network))))
    if network.compose_project:
        head.append(("Compose project", clean(network.compose_project)))
    if network.config_only or network.config_from:
        head.append(("Config", "config-only" if network.config_only else f"from {clean(network.config_from)}"))
    ipam: list[tuple[str, str]] = [("Driver", clean(network.ipam_driver))]
    for pool in network.ipam:
        ipam += [("Subnet", clean(pool.subnet or NONE)), ("Gateway", clean(pool.gateway or NONE))]
        if pool.ip_range:
            ipam.append(("IP range", clean(pool.ip_range)))
        ipam += [(f"Aux {clean(k)}", clean(v)) for k, v in pool.aux_addresses]
    if not network.ipam:
        ipam.append(("Config", "(none: no addresses on this network)"))
    return [
        Section("Network", tuple(head)),
        Section("What it is", ((explain_network(network)[0][1]), "press e for more")),
        Section("IPAM", tuple(ipam)),
        Section("Options", _pairs(network.options)),
        Section("Labels", _pairs(network.labels)),
        _members_section(network, snap),
    ]


def _members_section(network: Network, snap: Snapshot) -> Section:
    members = snap.members_of(network.id)
    rows: list[tuple[str, str]] = []
    for ep in sorted(members, key=lambda e: container_name(snap, e.container_id)):
        owner = snap.container(ep.container_id)
        state = f" ({clean(owner.state)})" if owner is not None and not owner.running else ""
        rows.append((container_name(snap, ep.container_id) + state, _endpoint_line(ep)))
        if ep.aliases:
            rows.append(("  aliases", _join(ep.aliases)))
        for joiner in _joiners_of(snap, ep.container_id):
            rows.append(("  shared by", f"{joiner} (--net=container:{container_name(snap, ep.container_id)})"))
    if not rows:
        rows.append(("", "no containers: this network is empty"))
    return Section(f"Members ({len(members)})", tuple(rows))


def _joiners_of(snap: Snapshot, container_id: str) -> list[str]:
    found = [c for c in snap.containers if c.namespace_target and snap.container(c.namespace_target)]
    return sorted(clean(c.name) for c in found if snap.container(c.namespace_target or "").id == container_id)


def _endpoint_line(ep: Endpoint) -> str:
    if ep.network_name in ("host", "none"):
        return "the host's stack" if ep.network_name == "host" else "lo only"
    parts = [f"IPv4 {clean(ep.ipv4) if ep.ipv4 else '- (not running)'}"]
    if ep.ipv6:
        parts.append(f"IPv6 {clean(ep.ipv6)}")
    parts.append(f"MAC {clean(ep.mac or NONE)}")
    return "  ".join(parts)


def container_sections(container: Container, snap: Snapshot, graph: nx.MultiDiGraph) -> list[Section]:
    """The container's endpoints, namespace sharing, and the /etc/hosts lines it gets."""
    head = [
        ("Name", clean(container.name)),
        ("ID", clean(container.id)),
        ("Image", clean(container.image)),
        ("State", f"{clean(container.state)} ({clean(container.status)})" if container.status else clean(container.state)),
        ("Network mode", network_mode(container, snap)),
        ("Ports", _join([str(p) for p in container.ports])),
    ]
    if container.compose_project:
        head.append(("Compose", f"project {project_service(container).replace('/', ', service ', 1)}"))
    sections = [
        Section("Container", tuple(head)),
        Section("What it is", ((explain_container(container, snap)[0][1]), "press e for more")),
        _endpoints_section(container, snap),
        _namespace_section(container, snap, graph),
        _hosts_section(container, snap),
        Section("Labels", _pairs(container.labels)),
    ]
    return [s for s in sections if s.rows]


def _endpoints_section(container: Container, snap: Snapshot) -> Section:
    rows: list[tuple[str, str]] = []
    for ep in snap.endpoints_of(container.id):
        rows.append((clean(ep.network_name), _endpoint_line(ep)))
        if ep.gateway:
            rows.append(("  gateway", clean(ep.gateway)))
        if ep.static_ipv4:
            rows.append(("  fixed IP", f"{clean(ep.static_ipv4)} (--ip)"))
        if ep.aliases:
            rows.append(("  aliases", _join(ep.aliases)))
        if ep.dns_names:
            rows.append(("  DNS names", _join(ep.dns_names)))
    if not rows and container.namespace_target is None:
        rows.append(("", "no endpoints"))
    return Section("Endpoints", tuple(rows))


def _namespace_section(container: Container, snap: Snapshot, graph: nx.MultiDiGraph) -> Section:
    rows: list[tuple[str, str]] = []
    target = container.namespace_target
    if target is not None:
        name = container_name(snap, target)
        rows.append(("joins", f"{name}'s network namespace: same interfaces, IPs and ports; talk over lo"))
    for joiner in namespace_joiners(graph, container.id):
        rows.append(("joined by", f"{container_name(snap, joiner)} (--net=container:{clean(container.name)})"))
    return Section("Network namespace", tuple(rows))


def _target_ip(link: Link, snap: Snapshot) -> str:
    for ep in snap.endpoints_of(link.target_id):
        if (link.network_id and ep.network_id == link.network_id) or (not link.network_id and ep.network_name == "bridge"):
            return ep.address or "(no address: the target is not running)"
    return "(no address on the link's network)"


def hosts_line(link: Link, snap: Snapshot) -> str:
    """The /etc/hosts line a legacy link writes into its source: `IP alias hostname [name]`."""
    target = snap.container(link.target_id)
    name = clean(target.name) if target else ""
    words = [clean(link.alias), link.target_id[:12]] + ([name] if name and name != link.alias else [])
    return f"{_target_ip(link, snap)}\t{' '.join(words)}"


def _hosts_section(container: Container, snap: Snapshot) -> Section:
    rows: list[tuple[str, str]] = []
    me = clean(container.name)
    for link in (x for x in snap.links if x.source_id == container.id):
        other = container_name(snap, link.target_id)
        if link.network_id:
            net = snap.network(link.network_id)
            where = clean(net.name) if net else link.network_id[:12]
            rows.append((f"link {other}", f"{me} resolves '{clean(link.alias)}' to {other} via DNS on {where}"))
            continue
        rows.append((f"--link {other}:{clean(link.alias)}", hosts_line(link, snap)))
        rows.append(("", f"{me} sees {other} as '{clean(link.alias)}'; {other} has no entry for {me} (one-way)"))
    for entry in container.extra_hosts:
        host, _, ip = entry.partition(":")
        rows.append((f"--add-host {clean(entry)}", f"{clean(ip)}\t{clean(host)}"))
    for link in (x for x in snap.links if x.target_id == container.id):
        other = container_name(snap, link.source_id)
        rows.append(("linked from", f"{other} sees {me} as '{clean(link.alias)}'; {me} has no entry for {other}"))
    return Section("/etc/hosts and links", tuple(rows))
