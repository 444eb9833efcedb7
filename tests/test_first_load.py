"""The first load side by side (issue 11), on the real lab engine: the same snapshot as one request
at a time, an early snapshot that says its details are loading, races and refusals as before.

No timings here: the speed is measured, as ratios, by benchmarks/engine.py.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docker
import pytest

import tui.app.dockernet
import tui.engine.reader
from tests.pilot import until
from tests.sockproxy import UnixProxy
from tui.app.dockernet import DockernetApp
from tui.app.launch import engine_launch
from tui.app.live import EngineConnected
from tui.engine.connect import EngineTarget
from tui.engine.fanout import run_all
from tui.engine.reader import EngineReader
from tui.model.parse import Raw, parse_snapshot
from tui.model.snapshot import Snapshot
from tui.reach.text import headline, verdict_lines
from tui.reach.verdict import verdict

SIZE = (140, 45)


def build(lab) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Containers whose inspects matter: aliases, a --link, --add-host, --hostname, a joiner."""
    net = lab.network("fl", subnet=lab.free_subnet())
    db = lab.container("db", network=net.name, hostname="dbhost")
    lab.client.api.disconnect_container_from_network(db.id, net.id)
    lab.client.api.connect_container_to_network(db.id, net.id, aliases=["database", "primary"])
    app = lab.container("app", network=net.name, extra_hosts={"upstream": "10.9.8.7"})
    lab.client.api.disconnect_container_from_network(app.id, net.id)
    lab.client.api.connect_container_to_network(app.id, net.id, links={lab.name("db"): "olddb"})
    side = lab.container("side", network_mode=f"container:{lab.name('app')}")
    others = [lab.container(f"x{i}", network=net.name) for i in range(4)]
    return {"net": net.id, "db": db.id, "app": app.id, "side": side.id, **{f"x{i}": c.id for i, c in enumerate(others)}}


def mine(snap: Snapshot, ids: set[str], net: str) -> Snapshot:
    """Only this test's objects (other tests change the lab meanwhile), statuses aside ("Up 2 seconds")."""
    return dataclasses.replace(
        snap,
        taken_at=0.0,
        host=None,
        networks=tuple(n for n in snap.networks if n.id == net),
        containers=tuple(dataclasses.replace(c, status="") for c in snap.containers if c.id in ids),
        endpoints=tuple(e for e in snap.endpoints if e.container_id in ids),
        links=tuple(link for link in snap.links if link.source_id in ids),
    )


def test_side_by_side_reads_the_same_snapshot_as_one_at_a_time(lab, engine_host) -> None:
    made = build(lab)
    ids = {v for k, v in made.items() if k != "net"}
    serial = EngineReader(EngineTarget(engine_host))
    serial.width = 1
    wide = EngineReader(EngineTarget(engine_host))
    wide.width = 3  # several rounds of inspects for these 7 containers
    try:
        one, many = serial.snapshot(), wide.snapshot()
    finally:
        serial.close()
        wide.close()
    assert mine(one, ids, made["net"]) == mine(many, ids, made["net"])
    app = many.container(made["app"])
    assert app is not None and "upstream:10.9.8.7" in app.extra_hosts and app.started_at
    db = many.container(made["db"])
    assert db is not None and db.hostname == "dbhost"
    (ep,) = [e for e in many.endpoints_of(made["db"]) if e.network_id == made["net"]]
    assert {"database", "primary"} <= set(ep.aliases)
    assert any(link.source_id == made["app"] and link.alias == "olddb" for link in many.links)
    assert not many.pending


def test_early_snapshot_names_what_is_still_loading(lab, engine_host) -> None:
    made = build(lab)
    ids = {v for k, v in made.items() if k != "net"}
    reader = EngineReader(EngineTarget(engine_host))
    reader.width = 2
    early: list[Raw] = []
    try:
        final = parse_snapshot(reader.read_raw(early=early.append))
        assert len(early) == 1  # more inspects than one round: the lists' snapshot first
        first = parse_snapshot(early[0])
        # Nothing was cached: every container listed is pending, none in the full snapshot.
        assert ids <= set(first.pending) and set(first.pending) == {c.id for c in first.containers}
        assert not final.pending
        # What the lists carry is there already: names, modes, networks, addresses.
        for cid in ids:
            early_c, final_c = first.container(cid), final.container(cid)
            assert early_c is not None and final_c is not None
            assert (early_c.name, early_c.network_mode) == (final_c.name, final_c.network_mode)
            assert {(e.network_id, e.ipv4) for e in first.endpoints_of(cid)} == {
                (e.network_id, e.ipv4) for e in final.endpoints_of(cid)
            }
        # What only inspects tell is not claimed: no aliases, no --add-host yet.
        db_ep = [e for e in first.endpoints_of(made["db"]) if e.network_id == made["net"]]
        assert db_ep and "database" not in db_ep[0].aliases
        # A verdict on it says details are loading and offers no fix; the full one does not.
        x0, db = first.container(made["x0"]), first.container(made["db"])
        assert x0 is not None and db is not None
        early_v = verdict(first, x0, db)
        assert early_v.pending and not early_v.fixes and not early_v.fix_actions
        assert "details loading" in headline(early_v)
        assert any("details loading" in line for line in verdict_lines(early_v))
        x0f, dbf = final.container(made["x0"]), final.container(made["db"])
        assert x0f is not None and dbf is not None
        final_v = verdict(final, x0f, dbf)
        assert not final_v.pending and "database" in final_v.names
        # A steady refresh needs no inspect: no early snapshot, two requests.
        early.clear()
        before = reader.requests
        reader.read_raw(early=early.append, early_over=0)
        assert early == [] or all(c not in ids for c in parse_snapshot(early[0]).pending)
        assert reader.requests - before >= 2
    finally:
        reader.close()


