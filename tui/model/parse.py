"""Turn the engine's raw JSON into a `Snapshot`.

A pure function of a `RawSnapshot` dict, so a live engine, a saved snapshot file and the
embedded demo all go through the same code. It tolerates what real engines send: null IPAM
configs, empty or missing fields across API versions 1.41-1.52, stopped containers without
addresses, and inspects missing for containers that vanished between list and inspect.
"""

from __future__ import annotations

from typing import Any

from tui.model.hostfacts import HostFacts, LinkState
from tui.model.hostroutes import HostAddress, HostRoute
from tui.model.lookup import Pairs
from tui.model.snapshot import Container, Endpoint, EngineInfo, IPAMConfig, Link, Network, PortBinding, Snapshot
from tui.model.swarm import (
    OverlayDetail,
    OverlayPeer,
    OverlayService,
    ServicePort,
    SwarmInfo,
    SwarmNode,
    SwarmService,
    SwarmTask,
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
        hostname=_str(config.get("Hostname")),
        domainname=_str(config.get("Domainname")),
        started_at=_str(_d(inspect.get("State")).get("StartedAt")),
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
        node_id=_str(_d(info.get("Swarm")).get("NodeID")),
        swarm_manager=bool(_d(info.get("Swarm")).get("ControlAvailable")),
        experimental=bool(info["ExperimentalBuild"]) if info.get("ExperimentalBuild") is not None else None,
        address_pools=_address_pools(info.get("DefaultAddressPools")),
    )


def _address_pools(raw: Any) -> tuple[tuple[str, int], ...] | None:
    """Info.DefaultAddressPools as (base, size); None when absent (older snapshots, refused /info)."""
    if not isinstance(raw, list) or not raw:
        return None
    pools = [(_str(_d(p).get("Base")), _d(p).get("Size")) for p in raw]
    return tuple((base, size) for base, size in pools if base and isinstance(size, int)) or None


def parse_host(raw: Any) -> HostFacts | None:
    """Host facts (`tui.engine.hostinfo.HostReader.read`), or None when the snapshot has none."""
    if not isinstance(raw, dict):
        return None
    links = []
    for name, state in sorted(_d(raw.get("links")).items()):
        state = _d(state)
        carrier = state.get("carrier")
        links.append(
            LinkState(
                name=_str(name),
                operstate=_str(state.get("operstate")),
                carrier=carrier if isinstance(carrier, bool) else None,
                present=state.get("present") is not False,
            )
        )
    ip6tables = raw.get("ip6tables")
    return HostFacts(
        links=tuple(links),
        ip6tables=ip6tables if isinstance(ip6tables, bool) else None,
        net_namespaces=_pairs(raw.get("net_namespaces")),
        routes=parse_routes(raw.get("routes")),
        addresses=parse_addresses(raw.get("addresses")),
    )


def parse_routes(raw: Any) -> tuple[HostRoute, ...] | None:
    """`[{"dst", "dev", "gateway", "proto", "scope"}]` as read by `tui.engine.hostinfo`; None when not read."""
    if not isinstance(raw, list):
        return None
    keys = ("dev", "gateway", "proto", "scope")
    return tuple(HostRoute(dst=_str(_d(r).get("dst")), **{k: _str(_d(r).get(k)) for k in keys}) for r in raw)


def parse_addresses(raw: Any) -> tuple[HostAddress, ...] | None:
    """`[{"interface", "cidr"}]` as read by `tui.engine.hostinfo`; None when not read."""
    if not isinstance(raw, list):
        return None
    return tuple(HostAddress(interface=_str(_d(a).get("interface")), cidr=_str(_d(a).get("cidr"))) for a in raw)


def _swarm_node(raw: Raw) -> SwarmNode:
    spec, status, desc = _d(raw.get("Spec")), _d(raw.get("Status")), _d(raw.get("Description"))
    manager = _d(raw.get("ManagerStatus"))
    addr = _str(status.get("Addr"))
    if addr in ("", "0.0.0.0"):  # a manager may report 0.0.0.0; its ManagerStatus has the address
        addr = _str(manager.get("Addr")).rsplit(":", 1)[0] or addr
    return SwarmNode(
        id=_str(raw.get("ID")),
        hostname=_str(desc.get("Hostname")),
        role=_str(spec.get("Role")),
        availability=_str(spec.get("Availability")),
        state=_str(status.get("State")),
        addr=addr,
        leader=bool(manager.get("Leader")),
        engine_version=_str(_d(desc.get("Engine")).get("EngineVersion")),
    )


def _service_mode(mode: Raw) -> tuple[str, int | None]:
    if "Replicated" in mode:
        return "replicated", _int(_d(mode["Replicated"]).get("Replicas")) or 0
    if "Global" in mode:
        return "global", None
    if "ReplicatedJob" in mode:
        return "replicated-job", _int(_d(mode["ReplicatedJob"]).get("TotalCompletions"))
    if "GlobalJob" in mode:
        return "global-job", None
    return "", None


