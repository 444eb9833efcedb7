"""A namespace's /etc/hosts, line by line, and the names it resolves: the first place a resolver asks.

Split from `tui.reach.names` (whose docstring gives the rules and how they were measured) so the
file's rules sit together: localhost, the --add-host entries, legacy --link lines, the container's
own hostname lines, and the copy of the host's file a --network host container gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.model.snapshot import Container, Endpoint, Snapshot
from tui.reach.hostpaths import default_bridge_gateway
from tui.reach.resolved import LOOPBACK6, NameEntry, Owners, bare
from tui.reach.stack import LOOPBACK, Stack, is_up, network_of


@dataclass(frozen=True, slots=True)
class HostsLine:
    """One line of a namespace's /etc/hosts, as docker writes it."""

    address: str  # "" for a line whose address the snapshot cannot know (a stale link)
    names: tuple[str, ...]
    source: str
    doubt: str = ""
    caveat: str = ""


def _hostname(snap: Snapshot, c: Container) -> str:
    """Config.Hostname; the engine's defaults when an old snapshot lacks it."""
    if c.hostname:
        return c.hostname
    if c.network_mode == "host":
        infos = [i for i in snap.engine_infos if i.label == c.engine] or [snap.engine]
        return infos[0].name
    return c.short_id


def _own_names(snap: Snapshot, c: Container) -> tuple[str, ...]:
    """`hostname.domain hostname`, as libnetwork writes the container's own line."""
    fqdn = _hostname(snap, c)
    if c.domainname:
        fqdn = f"{fqdn}.{c.domainname}"
    if not fqdn:
        return ()
    short = fqdn.split(".", 1)[0]
    return (fqdn, short) if short != fqdn else (fqdn,)


def parse_extra_host(entry: str) -> tuple[str, str]:
    """`name:ip` (the engine's form, IPv6 unbracketed), also `name=ip` and `name:[v6]`."""
    eq, colon = entry.find("="), entry.find(":")
    sep = "=" if eq != -1 and (colon == -1 or eq < colon) else ":"
    name, _, ip = entry.partition(sep)
    if ip.startswith("[") and ip.endswith("]"):
        ip = ip[1:-1]
    return name.strip(), ip.strip()


def hosts_file(snap: Snapshot, st: Stack) -> list[HostsLine]:
    """The lines of the namespace owner's /etc/hosts that name something, in file order."""
    owner = st.owner
    mine = f"{owner.name}'s /etc/hosts"
    if st.mode == "host" and not owner.extra_hosts:
        host = _hostname(snap, owner)
        copied = (
            f"the host's /etc/hosts, which {owner.name} (--network host) gets a copy of (the snapshot does not "
            "hold that file: dockernet assumes it names localhost and the host's hostname, as most do; its other "
            "names work too)"
        )
        return [HostsLine(LOOPBACK, tuple(dict.fromkeys(("localhost", host) if host else ("localhost",))), copied)]
    lines = [HostsLine(LOOPBACK, ("localhost",), mine), HostsLine(LOOPBACK6, ("localhost",), mine)]
    gateway = default_bridge_gateway(snap)
    for entry in owner.extra_hosts:
        name, ip = parse_extra_host(entry)
        ip = gateway if ip == "host-gateway" else ip
        if name and ip:
            lines.append(HostsLine(ip, (name,), f"{mine} (--add-host {entry})"))
    if st.mode != "endpoints":
        return lines  # host with --add-host, none: no links, no line of its own
    lines.extend(_link_lines(snap, st, mine))
    own = _own_names(snap, owner)
    for e in st.endpoints:  # one line per network joined (join order: unknowable, all its own)
        for addr in (e.address, bare(e.ipv6)):
            if addr and own:
                lines.append(HostsLine(addr, own, f"{mine} (its hostname)"))
    return lines


def _link_lines(snap: Snapshot, st: Stack, mine: str) -> Iterator[HostsLine]:
    owner = st.owner
    by_id = {c.id: c for c in snap.containers}
    for link in snap.links:
        if link.source_id != owner.id or link.network_id:
            continue
        target = by_id.get(link.target_id)
        if target is None:
            continue
        names = tuple(dict.fromkeys((link.alias, _hostname(snap, target), target.name)))
        source = f"{mine} (legacy --link {target.name}:{link.alias})"
        caveat = (
            f"{owner.name}'s /etc/hosts was written when {owner.name} started: if {target.name} was renamed "
            f"since, the line still holds its old name, not {target.name}"
        )
        addr = next(
            (e.address for e in snap.endpoints_of(target.id) if e.address and is_on_default_bridge(snap, e)), None
        )
        if is_up(target) and addr:
            yield HostsLine(addr, names, source, caveat=caveat)
            continue
        why = "is not running" if not is_up(target) else "has no address on the default bridge now"
        doubt = (
            f"stale: {target.name} {why}, yet {owner.name}'s /etc/hosts still maps {', '.join(names)} to the "
            "address it had, which another container on the default bridge may hold now"
        )
        yield HostsLine("", names, source, doubt=doubt)


def is_on_default_bridge(snap: Snapshot, e: Endpoint) -> bool:
    net = network_of(snap, e)
    return net is not None and net.is_default_bridge


def from_hosts(lines: list[HostsLine], owners: Owners) -> dict[str, NameEntry]:
    """Each name of the file, resolved as the file resolves it (every line that names it)."""
    hits: dict[str, list[HostsLine]] = {}
    shown: dict[str, str] = {}
    for line in lines:
        for name in line.names:
            hits.setdefault(name.lower(), []).append(line)
            shown.setdefault(name.lower(), name)
    entries: dict[str, NameEntry] = {}
    for key, found in hits.items():
        name, first = shown[key], found[0]
        addresses = frozenset(x.address for x in found if x.address)
        doubt = next((x.doubt for x in found if x.doubt), "")
        if not doubt and len(owners.places(addresses)) > 1:
            doubt = (
                f"ambiguous: {len(found)} lines of the file name it ("
                + "; ".join(f"{x.address} {owners.who(x.address)}, from {x.source}" for x in found)
                + "): busybox takes the first, other libcs may sort the addresses"
            )
        entries[key] = NameEntry(name, addresses, first.source, doubt, first.caveat)
    return entries
