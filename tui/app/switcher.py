"""The engine switcher: which engines the App shows, chosen from the Docker contexts.

`E` (or "Engines…" in the command palette) reads the contexts in a worker
(`tui.engine.contexts.list_contexts`, what `docker context ls` lists) and opens
`tui.screens.engines.EngineScreen` on them plus the engines given by URL that are on screen. The
choice restarts the engine sessions (`start_sessions`): one engine is shown as it is, several are
merged. The palette also offers each context directly ("Engine: only NAME", "Engine: add NAME").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on, work
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from tui.app.base import AppBase
from tui.app.commands import highlight
from tui.app.launch import EngineSpec
from tui.app.live import post_safely
from tui.engine.contexts import DockerContext, EngineChoice, list_contexts
from tui.model.sanitize import clean
from tui.screens.engines import EngineRow, EngineScreen

CONTEXT_KEY, SHOWN_KEY = "context:", "shown:"


@dataclass
class ContextsRead(Message):
    """The contexts worker's answer; `open_screen` when the user asked for the switcher."""

    contexts: list[DockerContext]
    error: str = ""
    open_screen: bool = False


def state_note(state: str, reason: str) -> str:
    notes = {"live": "on screen", "connecting": "on screen, connecting", "lost": "on screen, lost"}
    note = notes.get(state, f"on screen, {state}")
    return f"{note}: {reason}" if reason and state != "live" else note


class EngineSwitcher(AppBase):
    """The switcher's action, its worker and what the choice does."""

    contexts: list[DockerContext] | None = None  # read once at start and each time the switcher opens

    def action_switch_engines(self) -> None:
        """Choose the engines to show (Docker contexts; several are merged)."""
        if not self.launch.engines:
            self.notify("started on a saved topology: restart without --demo/--snapshot", markup=False)
            return
        self.read_contexts(open_screen=True)

    @work(thread=True, exclusive=True, group="contexts", exit_on_error=False)
    def read_contexts(self, open_screen: bool = False) -> None:
        """Read `docker context ls` from the CLI's store (files: a worker's job)."""
        try:
            post_safely(self, ContextsRead(list_contexts(), "", open_screen))
        except Exception as exc:  # an odd store must not cost the switcher: say why, show the rest
            post_safely(self, ContextsRead([], f"cannot read the docker contexts: {exc}", open_screen))

    @on(ContextsRead)
    def _contexts_read(self, message: ContextsRead) -> None:
        self.contexts = message.contexts
        if message.open_screen:
            self.push_screen(EngineScreen(self.engine_rows(), message.error), self.engines_chosen)

    def engine_rows(self) -> list[EngineRow]:
        """The engines on screen that are not contexts, then every context (ticked when on screen)."""
        shown_contexts = {s.spec.context: s for s in self.sessions.values() if s.spec.context}
        rows = [
            EngineRow(
                SHOWN_KEY + label,
                label or "(default)",
                session.spec.host or (session.target.description if session.target else ""),
                state_note(session.state, session.reason),
                shown=True,
            )
            for label, session in self.sessions.items()
            if not session.spec.context
        ]
        for ctx in self.contexts or []:
            session = shown_contexts.get(ctx.name)
            note = ctx.error or (state_note(session.state, session.reason) if session else ctx.description)
            if ctx.tls and not ctx.error:
                note = f"TLS  {note}".rstrip()
            key, shown, usable = CONTEXT_KEY + ctx.name, session is not None, not ctx.error
            rows.append(EngineRow(key, ctx.name, ctx.host, note, ctx.current, shown, usable))
        return rows

    def spec_for(self, key: str) -> EngineSpec | None:
        if key.startswith(SHOWN_KEY):
            session = self.sessions.get(key.removeprefix(SHOWN_KEY))
            return session.spec if session is not None else None
        name = key.removeprefix(CONTEXT_KEY)
        for session in self.sessions.values():
            if session.spec.context == name:
                return session.spec
        return EngineSpec.of(EngineChoice(name, None, name))

    def engines_chosen(self, keys: list[str] | None) -> None:
        """Show the chosen engines (unchanged choice: nothing restarts)."""
        if not keys:
            return
        specs = [spec for spec in (self.spec_for(key) for key in keys) if spec is not None]
        labels = [s.label for s in specs]
        if not specs or labels == list(self.sessions):
            return
        if len(specs) == 1 and specs[0].label == "":
            specs = [EngineSpec("default", specs[0].connect, specs[0].host, specs[0].context)]
        self.start_sessions(_distinct(specs))
        shown = ", ".join(clean(s.label) for s in specs)
        self.notify(f"showing {shown}", title="engines", markup=False)

    def show_context(self, name: str, add: bool) -> None:
        """Palette: show this context alone, or beside the engines shown."""
        spec = EngineSpec.of(EngineChoice(name, None, name))
        specs = [*(s.spec for s in self.sessions.values() if s.spec.context != name), spec] if add else [spec]
        self.start_sessions(_distinct(specs))

    def drop_engine(self, label: str) -> None:
        """Palette: stop showing one of several engines."""
        specs = [s.spec for s in self.sessions.values() if s.label != label]
        if specs:
            self.start_sessions(specs)


def _distinct(specs: list[EngineSpec]) -> list[EngineSpec]:
    """Labels must differ (they name the engines in a merged view): a repeated one gets a suffix."""
    seen: set[str] = set()
    result = []
    for spec in specs:
        label, n = spec.label, 2
        while label in seen:
            label, n = f"{spec.label}-{n}", n + 1
        seen.add(label)
        result.append(spec if label == spec.label else EngineSpec(label, spec.connect, spec.host, spec.context))
    return result


class EngineCommands(Provider):
    """The contexts by name in the command palette: show one alone, add one, or drop an engine shown."""

    def commands(self) -> list[tuple[str, partial[None], str]]:
        app = self.app
        if not isinstance(app, EngineSwitcher) or not app.launch.engines:
            return []
        shown = {s.spec.context for s in app.sessions.values() if s.spec.context}
        found: list[tuple[str, partial[None], str]] = []
        for ctx in app.contexts or []:
            if ctx.error:
                continue
            name = clean(ctx.name)
            where = clean(ctx.host, limit=50)
            found.append((f"Engine: only {name}", partial(app.show_context, ctx.name, False), f"show {where} alone"))
            if ctx.name not in shown:
                found.append(
                    (f"Engine: add {name}", partial(app.show_context, ctx.name, True), f"merge {where} into the view")
                )
        if len(app.sessions) > 1:
            for label in app.sessions:
                found.append((f"Engine: drop {clean(label)}", partial(app.drop_engine, label), "stop showing it"))
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, help=help_text)

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, help=help_text)
