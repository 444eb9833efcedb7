"""What a new user tripped on (issue 16), each driven with Pilot on the demo topology.

Each test failed on the code before its fix: claims that contradict `why`, forms that mislead,
keys that do nothing.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from textual.widgets import Checkbox, OptionList

from tests.pilot import until
from tests.test_action_panels import SIZE as PANEL_SIZE
from tests.test_action_panels import Harness, engine_error, field_error, fill, settle
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch
from tui.cli.main import main as cli_main
from tui.model.files import load_demo
from tui.model.snapshot import Link, Network, Snapshot
from tui.reach.text import verdict_lines
from tui.reach.verdict import verdict
from tui.screens.containers import ContainersScreen
from tui.screens.help import HelpScreen
from tui.screens.panels.connect import ConnectPanel
from tui.screens.panels.create_network import CreateNetworkPanel
from tui.screens.panels.disconnect import DisconnectPanel
from tui.screens.panels.remove_network import RemoveNetworkPanel
from tui.screens.project import ProjectScreen
from tui.screens.reach import ReachScreen
from tui.screens.state import Topology

SIZE = (120, 40)


@pytest.fixture(scope="module")
def demo() -> Snapshot:
    return load_demo()[1]


def with_network_link(snap: Snapshot) -> Snapshot:
    """web connected to appnet with `--link tomcat1:tc1` (tomcat1 is not on appnet) and `--link api:a1`."""
    web, appnet = snap.container("web"), snap.network("appnet")
    tomcat1, api = snap.container("tomcat1"), snap.container("api")
    links = (Link(web.id, tomcat1.id, "tc1", appnet.id), Link(web.id, api.id, "a1", appnet.id))
    return dataclasses.replace(snap, links=(*snap.links, *links))


# -- claims that contradict `why` ---------------------------------------------------------------


async def test_container_pane_says_what_why_says_about_a_link_alias() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        snap = with_network_link(app.snapshot)
        app.show_topology(Topology.of(snap))
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        await pilot.press("slash", *"web", "enter")
        assert await until(pilot, lambda: app.screen.detail.heading == "container web")
        text = app.screen.detail.plain
        assert "resolves 'tc1' to tomcat1" not in text
        assert "web cannot resolve 'tc1': tomcat1 is not on appnet" in text
        assert "web resolves 'a1' to api (172.28.0.10) via the embedded DNS on appnet (--link alias)" in text
    web = snap.container("web")
    assert "tc1" not in "\n".join(verdict_lines(verdict(snap, web, snap.container("tomcat1"))))
    assert "a1" in verdict(snap, web, snap.container("api")).names


async def test_connect_warns_that_a_link_target_is_not_on_the_network(demo) -> None:
    web, appnet = demo.container("web").id, demo.network("backend").id
    app = Harness(lambda: ConnectPanel(demo, container_id=web, network_id=appnet), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        note = app.screen.query_one("#link-note")
        assert not note.display
        await fill(pilot, "#links", "tomcat1:tc1, db:d")
        await pilot.pause()
        assert note.display
        assert str(note.render()) == "'tc1' will not resolve: tomcat1 is not on backend (connect it too)"


# -- panels that cannot succeed say so when they open --------------------------------------------


async def test_remove_an_engine_owned_network_says_so_at_once(demo) -> None:
    app = Harness(lambda: RemoveNetworkPanel(demo, network_id=demo.network("bridge").id), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.pause()
        assert field_error(app, "network") == "bridge is one of the engine's own networks and cannot be removed"


async def test_disconnect_on_an_empty_network_says_nothing_to_disconnect(demo) -> None:
    empty = Network(id="e" * 64, name="old-ci", driver="bridge")
    snap = dataclasses.replace(demo, networks=(*demo.networks, empty))
    app = Harness(lambda: DisconnectPanel(snap, network_id=empty.id), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.pause()
        assert field_error(app, "container") == f"nothing to disconnect: no container is connected to {empty.name}"


async def test_connect_a_host_mode_container_says_so_at_once(demo) -> None:
    app = Harness(lambda: ConnectPanel(demo, container_id=demo.container("hostc").id), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.pause()
        assert "--net=host" in field_error(app, "container")


async def test_user_defined_note_only_for_the_default_networks(demo) -> None:
    web = demo.container("db").id
    app = Harness(lambda: ConnectPanel(demo, container_id=web, network_id=demo.network("appnet").id), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#user-defined").display
    app = Harness(lambda: ConnectPanel(demo, container_id=web, network_id=demo.network("bridge").id), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#user-defined").display


# -- the create form ---------------------------------------------------------------------------


async def test_create_catches_a_gateway_on_the_broadcast_address(demo) -> None:
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.press(*"n99")
        await fill(pilot, "#pool0-subnet", "10.99.0.0/24")
        await fill(pilot, "#pool0-gateway", "10.99.0.255")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "broadcast address" in field_error(app, "pool0-gateway")
        assert app.requests == []


async def test_an_engine_error_goes_when_a_field_changes(demo) -> None:
    app = Harness(lambda: CreateNetworkPanel(demo), None)  # no engine: the harness refuses every request
    async with app.run_test(size=PANEL_SIZE) as pilot:
        await pilot.press(*"n99", "ctrl+s")
        await settle(pilot)
        assert engine_error(app) == "no engine in this harness"
        await pilot.press("x")
        await pilot.pause()
        assert engine_error(app) == ""
        assert not app.screen.query_one("#status").display


async def test_checkboxes_and_focus_read_without_colour(demo) -> None:
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=PANEL_SIZE) as pilot:
        box = app.screen.query_one("#internal", Checkbox)
        assert str(box.render()).startswith("[ ] internal")
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value and str(box.render()).startswith("[x] internal")
        assert "underline" in str(box.get_component_rich_style("toggle--label"))
        label = next(iter(box.parent.query(".field-label")))
        assert label.rich_style.underline and label.rich_style.bold
        name_label = next(iter(app.screen.query_one("#name").parent.query(".field-label")))
        assert not name_label.rich_style.underline


async def test_one_effective_gateway_in_the_table_the_panes_and_why() -> None:
    """backend (--internal) reports no gateway, nor do its endpoints here: every view gives
    172.28.1.1, marked derived."""
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        demo = app.snapshot
        backend = demo.network("backend").id
        eps = tuple(dataclasses.replace(e, gateway=None) if e.network_id == backend else e for e in demo.endpoints)
        app.show_topology(Topology.of(dataclasses.replace(demo, endpoints=eps)))
        await pilot.pause()
        await pilot.press("slash", *"backend", "enter")
        assert await until(pilot, lambda: app.screen.detail.heading == "network backend")
        row = app.screen.table.get_row(app.screen.table.current_key)
        assert "172.28.1.1 (derived)" in [str(cell) for cell in row]
        assert "Gateway  172.28.1.1 (derived" in app.screen.detail.plain
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        await pilot.press("slash", *"db", "enter")
        assert await until(pilot, lambda: app.screen.detail.heading == "container db")
        assert "gateway  172.28.1.1 (derived)" in app.screen.detail.plain
        snap = app.snapshot
    db = snap.container("db")
    assert "172.28.1.1 (gateway of backend, derived)" in verdict(snap, db, snap.container("web")).host_via


# -- keys that do nothing or say the wrong thing --------------------------------------------------


async def test_project_picker_moves_with_j_and_k_and_counts_in_words() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        snap = app.snapshot
        api = snap.container("api")
        solo = dataclasses.replace(api, id="a" * 64, name="solo", labels=(("com.docker.compose.project", "solo"),))
        app.show_topology(Topology.of(dataclasses.replace(snap, containers=(*snap.containers, solo))))
        await pilot.press("p")
        assert await until(pilot, lambda: isinstance(app.screen, ProjectScreen))
        options = app.screen.query_one(OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(t.endswith("solo   1 container, 0 networks") for t in texts)
        assert options.highlighted == 0
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("j", "k")
        assert options.highlighted == 1


async def test_who_reaches_offers_no_swap_and_opens_the_pair_on_enter() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        await pilot.press("slash", *"tomcat1", "enter", "w")
        assert await until(pilot, lambda: isinstance(app.screen, ReachScreen))
        offered = {a.binding.action for a in app.screen.active_bindings.values()}
        assert "swap" not in offered
        body = app.screen.query_one("#reach-body")
        assert "tomcat1 reaches (" in body.plain
        chosen = str(body.highlighted_option.prompt)  # the first pair line
        assert chosen.startswith("tomcat1 -> ")
        await pilot.press("j", "k", "enter")
        assert await until(pilot, lambda: len(app.screen_stack) == 3 and isinstance(app.screen, ReachScreen))
        pair = app.screen.query_one("#reach-body")
        assert pair.plain.splitlines()[0] == chosen.split(":")[0]
        assert "swap" in {a.binding.action for a in app.screen.active_bindings.values()}
        await pilot.press("escape")
        assert isinstance(app.screen.query_one("#reach-body"), OptionList)


async def test_help_lists_each_key_once_where_it_works_with_its_id() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        sections = {s.title: s.rows for s in app.screen.sections}
        assert [keys for keys, _ in sections["Containers only"]] == ["x", "w"]  # no "del x Remove" there
        assert ("del x", "Remove  (action.remove)") in sections["Networks only"]
        panel = [what for _, what in sections["In an action panel"]]
        assert len([w for w in panel if w.startswith("Copy command")]) == 1
        assert not any("Copy selected text" in what for _, what in sections["Topology map (3 or m)"])
        assert ("j ↓", "Cursor down  (table.down)") in sections["Networks (1) and containers (2)"]
        assert ("q", "Quit  (quit)") in sections["Everywhere"]


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "snapshot"])
def test_dash_output_means_stdout(command, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli_main(["--demo", command, "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("{") and (json.loads(out)["format"] if command == "snapshot" else json.loads(out)["nodes"])
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", [["export"], ["snapshot", "-o", "x.json"], ["why", "web", "api"]])
def test_config_is_read_by_the_subcommands(command, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    status = cli_main(["--config", "/nonexistent.toml", "--demo", *command])
    assert status == (2 if command[0] == "why" else 1)
    assert capsys.readouterr().err == "dockernet: config file /nonexistent.toml does not exist\n"
    assert not (tmp_path / "x.json").exists()


async def test_unknown_keymap_ids_are_named_once_at_start() -> None:
    app = DockernetApp(demo_launch(keymap={"table.dwon": "n", "table.down": "j,down", "acton.create": "N"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications if "[keymap]" in n.message]
        assert said == [
            "[keymap] in the config file: no binding has the id acton.create, table.dwon (? lists every binding's id)"
        ]
        await pilot.press("2", "1")
        assert len([n for n in app._notifications if "[keymap]" in n.message]) == 1
    clean_app = DockernetApp(demo_launch(keymap={"table.down": "j", "show_addresses": "4", "reach.who": "W"}))
    async with clean_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not [n for n in clean_app._notifications if "[keymap]" in n.message]
