"""The change that would make SRC reach DST: in words, and where a program can apply it, as a `FixAction`.

Split from `tui.reach.verdict`: which fix fits follows the same cases as the verdict (a container
down or in an orphaned namespace, --network none, host mode, other engines, no shared network,
ICC off, a macvlan mode, no name).
"""

from __future__ import annotations

from tui.model.snapshot import Network, Snapshot
from tui.reach.answer import FixAction
from tui.reach.macvlan import macvlan_block, macvlan_mode, parent_of
from tui.reach.published import published_ports
from tui.reach.stack import Stack, icc_off, icc_setting, is_user_defined, network_of
from tui.reach.swarm import engines_differ


def ip_fixes(snap: Snapshot, src: Stack, dst: Stack, routes: list[str]) -> list[str | FixAction]:
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


def name_fixes(snap: Snapshot, src: Stack, dst: Stack) -> list[FixAction]:
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
