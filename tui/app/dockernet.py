"""The dockernet App: the engine's lifecycle (connect, follow events, refresh, write) in workers.

Data flows one way: a thread worker reads the engine, builds a `Topology` and posts it; the App
assigns it to its `topology` reactive and every screen watching it redraws (`tui.screens.state`).
The event watcher runs in its own thread with its own client; bursts of events are coalesced into
one refresh, and a refresh asked for while one runs is run once more afterwards (never cancelled,
so a busy engine still shows changes). Nothing here shows a traceback: worker failures become
one-line notifications, a missing engine a banner over the demo.

No thread holds up quitting: every request times out (`DOCKERNET_TIMEOUT`), the watcher's `stop()`
shuts its stream down, and thread workers run in daemon threads (`tui.app.threads`), so `q` ends
the program even while a hung engine keeps a read waiting. An engine that answers but refuses
part of what dockernet asks (a socket proxy) keeps its topology on screen, with a warning banner
saying what is missing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.worker import Worker, WorkerState

import styles
from tui.app.commands import ExplorerCommands
from tui.app.datapath import DatapathReader
from tui.app.engines import RETRY_FIRST, RETRY_MAX, EngineSession, SnapshotBook
from tui.app.following import LiveFollowing
from tui.app.launch import EngineSpec, Launch, fallback_text
from tui.app.live import (
    EngineConnected,
    EngineUnavailable,
    TopologyRead,
    post_safely,
)
from tui.app.panels import ActionCommands, ActionPanels
from tui.app.switcher import EngineCommands, EngineSwitcher
from tui.app.threads import QuitSafeExecutor
from tui.app.views import ViewActions
from tui.engine.connect import EngineError, explain
from tui.engine.events import EventWatcher
from tui.engine.reader import EngineReader
from tui.model.files import load_demo
from tui.model.parse import Raw, parse_snapshot
from tui.model.sanitize import clean
from tui.presentation.datapath import DatapathBook
from tui.screens.addresses import AddressesScreen
from tui.screens.containers import ContainersScreen
from tui.screens.help import known_binding_ids
from tui.screens.networks import NetworksScreen
from tui.screens.ports import PortsScreen
from tui.screens.state import Topology
from tui.screens.topology import TopologyScreen

STYLES = Path(styles.__file__).resolve().parent


class DockernetApp(ActionPanels, ViewActions, DatapathReader, EngineSwitcher, LiveFollowing):
    """Explore one engine's networks, containers and their links, live."""

    TITLE = "dockernet"
    CSS_PATH = [STYLES / "app.tcss"]
    COMMANDS = ActionPanels.COMMANDS | {ExplorerCommands, ActionCommands, EngineCommands}
    BINDINGS = [
        Binding("1", "show('networks')", "Networks", id="show_networks"),
        Binding("2", "show('containers')", "Containers", id="show_containers"),
        Binding("3,m", "show('map')", "Map", id="show_map"),
        Binding("4", "show('addresses')", "Addresses", show=False, id="show_addresses"),
        Binding("5", "show('ports')", "Ports", show=False, id="show_ports"),
        Binding("i", "inspect", "Inspect", id="inspect"),
        Binding("e", "explain", "Explain", id="explain"),
        Binding("p", "pick_project", "Project", id="project"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh"),
        Binding("R", "retry_engine", "Retry engine", show=False, id="retry_engine"),
        Binding("E", "switch_engines", "Engines", show=False, id="switch_engines"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, launch: Launch) -> None:
        super().__init__(launch)
        self.add_mode("networks", lambda: NetworksScreen(self.snapshot, self.topology.graph))
        self.add_mode("containers", lambda: ContainersScreen(self.snapshot, self.topology.graph))
        self.add_mode("map", lambda: TopologyScreen(self.snapshot, self.topology.graph))
        self.add_mode("addresses", lambda: AddressesScreen(self.snapshot, self.topology.graph))
        self.add_mode("ports", lambda: PortsScreen(self.snapshot, self.topology.graph))
        if launch.keymap:
            self.set_keymap(launch.keymap)

    @property
    def watcher(self) -> EventWatcher | None:
        """The first connected engine's event watcher."""
        session = self.primary()
        return session.watcher if session is not None else None

    @property
    def engine_lost(self) -> bool:
        return any(s.state == "lost" for s in self.sessions.values())

    @on(TopologyScreen.NodeChosen)
    async def _node_chosen(self, message: TopologyScreen.NodeChosen) -> None:
        await self.show_item(message.kind, message.object_id)

    def on_load(self) -> None:
        asyncio.get_running_loop().set_default_executor(QuitSafeExecutor())  # quitting never waits on a thread

    def on_mount(self) -> None:
        self.switch_mode("networks")
        if self.launch.engines:
            self.start_sessions(self.launch.engines)
            self.read_contexts()  # for the palette's "Engine: …" entries
        self.set_interval(1.0, self.update_engine_banner)
        self.report_unknown_keymap_ids()

    def report_unknown_keymap_ids(self) -> None:
        """Once, at start: `[keymap]` ids that name no binding (a typo would otherwise do nothing)."""
        unknown = sorted(set(self.launch.keymap) - known_binding_ids(self))
        if unknown:
            names = ", ".join(clean(name) for name in unknown)
            text = f"[keymap] in the config file: no binding has the id {names} (? lists every binding's id)"
            self.notify(text, title="config", severity="warning", timeout=10, markup=False)

    async def on_unmount(self) -> None:
        for session in self.sessions.values():
            if session.watcher is not None:
                session.watcher.stop()
            if session.reader is not None:
                session.reader.close()

    # -- engine sessions: one per engine on screen -------------------------------------------

    def start_sessions(self, specs: Sequence[EngineSpec]) -> None:
        """Show these engines (replacing any shown): one session each, connecting side by side."""
        for old in self.sessions.values():  # their workers' answers are dropped (`current`)
            if old.watcher is not None:
                old.watcher.stop()
            if old.reader is not None:
                old.reader.close()  # e.g. its ssh connection ends now, not when collected
        self.generation += 1
        self.sessions = {spec.label: EngineSession(spec, self.generation) for spec in specs}
        self.book = SnapshotBook(list(self.sessions), merged=len(self.sessions) > 1)
        self.shown_seq = 0
        self.datapaths = DatapathBook()
        self.datapath_pending = None
        self.drivers = None
        self.update_engine_banner()
        for session in self.sessions.values():
            self.connect_session(session)

    def connect_session(self, session: EngineSession) -> None:
        """Resolve and read the engine in a worker of its own group (exclusive within that engine only)."""
        session.state = "connecting"
        self.run_worker(
            partial(self.connect_engine, session.spec, session.generation),
            name=f"connect {session.label}",
            group=session.group("connect"),
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def connect_engine(self, spec: EngineSpec, generation: int) -> None:
        """Thread worker: resolve the target, read a first snapshot; report either way (never raises).

        A first load with many containers shows the lists at once (`EngineConnected(reading=True)`,
        its snapshot's `pending` containers not inspected yet); the full read follows as a
        `TopologyRead`, as a refresh's would.
        """
        label = spec.label
        connected = False

        def early(raw: Raw) -> None:
            nonlocal connected
            seq, topology = self.book.put(label, parse_snapshot(raw))
            post_safely(self, EngineConnected(target, reader, topology, label, generation, seq, reading=True))
            connected = True

        try:
            target = spec.connect()
            reader = EngineReader(target)
            seq, topology = self.book.put(label, parse_snapshot(reader.read_raw(early=early)))
        except Exception as exc:  # never a traceback: the engine is unavailable, for a reason shown
            reason = str(exc) if isinstance(exc, EngineError) else explain(exc)
            if connected:
                post_safely(self, TopologyRead(None, reason, label, generation))
            else:
                post_safely(self, EngineUnavailable(reason, label, generation))
            return
        if connected:
            post_safely(self, TopologyRead(topology, "", label, generation, seq))
        else:
            post_safely(self, EngineConnected(target, reader, topology, label, generation, seq))

    @on(EngineConnected)
    def _engine_connected(self, message: EngineConnected) -> None:
        session = self.current(message.engine, message.generation)
        if session is None:
            return
        session.reader, session.target = message.reader, message.target
        session.state, session.reason, session.retry_delay = "live", "", RETRY_FIRST
        self.raw = None
        if self.several_engines:
            self.update_engine_banner()
        else:
            self.show_limits(session)
        self.show_topology(message.topology, message.seq)
        if message.reading:  # the connect worker still reads: its TopologyRead ends it like a refresh's
            session.refreshing, session.read_started = True, time.monotonic()
        self.follow_events(session)

    @on(EngineUnavailable)
    def _engine_unavailable(self, message: EngineUnavailable) -> None:
        session = self.current(message.engine, message.generation)
        if session is None:
            return
        session.state, session.reason = "unavailable", message.reason
        if self.book.empty:  # nothing to show from any engine: the demo, with why
            raw, snapshot = load_demo()
            self.raw = raw
            self.show_topology(Topology.of(snapshot))
        if not self.several_engines:
            self.banner = (fallback_text(clean(message.reason)), "error")
            return
        self.update_engine_banner()
        delay, session.retry_delay = session.retry_delay, min(session.retry_delay * 2, RETRY_MAX)
        self.set_timer(delay, partial(self._retry_session, session))

    def _retry_session(self, session: EngineSession) -> None:
        if self.sessions.get(session.label) is session and session.state == "unavailable":
            self.connect_session(session)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = str(error) if isinstance(error, EngineError) else f"{type(error).__name__}: {error}"
        self.notify(clean(text), title="dockernet", severity="error", markup=False)

    def action_retry_engine(self) -> None:
        """Try the engines that did not answer again now (the demo stays until one answers)."""
        if not self.launch.engines:
            self.notify("started on a saved topology: restart without --demo/--snapshot", markup=False)
            return
        waiting = [s for s in self.sessions.values() if s.reader is None and s.state != "connecting"]
        for session in waiting:
            if not self.several_engines:
                self.banner = ("connecting to the Docker engine…", "information")
            self.connect_session(session)
        if self.several_engines:
            self.update_engine_banner()
