"""Can SRC reach DST, and why? One `Verdict` per ordered pair of containers.

Pure functions of a `Snapshot`: the IP reasoning lives in `tui.reach.ip`, name resolution in
`tui.reach.names`, the plain-text rendering in `tui.reach.text`. Every verdict says what works,
why, and — when something does not — the change that would make it work. The rules are checked
against the kernel by tests/test_reach_matrix.py (pings and lookups from inside each container).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.addressing import effective_gateway
from tui.model.merge import engine_view
from tui.model.snapshot import Container, Network, Snapshot
from tui.reach.forwardrules import through_forward
from tui.reach.hostpaths import host_paths
from tui.reach.ip import addresses_of, ip_paths
from tui.reach.ip6 import Reach6, host_reach6, ip6_paths
from tui.reach.macvlan import macvlan_block, macvlan_mode, parent_of
from tui.reach.names import names_for, resolver
from tui.reach.pending import provisional
from tui.reach.published import ALL_ADDRESSES, port_scope, published_ports, published_routes
from tui.reach.stack import LOOPBACK, Path, Stack, icc_off, icc_setting, is_user_defined, network_of, stack_of
from tui.reach.swarm import engines_differ

__all__ = ["HOST", "FixAction", "Path", "Verdict", "host_verdict", "reachable_from", "reaches", "verdict"]

HOST = "host"  # `dockernet why SRC host`: the engine's host as the destination


@dataclass(frozen=True, slots=True)
class FixAction:
    """One fix in a form a program can carry out: the change `text` (one of `Verdict.fixes`) describes.

    kind: "connect" (`containers` join `network`), "recreate-network" (`network` again, without the
    driver `option` KEY=VALUE), "use-user-defined-network" (a new network NET, that `containers` all
    join) or "recreate-container" (`containers[0]` again, on `network` instead of --network none;
    "" when no network would do). Fixes with no such form (start, restart, publish) have none.
    """

    kind: str
    text: str
    network: str = ""
    containers: tuple[str, ...] = ()
    option: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one ordered pair: reachability by IP, names, the path, reasons and fixes."""

    src: str
    dst: str
    src_id: str
    dst_id: str
    ip_reachable: bool
    names: tuple[str, ...] = ()  # names SRC can use for DST
    via: tuple[Path, ...] = ()  # one per way in: shared network, host stack, or lo
    reasons: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # every address of DST that SRC reaches, IPv4 then IPv6
    host_reachable: bool = False  # SRC reaches the host's own addresses
    host_via: tuple[str, ...] = ()  # how: "172.17.0.1 (gateway of bridge)", "host.docker.internal"
    published: tuple[str, ...] = ()  # DST's ports published on the host, "8080->80/tcp"
    published_via: tuple[str, ...] = ()  # where SRC reaches them through the host, "172.17.0.1:8080"
    published_notes: tuple[str, ...] = ()  # who can use them, and why SRC cannot when it cannot
    # Per address family: on an engine that does not manage ip6tables, IPv6 may get through where
    # IPv4 is stopped (ICC off, --internal, isolation); `ip_reachable` is either of them.
    ipv4_reachable: bool = False
    ipv6_reachable: bool = False
    warnings: tuple[str, ...] = ()  # what the user must know beyond the verdict (isolation that does not hold)
    fix_actions: tuple[FixAction, ...] = ()  # the fixes a program can apply, each naming its text in `fixes`
    pending: bool = False  # decided on an early snapshot, details still loading (tui.reach.pending)


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
    fixes = [] if reached else _ip_fixes(snap, s, d, routes)
    if reached and not [n for n in names if n != "localhost"]:
        fixes.extend(_name_fixes(snap, s, d))
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


