"""The datapath in the TUI: detail rows from a fabricated datapath, the demo, then the real lab engine."""

from __future__ import annotations

from pathlib import Path

from tests.pilot import until
from tests.sockproxy import UnixProxy
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, engine_launch
from tui.app.live import DatapathArrived
from tui.engine.datapath import Datapath, Wire
from tui.model.graph import build_graph
from tui.model.snapshot import Container, Endpoint, Network, Snapshot
from tui.presentation import DatapathBook, Found, container_sections, datapath_request
from tui.reach.verdict import verdict
from tui.screens.containers import ContainersScreen
from tui.screens.messages import DatapathWanted
from tui.screens.reach import ReachScreen, pair_sections

SIZE = (140, 45)
TITLE = "Datapath (host side)"


def _snapshot() -> Snapshot:
    nets = (
        Network("n1" * 32, "appnet", "bridge"),
        Network("n2" * 32, "macnet", "macvlan"),
        Network("n3" * 32, "host", "host"),
    )
    web = Container("w" * 64, "web", state="running", network_mode="appnet")
    db = Container("d" * 64, "db", state="running", network_mode="appnet")
    side = Container("s" * 64, "side", state="running", network_mode=f"container:{'w' * 64}")
    hosty = Container("h" * 64, "hosty", state="running", network_mode="host")
    gone = Container("g" * 64, "gone", state="exited", network_mode="appnet")
    endpoints = (
        Endpoint(web.id, nets[0].id, "appnet", "172.28.0.2/24", mac="02:42:ac:1c:00:02", endpoint_id="e1"),
        Endpoint(web.id, nets[1].id, "macnet", "192.168.7.2/24", mac="02:42:c0:a8:07:02", endpoint_id="e2"),
        Endpoint(db.id, nets[0].id, "appnet", "172.28.0.3/24", mac="02:42:ac:1c:00:03", endpoint_id="e3"),
        Endpoint(hosty.id, nets[2].id, "host", endpoint_id="e4"),
    )
    return Snapshot(networks=nets, containers=(web, db, side, hosty, gone), endpoints=endpoints, source="engine")


WEB = Datapath(
    4242,
    (
        Wire("eth0", "02:42:ac:1c:00:02", "appnet", "veth1a2b3c", "br-5f2e00000000"),
        Wire(
            "eth1",
            "02:42:c0:a8:07:02",
            "macnet",
            note="macvlan child of the host's dnlab0 (no veth: the host cannot reach it)",
        ),
    ),
)
DB = Datapath(4343, (Wire("eth0", "02:42:ac:1c:00:03", "appnet", "veth9f8e7d", "br-5f2e00000000"),))


def datapath_rows(container: Container, snap: Snapshot, found: Found | None) -> list[str]:
    sections = container_sections(container, snap, build_graph(snap), found)
    (section,) = [s for s in sections if s.title == TITLE]
    return [value for _, value in section.rows]


def test_detail_shows_each_interface_and_its_veth() -> None:
    snap = _snapshot()
    web = snap.container("web")
    rows = datapath_rows(web, snap, Found(WEB.wires, WEB.problem))
    assert rows[0] == "eth0 (appnet) 172.28.0.2  =  veth1a2b3c @ br-5f2e00000000"
    assert rows[1].startswith("(a veth pair: one end is eth0 inside the container's network namespace")
    assert "veth1a2b3c, is plugged into the Linux bridge br-5f2e00000000 on the host" in rows[1]
    assert (
        rows[2]
        == "eth1 (macnet) 192.168.7.2  =  macvlan child of the host's dnlab0 (no veth: the host cannot reach it)"
    )
    assert len(rows) == 3  # the veth explanation comes once

    # --network container:web shows web's interfaces, read once for web's namespace
    assert datapath_request(snap, snap.container("side"))[0] == web.id
    side = datapath_rows(snap.container("side"), snap, Found(WEB.wires))
    assert side[0] == "shares web's network namespace: these are web's interfaces"
    assert side[1].endswith("=  veth1a2b3c @ br-5f2e00000000")


