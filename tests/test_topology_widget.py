"""The topology map screen under Pilot: keys move the selection, Enter chooses, f/c reshape, updates keep state."""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import App
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tui.model.files import load_demo
from tui.model.graph import build_graph, container_node, network_node
from tui.model.snapshot import IPAMConfig, Network, Snapshot
from tui.presentation.datapath import DatapathBook
from tui.screens.state import Topology
from tui.screens.topology import TopologyScreen
from widgets.topology_map import TopologyMap

SIZE = (120, 40)


class MapApp(App[None]):
    """Just enough App for the screen: the reactives ExplorerScreen watches, and a NodeChosen sink."""

    banner: reactive[tuple[str, str]] = reactive(("", ""))
    project: reactive[str] = reactive("")
    topology: reactive[Topology] = reactive(Topology.empty, always_update=True)
    datapaths: reactive[DatapathBook] = reactive(DatapathBook)
    read_only = True
    access_label = "read-only"

    def __init__(self, snapshot: Snapshot | None = None) -> None:
        super().__init__()
        self.snap = snapshot or load_demo()[1]
        self.chosen: list[tuple[str, str]] = []
        self.set_reactive(MapApp.topology, Topology.of(self.snap))

    def on_mount(self) -> None:
        self.push_screen(TopologyScreen(self.snap, build_graph(self.snap)))

    @on(TopologyScreen.NodeChosen)
    def _chosen(self, message: TopologyScreen.NodeChosen) -> None:
        self.chosen.append((message.kind, message.object_id))


def demo() -> Snapshot:
    return load_demo()[1]


def ctr(snap: Snapshot, name: str) -> str:
    return container_node(snap.container(name).id)


def net(snap: Snapshot, name: str) -> str:
    return network_node(snap.network(name).id)


def the_map(app: App) -> TopologyMap:
    return app.screen.query_one("#map", TopologyMap)


def status(app: App) -> str:
    return str(app.screen.query_one("#selection", Static).render())


async def test_arrows_and_vim_keys_move_the_selection_across_nodes() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        assert m.has_focus and m.selected_node == net(snap, "appnet")
        assert status(app).startswith("network appnet")
        steps = [
            ("right", ctr(snap, "stopped")),
            ("l", ctr(snap, "web")),
            ("right", ctr(snap, "sidecar")),
            ("right", ctr(snap, "api")),
            ("down", net(snap, "backend")),
            ("right", ctr(snap, "db")),
            ("k", net(snap, "backend")),  # up from a box: the bus it hangs from
            ("j", net(snap, "ipvnet")),  # down from a network: the next network
            ("k", net(snap, "backend")),
            ("h", net(snap, "backend")),  # nothing left of the gutter
            ("up", net(snap, "appnet")),
            ("j", net(snap, "backend")),
        ]
        for key, expected in steps:
            await pilot.press(key)
            assert m.selected_node == expected, key
        await pilot.press("right")
        assert status(app).startswith("container db")
        assert "backend 172.28.1.2/24" in status(app)


async def test_enter_posts_node_chosen_with_the_container_id() -> None:
    snap = demo()
    seen: list[Message] = []
    app = MapApp(snap)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.press("right", "right", "enter")
        assert app.chosen == [("container", snap.container("web").id)]
        chosen = [m for m in seen if isinstance(m, TopologyMap.NodeChosen | TopologyScreen.NodeChosen)]
        unique = list({id(m): m for m in chosen}.values())  # the hook sees a message at every hop
        assert [type(m) for m in unique] == [TopologyMap.NodeChosen, TopologyScreen.NodeChosen]
        await pilot.press("left", "left", "enter")
        assert app.chosen[-1] == ("network", snap.network("appnet").id)


async def test_f_focuses_the_selected_network_and_again_shows_all() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        await pilot.press("f")
        assert m.options.focus == net(snap, "appnet")
        assert net(snap, "backend") not in m.layout_now.regions
        assert ctr(snap, "sidecar") in m.layout_now.regions
        assert "only network appnet" in status(app)
        await pilot.press("f")
        assert m.options.focus is None and net(snap, "backend") in m.layout_now.regions
        await pilot.press("down", "right", "f")  # on a container: its network
        assert m.options.focus == net(snap, "backend") and m.selected_node == ctr(snap, "db")