def _swarm_service(raw: Raw) -> SwarmService:
    spec, endpoint = _d(raw.get("Spec")), _d(raw.get("Endpoint"))
    template = _d(spec.get("TaskTemplate"))
    mode, replicas = _service_mode(_d(spec.get("Mode")))
    ports = tuple(
        ServicePort(
            target_port=_int(p.get("TargetPort")) or 0,
            protocol=_str(p.get("Protocol")) or "tcp",
            published_port=_int(p.get("PublishedPort")),
            publish_mode=_str(p.get("PublishMode")) or "ingress",
        )
        for p in map(_d, _l(endpoint.get("Ports")) or _l(_d(spec.get("EndpointSpec")).get("Ports")))
    )
    # Networks: the task template's (newer API) or the spec's own (older).
    attachments = [_d(n) for n in _l(template.get("Networks")) or _l(spec.get("Networks"))]
    return SwarmService(
        id=_str(raw.get("ID")),
        name=_str(spec.get("Name")),
        mode=mode,
        replicas=replicas,
        image=_str(_d(template.get("ContainerSpec")).get("Image")).split("@", 1)[0],
        endpoint_mode=_str(_d(endpoint.get("Spec")).get("Mode") or _d(spec.get("EndpointSpec")).get("Mode")) or "vip",
        ports=ports,
        vips=tuple(
            sorted(
                (_str(v.get("NetworkID")), _str(v.get("Addr")))
                for v in map(_d, _l(endpoint.get("VirtualIPs")))
                if v.get("Addr")
            )
        ),
        networks=tuple(_str(n.get("Target")) for n in attachments if n.get("Target")),
        aliases=tuple(sorted((_str(n.get("Target")), _str(a)) for n in attachments for a in _l(n.get("Aliases")))),
        labels=_pairs(spec.get("Labels")),
    )


def _swarm_task(raw: Raw) -> SwarmTask:
    status = _d(raw.get("Status"))
    addresses: list[tuple[str, str]] = []
    for att in map(_d, _l(raw.get("NetworksAttachments"))):
        net_id = _str(_d(att.get("Network")).get("ID"))
        addresses.extend((net_id, _str(a)) for a in _l(att.get("Addresses")))
    return SwarmTask(
        id=_str(raw.get("ID")),
        service_id=_str(raw.get("ServiceID")),
        node_id=_str(raw.get("NodeID")),
        slot=_int(raw.get("Slot")),
        state=_str(status.get("State")),
        desired_state=_str(raw.get("DesiredState")),
        container_id=_str(_d(status.get("ContainerStatus")).get("ContainerID")),
        message=_str(status.get("Err") or status.get("Message")),
        addresses=tuple(sorted(addresses)),
    )


def _overlay_detail(raw: Raw) -> OverlayDetail:
    peers = tuple(
        sorted(
            (OverlayPeer(_str(p.get("Name")), _str(p.get("IP"))) for p in map(_d, _l(raw.get("Peers")))),
            key=lambda p: (p.ip, p.name),
        )
    )
    services = []
    for name, svc in sorted(_d(raw.get("Services")).items()):
        svc = _d(svc)
        tasks = tuple(
            sorted(
                (_str(t.get("Name")), _str(t.get("EndpointIP")), _str(_d(t.get("Info")).get("Host IP")))
                for t in map(_d, _l(svc.get("Tasks")))
            )
        )
        ports = tuple(_str(p) for p in _l(svc.get("Ports")))
        services.append(OverlayService(name=_str(name), vip=_str(svc.get("VIP")), ports=ports, tasks=tasks))
    return OverlayDetail(network_id=_str(raw.get("Id")), peers=peers, services=tuple(services))


def parse_swarm(raw: Raw, manager_engine: str = "") -> SwarmInfo | None:
    """The manager's swarm data (`tui.engine.swarm.read_swarm`), or None when there is none."""
    if not raw or not (raw.get("nodes") or raw.get("services") or raw.get("tasks")):
        return None
    return SwarmInfo(
        cluster_id=_str(raw.get("cluster_id")),
        manager_engine=manager_engine,
        nodes=tuple(sorted((_swarm_node(_d(n)) for n in _l(raw.get("nodes"))), key=lambda n: (n.hostname, n.id))),
        services=tuple(sorted((_swarm_service(_d(s)) for s in _l(raw.get("services"))), key=lambda s: s.name)),
        tasks=tuple(
            sorted((_swarm_task(_d(t)) for t in _l(raw.get("tasks"))), key=lambda t: (t.service_id, t.slot or 0, t.id))
        ),
        overlays=tuple(sorted((_overlay_detail(_d(n)) for n in _l(raw.get("networks"))), key=lambda o: o.network_id)),
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
        swarm=parse_swarm(_d(raw.get("swarm"))),
        host=parse_host(raw.get("host")),
    )
