"""Several engines in one view: `--host A --host B` merged, each engine with its own reader, watcher and status.

Engine 1 and engine 2 of the lab are two real dockerds. Every assertion is about this test's own
objects (other tests may change the engines meanwhile), and every wait is a bounded poll.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.lab import Lab, lab_client2
from tests.pilot import until
from tests.sockproxy import UnixProxy
from tui.app.dockernet import DockernetApp
from tui.app.engines import EngineSession, sessions_banner
from tui.app.launch import EngineSpec
from tui.changes.change import ConnectContainer, PruneNetworks, Ref
from tui.cli.main import build_parser
from tui.cli.run import build_launch
from tui.engine.connect import EngineTarget
from tui.presentation import engine_line
from tui.screens.containers import ContainersScreen
from tui.screens.engines import EngineScreen
from tui.screens.networks import NetworksScreen

SIZE = (160, 45)


@pytest.fixture
def lab2(engine2_host: str) -> Iterator[Lab]:
    """A namespace of lab objects on engine 2, removed afterwards."""
    client = lab_client2()
    namespace = Lab(client)
    try:
        yield namespace
    finally:
        namespace.cleanup()
        client.close()


def launch_for(*argv: str, config: str = "/dev/null") -> DockernetApp:
    """The App exactly as `dockernet ARGV` builds it."""
    args = build_parser().parse_args(["--config", config, *argv])
    return DockernetApp(build_launch(args))


def all_live(app: DockernetApp) -> bool:
    return bool(app.sessions) and all(s.state == "live" and s.watcher is not None for s in app.sessions.values())


def shown(app: DockernetApp, object_id: str) -> bool:
    table = getattr(app.screen, "table", None)
    return table is not None and object_id in table.keys


async def test_two_hosts_are_merged_into_one_view(lab, lab2, engine_host, engine2_host) -> None:
    net1 = lab.network("one", subnet=lab.free_subnet())
    net2 = lab2.network("two", subnet=lab2.free_subnet())
    box2 = lab2.container("box2", network=lab2.name("two"))
    app = launch_for("--host", engine_host, "--host", f"eng2={engine2_host}")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: all_live(app) and app.banner == ("", ""))
        assert list(app.sessions) == ["dockernet-lab", "eng2"]
        assert isinstance(app.screen, NetworksScreen)
        assert await until(pilot, lambda: shown(app, net1.id) and shown(app, net2.id))
        snap = app.snapshot
        assert snap.engines == ("dockernet-lab", "eng2")
        assert snap.network(net1.id).engine == "dockernet-lab"
        assert snap.network(net2.id).engine == "eng2"
        bridges = [n for n in snap.networks if n.name == "bridge"]
        assert {n.engine for n in bridges} == {"dockernet-lab", "eng2"}  # two hosts, two bridges
        assert snap.container(box2.id).engine == "eng2"
        assert engine_line(snap).startswith("2 engines: dockernet-lab (Docker 20.10")
        assert ", eng2 (Docker " in engine_line(snap)
        assert str(app.screen.table.get_cell(net2.id, "name")) == f"{net2.name} @eng2"

        # Each engine keeps the steady-state refresh of two list requests (other tests may be changing
        # containers meanwhile: the quietest refresh counts).
        for session in app.sessions.values():
            reader, deltas = session.reader, []
            for _ in range(20):
                before = reader.requests
                app.request_refresh(session)
                assert await until(pilot, lambda s=session: not s.refreshing)
                deltas.append(reader.requests - before)
                if deltas[-1] == 2:
                    break
            assert min(deltas) == 2, (session.label, deltas)

        # Live on both: a change on either engine shows without a keypress.
        late1 = lab.network("late1", subnet=lab.free_subnet())
        late2 = lab2.network("late2", subnet=lab2.free_subnet())
        assert await until(pilot, lambda: shown(app, late1.id) and shown(app, late2.id))

        # The raw inspect of engine 2's network comes from engine 2.
        assert app.screen.table.select_key(net2.id)
        await pilot.pause()
        await pilot.press("i")
        assert await until(pilot, lambda: bool(getattr(app.screen, "json_text", "")))
        assert f'"Id": "{net2.id}"' in app.screen.json_text
        await pilot.press("escape")

        # Changes go to the engine the item lives on; a prune is split per engine.
        connect = ConnectContainer(Ref(net2.id, net2.name), Ref(box2.id, box2.name))
        assert [t.base_url for _, t in app.write_parts(connect)] == [engine2_host]
        prune = PruneNetworks((Ref(net1.id), Ref(net2.id), Ref(late1.id)))
        parts = {t.base_url: req.networks for req, t in app.write_parts(prune)}
        assert parts == {engine_host: (Ref(net1.id), Ref(late1.id)), engine2_host: (Ref(net2.id),)}

        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen) and shown(app, box2.id))
        assert str(app.screen.table.get_cell(box2.id, "name")) == f"{box2.name} @eng2"


async def test_a_frozen_engine_does_not_hold_up_the_other(lab, lab2, engine_host, engine2_host, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKERNET_TIMEOUT", "60")  # engine 2's read hangs for the whole test, never times out
    proxy = UnixProxy(engine2_host.removeprefix("unix://"), str(tmp_path / "eng2.sock"))
    app = launch_for("--host", f"one={engine_host}", "--host", f"two={proxy.url}")
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: all_live(app) and app.banner == ("", ""))
            two = app.sessions["two"]
            before2 = lab2.network("before2", subnet=lab2.free_subnet())
            assert await until(pilot, lambda: shown(app, before2.id))

            proxy.freeze()  # engine 2 hangs: connections stay open, nothing is answered
            await pilot.press("r")  # both engines are read again; engine 2's read hangs
            assert await until(pilot, lambda: two.refreshing)
            for n in range(3):  # engine 1 keeps refreshing meanwhile, by its own events
                net = lab.network(f"while{n}", subnet=lab.free_subnet())
                assert await until(pilot, lambda net=net: shown(app, net.id))
                assert two.refreshing  # while engine 2's read is still stuck
            assert shown(app, before2.id)  # engine 2's last known state stays on screen

            # Engine 2's status says so, by name; engine 1 is not mentioned.
            def two_not_answering() -> bool:
                text = app.banner[0]
                return text.startswith("two: not answering") and app.banner[1] in ("warning", "error")

            assert await until(pilot, two_not_answering), app.banner
            assert "one:" not in app.banner[0]
            assert app.screen.query_one("#banner").message == app.banner[0]

            proxy.resume()  # the held request goes through: the read finishes, the banner clears
            after2 = lab2.network("after2", subnet=lab2.free_subnet())
            assert await until(pilot, lambda: shown(app, after2.id), seconds=20)
            assert await until(pilot, lambda: app.banner == ("", ""), seconds=20)
    finally:
        proxy.close()


async def test_an_unreachable_engine_leaves_the_other_on_screen(lab, engine_host, tmp_path) -> None:
    net = lab.network("alone", subnet=lab.free_subnet())
    app = launch_for("--host", engine_host, "--host", f"gone=unix://{tmp_path}/no.sock")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: shown(app, net.id))
        assert await until(pilot, lambda: app.sessions["gone"].state == "unavailable")
        assert app.snapshot.source == "engine"  # no demo: one engine answers
        text, severity = app.banner
        assert severity == "error" and text.startswith("gone: unreachable: ")
        assert "trying again by itself" in text
        assert "dockernet-lab:" not in text


async def test_engine_switcher_lists_contexts_and_restarts_the_sessions(
    lab, lab2, engine_host, engine2_host, tmp_path, monkeypatch
) -> None:
    from tests.test_remote import write_context

    config = tmp_path / ".docker"
    write_context(config, "labone", engine_host, "the lab's first engine")
    write_context(config, "labtwo", engine2_host, "the lab's second engine")
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    net2 = lab2.network("sw2", subnet=lab2.free_subnet())
    app = launch_for("--context", "labone")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: all_live(app) and app.banner == ("", ""))
        assert list(app.sessions) == ["labone"] and not shown(app, net2.id)

        await pilot.press("E")
        assert await until(pilot, lambda: isinstance(app.screen, EngineScreen))
        rows = {row.name: row for row in app.screen.rows}
        assert rows["labone"].shown and rows["labone"].endpoint == engine_host
        assert rows["labtwo"].endpoint == engine2_host and not rows["labtwo"].shown
        assert rows["labtwo"].note == "the lab's second engine"
        assert "default" in rows
        await pilot.press("down", "down")  # default, labone, labtwo
        await pilot.press("space", "enter")
        assert await until(pilot, lambda: list(app.sessions) == ["labone", "labtwo"])
        assert await until(pilot, lambda: all_live(app) and shown(app, net2.id))
        assert app.snapshot.network(net2.id).engine == "labtwo"

        # The palette offers each context by name: "only labtwo".
        await pilot.press("ctrl+p")
        await pilot.press(*"only labtwo")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: list(app.sessions) == ["labtwo"])
        assert await until(pilot, lambda: all_live(app) and shown(app, net2.id))
        assert app.snapshot.engines == ()  # one engine: shown as read, no labels


def test_sessions_banner_names_each_engine() -> None:
    def session(label: str, state: str, reason: str = "") -> EngineSession:
        s = EngineSession(EngineSpec(label, lambda: EngineTarget("unix:///x")), 1)
        s.state, s.reason = state, reason  # type: ignore[assignment]
        return s

    assert sessions_banner([session("a", "live"), session("b", "live")]) == ("", "")
    text, severity = sessions_banner([session("a", "live"), session("b", "failing", "timed out.")])
    assert text == "b: not answering: timed out; showing its last known state" and severity == "error"
    slow = session("c", "live")
    slow.refreshing, slow.read_started = True, 100.0
    assert sessions_banner([slow], now=105.0) == (
        "c: not answering (waited 5 s); showing its last known state",
        "warning",
    )
    evil = session("[red]x[/]\x1b[2J", "unavailable", "no\nway")
    text, _ = sessions_banner([evil])
    assert "\x1b" not in text and "\n" not in text
