"""The address space of everything shown: subnets, default pools, conflicts, a free subnet.

One pure function of the snapshot (`address_space`) feeds the address-space screen,
`dockernet subnets [--json]` and the create panel, so they never disagree. Conflicts are what
hurts: two subnets that overlap (a container then cannot tell which network an address is on),
and a subnet that overlaps one of the host's own routes (a LAN, a VPN): the host's more specific
route wins, so part of that world is cut off for containers, or for the network.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from ipaddress import IPv4Network, ip_address, ip_interface

from tui.model.addressing import IPNet, bridge_name, parse_net, pool_gateway
from tui.model.addrpools import BUILTIN_POOLS, Pool, engine_pools, intervals, pool_warning
from tui.model.snapshot import Network, Snapshot

# Interfaces that are Docker's own on any engine host (their routes are Docker's, not the host's).
_DOCKER_DEVS = ("docker0", "docker_gwbridge")
_DOCKER_PREFIXES = ("veth", "br-", "vx-", "ov-")
_PRIVATE = ("172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8")  # where a suggestion may come from after the pools


@dataclass(frozen=True, slots=True)
class SubnetRow:
    """One subnet of one network, with its gateway and how many of its addresses are in use."""

    network: str
    network_id: str
    engine: str
    driver: str
    cidr: str
    gateway: str
    gateway_derived: bool
    used: int  # member addresses, the gateway and the aux addresses inside the subnet
    size: int  # every address of the subnet

    @property
    def label(self) -> str:
        return f"{self.network} @{self.engine}" if self.engine else self.network


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two things that claim the same addresses; `kind` is "overlap" or "host-route"."""

    a: str
    b: str
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class AddressSpace:
    subnets: tuple[SubnetRow, ...]
    pools: tuple[Pool, ...]
    conflicts: tuple[Conflict, ...]
    suggest: str  # one free IPv4 /24 overlapping nothing known ("" when none is found)
    warnings: tuple[str, ...]  # pools (nearly) used up
    routes_problem: str  # why the host's routes cannot be read, "" when they were


def _sort_key(net: IPNet) -> tuple[int, int, int]:
    return net.version, int(net.network_address), net.prefixlen


def _used(snap: Snapshot, network: Network, net: IPNet, gateway: str, aux: int) -> int:
    count = aux + (1 if gateway else 0)
    for ep in snap.members_of(network.id):
        for addr in (ep.ipv4, ep.ipv6):
            if addr and ip_interface(addr).ip in net:
                count += 1
    return count


def subnet_rows(snap: Snapshot) -> list[SubnetRow]:
    """Every IPv4 and IPv6 subnet of every network, sorted by address (config-only networks skipped)."""
    rows: list[tuple[IPNet, SubnetRow]] = []
    for n in snap.networks:
        if n.config_only:
            continue
        for pool in n.ipam:
            net = parse_net(pool.subnet or "")
            if net is None:
                continue
            gateway, derived = pool_gateway(n, pool, snap)
            used = _used(snap, n, net, gateway, len(pool.aux_addresses))
            row = SubnetRow(n.name, n.id, n.engine, n.driver, str(net), gateway, derived, used, net.num_addresses)
            rows.append((net, row))
    rows.sort(key=lambda r: (_sort_key(r[0]), r[1].network, r[1].engine))
    return [row for _, row in rows]


def routes_problem(snap: Snapshot) -> str:
    """Why the host's routes are unknown, in plain words ("" when they were read)."""
    if snap.host is not None and snap.host.routes is not None:
        return ""
    why = "dockernet does not run in the engine's network namespace"
    if snap.source == "demo":
        why = "the demo topology was recorded elsewhere"
    elif snap.source == "snapshot":
        why = "a saved snapshot has no host routes"
    elif snap.multi_engine:
        why = "several engines are shown, each host has its own routes"
    elif snap.engine.host and not snap.engine.host.startswith(("unix://", "http+unix://")):
        why = f"the engine at {snap.engine.host} is remote: its routes live on that machine"
    elif snap.host is not None:
        why = "neither `ip` nor /proc/net/route could be read"
    return f"the host's routes cannot be read ({why})"


def _docker_devs(snap: Snapshot) -> set[str]:
    return {bridge_name(n) for n in snap.networks if n.driver == "bridge"} | set(_DOCKER_DEVS)


def host_prefixes(snap: Snapshot) -> list[tuple[IPNet, str, str]]:
    """The host's own (non-Docker) routes and interface networks: (prefix, device, "host route X dev Y")."""
    host = snap.host
    if host is None:
        return []
    docker = _docker_devs(snap)
    found: dict[tuple[str, str], tuple[IPNet, str, str]] = {}
    for r in host.routes or ():
        net = parse_net(r.dst)
        if (
            net is None
            or net.prefixlen == 0
            or net.is_link_local
            or r.dev in docker
            or r.dev.startswith(_DOCKER_PREFIXES)
        ):
            continue
        via = f" via {r.gateway}" if r.gateway else ""
        found.setdefault((str(net), r.dev), (net, r.dev, f"host route {net}{via} dev {r.dev}"))
    for a in host.addresses or ():
        net = parse_net(a.cidr)
        if net is None or net.is_loopback or net.is_link_local or a.interface in docker:
            continue
        if a.interface.startswith(_DOCKER_PREFIXES):
            continue
        found.setdefault((str(net), a.interface), (net, a.interface, f"host interface {a.interface} ({a.cidr})"))
    return list(found.values())


