"""The port inventory against the real lab engine: every exposure kind, and a conflict in the engine's words.

Containers published on 127.0.0.1, on every address, on one lab address (the gateway of a lab
network: an address of the lab's own namespace), one exposing a port without publishing it, then
a second container asking for a host port already held: its start fails, and dockernet shows the
conflict with the error the engine itself gave. Host ports 18100-18199 only (this file's range).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from typing import Any

import docker
import docker.errors
import pytest

from tests.lab import LAB_HOST, LAB_IMAGE, Lab
from tui.cli.main import main
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.ports import port_inventory

pytestmark = pytest.mark.engine

LOOPBACK_PORT, ALL_PORT, ADDRESS_PORT, LIVE_PORT = 18101, 18102, 18103, 18120
LISTEN = ["sh", "-c", "while true; do nc -l -p 80 </dev/null; done"]  # a TCP listener, as the issue asks


@pytest.fixture
def world(docker_client: docker.DockerClient, engine_host: str) -> Iterator[dict[str, Any]]:
    lab = Lab(docker_client, prefix="dnports-")
    lab.cleanup()  # what a killed run left
    try:
        sub = lab.free_subnet()
        gateway = str(next(ipaddress.ip_network(sub).hosts()))
        net = lab.name("pnet")
        lab.network("pnet", subnet=sub, gateway=gateway)
        o: dict[str, Any] = {"gateway": gateway}
        o["lo"] = lab.container("lo", command=LISTEN, network=net, ports={"80/tcp": ("127.0.0.1", LOOPBACK_PORT)})
        o["all"] = lab.container("all", command=LISTEN, network=net, ports={"80/tcp": ALL_PORT})
        o["addr"] = lab.container("addr", command=LISTEN, network=net, ports={"80/tcp": (gateway, ADDRESS_PORT)})
        # Exposed, not published: only the low-level API creates that (the SDK's `ports` publishes).
        api = docker_client.api
        exp = api.create_container(
            LAB_IMAGE,
            name=lab.name("exp"),
            ports=[9000],
            labels=lab.labels,
            host_config=api.create_host_config(network_mode=net),
        )
        api.start(exp["Id"])
        o["exp"] = exp["Id"]
        late = lab.container("late", start=False, network=net, ports={"80/tcp": ALL_PORT})
        with pytest.raises(docker.errors.APIError) as failed:
            late.start()
        o["late"], o["start_error"] = late, str(failed.value)
        yield o
    finally:
        lab.cleanup()


def test_every_exposure_and_the_taken_port_in_the_engines_words(world: dict[str, Any], engine_host: str) -> None:
    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    inv = port_inventory(snap)
    mine = [r for r in inv.ports if r.container.startswith("dnports-")]
    got = {(r.container, r.host_ip, r.host_port, r.exposure, r.family) for r in mine}
    assert ("dnports-lo", "127.0.0.1", LOOPBACK_PORT, "loopback", "IPv4") in got
    assert ("dnports-addr", world["gateway"], ADDRESS_PORT, "address", "IPv4") in got
    # One `-p 18102:80` is listed by the engine twice, once per address family (measured: same port).
    assert ("dnports-all", "0.0.0.0", ALL_PORT, "all", "IPv4") in got
    assert ("dnports-all", "::", ALL_PORT, "all", "IPv6") in got
    assert all(r.networks == ("dnports-pnet",) for r in mine)
    exposed = [(e.container, e.container_port, e.proto) for e in inv.exposed if e.container.startswith("dnports-")]
    assert exposed == [("dnports-exp", 9000, "tcp")]
    # The failed container holds nothing, but its wish is known from its inspect.
    assert [(r.container, r.host_ip, r.host_port, r.running) for r in inv.wanted if r.container == "dnports-late"] == [
        ("dnports-late", "", ALL_PORT, False)
    ]
    (conflict,) = [c for c in inv.conflicts if c.container == "dnports-late"]
    assert conflict.kind == "taken" and conflict.holder == "dnports-all" and conflict.host_port == ALL_PORT
    # The engine's own error, as its start refused it, read back from the container's State.Error.
    assert "port is already allocated" in conflict.error and f":{ALL_PORT} failed" in conflict.error
    assert conflict.error in world["start_error"]


def test_cli_json_lists_the_conflict(
    world: dict[str, Any], engine_host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--host", LAB_HOST, "ports", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"ports", "wanted", "exposed", "conflicts"}
    lo = [p for p in data["ports"] if p["container"] == "dnports-lo"]
    assert lo == [
        {
            "container": "dnports-lo",
            "container_id": world["lo"].id,
            "service": "",
            "engine": "",
            "host_ip": "127.0.0.1",
            "host_port": LOOPBACK_PORT,
            "container_port": 80,
            "proto": "tcp",
            "network": "dnports-pnet",
            "exposure": "loopback",
            "family": "IPv4",
        }
    ]
    (conflict,) = [c for c in data["conflicts"] if c["container"] == "dnports-late"]
    assert conflict["kind"] == "taken" and conflict["holder"] == "dnports-all"
    assert "port is already allocated" in conflict["error"]
    assert all(p["exposure"] in ("loopback", "address", "all", "ingress") for p in data["ports"])


async def test_live_screen_shows_a_conflict_as_it_happens(docker_client: docker.DockerClient, engine_host: str) -> None:
    """The App on the engine: a container failing to start for a held port shows up on screen 5."""
    from tests.pilot import until
    from tui.app.dockernet import DockernetApp
    from tui.app.launch import engine_launch
    from tui.screens.ports import PortsScreen

    lab = Lab(docker_client, prefix="dnports-live-")
    lab.cleanup()
    try:
        lab.container("hold", ports={"80/tcp": LIVE_PORT})
        app = DockernetApp(engine_launch(host=engine_host))
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.press("5")

            def row_of(name: str) -> list[str] | None:
                if not isinstance(app.screen, PortsScreen):
                    return None
                rows = [[c.plain for c in app.screen.table.get_row(k)] for k in app.screen.table.keys]
                return next((r for r in rows if r[3] == name), None)

            assert await until(pilot, lambda: row_of("dnports-live-hold") is not None)
            late = lab.container("late", start=False, ports={"80/tcp": LIVE_PORT})
            with pytest.raises(docker.errors.APIError, match="port is already allocated"):
                late.start()
            assert await until(pilot, lambda: row_of("dnports-live-late") is not None)
            assert row_of("dnports-live-late")[7] == "not running, dnports-live-hold holds it"  # type: ignore[index]
            assert row_of("dnports-live-hold")[7] == "wanted by dnports-live-late"  # type: ignore[index]
    finally:
        lab.cleanup()
