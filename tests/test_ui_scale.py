"""The UI at 1,000+ containers (issue 11): the shortcuts taken for speed keep every answer right.

Synthetic snapshots from `benchmarks/synth.py`. Nothing here is timed: each test checks what a
user sees after the fast path ran (tables updated by key, hidden screens catching up, the first-fit
map packing, the indexed snapshot lookups).
"""

from __future__ import annotations

import dataclasses

from benchmarks.synth import snapshot
from tests.pilot import until
from tui.app.dockernet import DockernetApp
from tui.app.launch import Launch
from tui.model.graph import build_graph
from tui.model.snapshot import Container, Snapshot
from tui.presentation import container_row, matches
from tui.screens.containers import ContainersScreen
from tui.screens.state import Topology
from tui.screens.topology import TopologyScreen
from tui.topomap.model import MapOptions
from tui.topomap.plan import plan_map
from tui.topomap.tracks import LARGE

SIZE = (160, 50)
SMALL = snapshot(1_000)


def shown(snap: Snapshot, text: str) -> set[str]:
    """The containers whose cells match the filter, computed afresh from the snapshot."""
    return {c.id for c in snap.containers if matches(container_row(c, snap), text)}


def app_on(snap: Snapshot) -> DockernetApp:
    return DockernetApp(Launch(snap, None, (), True))


def changed(snap: Snapshot) -> tuple[Snapshot, Container, Container, Container]:
    """The snapshot with one container added, one renamed and one removed (as an engine refresh brings)."""
    added = dataclasses.replace(snap.containers[1], id="f" * 64, name="zz-new-container", network_mode="none")
    renamed = dataclasses.replace(snap.containers[10], name=snap.containers[10].name + "-renamed")
    gone = snap.containers[20]
    containers = [renamed if c.id == renamed.id else c for c in snap.containers if c.id != gone.id]
    endpoints = tuple(e for e in snap.endpoints if e.container_id != gone.id)
    links = tuple(k for k in snap.links if gone.id not in (k.source_id, k.target_id))
    new = dataclasses.replace(snap, containers=(*containers, added), endpoints=endpoints, links=links)
    return new, added, renamed, gone


async def test_a_topology_change_updates_the_shown_table_by_key_and_keeps_the_cursor() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContainersScreen)
        mark = SMALL.containers[500].id
        assert screen.table.select_key(mark)
        row_before = screen.table.cursor_row
        new, added, renamed, gone = changed(SMALL)
        app.topology = Topology.of(new)
        assert await until(pilot, lambda: added.id in screen.table.keys)
        assert screen.table.current_key == mark
        assert screen.table.row_count == len(new.containers)
        assert gone.id not in screen.table.keys
        assert str(screen.table.get_row(renamed.id)[0]) == renamed.name
        assert abs(screen.table.cursor_row - row_before) <= 1  # one row removed or added above it, at most
        assert screen.detail.heading == f"container {SMALL.containers[500].name}"


async def test_a_hidden_table_catches_up_when_shown_again() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        containers = app.screen
        assert isinstance(containers, ContainersScreen)
        await app.switch_mode("networks")
        await pilot.pause()
        new, added, renamed, gone = changed(SMALL)
        app.topology = Topology.of(new)
        await pilot.pause()
        assert containers.stale  # not rebuilt while hidden
        assert added.id not in containers.table.keys
        await app.switch_mode("containers")
        assert await until(pilot, lambda: added.id in containers.table.keys)
        assert not containers.stale
        assert gone.id not in containers.table.keys
        assert str(containers.table.get_row(renamed.id)[0]) == renamed.name


async def test_selecting_on_a_hidden_table_sees_the_newest_rows() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        await app.switch_mode("networks")
        await pilot.pause()
        new, added, _, _ = changed(SMALL)
        app.topology = Topology.of(new)
        await pilot.pause()
        await app.show_item("container", added.id)
        await pilot.pause()
        assert app.screen.selected() == ("container", added.id)


