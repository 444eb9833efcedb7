"""Read a swarm from its manager: nodes, services, tasks and the overlays' verbose inspects.

Only a manager knows the swarm (a worker answers 503 "This node is not a swarm manager"), so
`read_swarm` asks only when the engine's `info()` says it has control; on a worker or outside a
swarm it returns {} and sends no request. The result is raw JSON, parsed by
`tui.model.parse.parse_swarm` like everything else, so a saved snapshot replays it.

Cost: `GET /nodes`, `GET /services`, `GET /tasks` and one `GET /networks/{id}?verbose=true` per
swarm-scoped network (service VIPs and the backends behind them, the overlay's peers). The reader
calls this at most every `SWARM_INTERVAL` seconds, or sooner when told (a service or node event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import docker
import docker.errors

from tui.model.parse import Raw

SWARM_INTERVAL = 10.0  # seconds between two swarm reads in steady state

# The request runner: `EngineReader._call`, so requests are counted; a plain call otherwise.
Caller = Callable[..., Any]


def _plain(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def is_manager(info: Raw) -> bool:
    """Whether this engine can answer for the swarm (`docker info`: Swarm.ControlAvailable)."""
    swarm = info.get("Swarm") or {}
    return bool(swarm.get("ControlAvailable")) and swarm.get("LocalNodeState") == "active"


def read_swarm(
    client: docker.APIClient, info: Raw | None = None, networks: Iterable[Raw] | None = None, call: Caller = _plain
) -> Raw:
    """The swarm as raw JSON: {"node_id", "cluster_id", "nodes", "services", "tasks", "networks"}.

    `info` (the engine's `GET /info`) and `networks` (its `GET /networks`) are reused when the
    caller already has them. Returns {} on a worker or outside a swarm.
    """
    info = info if info is not None else call(client.info)
    if not is_manager(info):
        return {}
    swarm = info.get("Swarm") or {}
    try:
        nodes = call(client.nodes)
        services = call(client.services)
        tasks = call(client.tasks)
    except docker.errors.APIError as exc:
        # 503: demoted, or lost quorum, since `info`; 403: a socket proxy allows no swarm reads.
        # Either way the topology is still worth showing without the swarm.
        if exc.status_code in (403, 503):
            return {}
        raise
    if networks is None:
        networks = call(client.networks)
    verbose = []
    for net in networks:
        if net.get("Scope") != "swarm":
            continue
        try:
            verbose.append(call(client.inspect_network, net["Id"], verbose=True, scope="swarm"))
        except docker.errors.NotFound:
            continue  # removed between the list and the inspect
        except docker.errors.APIError as exc:
            if exc.status_code != 403:
                raise
    return {
        "node_id": swarm.get("NodeID") or "",
        "cluster_id": (swarm.get("Cluster") or {}).get("ID") or "",
        "nodes": nodes,
        "services": services,
        "tasks": tasks,
        "networks": verbose,
    }
