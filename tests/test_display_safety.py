"""Names, labels and other engine strings that look like markup or hold control characters.

They must appear literally (brackets and all, control characters stripped) on every screen, and
never raise MarkupError or inject links/actions: on the real engine and in a synthetic snapshot.
"""

from __future__ import annotations

import pytest
from textual.markup import MarkupError

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import Launch, engine_launch
from tui.model.parse import SNAPSHOT_FORMAT, parse_snapshot
from tui.screens.containers import ContainersScreen
from tui.screens.explain import ExplainScreen
from tui.screens.inspect import InspectScreen
from tui.screens.project import ProjectScreen
from tui.screens.topology import TopologyScreen

SIZE = (140, 45)
EVIL_LABEL = "a\x1b[31mred\x07 [/] [@click=app.quit]q[/] [link=http://x]y"
SHOWN_LABEL = "a[31mred [/] [@click=app.quit]q[/] [link=http://x]y"


def screen_text(app: DockernetApp) -> str:
    """What the terminal shows, as text (from the SVG export, entities decoded)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def walk_every_screen(app: DockernetApp, pilot, network_id: str, container_id: str, net_name: str) -> None:
    """Visit every screen with the odd items selected; each step must render without error."""
    assert app.screen.table.select_key(network_id)
    await pilot.pause()
    assert app.screen.table.get_cell(network_id, "name").plain == net_name
    assert net_name in app.screen.detail.plain
    assert SHOWN_LABEL in app.screen.detail.plain
    assert net_name in screen_text(app)
    await pilot.press("i")
    assert await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
    assert "[/]" in app.screen.json_text and "\\u001b" in app.screen.json_text  # escaped, not executed
    await pilot.press("escape", "e")
    assert isinstance(app.screen, ExplainScreen)
    assert net_name in screen_text(app)
    await pilot.press("escape", "2")
    assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
    assert app.screen.table.select_key(container_id)
    await pilot.pause()
    assert SHOWN_LABEL in app.screen.detail.plain
    await pilot.press("3")
    assert await until(pilot, lambda: isinstance(app.screen, TopologyScreen))
    await pilot.press("p")
    assert isinstance(app.screen, ProjectScreen)
    assert "[b]shop[/b]" in screen_text(app)
    await pilot.press("escape", "ctrl+p", *"evil")
    await pilot.pause(0.5)
    await pilot.press("escape", "escape")
    assert app.is_running


async def test_engine_names_and_labels_render_literally(lab, engine_host) -> None:
    net = lab.network("evil[/]net", subnet=lab.free_subnet(), labels={"note": EVIL_LABEL})
    lab.network("[link=http://x]y", labels={"[bold]": "[/bold]"})
    ctr = lab.container(
        "ctr",
        network=lab.name("evil[/]net"),
        labels={"note": EVIL_LABEL, "com.docker.compose.project": "[b]shop[/b]", "com.docker.compose.service": "[/]"},
    )
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.reader is not None and net.id in app.screen.table.keys)
        assert await until(pilot, lambda: lab.name("[link=http://x]y") in screen_text(app))
        await walk_every_screen(app, pilot, net.id, ctr.id, lab.name("evil[/]net"))


def synthetic_raw() -> dict:
    net_id, ctr_id = "e" * 64, "c" * 64
    labels = {"note": EVIL_LABEL, "com.docker.compose.project": "[b]shop[/b]"}
    return {
        "format": SNAPSHOT_FORMAT,
        "engine": {"host": "[link=http://x]host[/link]\x1b]0;title\x07"},
        "networks": [
            {
                "Id": net_id,
                "Name": "evil\x1b[2J[/]net\x07",
                "Driver": "[red]drv",
                "IPAM": {"Config": [{"Subnet": "10.1.0.0/24"}]},
                "Options": {"[/]opt": "[@click=app.quit]v"},
                "Labels": labels,
            }
        ],
        "containers": [
            {
                "Id": ctr_id,
                "Names": ["/[link=http://x]y"],
                "Image": "img[/]",
                "State": "running",
                "Labels": labels,
                "HostConfig": {"NetworkMode": "evil\x1b[2J[/]net\x07"},
                "NetworkSettings": {
                    "Networks": {
                        "evil\x1b[2J[/]net\x07": {"NetworkID": net_id, "IPAddress": "10.1.0.2", "IPPrefixLen": 24}
                    }
                },
            }
        ],
        "inspects": {
            ctr_id: {
                "Id": ctr_id,
                "Name": "/[link=http://x]y",
                "Config": {"Labels": labels},
                "HostConfig": {"ExtraHosts": ["h[/]x:1.2.3.4"], "Links": None},
                "NetworkSettings": {"Networks": {"evil\x1b[2J[/]net\x07": {"Aliases": ["[/]alias"]}}},
            }
        },
    }


async def test_synthetic_snapshot_renders_literally() -> None:
    raw = synthetic_raw()
    app = DockernetApp(Launch(parse_snapshot(raw, source="snapshot"), raw, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "evil[2J[/]net" in text and "[red]drv" in text and "[link=http://x]host[/link]" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        detail = app.screen.detail.plain
        assert "[/]alias" in detail and "1.2.3.4\th[/]x" in detail and "img[/]" in detail
        await pilot.press("1")
        await walk_every_screen(app, pilot, "e" * 64, "c" * 64, "evil[2J[/]net")


def test_palette_highlight_keeps_names_literal() -> None:
    from textual.fuzzy import Matcher

    from tui.app.commands import highlight

    matcher = Matcher("evil")
    for name in ("Network evil[/]net", "Container [@click=app.quit]evil", "Project [b]evil[/b]"):
        content = highlight(matcher, name)
        assert content.plain == name
        assert content.spans  # the matched letters are still highlighted
    with pytest.raises(MarkupError):
        matcher.highlight("Network evil[/]net")  # why dockernet does not use it


async def test_palette_lists_odd_names_literally() -> None:
    import dataclasses

    from textual.command import CommandPalette
    from textual.widgets import OptionList

    from tui.model.files import load_demo
    from tui.model.snapshot import Container, Network

    raw, demo = load_demo()
    odd = dataclasses.replace(
        demo,
        networks=(*demo.networks, Network("e" * 64, "evil[/]net", "bridge")),
        containers=(*demo.containers, Container("c" * 64, "[@click=app.quit]evilc", state="running")),
    )
    app = DockernetApp(Launch(odd, raw, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"evil")

        def prompts() -> list[str]:
            if not isinstance(app.screen, CommandPalette):
                return []
            options = app.screen.query_one(OptionList)
            return [str(getattr(o.prompt, "plain", o.prompt)) for o in options.options]

        assert await until(
            pilot,
            lambda: {"Network evil[/]net", "Container [@click=app.quit]evilc"} <= {p.split("\n")[0] for p in prompts()},
        ), prompts()
        await pilot.press("escape")
        assert app.is_running
