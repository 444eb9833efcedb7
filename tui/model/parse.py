"""Turn the engine's raw JSON into a `Snapshot`.

A pure function of a `RawSnapshot` dict, so a live engine, a saved snapshot file and the
embedded demo all go through the same code. It tolerates what real engines send: null IPAM
configs, empty or missing fields across API versions 1.41-1.52, stopped containers without
addresses, and inspects missing for containers that vanished between list and inspect.

The swarm's part lives in `tui.model.parseswarm`, the tolerant readers of raw JSON in
`tui.model.rawjson`.
"""

from __future__ import annotations

from typing import Any

from tui.model.hostfacts import HostFacts, LinkState
from tui.model.hostroutes import HostAddress, HostRoute
from tui.model.parseendpoints import parse_endpoints
from tui.model.parsefirewall import parse_firewall, parse_listeners
from tui.model.parseports import all_bindings, exposed_ports, wanted_ports
from tui.model.parseswarm import parse_swarm
from tui.model.rawjson import Raw as Raw  # re-exported: the engine, the App and snapshot files import Raw from here
from tui.model.rawjson import array, integer, obj, pairs, text
from tui.model.snapshot import Container, Endpoint, EngineInfo, IPAMConfig, Link, Network, PortBinding, Snapshot

SNAPSHOT_FORMAT = "dockernet-snapshot/1"

# Per engine, the containers parsed at its last read: a refresh parses again only those whose list
# summary or inspect changed (the reader hands the same cached inspect objects back), ~5 ms of a
# 30 ms refresh at 300 containers. Pure as ever: equal inputs, equal (frozen) results.
_MEMO: dict[str, dict[str, tuple[Raw, Raw, Container, list[Endpoint]]]] = {}


def parse_network(raw: Raw) -> Network:
    ipam = obj(raw.get("IPAM"))
    configs = tuple(
        IPAMConfig(
            subnet=c.get("Subnet") or None,
            gateway=c.get("Gateway") or None,
            ip_range=c.get("IPRange") or None,
            aux_addresses=pairs(c.get("AuxiliaryAddresses")),
        )
        for c in array(ipam.get("Config"))
        if isinstance(c, dict)
    )
    return Network(
        id=text(raw.get("Id")),
        name=text(raw.get("Name")),
        driver=text(raw.get("Driver")),
        scope=text(raw.get("Scope")) or "local",
        internal=bool(raw.get("Internal")),
        attachable=bool(raw.get("Attachable")),
        ingress=bool(raw.get("Ingress")),
        ipv6=bool(raw.get("EnableIPv6")),
        ipam_driver=text(ipam.get("Driver")) or "default",
        ipam=configs,
        options=pairs(raw.get("Options")),
        labels=pairs(raw.get("Labels")),
        created=text(raw.get("Created")),
        config_only=bool(raw.get("ConfigOnly")),
        config_from=text(obj(raw.get("ConfigFrom")).get("Network")),
    )


def _ports(summary: Raw) -> tuple[PortBinding, ...]:
    seen: dict[tuple[int, str, int | None], PortBinding] = {}
    for p in array(summary.get("Ports")):
        private = integer(obj(p).get("PrivatePort"))
        if private is None:
            continue
        binding = PortBinding(
            container_port=private,
            protocol=text(p.get("Type")) or "tcp",
            host_ip=text(p.get("IP")),
            host_port=integer(p.get("PublicPort")),
        )
        key = (binding.container_port, binding.protocol, binding.host_port)
        # The engine lists 0.0.0.0 and :: separately for one -p; show it once.
        if key not in seen or binding.host_ip in ("0.0.0.0", ""):
            seen[key] = binding
    return tuple(sorted(seen.values(), key=lambda b: (b.container_port, b.protocol, b.host_port or 0)))


def _ports_from_inspect(inspect: Raw) -> tuple[PortBinding, ...]:
    """Fallback for a container known only by its inspect (e.g. an old snapshot)."""
    result: list[PortBinding] = []
    for key, bindings in obj(obj(inspect.get("NetworkSettings")).get("Ports")).items():
        port, _, proto = str(key).partition("/")
        if integer(port) is None:
            continue
        for b in array(bindings) or [None]:
            result.append(
                PortBinding(int(port), proto or "tcp", text(obj(b).get("HostIp")), integer(obj(b).get("HostPort")))
            )
    return tuple(result)


