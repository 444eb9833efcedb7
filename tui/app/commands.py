"""The command palette (ctrl+p): every screen and action by name, plus jumps to any item.

State-dependent: the Compose projects and the networks and containers of the current snapshot
appear as commands, so "shop" or a container's name finds it from anywhere. Names are shown as
`Content` (plain text); help texts are parsed as markup by the palette, so they never hold
engine strings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen

from tui.model.sanitize import clean
from tui.presentation import projects

Command = tuple[str, Callable[[], Any], str]


def explorer_commands(app: Any) -> list[Command]:
    """(name, callback, help) for every action of the explorer, in discovery order."""
    run = app.run_action
    commands: list[Command] = [
        ("Networks", partial(run, "show('networks')"), "the networks table and detail (1)"),
        ("Containers", partial(run, "show('containers')"), "the containers table and detail (2)"),
        ("Topology map", partial(run, "show('map')"), "the network diagram (3 or m)"),
        ("Inspect selected item", partial(run, "inspect"), "the engine's raw JSON (i)"),
        ("Explain selected item", partial(run, "explain"), "what its driver or mode means (e)"),
        ("Filter by Compose project…", partial(run, "pick_project"), "show one project (p)"),
        ("Show all projects", partial(app.set_project, ""), "clear the project filter"),
        ("Refresh", partial(run, "refresh"), "read the engine again (r)"),
        ("Retry the engine", partial(run, "retry_engine"), "after starting dockerd (R)"),
        ("Keys", partial(run, "help"), "every key binding (?)"),
        ("Quit", partial(run, "quit"), "leave dockernet (q)"),
    ]
    for name, containers, networks in projects(app.snapshot):
        commands.append(
            (f"Project {clean(name)}", partial(app.set_project, name), f"{containers} containers, {networks} networks")
        )
    for network in app.snapshot.networks:
        commands.append(
            (f"Network {clean(network.name)}", partial(app.show_item, "network", network.id), "show this network")
        )
    for container in app.snapshot.containers:
        commands.append(
            (
                f"Container {clean(container.name)}",
                partial(app.show_item, "container", container.id),
                "show this container",
            )
        )
    return commands


def screen_commands(screen: Screen) -> list[Command]:
    """The key actions of the screen the palette was opened on (filter, sort, reach, reload...)."""
    commands: list[Command] = []
    seen: set[str] = set()
    for cls in type(screen).__mro__:
        if cls.__module__.startswith("textual"):
            continue
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.action in seen or binding.action.startswith("app.pop_screen") or not binding.description:
                continue
            seen.add(binding.action)
            name = f"{binding.description} (this screen)"
            commands.append((name, partial(screen.run_action, binding.action), f"key {binding.key}"))
    return commands


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like `Matcher.highlight`, but the candidate is plain text: that one parses it as markup,
    and network or container names such as `evil[/]net` or `[@click=app.quit]x` must not be."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ExplorerCommands(Provider):
    """Screens, actions, projects, networks and containers by name."""

    def _all(self) -> list[Command]:
        return explorer_commands(self.app) + screen_commands(self.screen)

    async def discover(self) -> Hits:
        for name, callback, help_text in explorer_commands(self.app)[:11] + screen_commands(self.screen):
            yield DiscoveryHit(Content(name), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._all():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, help=help_text)
