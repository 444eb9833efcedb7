"""The command palette (ctrl+p): every screen and action by name, plus jumps to any item.

Key hints come from the bindings active now (`Screen.active_bindings`, as the Footer shows
them), so a key remapped in the config file shows its new key here. Names are shown as
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
from tui.presentation import counted, projects

Command = tuple[str, Callable[[], Any], str]

# (palette name, action, what it does); the key comes from the live bindings
EXPLORER_ACTIONS = (
    ("Networks", "show('networks')", "the networks table and detail"),
    ("Containers", "show('containers')", "the containers table and detail"),
    ("Topology map", "show('map')", "the network diagram"),
    ("Address space", "show('addresses')", "every subnet, the default pools left, conflicts with host routes"),
    ("Ports", "show('ports')", "every published port and who can reach it, exposed-only ports, port conflicts"),
    ("Inspect selected item", "inspect", "the engine's raw JSON"),
    ("Explain selected item", "explain", "what its driver or mode means"),
    ("Filter by Compose project…", "pick_project", "show one project"),
    ("Refresh", "refresh", "read the engine again"),
    ("Retry the engine", "retry_engine", "after starting dockerd"),
    ("Engines…", "switch_engines", "choose the Docker contexts to show (several are merged)"),
    ("Keys", "help", "every key binding"),
    ("Quit", "quit", "leave dockernet"),
)


def key_hint(screen: Screen[Any], action: str) -> str:
    """The keys bound to `action` where the palette was opened, as the Footer would show them."""
    app = screen.app
    keys = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.action in (action, f"app.{action}") and active.enabled:
            keys.append(app.get_key_display(binding))
    return "/".join(dict.fromkeys(keys))


def with_key(screen: Screen[Any], action: str, what: str) -> str:
    keys = key_hint(screen, action)
    return f"{what} ({keys})" if keys else what


def action_commands(app: Any, screen: Screen[Any]) -> list[Command]:
    """The explorer's actions, in discovery order."""
    commands: list[Command] = [
        (name, partial(app.run_action, action), with_key(screen, action, what))
        for name, action, what in EXPLORER_ACTIONS
    ]
    after = next(i for i, (_, action, _) in enumerate(EXPLORER_ACTIONS) if action == "pick_project") + 1
    commands.insert(after, ("Show all projects", partial(app.set_project, ""), "clear the project filter"))
    return commands


def item_commands(app: Any) -> list[Command]:
    """A jump to every Compose project, network and container of the current snapshot (found by search)."""
    commands: list[Command] = []
    for name, containers, networks in projects(app.snapshot):
        commands.append(
            (
                f"Project {clean(name)}",
                partial(app.set_project, name),
                f"{counted(containers, 'container')}, {counted(networks, 'network')}",
            )
        )
    for network in app.snapshot.networks:
        commands.append(
            (f"Network {clean(network.name)}", partial(app.show_item, "network", network.id), "show this network")
        )
    for container in app.snapshot.containers:
        name = f"Container {clean(container.name)}"
        commands.append((name, partial(app.show_item, "container", container.id), "show this container"))
    return commands


def screen_commands(screen: Screen[Any]) -> list[Command]:
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
            help_text = with_key(screen, binding.action, "on this screen")
            commands.append((name, partial(screen.run_action, binding.action), help_text))
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

    async def discover(self) -> Hits:
        for name, callback, help_text in action_commands(self.app, self.screen) + screen_commands(self.screen):
            yield DiscoveryHit(Content(name), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        commands = action_commands(self.app, self.screen) + screen_commands(self.screen) + item_commands(self.app)
        for name, callback, help_text in commands:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, help=help_text)