def _name(summary: Raw, inspect: Raw | None) -> str:
    if inspect and inspect.get("Name"):
        return text(inspect["Name"]).lstrip("/")
    names = [n for n in array(summary.get("Names")) if isinstance(n, str)]
    # Old engines list link names ("/app/db") beside the real one; the real one has one slash.
    plain = [n for n in names if isinstance(n, str) and n.count("/") <= 1]
    return (plain or names or [""])[0].lstrip("/")


def parse_container(summary: Raw, inspect: Raw | None) -> Container:
    inspect = obj(inspect)
    host_config = obj(inspect.get("HostConfig")) or obj(summary.get("HostConfig"))
    config = obj(inspect.get("Config"))
    labels = summary.get("Labels") if summary.get("Labels") is not None else config.get("Labels")
    state = summary.get("State")
    if isinstance(state, dict) or state is None:
        state = obj(inspect.get("State")).get("Status", "")
    return Container(
        id=text(summary.get("Id") or inspect.get("Id")),
        name=_name(summary, inspect),
        image=text(summary.get("Image") or config.get("Image")),
        state=text(state),
        status=text(summary.get("Status")),
        network_mode=text((obj(summary.get("HostConfig")) or host_config).get("NetworkMode")) or "default",
        labels=pairs(labels),
        ports=_ports(summary) if "Ports" in summary else _ports_from_inspect(inspect),
        extra_hosts=tuple(text(h) for h in array(host_config.get("ExtraHosts"))),
        created=integer(summary.get("Created")) or 0,
        hostname=text(config.get("Hostname")),
        domainname=text(config.get("Domainname")),
        started_at=text(obj(inspect.get("State")).get("StartedAt")),
        bindings=all_bindings(summary, inspect),
        wanted_ports=wanted_ports(host_config),
        exposed_ports=exposed_ports(config),
        error=text(obj(inspect.get("State")).get("Error")),
    )


def _legacy_links(container: Container, inspect: Raw | None, by_name: dict[str, str]) -> list[Link]:
    """HostConfig.Links: "/db:/app/db" (or "db:alias" on newer engines) -> app sees db as alias."""
    result = []
    for entry in array(obj(obj(inspect).get("HostConfig")).get("Links")):
        target, _, alias = text(entry).partition(":")
        target_id = by_name.get(target.lstrip("/"))
        if target_id:
            result.append(Link(container.id, target_id, alias.rsplit("/", 1)[-1] or target.lstrip("/")))
    return result


def _network_links(endpoint: Endpoint, by_name: dict[str, str]) -> list[Link]:
    result = []
    for entry in endpoint.links:
        target, _, alias = entry.partition(":")
        target_id = by_name.get(target.lstrip("/"))
        if target_id:
            alias = alias.rsplit("/", 1)[-1] or target.lstrip("/")
            result.append(Link(endpoint.container_id, target_id, alias, endpoint.network_id))
    return result


def parse_engine(raw: Raw) -> EngineInfo:
    version = obj(raw.get("version"))
    info = obj(raw.get("info"))
    return EngineInfo(
        host=text(raw.get("host")),
        name=text(info.get("Name")),
        server_version=text(version.get("Version")),
        api_version=text(version.get("ApiVersion")),
        os=text(info.get("OperatingSystem") or version.get("Os")),
        swarm=text(obj(info.get("Swarm")).get("LocalNodeState")),
        node_id=text(obj(info.get("Swarm")).get("NodeID")),
        swarm_manager=bool(obj(info.get("Swarm")).get("ControlAvailable")),
        experimental=bool(info["ExperimentalBuild"]) if info.get("ExperimentalBuild") is not None else None,
        address_pools=_address_pools(info.get("DefaultAddressPools")),
    )


def _address_pools(raw: Any) -> tuple[tuple[str, int], ...] | None:
    """Info.DefaultAddressPools as (base, size); None when absent (older snapshots, refused /info)."""
    if not isinstance(raw, list) or not raw:
        return None
    pools = [(text(obj(p).get("Base")), obj(p).get("Size")) for p in raw]
    return tuple((base, size) for base, size in pools if base and isinstance(size, int)) or None


