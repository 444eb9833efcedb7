"""Following live engines: their event streams, coalesced refreshes, and what the banner says.

A part of `DockernetApp` (see `tui.app.base`): the engine lifecycle's second half, once an engine
answers. Each engine's watcher runs in a thread worker of its own group; the first event after
a quiet spell is read at once, the rest of a burst becomes one refresh per `DEBOUNCE_SECONDS` that
invalidates only what it touched; per engine at most one read runs and
one more is asked for after it (never cancelled, so a busy engine still shows every change); a
newer merge of several engines always wins over an older one (`SnapshotBook` numbers them).
"""

from __future__ import annotations

import time
from functools import partial

from textual import on

from tui.app.base import AppBase
from tui.app.engines import EngineSession, SnapshotBook, sessions_banner
from tui.app.launch import Launch, fallback_text
from tui.app.live import (
    DEBOUNCE_SECONDS,
    EngineEventArrived,
    EngineStateChanged,
    EventsRefused,
    TopologyRead,
    post_safely,
)
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.events import EventWatcher
from tui.engine.reader import EngineReader
from tui.model.parse import Raw, parse_snapshot
from tui.model.sanitize import clean
from tui.screens.state import Topology


class LiveFollowing(AppBase):
    """Events, refreshes and the per-engine banner."""

    def __init__(self, launch: Launch) -> None:
        super().__init__(launch)
        self.generation = 0  # bumped whenever the set of engines changes (the engine switcher)
        self.book = SnapshotBook([], merged=False)
        self.shown_seq = 0  # the SnapshotBook number of the topology on screen
        self.events_refused: dict[str, str] = {}  # engine label -> why its event stream is refused

    def show_topology(self, topology: Topology, seq: int = 0) -> None:
        """The one way a new topology reaches the screens: they watch this reactive."""
        if seq:
            if seq <= self.shown_seq:
                return  # an older merge finished last: the newer one is on screen already
            self.shown_seq = seq
        self.datapaths.forget_passing()  # e.g. "cannot inspect": the engine may answer now
        self.topology = topology
        self.follow_changed_item(topology.snapshot)

    def current(self, engine: str, generation: int) -> EngineSession | None:
        """The session a worker's message is about, unless the engines changed since it started."""
        session = self.sessions.get(engine)
        return session if session is not None and generation == self.generation else None

    def update_engine_banner(self) -> None:
        """The banner says how each engine is (several engines); one engine keeps its own texts."""
        if not self.several_engines:
            return
        if self.book.empty and all(s.state == "unavailable" for s in self.sessions.values()):
            text, _ = sessions_banner(self.sessions.values())
            self.banner = (fallback_text(text), "error")  # nothing answered: the demo is shown
            return
        banner = sessions_banner(self.sessions.values())
        if banner != self.banner:
            self.banner = banner

    def follow_events(self, session: EngineSession) -> None:
        """Run the engine's event watcher in a thread of its own group until the App stops it."""
        if session.watcher is not None:
            session.watcher.stop()
        label, generation = session.label, session.generation
        watcher = EventWatcher(
            session.target or EngineTarget(""),
            on_event=lambda event: post_safely(self, EngineEventArrived(event, label, generation)),
            on_state=lambda ok, text: post_safely(self, EngineStateChanged(ok, text, label, generation)),
            on_refused=lambda text: post_safely(self, EventsRefused(text, label, generation)),
        )
        session.watcher = watcher
        self.run_worker(
            watcher.run,
            name=f"events {label}",
            group=session.group("events"),
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    @on(EngineStateChanged)
    def _engine_state(self, message: EngineStateChanged) -> None:
        session = self.current(message.engine, message.generation)
        if session is None:
            return
        if not message.connected:
            session.state, session.reason = "lost", message.text
            if self.several_engines:
                self.update_engine_banner()
            else:
                text = f"{sentence(clean(message.text))} Showing the last known state; dockernet reconnects by itself."
                self.banner = (text, "error")
            return
        if session.state == "lost" and session.reader is not None:
            session.reader.invalidate()  # events were missed: nothing cached can be trusted
        if session.state in ("lost", "connecting"):
            session.state, session.reason = "live", ""
        self.events_refused.pop(session.label, None)  # the watcher says so again if it still is
        if self.several_engines:
            self.update_engine_banner()
        else:
            self.show_limits(session)
        self.request_refresh(session)

    @on(EventsRefused)
    def _events_refused(self, message: EventsRefused) -> None:
        session = self.current(message.engine, message.generation)
        if session is None:
            return
        self.events_refused[session.label] = message.text
        if self.several_engines:
            self.notify(f"{clean(session.label)}: {clean(message.text)}", severity="warning", markup=False)
        else:
            self.show_limits(session)

    def show_limits(self, session: EngineSession) -> None:
        """One engine that answers: the banner says what it refuses to show dockernet (or nothing)."""
        if session.state != "live":
            return
        notes = [self.events_refused.get(session.label, ""), session.reader.warning if session.reader else ""]
        text = " ".join(sentence(clean(note)) for note in notes if note)
        self.banner = (text, "warning") if text else ("", "")

    @on(EngineEventArrived)
    def _engine_event(self, message: EngineEventArrived) -> None:
        """The first event after a quiet spell is read at once; a burst at most once per `DEBOUNCE_SECONDS`."""
        session = self.current(message.engine, message.generation)
        if session is None or not session.pending.add(message.event):
            return
        wait = DEBOUNCE_SECONDS - (time.monotonic() - session.flushed_at)
        if wait <= 0:
            self._flush_events(session)  # a lone `docker run` shows without waiting for a burst that never comes
        else:  # at the end of the window the last read opened (a busy engine: some other change)
            self.set_timer(wait, partial(self._flush_events, session))

    def _flush_events(self, session: EngineSession) -> None:
        session.flushed_at = time.monotonic()
        for container_id in session.pending.take():
            if session.reader is not None:
                session.reader.invalidate(container_id)
        if session.pending.take_swarm() and session.reader is not None:
            session.reader.invalidate_swarm()
        self.request_refresh(session)

    # -- refreshing: per engine, at most one read at a time, none lost ---------------------------

    def request_refresh(self, session: EngineSession | None = None) -> None:
        """Read the engine again (every engine when None), now or right after the read under way."""
        for one in [session] if session is not None else list(self.sessions.values()):
            if one.reader is None or self.sessions.get(one.label) is not one:
                continue
            if one.refreshing:
                one.refresh_again = True
                continue
            one.refreshing, one.refresh_again, one.read_started = True, False, time.monotonic()
            self.run_worker(
                partial(self.read_topology, one.spec.label, one.generation, one.reader),
                name=f"refresh {one.label}",
                group=one.group("refresh"),
                thread=True,
                exclusive=True,  # at most one runs per engine anyway (`refreshing`): nothing is cancelled
                exit_on_error=False,
            )

    def read_topology(self, label: str, generation: int, reader: EngineReader) -> None:
        """Thread worker: one read (cached inspects make it two requests when little changed); always answers.

        When containers need inspecting (a `docker run`: the engine answers its inspect only once
        the start is done, ~0.2 s later), the lists' snapshot is shown first, those containers
        pending (`Snapshot.pending`), and the full one when the inspects are in.
        """

        def early(raw: Raw) -> None:
            seq, topology = self.book.put(label, parse_snapshot(raw))
            post_safely(self, TopologyRead(topology, "", label, generation, seq, early=True))

        try:
            seq, topology = self.book.put(label, parse_snapshot(reader.read_raw(early=early, early_over=0)))
            post_safely(self, TopologyRead(topology, "", label, generation, seq))
        except EngineError as exc:
            post_safely(self, TopologyRead(None, str(exc), label, generation))
        except Exception as exc:  # the loop must learn the read ended, or refreshes stop for good
            post_safely(self, TopologyRead(None, f"{type(exc).__name__}: {exc}", label, generation))

    @on(TopologyRead)
    def _topology_read(self, message: TopologyRead) -> None:
        session = self.current(message.engine, message.generation)
        if session is None:
            return
        if message.early:  # the read goes on: its own TopologyRead follows
            if message.topology is not None and message.topology.snapshot is not self.snapshot:
                self.show_topology(message.topology, message.seq)
            return
        session.refreshing, session.read_started = False, 0.0
        if message.topology is not None:
            if session.state == "failing":
                session.state, session.reason = "live", ""
            if not self.several_engines and self.banner[1] != "error":
                self.show_limits(session)
            if message.topology.snapshot is not self.snapshot:
                self.show_topology(message.topology, message.seq)
        elif message.error and session.state != "lost":
            if self.several_engines:
                session.state, session.reason = "failing", message.error
            else:
                self.notify(clean(message.error), title="refresh failed", severity="error", markup=False)
        if self.several_engines:
            self.update_engine_banner()
        if session.refresh_again:
            self.request_refresh(session)

    def action_refresh(self) -> None:
        """Read the engine again now (every engine shown)."""
        if self.reader is None:
            self.notify("not connected to an engine (press R to retry)", markup=False)
            return
        for session in self.sessions.values():
            if session.reader is not None:
                session.reader.invalidate()
        self.request_refresh()


def sentence(text: str) -> str:
    """`text` ending with a full stop (or its own ?, !), to be followed by another sentence."""
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else f"{text}."
