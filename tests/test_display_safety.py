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


# -- hostile names on every surface, on the real engine ------------------------------------------------

# What Docker takes in a network name (measured on dockerd 20.10: a newline, quotes, brackets, emoji,
# ESC, BEL, C1 and bidi controls all pass); container names are limited to [a-zA-Z0-9][a-zA-Z0-9_.-].
HOSTILE_NETS = {
    "nl": "acc-nl\nx",
    "quote": 'q"u\'o"te<a&b>',
    "click": "[@click=app.quit]q[/]",
    "emoji": "🦊 ñetz",
    "esc": "esc\x1b[31mred\x07\x85\x9b2J\x00nul",
    "bidi": "bidi\u202ex",
    "long": "long-" + "x" * 200,
}
HOSTILE_OPTIONS = {"[/]opt\x1b[2J": "[@click=app.quit]v\nw"}


def make_hostile_lab(lab) -> tuple[dict, object, object]:
    """The hostile networks (full names by key), a container on the first two, and its sidecar."""
    nets = {
        key: lab.network(
            short, labels={"note": EVIL_LABEL, "[bold]k": "v\x1b]8;;http://x\x07"}, options=HOSTILE_OPTIONS
        )
        for key, short in HOSTILE_NETS.items()
    }
    ctr = lab.container(
        "ctr",
        network=nets["nl"].name,
        labels={
            "note": EVIL_LABEL,
            "com.docker.compose.project": "[b]shop\x1b[2J",
            "com.docker.compose.service": "[/]",
        },
    )
    nets["quote"].connect(ctr, aliases=["[/]al\x1bias"])
    side = lab.container("side", network_mode=f"container:{ctr.id}")
    for net in nets.values():
        net.reload()
    return nets, ctr, side


def no_escapes(text: str) -> bool:
    return not any(ch in text for ch in "\x1b\x07\x85\x9b\u202e\x00")


