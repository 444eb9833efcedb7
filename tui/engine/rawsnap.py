"""The raw snapshot's parts (`tui.engine.reader`): when a cached inspect is stale, what is kept of
the engine's version and info, and the dict `tui.model.parse.parse_snapshot` reads.
"""

from __future__ import annotations

import time

from tui.model.parse import SNAPSHOT_FORMAT, Raw

# (state, names, network mode, sorted (network name, endpoint id, network id)): compared, never read.
Fingerprint = tuple[object, tuple[object, ...], object, tuple[tuple[str, object, object], ...]]


def fingerprint(summary: Raw) -> Fingerprint:
    """What changes in the list summary whenever an inspect would tell something new."""
    nets = (summary.get("NetworkSettings") or {}).get("Networks") or {}
    return (
        summary.get("State"),
        tuple(summary.get("Names") or ()),  # a rename (no other trace in the summary) changes the name shown
        (summary.get("HostConfig") or {}).get("NetworkMode"),
        tuple(sorted((k, (v or {}).get("EndpointID"), (v or {}).get("NetworkID")) for k, v in nets.items())),
    )


def engine_raw(description: str, version: Raw, info: Raw) -> Raw:
    """What the snapshot keeps of `GET /version` and `GET /info` (read once per connection)."""
    swarm = info.get("Swarm") or {}
    return {
        "host": description,
        "version": {k: version.get(k) for k in ("Version", "ApiVersion", "Os", "Arch", "KernelVersion")},
        "info": {
            "Name": info.get("Name"),
            "OperatingSystem": info.get("OperatingSystem"),
            "ExperimentalBuild": info.get("ExperimentalBuild"),
            "DefaultAddressPools": info.get("DefaultAddressPools"),
            "Swarm": {
                **{k: swarm.get(k) for k in ("LocalNodeState", "NodeID", "ControlAvailable")},
                "Cluster": {"ID": (swarm.get("Cluster") or {}).get("ID")},
            },
        },
    }


def assemble(
    engine: Raw,
    networks: list[Raw],
    containers: list[Raw],
    inspects: dict[str, Raw],
    swarm: Raw,
    host: Raw | None,
    pending: list[str],
) -> Raw:
    """The raw snapshot; `pending` names the containers whose inspect is still to come (`Snapshot.pending`)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "taken_at": time.time(),
        "engine": engine,
        "networks": networks,
        "containers": containers,
        "inspects": inspects,
        **({"swarm": swarm} if swarm else {}),
        **({"host": host} if host is not None else {}),
        **({"pending": pending} if pending else {}),
    }