def parse_host(raw: Any) -> HostFacts | None:
    """Host facts (`tui.engine.hostinfo.HostReader.read`), or None when the snapshot has none."""
    if not isinstance(raw, dict):
        return None
    links = []
    for name, state in sorted(obj(raw.get("links")).items()):
        state = obj(state)
        carrier = state.get("carrier")
        links.append(
            LinkState(
                name=text(name),
                operstate=text(state.get("operstate")),
                carrier=carrier if isinstance(carrier, bool) else None,
                present=state.get("present") is not False,
            )
        )
    ip6tables = raw.get("ip6tables")
    return HostFacts(
        links=tuple(links),
        ip6tables=ip6tables if isinstance(ip6tables, bool) else None,
        net_namespaces=pairs(raw.get("net_namespaces")),
        routes=parse_routes(raw.get("routes")),
        addresses=parse_addresses(raw.get("addresses")),
        firewall=parse_firewall(raw.get("firewall")),
        listeners=parse_listeners(raw.get("listeners")),
    )


def parse_routes(raw: Any) -> tuple[HostRoute, ...] | None:
    """`[{"dst", "dev", "gateway", "proto", "scope"}]` as read by `tui.engine.hostinfo`; None when not read."""
    if not isinstance(raw, list):
        return None
    keys = ("dev", "gateway", "proto", "scope")
    return tuple(HostRoute(dst=text(obj(r).get("dst")), **{k: text(obj(r).get(k)) for k in keys}) for r in raw)


def parse_addresses(raw: Any) -> tuple[HostAddress, ...] | None:
    """`[{"interface", "cidr"}]` as read by `tui.engine.hostinfo`; None when not read."""
    if not isinstance(raw, list):
        return None
    return tuple(HostAddress(interface=text(obj(a).get("interface")), cidr=text(obj(a).get("cidr"))) for a in raw)


def parse_snapshot(raw: Raw, source: str = "engine") -> Snapshot:
    """Build a `Snapshot` from a raw snapshot dict (see `SNAPSHOT_FORMAT`)."""
    networks = tuple(sorted((parse_network(obj(n)) for n in array(raw.get("networks"))), key=lambda n: n.name))
    network_ids = {n.name: n.id for n in networks}
    inspects: dict[str, Raw] = obj(raw.get("inspects"))
    containers: list[Container] = []
    endpoints: list[Endpoint] = []
    host = text(obj(raw.get("engine")).get("host"))
    last, memo = _MEMO.get(host, {}), {}
    for summary in map(obj, array(raw.get("containers"))):
        cid = text(summary.get("Id"))
        inspect = inspects.get(cid)
        hit = last.get(cid)
        if hit is not None and hit[1] is inspect and hit[0] == summary:
            container, mine = hit[2], hit[3]
        else:
            container, mine = parse_container(summary, inspect), parse_endpoints(cid, summary, inspect, network_ids)
        if inspect is not None and all(e.network_id for e in mine):  # not read from `network_ids`
            memo[cid] = (summary, inspect, container, mine)
        containers.append(container)
        endpoints.extend(mine)
    if host:
        if len(_MEMO) > 8:  # engines come and go (the switcher): keep a few
            _MEMO.clear()
        _MEMO[host] = memo
    by_name = {c.name: c.id for c in containers}
    by_name.update({c.id: c.id for c in containers})
    links: list[Link] = []
    for c in containers:
        links.extend(_legacy_links(c, inspects.get(c.id), by_name))
    for e in endpoints:
        links.extend(_network_links(e, by_name))
    return Snapshot(
        engine=parse_engine(obj(raw.get("engine"))),
        networks=networks,
        containers=tuple(sorted(containers, key=lambda c: c.name)),
        endpoints=tuple(endpoints),
        links=tuple(links),
        taken_at=float(raw.get("taken_at") or 0.0),
        source=source,
        swarm=parse_swarm(obj(raw.get("swarm"))),
        host=parse_host(raw.get("host")),
        pending=tuple(text(cid) for cid in array(raw.get("pending"))),
    )
