"""Turn the engine's raw JSON into a `Snapshot`.

A pure function of a `RawSnapshot` dict, so a live engine, a saved snapshot file and the
embedded demo all go through the same code. It tolerates what real engines send: null IPAM
configs, empty or missing fields across API versions 1.41-1.52, stopped containers without
addresses, and inspects missing for containers that vanished between list and inspect.
"""

from __future__ import annotations

from typing import Any

from tui.model.snapshot import (
    Container,
    Endpoint,
    EngineInfo,
    IPAMConfig,
    Link,
    Network,
    Pairs,
    PortBinding,
    Snapshot,
)

SNAPSHOT_FORMAT = "dockernet-snapshot/1"

Raw = dict[str, Any]


def _pairs(value: Any) -> Pairs:
    if not isinstance(value, dict):
        return ()
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in value.items()))


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _d(value: Any) -> Raw:
    """`value` if it is a JSON object, else {}: other API versions (or a damaged file) differ."""
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "", False) else None
    except (TypeError, ValueError):
        return None


def parse_network(raw: Raw) -> Network:
    ipam = _d(raw.get("IPAM"))
    configs = tuple(
        IPAMConfig(
            subnet=c.get("Subnet") or None,
            gateway=c.get("Gateway") or None,
            ip_range=c.get("IPRange") or None,
            aux_addresses=_pairs(c.get("AuxiliaryAddresses")),
        )
        for c in _l(ipam.get("Config"))
        if isinstance(c, dict)
    )
    return Network(
        id=_str(raw.get("Id")),
        name=_str(raw.get("Name")),
        driver=_str(raw.get("Driver")),
        scope=_str(raw.get("Scope")) or "local",
        internal=bool(raw.get("Internal")),
        attachable=bool(raw.get("Attachable")),
        ingress=bool(raw.get("Ingress")),
        ipv6=bool(raw.get("EnableIPv6")),
        ipam_driver=_str(ipam.get("Driver")) or "default",
        ipam=configs,
        options=_pairs(raw.get("Options")),
        labels=_pairs(raw.get("Labels")),
        created=_str(raw.get("Created")),
        config_only=bool(raw.get("ConfigOnly")),
        config_from=_str(_d(raw.get("ConfigFrom")).get("Network")),
    )


def _ports(summary: Raw) -> tuple[PortBinding, ...]:
    seen: dict[tuple[int, str, int | None], PortBinding] = {}
    for p in _l(summary.get("Ports")):
        private = _int(_d(p).get("PrivatePort"))
        if private is None:
            continue
        binding = PortBinding(
            container_port=private,
            protocol=_str(p.get("Type")) or "tcp",
            host_ip=_str(p.get("IP")),
            host_port=_int(p.get("PublicPort")),
        )
        key = (binding.container_port, binding.protocol, binding.host_port)
        # The engine lists 0.0.0.0 and :: separately for one -p; show it once.
        if key not in seen or binding.host_ip in ("0.0.0.0", ""):
            seen[key] = binding
    return tuple(sorted(seen.values(), key=lambda b: (b.container_port, b.protocol, b.host_port or 0)))


def _ports_from_inspect(inspect: Raw) -> tuple[PortBinding, ...]:
    """Fallback for a container known only by its inspect (e.g. an old snapshot)."""
    result: list[PortBinding] = []
    for key, bindings in _d(_d(inspect.get("NetworkSettings")).get("Ports")).items():
        port, _, proto = str(key).partition("/")
        if _int(port) is None:
            continue
        for b in _l(bindings) or [None]:
            result.append(
                PortBinding(int(port), proto or "tcp", _str(_d(b).get("HostIp")), _int(_d(b).get("HostPort")))
            )
    return tuple(result)


def _name(summary: Raw, inspect: Raw | None) -> str:
    if inspect and inspect.get("Name"):
        return _str(inspect["Name"]).lstrip("/")
    names = [n for n in _l(summary.get("Names")) if isinstance(n, str)]
    # Old engines list link names ("/app/db") beside the real one; the real one has one slash.
    plain = [n for n in names if isinstance(n, str) and n.count("/") <= 1]
    return (plain or names or [""])[0].lstrip("/")


