"""Swarm and multi-engine rules for `why`: overlays across engines, service names in the DNS.

Pure functions of a (merged) `Snapshot`, used by `tui.reach.ip` and `tui.reach.names`. Measured
on the lab's two-engine swarm (tests/test_swarm.py pings and looks up from inside containers):

- containers on different engines reach each other only over a swarm-scoped (overlay) network
  both are attached to; every engine's bridges, host stack and published ports are its own;
- on an overlay, the embedded DNS of every member (on any node) answers for every member's name,
  `name.network` and aliases, wherever that member runs;
- a service on a network it shares with SRC: its name (and its network aliases) resolves to the
  service's virtual IP in `vip` endpoint mode, to its running tasks' addresses in `dnsrr` mode;
  `tasks.<name>` always resolves to the tasks' addresses;
- a VIP is an IPVS load balancer: connections to the service's ports are spread over its tasks,
  but a ping to the VIP gets no answer (measured on 20.10);
- the ingress network carries only the routing mesh: no names are resolved on it.
"""

from __future__ import annotations

from tui.model.snapshot import Container, Network, Snapshot
from tui.model.swarm import SwarmService


def engines_differ(a: Container, b: Container) -> bool:
    """Whether two containers run on different engines of a merged snapshot."""
    return bool(a.engine) and bool(b.engine) and a.engine != b.engine


def where(snap: Snapshot, c: Container) -> str:
    """`engine e2 (swarm node vm, 10.250.0.2)`: where a container runs, for reasons."""
    node = snap.swarm_node_of(c)
    place = f"engine {c.engine}" if c.engine else "this engine"
    if node is not None:
        place += f" (swarm node {node.hostname or node.short_id}{', ' + node.addr if node.addr else ''})"
    return place


def spans_engines(net: Network | None) -> bool:
    """Swarm-scoped networks are the only ones shared between engines."""
    return net is not None and net.scope == "swarm"


def task_addresses(snap: Snapshot, service: SwarmService, network_id: str) -> list[str]:
    """The running tasks' addresses (without prefix length) on one network."""
    if snap.swarm is None:
        return []
    result: list[str] = []
    for task in snap.swarm.tasks_of(service.id):
        if not task.running:
            continue
        result.extend(addr.split("/", 1)[0] for net, addr in task.addresses if net == network_id and addr)
    return sorted(dict.fromkeys(result))


def service_networks(snap: Snapshot, service: SwarmService) -> list[str]:
    """Network ids the service's tasks attach to (its VIPs', its spec's, its tasks')."""
    ids = [net for net, _ in service.vips]
    known = {n.id for n in snap.networks}
    by_name = {n.name: n.id for n in snap.networks if n.scope == "swarm"}
    ids.extend(t if t in known else by_name.get(t, t) for t in service.networks)
    if snap.swarm is not None:
        ids.extend(net for task in snap.swarm.tasks_of(service.id) for net, _ in task.addresses)
    return list(dict.fromkeys(ids))


def service_names(snap: Snapshot, network: Network) -> list[tuple[str, frozenset[str], str]]:
    """(name, addresses, source) the embedded DNS on `network` answers for swarm services."""
    if snap.swarm is None or network.ingress:
        return []
    entries: list[tuple[str, frozenset[str], str]] = []
    for svc in snap.swarm.services:
        if network.id not in service_networks(snap, svc):
            continue
        tasks = frozenset(task_addresses(snap, svc, network.id))
        vip = svc.vip_on(network.id)
        aliases = [a for net, a in svc.aliases if net in (network.id, network.name)]
        if svc.endpoint_mode == "dnsrr":
            answer, how = tasks, "its tasks' addresses (DNS round robin)"
        else:
            answer, how = frozenset({vip} if vip else ()), "its virtual IP"
        source = f"the embedded DNS on {network.name}: service {svc.name}, {how}"
        if answer:
            for name in dict.fromkeys((svc.name, *aliases)):
                entries.append((name, answer, source))
        if tasks:
            entries.append(
                (f"tasks.{svc.name}", tasks, f"the embedded DNS on {network.name}: the tasks of service {svc.name}")
            )
    return entries