async def test_c_collapses_and_expands_the_selected_network() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        await pilot.press("c")
        assert m.options.collapsed == {net(snap, "appnet")}
        assert m.selected_node == net(snap, "appnet")
        assert ctr(snap, "web") not in m.layout_now.regions
        assert "3 containers" in m.layout_now.text()
        await pilot.press("c")
        assert not m.options.collapsed and ctr(snap, "web") in m.layout_now.regions
        await pilot.press("right", "right", "right", "c")  # on sidecar: folds web's network, selection goes there
        assert m.options.collapsed == {net(snap, "appnet")} and m.selected_node == net(snap, "appnet")


async def test_selection_survives_a_new_snapshot_by_node_id() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        await pilot.press("right", "right", "right", "right")
        assert m.selected_node == ctr(snap, "api")
        gone = snap.container("stopped").id
        smaller = dataclasses.replace(
            snap,
            containers=tuple(c for c in snap.containers if c.id != gone),
            endpoints=tuple(e for e in snap.endpoints if e.container_id != gone),
        )
        app.topology = Topology.of(smaller)
        await pilot.pause()
        assert m.snapshot is smaller
        assert ctr(snap, "stopped") not in m.layout_now.regions
        assert m.selected_node == ctr(snap, "api")
        await pilot.press("left", "left", "left")
        assert m.selected_node == net(snap, "appnet")  # stopped is no longer in the way
        api = snap.container("api").id
        without_api = dataclasses.replace(
            smaller,
            containers=tuple(c for c in smaller.containers if c.id != api),
            endpoints=tuple(e for e in smaller.endpoints if e.container_id != api),
        )
        await pilot.press("right", "right", "right")
        app.screen.update_snapshot(without_api, build_graph(without_api))
        await pilot.pause()
        assert m.selected_node == net(snap, "appnet")  # api is gone: back to the first node
        assert status(app).startswith("network appnet")


async def test_the_view_scrolls_to_keep_the_selection_visible() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        assert m.virtual_size.height > m.size.height
        await pilot.press("G")
        await pilot.pause()
        assert m.selected_node == ctr(snap, "nonec")
        box = m.layout_now.regions[ctr(snap, "nonec")]
        top = m.scroll_offset.y
        assert top > 0 and top <= box.y and box.bottom <= top + m.size.height
        await pilot.press("g")
        await pilot.pause()
        assert m.selected_node == net(snap, "appnet") and m.scroll_offset.y == 0


async def test_a_live_update_keeps_the_selection_where_it_was_on_screen() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        await pilot.press("G")
        await pilot.pause()
        node = ctr(snap, "nonec")
        on_screen = m.layout_now.regions[node].y - m.scroll_offset.y
        extra = Network(id="0" * 64, name="aaa-first", driver="bridge", ipam=(IPAMConfig("10.99.0.0/24"),))
        bigger = dataclasses.replace(snap, networks=(extra, *snap.networks))
        app.topology = Topology.of(bigger)
        await pilot.pause()
        assert m.layout_now.regions[network_node(extra.id)].y < m.layout_now.regions[net(snap, "appnet")].y
        assert m.selected_node == node
        assert m.layout_now.regions[node].y - m.scroll_offset.y == on_screen


async def test_a_click_selects_the_box_under_the_mouse() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        box = m.layout_now.regions[ctr(snap, "web")]
        await pilot.click(TopologyMap, offset=(box.x + 4, box.y + 1))
        assert m.selected_node == ctr(snap, "web")
        assert status(app).startswith("container web")


async def test_the_app_project_filters_the_map() -> None:
    snap = demo()
    app = MapApp(snap)
    async with app.run_test(size=SIZE) as pilot:
        m = the_map(app)
        app.project = "shop"
        await pilot.pause()
        assert m.options.project == "shop"
        assert ctr(snap, "tomcat1") not in m.layout_now.regions and ctr(snap, "db") in m.layout_now.regions
        await pilot.press("P")
        assert m.options.group_by_project
        assert "compose project shop" in m.layout_now.text()


async def test_an_empty_engine_shows_an_empty_map_and_keys_do_nothing() -> None:
    app = MapApp(Snapshot())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "enter", "f", "c", "G")
        m = the_map(app)
        assert m.selected_node is None and app.chosen == [] and m.options.focus is None
        assert status(app) == "nothing selected"


def test_snapshot_map_plain(snap_compare) -> None:
    assert snap_compare(MapApp(), terminal_size=SIZE)


def test_snapshot_map_focused_on_backend_with_db_selected(snap_compare) -> None:
    assert snap_compare(MapApp(), terminal_size=SIZE, press=["down", "right", "f"])
