"""Reading the datapath (veth pairs and bridges on the host) for the screens that ask for it.

A mixin of `DockernetApp`. Screens post `DatapathWanted` when the selected container (or a
reach pair) changes; one exclusive thread worker inspects each container for its PID and reads
its interfaces (`tui.engine.datapath`), posting `DatapathArrived` per container, which the App
hands to every screen. A newer request cancels the running worker, so the App keeps the requests
not yet answered and gives them all to the next worker: every request gets its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from tui.app.live import post_safely
from tui.engine.connect import EngineError
from tui.engine.datapath import local_engine_problem, read_datapath
from tui.model.snapshot import Snapshot
from tui.presentation.datapath import Found, needs_live
from tui.screens.messages import DatapathArrived, DatapathWanted

if TYPE_CHECKING:
    from textual.app import App

    _AppBase = App[None]
else:
    _AppBase = object


def read_one(reader: Any, target: Any, snap: Snapshot, owner_id: str) -> Found:
    """The wires of container `owner_id`'s namespace, or why not; blocking: an inspect, then /proc and /sys."""
    problem = local_engine_problem(target.base_url)
    if problem:
        return Found(problem=problem)
    owner = snap.container(owner_id)
    if owner is None:
        return Found(problem="the container no longer exists")
    try:
        state = (reader.inspect("container", owner_id) or {}).get("State") or {}
        pid = int(state.get("Pid") or 0)
    except EngineError as exc:  # the engine may be back later: worth asking again
        return Found(problem=f"cannot inspect {owner.name}: {exc}", retry=True)
    except (TypeError, ValueError):
        return Found(problem=f"the engine gave no process id for {owner.name}")
    endpoints = [e for e in snap.endpoints_of(owner_id) if e.address]
    dp = read_datapath(pid, endpoints, target.base_url, {n.name: n.driver for n in snap.networks})
    return Found(dp.wires, dp.problem)


class DatapathReader(_AppBase):
    """The datapath worker and its two messages; mixed into the Textual App (needs `reader`, `target`)."""

    snapshot: Snapshot
    reader: Any
    target: Any
    _datapath_pending: dict[str, tuple] | None = None

    # Handlers by name, not `@on`: Textual collects `@on` handlers only from classes built by its
    # metaclass, and this mixin is a plain class at run time.
    def on_datapath_wanted(self, message: DatapathWanted) -> None:
        message.stop()
        if self.reader is None or self.target is None:  # the demo or a saved file: nothing to read
            for owner_id, key in message.requests:
                self._hand_out(DatapathArrived(owner_id, key, (), needs_live(self.snapshot)))
            return
        old = self._datapath_pending or {}
        pending = dict(message.requests)  # the newest first: the user is looking at them
        pending.update((k, v) for k, v in old.items() if k not in pending)
        self._datapath_pending = pending
        self.read_datapaths(dict(pending), self.snapshot)

    @work(thread=True, exclusive=True, group="datapath", exit_on_error=False)
    def read_datapaths(self, requests: dict[str, tuple], snap: Snapshot) -> None:
        """Read each namespace's wires; stop when cancelled (the newer worker has what is left)."""
        worker = get_current_worker()
        for owner_id, key in requests.items():
            if worker.is_cancelled:
                return
            try:
                found = read_one(self.reader, self.target, snap, owner_id)
            except Exception as exc:  # every request must get an answer; never a traceback
                found = Found(problem=f"cannot read it: {type(exc).__name__}: {exc}", retry=True)
            post_safely(self, DatapathArrived(owner_id, key, found.wires, found.problem, found.retry))

    def on_datapath_arrived(self, message: DatapathArrived) -> None:
        pending = self._datapath_pending or {}
        if pending.get(message.container_id) == message.key:
            del pending[message.container_id]
        self._hand_out(message)

    def _hand_out(self, message: DatapathArrived) -> None:
        """A copy to every screen of every mode, under pop-ups too (`App.children` is the active screen only)."""
        for screen in self.all_screens():  # type: ignore[attr-defined]
            m = message
            screen.post_message(DatapathArrived(m.container_id, m.key, m.wires, m.problem, m.retry))
