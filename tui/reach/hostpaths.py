"""The host's own addresses (bridge gateways, IPv4 and IPv6), the default route, and the paths
between a container and the host's stack.

Split from `tui.reach.ip` (whose docstring gives every rule and how it was measured): a bridge
member reaches the host at its gateway on-link and at every other host address through its
default route; the host reaches bridge members, but no macvlan/ipvlan child and no overlay.
"""

from __future__ import annotations

import ipaddress

from tui.model.addressing import effective_gateway
from tui.model.snapshot import Endpoint, Network, Snapshot
from tui.reach.stack import Path, Stack, icc_off, network_of


def bridge_gateway(snap: Snapshot, net: Network) -> str:
    """The host's own address on a bridge network: its effective gateway (`effective_gateway`, the
    one answer every view gives), else what its members were told."""
    if net.driver != "bridge":
        return ""
    gateway, _ = effective_gateway(net, snap)
    if gateway and ":" not in gateway:  # a dual-stack network lists its IPv6 gateway too
        return gateway
    for e in snap.members_of(net.id):
        if e.gateway:
            return e.gateway
    return ""


def bridge_gateway6(net: Network) -> str:
    """The host's IPv6 address on a dual-stack bridge network ('' when it has none).

    The engine lists an IPv6 gateway only when `--gateway` gave one; otherwise the default IPAM
    driver puts it at the subnet's first address (as `docker network inspect` leaves unsaid and
    each member's IPv6Gateway shows).
    """
    if net.driver != "bridge" or not net.ipv6:
        return ""
    for c in net.ipam:
        if c.subnet and ":" in c.subnet:
            if c.gateway:
                return c.gateway.split("/", 1)[0]
            if net.ipam_driver == "default":
                try:
                    return str(ipaddress.ip_network(c.subnet, strict=False)[1])
                except ValueError:
                    return ""
    return ""


def host_addresses6(snap: Snapshot) -> dict[str, Network]:
    """The host's IPv6 addresses the snapshot shows: the IPv6 gateway of each dual-stack bridge."""
    result: dict[str, Network] = {}
    for net in snap.networks:
        gw = bridge_gateway6(net)
        if gw:
            result.setdefault(gw, net)
    return result


def host_addresses(snap: Snapshot) -> dict[str, Network]:
    """Every address the host holds that the snapshot shows: the gateway of each bridge network."""
    result: dict[str, Network] = {}
    for net in snap.networks:
        gw = bridge_gateway(snap, net)
        if gw:
            result.setdefault(gw, net)
    return result


def default_bridge_gateway(snap: Snapshot) -> str:
    """Where `--add-host NAME:host-gateway` points (the engine's default, docker0's address)."""
    for net in snap.networks:
        if net.is_default_bridge:
            return bridge_gateway(snap, net)
    return ""


def gwbridge(snap: Snapshot) -> Network | None:
    return next((n for n in snap.networks if n.name == "docker_gwbridge" and n.driver == "bridge"), None)


ROUTE_DRIVERS = ("bridge", "macvlan", "ipvlan")  # drivers whose endpoints carry a gateway of their own


def default_route(snap: Snapshot, st: Stack) -> tuple[Endpoint | None, str]:
    """The endpoint holding the container's default route, and its driver.

    libnetwork gives the default route to one endpoint, the first of the sandbox's endpoints in
    its order (sandbox.go, epHeap.Less): an --internal network after the others, a dual-stack one
    before an IPv4-only one, then by network name; docker_gwbridge (an overlay member's way out)
    comes last of all. Measured: a container on `amac` (macvlan) and `zbr` (bridge) routes through
    the macvlan, whichever it joined first. The driver is "gwbridge" when only an overlay's
    docker_gwbridge is left, "" when there is no default route.
    """
    if st.mode != "endpoints":
        return None, ""
    candidates: list[tuple[tuple[bool, bool, str], Endpoint, str]] = []
    for e in st.endpoints:
        net = network_of(snap, e)
        if net is not None and e.gateway and net.driver in ROUTE_DRIVERS:
            candidates.append(((net.internal, not (net.ipv6 and e.ipv6), net.name), e, net.driver))
    if candidates:
        _, e, driver = min(candidates, key=lambda c: c[0])
        return e, driver
    nets = [network_of(snap, e) for e in st.endpoints]
    overlay = any(n is not None and n.driver == "overlay" and not n.internal for n in nets)
    return None, "gwbridge" if overlay else ""


