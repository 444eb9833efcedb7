"""The topology map layout as plain text: buses, boxes, junction addresses, links, namespaces, options."""

from __future__ import annotations

import pytest

from tui.model.files import load_demo
from tui.model.graph import build_graph, container_node, network_node
from tui.model.snapshot import Snapshot
from tui.topomap.layout import BOX_W, MapLayout, MapOptions, layout_map, node_kind_id
from tui.topomap.status import describe_node, describe_view

JUNCTIONS = set("┯┿┷╤╪╧┬┼┴")
INSIDE_BOX_ROLES = {"box", "stopped", "name", "meta", "warn", "muted", "line", "link", "netns"}


@pytest.fixture(scope="module")
def demo() -> tuple[Snapshot, object]:
    _, snap = load_demo()
    return snap, build_graph(snap)


def net(snap: Snapshot, name: str) -> str:
    found = snap.network(name)
    assert found is not None, name
    return network_node(found.id)


def ctr(snap: Snapshot, name: str) -> str:
    found = snap.container(name)
    assert found is not None, name
    return container_node(found.id)


def line(layout: MapLayout, y: int) -> str:
    return "".join(layout.chars[y])


def text_at(layout: MapLayout, x: int, y: int, n: int) -> str:
    return "".join(layout.chars[y][x : x + n])


def junction_x(layout: MapLayout, box_node: str) -> int:
    return layout.regions[box_node].x + 2


