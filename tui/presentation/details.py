"""Detail panes: everything known about one network or container, as titled (label, value) rows."""

from __future__ import annotations

import networkx as nx

from tui.model.addressing import BRIDGE, DEFAULT, ENDPOINT, bridge_name, effective_gateway, gateway_source
from tui.model.explain import explain_container, explain_network
from tui.model.graph import namespace_joiners
from tui.model.sanitize import clean
from tui.model.snapshot import Container, Endpoint, Link, Network, Snapshot
from tui.presentation.datapath import Found, datapath_section
from tui.presentation.recorded import recorded_status
from tui.presentation.tables import NONE, Section, container_name, join, network_mode, project_service, yes_no
from tui.reach.names import resolver
from tui.reach.stack import stack_of


def _pairs(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Options and labels as `key=value` lines (keys are long: a label column would cut them)."""
    return tuple(("", f"{clean(k)}={clean(v)}") for k, v in pairs) or (("", "(none)"),)


def network_sections(network: Network, snap: Snapshot) -> list[Section]:
    """Everything `docker network inspect` shows, grouped for reading."""
    flags = [("internal", network.internal), ("attachable", network.attachable), ("ingress", network.ingress)]
    flags.append(("IPv6", network.ipv6))
    head = [
        ("Name", clean(network.name)),
        ("ID", clean(network.id)),
        ("Driver", f"{clean(network.driver)} (scope {clean(network.scope)})"),
        ("Flags", "  ".join(f"{name} {yes_no(on)}" for name, on in flags)),
        ("Created", clean(network.created) or NONE),
    ]
    if network.driver == "bridge":
        head.append(("Linux bridge", clean(bridge_name(network))))
    if network.compose_project:
        head.append(("Compose project", clean(network.compose_project)))
    if network.config_only or network.config_from:
        head.append(("Config", "config-only" if network.config_only else f"from {clean(network.config_from)}"))
    ipam: list[tuple[str, str]] = [("Driver", clean(network.ipam_driver))]
    for pool in network.ipam:
        gateway, source = gateway_source(network, pool, snap)
        shown = clean(gateway) + _GATEWAY_SOURCE.get(source, "") if gateway else NONE
        ipam += [("Subnet", clean(pool.subnet or NONE)), ("Gateway", shown)]
        if pool.ip_range:
            ipam.append(("IP range", clean(pool.ip_range)))
        ipam += [(f"Aux {clean(k)}", clean(v)) for k, v in pool.aux_addresses]
    if not network.ipam:
        ipam.append(("Config", "(none: no addresses on this network)"))
    return [
        Section("Network", tuple(head)),
        Section("What it is", (("", explain_network(network)[0][1]), ("", "press e for the full note"))),
        Section("IPAM", tuple(ipam)),
        _members_section(network, snap),
        Section("Options", _pairs(network.options)),
        Section("Labels", _pairs(network.labels)),
    ]


def _members_section(network: Network, snap: Snapshot) -> Section:
    members = snap.members_of(network.id)
    joiners = _joiners(snap) if members else {}
    rows: list[tuple[str, str]] = []
    for ep in sorted(members, key=lambda e: container_name(snap, e.container_id)):
        owner = snap.container(ep.container_id)
        state = f" ({clean(owner.state)})" if owner is not None and not owner.running else ""
        rows.append((container_name(snap, ep.container_id) + state, _endpoint_line(ep)))
        if ep.aliases:
            rows.append(("  aliases", join(ep.aliases)))
        for joiner in joiners.get(ep.container_id, ()):
            rows.append(("  shared by", f"{joiner} (--net=container:{container_name(snap, ep.container_id)})"))
    if not rows:
        rows.append(("", "no containers: this network is empty"))
    return Section(f"Members ({len(members)})", tuple(rows))


def _joiners(snap: Snapshot) -> dict[str, list[str]]:
    """Container id -> names of the containers started with --net=container:<it>, sorted.

    One pass over the containers for the whole section (per member it was containers x members).
    """
    result: dict[str, list[str]] = {}
    for c in snap.containers:
        joined = snap.container(c.namespace_target) if c.namespace_target else None
        if joined is not None:
            result.setdefault(joined.id, []).append(clean(c.name))
    return {key: sorted(names) for key, names in result.items()}


def _endpoint_line(ep: Endpoint) -> str:
    if ep.network_name in ("host", "none"):
        return "the host's stack" if ep.network_name == "host" else "lo only"
    parts = [f"IPv4 {clean(ep.ipv4) if ep.ipv4 else '- (not running)'}"]
    if ep.ipv6:
        parts.append(f"IPv6 {clean(ep.ipv6)}")
    parts.append(f"MAC {clean(ep.mac or NONE)}")
    return "  ".join(parts)


def container_sections(
    container: Container, snap: Snapshot, graph: nx.MultiDiGraph[str], datapath: Found | None = None
) -> list[Section]:
    """Endpoints, namespace sharing, /etc/hosts lines, and the host side (`datapath`: None while not read)."""
    head = [
        ("Name", clean(container.name)),
        ("ID", clean(container.id)),
        ("Image", clean(container.image)),
        (
            "State",
            clean(container.state) + (f" ({recorded_status(container.status, snap)})" if container.status else ""),
        ),
        ("Network mode", network_mode(container, snap)),
        ("Ports", join([str(p) for p in container.ports])),
    ]
    if container.compose_project:
        head.append(("Compose", f"project {project_service(container).replace('/', ', service ', 1)}"))
    sections = [
        Section("Container", tuple(head)),
        Section("What it is", (("", explain_container(container, snap)[0][1]), ("", "press e for the full note"))),
        _endpoints_section(container, snap),
        _namespace_section(container, snap, graph),
        _hosts_section(container, snap),
        datapath_section(container, snap, datapath),
        Section("Labels", _pairs(container.labels)),
    ]
    return [s for s in sections if s.rows]


def _endpoints_section(container: Container, snap: Snapshot) -> Section:
    rows: list[tuple[str, str]] = []
    for ep in snap.endpoints_of(container.id):
        rows.append((clean(ep.network_name), _endpoint_line(ep)))
        if gateway := _endpoint_gateway(ep, snap):
            rows.append(("  gateway", gateway))
        if ep.static_ipv4:
            rows.append(("  fixed IP", f"{clean(ep.static_ipv4)} (--ip)"))
        if ep.aliases:
            rows.append(("  aliases", join(ep.aliases)))
        if ep.dns_names:
            rows.append(("  DNS names", join(ep.dns_names)))
    if not rows and container.namespace_target is None:
        rows.append(("", "no endpoints"))
    return Section("Endpoints", tuple(rows))


# After a gateway the IPAM config does not name: where it came from (`gateway_source`).
_GATEWAY_SOURCE = {
    ENDPOINT: " (reported by its endpoints)",
    BRIDGE: " (derived: the host bridge's address)",
    DEFAULT: " (derived: the subnet's first address)",
}


def _endpoint_gateway(ep: Endpoint, snap: Snapshot) -> str:
    """The network's effective gateway, as the networks table and `why` give it; what the
    endpoint was told when the snapshot does not hold its network."""
    net = snap.network(ep.network_id)
    if net is None or not ep.address:
        return clean(ep.gateway)
    gateway, derived = effective_gateway(net, snap)
    return f"{clean(gateway)} (derived)" if gateway and derived else clean(gateway)


def _namespace_section(container: Container, snap: Snapshot, graph: nx.MultiDiGraph[str]) -> Section:
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
        wanted = ep.network_id == link.network_id if link.network_id else ep.network_name == "bridge"
        if wanted:
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
            rows.append((f"link {other}", network_link_line(link, container, snap)))
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


def network_link_line(link: Link, source: Container, snap: Snapshot) -> str:
    """What SRC's per-network `--link` alias resolves to, as `why` decides it (`resolver`, the one
    function both use): the embedded DNS answers the alias only with the target's address on the
    link's network, so a target that is not a member there leaves the alias unresolved."""
    me, other, alias = clean(source.name), container_name(snap, link.target_id), clean(link.alias)
    net = snap.network(link.network_id)
    where = clean(net.name) if net else link.network_id[:12]
    stack = stack_of(snap, source)
    if stack.mode == "down":
        return f"{me} is not running: it resolves no name now ('{alias}' is a --link alias on {where})"
    entry = next((e for e in resolver(snap, stack).values() if e.name.lower() == link.alias.lower()), None)
    target = snap.container(link.target_id)
    mine = {e.address for e in stack_of(snap, target).endpoints if e.address} if target else set()
    if entry is not None and entry.addresses & mine:
        return f"{me} resolves '{alias}' to {other} ({', '.join(sorted(entry.addresses))}) via {clean(entry.source)}"
    if not any(e.network_id == link.network_id for e in snap.endpoints_of(link.target_id)):
        why = f"{other} is not on {where}, and the embedded DNS answers a link alias only there"
    else:
        why = f"{other} has no address on {where} (not running)"
    if entry is not None:
        got = ", ".join(sorted(entry.addresses))
        return f"'{alias}' does not name {other}: {why}; {me} gets {got} from {clean(entry.source)}"
    return f"{me} cannot resolve '{alias}': {why}"
