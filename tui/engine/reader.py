"""Read an engine into a raw snapshot with as few requests, and round trips, as possible.

Two list calls (`GET /networks`, `GET /containers/json?all=1`) carry nearly everything; only
aliases, links, `--add-host` entries, hostnames and start times need a container inspect.
Inspects are cached per container and reused until the container changes: its list summary
(state, endpoints) no longer matches, or an event invalidated it. A steady-state refresh is
therefore two requests however many containers there are, sent side by side.

Requests that do not depend on each other go out together (`tui.engine.fanout`): the first read's
engine info beside the two lists, the inspects 16 at a time beside the swarm read. Through a
remote link every round trip counts: a first load of 300 containers is ~20 round trips, not 300.
A first load can also show the lists at once (`read_raw(early=…)`) while the inspects arrive.

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
from functools import partial
from typing import Any, ParamSpec, TypeVar

import docker
import docker.errors

from tui.engine.connect import EngineError, EngineTarget, api_error_text, explain, open_client
from tui.engine.fanout import run_all, width_for
from tui.engine.firewall import LISTENERS_BUDGET
from tui.engine.hostinfo import HostReader
from tui.engine.rawsnap import Fingerprint, assemble, engine_raw, fingerprint
from tui.engine.swarm import SWARM_INTERVAL, is_manager, read_swarm
from tui.model.parse import Raw, parse_snapshot
from tui.model.snapshot import Snapshot

# A round trip this long (the last `GET /networks`) makes the two lists of a refresh go side by
# side: over a local socket (~1 ms) a thread costs more than it saves, over a remote link one
# round trip less halves the refresh.
SIDE_BY_SIDE_AFTER = 0.005

P = ParamSpec("P")
T = TypeVar("T")


class EngineReader:
    """Snapshots of one engine; thread-safe, one instance per engine connection."""

    def __init__(self, target: EngineTarget, client: docker.APIClient | None = None, *, one_shot: bool = False) -> None:
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
        # Facts only the engine's own host can tell (none elsewhere). A one-shot command (`why`,
        # `ports`, `snapshot`) reads every container's listening sockets; a live view, a few per
        # refresh (tui.engine.firewall.ListenerReader).
        self._host = HostReader(listener_budget=None if one_shot else LISTENERS_BUDGET)
        self.requests = 0  # requests sent, for tests and benchmarks
        self.warning = ""  # what the engine refused at the last read (inspects behind a socket proxy)
        self._round_trip = 0.0  # seconds the last `GET /networks` took: the link's latency, roughly
        self._refused: set[str] = set()  # containers whose inspect the engine refused at the last read
        self._counting = threading.Lock()  # requests are sent from several threads at once
        self.width = width_for(target.base_url)  # requests in flight at once (tui.engine.fanout)

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
        with self._counting:
            self.requests += 1
        return fn(*args, **kwargs)

    def _info(self) -> Raw:
        try:
            info: Raw = self._call(self.client.info)
        except docker.errors.APIError as exc:
            if not _refused(exc):
                raise
            info = {}  # a socket proxy may refuse /info: the engine's name is then unknown
        return info

    def _networks(self, client: docker.APIClient) -> list[Raw]:
        start = time.monotonic()
        networks: list[Raw] = self._call(client.networks)
        self._round_trip = time.monotonic() - start
        return networks

    def _lists(self) -> tuple[Raw, list[Raw], list[Raw]]:
        """Engine info (first read only), networks and containers: side by side, one round trip.

        Over a local socket a round trip costs less than a thread: the two lists of a refresh then
        go one after the other (`SIDE_BY_SIDE_AFTER`).
        """
        client = self.client  # opened (and its API version negotiated) before the threads share it
        calls: list[Callable[[], Any]] = [
            partial(self._networks, client),
            lambda: self._call(client.containers, all=True),
        ]
        if self._engine is None:
            calls += [lambda: self._call(client.version), self._info]
        width = self.width if self._engine is None or self._round_trip >= SIDE_BY_SIDE_AFTER else 1
        results = [_raised(r) for r in run_all(calls, width)]
        if self._engine is None:
            self._engine = engine_raw(self.target.description, results[2], results[3])
            self._manager = is_manager(results[3])
        return self._engine, results[0], results[1]

    def read_raw(self, early: Callable[[Raw], None] | None = None, early_over: int | None = None) -> Raw:
        """The raw snapshot: engine info, network list, container list, needed inspects.

        The inspects not cached are fetched `width` at a time. With more of them than `early_over`
        (by default one round: a first load, a reconnect), `early` first gets the snapshot the
        lists and the cache already give, its uninspected containers listed under "pending"
        (`Snapshot.pending`). Containers refused at the last read do not count: they would be
        pending at every refresh.
        """
        try:
            with self._lock:
                engine, networks, containers = self._lists()
                prints = {summary["Id"]: fingerprint(summary) for summary in containers}
                cached = {cid: hit[1] for cid, hit in self._inspects.items() if prints.get(cid) == hit[0]}
                need = [cid for cid in prints if cid not in cached]
                news = [cid for cid in need if cid not in self._refused]
                fetches: list[Callable[[], Any]] = []
                if early is not None and len(news) > (self.width if early_over is None else early_over):
                    swarm = self._swarm if self._manager else {}
                    host = self._host.read(self.target.base_url, networks, cached)
                    first = assemble(engine, networks, containers, cached, swarm, host, need)
                    fetches.append(partial(early, first))  # parsed and shown while the inspects are on their way
                fetches += [partial(self._call, self.client.inspect_container, c) for c in need]
                fetches.append(lambda: self._swarm_raw(engine["info"], networks, containers))
                *answers, swarm_answer = run_all(fetches, self.width)
                if len(answers) > len(need):
                    _raised(answers.pop(0))  # early's own failure (a bug) is not hidden
                fetched = dict(zip(need, answers, strict=True))
                inspects: dict[str, Raw] = {}
                alive = []
                refused: list[str] = []
                for summary in containers:  # in the list's order, as read one by one before
                    cid = summary["Id"]
                    data = cached[cid] if cid in cached else fetched[cid]
                    if isinstance(data, docker.errors.NotFound):
                        continue  # removed between the list and the inspect
                    if isinstance(data, docker.errors.APIError) and _refused(data):
                        refused.append(api_error_text(data))  # show what the list says about it
                    else:
                        inspects[cid] = _raised(data)
                        self._inspects[cid] = (prints[cid], inspects[cid])
                    alive.append(summary)
                for gone in set(self._inspects) - set(inspects):
                    del self._inspects[gone]
                self.warning = _refused_text(len(refused), refused[0]) if refused else ""
                self._refused = {s["Id"] for s in alive} - set(inspects)
                swarm = _raised(swarm_answer)  # read beside the inspects (a vanished task: read again next time)
                host = self._host.read(self.target.base_url, networks, inspects)
        except EngineError:
            raise
        except Exception as exc:
            self._failed(exc)
            raise EngineError(explain(exc, self.target)) from None
        return assemble(engine, networks, alive, inspects, swarm, host, [])

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


def _raised(answer: T | Exception) -> T:
    """A result from `run_all`, or the exception it stood for raised here."""
    if isinstance(answer, Exception):
        raise answer
    return answer


def _refused(exc: docker.errors.APIError) -> bool:
    """HTTP 403: a socket proxy (or an authorization plugin) does not allow this request."""
    return getattr(exc.response, "status_code", None) == 403


def _refused_text(count: int, first: str) -> str:
    which = "1 container" if count == 1 else f"{count} containers"
    return (
        f"{first} (inspecting {which}): their aliases, links and --add-host entries are not shown; "
        "allow GET /containers/{id}/json to see them"
    )
