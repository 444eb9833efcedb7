"""Read an engine into a raw snapshot with as few requests as possible.

Two list calls (`GET /networks`, `GET /containers/json?all=1`) carry nearly everything; only
aliases, links and `--add-host` entries need a container inspect. Inspects are cached per
container and reused until the container changes: its list summary (state, endpoints) no
longer matches, or an event invalidated it. A steady-state refresh is therefore two requests
however many containers there are.

On a swarm manager the snapshot also carries the swarm (`tui.engine.swarm`: nodes, services,
tasks, overlay VIPs), read at most every `SWARM_INTERVAL` seconds, or at the next refresh after
`invalidate_swarm()` (a service or node event) or after this engine's set of task containers
changed, so a steady-state refresh stays two requests.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import docker
import docker.errors

from tui.engine.connect import EngineError, EngineTarget, api_error_text, explain, open_client
from tui.engine.hostinfo import HostReader
from tui.engine.swarm import SWARM_INTERVAL, is_manager, read_swarm
from tui.model.parse import SNAPSHOT_FORMAT, Raw, parse_snapshot
from tui.model.snapshot import Snapshot

P = ParamSpec("P")
T = TypeVar("T")


# (state, names, network mode, sorted (network name, endpoint id, network id)): compared, never read.
Fingerprint = tuple[object, tuple[object, ...], object, tuple[tuple[str, object, object], ...]]


def _fingerprint(summary: Raw) -> Fingerprint:
    """What changes in the list summary whenever an inspect would tell something new."""
    nets = (summary.get("NetworkSettings") or {}).get("Networks") or {}
    return (
        summary.get("State"),
        tuple(summary.get("Names") or ()),  # a rename (no other trace in the summary) changes the name shown
        (summary.get("HostConfig") or {}).get("NetworkMode"),
        tuple(sorted((k, (v or {}).get("EndpointID"), (v or {}).get("NetworkID")) for k, v in nets.items())),
    )


class EngineReader:
    """Snapshots of one engine; thread-safe, one instance per engine connection."""

    def __init__(self, target: EngineTarget, client: docker.APIClient | None = None) -> None:
        self.target = target
        self._client = client
        self._lock = threading.Lock()
        self._inspects: dict[str, tuple[Fingerprint, Raw]] = {}
        self._engine: Raw | None = None
        self._manager = False  # the engine is a swarm manager (from its info)
        self._swarm: Raw = {}
        self._swarm_at = 0.0  # monotonic time of the last swarm read; 0 = read at the next refresh
        self._swarm_tasks: frozenset[tuple[str, object]] = frozenset()
        self.swarm_interval = SWARM_INTERVAL
        self._host = HostReader()  # facts only the engine's own host can tell (none elsewhere)
        self.requests = 0  # requests sent, for tests and benchmarks

    @property
    def client(self) -> docker.APIClient:
        if self._client is None:
            self._client = open_client(self.target)
        return self._client

    def close(self) -> None:
        """Close the client's idle connections; never waits for a read under way (a later read reconnects)."""
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()

    def _failed(self, exc: Exception) -> None:
        """After a transport failure (not an answer) drop the connections: the next read opens fresh ones."""
        if not isinstance(exc, docker.errors.APIError):
            self.close()

    def invalidate(self, container_id: str | None = None) -> None:
        """Forget a container's cached inspect (or all of them, and the engine info)."""
        with self._lock:
            if container_id is None:
                self._inspects.clear()
                self._engine = None
                self._swarm_at = 0.0
            else:
                self._inspects.pop(container_id, None)

    def invalidate_swarm(self) -> None:
        """Read the swarm again at the next refresh (a service or node event arrived)."""
        with self._lock:
            self._swarm_at = 0.0

    def _swarm_raw(self, info: Raw, networks: list[Raw], containers: list[Raw]) -> Raw:
        """The cached swarm data, read again when stale or when this engine's tasks changed."""
        if not self._manager:
            return {}
        tasks = frozenset(
            (str(c.get("Id")), c.get("State"))
            for c in containers
            if "com.docker.swarm.task.id" in (c.get("Labels") or {})
        )
        fresh = self._swarm_at and time.monotonic() - self._swarm_at < self.swarm_interval
        if fresh and tasks == self._swarm_tasks:
            return self._swarm
        self._swarm = read_swarm(self.client, info, networks, call=self._call)
        self._swarm_at, self._swarm_tasks = time.monotonic(), tasks
        return self._swarm

    def _call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        self.requests += 1
        return fn(*args, **kwargs)

    def _engine_info(self) -> Raw:
        if self._engine is None:
            version = self._call(self.client.version)
            try:
                info = self._call(self.client.info)
            except docker.errors.APIError as exc:
                if not _refused(exc):
                    raise
                info = {}  # a socket proxy may refuse /info: the engine's name is then unknown
            swarm = info.get("Swarm") or {}
            self._engine = {
                "host": self.target.description,
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
            self._manager = is_manager(info)
        return self._engine

    def read_raw(self) -> Raw:
        """The raw snapshot: engine info, network list, container list, needed inspects."""
        try:
            with self._lock:
                engine = self._engine_info()
                networks = self._call(self.client.networks)
                containers = self._call(self.client.containers, all=True)
                inspects: dict[str, Raw] = {}
                alive = []
                refused: list[str] = []
                for summary in containers:
                    cid = summary["Id"]
                    print_ = _fingerprint(summary)
                    cached = self._inspects.get(cid)
                    if cached and cached[0] == print_:
                        inspects[cid] = cached[1]
                        alive.append(summary)
                        continue
                    try:
                        data = self._call(self.client.inspect_container, cid)
                    except docker.errors.NotFound:
                        continue  # removed between the list and the inspect
                    except docker.errors.APIError as exc:
                        if not _refused(exc):
                            raise
                        refused.append(api_error_text(exc))  # show what the list says about it
                        alive.append(summary)
                        continue
                    self._inspects[cid] = (print_, data)
                    inspects[cid] = data
                    alive.append(summary)
                for gone in set(self._inspects) - set(inspects):
                    del self._inspects[gone]
                self.warning = _refused_text(len(refused), refused[0]) if refused else ""
                swarm = self._swarm_raw(engine["info"], networks, alive)
                host = self._host.read(self.target.base_url, networks, inspects)
        except EngineError:
            raise
        except Exception as exc:
            self._failed(exc)
            raise EngineError(explain(exc, self.target)) from None
        return {
            "format": SNAPSHOT_FORMAT,
            "taken_at": time.time(),
            "engine": engine,
            "networks": networks,
            "containers": alive,
            "inspects": inspects,
            **({"swarm": swarm} if swarm else {}),
            **({"host": host} if host is not None else {}),
        }

    def snapshot(self) -> Snapshot:
        return parse_snapshot(self.read_raw(), source="engine")

    def inspect(self, kind: str, object_id: str) -> Raw:
        """The engine's full JSON for one network or container (the raw inspect view)."""
        try:
            # One client, one request at a time: requests.Session is not thread-safe, and the App
            # calls this from other workers than the refresh.
            with self._lock:
                # The SDK's stubs leave both untyped: the engine answers a JSON object.
                data: Raw
                if kind == "network":
                    data = self._call(self.client.inspect_network, object_id, verbose=False)
                else:
                    data = self._call(self.client.inspect_container, object_id)
                return data
        except Exception as exc:
            self._failed(exc)
            raise EngineError(explain(exc, self.target)) from None


def _refused(exc: docker.errors.APIError) -> bool:
    """HTTP 403: a socket proxy (or an authorization plugin) does not allow this request."""
    return getattr(exc.response, "status_code", None) == 403


def _refused_text(count: int, first: str) -> str:
    which = "1 container" if count == 1 else f"{count} containers"
    return (
        f"{first} (inspecting {which}): their aliases, links and --add-host entries are not shown; "
        "allow GET /containers/{id}/json to see them"
    )
