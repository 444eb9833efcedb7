"""Pilot tests of the address-space screen on the embedded demo (no engine needed)."""

from __future__ import annotations

import pytest

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch
from tui.screens.addresses import AddressesScreen
from tui.screens.inspect import InspectScreen

SIZE = (120, 40)


@pytest.fixture
def app() -> DockernetApp:
    return DockernetApp(demo_launch())


async def test_key_4_shows_every_subnet_sorted_by_address(app: DockernetApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert await until(pilot, lambda: isinstance(app.screen, AddressesScreen) and app.screen.table.row_count > 0)
        table = app.screen.table
        subnets = [table.get_row(key)[0].plain for key in table.keys]
        assert subnets == [
            "10.240.0.0/24",
            "172.17.0.0/16",
            "172.28.0.0/24",
            "172.28.1.0/24",
            "172.28.2.0/24",
            "192.168.0.0/24",
            "192.168.1.0/24",
        ]
        backend = next(k for k in table.keys if "172.28.1.0/24" in k)
        assert table.get_row(backend)[3].plain == "172.28.1.1"  # its endpoints report it
        ipvnet = next(k for k in table.keys if "192.168.1.0/24" in k)
        assert table.get_row(ipvnet)[3].plain == "192.168.1.1 (derived)"  # no IPAM gateway, no endpoint
        table.select_key(backend)
        await pilot.pause()
        assert app.screen.detail.heading == "subnet 172.28.1.0/24"
        text = app.screen.detail.plain
        assert "Default address pools" in text and "the host's routes cannot be read" in text
        assert "172.16.0.0/24" in text  # the free subnet
        await pilot.press("i")  # the row still means its network: inspect opens on it
        assert await until(pilot, lambda: isinstance(app.screen, InspectScreen))


async def test_address_space_is_in_the_palette(app: DockernetApp) -> None:
    from tui.app.commands import EXPLORER_ACTIONS

    assert any(action == "show('addresses')" for _, action, _ in EXPLORER_ACTIONS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Address space")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, AddressesScreen))
