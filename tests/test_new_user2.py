"""What a new user tripped on (issue 16), the items left after tests/test_new_user.py.

Each test failed on the code before its fix.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.pilot import until
from tests.test_maplayout_scale import big_snapshot
from tests.test_topology_widget import MapApp, the_map
from tui.app.dockernet import DockernetApp
from tui.app.launch import Launch, demo_launch
from tui.app.readonly import read_only_reason
from tui.cli.run import build_launch, read_only_why
from tui.model.addressing import BRIDGE, DEFAULT, ENDPOINT, IPAM, effective_gateway, gateway_source
from tui.model.files import load_demo
from tui.model.hostfacts import HostFacts
from tui.model.hostroutes import HostAddress
from tui.model.snapshot import Endpoint, IPAMConfig, Network, Snapshot
from tui.presentation.details import network_sections
from tui.presentation.recorded import recorded_status
from tui.presentation.tables import IMAGE_WIDTH, image_cell
from tui.screens.containers import ContainersScreen
from tui.screens.state import Topology
from tui.topomap.layout import node_kind_id
from widgets.keyed_table import KeyedTable

SIZE = (120, 40)

# -- effective gateway: what the endpoints report beats a derived default ------------------------


def test_gateway_reported_by_endpoints_beats_the_derived_ones() -> None:
    """A non-default IPAM driver gave the containers 10.1.0.254: that is the gateway, not .1."""
    net = Network(id="n" * 64, name="ipamnet", driver="bridge", ipam_driver="other", ipam=(IPAMConfig("10.1.0.0/24"),))
    eps = tuple(Endpoint(f"c{i}", net.id, net.name, ipv4=f"10.1.0.{i + 2}/24", gateway="10.1.0.254") for i in range(2))
    other = Endpoint("c9", "x" * 64, "other", ipv4="10.1.0.3/24", gateway="10.1.0.77")
    host = HostFacts(addresses=(HostAddress(f"br-{net.id[:12]}", "10.1.0.200/24"),))
    snap = Snapshot(networks=(net,), endpoints=(*eps, other), host=host)
    assert effective_gateway(net, snap) == ("10.1.0.254", False)
    assert gateway_source(net, net.ipam[0], snap) == ("10.1.0.254", ENDPOINT)
    # the IPAM config still wins; then the bridge's address, then the subnet's first address
    named = Network(id=net.id, name="n", driver="bridge", ipam=(IPAMConfig("10.1.0.0/24", "10.1.0.9"),))
    assert gateway_source(named, named.ipam[0], snap) == ("10.1.0.9", IPAM)
    no_eps = Snapshot(networks=(net,), endpoints=(other,), host=host)
    assert effective_gateway(net, no_eps) == ("10.1.0.200", True)
    assert gateway_source(net, net.ipam[0], no_eps)[1] == BRIDGE
    assert gateway_source(net, net.ipam[0], Snapshot(networks=(net,))) == ("10.1.0.1", DEFAULT)
    # an endpoint's gateway outside the pool (another family, a stale value) is not the pool's
    stray = Endpoint("c5", net.id, net.name, ipv4="10.1.0.5/24", gateway="192.168.9.1")
    assert effective_gateway(net, Snapshot(networks=(net,), endpoints=(stray,))) == ("10.1.0.1", True)
    # the network pane says where each gateway came from
    text = "\n".join(f"{k} {v}" for s in network_sections(net, snap) for k, v in s.rows)
    assert "10.1.0.254 (reported by its endpoints)" in text
    text = "\n".join(f"{k} {v}" for s in network_sections(net, no_eps) for k, v in s.rows)
    assert "10.1.0.200 (derived: the host bridge's address)" in text


# -- read-only: one toast at a time, saying why ----------------------------------------------------


def _toasts(app: DockernetApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_read_only_toast_once_per_burst_and_says_why() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "n", "c", "n")
        assert await until(pilot, lambda: len(_toasts(app)) >= 1)
        await pilot.pause(0.3)
        toasts = _toasts(app)
        assert len(toasts) == 1, toasts
        assert "read-only: this is the demo (--demo)" in toasts[0]


def test_read_only_reason_names_the_flag_the_config_the_snapshot_or_serve(tmp_path: Path) -> None:
    demo = load_demo()[1]
    live = Snapshot(source="engine")
    assert read_only_reason(Launch(live), live) == ""
    assert read_only_reason(Launch(live, read_only=True, read_only_why=read_only_why(True, "", False)), live) == (
        "--read-only was given"
    )
    config = tmp_path / "dockernet.toml"
    why = read_only_why(False, str(config), False)
    assert read_only_reason(Launch(live, read_only=True, read_only_why=why), live) == f"read_only = true in {config}"
    assert "dockernet serve" in read_only_why(True, "", True)
    assert read_only_reason(Launch(demo, read_only=True), demo) == "this is the demo (--demo)"
    saved = dataclasses.replace(demo, source="snapshot")
    assert read_only_reason(Launch(saved, read_only=True), saved) == "this is a saved snapshot (--snapshot)"
    config.write_text("read_only = true\n")
    args = argparse.Namespace(config=str(config), host=["unix:///nonexistent.sock"], context=None)
    assert build_launch(args).read_only_why == f"read_only = true in {config}"


# -- the sort column is marked in the header -------------------------------------------------------


async def test_sort_column_is_marked_in_the_header() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(KeyedTable)

        def labels() -> list[str]:
            return [c.label.plain.rstrip() for c in table.ordered_columns]

        first, second = labels()[0], labels()[1]
        assert first.endswith(" ▲") and not second.endswith(("▲", "▼"))
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        await pilot.press("s")
        assert await until(pilot, lambda: labels()[1].endswith(" ▲"))
        assert not labels()[0].endswith(("▲", "▼"))
        await pilot.press("S")
        assert await until(pilot, lambda: labels()[1].endswith(" ▼"))
        assert [c.get_render_width(table) for c in table.ordered_columns] == widths  # no column jumps
        assert labels()[1] in table.render_line(0).text  # drawn, not only set


# -- the Image column keeps the repository -----------------------------------------------------------


async def test_image_column_shows_the_whole_reference() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=(160, 40)) as pilot:
        demo = app.snapshot
        web = demo.container("web")
        images = {web.id: "acc/busybox:1", demo.container("db").id: "registry.example:5000/team/db@sha256:" + "ab" * 32}
        containers = tuple(dataclasses.replace(c, image=images.get(c.id, c.image)) for c in demo.containers)
        app.show_topology(Topology.of(dataclasses.replace(demo, containers=containers)))
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        table = app.screen.query_one(KeyedTable)
        assert await until(pilot, lambda: web.id in table.keys)
        assert str(table.get_row(web.id)[-1]) == "acc/busybox:1"
        assert str(table.get_row(demo.container("db").id)[-1]) == "registry.example:5000/team/db@sha256:abababababab"


def test_image_cell_keeps_repository_and_tag_of_a_long_reference() -> None:
    long = "registry.example.com:5000/" + "x" * 80 + "/app:1.2.3"
    cell = image_cell(long)
    assert len(cell) == IMAGE_WIDTH and cell.startswith("registry.example.com") and cell.endswith("/app:1.2.3")


# -- the networks filter matches members' names -----------------------------------------------------


async def test_networks_filter_matches_member_container_names() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        snap = app.snapshot
        table = app.screen.query_one(KeyedTable)
        assert await until(pilot, lambda: table.row_count == len(snap.networks))
        await pilot.press("slash", *"tomcat1", "enter")
        on_it = {e.network_id for e in snap.endpoints_of(snap.container("tomcat1").id)}
        assert on_it and await until(pilot, lambda: set(table.keys) == on_it)
        names = {snap.network(k).name for k in table.keys}
        assert "tomcat1" not in " ".join(names)  # matched by a member, not by its own cells


# -- the status line fits with a filter and read-only -----------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
async def test_status_line_fits_with_a_filter_and_read_only(width: int) -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("slash", *"backend", "enter")
        status = app.screen.query_one("#status", Static)

        def text() -> str:
            return str(status.render())

        assert await until(pilot, lambda: "filter 'backend'" in text())
        assert "read-only" in text() and "demo topology" in text()
        assert len(text()) <= width - 2, text()
        assert status.render_line(0).text.rstrip().endswith("read-only")  # drawn whole, not cut


async def test_status_line_fits_again_after_a_resize() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.press("slash", *"backend", "enter")
        status = app.screen.query_one("#status", Static)
        assert await until(pilot, lambda: "Docker 20" in str(status.render()))
        await pilot.resize_terminal(80, 30)
        assert await until(pilot, lambda: str(status.render()).endswith("read-only"))
        assert len(str(status.render())) <= 78


# -- the demo's recorded status says when it was recorded ---------------------------------------------


async def test_demo_status_is_said_as_of_the_recording() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        await pilot.press("slash", *"api", "enter")
        assert await until(pilot, lambda: app.screen.detail.heading == "container api")
        text = app.screen.detail.plain
        assert "(Up 3 seconds)" not in text
        assert "running (Up 3 seconds when recorded, 2026-11-29 06:36 UTC)" in text


def test_recorded_status_only_for_snapshots() -> None:
    demo = load_demo()[1]
    assert recorded_status("Up 3 seconds", demo) == "Up 3 seconds when recorded, 2026-11-29 06:36 UTC"
    assert recorded_status("Up 3 seconds", dataclasses.replace(demo, taken_at=0.0)) == "Up 3 seconds when recorded"
    live = dataclasses.replace(demo, source="engine")
    assert recorded_status("Up 3 seconds", live) == "Up 3 seconds"


# -- the map at twenty networks keeps its label column ----------------------------------------------


async def test_map_of_twenty_networks_keeps_the_labels_in_view() -> None:
    snap = big_snapshot(networks=20, containers=60)
    app = MapApp(snap)
    async with app.run_test(size=(160, 50)) as pilot:
        the = the_map(app)
        assert await until(pilot, lambda: the.layout_now.width > 160)  # wider than the terminal
        regions = the.layout_now.regions
        assert the.select(max(regions, key=lambda node: regions[node].right))  # the box farthest right
        assert await until(pilot, lambda: the.scroll_x > 0)
        await pilot.pause()
        home = the.layout_now.home[the.selected_node or ""]  # the bus the box hangs from
        name = snap.network(node_kind_id(home)[1]).name
        row = the.layout_now.regions[home].y
        line = the.render_line(row - int(the.scroll_y)).text
        assert line[1:].startswith(name), line  # the label did not scroll away
        last = the.layout_now.regions[the.selected_node or ""]
        shown = last.x - int(the.scroll_x)
        assert shown >= the.fixed_width and shown + last.width <= the.size.width  # the box is beside the labels
        await pilot.click(the, offset=(3, row - int(the.scroll_y)))  # a click on a label selects its network
        assert await until(pilot, lambda: the.selected_node == home)
