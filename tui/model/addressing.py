"""The address space: each network's subnets and effective gateways (pure, no engine).

The engine often reports no gateway in a network's IPAM config (the default bridge on some
engines, every network created with only `--subnet`), though the bridge has one. Showing "-"
there misleads: containers do get a gateway. `effective_gateway` says which one, most trusted
first: the IPAM config's gateway; else the gateway the network's endpoints report (what the
containers were actually given: with a non-default IPAM driver it need not be the subnet's first
address); else, derived, the host bridge's own address when dockernet read it on the engine's
host; else, derived, the address Docker's default IPAM gives (the subnet's first host address).
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Network, IPv6Network

from tui.model.snapshot import IPAMConfig, Network, Snapshot

IPNet = IPv4Network | IPv6Network

_BRIDGE_NAME = "com.docker.network.bridge.name"
_NO_IPAM = ("host", "null")


def parse_net(cidr: str) -> IPNet | None:
    """A CIDR as a network (host bits dropped), or None when it is not one."""
    try:
        return ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return None


def bridge_name(network: Network) -> str:
    """The host bridge of a bridge network: its bridge.name option, else `br-` and 12 id digits."""
    if network.driver != "bridge":
        return ""
    return dict(network.options).get(_BRIDGE_NAME) or f"br-{network.id[:12]}"


# Where a gateway came from (`gateway_source`); the last two are derived, not reported.
IPAM, ENDPOINT, BRIDGE, DEFAULT = "ipam", "endpoint", "bridge", "default"
DERIVED = (BRIDGE, DEFAULT)


def pool_gateway(network: Network, pool: IPAMConfig, snapshot: Snapshot) -> tuple[str, bool]:
    """The gateway of one IPAM pool and whether it is derived (not reported by the engine)."""
    gateway, source = gateway_source(network, pool, snapshot)
    return gateway, source in DERIVED


def gateway_source(network: Network, pool: IPAMConfig, snapshot: Snapshot) -> tuple[str, str]:
    """The gateway of one IPAM pool and where it came from (IPAM, ENDPOINT, BRIDGE or DEFAULT;
    "" with no gateway), in the order of trust the module docstring gives."""
    if pool.gateway:
        return pool.gateway.split("/", 1)[0], IPAM
    net = parse_net(pool.subnet or "")
    if net is None or network.driver in _NO_IPAM:
        return "", ""
    reported = _endpoint_gateway(network, net, snapshot)
    if reported:
        return reported, ENDPOINT
    name = bridge_name(network)
    host = snapshot.host
    if name and host is not None and host.addresses is not None:
        for addr in host.addresses:
            if addr.interface != name:
                continue
            iface = ipaddress.ip_interface(addr.cidr) if _valid(addr.cidr) else None
            if iface is not None and iface.ip in net:
                return str(iface.ip), BRIDGE
    if net.num_addresses < 4 and net.prefixlen != net.max_prefixlen - 1:
        return "", ""  # a /32 (or /128) has no host address to give
    return str(net.network_address + 1), DEFAULT


def _endpoint_gateway(network: Network, net: IPNet, snapshot: Snapshot) -> str:
    """The gateway an endpoint on `network` reports inside `net` (the most common one), else ""."""
    counts: dict[str, int] = {}
    for ep in snapshot.endpoints:
        if ep.network_id != network.id or not ep.gateway:
            continue
        addr = ep.gateway.split("/", 1)[0].strip()
        try:
            inside = ipaddress.ip_address(addr) in net
        except ValueError:
            continue
        if inside:
            counts[addr] = counts.get(addr, 0) + 1
    return max(counts, key=lambda a: counts[a]) if counts else ""


def effective_gateway(network: Network, snapshot: Snapshot) -> tuple[str, bool]:
    """The network's gateway (its first IPv4 pool's, else its first pool's) and whether it is derived.

    "" for networks without IPAM (host, none) or without a subnet.
    """
    if network.driver in _NO_IPAM:
        return "", False
    pools = [p for p in network.ipam if p.subnet or p.gateway]
    pools.sort(key=lambda p: ":" in (p.subnet or p.gateway or ""))  # IPv4 first, stable otherwise
    for pool in pools:
        gateway, derived = pool_gateway(network, pool, snapshot)
        if gateway:
            return gateway, derived
    return "", False


def _valid(cidr: str) -> bool:
    try:
        ipaddress.ip_interface(cidr)
    except ValueError:
        return False
    return True