def parse_container(summary: Raw, inspect: Raw | None) -> Container:
    inspect = _d(inspect)
    host_config = _d(inspect.get("HostConfig")) or _d(summary.get("HostConfig"))
    config = _d(inspect.get("Config"))
    labels = summary.get("Labels") if summary.get("Labels") is not None else config.get("Labels")
    state = summary.get("State")
    if isinstance(state, dict) or state is None:
        state = _d(inspect.get("State")).get("Status", "")
    return Container(
        id=_str(summary.get("Id") or inspect.get("Id")),
        name=_name(summary, inspect),
        image=_str(summary.get("Image") or config.get("Image")),
        state=_str(state),
        status=_str(summary.get("Status")),
        network_mode=_str((_d(summary.get("HostConfig")) or host_config).get("NetworkMode")) or "default",
        labels=_pairs(labels),
        ports=_ports(summary) if "Ports" in summary else _ports_from_inspect(inspect),
        extra_hosts=tuple(_str(h) for h in _l(host_config.get("ExtraHosts"))),
        created=_int(summary.get("Created")) or 0,
    )


def _endpoints(container_id: str, summary: Raw, inspect: Raw | None, network_ids: dict[str, str]) -> list[Endpoint]:
    nets = _d(summary.get("NetworkSettings")).get("Networks")
    if nets is None and inspect:
        nets = _d(_d(inspect).get("NetworkSettings")).get("Networks")
    detail = _d(_d(_d(inspect).get("NetworkSettings")).get("Networks"))
    result = []
    for net_name, ep in _d(nets).items():
        ep = _d(ep)
        more = _d(detail.get(net_name))
        ip, plen = ep.get("IPAddress"), ep.get("IPPrefixLen")
        ip6, plen6 = ep.get("GlobalIPv6Address"), ep.get("GlobalIPv6PrefixLen")
        ipam_cfg = _d(more.get("IPAMConfig")) or _d(ep.get("IPAMConfig"))
        result.append(
            Endpoint(
                container_id=container_id,
                network_id=_str(ep.get("NetworkID")) or network_ids.get(net_name, ""),
                network_name=net_name,
                ipv4=f"{ip}/{plen}" if ip else None,
                ipv6=f"{ip6}/{plen6}" if ip6 else None,
                mac=ep.get("MacAddress") or None,
                gateway=ep.get("Gateway") or None,
                aliases=tuple(_str(a) for a in (_l(more.get("Aliases")) or _l(ep.get("Aliases")))),
                dns_names=tuple(_str(a) for a in (_l(more.get("DNSNames")) or _l(ep.get("DNSNames")))),
                links=tuple(_str(a) for a in (_l(more.get("Links")) or _l(ep.get("Links")))),
                endpoint_id=_str(ep.get("EndpointID")),
                static_ipv4=ipam_cfg.get("IPv4Address") or None,
            )
        )
    return result


def _legacy_links(container: Container, inspect: Raw | None, by_name: dict[str, str]) -> list[Link]:
    """HostConfig.Links: "/db:/app/db" (or "db:alias" on newer engines) -> app sees db as alias."""
    result = []
    for entry in _l(_d(_d(inspect).get("HostConfig")).get("Links")):
        target, _, alias = _str(entry).partition(":")
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
    version = _d(raw.get("version"))
    info = _d(raw.get("info"))
    return EngineInfo(
        host=_str(raw.get("host")),
        name=_str(info.get("Name")),
        server_version=_str(version.get("Version")),
        api_version=_str(version.get("ApiVersion")),
        os=_str(info.get("OperatingSystem") or version.get("Os")),
        swarm=_str(_d(info.get("Swarm")).get("LocalNodeState")),
    )


def parse_snapshot(raw: Raw, source: str = "engine") -> Snapshot:
    """Build a `Snapshot` from a raw snapshot dict (see `SNAPSHOT_FORMAT`)."""
    networks = tuple(sorted((parse_network(_d(n)) for n in _l(raw.get("networks"))), key=lambda n: n.name))
    network_ids = {n.name: n.id for n in networks}
    inspects: dict[str, Raw] = _d(raw.get("inspects"))
    containers: list[Container] = []
    endpoints: list[Endpoint] = []
    for summary in map(_d, _l(raw.get("containers"))):
        cid = _str(summary.get("Id"))
        container = parse_container(summary, inspects.get(cid))
        containers.append(container)
        endpoints.extend(_endpoints(cid, summary, inspects.get(cid), network_ids))
    by_name = {c.name: c.id for c in containers}
    by_name.update({c.id: c.id for c in containers})
    links: list[Link] = []
    for c in containers:
        links.extend(_legacy_links(c, inspects.get(c.id), by_name))
    for e in endpoints:
        links.extend(_network_links(e, by_name))
    return Snapshot(
        engine=parse_engine(_d(raw.get("engine"))),
        networks=networks,
        containers=tuple(sorted(containers, key=lambda c: c.name)),
        endpoints=tuple(endpoints),
        links=tuple(links),
        taken_at=float(raw.get("taken_at") or 0.0),
        source=source,
    )
