"""Reading the datapath (veth pairs and bridges on the host) for the screens that show it.

Screens post `DatapathWanted` when the selected container (or a reach pair) changes. One
exclusive thread worker inspects each container for its PID and reads its interfaces
(`tui.engine.datapath`), posting `DatapathArrived` per container; the App records each answer in
its `datapaths` book, a reactive every screen watches. A newer request cancels the running
worker, so the App keeps the requests not yet answered and gives them all to the next worker:
every request gets its answer.
"""

from __future__ import annotations

from textual import on, work
from textual.worker import get_current_worker

from tui.app.base import AppBase
from tui.app.live import DatapathArrived, post_safely
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.datapath import local_engine_problem, read_datapath
from tui.engine.reader import EngineReader
from tui.model.snapshot import Snapshot
from tui.presentation.datapath import Found, Key, needs_live
from tui.screens.messages import DatapathWanted


def read_one(reader: EngineReader, target: EngineTarget, snap: Snapshot, owner_id: str) -> Found:
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


Route = tuple[EngineReader, EngineTarget]  # the reader and target of a container's own engine


class DatapathReader(AppBase):
    """The datapath worker; its answers go into the `datapaths` reactive."""

    datapath_pending: dict[str, Key] | None = None

    @on(DatapathWanted)
    def _datapath_wanted(self, message: DatapathWanted) -> None:
        message.stop()
        requests = self.datapaths.wanted(message.requests)  # drop what is answered or already asked
        if not requests:
            return
        if self.reader is None or self.target is None:  # the demo or a saved file: nothing to read
            for owner_id, key in requests:
                self.record(DatapathArrived(owner_id, key, (), needs_live(self.snapshot)))
            return
        old = self.datapath_pending or {}
        pending: dict[str, Key] = dict(requests)  # the newest first: the user is looking at them
        pending.update((k, v) for k, v in old.items() if k not in pending)
        self.datapath_pending = pending
        routes: dict[str, Route] = {}  # each container is read through its own engine
        for owner_id in pending:
            session = self.session_of("container", owner_id)
            if session is not None and session.reader is not None and session.target is not None:
                routes[owner_id] = (session.reader, session.target)
        self.read_datapaths(routes, dict(pending), self.snapshot)

    @work(thread=True, exclusive=True, group="datapath", exit_on_error=False)
    def read_datapaths(self, routes: dict[str, Route], requests: dict[str, Key], snap: Snapshot) -> None:
        """Read each namespace's wires; stop when cancelled (the newer worker has what is left)."""
        worker = get_current_worker()
        for owner_id, key in requests.items():
            if worker.is_cancelled:
                return
            route = routes.get(owner_id)
            try:
                if route is None:
                    found = Found(problem="its engine is not connected", retry=True)
                else:
                    found = read_one(route[0], route[1], snap, owner_id)
            except Exception as exc:  # every request must get an answer; never a traceback
                found = Found(problem=f"cannot read it: {type(exc).__name__}: {exc}", retry=True)
            post_safely(self, DatapathArrived(owner_id, key, found.wires, found.problem, found.retry))

    @on(DatapathArrived)
    def _datapath_arrived(self, message: DatapathArrived) -> None:
        pending = self.datapath_pending or {}
        if pending.get(message.container_id) == message.key:
            del pending[message.container_id]
        self.record(message)

    def record(self, message: DatapathArrived) -> None:
        """Store one answer and tell the screens (they watch `datapaths`)."""
        found = Found(message.wires, message.problem, message.retry)
        self.datapaths.store(message.container_id, message.key, found)
        self.mutate_reactive(AppBase.datapaths)
