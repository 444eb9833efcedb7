"""Pilot tests of every screen and navigation flow on the embedded demo (no engine needed)."""

from __future__ import annotations

import dataclasses

import pytest

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch
from tui.model.snapshot import Network
from tui.screens.containers import ContainersScreen
from tui.screens.explain import ExplainScreen
from tui.screens.help import HelpScreen
from tui.screens.inspect import InspectScreen
from tui.screens.networks import NetworksScreen
from tui.screens.project import ProjectScreen
from tui.screens.reach import ReachScreen
from tui.screens.state import Topology
from tui.screens.topology import TopologyScreen

SIZE = (120, 40)


def names(app: DockernetApp) -> list[str]:
    snap = app.snapshot
    table = app.screen.table
    find = snap.network if isinstance(app.screen, NetworksScreen) else snap.container
    return [find(key).name for key in table.keys]


def current_name(app: DockernetApp) -> str:
    key = app.screen.table.current_key
    item = app.snapshot.network(key) or app.snapshot.container(key)
    return item.name


@pytest.fixture
def app() -> DockernetApp:
    return DockernetApp(demo_launch())


async def test_opens_on_networks_with_detail(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NetworksScreen)
        assert names(app) == sorted(n.name for n in app.snapshot.networks)
        assert current_name(app) == "appnet"
        assert app.screen.detail.heading == "network appnet"
        assert "Subnet  172.28.0.0/24" in app.screen.detail.plain
        assert app.focused is app.screen.table


async def test_vim_keys_move_and_detail_follows(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert current_name(app) == "backend"
        assert app.screen.detail.heading == "network backend"
        await pilot.press("G")
        assert current_name(app) == "ovl"
        await pilot.press("k")
        assert current_name(app) == "none"
        await pilot.press("g")
        assert current_name(app) == "appnet"


async def test_filter_narrows_and_escape_restores(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"mac")
        assert names(app) == ["macnet"]
        assert app.screen.detail.heading == "network macnet"
        await pilot.press("enter")
        assert app.focused is app.screen.table
        assert "filter 'mac'" in str(app.screen.query_one("#status").render())
        await pilot.press("escape")
        assert len(names(app)) == len(app.snapshot.networks)
        assert current_name(app) == "macnet"  # the cursor stays on the same key


async def test_sort_keeps_the_cursor_on_its_row(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j")
        assert current_name(app) == "ipvnet"
        await pilot.press("s")  # sort by driver
        assert app.screen.table.sort_by == ["driver"]
        assert names(app)[:3] == ["appnet", "backend", "bridge"]  # bridge driver first
        assert current_name(app) == "ipvnet"
        await pilot.press("S")
        assert names(app)[0] == "ovl"  # overlay sorts last, reversed it is first
        assert current_name(app) == "ipvnet"


async def test_containers_screen_groups_by_project(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert isinstance(app.screen, ContainersScreen)
        assert names(app)[:3] == ["api", "db", "web"]  # Compose project "shop" first
        await pilot.press("slash", *"sidecar", "enter")
        assert current_name(app) == "sidecar"
        assert "web's network namespace" in app.screen.detail.plain
        await pilot.press("escape", "slash", *"tomcat2", "enter")
        assert "tomcat2 sees tomcat1 as 'tomcat1'" in app.screen.detail.plain


async def test_inspect_shows_raw_json_and_goes_back(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"hosty", "enter", "i")
        await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
        screen = app.screen
        assert isinstance(screen, InspectScreen)
        assert f'"Id": "{app.snapshot.container("hosty").id}"' in screen.json_text
        assert '"legacy-db:10.99.0.5"' in screen.json_text
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, ContainersScreen)
        await pilot.press("1", "i")
        await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
        assert '"Name": "appnet"' in app.screen.json_text


async def test_explain_shows_the_item_and_every_topic(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"sidecar", "enter", "e")
        assert isinstance(app.screen, ExplainScreen)
        body = app.screen.query_one("#explain-body")
        assert body.heading == "container sidecar"
        assert "talk over lo" in body.plain
        await pilot.press("j")  # the first general topic: bridge
        assert "veth pair" in body.plain and "docker0" in body.plain
        await pilot.press("e")  # again from inside explain: replaced, not stacked
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, ContainersScreen)


async def test_help_lists_every_binding(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-body").plain
        for binding in DockernetApp.BINDINGS:
            assert binding.description in text
        for needle in ("/  Filter", "Command palette", "Focus net", "Reload", "s  Sort"):
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, NetworksScreen)


async def test_project_filter_applies_to_both_tables(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("down", "enter")
        assert app.project == "shop"
        assert sorted(names(app)) == ["appnet", "backend"]
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert names(app) == ["api", "db", "web"]
        await pilot.press("p", "up", "enter")
        assert app.project == ""
        assert len(names(app)) == len(app.snapshot.containers)


async def test_map_enter_opens_the_detail(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, TopologyScreen))
        chosen = app.screen.selected()
        assert chosen is not None
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, TopologyScreen))
        kind, object_id = chosen
        assert isinstance(app.screen, NetworksScreen if kind == "network" else ContainersScreen)
        assert app.screen.table.current_key == object_id
        await pilot.press("m")
        assert isinstance(app.screen, TopologyScreen)


async def test_live_update_keeps_cursor_on_its_key(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")
        assert current_name(app) == "host"
        snap = app.snapshot
        extra = Network(id="f" * 64, name="aaa-new", driver="bridge")
        changed = dataclasses.replace(snap, networks=(extra, *(n for n in snap.networks if n.name != "backend")))
        app.show_topology(Topology.of(changed))
        assert await until(pilot, lambda: "aaa-new" in names(app))
        assert "backend" not in names(app)
        assert current_name(app) == "host"
        assert names(app)[0] == "aaa-new"


async def test_reach_pair_and_one_container(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"tomcat2", "enter", "x", "escape")
        assert app.screen.reach_src == app.snapshot.container("tomcat2").id
        assert "reach from tomcat2" in str(app.screen.query_one("#status").render())
        await pilot.press("slash", *"tomcat1", "enter", "x")
        assert isinstance(app.screen, ReachScreen)
        body = app.screen.query_one("#reach-body")
        assert body.plain.splitlines()[0] == "tomcat2 -> tomcat1"
        assert "tomcat2 -> tomcat1: reachable, by name as tomcat1" in body.plain
        assert "tomcat1 -> tomcat2: reachable, by IP only, by no name" in body.plain  # links are one-way
        await pilot.press("x")
        assert body.plain.splitlines()[0] == "tomcat1 -> tomcat2"
        await pilot.press("escape")
        assert isinstance(app.screen, ContainersScreen) and app.screen.reach_src == ""
        await pilot.press("w")
        assert isinstance(app.screen, ReachScreen)
        text = app.screen.query_one("#reach-body").plain
        assert "tomcat1 reaches (" in text and "tomcat2 -> tomcat1: reachable" in text


async def test_screens_of_other_modes_get_the_new_snapshot_too(app) -> None:
    """A change that arrives while the Containers screen is shown is on Networks when the user returns."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        snap = app.snapshot
        extra = Network(id="e" * 64, name="aaa-while-away", driver="bridge")
        changed = dataclasses.replace(snap, networks=(extra, *snap.networks))
        app.show_topology(Topology.of(changed))
        assert await until(pilot, lambda: app.snapshot is changed)
        await pilot.press("1")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen))
        assert await until(pilot, lambda: "aaa-while-away" in names(app), seconds=3)
