"""The dockernet App: holds the current snapshot and runs every engine call in a thread worker.

Screens are views; they get snapshots as `SnapshotArrived` and ask for engine work through
App actions or messages. The event watcher runs in its own thread with its own client; bursts
of events are coalesced into one refresh. Nothing here shows a traceback: worker failures
become one-line notifications, a missing engine becomes a banner over the demo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

import styles
from tui.app.commands import ExplorerCommands
from tui.app.datapath import DatapathReader
from tui.app.launch import Launch, fallback_text
from tui.app.live import (
    DEBOUNCE_SECONDS,
    Broadcast,
    Coalescer,
    EngineConnected,
    EngineEventArrived,
    EngineUnavailable,
    post_safely,
)
from tui.app.panels import ActionCommands, ActionPanels
from tui.app.views import ViewActions
from tui.engine.connect import EngineError
from tui.engine.events import EventWatcher
from tui.model.files import load_demo
from tui.model.graph import build_graph
from tui.model.parse import parse_snapshot
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.screens.base import ExplorerScreen
from tui.screens.containers import ContainersScreen
from tui.screens.messages import ActionFinished, ActionRequested, EngineStateChanged, SnapshotArrived
from tui.screens.networks import NetworksScreen
from tui.screens.topology import TopologyScreen

STYLES = Path(styles.__file__).resolve().parent


class DockernetApp(ActionPanels, ViewActions, DatapathReader, App[None]):
    """Explore one engine's networks, containers and their links, live."""

    TITLE = "dockernet"
    CSS_PATH = [STYLES / "app.tcss"]
    COMMANDS = App.COMMANDS | {ExplorerCommands, ActionCommands}
    BINDINGS = [
        Binding("1", "show('networks')", "Networks", id="show_networks"),
        Binding("2", "show('containers')", "Containers", id="show_containers"),
        Binding("3,m", "show('map')", "Map", id="show_map"),
        Binding("i", "inspect", "Inspect", id="inspect"),
        Binding("e", "explain", "Explain", id="explain"),
        Binding("p", "pick_project", "Project", id="project"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh"),
        Binding("R", "retry_engine", "Retry engine", show=False, id="retry_engine"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    banner: reactive[tuple[str, str]] = reactive(("", ""))
    project: reactive[str] = reactive("")

    def __init__(self, launch: Launch) -> None:
        super().__init__()
        self.launch = launch
        self.snapshot = launch.snapshot
        self.graph = build_graph(launch.snapshot)
        self.raw = launch.raw
        self.reader: Any = None
        self.target: Any = None
        self.watcher: EventWatcher | None = None
        self.engine_lost = False
        self._events = Coalescer()
        self.add_mode("networks", lambda: NetworksScreen(self.snapshot, self.graph))
        self.add_mode("containers", lambda: ContainersScreen(self.snapshot, self.graph))
        self.add_mode("map", lambda: TopologyScreen(self.snapshot, self.graph))
        if launch.keymap:
            self.set_keymap(launch.keymap)

    @property
    def read_only(self) -> bool:
        return self.launch.read_only or self.snapshot.read_only

    @on(TopologyScreen.NodeChosen)
    async def _node_chosen(self, message: TopologyScreen.NodeChosen) -> None:
        await self.show_item(message.kind, message.object_id)

    def on_mount(self) -> None:
        self.switch_mode("networks")
        if self.launch.connect is not None:
            self.banner = ("connecting to the Docker engine…", "information")
            self.connect_engine()

    async def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    # -- engine connection -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def connect_engine(self) -> None:
        """Resolve the target, read a first snapshot; report either way (never raises)."""
        from tui.engine.reader import EngineReader

        assert self.launch.connect is not None
        try:
            target = self.launch.connect()
            reader = EngineReader(target)
            snapshot = reader.snapshot()
        except EngineError as exc:
            post_safely(self, EngineUnavailable(str(exc)))
            return
        post_safely(self, EngineConnected(target, reader, snapshot, build_graph(snapshot)))

    @on(EngineConnected)
    def _engine_connected(self, message: EngineConnected) -> None:
        self.reader, self.target, self.raw, self.engine_lost = message.reader, message.target, None, False
        self.banner = ("", "")
        self._apply(message.snapshot, message.graph)
        self.follow_events(message.target)

    @on(EngineUnavailable)
    def _engine_unavailable(self, message: EngineUnavailable) -> None:
        raw, snapshot = load_demo()
        self.raw = raw
        self.banner = (fallback_text(clean(message.reason)), "error")
        self._apply(snapshot, build_graph(snapshot))

    @work(thread=True, exclusive=True, group="events", exit_on_error=False)
    def follow_events(self, target: Any) -> None:
        """Run the event watcher until the App stops it (reconnects by itself)."""
        if self.watcher is not None:
            self.watcher.stop()
        watcher = EventWatcher(
            target,
            on_event=lambda event: post_safely(self, EngineEventArrived(event)),
            on_state=lambda ok, text: post_safely(self, EngineStateChanged(ok, text)),
        )
        self.watcher = watcher
        watcher.run()

    @on(EngineStateChanged)
    def _engine_state(self, message: EngineStateChanged) -> None:
        if not message.connected:
            self.engine_lost = True
            text = f"{clean(message.text)}. Showing the last known state; dockernet reconnects by itself."
            self.banner = (text, "error")
            return
        if self.engine_lost and self.reader is not None:
            self.reader.invalidate()  # events were missed: nothing cached can be trusted
        self.engine_lost = False
        self.banner = ("", "")
        self.refresh_snapshot()

    @on(EngineEventArrived)
    def _engine_event(self, message: EngineEventArrived) -> None:
        if self._events.add(message.event):
            self.set_timer(DEBOUNCE_SECONDS, self._flush_events)

    def _flush_events(self) -> None:
        for container_id in self._events.take():
            if self.reader is not None:
                self.reader.invalidate(container_id)
        self.refresh_snapshot()

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_snapshot(self) -> None:
        """Read the engine again (cached inspects make this two requests when little changed)."""
        if self.reader is None:
            return
        snapshot = parse_snapshot(self.reader.read_raw())
        graph = build_graph(snapshot)
        if not get_current_worker().is_cancelled:
            post_safely(self, SnapshotArrived(snapshot, graph))

    @on(SnapshotArrived)
    def _snapshot_arrived(self, message: SnapshotArrived) -> None:
        if message.snapshot is not self.snapshot:
            self._apply(message.snapshot, message.graph)

    def all_screens(self) -> list[Screen]:
        """Every screen of every mode, under pop-ups too: `App.children` is the active screen only."""
        stacks = getattr(self, "_screen_stacks", None) or {"": self.screen_stack}
        unique = {id(s): s for stack in stacks.values() for s in stack}
        return list(unique.values())

    def _apply(self, snapshot: Snapshot, graph: Any) -> None:
        self.snapshot, self.graph = snapshot, graph
        self.follow_changed_item(snapshot)
        for screen in self.all_screens():
            if isinstance(screen, ExplorerScreen):
                screen.post_message(SnapshotArrived(snapshot, graph))
            elif hasattr(screen, "update_snapshot"):
                screen.update_snapshot(snapshot, graph)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = str(error) if isinstance(error, EngineError) else f"{type(error).__name__}: {error}"
        self.notify(clean(text), title="dockernet", severity="error", markup=False)

    def action_refresh(self) -> None:
        """Read the engine again now."""
        if self.reader is None:
            self.notify("not connected to an engine (press R to retry)", markup=False)
            return
        self.reader.invalidate()
        self.refresh_snapshot()

    def action_retry_engine(self) -> None:
        """Try the engine again after a failed start (the demo stays until it answers)."""
        if self.launch.connect is None:
            self.notify("started on a saved topology: restart without --demo/--snapshot", markup=False)
        elif self.reader is None:
            self.banner = ("connecting to the Docker engine…", "information")
            self.connect_engine()

    @on(ActionRequested)
    def _action_requested(self, message: ActionRequested) -> None:
        self.run_request(message.request)

    @work(thread=True, group="write", exit_on_error=False)
    def run_request(self, request: Any) -> None:
        """Carry out a confirmed change; the answer goes to every screen as `ActionFinished`."""
        from tui.engine.writer import READ_ONLY_TEXT, EngineWriter

        if self.target is None:
            answer = ActionFinished(request, False, READ_ONLY_TEXT)
        else:
            try:
                answer = ActionFinished(
                    request, True, result=EngineWriter(self.target, self.read_only).execute(request)
                )
            except EngineError as exc:
                answer = ActionFinished(request, False, str(exc))
        post_safely(self, Broadcast(answer))

    @on(Broadcast)
    def _broadcast(self, message: Broadcast) -> None:
        for screen in self.all_screens():
            screen.post_message(message.payload)
        if isinstance(message.payload, ActionFinished) and message.payload.ok:
            self.action_refresh()
