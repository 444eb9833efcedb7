"""Snapshot tests: every screen on the embedded demo at 120x40 (`--snapshot-update` to accept changes).

The demo is fixed and nothing on screen shows a clock, so the SVGs are deterministic.
"""

from __future__ import annotations

import pytest

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, engine_launch

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param([], id="networks"),
        pytest.param(["2"], id="containers"),
        pytest.param(["2", "slash", *"sidecar", "enter"], id="containers-filtered"),
        pytest.param(["2", "slash", *"tomcat2", "enter", "tab"], id="containers-link-detail"),
        pytest.param(["3"], id="map"),
        pytest.param(["4"], id="addresses"),
        pytest.param(["i"], id="inspect"),
        pytest.param(["2", "slash", *"sidecar", "enter", "e"], id="explain"),
        pytest.param(["question_mark"], id="help"),
        pytest.param(["p"], id="project-picker"),
    ],
)
def test_screen(snap_compare, keys: list[str]) -> None:
    assert snap_compare(DockernetApp(demo_launch()), press=keys, terminal_size=SIZE, run_before=settle)


def test_no_engine_banner(snap_compare) -> None:
    async def wait_for_banner(pilot) -> None:
        assert await until(pilot, lambda: pilot.app.banner[1] == "error", seconds=5)
        await settle(pilot)

    app = DockernetApp(engine_launch(host="unix:///tmp/dockernet-no-such-dir/docker.sock"))
    assert snap_compare(app, terminal_size=SIZE, run_before=wait_for_banner)
