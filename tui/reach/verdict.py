"""Can SRC reach DST, and why? One `Verdict` per ordered pair of containers.

Pure functions of a `Snapshot`: the IP reasoning lives in `tui.reach.ip`, name resolution in
`tui.reach.names`, the plain-text rendering in `tui.reach.text`. Every verdict says what works,
why, and — when something does not — the change that would make it work. The rules are checked
against the kernel by tests/test_reach_matrix.py (pings and lookups from inside each container).
"""

from __future__ import annotations

from tui.model.addressing import effective_gateway
from tui.model.merge import engine_view
from tui.model.snapshot import Container, Snapshot
from tui.reach.answer import FixAction as FixAction
from tui.reach.answer import Verdict as Verdict
from tui.reach.fixes import ip_fixes, name_fixes
from tui.reach.forwardrules import through_forward
from tui.reach.hostpaths import host_paths
from tui.reach.ip import addresses_of, ip_paths
from tui.reach.ip6 import Reach6, host_reach6, ip6_paths
from tui.reach.names import names_for, resolver
from tui.reach.pending import provisional
from tui.reach.published import ALL_ADDRESSES, port_scope, published_ports, published_routes
from tui.reach.stack import LOOPBACK, Path, Stack, network_of, stack_of

__all__ = ["HOST", "FixAction", "Path", "Verdict", "host_verdict", "reachable_from", "reaches", "verdict"]

HOST = "host"  # `dockernet why SRC host`: the engine's host as the destination


def verdict(snap: Snapshot, src: Container, dst: Container) -> Verdict:
    """Decide and explain whether `src` reaches `dst` (by IP and by name)."""
    return provisional(snap, through_forward(snap, _verdict(snap, src, dst)))


def _verdict(snap: Snapshot, src: Container, dst: Container) -> Verdict:
    snap = engine_view(snap, src.engine, keep=(dst.id,))  # several engines: SRC's host, not all of them
    s, d = stack_of(snap, src), stack_of(snap, dst)
    paths, reached, ip_reasons = ip_paths(snap, s, d)
    r6 = ip6_paths(snap, s, d, paths)
    dst_addresses = set(addresses_of(snap, d)) if d.mode != "down" else set()
    if LOOPBACK in reached:
        dst_addresses.add(LOOPBACK)
    dst_addresses |= set(r6.addresses)
    names, name_reasons = names_for(snap, s, d, dst_addresses)
    host_ok, host_via = _host(snap, s)
    routes = published_routes(snap, s, d)
    fixes = [] if reached else ip_fixes(snap, s, d, routes)
    if reached and not [n for n in names if n != "localhost"]:
        fixes.extend(name_fixes(snap, s, d))
    return Verdict(
        src=src.name,
        dst=dst.name,
        src_id=src.id,
        dst_id=dst.id,
        ip_reachable=bool(reached or r6.addresses),
        names=tuple(names),
        via=(*paths, *r6.paths),
        reasons=(*ip_reasons, *r6.reasons, *r6.leaks, *name_reasons),
        fixes=tuple(dict.fromkeys(f.text if isinstance(f, FixAction) else f for f in fixes)),
        addresses=tuple(dict.fromkeys([*reached, *r6.addresses])),
        host_reachable=host_ok,
        host_via=tuple(host_via),
        published=_published(snap, d),
        published_via=tuple(routes),
        published_notes=tuple(_published_notes(snap, s, d, routes)),
        ipv4_reachable=bool(reached),
        ipv6_reachable=bool(r6.addresses),
        warnings=tuple(_ip6_warnings(r6, src.name, dst.name)),
        fix_actions=tuple(dict.fromkeys(f for f in fixes if isinstance(f, FixAction))),
    )


def _ip6_warnings(r6: Reach6, s: str, d: str) -> list[str]:
    """Say plainly when the isolation the IPv4 verdict describes does not hold over IPv6."""
    if r6.leaks:
        return [
            f"isolation does not hold over IPv6 on this engine: it does not manage ip6tables ({r6.how_known}), so "
            "ICC off, --internal and the isolation between networks stop IPv4 only; to make them hold over IPv6, "
            "run Docker 27 or later (ip6tables on by default) or, before 27, dockerd --experimental --ip6tables"
        ]
    if r6.doubts:
        return [
            f"IPv6: dockernet cannot tell whether this engine manages ip6tables ({r6.how_known}); if it does not, "
            f"ICC off, --internal and the isolation between networks stop IPv4 only, and {s} also reaches {d} at "
            f"{', '.join(r6.doubts)}"
        ]
    return []


def host_verdict(snap: Snapshot, src: Container) -> Verdict:
    """Can `src` reach the host itself, at which addresses and by which names (see `_host_verdict`)."""
    return provisional(snap, _host_verdict(snap, src))


