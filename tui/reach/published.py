"""Published ports: the host addresses where SRC's connections enter the host, and the ports of DST
it reaches there.

Split from `tui.reach.ip` (whose docstring gives every rule and how it was measured): a published
port is a second way in, through the host, measured with TCP connects from inside the containers;
the connection of an --internal network's member or of a macvlan child does not get through.
"""

from __future__ import annotations

from tui.model.portfacts import WILDCARDS
from tui.model.snapshot import PortBinding, Snapshot
from tui.reach.hostpaths import bridge_gateway, default_bridge_gateway, default_route, gwbridge, host_addresses
from tui.reach.stack import LOOPBACK, Stack, network_of
from tui.reach.swarm import engines_differ

ALL_ADDRESSES = WILDCARDS  # a published port's host_ip when it listens everywhere


def published_ports(st: Stack) -> list[PortBinding]:
    """DST's ports published on the host (a joiner's are its namespace owner's)."""
    if st.mode != "endpoints":  # host mode publishes nothing; none and down have nothing to publish
        return []
    return [p for p in st.owner.ports if p.host_port is not None and p.protocol == "tcp"]


def host_entrances(snap: Snapshot, st: Stack) -> list[str]:
    """The host addresses at which SRC's connections reach the host's listening sockets.

    Measured with TCP connects to a published port: a member of a bridge that is not --internal
    gets through at every bridge gateway of the host, its own first; so does an overlay member
    (through docker_gwbridge), except at docker_gwbridge's own address (the connection fails).
    Pings reach the host from an internal network too, but a published port is a forwarded
    connection, not a ping: the internal network's rules drop it.
    """
    if st.mode == "host":
        return [LOOPBACK, *sorted(host_addresses(snap))]
    if st.mode != "endpoints":
        return []
    own: list[str] = []
    forwarded = False
    for e in st.endpoints:
        net = network_of(snap, e)
        if net is None or net.internal or net.driver not in ("bridge", "overlay"):
            continue
        forwarded = True
        gw = bridge_gateway(snap, net)
        if gw:
            own.append(gw)
    if not forwarded:
        return []
    if default_route(snap, st)[1] not in ("bridge", "gwbridge"):  # out through a macvlan child: on-link only
        return list(dict.fromkeys(own))
    gwb = gwbridge(snap)
    skip = bridge_gateway(snap, gwb) if gwb else ""
    # Own gateways first (on-link), then docker0's (always there), then the rest: other networks
    # come and go, so a suggestion names the most lasting address SRC gets through at.
    ordered = [*own, default_bridge_gateway(snap), *sorted(host_addresses(snap))]
    return [a for a in dict.fromkeys(ordered) if a and a != skip]


def published_routes(snap: Snapshot, src: Stack, dst: Stack) -> list[str]:
    """`ADDRESS:HOSTPORT` for each of DST's published ports SRC reaches through the host.

    A port bound to 127.0.0.1 listens only on the host's loopback, which no container but a
    host-mode one shares; one bound to a single address answers only there.
    """
    if src.mode == "down" or dst.mode == "down":
        return []
    if engines_differ(src.owner, dst.owner):  # DST's ports are on another host, SRC's entrances on its own
        return []
    entrances = host_entrances(snap, src)
    routes: list[str] = []
    for port in published_ports(dst):
        if port.host_ip in ALL_ADDRESSES:
            usable = [a for a in entrances if a != LOOPBACK or src.mode == "host"]
        else:
            usable = [a for a in entrances if a == port.host_ip]
        routes.extend(f"{a}:{port.host_port}" for a in usable)
    return list(dict.fromkeys(routes))


def port_scope(port: PortBinding) -> str:
    """What a published port's binding means for who can use it."""
    if port.host_ip in ALL_ADDRESSES:
        return "on every host address"
    if port.host_ip.startswith("127.") or port.host_ip == "::1":
        return "on the host's loopback only: only the host itself (and host-mode containers) can use it"
    return f"on the host's {port.host_ip} only"
