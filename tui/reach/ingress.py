"""A swarm service's ingress-published port: the routing mesh, as far as the host's rules show it.

A task's container has no port binding of its own: the service publishes PORT on every node,
where the nat table's DOCKER-INGRESS chain DNATs it to the ingress sandbox, whose IPVS balances
it over the service's tasks. dockernet follows the host's rules up to that DNAT and does not
follow IPVS; where the chain or the kernel's IPVS is missing (measured on the lab's kernel: no
/proc/net/ip_vs, no DOCKER-INGRESS chain, the port refuses connections) it says why the mesh
cannot answer.
"""

from __future__ import annotations

from dataclasses import replace

from tui.model.snapshot import Container, Snapshot
from tui.model.swarm import ServicePort
from tui.reach.outside import PortPath


def ingress_ports(snap: Snapshot, container: Container) -> tuple[str, list[ServicePort]]:
    """(service name, its ingress-published TCP ports) when the container is a swarm task."""
    swarm = snap.swarm
    task = swarm.task_of_container(container.id) if swarm else None
    service = swarm.service(task.service_id) if swarm and task else None
    if service is None:
        return "", []
    ports = [
        p for p in service.ports if p.publish_mode == "ingress" and p.published_port is not None and p.protocol == "tcp"
    ]
    return service.name, ports


def through_mesh(snap: Snapshot, path: PortPath, service: str, port: ServicePort) -> PortPath:
    """The followed path, told as the routing mesh: why it answers, or why the mesh cannot."""
    fw = snap.host.firewall if snap.host else None
    mesh = f"{service} publishes {port} through the routing mesh on every node"
    if fw is None or fw.ipv4 is None:
        return replace(path, reachable=None, reason=f"{mesh}; IPVS balances it to a task (not followed here)")
    chain = fw.ipv4.chain("nat", "DOCKER-INGRESS")
    wired = chain is not None and any(
        r.target == "DNAT" and any(m.option == "dport" and str(port.published_port) in m.values for m in r.matches)
        for r in chain.rules
    )
    if not wired:
        why = f"{mesh}, but it is not set up on this node: no DOCKER-INGRESS rule for {port.published_port}"
        if fw.ipvs is False:
            why += "; this kernel has no IPVS (/proc/net/ip_vs is missing), which the ingress network needs"
        return replace(path, reachable=False, reason=why)
    if path.reachable is False:
        return path
    return replace(
        path, reachable=None, reason=f"{mesh}; the DNAT leads to the ingress sandbox, whose IPVS is not followed"
    )
