"""The action panels inside dockernet's App against the real lab engine: the issue's "done when"
walk-through from the keyboard (create, connect twice, disconnect, remove), checked with the SDK
after every step, and read-only refusing to open any panel.

Other tests share the engine, so assertions are about this test's own objects, and waits are
bounded polls of `pilot.pause()` (the App answers from thread workers).
"""

from __future__ import annotations

import ipaddress

import docker.errors
from textual.widgets import Input

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, engine_launch
from tui.app.panels import ACTION_COMMANDS, ActionCommands
from tui.model.snapshot import Snapshot
from tui.screens.containers import ContainersScreen
from tui.screens.networks import NetworksScreen
from tui.screens.panels.base import ActionPanel
from tui.screens.panels.connect import ConnectPanel
from tui.screens.panels.create_network import CreateNetworkPanel
from tui.screens.panels.disconnect import DisconnectPanel
from tui.screens.panels.remove_network import RemoveNetworkPanel

SIZE = (140, 50)


async def fill(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)


def networks_of(client, container_id: str) -> dict:
    return client.api.inspect_container(container_id)["NetworkSettings"]["Networks"]


def preview(app) -> str:
    return app.screen.query_one("#preview").command


async def test_walk_through_from_the_keyboard(lab, engine_host, docker_client) -> None:
    a = lab.container("a")
    b = lab.container("b")
    name = lab.name("walk")
    subnet = lab.free_subnet()
    gateway, static_ip = (str(ipaddress.ip_network(subnet)[i]) for i in (1, 20))
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(
            pilot, lambda: app.reader is not None and isinstance(app.screen, NetworksScreen), seconds=15.0
        )

        # Create a bridge with a subnet and a gateway; the new network ends up selected.
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel), seconds=15.0)
        await pilot.press(*name)
        await fill(pilot, "#pool0-subnet", subnet)
        await fill(pilot, "#pool0-gateway", gateway)
        await fill(pilot, "#labels", f"dockernet.lab={lab.run_id}")
        assert preview(app).startswith(f"docker network create --driver bridge --subnet {subnet} --gateway {gateway}")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=15.0)
        net = docker_client.api.inspect_network(name)
        assert net["IPAM"]["Config"] == [{"Subnet": subnet, "Gateway": gateway}]
        assert await until(pilot, lambda: app.screen.table.current_key == net["Id"], seconds=15.0)

        # Connect two running containers: one with an alias, one with a static IP.
        await pilot.press("2")
        assert await until(
            pilot, lambda: isinstance(app.screen, ContainersScreen) and a.id in app.screen.table.keys, seconds=15.0
        )
        for container, field, value in ((a, "#aliases", "frontend"), (b, "#ipv4", static_ip)):
            assert app.screen.table.select_key(container.id)
            await pilot.press("c")
            assert await until(pilot, lambda: isinstance(app.screen, ConnectPanel), seconds=15.0)
            await pilot.press(*name)  # the network filter has focus
            await fill(pilot, field, value)
            assert preview(app).endswith(f"{name} {container.name}")
            await pilot.press("ctrl+s")
            assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen), seconds=15.0)
        assert "frontend" in networks_of(docker_client, a.id)[name]["Aliases"]
        assert networks_of(docker_client, b.id)[name]["IPAddress"] == static_ip

        # Disconnect one (the panel asks first and says what is lost).
        assert await until(pilot, lambda: len(app.snapshot.members_of(net["Id"])) == 2, seconds=15.0)
        assert app.screen.table.select_key(a.id)
        await pilot.press("d")
        assert await until(pilot, lambda: isinstance(app.screen, DisconnectPanel), seconds=15.0)
        await pilot.press(*name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.confirming
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen), seconds=15.0)
        assert name not in networks_of(docker_client, a.id)

        # Remove the network: b is still on it, so disconnect it first.
        await pilot.press("1")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=15.0)
        assert await until(pilot, lambda: len(app.snapshot.members_of(net["Id"])) == 1, seconds=15.0)
        assert app.screen.table.select_key(net["Id"])
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, RemoveNetworkPanel), seconds=15.0)
        await fill(pilot, "#disconnect-first", " ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert preview(app) == f"docker network disconnect {name} {b.name} && docker network rm {name}"
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=15.0)
        try:
            docker_client.api.inspect_network(net["Id"])
            raise AssertionError("the network is still there")
        except docker.errors.NotFound:
            pass
        assert await until(pilot, lambda: net["Id"] not in app.screen.table.keys, seconds=15.0)


async def test_an_engine_refusal_stays_in_the_panel(lab, engine_host, docker_client) -> None:
    existing = lab.network("taken", subnet=lab.free_subnet())
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.reader is not None, seconds=15.0)
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel), seconds=15.0)
        # The snapshot is older than the network: only the engine can refuse the name.
        app.screen.snapshot = Snapshot()
        await pilot.press(*existing.name, "ctrl+s")
        error = app.screen.query_one("#engine-error")
        assert await until(pilot, lambda: error.display, seconds=15.0)
        assert "already exists" in str(error.content)
        assert isinstance(app.screen, CreateNetworkPanel)


async def test_create_with_the_suggested_subnet(lab, engine_host, docker_client) -> None:
    name = lab.name("sugg")
    app = DockernetApp(engine_launch(host=engine_host))
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: app.reader is not None, seconds=15.0)
            await pilot.press("n")
            assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel), seconds=15.0)
            await pilot.press(*name)
            await pilot.pause()
            subnet = app.screen.query_one("#pool0-subnet", Input).value
            assert ipaddress.ip_network(subnet).prefixlen == 24
            assert preview(app) == f"docker network create --driver bridge --subnet {subnet} {name}"
            await pilot.press("ctrl+s")
            assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=15.0)
            net = docker_client.api.inspect_network(name)
            assert [c["Subnet"] for c in net["IPAM"]["Config"]] == [subnet]
    finally:  # no label: the lab's cleanup would not find it
        for found in docker_client.networks.list(names=[name]):
            if found.name == name:
                found.remove()


async def test_read_only_refuses_to_open_panels(engine_host) -> None:
    for launch in (engine_launch(host=engine_host, read_only=True), demo_launch()):
        app = DockernetApp(launch)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in ("n", "c", "d", "x", "P"):
                await pilot.press(key)
                await pilot.pause()
                assert not isinstance(app.screen, ActionPanel)
            assert any("read-only" in str(n.message) for n in app._notifications)


async def test_palette_lists_every_action() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = ActionCommands(app.screen)
        names = [str(hit.display) async for hit in provider.discover()]
        assert names == [name for name, _, _ in ACTION_COMMANDS]
        assert ActionCommands in app.COMMANDS
