"""The reader's inspect cache, vanishing containers and the event stream, on the real engine."""

from __future__ import annotations

import threading
import time

import docker

from tests.sockproxy import UnixProxy
from tui.engine.connect import EngineTarget
from tui.engine.events import EventWatcher
from tui.engine.reader import EngineReader


def test_connect_refreshes_aliases_without_an_explicit_invalidate(lab, engine_host) -> None:
    reader = EngineReader(EngineTarget(engine_host))
    net = lab.network("n1", subnet=lab.free_subnet())
    c = lab.container("c1")
    reader.snapshot()
    lab.client.api.connect_container_to_network(c.id, net.id, aliases=["late-alias"])
    snap = reader.snapshot()
    ep = next(e for e in snap.endpoints_of(c.id) if e.network_id == net.id)
    assert "late-alias" in ep.aliases


def test_container_removed_between_list_and_inspect_is_dropped(lab, engine_host) -> None:
    keep = lab.container("keep")
    doomed = lab.container("doomed")

    class RacingClient(docker.APIClient):
        def inspect_container(self, container):  # the container vanishes right before we ask
            if container == doomed.id:
                lab.client.api.remove_container(doomed.id, force=True)
            return super().inspect_container(container)

    reader = EngineReader(EngineTarget(engine_host), client=RacingClient(base_url=engine_host, version="auto"))
    snap = reader.snapshot()
    assert snap.container(keep.id) is not None
    assert snap.container(doomed.id) is None


def test_event_watcher_reports_connects_and_state(lab, engine_host) -> None:
    events, states = [], []
    watcher = EventWatcher(EngineTarget(engine_host), events.append, lambda ok, text: states.append(ok))
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not states and time.monotonic() < deadline:
        time.sleep(0.05)
    net = lab.network("ev", subnet=lab.free_subnet())
    c = lab.container("evc")
    net.connect(c)
    while time.monotonic() < deadline and not any(e.action == "connect" and e.network_id == net.id for e in events):
        time.sleep(0.05)
    watcher.stop()
    thread.join(5)
    assert states[0] is True
    connect = next(e for e in events if e.action == "connect" and e.network_id == net.id)
    assert connect.container_id == c.id
    assert any(e.type == "container" and e.action == "start" and e.actor_id == c.id for e in events)
    assert not thread.is_alive()


def test_event_watcher_reconnects_after_engine_loss(engine_host, tmp_path) -> None:
    """A proxy socket we can cut stands in for an engine restart (one dockerd per machine)."""
    proxy = UnixProxy(engine_host.removeprefix("unix://"), str(tmp_path / "proxy.sock"))
    states: list[bool] = []
    watcher = EventWatcher(EngineTarget(proxy.url), lambda e: None, lambda ok, t: states.append(ok), backoff=(0.1, 0.3))
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()

    def wait_for(predicate) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False

    try:
        assert wait_for(lambda: states == [True])
        proxy.cut()  # the engine goes away
        assert wait_for(lambda: states[-1] is False)
        proxy.resume()  # and comes back
        assert wait_for(lambda: states[-1] is True and len(states) >= 3)
    finally:
        watcher.stop()
        thread.join(5)
        proxy.close()
    assert states[:3] == [True, False, True]
    assert not thread.is_alive()


def test_dual_stack_network_and_endpoint(lab, engine_host) -> None:
    from docker.types import IPAMConfig, IPAMPool

    from tui.model.graph import build_graph, container_node, network_node

    v4 = lab.free_subnet()
    ipam = IPAMConfig(pool_configs=[IPAMPool(subnet=v4), IPAMPool(subnet="fd00:dd:1::/64")])
    net = lab.client.networks.create(lab.name("v6"), ipam=ipam, enable_ipv6=True, labels=lab.labels)
    c = lab.container("v6c", network=net.name)
    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    model = snap.network(net.id)
    assert model.ipv6 is True and set(model.subnets) == {v4, "fd00:dd:1::/64"}
    (ep,) = snap.endpoints_of(c.id)
    assert ep.ipv6 is not None and ep.ipv6.startswith("fd00:dd:1::") and ep.ipv6.endswith("/64")
    g = build_graph(snap)
    (edge,) = g.get_edge_data(container_node(c.id), network_node(net.id)).values()
    assert edge["ipv6"] == ep.ipv6 and g.nodes[network_node(net.id)]["ipv6"] is True


def test_reader_is_safe_to_share_between_worker_threads(lab, engine_host) -> None:
    """The App's refresh, inspect and datapath workers share one reader: answers must not cross."""
    from concurrent.futures import ThreadPoolExecutor

    containers = [lab.container(f"t{i}") for i in range(6)]
    reader = EngineReader(EngineTarget(engine_host))

    def inspect_many(c) -> list[str]:
        return [reader.inspect("container", c.id)["Id"] for _ in range(15)]

    def refresh_many() -> int:
        return sum(len(reader.snapshot().containers) > 0 for _ in range(15))

    with ThreadPoolExecutor(7) as pool:
        refreshes = pool.submit(refresh_many)
        answers = {c.id: pool.submit(inspect_many, c) for c in containers}
        for cid, future in answers.items():
            assert set(future.result()) == {cid}
        assert refreshes.result() == 15


def test_rename_shows_without_an_explicit_invalidate(lab, engine_host) -> None:
    """A rename changes nothing else in the list summary: the cached inspect must not keep the old name."""
    box = lab.container("rnold")
    reader = EngineReader(EngineTarget(engine_host))
    assert reader.snapshot().container(box.id).name == lab.name("rnold")
    box.rename(lab.name("rnnew"))
    assert reader.snapshot().container(box.id).name == lab.name("rnnew")
