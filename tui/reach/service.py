"""Can a container reach a swarm service, and why? `why SRC SERVICE`.

A service is not a container: SRC reaches it through the service's virtual IP (an IPVS load
balancer in front of its tasks, `vip` endpoint mode) or, in `dnsrr` mode, through the tasks'
own addresses that its name resolves to. Either way only over a network SRC shares with the
service. The verdict says which, lists the tasks behind the name and the nodes they run on, and
names the routing-mesh ports the service publishes. See `tui.reach.swarm` for what was measured.
"""

from __future__ import annotations

from tui.model.snapshot import Container, Snapshot
from tui.model.swarm import SwarmService
from tui.reach.names import resolver
from tui.reach.stack import Path, Stack, network_of, stack_of
from tui.reach.swarm import service_networks, task_addresses, where
from tui.reach.verdict import Verdict

__all__ = ["find_service", "service_verdict"]


def find_service(snap: Snapshot, key: str) -> SwarmService | None:
    """A service by id, unique id prefix or name, when the snapshot knows the swarm."""
    return snap.swarm.service(key) if snap.swarm is not None else None


def _task_places(snap: Snapshot, service: SwarmService, network_id: str) -> list[str]:
    """`10.0.1.3 on vm (10.250.0.2)` for each running task on the network."""
    if snap.swarm is None:
        return []
    places = []
    for task in snap.swarm.tasks_of(service.id):
        if not task.running:
            continue
        node = snap.swarm.node(task.node_id)
        node_text = f" on node {node.hostname or node.short_id} ({node.addr})" if node is not None else ""
        for net, addr in task.addresses:
            if net == network_id:
                places.append(f"{addr.split('/', 1)[0]}{node_text}")
    return places


def _published(service: SwarmService) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ports = tuple(str(p) for p in service.ports if p.published_port is not None)
    notes = []
    for p in service.ports:
        if p.published_port is None:
            continue
        if p.publish_mode == "host":
            notes.append(f"{p}: host mode, only on the nodes where a task runs, straight to that task")
        else:
            notes.append(
                f"{p}: the routing mesh: every node of the swarm listens on {p.published_port} and forwards "
                f"over the ingress network to the service's VIP there, whichever node the tasks run on"
            )
    return ports, tuple(notes)


def service_verdict(snap: Snapshot, src: Container, service: SwarmService) -> Verdict:
    """Decide and explain whether `src` reaches `service` (through its VIP or its tasks)."""
    s = stack_of(snap, src)
    ports, notes = _published(service)
    base = Verdict(
        src=src.name,
        dst=service.name,
        src_id=src.id,
        dst_id=service.id,
        ip_reachable=False,
        published=ports,
        published_notes=notes,
    )
    if s.mode == "down":
        return _with(base, reasons=[s.problem], fixes=[f"start {s.owner.name}"])
    nets = service_networks(snap, service)
    net_names = [n.name for nid in nets if (n := snap.network(nid)) is not None and not n.ingress]
    if s.mode != "endpoints":
        mode = "the host's network stack" if s.mode == "host" else "--network none"
        return _with(
            base,
            reasons=[
                f"{src.name} uses {mode}: a service's VIP and tasks live on overlay networks "
                f"({', '.join(net_names) or 'none'}), which no host stack has a route into"
            ],
            fixes=[f"use a published port of {service.name}" if ports else f"publish a port of {service.name}"],
        )
    return _shared(snap, s, service, nets, net_names, base)