def _ip_fixes(snap: Snapshot, src: Stack, dst: Stack, routes: list[str]) -> list[str | FixAction]:
    s, d = src.owner.name, dst.owner.name
    for st in (src, dst):
        if st.orphaned:
            name = st.container.name
            return [f"restart {name} (docker restart {name}): it joins {st.owner.name}'s current namespace again"]
    if src.mode == "down":
        return [f"start {src.owner.name}" if src.joined else f"start {src.container.name}"]
    if dst.mode == "down":
        return [f"start {dst.owner.name}" if dst.joined else f"start {dst.container.name}"]
    if src.mode == "none":
        return [_recreate_none(snap, src, dst)]
    if dst.mode == "none":
        return [_recreate_none(snap, dst, src)]
    if engines_differ(src.owner, dst.owner):
        return [*_engine_fixes(snap, src, dst)]
    if src.mode == "host":
        return [
            f"connect {d} to a bridge network (docker network connect NET {d}): the host reaches every bridge member",
            *_via_host(dst, routes),
            f"or publish {d}'s port (-p HOSTPORT:PORT) and use localhost:HOSTPORT",
        ]
    if dst.mode == "host":
        return [f"connect {s} to a bridge network (docker network connect NET {s}): bridge members reach the host"]
    fixes: list[str | FixAction] = []
    joined = f" ({src.container.name} shares {s}'s namespace)" if src.joined else ""
    mine = {e.network_id for e in src.endpoints}
    for e in dst.endpoints:
        net = network_of(snap, e)
        if net is None:
            continue
        if e.network_id in mine and icc_off(net):
            text = (
                f"turn ICC back on for {net.name} (recreate it without -o {icc_setting(net)}), "
                "or connect both to another network"
            )
            fixes.append(FixAction("recreate-network", text, network=net.name, option=icc_setting(net)))
        elif e.network_id in mine and macvlan_block(snap, net):
            fixes.append(_macvlan_fix(net))
        elif e.network_id not in mine and is_user_defined(net) and (net.scope != "swarm" or net.attachable):
            text = f"connect {s} to {net.name}: docker network connect {net.name} {s}{joined}"
            fixes.append(FixAction("connect", text, network=net.name, containers=(s,)))
    if not fixes:
        text = (
            f"put both on a user-defined network: docker network create NET, then "
            f"docker network connect NET {s} and docker network connect NET {d}"
        )
        fixes.append(FixAction("use-user-defined-network", text, containers=(s, d)))
    fixes.extend(_via_host(dst, routes))
    return fixes


def _macvlan_fix(net: Network) -> str:
    """What makes two members of a macvlan network meet: bridge mode, and a parent with carrier."""
    parent = parent_of(net) or "its parent"
    if macvlan_mode(net) == "bridge":
        return f"bring {parent} back up: it has no carrier (its cable, switch port or veth peer is down)"
    return (
        f"recreate {net.name} in bridge mode (without -o macvlan_mode={macvlan_mode(net)}: bridge is the default), "
        "or connect both to another network"
    )


def _engine_fixes(snap: Snapshot, src: Stack, dst: Stack) -> list[str]:
    """Two engines: an attachable overlay of DST's to join, else a new one (made on a manager)."""
    s, d = src.owner.name, dst.owner.name
    mine = {e.network_id for e in src.endpoints}
    fixes = [
        f"connect {s} to {net.name} (a swarm overlay {d} is on): docker network connect {net.name} {s}"
        for e in dst.endpoints
        if e.network_id not in mine and (net := network_of(snap, e)) is not None and net.scope == "swarm"
        if net.attachable and not net.ingress
    ]
    fixes.append(
        "put both on one attachable overlay network: docker network create -d overlay --attachable NET on a "
        f"swarm manager, then docker network connect NET {s} on {s}'s engine and docker network connect NET {d} "
        f"on {d}'s (both engines in one swarm)"
    )
    return fixes


def _via_host(dst: Stack, routes: list[str]) -> list[str]:
    """The route through the host, only where SRC's connection really gets through (see ip.py)."""
    if not routes:
        return []
    route = routes[0]
    port = next(p for p in published_ports(dst) if route.endswith(f":{p.host_port}"))
    return [f"or go through the host: {dst.owner.name} publishes {port}, which this source reaches at {route}"]


def _name_fixes(snap: Snapshot, src: Stack, dst: Stack) -> list[FixAction]:
    if src.mode != "endpoints" or dst.mode != "endpoints":
        return []
    s, d = src.owner.name, dst.owner.name
    text = (
        "use a user-defined network instead of --link (it gives every member a name): "
        f"docker network create NET, then docker network connect NET {s} and docker network connect NET {d}"
    )
    return [FixAction("use-user-defined-network", text, containers=(s, d))]


def _recreate_none(snap: Snapshot, none: Stack, other: Stack) -> FixAction:
    """`--network none` cannot be connected: recreate it on a network of the other side's (a user-defined
    one first, which also gives names), or "" when the other side has none."""
    name = none.owner.name
    text = f"recreate {name} with --network NET instead of --network none (a none container cannot be connected)"
    nets = [n for e in other.endpoints if (n := network_of(snap, e)) is not None and n.driver != "null"]
    nets.sort(key=lambda n: not is_user_defined(n))
    return FixAction("recreate-container", text, network=nets[0].name if nets else "", containers=(name,))
