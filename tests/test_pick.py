"""The panels' container and network pickers: what each item says (pure, demo snapshot)."""

from __future__ import annotations

import dataclasses

from tui.model.files import load_demo
from tui.model.snapshot import Container, Network
from tui.presentation import network_mode
from tui.screens.panels.pick import container_items, network_items, subnet_hint


def test_a_sidecar_is_shown_with_its_owners_name_as_in_the_tables():
    _, snap = load_demo()
    sidecar, web = snap.container("sidecar"), snap.container("web")
    assert sidecar.network_mode == f"container:{web.id}"
    item = next(i for i in container_items(snap, set()) if i.value == sidecar.id)
    assert item.note == "running, container:web"
    assert network_mode(sidecar, snap) == "container:web"  # the containers table's cell: the same words
    assert all(web.id not in i.note for i in container_items(snap, set()))


def test_a_sidecar_whose_owner_is_gone_shows_the_short_id():
    _, snap = load_demo()
    gone = dataclasses.replace(snap.container("sidecar"), network_mode="container:" + "ab" * 32)
    snap = dataclasses.replace(snap, containers=(gone,))
    (item,) = container_items(snap, set())
    assert item.note == "running, container:" + "ab" * 6


def test_hostile_names_in_items_and_hints_are_plain_lines():
    _, demo = load_demo()
    net = Network("e" * 64, "acc-nl\nx\x1b[2J", "bridge")
    owner = Container("c" * 64, "own\x1b]0;t\x07er", state="running")
    side = Container("d" * 64, "side", state="running", network_mode="container:" + "c" * 64)
    snap = dataclasses.replace(demo, networks=(net,), containers=(owner, side), endpoints=())
    assert [i.note for i in container_items(snap, set())] == ["running", "running, container:own]0;ter"]
    assert [i.label for i in network_items(snap, set())] == [net.name]  # the Picker cleans labels as it shows them
    hint = subnet_hint(snap, net.id)
    assert hint == "acc-nl x[2J has no subnet configured"
