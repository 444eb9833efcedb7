"""Check a `docker network create` request before it is sent: names, drivers, subnets against each
other, against every network of the engine and against the host's own routes, and the pools.

Split from `tui.changes.validate` (which keeps the other requests): returns {field key: message},
the keys being the create panel's field ids.
"""

from __future__ import annotations

import ipaddress

from tui.changes.change import CreateNetwork
from tui.model.addrspace import host_prefixes
from tui.model.graph import overlapping
from tui.model.snapshot import Snapshot

Errors = dict[str, str]
Subnet = ipaddress.IPv4Network | ipaddress.IPv6Network


def as_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def as_network(text: str) -> Subnet | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False) if "/" in text else None
    except ValueError:
        return None


def _overlap_error(snap: Snapshot, subnet: str, driver: str = "") -> str:
    templates = {n.name for n in snap.networks if n.config_only}  # a template's subnet reserves nothing
    hits = [f"network {name} ({s})" for name, s in overlapping(snap, subnet) if name not in templates]
    wanted = as_network(subnet)
    if wanted is not None and driver not in ("macvlan", "ipvlan"):  # those share their parent's LAN on purpose
        # The host's own route would lose the overlap to the new bridge: part of the LAN or VPN cut off.
        hits += [
            f"the {words}"
            for net, _, words in host_prefixes(snap)
            if net.version == wanted.version and net.overlaps(wanted)
        ]
    return "overlaps " + ", ".join(hits) if hits else ""


def _check_pool(i: int, req: CreateNetwork, snap: Snapshot, seen: list[tuple[int, Subnet]], errors: Errors) -> None:
    pool = req.pools[i]
    key = f"pool{i}"
    if not pool.subnet:
        if pool.gateway or pool.ip_range or pool.aux_addresses:
            errors[f"{key}-subnet"] = "give the subnet the gateway, range or aux addresses belong to"
        return
    net = as_network(pool.subnet)
    if net is None:
        errors[f"{key}-subnet"] = f"{pool.subnet} is not a subnet in CIDR form, e.g. 10.5.0.0/24"
        return
    if net.version == 6:
        errors[f"{key}-subnet"] = "this is an IPv6 subnet: put it in the IPv6 field"
        return
    clash = _overlap_error(snap, pool.subnet, req.driver) or next(
        (f"overlaps pool {j + 1} ({s})" for j, s in seen if s.overlaps(net)), ""
    )
    if clash:
        errors[f"{key}-subnet"] = clash
    seen.append((i, net))
    if pool.gateway:
        gw = as_address(pool.gateway)
        if gw is None:
            errors[f"{key}-gateway"] = f"{pool.gateway} is not an IP address"
        elif gw not in net:
            errors[f"{key}-gateway"] = f"gateway {pool.gateway} is outside subnet {pool.subnet}"
        elif gw == net.network_address:
            errors[f"{key}-gateway"] = f"{pool.gateway} is the subnet's own network address"
        elif net.prefixlen < 31 and gw == net.broadcast_address:  # the engine: "failed to allocate gateway"
            errors[f"{key}-gateway"] = f"{pool.gateway} is the subnet's broadcast address: the engine cannot use it"
    if pool.ip_range:
        rng = as_network(pool.ip_range)
        if rng is None or rng.version != net.version:
            errors[f"{key}-ip-range"] = f"{pool.ip_range} is not a subnet in CIDR form, e.g. 10.5.0.128/25"
        elif not rng.subnet_of(net):
            errors[f"{key}-ip-range"] = f"ip-range {pool.ip_range} is not inside subnet {pool.subnet}"
    for host, addr in pool.aux_addresses:
        ip = as_address(addr)
        if ip is None:
            errors[f"{key}-aux"] = f"{host}={addr}: {addr} is not an IP address"
            break
        if ip not in net:
            errors[f"{key}-aux"] = f"aux address {host}={addr} is outside subnet {pool.subnet}"
            break


def validate_create(req: CreateNetwork, snap: Snapshot) -> Errors:
    errors: Errors = {}
    name = req.name.strip()
    existing = next((n for n in snap.networks if n.name == name), None)
    if not name:
        errors["name"] = "a name is required"
    elif existing is not None:
        errors["name"] = f"a network named {name} already exists ({existing.short_id})"
    if not req.driver:
        errors["driver"] = "choose a driver"
    elif req.driver == "overlay" and snap.engine.swarm and snap.engine.swarm != "active":
        errors["driver"] = "overlay networks need swarm mode, and this engine is not in a swarm"
    if req.config_only and req.config_from:
        errors["config-from"] = "a network is a template (--config-only) or uses one (--config-from), not both"
    elif req.config_from:
        source = next((n for n in snap.networks if n.name == req.config_from), None)
        if source is None or not source.config_only:
            errors["config-from"] = f"there is no config-only network named {req.config_from}"
        elif any(not p.empty for p in req.pools) or req.options or req.labels or req.ipv6 or req.internal:
            errors["config-from"] = (
                "a network made from a configuration takes subnets, options and labels from it: leave those empty"
            )
    options = dict(req.options)
    if req.driver in ("macvlan", "ipvlan") and not req.config_from and not options.get("parent", "").strip():
        errors["parent"] = f"{req.driver} needs a parent: the host interface to attach to (option parent=IFACE)"
    seen: list[tuple[int, Subnet]] = []
    for i in range(len(req.pools)):
        _check_pool(i, req, snap, seen, errors)
    if req.driver == "bridge" and len(seen) > 1:
        errors.setdefault(f"pool{seen[1][0]}-subnet", "the bridge driver takes a single IPv4 subnet")
    if req.ipv6_subnet:
        net = as_network(req.ipv6_subnet)
        if not req.ipv6:
            errors["ipv6-subnet"] = "turn IPv6 on to give an IPv6 subnet"
        elif net is None or net.version != 6:
            errors["ipv6-subnet"] = f"{req.ipv6_subnet} is not an IPv6 subnet in CIDR form, e.g. fd00:5::/64"
        elif clash := _overlap_error(snap, req.ipv6_subnet, req.driver):
            errors["ipv6-subnet"] = clash
    return errors