def test_every_network_is_a_bus_labelled_with_name_driver_and_subnet(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    for n in snap.networks:
        label = layout.regions[network_node(n.id)]
        rows = [line(layout, label.y + i)[: label.right] for i in range(label.height)]
        assert rows[0].strip() == n.name
        assert rows[1].split()[0] == n.driver
        for subnet in n.subnets:
            assert any(r.strip() == subnet for r in rows), (n.name, rows)
        bus = line(layout, label.y)[label.right :]
        assert set(bus.strip()) & set("━═┄"), (n.name, bus)


def test_builtin_networks_come_last_unless_asked_first(demo) -> None:
    snap, g = demo
    names = [snap.network(node_kind_id(n)[1]).name for n in layout_map(snap, g).order if n.startswith("network:")]
    assert names[-3:] == ["bridge", "host", "none"]
    assert names[:-3] == sorted(names[:-3])
    first = layout_map(snap, g, MapOptions(builtin_first=True)).order
    names = [snap.network(node_kind_id(n)[1]).name for n in first if n.startswith("network:")]
    assert names[:3] == ["bridge", "host", "none"]


def test_multi_homed_api_has_a_junction_and_its_address_on_both_buses(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    api = snap.container("api")
    x = junction_x(layout, ctr(snap, "api"))
    rows = {}
    for ep in snap.endpoints_of(api.id):
        y = layout.regions[net(snap, ep.network_name)].y
        rows[ep.network_name] = y
        assert layout.chars[y][x] in JUNCTIONS, ep.network_name
        assert text_at(layout, x + 1, y + 1, 15).strip() == ep.address
    assert set(rows) == {"appnet", "backend"}
    top, bottom = sorted(rows.values())
    box = layout.regions[ctr(snap, "api")]
    for y in range(top + 1, bottom):  # one unbroken line from bus to box to bus
        assert box.y <= y < box.bottom or layout.chars[y][x] == "│", y
    assert layout.chars[box.y][x] == "┴" and layout.chars[box.bottom - 1][x] == "┬"


def test_bus_junctions_match_attached_members(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    for n in snap.networks:
        y = layout.regions[network_node(n.id)].y
        junctions = sum(ch in JUNCTIONS for ch in layout.chars[y])
        assert junctions == len(snap.members_of(n.id)), n.name


def test_sidecar_sits_beside_web_with_the_namespace_connector(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    web, sidecar = layout.regions[ctr(snap, "web")], layout.regions[ctr(snap, "sidecar")]
    assert sidecar.y == web.y and sidecar.x == web.right + 2
    assert text_at(layout, web.right, web.y + 1, 2) == "◀━"
    assert "netns" in text_at(layout, sidecar.x, sidecar.y, BOX_W)
    assert layout.chars[sidecar.y - 1][sidecar.x + 2] == " "  # no line of its own: it has no interface
    assert "shares the network namespace of web" in describe_node(snap, g, ctr(snap, "sidecar"))
    assert layout.home[ctr(snap, "sidecar")] == layout.home[ctr(snap, "web")] == net(snap, "appnet")


def test_legacy_link_is_an_arrow_from_tomcat2_to_tomcat1_with_the_alias(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    t1, t2 = layout.regions[ctr(snap, "tomcat1")], layout.regions[ctr(snap, "tomcat2")]
    bottom = t1.bottom - 1
    assert t2.bottom - 1 == bottom
    head = [x for x in range(t1.x, t1.right) if layout.chars[bottom][x] == "▲"]
    tail = [x for x in range(t2.x, t2.right) if layout.chars[bottom][x] == "┬"]
    assert len(head) == 1 and len(tail) == 1, "arrowhead on the target only, the tail on the source"
    lane = line(layout, bottom + 1)
    assert "--link tomcat1" in lane
    assert lane[head[0]] in "└┘" and lane[tail[0]] in "└┘"
    assert "▲" not in text_at(layout, t2.x, bottom, BOX_W), "one-way: nothing points at tomcat2"


def test_host_and_none_say_what_they_are(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    host_y, none_y = layout.regions[net(snap, "host")].y, layout.regions[net(snap, "none")].y
    assert "host network stack (no isolation, no NAT)" in line(layout, host_y)
    assert "loopback only" in line(layout, none_y)
    assert "═" in line(layout, host_y) and "┄" in line(layout, none_y)
    hostc, nonec = junction_x(layout, ctr(snap, "hostc")), junction_x(layout, ctr(snap, "nonec"))
    assert text_at(layout, hostc + 1, host_y + 1, 8) == "host IPs"
    assert text_at(layout, nonec + 1, none_y + 1, 7) == "lo only"


def test_stopped_containers_are_marked(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    for name, state in (("stopped", "exited"), ("ipvc", "created")):
        box = layout.regions[ctr(snap, name)]
        assert text_at(layout, box.x, box.y + 2, BOX_W).strip("╎ ") == f"■ {state}"
        assert layout.chars[box.y][box.x + 5] == "╌"  # dashed border
        assert layout.roles[box.y + 2][box.x + 2] == "warn"
    web = layout.regions[ctr(snap, "web")]
    assert "■" not in text_at(layout, web.x, web.y + 2, BOX_W)


def test_focus_shows_one_bus_and_its_containers(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g, MapOptions(focus=net(snap, "appnet")))
    shown = {node_kind_id(n)[1] for n in layout.order}
    names = {(snap.network(i) or snap.container(i)).name for i in shown}
    assert names == {"appnet", "web", "sidecar", "api", "stopped"}
    assert "backend" not in layout.text()
    x = junction_x(layout, ctr(snap, "api"))
    assert layout.chars[layout.regions[ctr(snap, "api")].bottom - 1][x] == "─"  # no line down any more


def test_collapsed_network_is_one_line_with_its_count(demo) -> None:
    snap, g = demo
    appnet = net(snap, "appnet")
    layout = layout_map(snap, g, MapOptions(collapsed=frozenset({appnet})))
    row = line(layout, layout.regions[appnet].y)
    assert "3 containers" in row and "172.28.0.0/24" in row
    assert ctr(snap, "web") not in layout.regions and ctr(snap, "sidecar") not in layout.regions
    assert ctr(snap, "stopped") not in layout.regions
    api = layout.regions[ctr(snap, "api")]  # still drawn on its other network
    assert layout.chars[layout.regions[net(snap, "backend")].y][api.x + 2] == "┯"
    assert layout.regions[appnet].height == 1
    assert layout.regions[net(snap, "backend")].y == layout.regions[appnet].y + 2


def test_project_filter_and_grouping(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g, MapOptions(project="shop"))
    names = {(snap.network(node_kind_id(n)[1]) or snap.container(node_kind_id(n)[1])).name for n in layout.order}
    assert names == {"appnet", "backend", "web", "sidecar", "api", "db"}
    grouped = layout_map(snap, g, MapOptions(group_by_project=True))
    text = grouped.text().splitlines()
    shop = next(i for i, t in enumerate(text) if "compose project shop" in t)
    other = next(i for i, t in enumerate(text) if "not in a compose project" in t)
    assert shop < grouped.regions[net(snap, "appnet")].y < grouped.regions[net(snap, "backend")].y < other
    assert "project shop" in describe_view(snap, MapOptions(project="shop"))


def test_selected_node_cells_get_selected_roles(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    web = ctr(snap, "web")
    box = layout.regions[web]
    row = layout.row(box.y + 1, selected=web)
    assert {c.role for c in row[box.x : box.right]} <= {f"{r}-selected" for r in INSIDE_BOX_ROLES}
    assert row[box.x + 2].role == "name-selected" and row[box.x + 2].char == "w"
    assert not any(c.role.endswith("-selected") for c in row[: box.x] + row[box.right :])
    appnet = net(snap, "appnet")
    bus_row = layout.row(layout.regions[appnet].y, selected=appnet)
    assert {"bus-selected", "label-selected"} <= {c.role for c in bus_row}


def test_keyboard_neighbours_follow_the_drawing(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    go = layout.neighbour
    assert layout.order[0] == net(snap, "appnet")
    assert go(net(snap, "appnet"), "down") == net(snap, "backend")
    assert go(net(snap, "appnet"), "right") == ctr(snap, "stopped")
    assert go(ctr(snap, "stopped"), "right") == ctr(snap, "web")
    assert go(ctr(snap, "web"), "right") == ctr(snap, "sidecar")
    assert go(ctr(snap, "sidecar"), "right") == ctr(snap, "api")
    assert go(ctr(snap, "api"), "right") is None
    assert go(ctr(snap, "api"), "up") == net(snap, "appnet")  # the bus it hangs from
    assert go(ctr(snap, "api"), "down") == net(snap, "backend")  # the bus its line reaches
    assert go(ctr(snap, "db"), "left") == net(snap, "backend")
    assert go(ctr(snap, "tomcat1"), "right") == ctr(snap, "tomcat2")


def test_hit_map_finds_boxes_and_buses(demo) -> None:
    snap, g = demo
    layout = layout_map(snap, g)
    web = layout.regions[ctr(snap, "web")]
    assert layout.hit(web.x + 3, web.y + 1) == ctr(snap, "web")
    appnet = layout.regions[net(snap, "appnet")]
    assert layout.hit(1, appnet.y) == net(snap, "appnet")
    assert layout.hit(web.x + 2, appnet.y) == net(snap, "appnet")  # on the bus line
    assert layout.hit(0, 0) is None


def test_describe_node_says_what_is_selected(demo) -> None:
    snap, g = demo
    api = describe_node(snap, g, ctr(snap, "api"))
    for ep in snap.endpoints_of(snap.container("api").id):
        assert f"{ep.network_name} {ep.ipv4}" in api
    assert "compose shop/api" in api
    assert "--link tomcat1 → tomcat1" in describe_node(snap, g, ctr(snap, "tomcat2"))
    assert "namespace shared by sidecar" in describe_node(snap, g, ctr(snap, "web"))
    appnet = describe_node(snap, g, net(snap, "appnet"))
    assert appnet.startswith("network appnet") and "3 containers" in appnet
    assert "no isolation" in describe_node(snap, g, net(snap, "host"))
    assert describe_node(snap, g, None) == "nothing selected"