def test_detail_says_why_there_is_none() -> None:
    snap = _snapshot()
    web = snap.container("web")
    assert datapath_rows(web, snap, None) == ["reading…"]
    remote = Found(
        problem="the engine at tcp://10.0.0.9:2376 is not a local socket: its veth pairs live on that machine"
    )
    assert datapath_rows(web, snap, remote) == [f"cannot be shown: {remote.problem}"]
    assert "uses the host's interfaces directly" in datapath_rows(snap.container("hosty"), snap, None)[0]
    assert "not running" in datapath_rows(snap.container("gone"), snap, None)[0]
    assert datapath_request(snap, snap.container("hosty")) is None
    assert datapath_request(snap, snap.container("gone")) is None
    demo = Snapshot(snap.engine, snap.networks, snap.containers, snap.endpoints, source="demo")
    assert datapath_request(demo, web) is None
    assert datapath_rows(web, demo, None)[0].startswith("needs a live local engine")


def test_book_asks_once_per_key_and_forgets_stale_answers() -> None:
    snap = _snapshot()
    owner, key = datapath_request(snap, snap.container("web"))
    book = DatapathBook()
    assert book.wanted([(owner, key)]) == ((owner, key),)
    assert book.wanted([(owner, key)]) == ()  # asked already: not again on every redraw
    book.store(owner, key, Found(WEB.wires))
    assert book.get(owner, key).wires == WEB.wires
    restarted = (key[0], (("n1" * 32, "e9", "02:42:ac:1c:00:02"),))  # a restart gives new endpoint ids
    assert book.get(owner, restarted) is None
    assert book.wanted([(owner, restarted)]) == ((owner, restarted),)
    book.store(owner, restarted, Found(problem="cannot inspect web: the engine did not answer", retry=True))
    assert book.get(owner, restarted).problem
    book.forget_passing()  # a new snapshot: the engine may answer now, so ask again
    assert book.get(owner, restarted) is None and book.wanted([(owner, restarted)]) == ((owner, restarted),)
    book.store(owner, key, Found(problem="no rights to look into process 42's network namespace: run as root"))
    book.forget_passing()
    assert book.get(owner, key).problem.startswith("no rights")  # that one stays until the container changes


def test_reach_pair_shows_the_path_through_the_bridge() -> None:
    snap = _snapshot()
    web, db = snap.container("web"), snap.container("db")
    founds = {web.id: Found(WEB.wires), db.id: Found(DB.wires)}
    _, sections = pair_sections(snap, web.id, db.id, founds)
    (section,) = [s for s in sections if s.title == TITLE]
    assert ("appnet", "web eth0 -> veth1a2b3c -> br-5f2e00000000 -> veth9f8e7d -> eth0 db") in section.rows
    _, waiting = pair_sections(snap, web.id, db.id, {web.id: Found(WEB.wires)})
    assert ("db", "reading…") in next(s for s in waiting if s.title == TITLE).rows
    assert verdict(snap, web, db).ip_reachable


