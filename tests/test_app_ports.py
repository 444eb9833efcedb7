"""The ports screen and `dockernet ports` on a snapshot recorded from the lab engine (no engine needed).

tests/data/ports.json is `scripts/make-demo --with-ports -o tests/data/ports.json`: the demo's seed
plus `build_port_scenarios` (admin on 127.0.0.1:9090 and on appnet's gateway 172.28.0.1:9100,
cache exposing 6379 unpublished, web-next failing to start because web holds 8080).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, snapshot_launch
from tui.cli.main import main
from tui.screens.inspect import InspectScreen
from tui.screens.ports import PortsScreen

SIZE = (120, 40)
PORTS = str(Path(__file__).parent / "data" / "ports.json")


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.fixture
def app() -> DockernetApp:
    return DockernetApp(snapshot_launch(PORTS))


async def test_key_5_lists_every_binding_then_wishes_and_exposed_ports(app: DockernetApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, PortsScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        assert isinstance(screen, PortsScreen)
        rows = [[c.plain for c in screen.table.get_row(k)] for k in screen.table.keys]
        assert [(r[0], r[1], r[3], r[4], r[6]) for r in rows] == [
            ("8080", "0.0.0.0", "web", "80", "all IPv4"),
            ("8080", "::", "web", "80", "all IPv6"),
            ("8080", "*", "web-next", "80", "all IPv4+IPv6"),
            ("9090", "127.0.0.1", "admin", "9090", "loopback"),
            ("9100", "172.28.0.1", "admin", "9100", "one address"),
            ("-", "-", "cache", "6379", "not published"),
        ]
        assert rows[2][7] == "not running, web holds it" and rows[0][7] == "wanted by web-next"
        # The wish of the failed container: its detail carries the engine's own error.
        screen.table.select_key(screen.table.keys[2])
        await pilot.pause()
        assert screen.detail.heading == "*:8080/tcp → web-next:80"
        text = screen.detail.plain
        assert "Nobody now: the container is not running" in text
        assert "Bind for 0.0.0.0:8080 failed: port is already allocated" in text
        screen.table.select_key(screen.table.keys[3])
        await pilot.pause()
        assert "Bound to the host's loopback (127.0.0.1) only" in screen.detail.plain
        # The row still means its container: inspect opens on admin.
        assert screen.selected() == ("container", app.snapshot.container("admin").id)  # type: ignore[union-attr]
        await pilot.press("i")
        assert await until(pilot, lambda: isinstance(app.screen, InspectScreen))


async def test_ports_are_in_the_palette_and_the_demo_shows_web() -> None:
    from tui.app.commands import EXPLORER_ACTIONS

    assert any(action == "show('ports')" for _, action, _ in EXPLORER_ACTIONS)
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Ports")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PortsScreen) and app.screen.table.row_count == 2)


def test_ports_screen_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ["5", "down", "down"]  # the failed container's wish and its conflict
    assert snap_compare(DockernetApp(snapshot_launch(PORTS)), press=keys, terminal_size=SIZE, run_before=settle)


def test_cli_ports_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ports", "--json", "--snapshot", PORTS]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["container"], p["host_ip"], p["host_port"], p["exposure"]) for p in data["ports"]] == [
        ("web", "0.0.0.0", 8080, "all"),
        ("web", "::", 8080, "all"),
        ("admin", "127.0.0.1", 9090, "loopback"),
        ("admin", "172.28.0.1", 9100, "address"),
    ]
    assert {"container", "engine", "host_ip", "host_port", "container_port", "proto", "network", "exposure"} <= set(
        data["ports"][0]
    )
    assert data["ports"][0]["network"] == "appnet"
    assert [(e["container"], e["container_port"]) for e in data["exposed"]] == [("cache", 6379)]
    assert [(w["container"], w["host_ip"], w["host_port"]) for w in data["wanted"]] == [("web-next", "", 8080)]
    (conflict,) = data["conflicts"]
    assert (conflict["kind"], conflict["container"], conflict["holder"]) == ("taken", "web-next", "web")
    assert conflict["error"].endswith("Bind for 0.0.0.0:8080 failed: port is already allocated")
    assert main(["ports", "--snapshot", PORTS]) == 0
    out = capsys.readouterr().out
    assert "127.0.0.1:9090" in out and "engine said: driver failed programming external connectivity" in out


async def test_hostile_names_read_literally() -> None:
    import dataclasses

    from tui.app.launch import Launch
    from tui.model.files import load_demo

    _, demo = load_demo()
    evil = "[@click=app.quit]ev[/]il\x1b[31m"
    snap = dataclasses.replace(
        demo, containers=tuple(dataclasses.replace(c, name=evil) if c.name == "web" else c for c in demo.containers)
    )
    app = DockernetApp(Launch(snapshot=snap, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, PortsScreen) and app.screen.table.row_count == 2)
        screen = app.screen
        assert isinstance(screen, PortsScreen)
        cells = [c.plain for c in screen.table.get_row(screen.table.keys[0])]
        assert cells[3] == "[@click=app.quit]ev[/]il[31m"  # the escape character is gone, the brackets stay text
        await pilot.pause()
        assert "[@click=app.quit]ev[/]il[31m" in screen.detail.heading
        assert app.is_running


async def test_a_routing_mesh_row_means_a_task_container_of_its_service() -> None:
    from tui.app.launch import Launch
    from tui.model.merge import merge_snapshots
    from tui.model.parse import parse_snapshot

    data = json.loads((Path(__file__).parent / "data" / "swarm.json").read_text())
    snap = merge_snapshots([(p["label"], parse_snapshot(p["raw"], source="snapshot")) for p in data["engines"]])
    app = DockernetApp(Launch(snapshot=snap, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, PortsScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        assert isinstance(screen, PortsScreen)
        rows = [[c.plain for c in screen.table.get_row(k)] for k in screen.table.keys]
        web = data["roles"]["web"]
        service = snap.swarm.service(web)  # type: ignore[union-attr]
        assert service is not None
        mesh = [r for r in rows if r[1] == "mesh"]
        assert [(r[3], r[6]) for r in mesh] == [(f"{service.name} @e1 (service)", "routing mesh")]
        await pilot.pause()
        assert "every node of the swarm" in screen.detail.plain
        chosen = screen.selected()
        tasks = {t.container_id for t in snap.swarm.tasks_of(service.id)}  # type: ignore[union-attr]
        assert chosen is not None and chosen[0] == "container" and chosen[1] in tasks