async def test_filtering_a_thousand_rows_matches_the_cells_of_the_newest_snapshot() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContainersScreen)
        await pilot.press("slash", *"svc07")
        await pilot.pause()
        assert set(screen.table.keys) == shown(SMALL, "svc07")
        new, added, _, _ = changed(SMALL)
        added_on_filter = dataclasses.replace(added, name="zz-svc07-new")
        new = dataclasses.replace(new, containers=(*new.containers[:-1], added_on_filter))
        app.topology = Topology.of(new)
        assert await until(pilot, lambda: added.id in screen.table.keys)
        await pilot.press("backspace")  # "svc0": a wider match, from the same snapshot's cells
        await pilot.pause()
        assert set(screen.table.keys) == shown(new, "svc0")
        assert added.id in screen.table.keys


async def test_the_table_sorts_a_first_fill_as_a_resort_would() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("containers")
        await pilot.pause()
        table = app.screen.table
        first = table.keys
        table.sort_on("project")  # already the sort column: reversed, by DataTable.sort
        table.sort_on("project")  # and back
        assert table.keys == first


def test_first_fit_packing_of_a_large_map_never_overlaps() -> None:
    snap = snapshot(2_000, 60)
    plan = plan_map(snap, build_graph(snap), MapOptions())
    assert len(plan.units) > LARGE
    spans: dict[int, list[tuple[int, int]]] = {}
    for unit in plan.units:
        width = -(-(unit.width + 2) // 20)
        for i in range(width):
            lo, hi = (unit.top, unit.bottom) if i == 0 else (unit.top, unit.top)
            for a, b in spans.get(unit.track + i, []):
                assert hi < a or b < lo, f"unit {unit.boxes[0].name} overlaps on track {unit.track + i}"
            spans.setdefault(unit.track + i, []).append((lo, hi))


async def test_the_large_map_shows_and_selects_a_container() -> None:
    big = snapshot(2_000, 60)
    target = next(c for c in big.containers if c.running and c.network_mode not in ("host", "none", "default"))
    app = app_on(big)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("map")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TopologyScreen)
        assert screen.select("container", target.id)
        await pilot.pause()
        assert screen.topology_map.selected_node == f"container:{target.id}"
        region = screen.topology_map.layout_now.regions[f"container:{target.id}"]
        rows = screen.topology_map.layout_now.chars[region.y : region.y + region.height]
        service = target.name.split("-", 1)[1]  # the box leaves out the Compose project
        assert any(service in "".join(row[region.x : region.x + region.width]) for row in rows)
        assert target.name in str(screen.query_one("#selection").render())


def test_indexed_lookups_answer_as_the_scans_did() -> None:
    snap = SMALL
    first = snap.containers[0]
    assert snap.container(first.id) is first
    assert snap.container("/" + first.name) is first
    assert snap.container(first.id[:12]) is first  # a unique prefix
    assert snap.container("c0000") is None  # a prefix of several ids
    assert snap.container("no-such") is None and snap.container("") is None
    net = snap.networks[5]
    assert snap.network(net.name) is net and snap.network(net.id) is net
    assert snap.endpoints_of(first.id) == [e for e in snap.endpoints if e.container_id == first.id]
    assert snap.members_of(net.id) == [e for e in snap.endpoints if e.network_id == net.id]
    clash = dataclasses.replace(snap.containers[1], name=first.id)  # a name equal to another's id
    mixed = dataclasses.replace(snap, containers=(clash, *snap.containers[2:], first))
    assert mixed.container(first.id) is first  # an id never loses to another's name
    assert mixed.container(first.name, engine="elsewhere") is None


async def test_a_hidden_map_lays_out_the_newest_snapshot_when_shown() -> None:
    app = app_on(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("map")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TopologyScreen)
        await app.switch_mode("networks")
        await pilot.pause()
        new, added, _, gone = changed(SMALL)
        app.topology = Topology.of(new)
        await pilot.pause()
        assert screen.stale and screen.topology_map.snapshot is SMALL  # no layout while hidden
        await app.switch_mode("map")
        assert await until(pilot, lambda: screen.topology_map.snapshot is new)
        regions = screen.topology_map.layout_now.regions
        assert f"container:{added.id}" in regions and f"container:{gone.id}" not in regions
