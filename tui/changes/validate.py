"""Check a requested change against the current snapshot before anything is sent.

Each `validate_*` returns {field key: message}; the keys are the panels' field ids, so a message
lands next to the field it is about. Empty means "send it": whatever the engine still refuses
comes back in its own words (`explain_engine_error` adds a hint for the one error users
cannot decode alone). Messages name networks and containers; callers show them as plain text.
"""

from __future__ import annotations

import ipaddress
import re

from tui.changes.change import (
    ConnectContainer,
    DisconnectContainer,
    Pairs,
    PruneNetworks,
    Ref,
    RemoveNetwork,
)
from tui.changes.validatecreate import as_address, as_network
from tui.model.snapshot import Container, Network, Snapshot

Errors = dict[str, str]
Subnet = ipaddress.IPv4Network | ipaddress.IPv6Network

NO_ALIAS_NETWORKS = ("bridge", "host", "none")
_POOLS_EXHAUSTED = "could not find an available, non-overlapping"
_SPLIT = re.compile(r"[,\s]+")


def parse_pairs(text: str) -> tuple[Pairs, str]:
    """Parse `k=v, k2=v2` into pairs in the order given, or say what is wrong."""
    pairs: list[tuple[str, str]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            return (), f"expected key=value, got {item!r}"
        if any(k == key.strip() for k, _ in pairs):
            return (), f"{key.strip()!r} is given twice"
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs), ""


def parse_list(text: str) -> tuple[str, ...]:
    """Split `a, b c` into words: commas or spaces separate."""
    return tuple(w for w in _SPLIT.split(text.strip()) if w)


def _is_member(snap: Snapshot, container_id: str, network_id: str) -> bool:
    return any(e.container_id == container_id and e.network_id == network_id for e in snap.endpoints)


def _shared_stack(snap: Snapshot, container_id: str) -> str:
    """Why a container cannot join networks ("" if it can): host, none or container:X mode."""
    c = snap.container(container_id)
    if c is None:
        return ""
    names = {e.network_name for e in snap.endpoints_of(c.id)}
    if c.network_mode == "host" or "host" in names:
        return f"{c.name} runs with --net=host (the host's own network stack): it cannot join other networks"
    if c.namespace_target is not None:
        return f"{c.name} shares another container's network stack (--net={c.network_mode}): it cannot join networks"
    if "none" in names:
        return f"{c.name} is on the none network: disconnect it from none first"
    return ""


def _address_error(text: str, version: int, net: Network, snap: Snapshot, container_id: str) -> str:
    ip = as_address(text)
    if ip is None or ip.version != version:
        return f"{text} is not an IPv{version} address"
    if net.name in NO_ALIAS_NETWORKS:
        return f"a fixed address works only on user-defined networks, not on {net.name}"
    subnets = [s for s in (as_network(x) for x in net.subnets) if s is not None and s.version == version]
    if not subnets:
        return f"{net.name} has no IPv{version} subnet"
    if not any(ip in s for s in subnets):
        return f"{text} is outside {net.name}'s subnets ({', '.join(str(s) for s in subnets)})"
    if text.strip() in net.gateways:
        return f"{text} is {net.name}'s gateway"
    for e in snap.members_of(net.id):
        mine = e.address if version == 4 else (e.ipv6 or "").split("/", 1)[0]
        if e.container_id != container_id and mine and as_address(mine) == ip:
            return f"{text} is already taken by {_container_name(snap, e.container_id)}"
    return ""


def _resolve(snap: Snapshot, container: Ref, network: Ref) -> tuple[Container | None, Network | None, Errors]:
    """The request's container and network as the snapshot knows them, and which one is missing."""
    c, net, errors = snap.container(container.id), snap.network(network.id), {}
    if c is None:
        errors["container"] = "that container no longer exists" if container.id else "choose a container"
    if net is None:
        errors["network"] = "that network no longer exists" if network.id else "choose a network"
    return c, net, errors


