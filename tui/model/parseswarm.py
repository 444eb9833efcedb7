"""Turn the manager's raw swarm data (nodes, services, tasks, verbose overlays) into a `SwarmInfo`.

Split from `tui.model.parse`, which calls `parse_swarm` for a snapshot's "swarm" key: the swarm's
API objects are apart from the containers' and networks', and only a manager reports them.
"""

from __future__ import annotations

from tui.model.rawjson import Raw, array, integer, obj, pairs, text
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


def _swarm_node(raw: Raw) -> SwarmNode:
    spec, status, desc = obj(raw.get("Spec")), obj(raw.get("Status")), obj(raw.get("Description"))
    manager = obj(raw.get("ManagerStatus"))
    addr = text(status.get("Addr"))
    if addr in ("", "0.0.0.0"):  # a manager may report 0.0.0.0; its ManagerStatus has the address
        addr = text(manager.get("Addr")).rsplit(":", 1)[0] or addr
    return SwarmNode(
        id=text(raw.get("ID")),
        hostname=text(desc.get("Hostname")),
        role=text(spec.get("Role")),
        availability=text(spec.get("Availability")),
        state=text(status.get("State")),
        addr=addr,
        leader=bool(manager.get("Leader")),
        engine_version=text(obj(desc.get("Engine")).get("EngineVersion")),
    )


def _service_mode(mode: Raw) -> tuple[str, int | None]:
    if "Replicated" in mode:
        return "replicated", integer(obj(mode["Replicated"]).get("Replicas")) or 0
    if "Global" in mode:
        return "global", None
    if "ReplicatedJob" in mode:
        return "replicated-job", integer(obj(mode["ReplicatedJob"]).get("TotalCompletions"))
    if "GlobalJob" in mode:
        return "global-job", None
    return "", None


def _swarm_service(raw: Raw) -> SwarmService:
    spec, endpoint = obj(raw.get("Spec")), obj(raw.get("Endpoint"))
    template = obj(spec.get("TaskTemplate"))
    mode, replicas = _service_mode(obj(spec.get("Mode")))
    ports = tuple(
        ServicePort(
            target_port=integer(p.get("TargetPort")) or 0,
            protocol=text(p.get("Protocol")) or "tcp",
            published_port=integer(p.get("PublishedPort")),
            publish_mode=text(p.get("PublishMode")) or "ingress",
        )
        for p in map(obj, array(endpoint.get("Ports")) or array(obj(spec.get("EndpointSpec")).get("Ports")))
    )
    # Networks: the task template's (newer API) or the spec's own (older).
    attachments = [obj(n) for n in array(template.get("Networks")) or array(spec.get("Networks"))]
    return SwarmService(
        id=text(raw.get("ID")),
        name=text(spec.get("Name")),
        mode=mode,
        replicas=replicas,
        image=text(obj(template.get("ContainerSpec")).get("Image")).split("@", 1)[0],
        endpoint_mode=text(obj(endpoint.get("Spec")).get("Mode") or obj(spec.get("EndpointSpec")).get("Mode")) or "vip",
        ports=ports,
        vips=tuple(
            sorted(
                (text(v.get("NetworkID")), text(v.get("Addr")))
                for v in map(obj, array(endpoint.get("VirtualIPs")))
                if v.get("Addr")
            )
        ),
        networks=tuple(text(n.get("Target")) for n in attachments if n.get("Target")),
        aliases=tuple(sorted((text(n.get("Target")), text(a)) for n in attachments for a in array(n.get("Aliases")))),
        labels=pairs(spec.get("Labels")),
    )


def _swarm_task(raw: Raw) -> SwarmTask:
    status = obj(raw.get("Status"))
    addresses: list[tuple[str, str]] = []
    for att in map(obj, array(raw.get("NetworksAttachments"))):
        net_id = text(obj(att.get("Network")).get("ID"))
        addresses.extend((net_id, text(a)) for a in array(att.get("Addresses")))
    return SwarmTask(
        id=text(raw.get("ID")),
        service_id=text(raw.get("ServiceID")),
        node_id=text(raw.get("NodeID")),
        slot=integer(raw.get("Slot")),
        state=text(status.get("State")),
        desired_state=text(raw.get("DesiredState")),
        container_id=text(obj(status.get("ContainerStatus")).get("ContainerID")),
        message=text(status.get("Err") or status.get("Message")),
        addresses=tuple(sorted(addresses)),
    )


def _overlay_detail(raw: Raw) -> OverlayDetail:
    peers = tuple(
        sorted(
            (OverlayPeer(text(p.get("Name")), text(p.get("IP"))) for p in map(obj, array(raw.get("Peers")))),
            key=lambda p: (p.ip, p.name),
        )
    )
    services = []
    for name, svc in sorted(obj(raw.get("Services")).items()):
        svc = obj(svc)
        tasks = tuple(
            sorted(
                (text(t.get("Name")), text(t.get("EndpointIP")), text(obj(t.get("Info")).get("Host IP")))
                for t in map(obj, array(svc.get("Tasks")))
            )
        )
        ports = tuple(text(p) for p in array(svc.get("Ports")))
        services.append(OverlayService(name=text(name), vip=text(svc.get("VIP")), ports=ports, tasks=tasks))
    return OverlayDetail(network_id=text(raw.get("Id")), peers=peers, services=tuple(services))


def parse_swarm(raw: Raw, manager_engine: str = "") -> SwarmInfo | None:
    """The manager's swarm data (`tui.engine.swarm.read_swarm`), or None when there is none."""
    if not raw or not (raw.get("nodes") or raw.get("services") or raw.get("tasks")):
        return None
    return SwarmInfo(
        cluster_id=text(raw.get("cluster_id")),
        manager_engine=manager_engine,
        nodes=tuple(sorted((_swarm_node(obj(n)) for n in array(raw.get("nodes"))), key=lambda n: (n.hostname, n.id))),
        services=tuple(sorted((_swarm_service(obj(s)) for s in array(raw.get("services"))), key=lambda s: s.name)),
        tasks=tuple(
            sorted(
                (_swarm_task(obj(t)) for t in array(raw.get("tasks"))), key=lambda t: (t.service_id, t.slot or 0, t.id)
            )
        ),
        overlays=tuple(
            sorted((_overlay_detail(obj(n)) for n in array(raw.get("networks"))), key=lambda o: o.network_id)
        ),
    )
