"""By which names SRC can reach DST — the name half of `tui.reach.verdict`.

A name counts when SRC's resolver turns it into DST's addresses, and only DST's. A namespace's
resolver asks three places in turn; the first that knows the name answers (measured on the lab
engine, 20.10.24 with swarm active, and read in libnetwork's sandbox code;
tests/test_reach_names_matrix.py checks every rule with lookups from inside containers):

1. /etc/hosts. Docker writes, in this order: `localhost` (127.0.0.1 and ::1), the `--add-host`
   entries (IPv6 ones too), one line per legacy `--link` (`IP alias hostname name`: the target's
   Config.Hostname, and its name *as it was when the linking container started*), then one line
   per network joined, `IP hostname.domain hostname` (Config.Hostname: the short id unless
   --hostname). A `--network container:X` joiner shares X's file. A `--network host` container
   gets a copy of the host's own /etc/hosts, unless it has an --add-host: then docker writes
   only localhost and the entries. Because the file comes first, a link alias, an --add-host name
   or a hostname equal to another container's name hides that container's DNS name. When several
   lines name it, busybox takes the first; other libcs may sort the addresses, so lines pointing
   at different places make the answer ambiguous.
2. The embedded DNS (127.0.0.11), for a container on a user-defined network. Each of its networks
   has records for every running member: the container name, its aliases (the short id among
   them, and its --hostname: the engine adds both) and the swarm services on it
   (`tui.reach.swarm`); `NAME.NETWORK` asks that one network.
   Names compare case-insensitively. SRC's own per-network `--link` aliases are tried before any
   record. A name found on several of SRC's networks is answered from the first in libnetwork's
   endpoint order (`dns_order`), never merged; several containers with one name on one network
   get all their addresses, shuffled (round robin), so which one answers cannot be known.
3. Upstream (the engine's --dns, the host's resolver): no container names there.

Renames (measured with swarm active): `docker rename` does not update the embedded DNS of local
networks. The old name keeps answering — after a stop, after a removal, for whichever container
later gets the address — and the new name answers only once the container is restarted. Renaming
a member of an overlay fails, and leaves the refused name in the DNS. Legacy-link lines keep the
old name too, with the target's current address. No field of the engine's API shows an old
name, so a verdict says when a DNS or link name may be stale instead of pretending to know.
Without swarm, libnetwork's rename rewrites the records (read in its code, not measured: the lab
engine always runs a swarm), so the DNS caveat is given only with swarm active.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tui.model.snapshot import Container, Endpoint, Network, Snapshot
from tui.reach.ip import LOOPBACK, Stack, default_bridge_gateway, is_up, is_user_defined, network_of
from tui.reach.swarm import service_names

LOOPBACK6 = "::1"
# Drivers whose join gives the endpoint a gateway exactly as libnetwork's sort reads it.
KNOWN_DRIVERS = ("bridge", "overlay", "macvlan", "ipvlan")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name SRC's resolver knows, the addresses it gives, and where it comes from.

    `addresses` is every address a lookup may return (IPv4 and IPv6). `doubt` says why the
    answer cannot be known for sure (ambiguous, or stale); such a name is never counted as a
    name of DST. `caveat` qualifies an answer that is right unless something the snapshot cannot
    show happened (a rename).
    """

    name: str
    addresses: frozenset[str]
    source: str
    doubt: str = ""
    caveat: str = ""
    hidden: frozenset[str] = frozenset()  # what another place would answer, had this one not come first
    hidden_why: str = ""  # which place comes first, and why


@dataclass(frozen=True, slots=True)
class HostsLine:
    """One line of a namespace's /etc/hosts, as docker writes it."""

    address: str  # "" for a line whose address the snapshot cannot know (a stale link)
    names: tuple[str, ...]
    source: str
    doubt: str = ""
    caveat: str = ""