def _route_reason(snap: Snapshot, st: Stack) -> str:
    """Why a container with its default route on a macvlan/ipvlan child reaches only some host addresses."""
    e, driver = default_route(snap, st)
    if e is None or driver not in ("macvlan", "ipvlan"):
        return ""
    return (
        f"{st.container.name}'s default route goes out through {driver} {e.network_name} (docker gives it to one "
        f"network: not --internal, dual-stack first, then by name), and a {driver} child never reaches its host: "
        "the host answers only at the gateways of its own bridge networks, on-link"
    )


def host_paths(snap: Snapshot, st: Stack) -> tuple[list[Path], set[str], list[str]]:
    """How a container reaches the host: paths to show, every host address it reaches, reasons."""
    hosts = host_addresses(snap)
    if st.mode == "host":
        return [], set(hosts), [f"{st.container.name} uses the host's own network stack"]
    if st.mode != "endpoints" or not st.endpoints:
        return [], set(), []
    paths: list[Path] = []
    reached: set[str] = set()
    reasons: list[str] = []
    for e in st.endpoints:
        net = network_of(snap, e)
        driver = net.driver if net else "unknown"
        if driver == "bridge" and net is not None:
            gw = bridge_gateway(snap, net)
            if gw:
                paths.append(Path(net.name, net.id, "host", e.address or "", gw, "to-host"))
                reached.add(gw)
        elif driver == "overlay" and net is not None and not net.internal:
            gwb = gwbridge(snap)
            gw = (bridge_gateway(snap, gwb) if gwb else "") or next(iter(sorted(hosts)), "")
            if gw:
                paths.append(Path("docker_gwbridge", gwb.id if gwb else "", "host", "", gw, "to-host"))
            reasons.append(f"overlay {net.name}: the host is reached through docker_gwbridge")
        elif driver in ("macvlan", "ipvlan") and net is not None:
            reasons.append(f"{driver} {net.name}: the kernel keeps a {driver} child and its host apart")
    if default_route(snap, st)[1] in ("bridge", "gwbridge"):
        reached |= set(hosts)
    elif reached and (why := _route_reason(snap, st)):
        reasons.append(why)
    return paths, reached, reasons


def paths_from_host(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str]]:
    paths: list[Path] = []
    reasons: list[str] = []
    s, d = src.container.name, dst.container.name
    for e in dst.endpoints:
        net = network_of(snap, e)
        name = net.name if net else e.network_name
        driver = net.driver if net else "unknown"
        if driver == "bridge" and net is not None:
            paths.append(Path(name, net.id, driver, bridge_gateway(snap, net) or "host", e.address or "", "from-host"))
            extra = " (ICC and --internal do not apply to the host)" if net.internal or icc_off(net) else ""
            reasons.append(f"{s} uses the host's stack, which sits on {name}: it reaches {e.address}{extra}")
        elif driver in ("macvlan", "ipvlan"):
            reasons.append(f"{d}'s {e.address} is on {driver} {name}: the host cannot reach its own {driver} children")
        elif driver == "overlay":
            reasons.append(f"{d}'s {e.address} is on overlay {name}: the host has no route into an overlay network")
        else:
            reasons.append(
                f"{d}'s {e.address} is on {name} (driver {driver}): unknown to dockernet, assumed unreachable"
            )
    return paths, reasons
