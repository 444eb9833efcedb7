"""The dockernet App: the engine's lifecycle (connect, follow events, refresh, write) in workers.

Data flows one way: a thread worker reads the engine, builds a `Topology` and posts it; the App
assigns it to its `topology` reactive and every screen watching it redraws (`tui.screens.state`).
The event watcher runs in its own thread with its own client; bursts of events are coalesced into
one refresh, and a refresh asked for while one runs is run once more afterwards (never cancelled,
so a busy engine still shows changes). Nothing here shows a traceback: worker failures become
one-line notifications, a missing engine a banner over the demo.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.binding import Binding
from textual.worker import Worker, WorkerState

import styles
from tui.app.commands import ExplorerCommands
from tui.app.datapath import DatapathReader
from tui.app.launch import Launch, fallback_text
from tui.app.live import (
    DEBOUNCE_SECONDS,
    Coalescer,
    EngineConnected,
    EngineEventArrived,
    EngineStateChanged,
    EngineUnavailable,
    TopologyRead,
    post_safely,
)
from tui.app.panels import ActionCommands, ActionPanels
from tui.app.views import ViewActions
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.events import EventWatcher
from tui.engine.reader import EngineReader
from tui.model.files import load_demo
from tui.model.parse import parse_snapshot
from tui.model.sanitize import clean
from tui.screens.containers import ContainersScreen
from tui.screens.networks import NetworksScreen
from tui.screens.state import Topology
from tui.screens.topology import TopologyScreen

STYLES = Path(styles.__file__).resolve().parent


class DockernetApp(ActionPanels, ViewActions, DatapathReader):
    """Explore one engine's networks, containers and their links, live."""

    TITLE = "dockernet"
    CSS_PATH = [STYLES / "app.tcss"]
    COMMANDS = ActionPanels.COMMANDS | {ExplorerCommands, ActionCommands}
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

    def __init__(self, launch: Launch) -> None:
        super().__init__(launch)
        self.watcher: EventWatcher | None = None
        self.engine_lost = False
        self.pending_events = Coalescer()
        self.refreshing = False  # a refresh worker is reading the engine
        self.refresh_again = False  # something changed while it read: read once more after it
        self.add_mode("networks", lambda: NetworksScreen(self.snapshot, self.topology.graph))
        self.add_mode("containers", lambda: ContainersScreen(self.snapshot, self.topology.graph))
        self.add_mode("map", lambda: TopologyScreen(self.snapshot, self.topology.graph))
        if launch.keymap:
            self.set_keymap(launch.keymap)

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

    def show_topology(self, topology: Topology) -> None:
        """The one way a new topology reaches the screens: they watch this reactive."""
        self.datapaths.forget_passing()  # e.g. "cannot inspect": the engine may answer now
        self.topology = topology
        self.follow_changed_item(topology.snapshot)

    # -- engine connection -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def connect_engine(self) -> None:
        """Resolve the target, read a first snapshot; report either way (never raises)."""
        connect = self.launch.connect
        if connect is None:
            return
        try:
            target = connect()
            reader = EngineReader(target)
            topology = Topology.of(reader.snapshot())
        except EngineError as exc:
            post_safely(self, EngineUnavailable(str(exc)))
            return
        post_safely(self, EngineConnected(target, reader, topology))

    @on(EngineConnected)
    def _engine_connected(self, message: EngineConnected) -> None:
        self.reader, self.target, self.raw, self.engine_lost = message.reader, message.target, None, False
        self.banner = ("", "")
        self.show_topology(message.topology)
        self.follow_events(message.target)

    @on(EngineUnavailable)
    def _engine_unavailable(self, message: EngineUnavailable) -> None:
        raw, snapshot = load_demo()
        self.raw = raw
        self.banner = (fallback_text(clean(message.reason)), "error")
        self.show_topology(Topology.of(snapshot))

    @work(thread=True, exclusive=True, group="events", exit_on_error=False)
    def follow_events(self, target: EngineTarget) -> None:
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
        self.request_refresh()

    @on(EngineEventArrived)
    def _engine_event(self, message: EngineEventArrived) -> None:
        if self.pending_events.add(message.event):
            self.set_timer(DEBOUNCE_SECONDS, self._flush_events)

    def _flush_events(self) -> None:
        for container_id in self.pending_events.take():
            if self.reader is not None:
                self.reader.invalidate(container_id)
        self.request_refresh()

    # -- refreshing: at most one read at a time, none lost ---------------------------------------

    def request_refresh(self) -> None:
        """Read the engine again, now or right after the read under way."""
        if self.reader is None:
            return
        if self.refreshing:
            self.refresh_again = True
            return
        self.refreshing, self.refresh_again = True, False
        self.read_topology(self.reader)

    @work(thread=True, group="refresh", exit_on_error=False)
    def read_topology(self, reader: EngineReader) -> None:
        """One read (cached inspects make it two requests when little changed); always answers."""
        try:
            post_safely(self, TopologyRead(Topology.of(parse_snapshot(reader.read_raw()))))
        except EngineError as exc:
            post_safely(self, TopologyRead(None, str(exc)))
        except Exception as exc:  # the loop must learn the read ended, or refreshes stop for good
            post_safely(self, TopologyRead(None, f"{type(exc).__name__}: {exc}"))

    @on(TopologyRead)
    def _topology_read(self, message: TopologyRead) -> None:
        self.refreshing = False
        if message.topology is not None and message.topology.snapshot is not self.snapshot:
            self.show_topology(message.topology)
        elif message.error and not self.engine_lost:
            self.notify(clean(message.error), title="refresh failed", severity="error", markup=False)
        if self.refresh_again:
            self.request_refresh()

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
        self.request_refresh()

    def action_retry_engine(self) -> None:
        """Try the engine again after a failed start (the demo stays until it answers)."""
        if self.launch.connect is None:
            self.notify("started on a saved topology: restart without --demo/--snapshot", markup=False)
        elif self.reader is None:
            self.banner = ("connecting to the Docker engine…", "information")
            self.connect_engine()