@dataclass(slots=True)
class _Owners:
    """Which container holds each address (to say who an ambiguous name points at)."""

    by_address: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, snap: Snapshot) -> _Owners:
        up = {c.id: c.name for c in snap.containers if is_up(c)}
        owners = cls()
        for e in snap.endpoints:
            name = up.get(e.container_id)
            if name is None:
                continue
            for addr in (e.address, _bare(e.ipv6)):
                if addr:
                    owners.by_address.setdefault(addr, name)
        return owners

    def who(self, address: str) -> str:
        if address == LOOPBACK6 or address.startswith("127."):
            return "loopback"
        return self.by_address.get(address, address)

    def places(self, addresses: Iterable[str]) -> set[str]:
        return {self.who(a) for a in addresses}


def _bare(address: str | None) -> str:
    return address.split("/", 1)[0] if address else ""


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
        for addr in (e.address, _bare(e.ipv6)):
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
            (e.address for e in snap.endpoints_of(target.id) if e.address and _on_default_bridge(snap, e)), None
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


def _on_default_bridge(snap: Snapshot, e: Endpoint) -> bool:
    net = network_of(snap, e)
    return net is not None and net.is_default_bridge


def has_embedded_dns(snap: Snapshot, st: Stack) -> bool:
    return st.mode == "endpoints" and any(is_user_defined(network_of(snap, e)) for e in st.endpoints)


def _gateways(net: Network) -> int | None:
    """libnetwork's join-info weight: 1 for an IPv4 gateway, +2 for an IPv6 one; None if unknown."""
    if net.driver == "bridge":
        return 1 + (2 if net.ipv6 else 0)
    if net.driver == "overlay":
        return 0
    if net.driver in ("macvlan", "ipvlan"):
        if net.internal or dict(net.options).get("ipvlan_mode") == "l3":
            return 0
        v4 = any(":" not in s for s in net.subnets) or not net.subnets
        v6 = net.ipv6 and any(":" in s for s in net.subnets)
        return (1 if v4 else 0) + (2 if v6 else 0)
    return None


def _sort_key(net: Network) -> tuple[bool, int, str]:
    return (net.internal, -(_gateways(net) or 0), net.name)


def dns_order(snap: Snapshot, st: Stack) -> list[tuple[Endpoint, Network]]:
    """SRC's user-defined networks in the order its embedded DNS asks them.

    libnetwork keeps a sandbox's endpoints sorted (endpoint.Less): internal networks last, then
    more gateways first (an IPv6-enabled bridge, 3, before a plain bridge, 1, before an overlay, 0),
    then by network name (Go's byte order, as Python compares str). With swarm active the resolver
    moves the swarm-scoped networks to the front (sandbox.ResolveName), so an attachable overlay
    beats a bridge. Join order plays no part.
    """
    found = [(e, net) for e in st.endpoints if (net := network_of(snap, e)) is not None and is_user_defined(net)]
    found = [(e, n) for e, n in found if n.name != "docker_gwbridge"]
    swarm = sorted(((e, n) for e, n in found if n.scope == "swarm" and not n.ingress), key=lambda p: _sort_key(p[1]))
    ingress = [(e, n) for e, n in found if n.ingress]
    local = sorted(((e, n) for e, n in found if n.scope != "swarm"), key=lambda p: _sort_key(p[1]))
    return swarm + ingress + local


def _first_because(first: Network, other: Network) -> str:
    """Why the DNS asks `first` before `other`, in plain words."""
    if first.scope == "swarm" and other.scope != "swarm":
        return f"with swarm active it asks swarm-scoped networks like {first.name} before local ones like {other.name}"
    if first.internal != other.internal:
        return f"it asks internal networks like {other.name} last"
    a, b = _gateways(first) or 0, _gateways(other) or 0
    if a >= 3 > b:
        return f"it asks IPv6-enabled networks like {first.name} before IPv4-only ones like {other.name}"
    if a > b:
        return f"it asks networks with a gateway like {first.name} before {other.driver} networks like {other.name}"
    return f"same rank, so by name: {first.name} sorts before {other.name}"


