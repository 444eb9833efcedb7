"""The reach screen answers "who reaches this container from outside": its one-container list
holds a line for the host and one for another machine, and Enter opens every way in, rule by rule.

On the demo (a recorded snapshot: no firewall facts) the answer is Docker's own rules, and says so;
on a snapshot recorded in the lab as root, the lines quote the engine's real DNAT and ACCEPT rules.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, snapshot_launch
from tui.model.parse import parse_snapshot
from tui.screens.containers import ContainersScreen
from tui.screens.ports import PortsScreen
from tui.screens.reach import PairList, ReachScreen
from tui.screens.state import Topology
from widgets.detail_panel import DetailPanel

SIZE = (140, 44)
RECORDED = Path(__file__).parent / "data" / "outside-lab.json"


async def _open_outside_line(app: DockernetApp, pilot, name: str, who: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("2")
    assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
    await pilot.press("slash", *name, "enter", "w")
    assert await until(pilot, lambda: isinstance(app.screen, ReachScreen))
    body = app.screen.query_one("#reach-body", PairList)
    lines = body.plain.splitlines()
    assert f"reach {name} from the host and from other machines" in lines
    index = next(i for i, line in enumerate(lines) if line.startswith(who))
    body.highlighted = index
    await pilot.press("enter")
    assert await until(pilot, lambda: len(app.screen_stack) == 3)
    return str(app.screen.query_one("#reach-body", DetailPanel).plain)


async def test_another_machine_reaches_web_through_its_published_port_on_the_demo() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        text = await _open_outside_line(app, pilot, "web", "another machine -> web")
        assert text.splitlines()[0] == "another machine -> web"
        assert "another machine -> web:80: reachable" in text
        assert "each host address:8080  yes: published as 8080->80/tcp" in text
        assert "the host's firewall was not read" in text
        offered = {a.binding.action for a in app.screen.active_bindings.values()}
        assert "swap" not in offered  # "outside" is no container to swap with
        await pilot.press("escape")
        assert isinstance(app.screen.query_one("#reach-body"), OptionList)


async def test_recorded_lab_snapshot_names_the_real_rules() -> None:
    app = DockernetApp(demo_launch())
    snap = parse_snapshot(json.loads(RECORDED.read_text()), "snapshot")
    async with app.run_test(size=SIZE) as pilot:
        app.show_topology(Topology.of(snap))
        assert await until(pilot, lambda: app.snapshot is snap)
        text = await _open_outside_line(app, pilot, "rec-web", "another machine -> rec-web")
        assert "10.250.0.1:19001  yes: rec-web answers on :::80" in text
        assert "--dport 19001 -j DNAT --to-destination 172.17.0.2:80" in text


async def _detail_of(pilot, screen: PortsScreen, host_port: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(from another machine, from the host): the two sections of the binding on HOST_PORT."""
    screen.table.select_key(next(k for k in screen.table.keys if screen.table.get_row(k)[0].plain == host_port))
    await pilot.pause()
    text = screen.detail.plain
    middle = text.index("From the host")
    return text[text.index("From another machine") : middle], text[middle:]


async def test_ports_screen_detail_says_who_reaches_the_binding_and_by_which_rules() -> None:
    app = DockernetApp(snapshot_launch(str(RECORDED)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, PortsScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        assert isinstance(screen, PortsScreen)
        outside, _ = await _detail_of(pilot, screen, "19001")
        assert "10.250.0.1:19001" in outside and "yes: rec-web answers on :::80" in outside
        assert "-j DNAT --to-destination 172.17.0.2:80" in outside
        outside, host = await _detail_of(pilot, screen, "19002")
        assert "no: 127.0.0.1 is the host's loopback: no other machine can send to it" in outside
        assert "127.0.0.1:19002" in host and "yes: rec-lo answers" in host