def validate_connect(req: ConnectContainer, snap: Snapshot) -> Errors:
    c, net, errors = _resolve(snap, req.container, req.network)
    if c is not None and (why := _shared_stack(snap, c.id)):
        errors["container"] = why
    if net is None:
        return errors
    if net.name in ("host", "none") and net.driver in ("host", "null"):
        errors["network"] = f"containers join the {net.name} network only when started with --net={net.name}"
    elif net.config_only:
        errors["network"] = f"{net.name} is a configuration-only network: containers cannot join it"
    elif net.scope == "swarm" and not net.attachable:
        errors["network"] = f"{net.name} is a swarm network that is not attachable (created without --attachable)"
    elif c is not None and _is_member(snap, c.id, net.id):
        errors["network"] = f"{c.name} is already connected to {net.name}"
    if req.aliases and net.name in NO_ALIAS_NETWORKS:
        errors["aliases"] = f"aliases work only on user-defined networks, not on the default {net.name} network"
    cid = c.id if c else ""
    if req.ipv4 and (why := _address_error(req.ipv4, 4, net, snap, cid)):
        errors["ipv4"] = why
    if req.ipv6 and (why := _address_error(req.ipv6, 6, net, snap, cid)):
        errors["ipv6"] = why
    for link in req.links:
        target = link.split(":", 1)[0]
        if not target or snap.container(target) is None:
            errors["links"] = f"no container named {target or '(empty)'} to link to"
            break
    return errors


def validate_disconnect(req: DisconnectContainer, snap: Snapshot) -> Errors:
    c, net, errors = _resolve(snap, req.container, req.network)
    if c is None or net is None:
        return errors
    if not _is_member(snap, c.id, net.id):
        errors["network"] = f"{c.name} is not connected to {net.name}"
    elif net.name == "host" and net.driver == "host":
        errors["network"] = f"{c.name} was started with --net=host: it cannot leave the host network"
    return errors


def _container_name(snap: Snapshot, container_id: str) -> str:
    c = snap.container(container_id)
    return c.name if c else container_id[:12]


def dependants(snap: Snapshot, net: Network) -> list[Network]:
    """Networks created with `--config-from net` (they keep a config-only network alive)."""
    return [n for n in snap.networks if n.config_from and n.config_from in (net.name, net.id)]


def validate_remove(req: RemoveNetwork, snap: Snapshot) -> Errors:
    net = snap.network(req.network.id)
    if net is None:
        return {"network": "that network no longer exists" if req.network.id else "choose a network"}
    if net.is_builtin:
        return {"network": f"{net.name} is one of the engine's own networks and cannot be removed"}
    if net.ingress:
        return {"network": f"{net.name} is the swarm's routing mesh: `docker swarm` manages it"}
    users = dependants(snap, net)
    if users:
        return {"network": f"{net.name} is the configuration of {', '.join(n.name for n in users)}: remove those first"}
    leaving = {c.id for c in req.disconnect}
    staying = [e for e in snap.members_of(net.id) if e.container_id not in leaving]
    if staying:
        names = [_container_name(snap, e.container_id) for e in staying]
        return {"disconnect": f"still connected: {', '.join(names)} — disconnect them first (or tick the box)"}
    return {}


def prune_candidates(snap: Snapshot) -> list[Network]:
    """Networks nothing uses, which the engine would let go: no endpoints, not its own, not a used template."""
    used = {e.network_id for e in snap.endpoints}
    return [
        n
        for n in snap.networks
        if n.id not in used
        and not n.is_builtin
        and not n.ingress
        and n.name != "docker_gwbridge"  # the swarm's own bridge
        and not dependants(snap, n)
    ]


def validate_prune(req: PruneNetworks, snap: Snapshot) -> Errors:
    if not req.networks:
        return {"networks": "no unused network is selected"}
    allowed = {n.id for n in prune_candidates(snap)}
    busy = [n.label for n in req.networks if n.id not in allowed]
    if busy:
        return {"networks": f"no longer unused: {', '.join(busy)}"}
    return {}


def explain_engine_error(text: str) -> str:
    """The engine's message, plus a hint where the engine's words alone do not say what to do."""
    if _POOLS_EXHAUSTED in text.lower():
        return (
            f"{text}\nThe engine's default address pools are used up (about 30 networks with the defaults): "
            "give the network a --subnet, or configure default-address-pools in daemon.json."
        )
    return text