@dataclass(frozen=True, slots=True)
class _Record:
    """What one network's DNS holds for one name: the addresses, and who gave them."""

    name: str  # as spelled by whoever set it (the DNS compares lower-cased)
    v4: tuple[str, ...]
    v6: tuple[str, ...]
    source: str
    caveat: str = ""


@dataclass(frozen=True, slots=True)
class _Answer:
    """The embedded DNS's answer to one query."""

    addresses: tuple[str, ...]
    network: Network
    source: str
    caveat: str
    holders: tuple[Network, ...]  # SRC's networks that know the name, in the order asked


def _records(snap: Snapshot, net: Network, by_id: dict[str, Container]) -> dict[str, _Record]:
    """The embedded DNS's records on one network, by lower-cased name."""
    acc: dict[str, tuple[str, list[str], list[str], str, str]] = {}
    stale = snap.engine.swarm == "active"  # without swarm, libnetwork updates the records on a rename
    for e in snap.members_of(net.id):
        member = by_id.get(e.container_id)
        if member is None or not e.address or not is_up(member):
            continue
        for name in dict.fromkeys((member.name, *e.aliases, *e.dns_names)):
            caveat = ""
            if stale and name == member.name:
                caveat = (
                    f"with swarm active this engine's DNS keeps the names containers had when they started: if "
                    f"{member.name} was renamed since (or a rename of it failed, as on an overlay), "
                    f"{member.name} does not resolve until it restarts, and the other name does; an old name even "
                    "outlives its container and then names whichever container gets the address next (a snapshot "
                    "cannot show renames)"
                )
            _, v4, v6, _, _ = acc.setdefault(name.lower(), (name, [], [], f"the embedded DNS on {net.name}", caveat))
            v4.append(e.address)
            if e.ipv6:
                v6.append(_bare(e.ipv6))
    for name, addrs, source in service_names(snap, net):  # swarm services: VIP, dnsrr, tasks.
        _, v4, v6, _, _ = acc.setdefault(name.lower(), (name, [], [], source, ""))
        v4.extend(a for a in sorted(addrs) if ":" not in a)
        v6.extend(a for a in sorted(addrs) if ":" in a)
    return {
        key: _Record(name, tuple(dict.fromkeys(a)), tuple(dict.fromkeys(b)), source, caveat)
        for key, (name, a, b, source, caveat) in acc.items()
    }


@dataclass
class _Dns:
    """The embedded DNS of one sandbox, as libnetwork's ResolveName walks it."""

    order: list[tuple[Endpoint, Network]]
    records: dict[str, dict[str, _Record]]  # network id -> lower-cased name -> record
    links: dict[str, dict[str, tuple[str, str]]]  # network id -> SRC's link alias -> (alias, target name)

    def lookup(self, query: str, v6: bool) -> _Answer | None:
        """The answer to an A (or, with `v6`, AAAA) query, or None when no network knows it.

        `a.b.c` is tried whole on every network, then as `a.b` on network `c`, then `a` on `b.c`;
        each try asks SRC's link aliases on every network first, then the records.
        """
        name = query.rstrip(".").lower()
        tries = [(name, "")]
        rest = name
        while "." in rest:
            i = rest.rindex(".")
            tries.append((name[:i], name[i + 1 :]))
            rest = rest[:i]
        for req, net_name in tries:
            asked = [(e, n) for e, n in self.order if not net_name or net_name == n.name.lower()]
            holders = tuple(n for _, n in asked if self._knows(n, req))
            for alias in (True, False):
                for _, net in asked:
                    links = self.links.get(net.id, {})
                    if alias != (req in links):
                        continue  # the alias pass asks only link aliases; the other skips them
                    key, how = (links[req][1], " (--link alias)") if alias else (req, "")
                    rec = self.records.get(net.id, {}).get(key)
                    got = rec.v6 if rec and v6 else rec.v4 if rec else ()
                    if rec and got:
                        return _Answer(got, net, rec.source + how, "" if alias else rec.caveat, holders)
        return None

    def _knows(self, net: Network, req: str) -> bool:
        return req in self.records.get(net.id, {}) or req in self.links.get(net.id, {})

    def candidates(self) -> Iterator[tuple[str, str]]:
        """(query, spelling) for every name some network of SRC knows: bare and `.network` forms."""
        for _, net in self.order:
            spelled = [r.name for r in self.records.get(net.id, {}).values()]
            spelled += [alias for alias, _ in self.links.get(net.id, {}).values()]
            for name in spelled:
                yield name.lower(), name
                yield f"{name}.{net.name}".lower(), f"{name}.{net.name}"


