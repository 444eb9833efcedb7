"""The App against the real lab engine: topology changes made with the SDK appear without a keypress.

Other tests may change the engine at the same time, so every assertion is about this test's own
objects, and every wait is a bounded poll of `pilot.pause()` (the app follows the event stream).
"""

from __future__ import annotations

from tests.pilot import until
from tests.sockproxy import UnixProxy
from tui.app.dockernet import DockernetApp
from tui.app.launch import engine_launch
from tui.screens.containers import ContainersScreen
from tui.screens.inspect import InspectScreen
from tui.screens.networks import NetworksScreen

SIZE = (140, 45)


async def connected(pilot, app: DockernetApp) -> bool:
    """The first snapshot is on screen and the event watcher has reported its connection."""

    def ready() -> bool:
        bridge = app.snapshot.network("bridge") if app.snapshot.source == "engine" else None
        shown = bridge is not None and bridge.id in getattr(app.screen, "table", None).keys
        return shown and app.reader is not None and app.watcher is not None and app.banner[0] == ""

    return await until(pilot, ready)


def cell(app: DockernetApp, key: str, column: str) -> str:
    return str(app.screen.table.get_cell(key, column))


async def test_live_changes_show_without_a_keypress(lab, engine_host) -> None:
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await connected(pilot, app)
        assert isinstance(app.screen, NetworksScreen)
        bridge = app.snapshot.network("bridge")
        assert app.screen.table.select_key(bridge.id)
        await pilot.pause()

        net = lab.network("live", subnet=lab.free_subnet())
        assert await until(pilot, lambda: net.id in app.screen.table.keys)
        assert cell(app, net.id, "members") == "0"
        assert app.screen.table.current_key == bridge.id  # the cursor did not move

        await pilot.press("i")  # raw inspect, fetched from the engine by a worker
        assert await until(pilot, lambda: isinstance(app.screen, InspectScreen) and bool(app.screen.json_text))
        assert f'"Id": "{bridge.id}"' in app.screen.json_text
        await pilot.press("escape")

        first = lab.container("first", network=lab.name("live"))
        assert await until(pilot, lambda: cell(app, net.id, "members") == "1")
        other = lab.container("other")
        lab.client.api.connect_container_to_network(other.id, net.id, aliases=["late-alias"])
        assert await until(pilot, lambda: cell(app, net.id, "members") == "2")
        assert app.screen.table.current_key == bridge.id

        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert await until(pilot, lambda: first.id in app.screen.table.keys)
        assert app.screen.table.select_key(other.id)
        await pilot.pause()
        assert await until(pilot, lambda: "late-alias" in app.screen.detail.plain)
        assert f"{lab.name('live')}=" in cell(app, other.id, "addresses")
        first.kill()
        assert await until(pilot, lambda: cell(app, first.id, "state") == "exited")
        assert app.screen.table.current_key == other.id
        first.remove(force=True)
        assert await until(pilot, lambda: first.id not in app.screen.table.keys)
        assert app.screen.table.current_key == other.id


async def test_engine_lost_keeps_the_last_state_and_reconnects(lab, engine_host, tmp_path) -> None:
    proxy = UnixProxy(engine_host.removeprefix("unix://"), str(tmp_path / "proxy.sock"))
    app = DockernetApp(engine_launch(host=proxy.url))
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await connected(pilot, app)
            rows = list(app.screen.table.keys)
            proxy.cut()
            assert await until(pilot, lambda: app.banner[1] == "error")
            assert "lost the engine" in app.banner[0] and "reconnects by itself" in app.banner[0]
            assert app.screen.query_one("#banner").message == app.banner[0]
            assert list(app.screen.table.keys) == rows  # the last known state stays on screen
            net = lab.network("whileaway", subnet=lab.free_subnet())  # made while dockernet is cut off
            proxy.resume()
            assert await until(pilot, lambda: app.banner[0] == "", seconds=20)
            assert await until(pilot, lambda: net.id in app.screen.table.keys)
    finally:
        proxy.close()


async def test_retry_leaves_the_demo_once_the_engine_answers(engine_host, tmp_path) -> None:
    proxy = UnixProxy(engine_host.removeprefix("unix://"), str(tmp_path / "proxy.sock"))
    proxy.cut()
    app = DockernetApp(engine_launch(host=proxy.url))
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: app.banner[1] == "error")
            assert app.snapshot.source == "demo" and "press R" in app.banner[0]
            proxy.resume()
            await pilot.press("R")
            assert await connected(pilot, app)
            assert app.snapshot.source == "engine" and not app.read_only
            assert app.snapshot.network("bridge").id in app.screen.table.keys
    finally:
        proxy.close()
