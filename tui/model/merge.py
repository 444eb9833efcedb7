"""Several engines' snapshots as one topology.

A swarm spans engines: its overlays are one network (one id) with members on every node, and
only a manager can say which services and tasks exist. Merging here, in the model, lets the
graph, the map, export and `why` treat a swarm like one engine without knowing where each fact
came from; every object keeps its engine's label so the views can still tell.

Local networks are never merged: two engines' "bridge" networks are different bridges on
different hosts (their ids differ), even when their names are the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from tui.model.snapshot import Container, Endpoint, EngineInfo, Link, Network, Snapshot
from tui.model.swarm import SwarmInfo


def _labelled_network(n: Network, label: str) -> Network:
    return dataclasses.replace(n, engine=label)


def _merge_network(first: Network, other: Network) -> Network:
    """One swarm-scoped network seen from two engines: keep what either knows.

    A worker sees an overlay only while one of its containers uses it, and may know less of its
    IPAM than the manager; prefer the copy with configuration, otherwise the first seen.
    """
    if not first.ipam and other.ipam:
        return dataclasses.replace(other, engine=first.engine)
    return first


def _swarm_of(parts: Sequence[tuple[str, Snapshot]]) -> SwarmInfo | None:
    """The manager's swarm info (a worker has none), with each node's engine label filled in."""
    chosen: tuple[str, SwarmInfo] | None = None
    for label, snap in parts:
        if snap.swarm is not None and (chosen is None or snap.engine.swarm_manager):
            chosen = (label, snap.swarm)
            if snap.engine.swarm_manager:
                break
    if chosen is None:
        return None
    label, swarm = chosen
    by_node = {snap.engine.node_id: lbl for lbl, snap in parts if snap.engine.node_id}
    nodes = tuple(dataclasses.replace(n, engine=by_node.get(n.id, "")) for n in swarm.nodes)
    return dataclasses.replace(swarm, manager_engine=label, nodes=nodes)


def merge_snapshots(parts: Sequence[tuple[str, Snapshot]]) -> Snapshot:
    """One snapshot of several engines, each part labelled with its engine label.

    Containers are unique by id (ids are random per engine); swarm-scoped networks with the same
    id become one `Network`; local networks stay one per engine. The swarm info comes from the
    manager part. `engine` (the single `EngineInfo`) is the first part's, for code that shows
    one engine; `engine_infos` has them all.
    """
    networks: dict[str, Network] = {}
    containers: dict[str, Container] = {}
    endpoints: list[Endpoint] = []
    links: list[Link] = []
    infos: list[EngineInfo] = []
    labels: list[str] = []
    for label, snap in parts:
        labels.append(label)
        infos.append(dataclasses.replace(snap.engine, label=label))
        for n in snap.networks:
            mine = _labelled_network(n, label)
            if n.scope == "swarm" and n.id in networks:
                networks[n.id] = _merge_network(networks[n.id], mine)
            elif n.id not in networks:
                networks[n.id] = mine
        mine_ids: set[str] = set()
        for c in snap.containers:
            if c.id not in containers:  # the same engine given twice: its containers once
                containers[c.id] = dataclasses.replace(c, engine=label)
                mine_ids.add(c.id)
        endpoints.extend(dataclasses.replace(e, engine=label) for e in snap.endpoints if e.container_id in mine_ids)
        links.extend(dataclasses.replace(link, engine=label) for link in snap.links if link.source_id in mine_ids)
    first = parts[0][1] if parts else Snapshot()
    return Snapshot(
        engine=infos[0] if infos else first.engine,
        networks=tuple(sorted(networks.values(), key=lambda n: (n.name, n.engine))),
        containers=tuple(sorted(containers.values(), key=lambda c: (c.name, c.engine))),
        endpoints=tuple(endpoints),
        links=tuple(links),
        taken_at=min((s.taken_at for _, s in parts if s.taken_at), default=0.0),
        source=first.source,
        swarm=_swarm_of(parts),
        engines=tuple(labels),
        engine_infos=tuple(infos),
        pending=tuple(cid for _, snap in parts for cid in snap.pending),
    )


def engine_view(snap: Snapshot, engine: str, keep: Sequence[str] = ()) -> Snapshot:
    """What one engine's containers can see of a merged snapshot: its own networks, containers and
    links, and the swarm-scoped networks with their members on every engine.

    Rules about "the host" (its bridge gateways, docker_gwbridge, published ports) are about one
    engine's host; evaluated on the merged snapshot they would mix several hosts' addresses.
    `keep` names containers of other engines to include anyway, with all their endpoints (a `why`
    destination), though not their local networks. A one-engine snapshot is returned as it is.
    """
    if not snap.engines:
        return snap
    swarm_nets = {n.id for n in snap.networks if n.scope == "swarm"}
    kept = set(keep)
    endpoints = tuple(
        e for e in snap.endpoints if e.engine == engine or e.network_id in swarm_nets or e.container_id in kept
    )
    present = {e.container_id for e in endpoints}
    return dataclasses.replace(
        snap,
        networks=tuple(n for n in snap.networks if n.engine == engine or n.id in swarm_nets),
        containers=tuple(c for c in snap.containers if c.engine == engine or c.id in present or c.id in kept),
        endpoints=endpoints,
        links=tuple(link for link in snap.links if link.engine == engine),
    )