def _dns(snap: Snapshot, st: Stack, by_id: dict[str, Container]) -> _Dns:
    order = dns_order(snap, st)
    records = {net.id: _records(snap, net, by_id) for _, net in order}
    links: dict[str, dict[str, tuple[str, str]]] = {}
    for link in snap.links:
        target = by_id.get(link.target_id)
        if link.source_id == st.owner.id and link.network_id and target is not None:
            links.setdefault(link.network_id, {})[link.alias.lower()] = (link.alias, target.name.lower())
    return _Dns(order, records, links)


def _from_hosts(lines: list[HostsLine], owners: _Owners) -> dict[str, NameEntry]:
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


def _rank_unknown(first: Network, other: Network) -> bool:
    """Whether libnetwork's order between two networks hangs on a driver dockernet does not know."""
    if (first.scope == "swarm") != (other.scope == "swarm") or first.internal != other.internal:
        return False
    return _gateways(first) is None or _gateways(other) is None


def _from_dns(dns: _Dns, owners: _Owners) -> dict[str, NameEntry]:
    entries: dict[str, NameEntry] = {}
    for key, name in dict.fromkeys(dns.candidates()):
        if key in entries:
            continue
        a = dns.lookup(key, v6=False)
        if a is None:
            continue
        aaaa = dns.lookup(key, v6=True)
        v6 = aaaa.addresses if aaaa else ()
        others = [n for n in a.holders if n.id != a.network.id]
        doubt, source = "", a.source
        if len(owners.places(a.addresses)) > 1:
            doubt = (
                f"ambiguous: on {a.network.name} it names {', '.join(sorted(owners.places(a.addresses)))}; "
                "the embedded DNS returns them all, shuffled (round robin)"
            )
        elif aaaa and owners.places(v6) != owners.places(a.addresses):
            doubt = (
                f"ambiguous: an IPv4 lookup gets {', '.join(sorted(owners.places(a.addresses)))} on "
                f"{a.network.name}, an IPv6 lookup {', '.join(sorted(owners.places(v6)))} on {aaaa.network.name}: "
                "which one a program uses depends on the address family it asks for"
            )
        elif unknown := [o for o in others if _rank_unknown(a.network, o)]:
            driver = next(n.driver for n in (a.network, unknown[0]) if _gateways(n) is None)
            doubt = (
                f"ambiguous: it is on {a.network.name} and {unknown[0].name}, and which one the embedded DNS asks "
                f"first depends on the gateways the {driver} driver gives, which dockernet does not know"
            )
        hidden: set[str] = set()
        hidden_why = ""
        if others and not doubt:
            because = "; ".join(_first_because(a.network, o) for o in others)
            source += f", which it asks first ({because})"
            for o in others:  # what the later networks hold under that name
                for v6_query in (False, True):
                    later = dns.lookup(f"{key}.{o.name}", v6=v6_query)
                    hidden.update(later.addresses if later else ())
            who = ", ".join(sorted(owners.places(a.addresses)))
            hidden_why = f"the embedded DNS asks {a.network.name} first, where it names {who} ({because})"
        addresses = frozenset(a.addresses) | frozenset(v6)
        entries[key] = NameEntry(name, addresses, source, doubt, a.caveat, frozenset(hidden) - addresses, hidden_why)
    return entries