def _host_verdict(snap: Snapshot, src: Container) -> Verdict:
    """Can `src` reach the host itself, at which addresses and by which names.

    A bridge member reaches the host at its gateway on-link and at the host's other addresses
    through its default route (internal networks too: pings get through, measured); a host-mode
    container is the host's stack; none, macvlan-only and stopped containers do not reach it.
    """
    snap = engine_view(snap, src.engine)  # several engines: the host SRC runs on
    s = stack_of(snap, src)
    paths, reached, reasons = host_paths(snap, s)
    name = src.name
    addresses = [p.dst_address for p in paths if p.dst_address in reached]
    if s.mode == "host":
        addresses, reasons = [LOOPBACK], [f"{name} uses the host's own network stack: it is the host (over lo)"]
        paths = [Path("lo", "", "loopback", LOOPBACK, LOOPBACK, "self")]
    addresses = list(dict.fromkeys([*addresses, *sorted(reached)]))
    four = bool(addresses)
    six = sorted(host_reach6(snap, s))
    addresses.extend(a for a in six if a not in addresses)
    fixes: list[str] = []
    if s.mode == "down":
        reasons, fixes = [s.problem], [f"start {s.owner.name}"]
    elif s.mode == "none":
        reasons = [f"{name} runs with --network none: it has only lo, and the host is not on it"]
        fixes = [f"recreate {name} with --network NET instead of --network none"]
    elif not addresses:
        reasons = [*reasons, f"{name} has no bridge network, so no route to the host"]
        fixes = [f"connect {s.owner.name} to a bridge network: docker network connect NET {s.owner.name}"]
    elif s.mode == "endpoints":
        internal = [e for e in s.endpoints if (n := network_of(snap, e)) is not None and n.internal]
        reasons.insert(
            0,
            f"{name} reaches the host at its gateway on each bridge network, and the host's other "
            "addresses through its default route",
        )
        if internal:
            reasons.append(
                "an --internal network still reaches the host's addresses (pings get through), "
                "but not a port the host forwards to a container"
            )
    known = resolver(snap, s)
    names = [n for n, e in known.items() if e.addresses & set(addresses) and (n != "localhost" or s.mode == "host")]
    if names:
        reasons.append(f"{', '.join(names)}: from {name}'s /etc/hosts or resolver")
    return Verdict(
        src=name,
        dst=HOST,
        src_id=src.id,
        dst_id="",
        ip_reachable=bool(addresses),
        names=tuple(names),
        via=tuple(paths),
        reasons=tuple(reasons),
        fixes=tuple(fixes),
        addresses=tuple(addresses),
        host_reachable=bool(addresses),
        host_via=tuple(_host(snap, s)[1]),
        ipv4_reachable=four,
        ipv6_reachable=bool(six),
    )


def reaches(snap: Snapshot, container: Container) -> list[Verdict]:
    """Verdicts for every other container `container` reaches by IP, by name."""
    result = [verdict(snap, container, other) for other in snap.containers if other.id != container.id]
    return [v for v in result if v.ip_reachable]


def reachable_from(snap: Snapshot, container: Container) -> list[Verdict]:
    """Verdicts for every other container that reaches `container` by IP, by name."""
    result = [verdict(snap, other, container) for other in snap.containers if other.id != container.id]
    return [v for v in result if v.ip_reachable]


def _host(snap: Snapshot, st: Stack) -> tuple[bool, list[str]]:
    paths, reached, _ = host_paths(snap, st)
    if st.mode == "host":
        return True, ["the host's own network stack"]
    via = [f"{p.dst_address} (gateway of {p.network}{_derived(snap, p.network_id)})" for p in paths]
    gateway_names = [h.partition(":")[0] for h in st.owner.extra_hosts if h.endswith(":host-gateway")]
    if reached:
        via.extend(f"{name} (--add-host host-gateway)" for name in gateway_names)
    return bool(reached), via


def _derived(snap: Snapshot, network_id: str) -> str:
    """ ", derived" when the engine reports no gateway for the network (`effective_gateway`)."""
    net = snap.network(network_id)
    return ", derived" if net is not None and effective_gateway(net, snap)[1] else ""


def _published(snap: Snapshot, st: Stack) -> tuple[str, ...]:
    if st.mode == "down":
        return ()
    return tuple(str(p) for p in st.owner.ports if p.host_port is not None)


def _published_notes(snap: Snapshot, src: Stack, dst: Stack, routes: list[str]) -> list[str]:
    """Who can use DST's published ports, and — when SRC cannot — why not."""
    ports = published_ports(dst)
    notes = [f"{p}: {port_scope(p)}" for p in ports]
    if not ports or routes:
        return notes
    s = src.container.name
    if src.mode in ("down", "none"):
        notes.append(f"{s} has no network to reach the host with")
    elif src.mode == "endpoints" and not host_paths(snap, src)[1]:
        notes.append(f"{s} has no route to the host")
    elif src.mode == "endpoints" and all((n := network_of(snap, e)) is not None and n.internal for e in src.endpoints):
        notes.append(
            f"{s} is only on --internal networks: it pings the host, but a connection to a published port "
            "is forwarded back out, and the internal network's rules drop it"
        )
    elif all(p.host_ip not in ALL_ADDRESSES for p in ports):
        notes.append(f"{s} cannot use them: they are bound to one host address that {s} does not reach")
    return notes
