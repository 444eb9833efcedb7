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

The first two places live in `tui.reach.hostsfile` and `tui.reach.embeddeddns`; this module puts
their answers together (the file wins) and picks the names that give DST and nothing else.

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

from tui.model.snapshot import Snapshot
from tui.reach.embeddeddns import embedded_dns, from_dns, has_embedded_dns
from tui.reach.hostsfile import from_hosts, hosts_file, is_on_default_bridge
from tui.reach.resolved import LOOPBACK6, NameEntry, Owners, bare
from tui.reach.stack import LOOPBACK, Stack

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
    owners = Owners.of(snap)
    known = from_hosts(hosts_file(snap, st), owners)
    if has_embedded_dns(snap, st):
        for key, entry in from_dns(embedded_dns(snap, st, by_id), owners).items():
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
            targets.add(bare(e.ipv6))
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
    on_default_bridge = any(is_on_default_bridge(snap, e) for e in dst.endpoints)
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
