"""By which names SRC can reach DST — the name half of `tui.reach.verdict`.

A name counts when SRC's resolver turns it into one of DST's addresses. What a namespace's
resolver knows (measured on the lab engine, see tests/test_reach_matrix.py):

- /etc/hosts, which wins over DNS: `localhost`, the container's hostname (its short id unless
  --hostname was given), legacy `--link` entries (`IP alias hostname name`, only in the linking
  container: links are one-way) and `--add-host` entries (`host-gateway` is docker0's address);
- the embedded DNS (127.0.0.11) of a container on a user-defined network: for every running
  member of each of its networks, the container name, `name.network` and that network's aliases
  (which include the short id); per-network `--link` aliases only for the linking container.
  The default bridge has none of this, and a `--network container:X` joiner has no DNS name of
  its own: it answers on X's names;
- on a swarm overlay, also the services on it: their names and `tasks.<name>` (`tui.reach.swarm`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.snapshot import Container, Snapshot
from tui.reach.ip import LOOPBACK, Stack, default_bridge_gateway, is_up, is_user_defined, network_of
from tui.reach.swarm import service_names


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name SRC's resolver knows, the addresses it gives, and where it comes from."""

    name: str
    addresses: frozenset[str]
    source: str


def _hosts_file(snap: Snapshot, st: Stack, by_id: dict[str, Container]) -> list[NameEntry]:
    owner = st.owner
    entries = [NameEntry("localhost", frozenset({LOOPBACK}), f"{owner.name}'s /etc/hosts")]
    if st.mode == "endpoints" and st.endpoints and st.endpoints[0].address:
        own = frozenset({st.endpoints[0].address})
        entries.append(NameEntry(owner.short_id, own, f"{owner.name}'s /etc/hosts (its hostname)"))
    for link in snap.links:
        if link.source_id != owner.id or link.network_id:
            continue
        target = by_id.get(link.target_id)
        if target is None or not is_up(target):
            continue
        addr = next(
            (e.address for e in snap.endpoints_of(target.id) if e.address and _on_default_bridge(snap, e.network_id)),
            None,
        )
        if not addr:
            continue
        source = f"{owner.name}'s /etc/hosts (legacy --link {target.name}:{link.alias})"
        for name in dict.fromkeys((link.alias, target.short_id, target.name)):
            entries.append(NameEntry(name, frozenset({addr}), source))
    gateway = default_bridge_gateway(snap)
    for entry in owner.extra_hosts:
        name, _, ip = entry.partition(":")
        ip = gateway if ip == "host-gateway" else ip
        if name and ip:
            entries.append(NameEntry(name, frozenset({ip}), f"{owner.name}'s /etc/hosts (--add-host {entry})"))
    return entries


def _on_default_bridge(snap: Snapshot, network_id: str) -> bool:
    net = snap.network(network_id)
    return net is not None and net.is_default_bridge


def has_embedded_dns(snap: Snapshot, st: Stack) -> bool:
    return st.mode == "endpoints" and any(is_user_defined(network_of(snap, e)) for e in st.endpoints)


def _embedded_dns(snap: Snapshot, st: Stack, by_id: dict[str, Container]) -> list[NameEntry]:
    records: dict[tuple[str, str], set[str]] = {}
    for mine in st.endpoints:
        net = network_of(snap, mine)
        if not is_user_defined(net) or net is None:
            continue
        source = f"the embedded DNS on {net.name}"
        for e in snap.members_of(mine.network_id):
            member = by_id.get(e.container_id)
            if member is None or not e.address or not is_up(member):
                continue
            for name in (member.name, f"{member.name}.{net.name}", *e.aliases):
                records.setdefault((name, source), set()).add(e.address)
        for name, addrs, service_source in service_names(snap, net):  # swarm services: VIP, dnsrr, tasks.
            records.setdefault((name, service_source), set()).update(addrs)
        for link in snap.links:
            if link.source_id != st.owner.id or link.network_id != mine.network_id:
                continue
            target = next((e for e in snap.members_of(mine.network_id) if e.container_id == link.target_id), None)
            if target is not None and target.address:
                records.setdefault((link.alias, f"{source} (--link alias)"), set()).add(target.address)
    return [NameEntry(name, frozenset(addrs), source) for (name, source), addrs in records.items()]


def resolver(snap: Snapshot, st: Stack) -> dict[str, NameEntry]:
    """Every name the namespace resolves, /etc/hosts first (it wins), then the embedded DNS."""
    if st.mode == "down":
        return {}
    by_id = {c.id: c for c in snap.containers}
    known: dict[str, NameEntry] = {}
    for entry in _hosts_file(snap, st, by_id):
        known.setdefault(entry.name, entry)
    if has_embedded_dns(snap, st):
        for entry in _embedded_dns(snap, st, by_id):
            if entry.name not in known:
                known[entry.name] = entry
            elif known[entry.name].source == entry.source:  # one alias on two of SRC's networks
                old = known[entry.name]
                known[entry.name] = NameEntry(entry.name, old.addresses | entry.addresses, old.source)
    return known


def names_for(snap: Snapshot, src: Stack, dst: Stack, dst_addresses: set[str]) -> tuple[list[str], list[str]]:
    """Names SRC can use for DST (resolving to one of `dst_addresses`), and why, in plain words."""
    if src.mode == "down" or dst.mode == "down" or dst.mode == "none":
        return [], []
    d, owner = dst.container.name, dst.owner.name
    names: list[str] = []
    by_source: dict[str, list[str]] = {}
    for entry in resolver(snap, src).values():
        if entry.addresses & dst_addresses:
            names.append(entry.name)
            by_source.setdefault(entry.source, []).append(entry.name)
    reasons = [f"{', '.join(found)}: from {source}" for source, found in by_source.items()]
    if dst.joined and dst.owner.id != src.owner.id:
        reasons.append(f"{d} shares {owner}'s namespace and has no DNS name of its own: use {owner}'s names")
    if [n for n in names if n != "localhost"]:
        return names, reasons
    reasons.extend(_why_no_names(snap, src, dst))
    return names, reasons


def _why_no_names(snap: Snapshot, src: Stack, dst: Stack) -> list[str]:
    s, d = src.container.name, dst.container.name
    reasons = []
    if src.mode == "host":
        reasons.append(f"{s} uses the host's /etc/hosts and resolver: container names mean nothing there")
    elif src.mode == "endpoints" and not has_embedded_dns(snap, src):
        reasons.append(
            f"{s} is only on the default bridge, which has no embedded DNS: "
            "it finds others by name only through --link or --add-host entries in its /etc/hosts"
        )
    elif has_embedded_dns(snap, src) and dst.mode == "endpoints":
        reasons.append(
            f"{s}'s embedded DNS (127.0.0.11) answers only for containers on its own user-defined networks, "
            f"and {d} shares none with it"
        )
    if any(link.source_id == dst.owner.id and link.target_id == src.owner.id for link in snap.links):
        reasons.append(f"the --link is one-way: {d}'s /etc/hosts names {s}, not the other way round")
    return reasons