def test_race_404_while_inspecting_side_by_side(lab, engine_host) -> None:
    keep = [lab.container(f"keep{i}") for i in range(5)]
    doomed = lab.container("doomed")

    class RacingClient(docker.APIClient):
        def inspect_container(self, container):  # type: ignore[no-untyped-def]  # the SDK's own signature
            if container == doomed.id:
                lab.client.api.remove_container(doomed.id, force=True)
            return super().inspect_container(container)

    client = RacingClient(base_url=engine_host, version="auto", max_pool_size=8)
    reader = EngineReader(EngineTarget(engine_host), client=client)
    reader.width = 4
    early: list[Raw] = []
    snap = parse_snapshot(reader.read_raw(early=early.append, early_over=0))
    assert snap.container(doomed.id) is None and not snap.pending
    assert all(snap.container(c.id) is not None for c in keep)
    assert doomed.id in parse_snapshot(early[0]).pending  # listed, then gone: dropped without an error
    client.close()


def test_refused_inspects_side_by_side(lab, engine_host, tmp_path: Path) -> None:
    made = [lab.container(f"r{i}") for i in range(5)]
    proxy = UnixProxy(engine_host.removeprefix("unix://"), str(tmp_path / "p.sock"))
    proxy.answer(r"^GET /v[\d.]+/containers/[0-9a-f]+/json", 403, {"message": "inspect is not allowed"})
    reader = EngineReader(EngineTarget(proxy.url))
    reader.width = 3
    try:
        early: list[Raw] = []
        raw = reader.read_raw(early=early.append, early_over=0)
        snap = parse_snapshot(raw)
        assert all(snap.container(c.id) is not None for c in made)  # shown from the list
        assert raw["inspects"] == {} and not snap.pending
        assert re.search(r"inspect is not allowed \(inspecting \d+ containers\)", reader.warning)
        early.clear()
        reader.read_raw(early=early.append, early_over=0)
        assert early == []  # refused last time: not "loading" at every refresh
    finally:
        reader.close()
        proxy.close()


def test_run_all_keeps_order_and_hands_back_errors() -> None:
    def boom() -> int:
        raise ValueError("no")

    calls = [lambda i=i: i * i for i in range(10)]
    calls.insert(3, boom)
    results = run_all(calls, 4)
    assert isinstance(results[3], ValueError)
    assert [r for r in results if not isinstance(r, Exception)] == [i * i for i in range(10)]
    assert run_all([], 4) == []


async def test_app_shows_the_lists_first_then_the_details(lab, engine_host, monkeypatch) -> None:
    made = build(lab)
    monkeypatch.setattr(tui.engine.reader, "width_for", lambda url: 2)  # every first load is "large"
    connected: list[EngineConnected] = []
    post = tui.app.dockernet.post_safely

    def spy(target, message) -> None:  # type: ignore[no-untyped-def]
        if isinstance(message, EngineConnected):
            connected.append(message)
        post(target, message)

    monkeypatch.setattr(tui.app.dockernet, "post_safely", spy)
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: bool(connected))
        assert connected[0].reading and made["app"] in connected[0].topology.snapshot.pending
        assert await until(pilot, lambda: app.snapshot.container(made["app"]) is not None and not app.snapshot.pending)
        session = next(iter(app.sessions.values()))
        assert await until(pilot, lambda: not session.refreshing)  # the connect read ended like a refresh
        app_c = app.snapshot.container(made["app"])
        assert app_c is not None and "upstream:10.9.8.7" in app_c.extra_hosts
        # Live as ever: a container started now shows, and ends with its details.
        late = lab.container("late", network=lab.client.networks.get(made["net"]).name, extra_hosts={"h": "10.1.1.1"})

        def late_in() -> bool:
            c = app.snapshot.container(late.id)
            return c is not None and c.extra_hosts == ("h:10.1.1.1",) and not app.snapshot.pending

        assert await until(pilot, late_in)


@pytest.mark.parametrize("count", [1, 3])
def test_loading_text_counts(count: int) -> None:
    from tui.reach.pending import loading_text

    text = loading_text(Snapshot(pending=tuple(str(i) for i in range(count))))
    assert text.startswith(f"details loading: dockernet is still reading {count} container")


def test_a_refresh_parses_again_only_what_changed() -> None:
    """Same summary and the same cached inspect object: the same (frozen) container; else parsed anew."""
    import copy

    from tui.model.files import load_demo

    raw, _ = load_demo()
    raw = {**raw, "engine": {**raw["engine"], "host": "unix:///memo-test.sock"}}
    first = parse_snapshot(raw)
    again = parse_snapshot({**raw, "containers": copy.deepcopy(raw["containers"])})
    assert again == first
    assert all(a is b for a, b in zip(again.containers, first.containers, strict=True))
    changed = copy.deepcopy(raw["containers"])
    changed[0]["Status"] = "Up 2 hours"
    third = parse_snapshot({**raw, "containers": changed})
    (moved,) = [c for c in third.containers if c.status == "Up 2 hours"]
    assert moved.id == changed[0]["Id"] and all(
        c is next(f for f in first.containers if f.id == c.id) for c in third.containers if c.id != moved.id
    )
    fresh = parse_snapshot({**raw, "inspects": copy.deepcopy(raw["inspects"])})  # new inspect objects
    assert fresh == first and not any(a is b for a, b in zip(fresh.containers, first.containers, strict=True))
