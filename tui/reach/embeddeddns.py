"""The embedded DNS (127.0.0.11): the order it asks SRC's networks in, their records, its answers.

Split from `tui.reach.names` (whose docstring gives the rules and how they were measured) so
libnetwork's endpoint order and ResolveName's walk (link aliases first, `NAME.NETWORK`, swarm
networks first) sit together, apart from /etc/hosts (`tui.reach.hostsfile`), which is asked before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.model.snapshot import Container, Endpoint, Network, Snapshot
from tui.reach.resolved import NameEntry, Owners, bare
from tui.reach.stack import Stack, is_up, is_user_defined, network_of
from tui.reach.swarm import service_names

# Drivers whose join gives the endpoint a gateway exactly as libnetwork's sort reads it.
KNOWN_DRIVERS = ("bridge", "overlay", "macvlan", "ipvlan")


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
                v6.append(bare(e.ipv6))
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


def embedded_dns(snap: Snapshot, st: Stack, by_id: dict[str, Container]) -> _Dns:
    order = dns_order(snap, st)
    records = {net.id: _records(snap, net, by_id) for _, net in order}
    links: dict[str, dict[str, tuple[str, str]]] = {}
    for link in snap.links:
        target = by_id.get(link.target_id)
        if link.source_id == st.owner.id and link.network_id and target is not None:
            links.setdefault(link.network_id, {})[link.alias.lower()] = (link.alias, target.name.lower())
    return _Dns(order, records, links)


def _rank_unknown(first: Network, other: Network) -> bool:
    """Whether libnetwork's order between two networks hangs on a driver dockernet does not know."""
    if (first.scope == "swarm") != (other.scope == "swarm") or first.internal != other.internal:
        return False
    return _gateways(first) is None or _gateways(other) is None


def from_dns(dns: _Dns, owners: Owners) -> dict[str, NameEntry]:
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