async def test_demo_says_it_needs_a_live_local_engine() -> None:
    app = DockernetApp(demo_launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert app.screen.select("container", app.snapshot.container("api").id)
        await pilot.pause()
        text = app.screen.detail.plain
        assert f"{TITLE}\n  needs a live local engine: this topology comes from the built-in demo" in text
        assert "reading…" not in text


async def test_app_answers_each_request_once_without_a_live_engine() -> None:
    """One answer per request, recorded in the App's book that every screen watches; asking again
    for what is answered or already asked sends nothing."""
    arrived: list[DatapathArrived] = []
    app = DockernetApp(demo_launch())

    def hook(message: object) -> None:
        if isinstance(message, DatapathArrived):
            arrived.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        request = ("c" * 64, ("running", ()))
        for _ in range(3):
            app.screen.post_message(DatapathWanted((request,)))
        assert await until(pilot, lambda: app.datapaths.get(*request) is not None)
        for _ in range(5):
            await pilot.pause()
        found = app.datapaths.get(*request)
        assert found is not None and found.problem.startswith("needs a live local engine")
        assert arrived == []  # no worker ran: the demo has nothing to read, answered at once


def _wire_line(app: DockernetApp, network: str) -> str:
    """The datapath line for `network` in the shown detail ('' while it is not there)."""
    lines = app.screen.detail.plain.split("\n")
    if TITLE not in lines:
        return ""
    for line in lines[lines.index(TITLE) + 1 :]:
        if f"({network}) " in line and "  =  " in line:
            return line
    return ""


async def test_live_detail_names_the_real_veth_and_bridge(lab, engine_host) -> None:
    net = lab.network("dpview", subnet=lab.free_subnet())
    web = lab.container("dpweb", network=lab.name("dpview"))
    peer = lab.container("dppeer", network=lab.name("dpview"))
    third = lab.container("dpthird", network=lab.name("dpview"))
    fourth = lab.container("dpfourth", network=lab.name("dpview"))
    bridge = f"br-{net.id[:12]}"
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.reader is not None and app.snapshot.container(web.id) is not None)
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen) and web.id in app.screen.table.keys)
        assert app.screen.select("container", web.id)
        # the detail must be web's before its datapath line counts (the first row's may still show)
        shows_web = f"container {lab.name('dpweb')}\n"
        assert await until(
            pilot, lambda: app.screen.detail.plain.startswith(shows_web) and _wire_line(app, lab.name("dpview"))
        )
        line = _wire_line(app, lab.name("dpview"))
        assert line.endswith(f"@ {bridge}"), line
        veth = line.split("  =  ")[1].split(" @ ")[0].strip()
        assert veth.startswith("veth")
        assert Path(f"/sys/class/net/{veth}/master").resolve().name == bridge  # the kernel agrees
        assert "(a veth pair: one end is eth0 inside the container's network namespace" in app.screen.detail.plain

        # the reach screen (x on web, x on peer) shows the path through the bridge, host side included
        await pilot.press("x")
        assert app.screen.select("container", peer.id)
        await pilot.press("x")
        assert await until(pilot, lambda: isinstance(app.screen, ReachScreen) and app.screen.is_mounted)
        chain = f"{lab.name('dpweb')} eth0 -> {veth} -> {bridge} -> veth"
        assert await until(pilot, lambda: chain in app.screen.query_one("#reach-body").plain)

        # quick moves: a newer request cancels the running read, yet every container gets its own answer
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))

        def shows_wire(container) -> bool:
            heading = app.screen.detail.heading == f"container {container.name}"
            return heading and bool(_wire_line(app, lab.name("dpview")))

        assert app.screen.select("container", third.id) and app.screen.select("container", fourth.id)
        assert await until(pilot, lambda: shows_wire(fourth))
        seen = {veth}
        for container in (third, fourth, peer):
            assert app.screen.select("container", container.id)
            assert await until(pilot, lambda: shows_wire(container))  # noqa: B023 (awaited at once)
            other = _wire_line(app, lab.name("dpview")).split("  =  ")[1].split(" @ ")[0].strip()
            assert Path(f"/sys/class/net/{other}/master").resolve().name == bridge
            seen.add(other)
        assert len(seen) == 4  # four containers, four veth pairs


async def test_live_datapath_asks_again_once_the_engine_is_back(lab, engine_host, tmp_path) -> None:
    lab.network("dpback", subnet=lab.free_subnet())
    web = lab.container("dpback", network=lab.name("dpback"))
    proxy = UnixProxy(engine_host.removeprefix("unix://"), str(tmp_path / "proxy.sock"))
    app = DockernetApp(engine_launch(host=proxy.url))
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: app.reader is not None and app.snapshot.container(web.id) is not None)
            proxy.cut()  # the inspect for the PID now fails: the detail says so
            await pilot.press("2")
            assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen) and app.screen.is_mounted)
            assert app.screen.select("container", web.id)
            assert await until(pilot, lambda: f"cannot be shown: cannot inspect {web.name}" in app.screen.detail.plain)
            proxy.resume()  # the next snapshot asks again, and the veth shows
            assert await until(pilot, lambda: bool(_wire_line(app, lab.name("dpback"))), seconds=20)
    finally:
        proxy.close()
