"""IPv6 rules: whether the engine manages ip6tables, the host's IPv6 addresses a container reaches,
and which IPv6 addresses of DST SRC reaches, with what leaks past the IPv4-only rules.

Split from `tui.reach.ip` (whose docstring gives every rule and how it was measured): on an engine
that does not manage ip6tables, ICC off, the isolation between networks and --internal stop IPv4
only.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.snapshot import Endpoint, Snapshot
from tui.reach.hostpaths import bridge_gateway6, default_route, host_addresses6
from tui.reach.stack import Path, Stack, driver_of, icc_off, network_of
from tui.reach.swarm import engines_differ


def v6(e: Endpoint) -> str:
    """An endpoint's IPv6 address without its prefix length ('' when it has none)."""
    return e.ipv6.split("/", 1)[0] if e.ipv6 else ""


def _major(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def ip6tables_state(snap: Snapshot, engine: str = "") -> tuple[bool | None, str]:
    """Does the engine apply its IPv4 rules (ICC off, isolation, --internal) to IPv6 too, and how we know.

    Read on the engine's host when dockernet runs there (ip6tables holds Docker's chains, or not);
    otherwise from the engine: Docker 27 and later manage ip6tables by default; before 27 only an
    experimental daemon told `--ip6tables` does (20.10's default: it does not). None: cannot tell.
    """
    if snap.host is not None and snap.host.ip6tables is not None:
        if snap.host.ip6tables:
            return True, "ip6tables on the engine's host holds Docker's chains"
        return False, "ip6tables on the engine's host holds none of Docker's chains, while iptables does"
    info = next((i for i in snap.engine_infos if i.label == engine), snap.engine)
    major = _major(info.server_version)
    if major is None:
        return None, "the engine's version is unknown"
    if major >= 27:
        return True, f"Docker {info.server_version} manages ip6tables by default"
    if info.experimental is False:
        return False, f"Docker {info.server_version} manages ip6tables only when experimental, and this daemon is not"
    if info.experimental:
        return None, f"Docker {info.server_version} is experimental: it manages ip6tables only if told --ip6tables"
    return None, f"Docker {info.server_version} manages ip6tables only when experimental, and that is not recorded"


def route6(snap: Snapshot, st: Stack) -> str:
    """SRC's IPv6 address on the endpoint holding its IPv6 default route through a bridge ('' when none)."""
    e, driver = default_route(snap, st)
    return v6(e) if e is not None and driver == "bridge" else ""


def host_reach6(snap: Snapshot, st: Stack) -> set[str]:
    """The host's IPv6 addresses SRC reaches, as for IPv4: its own dual-stack bridges' IPv6 gateways
    on-link, and every other one when its IPv6 default route goes through a bridge (internal too)."""
    hosts = host_addresses6(snap)
    if st.mode == "host":
        return set(hosts)
    if st.mode != "endpoints":
        return set()
    reached = set()
    for e in st.endpoints:
        net = network_of(snap, e)
        if v6(e) and net is not None and (gw := bridge_gateway6(net)):
            reached.add(gw)
    if route6(snap, st):
        reached |= set(hosts)
    return reached


@dataclass(frozen=True, slots=True)
class Reach6:
    """The IPv6 half of a verdict: addresses, the paths IPv4 does not already take, and what leaks."""

    addresses: tuple[str, ...] = ()
    paths: tuple[Path, ...] = ()
    reasons: tuple[str, ...] = ()
    leaks: tuple[str, ...] = ()  # IPv6 gets through where an IPv4 rule stops the packets
    doubts: tuple[str, ...] = ()  # would get through if the engine does not manage ip6tables (unknown)
    managed: bool | None = None
    how_known: str = ""


def ip6_paths(snap: Snapshot, src: Stack, dst: Stack, v4: list[Path]) -> Reach6:
    """Which IPv6 addresses of DST SRC reaches (measured on 20.10 with `ping -6` between members).

    A network IPv4 crosses carries IPv6 too (both ends dual-stack). On an engine that does not
    manage ip6tables nothing else stops IPv6: members of a bridge with ICC off reach each other,
    and a bridge member whose IPv6 default route goes through a bridge reaches every other such
    member, on another network or an --internal one, the host routing between them.
    """
    if src.mode in ("down", "none") or dst.mode in ("down", "none"):
        return Reach6()
    managed, how = ip6tables_state(snap, src.owner.engine)
    dst6 = [(e, v6(e)) for e in dst.endpoints if v6(e)]
    if src.container.id == dst.container.id or src.owner.id == dst.owner.id or src.mode == dst.mode == "host":
        own = sorted(host_addresses6(snap)) if dst.mode == "host" else [a for _, a in dst6]
        return Reach6(tuple(own), managed=managed, how_known=how)
    if src.mode == "host":  # the host's stack sits on every bridge: no rule applies to it
        found = [a for e, a in dst6 if driver_of(snap, e) == "bridge"]
        return Reach6(tuple(found), managed=managed, how_known=how)
    if dst.mode == "host":
        return Reach6(tuple(sorted(host_reach6(snap, src))), managed=managed, how_known=how)
    s, d = src.container.name, dst.container.name
    mine = {e.network_id: e for e in src.endpoints}
    wired = {p.network_id for p in v4 if p.kind == "network"}
    reached: list[str] = []
    paths: list[Path] = []
    reasons: list[str] = []
    leaks: list[str] = []
    doubts: list[str] = []
    src6, dst_route = route6(snap, src), route6(snap, dst)
    same_engine = not engines_differ(src.owner, dst.owner)
    for e, a6 in dst6:
        net = network_of(snap, e)
        ours = mine.get(e.network_id)
        if e.network_id in wired:
            if ours is not None and v6(ours):
                reached.append(a6)
                reasons.append(f"over IPv6 too, on {e.network_name}: {s} {v6(ours)} -> {d} {a6}")
            continue
        if net is None or net.driver != "bridge" or not same_engine:
            continue
        if ours is not None:
            if not (v6(ours) and icc_off(net)):
                continue
            path = Path(net.name, net.id, "bridge", v6(ours), a6)
            leak = f"ICC is off on {net.name} for IPv4 only: {s} {v6(ours)} -> {d} {a6} over IPv6"
        elif src6 and dst_route:
            path = Path(net.name, net.id, "bridge", src6, a6, "routed")
            rule = "--internal" if net.internal else "the isolation between networks"
            leak = f"{rule} stops IPv4 only: the host routes {s} {src6} -> {d} {a6} ({net.name}) over IPv6"
        else:
            continue
        if managed is False:
            paths.append(path)
            reached.append(a6)
            leaks.append(leak)
        elif managed is None:
            doubts.append(a6)
    return Reach6(tuple(reached), tuple(paths), tuple(reasons), tuple(leaks), tuple(doubts), managed, how)