async def test_hostile_names_read_literally_on_every_screen(lab, engine_host) -> None:
    """Tables, details, inspect, explain, the map and its status line, the palette."""
    import json

    from tui.model.sanitize import clean

    nets, ctr, side = make_hostile_lab(lab)
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: all(n.id in app.screen.table.keys for n in nets.values()))
        for key, net in nets.items():
            assert app.screen.table.select_key(net.id)
            await pilot.pause()
            shown = clean(net.name)
            assert app.screen.table.get_cell(net.id, "name").plain == shown, key
            detail = app.screen.detail.plain
            assert shown in detail and SHOWN_LABEL in detail and "[/]opt[2J=[@click=app.quit]v w" in detail
            assert no_escapes(detail)
            text = screen_text(app)
            assert no_escapes(text) and "acc-nl\n" not in text
            if key != "long":
                assert shown in text
        assert app.screen.table.select_key(nets["nl"].id)
        await pilot.pause()
        await pilot.press("i")
        assert await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
        assert json.dumps(nets["nl"].name) in app.screen.json_text and "\\u001b" in app.screen.json_text
        assert "acc-nl x" in screen_text(app)  # the title names it on one line
        await pilot.press("escape", "e")
        assert await until(pilot, lambda: isinstance(app.screen, ExplainScreen))
        assert clean(nets["nl"].name) in screen_text(app) and no_escapes(screen_text(app))
        await pilot.press("escape", "2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert app.screen.table.select_key(side.id)
        await pilot.pause()
        assert app.screen.table.get_cell(side.id, "mode").plain == f"container:{ctr.name}"
        assert app.screen.table.select_key(ctr.id)
        await pilot.pause()
        detail = app.screen.detail.plain
        assert "acc-nl x" in detail and "[/]alias" in detail and "[b]shop[2J" in detail and no_escapes(detail)
        await pilot.press("3")
        assert await until(pilot, lambda: isinstance(app.screen, TopologyScreen))
        assert app.screen.select("network", nets["esc"].id)
        await pilot.pause()
        text = screen_text(app)
        assert f"network {clean(nets['esc'].name)}" in text and no_escapes(text)
        assert no_escapes(app.screen.topology_map.layout_now.text())
        assert app.screen.select("container", ctr.id)
        await pilot.pause()
        assert "acc-nl x" in screen_text(app)  # the status line lists its networks
        await pilot.press("ctrl+p", *lab.prefix)
        from textual.command import CommandPalette
        from textual.widgets import OptionList

        def prompts() -> set[str]:
            if not isinstance(app.screen, CommandPalette):
                return set()
            options = app.screen.query_one(OptionList).options
            return {str(getattr(o.prompt, "plain", o.prompt)).split("\n")[0] for o in options}

        wanted = {f"Network {clean(n.name)}" for k, n in nets.items() if k != "long"}
        assert await until(pilot, lambda: wanted <= prompts()), prompts()
        assert all(no_escapes(p) for p in prompts())
        await pilot.press("escape", "escape")
        assert app.is_running


async def test_hostile_names_in_panels_previews_confirmations_and_errors(lab, engine_host, docker_client) -> None:
    """Pickers, the fixed-object label, the command preview (the id where the name cannot be typed),
    the confirm step, the engine's refusal and a notification: literal, one line per fact, no escapes."""
    from textual.widgets import Input, Label, OptionList, Static

    from tui.engine.connect import EngineError
    from tui.model.sanitize import clean
    from tui.screens.networks import NetworksScreen
    from tui.screens.panels.connect import ConnectPanel
    from tui.screens.panels.create_network import CreateNetworkPanel
    from tui.screens.panels.remove_network import RemoveNetworkPanel
    from widgets.command_preview import CommandPreview

    nets, ctr, side = make_hostile_lab(lab)
    nl = nets["nl"]
    app = DockernetApp(engine_launch(host=engine_host))

    def prompts(picker: str) -> list[str]:
        return [
            str(getattr(o.prompt, "plain", o.prompt))
            for o in app.screen.query_one(f"#{picker} OptionList", OptionList).options
        ]

    def preview() -> list[str]:
        return app.screen.query_one(CommandPreview).lines

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert await until(pilot, lambda: all(n.id in app.screen.table.keys for n in nets.values()))

        # Connect, opened on a network: the fixed name cleaned, the container picker naming the owner.
        assert app.screen.table.select_key(nets["bidi"].id)
        await pilot.pause()
        await pilot.press("c")
        assert await until(pilot, lambda: isinstance(app.screen, ConnectPanel))
        assert app.screen.query_one("#network-fixed", Label).content.plain == clean(nets["bidi"].name)
        shown = prompts("container")
        assert f"{side.name}  running, container:{ctr.name}" in shown
        assert not any(side.id in p or ctr.id in p for p in shown)
        await pilot.pause()
        picked = app.screen.query_one("#container").value
        name = docker_client.containers.get(picked).name
        assert preview() == [f"docker network connect {nets['bidi'].id} {name}"]  # the name has U+202E
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen))

        # Connect, opened on a container: the network picker lists every hostile name literally.
        await pilot.press("2")
        assert await until(pilot, lambda: ctr.id in app.screen.table.keys)
        assert app.screen.table.select_key(side.id)
        await pilot.pause()
        await pilot.press("c")
        assert await until(pilot, lambda: isinstance(app.screen, ConnectPanel))
        shown = prompts("network")
        for key, net in nets.items():
            assert any(p.startswith(clean(net.name) + "  ") for p in shown), key
        assert all(no_escapes(p) and "\n" not in p for p in shown)
        await pilot.press("escape", "1")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen))

        # Remove the network named with a newline: the preview and the engine both go by its id.
        assert app.screen.table.select_key(nl.id)
        await pilot.pause()
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, RemoveNetworkPanel))
        assert preview() == [f"docker network rm {nl.id}"]
        members = app.screen.query_one("#members", Static).content.plain
        assert "[/]alias" not in members and ctr.name in members and no_escapes(members)
        await pilot.click("#disconnect-first")
        await pilot.pause()
        assert preview() == [f"docker network disconnect {nl.id} {ctr.name}", f"docker network rm {nl.id}"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen.query_one("#confirm-text", Static).content.plain
        assert confirm.startswith(f"Removes network {clean(nl.name)} (bridge") and no_escapes(confirm)
        assert all(not line.startswith("x") for line in confirm.split("\n"))  # the name stays on its line
        await pilot.click("#confirm-yes")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=20)
        assert await until(pilot, lambda: nl.id not in app.screen.table.keys, seconds=20)
        assert [n.id for n in docker_client.networks.list(names=[nl.name]) if n.name == nl.name] == []
        assert nets["quote"].id in app.screen.table.keys  # nothing else went

        # Create a name the engine refuses (made meanwhile): its error shows literally.
        dup = lab.name("dup[/][@click=app.quit]x[link=http://x]y")
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel))
        app.screen.query_one("#name", Input).value = dup
        app.screen.query_one("#labels", Input).value = f"dockernet.lab={lab.run_id}"  # cleanup finds it if made
        await pilot.pause()
        lab.network("dup[/][@click=app.quit]x[link=http://x]y")
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#engine-error", Static)
        assert await until(pilot, lambda: error.display, seconds=20)
        assert dup in error.content.plain and dup in screen_text(app)
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen))

        # A worker failing with an engine error of hostile text: the notification shows it as text.
        def fail() -> None:
            raise EngineError("boom [@click=app.quit]q[/] \x1b[2J\x07 [link=http://x]y")

        app.run_worker(fail, thread=True, exit_on_error=False)
        assert await until(pilot, lambda: "boom [@click=app.quit]q[/] [2J [link=http://x]y" in screen_text(app))
        assert no_escapes(screen_text(app))
        assert app.is_running


async def test_snapshot_file_with_nul_and_lone_surrogates_renders() -> None:
    """A snapshot file's JSON may hold what no engine sends (a lone surrogate): shown as U+FFFD."""
    import json

    from textual.widgets import OptionList

    raw = json.loads(json.dumps(synthetic_raw()).replace("evil", "ev\\ud800il\\u0000"))
    app = DockernetApp(Launch(parse_snapshot(raw, source="snapshot"), raw, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "ev\ufffdil[2J[/]net" in text and no_escapes(text)
        assert app.screen.table.get_cell("e" * 64, "name").plain == "ev\ufffdil[2J[/]net"
        await pilot.press("i")
        assert await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
        screen_text(app).encode("utf-8")
        await pilot.press("escape", "3")
        assert await until(pilot, lambda: isinstance(app.screen, TopologyScreen))
        screen_text(app).encode("utf-8")
        await pilot.press("ctrl+p", *"ev")
        await pilot.pause(0.5)
        assert all(
            "\ud800" not in str(getattr(o.prompt, "plain", o.prompt)) for o in app.screen.query_one(OptionList).options
        )
        await pilot.press("escape", "escape")
        assert app.is_running
