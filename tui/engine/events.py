"""Follow the engine's event stream (containers and networks) and survive engine restarts.

The watcher has its own client (a blocked event stream must not hold up snapshot reads),
reconnects with exponential backoff, and reports every (re)connection so the caller can do a
full resync: events missed while disconnected are never replayed, so a resync is the only
way to be right again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docker.types.daemon import CancellableStream

from tui.engine.connect import EngineTarget, explain, open_client

WATCHED_TYPES = ["container", "network"]
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
    return EngineEvent(kind, action, actor_id, actor_id, "", tuple(sorted(attrs.items())), when)


class EventWatcher:
    """Blocking event loop for a worker thread; `stop()` from any thread ends it."""

    def __init__(
        self,
        target: EngineTarget,
        on_event: Callable[[EngineEvent], None],
        on_state: Callable[[bool, str], None],
        backoff: tuple[float, float] = (0.5, 5.0),
    ) -> None:
        self.target = target
        self.on_event = on_event
        self.on_state = on_state
        self.backoff = backoff
        self._stop = threading.Event()
        self._stream: CancellableStream[dict[str, Any]] | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            stream = self._stream
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        delay = self.backoff[0]
        connected: bool | None = None
        while not self._stop.is_set():
            client = None
            try:
                # No read timeout: an idle engine sends nothing for a long time.
                client = open_client(self.target, timeout=None)
                client.ping()
                stream = client.events(decode=True, filters={"type": WATCHED_TYPES})
                with self._lock:
                    self._stream = stream
                if self._stop.is_set():
                    break
                connected = True
                delay = self.backoff[0]
                self.on_state(True, f"connected to {self.target.description}")
                for raw in stream:
                    event = parse_event(raw) if isinstance(raw, dict) else None
                    if event is not None:
                        self.on_event(event)
                    if self._stop.is_set():
                        break
                if self._stop.is_set():
                    break
                raise ConnectionError("the event stream ended")
            except Exception as exc:
                if self._stop.is_set():
                    break
                if connected is not False:
                    self.on_state(False, f"lost the engine: {explain(exc, self.target)}")
                connected = False
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
            finally:
                with self._lock:
                    self._stream = None
                if client is not None:
                    with contextlib.suppress(Exception):
                        client.close()
