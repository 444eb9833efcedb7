"""Follow the engine's event stream (containers and networks) and survive engine restarts and hangs.

The watcher has its own client (a blocked event stream must not hold up snapshot reads),
reconnects with exponential backoff, and reports every (re)connection so the caller can do a
full resync: events missed while disconnected are never replayed, so a resync is the only
way to be right again.

No call blocks for good. Every request, and every wait for the next event, gives up after
`heartbeat` seconds (half the target's timeout): when the stream has been quiet that long the
watcher pings the engine (allowing as long again), so a hung engine is reported within the
target's timeout, and an idle one costs one ping per heartbeat. The stream is then reopened from
the last event seen (`since`), so nothing is missed. `stop()` shuts the stream's socket down,
which wakes the thread at once.

An engine (or a socket proxy) that refuses `GET /events` is not lost: `on_refused` says live
updates are off, and the watcher asks again now and then (and still notices the engine going).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import docker
import docker.errors
import requests

from tui.engine.connect import EngineError, EngineTarget, api_error_text, explain, is_timeout, open_client

# Service and node events come only from swarm managers: they tell the reader to read the swarm again.
WATCHED_TYPES = ["container", "network", "service", "node"]
SWARM_TYPES = ("service", "node")
# Container actions that cannot change the topology; skipping them spares needless refreshes.
QUIET_ACTIONS = ("exec_", "health_status", "top", "attach", "resize", "copy", "archive-path", "export", "commit")


@dataclass(frozen=True)
class EngineEvent:
    """One topology-relevant event: a container or network changed."""

    type: str
    action: str
    actor_id: str
    container_id: str = ""
    network_id: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    time: float = 0.0


def parse_event(data: dict[str, Any]) -> EngineEvent | None:
    """Map a raw event to an `EngineEvent`, or None when it cannot affect the topology."""
    kind = data.get("Type") or data.get("type") or ""
    action = str(data.get("Action") or data.get("status") or "")
    if kind not in WATCHED_TYPES or action.startswith(QUIET_ACTIONS):
        return None
    actor = data.get("Actor") or {}
    attrs = {str(k): str(v) for k, v in (actor.get("Attributes") or {}).items()}
    actor_id = str(actor.get("ID") or data.get("id") or "")
    nano = data.get("timeNano")
    when = nano / 1e9 if isinstance(nano, int) else float(data.get("time") or 0)
    if kind == "network":
        return EngineEvent(
            kind, action, actor_id, attrs.get("container", ""), actor_id, tuple(sorted(attrs.items())), when
        )
    if kind in SWARM_TYPES:
        return EngineEvent(kind, action, actor_id, "", "", tuple(sorted(attrs.items())), when)
    return EngineEvent(kind, action, actor_id, actor_id, "", tuple(sorted(attrs.items())), when)


class EventsRefused(EngineError):
    """The engine (or a proxy in front of it) answered `GET /events` with a client error (e.g. 403)."""


def _abort(response: requests.Response) -> None:
    """Wake a thread blocked reading this streaming response (closing alone does not), then close it."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        response.close()


def _lines(response: requests.Response) -> Iterator[dict[str, Any]]:
    """The decoded events of a streaming `/events` response (one JSON object per line)."""
    pending = b""
    for chunk in response.iter_content(chunk_size=None):
        pending += chunk
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            with contextlib.suppress(ValueError):
                data = json.loads(line)
                if isinstance(data, dict):
                    yield data


def _engine_clock(response: requests.Response) -> int | None:
    """The engine's time (whole seconds) when it opened the stream, from its Date header."""
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return int(email.utils.parsedate_to_datetime(response.headers.get("Date", "")).timestamp())
    return None


class EventWatcher:
    """Blocking event loop for a worker thread; `stop()` from any thread ends it promptly."""

    def __init__(
        self,
        target: EngineTarget,
        on_event: Callable[[EngineEvent], None],
        on_state: Callable[[bool, str], None],
        backoff: tuple[float, float] = (0.5, 5.0),
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        self.target = target
        self.on_event = on_event
        self.on_state = on_state
        self.on_refused = on_refused
        self.backoff = backoff
        self.heartbeat = target.timeout / 2
        self._link = replace(target, timeout=self.heartbeat)  # the watcher's own, shorter, timeout
        self._stop = threading.Event()
        self._response: requests.Response | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            response = self._response
        if response is not None:
            _abort(response)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        delay = self.backoff[0]
        state = ""  # what was last reported: "up", "down" or "refused"

        def answered() -> None:
            nonlocal state, delay
            delay = self.backoff[0]
            if state in ("", "down"):
                self.on_state(True, f"connected to {self.target.description}")
            state = "up"

        while not self._stop.is_set():
            client = None
            try:
                client = open_client(self._link)
                client.ping()
                self._follow(client, answered)
            except EventsRefused as exc:
                if self._stop.is_set():
                    break
                if state != "refused":
                    answered()  # the engine answers: only its event stream is refused
                    state = "refused"
                    if self.on_refused is not None:
                        self.on_refused(str(exc))
                self._stop.wait(self.backoff[1])
            except Exception as exc:
                if self._stop.is_set():
                    break
                if state != "down":
                    state = "down"
                    text = explain(exc, self._link)
                    self.on_state(False, text if is_timeout(exc) else f"lost the engine: {text}")
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
            finally:
                if client is not None:
                    with contextlib.suppress(Exception):
                        client.close()

    def _open(self, client: docker.APIClient, since: str | None) -> requests.Response:
        params = {"filters": json.dumps({"type": WATCHED_TYPES})}
        if since is not None:
            params["since"] = since
        url = f"{client.base_url}/v{client.api_version}/events"
        response = client.get(url, params=params, stream=True, timeout=self.heartbeat)
        if response.status_code < 400:
            return response
        try:
            response.raise_for_status()
            raise EngineError(f"the engine at {self.target.description} answered {response.status_code} to /events")
        except requests.exceptions.HTTPError as exc:
            try:
                docker.errors.create_api_error_from_http_exception(exc)  # raises, in the engine's words
            except docker.errors.APIError as api:
                if response.status_code >= 500:
                    raise
                raise EventsRefused(
                    f"live updates are off: {api_error_text(api)} (GET /events); press r to refresh"
                ) from None
            raise
        finally:
            response.close()

    def _follow(self, client: docker.APIClient, answered: Callable[[], None]) -> None:
        """Read events until stopped; returns only when stopped, raises when the engine fails."""
        since: str | None = None
        last = 0  # timeNano of the last event read: events replayed after an idle check are skipped
        while not self._stop.is_set():
            response = self._open(client, since)
            with self._lock:
                self._response = response
            started = _engine_clock(response)
            try:
                if self._stop.is_set():
                    return
                answered()
                for raw in _lines(response):
                    nano = raw.get("timeNano")
                    if isinstance(nano, int):
                        if nano <= last:
                            continue
                        last = nano
                    event = parse_event(raw)
                    if event is not None:
                        self.on_event(event)
                    if self._stop.is_set():
                        return
            except Exception as exc:
                if self._stop.is_set():
                    return
                if not is_timeout(exc):
                    raise
                # Quiet for a heartbeat: is the engine still there? (A hung one fails this ping.)
                _abort(response)
                client.ping()
                if last:
                    since = f"{last // 10**9}.{last % 10**9:09d}"
                elif started is not None:
                    since = str(started - 1)  # the Date header has whole seconds
                continue
            finally:
                with self._lock:
                    self._response = None
                _abort(response)
            if self._stop.is_set():
                return
            raise EngineError(f"the engine at {self.target.description} closed the event stream")