# The last snapshot's resolvers by (namespace owner, mode): `reaches` asks one SRC's resolver once
# per DST. The snapshot is held (immutable), so its id cannot be reused while it is cached here.
_memo: list[tuple[Snapshot, dict[tuple[str, str], dict[str, NameEntry]]]] = []


def resolver(snap: Snapshot, st: Stack) -> dict[str, NameEntry]:
    """Every name the namespace resolves, keyed by name: /etc/hosts first (it wins), then the DNS."""
    if st.mode == "down":
        return {}
    memo = _memo[0][1] if _memo and _memo[0][0] is snap else None
    if memo is None:
        memo = {}
        _memo[:] = [(snap, memo)]
    key = (st.owner.id, st.mode)
    if key not in memo:
        memo[key] = _resolve(snap, st)
    return dict(memo[key])


def _resolve(snap: Snapshot, st: Stack) -> dict[str, NameEntry]:
    by_id = {c.id: c for c in snap.containers}
    owners = _Owners.of(snap)
    known = _from_hosts(hosts_file(snap, st), owners)
    if has_embedded_dns(snap, st):
        for key, entry in _from_dns(_dns(snap, st, by_id), owners).items():
            if key in known:  # a hosts-file line hides the DNS's answer
                first = known[key]
                answer = ", ".join(sorted(first.addresses)) or "a stale address"
                why = f"{first.source} names it first ({answer}), and /etc/hosts wins over the DNS"
                known[key] = dataclasses.replace(first, hidden=entry.addresses | entry.hidden, hidden_why=why)
            else:
                known[key] = entry
    return {entry.name: entry for entry in known.values()}


def _targets(snap: Snapshot, dst: Stack, dst_addresses: set[str]) -> set[str]:
    """DST's addresses, with the IPv6 ones of the endpoints whose IPv4 address is among them."""
    targets = set(dst_addresses)
    for e in dst.endpoints:
        if e.address in dst_addresses and e.ipv6:
            targets.add(_bare(e.ipv6))
    if LOOPBACK in targets:
        targets.add(LOOPBACK6)
    return targets


def names_for(snap: Snapshot, src: Stack, dst: Stack, dst_addresses: set[str]) -> tuple[list[str], list[str]]:
    """Names SRC can use for DST (resolving to `dst_addresses` and nothing else), and why."""
    if src.mode == "down" or dst.mode == "down" or dst.mode == "none":
        return [], []
    d, owner = dst.container.name, dst.owner.name
    targets = _targets(snap, dst, dst_addresses)
    names: list[str] = []
    by_source: dict[str, list[str]] = {}
    doubts: list[str] = []
    caveats: list[str] = []
    on_default_bridge = any(_on_default_bridge(snap, e) for e in dst.endpoints)
    for entry in resolver(snap, src).values():
        hits = entry.addresses & targets
        if entry.hidden & targets and not hits:
            doubts.append(f"{entry.name} does not name {d} here: {entry.hidden_why}")
        if entry.doubt:
            if hits or (not entry.addresses and on_default_bridge):
                doubts.append(f"{entry.name}: {entry.doubt}")
            continue
        if not hits:
            continue
        if not entry.addresses <= targets:
            doubts.append(f"{entry.name}: it also gives {', '.join(sorted(entry.addresses - targets))}")
            continue
        names.append(entry.name)
        by_source.setdefault(entry.source, []).append(entry.name)
        if entry.caveat:
            caveats.append(entry.caveat)
    reasons = [f"{', '.join(found)}: from {source}" for source, found in by_source.items()]
    reasons.extend(doubts)
    reasons.extend(dict.fromkeys(caveats))
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