def _expected(network: Network, dev: str) -> bool:
    """A macvlan/ipvlan network shares its parent's LAN on purpose."""
    parent = dict(network.options).get("parent", "")
    return network.driver in ("macvlan", "ipvlan") and bool(parent) and dev in (parent, parent.split(".")[0])


def conflicts(snap: Snapshot, rows: list[SubnetRow]) -> list[Conflict]:
    """Subnets overlapping each other (across engines too) and the host's own routes."""
    nets = [(row, parse_net(row.cidr)) for row in rows]
    found: list[Conflict] = []
    for (ra, na), (rb, nb) in itertools.combinations(nets, 2):
        if na is None or nb is None or (ra.network_id == rb.network_id and ra.engine == rb.engine):
            continue
        if na.version == nb.version and na.overlaps(nb):
            detail = f"{ra.cidr} ({ra.label}) and {rb.cidr} ({rb.label}) overlap: " + (
                "on one host, the kernel routes the shared addresses to one bridge only; members of the other "
                "cannot reach them"
                if ra.engine == rb.engine
                else "on different engines; a container that must reach both cannot tell them apart"
            )
            found.append(Conflict(f"{ra.label} {ra.cidr}", f"{rb.label} {rb.cidr}", "overlap", detail))
    networks = {n.id: n for n in snap.networks}
    for row, net in nets:
        if net is None:
            continue
        network = networks.get(row.network_id)
        for prefix, dev, words in host_prefixes(snap):
            if (
                prefix.version != net.version
                or not prefix.overlaps(net)
                or (network is not None and _expected(network, dev))
            ):
                continue
            if prefix.prefixlen < net.prefixlen:
                meaning = (
                    f"the bridge's {net} is more specific: the part of {prefix} it covers is cut off for "
                    f"the host and every container (their packets go to {row.label}'s bridge)"
                )
            else:
                meaning = (
                    f"members of {row.label} take {prefix} for their own subnet and look for it on the "
                    f"bridge: they cannot reach what lies behind {dev}"
                )
            found.append(
                Conflict(f"{row.label} {row.cidr}", words, "host-route", f"{row.cidr} overlaps the {words}: {meaning}")
            )
    return found


def taken(snap: Snapshot) -> list[IPNet]:
    """Every prefix a new subnet must not overlap: all subnets shown and the host's own prefixes."""
    nets = [n for row in subnet_rows(snap) if (n := parse_net(row.cidr)) is not None]
    return nets + [p for p, _, _ in host_prefixes(snap)]


def overlapping(cidr: str, snap: Snapshot) -> str:
    """What a proposed subnet overlaps, in words ("" when nothing known)."""
    net = parse_net(cidr)
    if net is None:
        return ""
    for row in subnet_rows(snap):
        other = parse_net(row.cidr)
        if other is not None and other.version == net.version and other.overlaps(net):
            return f"{row.cidr} of {row.label}"
    for prefix, _, words in host_prefixes(snap):
        if prefix.version == net.version and prefix.overlaps(net):
            return f"the {words}"
    return ""


def _first_free(base: IPv4Network, prefix: int, occupied: list[tuple[int, int]]) -> str:
    step = 1 << (32 - prefix)
    start, end = int(base.network_address), int(base.broadcast_address)
    while start + step - 1 <= end:
        clash = next(((lo, hi) for lo, hi in occupied if lo <= start + step - 1 and hi >= start), None)
        if clash is None:
            return f"{ip_address(start)}/{prefix}"
        start = (clash[1] // step + 1) * step
    return ""


def suggest_subnet(snap: Snapshot, prefix: int = 24, engine: str | None = None) -> str:
    """The first free IPv4 /prefix that overlaps nothing known.

    First the engine's default pools cut in blocks of that very size (what Docker would pick
    next); then the private ranges outside every default pool, so an explicit subnet never eats
    a pool block of another size (a /24 inside 172.18.0.0/16 would take that whole /16 block).
    """
    if not 8 <= prefix <= 30:
        return ""
    known = [n for n in taken(snap) if n.version == 4]
    infos = [i for i in (snap.engine_infos or (snap.engine,)) if engine is None or i.label == engine]
    mine = list((infos[0].address_pools if infos else None) or BUILTIN_POOLS)
    every = [p for i in (snap.engine_infos or (snap.engine,)) for p in (i.address_pools or BUILTIN_POOLS)]
    for base_text, size in mine:
        base = parse_net(base_text)
        if size == prefix and isinstance(base, IPv4Network) and (found := _first_free(base, prefix, intervals(known))):
            return found
    pools = [n for b, _ in every if isinstance(n := parse_net(b), IPv4Network)]
    occupied = intervals([*known, *pools])
    for base_text in _PRIVATE:
        base = parse_net(base_text)
        if isinstance(base, IPv4Network) and (found := _first_free(base, prefix, occupied)):
            return found
    return ""


def address_space(snap: Snapshot) -> AddressSpace:
    rows = subnet_rows(snap)
    pools: list[Pool] = []
    warnings: list[str] = []
    for info in snap.engine_infos or (snap.engine,):
        local = [
            n
            for row in rows
            if (row.engine == info.label or not snap.engines)
            and row.driver not in ("overlay",)
            and (n := parse_net(row.cidr)) is not None
        ]
        mine = engine_pools(info.address_pools, local, info.label)
        pools += mine
        if warning := pool_warning(mine):
            warnings.append(warning)
    return AddressSpace(
        tuple(rows),
        tuple(pools),
        tuple(conflicts(snap, rows)),
        suggest_subnet(snap),
        tuple(warnings),
        routes_problem(snap),
    )
