"""The topology map layout beyond the demo: 50 containers on 10 networks, hostile names, empty engines."""

from __future__ import annotations

import itertools
import subprocess
import sys

from tests.test_maplayout import INSIDE_BOX_ROLES, JUNCTIONS, junction_x, text_at
from tui.model.graph import build_graph, container_node, network_node
from tui.model.snapshot import (
    COMPOSE_PROJECT,
    COMPOSE_SERVICE,
    Container,
    Endpoint,
    IPAMConfig,
    Link,
    Network,
    Snapshot,
)
from tui.topomap.layout import BOX_H, BOX_W, layout_map, node_kind_id
from tui.topomap.status import describe_node


def big_snapshot(networks: int = 10, containers: int = 50) -> Snapshot:
    """50 Compose containers on 10 networks: some on two or three (far apart), joiners, stopped, links."""
    nets = [
        Network(
            id=f"n{i:02d}" + "0" * 61,
            name=f"proj{i % 3}_net{i:02d}",
            driver="bridge",
            ipam=(IPAMConfig(subnet=f"10.{i}.0.0/24", gateway=f"10.{i}.0.1"),),
            labels=((COMPOSE_PROJECT, f"proj{i % 3}"),),
        )
        for i in range(networks)
    ]
    ctrs: list[Container] = []
    eps: list[Endpoint] = []
    for j in range(containers):
        home = j % networks
        mode = f"container:{ctrs[-1].id}" if j % 17 == 16 else "default"
        labels = ((COMPOSE_PROJECT, f"proj{home % 3}"), (COMPOSE_SERVICE, f"svc{j:02d}"))
        cid = f"c{j:02d}" + "f" * 61
        state = "exited" if j % 11 == 5 else "running"
        name = f"proj{home % 3}-service-number-{j:02d}-1"
        ctrs.append(Container(id=cid, name=name, image="app:1", state=state, network_mode=mode, labels=labels))
        if mode != "default":
            continue
        homes = [home] + ([(home + 1 + j % 4) % networks] if j % 5 == 0 else [])
        homes += [(home + 5) % networks] if j % 13 == 0 else []
        for h in dict.fromkeys(homes):
            eps.append(Endpoint(cid, nets[h].id, nets[h].name, ipv4=f"10.{h}.0.{j + 2}/24"))
    links = (Link(ctrs[21].id, ctrs[11].id, "db"), Link(ctrs[3].id, ctrs[40].id, "cache"))
    return Snapshot(networks=tuple(nets), containers=tuple(ctrs), endpoints=tuple(eps), links=links)


def test_fifty_containers_on_ten_networks_lay_out_without_overlaps() -> None:
    snap = big_snapshot()
    g = build_graph(snap)
    layout = layout_map(snap, g)
    assert layout.width <= 400 and layout.height <= 100, (layout.width, layout.height)
    boxes = {n: r for n, r in layout.regions.items() if n.startswith("container:")}
    assert len(boxes) == 50
    labels = [r for n, r in layout.regions.items() if n.startswith("network:")]
    assert len(labels) == 10
    for a, b in itertools.combinations([*boxes.values(), *labels], 2):
        assert not a.overlaps(b), (a, b)
    for node, box in boxes.items():  # nothing drew over a box; its name keeps the distinctive end
        assert box.width == BOX_W and box.height == BOX_H
        for y in range(box.y, box.bottom):
            assert {layout.roles[y][x] for x in range(box.x, box.right)} <= INSIDE_BOX_ROLES, node
        name = snap.container(node_kind_id(node)[1]).name
        shown = text_at(layout, box.x + 2, box.y + 1, BOX_W - 4)
        assert shown.startswith("service") and "…" in shown and shown.endswith(name[-5:]), (shown, name)
    for ep in snap.endpoints:  # every attachment has its junction and its address
        y = layout.regions[network_node(ep.network_id)].y
        x = junction_x(layout, container_node(ep.container_id))
        assert layout.chars[y][x] in JUNCTIONS
        assert text_at(layout, x + 1, y + 1, 15).strip() == ep.address
    for n in snap.networks:  # and no crossing looks like a junction
        y = layout.regions[network_node(n.id)].y
        assert sum(ch in JUNCTIONS for ch in layout.chars[y]) == len(snap.members_of(n.id))
    text = layout.text()
    assert "--link db" in text  # same band: an arrow between the boxes
    assert "▶ proj0-service-number-40-1 (--link cache)" in text  # elsewhere: an arrow naming the target


def test_an_empty_engine_draws_nothing_and_navigation_stays_put() -> None:
    snap = Snapshot()
    layout = layout_map(snap, build_graph(snap))
    assert layout.order == [] and layout.text().strip() == ""
    assert layout.neighbour(None, "down") is None and layout.hit(3, 3) is None


def test_untrusted_names_come_out_literally() -> None:
    evil_net = Network(id="e" * 64, name="evil[/]net\x1b[31m\n", driver="bridge", ipam=(IPAMConfig("10.9.0.0/24"),))
    evil = Container(id="f" * 64, name="[b]x[/b]\x07y", state="running", image="[bold]img:1")
    wide = Container(id="a" * 64, name="数据库数据库数据库-primary", state="running")
    eps = (
        Endpoint(evil.id, evil_net.id, evil_net.name, ipv4="10.9.0.2/24"),
        Endpoint(wide.id, evil_net.id, evil_net.name, ipv4="10.9.0.3/24"),
    )
    snap = Snapshot(networks=(evil_net,), containers=(evil, wide), endpoints=eps)
    g = build_graph(snap)
    layout = layout_map(snap, g)
    text = layout.text()
    assert "evil[/]net[31m" in text and "[b]x[/b]y" in text and "[bold]img:1" in text
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text.replace("\n", ""))
    box = layout.regions[container_node(wide.id)]
    assert layout.chars[box.y + 1][box.right - 1] == "│", "wide characters keep the border in its column"
    cells = layout.chars[box.y + 1][box.x + 2 : box.right - 2]
    assert "".join(cells).startswith("数据库") and "".join(cells).endswith("rimary") and "" in cells
    assert "\x1b" not in describe_node(snap, g, network_node(evil_net.id))


def test_containers_on_no_network_get_their_own_band() -> None:
    orphan = Container(id="b" * 64, name="orphan", state="running", network_mode="container:" + "9" * 64)
    layout = layout_map(Snapshot(containers=(orphan,)), build_graph(Snapshot(containers=(orphan,))))
    assert "no network" in layout.text()
    box = layout.regions[container_node(orphan.id)]
    assert "netns 9999999?" in text_at(layout, box.x, box.y + 2, BOX_W)


def test_the_layout_modules_stay_pure() -> None:
    """The map is computed without Textual or Rich, so it is testable (and usable) as plain text."""
    code = (
        "import sys, tui.topomap.layout, tui.topomap.status\n"
        "print([m for m in ('textual', 'rich', 'docker') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]", proc.stderr