def _shared(
    snap: Snapshot, s: Stack, service: SwarmService, nets: list[str], net_names: list[str], base: Verdict
) -> Verdict:
    src = s.container
    paths: list[Path] = []
    reached: list[str] = []
    reasons: list[str] = []
    mine = {e.network_id: e for e in s.endpoints}
    for nid in nets:
        net = snap.network(nid)
        ours = mine.get(nid)
        if net is None or net.ingress or ours is None:
            continue
        tasks = task_addresses(snap, service, nid)
        places = _task_places(snap, service, nid)
        vip = service.vip_on(nid)
        task_text = f"{len(tasks)} running task{'' if len(tasks) == 1 else 's'}"
        if places:
            task_text += ": " + ", ".join(places)
        if service.endpoint_mode == "dnsrr":
            reasons.append(
                f"both are on overlay {net.name}; {service.name} uses DNS round robin (dnsrr): its name resolves "
                f"straight to its tasks' addresses, no VIP ({task_text})"
            )
        elif vip:
            reasons.append(
                f"both are on overlay {net.name}; {service.name} resolves to its virtual IP {vip}, which "
                f"load-balances connections to its ports over {task_text}"
            )
            reasons.append(
                f"the VIP {vip} is an IPVS load balancer: it answers connections to the service's ports, "
                "not ping (ICMP gets no answer); the tasks' own addresses answer ping"
            )
            reasons.append(
                "the VIP needs IPVS in the kernel of the node SRC runs on: without it (the engine logs 'Could not "
                f"get ipvs family information') connections to {vip} go nowhere, and tasks.{service.name} or "
                "--endpoint-mode dnsrr reach the tasks directly"
            )
            if tasks:
                paths.append(Path(net.name, nid, "overlay", ours.address or "", vip, "vip"))
                reached.append(vip)
        if not tasks:
            reasons.append(f"{service.name} has no running task on {net.name}: nothing answers behind its name")
            continue
        paths.extend(Path(net.name, nid, "overlay", ours.address or "", t, "task") for t in tasks)
        reached.extend(tasks)
    if not paths and not reasons:
        reasons.append(
            f"{service.name} is on {', '.join(net_names) or 'no network'}; {src.name} ({where(snap, src)}) "
            "is on none of them"
        )
    fixes = [] if reached else _fixes(snap, s, service, nets)
    addresses = set(reached)
    # The service's own names only: its tasks' container names resolve to the same addresses, but
    # they name one task each, not the service.
    own = {service.name, f"tasks.{service.name}", *(a for _, a in service.aliases)}
    known = resolver(snap, s)
    names = [name for name, entry in known.items() if name in own and entry.addresses & addresses]
    if reached and not names:
        reasons.append(f"no name of {service.name} resolves in {src.name}")
    return _with(
        base,
        ip_reachable=bool(reached),
        names=names,
        via=paths,
        reasons=reasons,
        fixes=fixes,
        addresses=list(dict.fromkeys(reached)),
    )


def _fixes(snap: Snapshot, s: Stack, service: SwarmService, nets: list[str]) -> list[str]:
    src = s.owner.name
    fixes = []
    for nid in nets:
        net = snap.network(nid)
        if net is None or net.ingress:
            continue
        if net.attachable:
            fixes.append(f"connect {src} to {net.name}: docker network connect {net.name} {src}")
        else:
            fixes.append(
                f"{net.name} is not attachable: recreate it with --attachable, or run {src} as a service on it"
            )
    mine = [n.name for e in s.endpoints if (n := network_of(snap, e)) is not None and n.scope == "swarm"]
    if mine:
        fixes.append(
            f"or add one of {src}'s overlays to the service: docker service update --network-add {mine[0]} "
            f"{service.name}"
        )
    return fixes


def _with(
    base: Verdict,
    *,
    ip_reachable: bool = False,
    names: list[str] | None = None,
    via: list[Path] | None = None,
    reasons: list[str] | None = None,
    fixes: list[str] | None = None,
    addresses: list[str] | None = None,
) -> Verdict:
    return Verdict(
        src=base.src,
        dst=base.dst,
        src_id=base.src_id,
        dst_id=base.dst_id,
        ip_reachable=ip_reachable,
        names=tuple(names or ()),
        via=tuple(via or ()),
        reasons=tuple(reasons or ()),
        fixes=tuple(dict.fromkeys(fixes or ())),
        addresses=tuple(addresses or ()),
        published=base.published,
        published_notes=base.published_notes,
    )
