"""EngineWriter against the real lab engine: every action checked afterwards with the docker SDK.

Read-only is proven on the engine's side: the objects are unchanged and the engine's event
stream holds no event for them. macvlan tests make their own veth parent
(`lab.veth_parent()`): the kernel allows one macvlan/ipvlan network per parent.
"""

from __future__ import annotations

import ipaddress
import os
import socketserver
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler

import docker
import docker.errors
import pytest

from tui.changes.change import (
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PoolSpec,
    PruneNetworks,
    Ref,
    RemoveNetwork,
)
from tui.engine.connect import EngineError, ReadOnlyError
from tui.engine.writer import EngineWriter


def hosts(subnet: str, *indexes: int) -> list[str]:
    net = ipaddress.ip_network(subnet)
    return [str(net[i]) for i in indexes]


def lab_labels(lab) -> tuple[tuple[str, str], ...]:
    return tuple(lab.labels.items())


def ref(obj) -> Ref:
    return Ref(obj.id, obj.name)


@pytest.fixture
def writer(docker_client):
    return EngineWriter(docker_client, read_only=False)


def network_events(client, since: float, **filters) -> list[dict]:
    until = time.time() + 1
    return list(client.api.events(since=since, until=until, decode=True, filters={"type": "network", **filters}))


def test_create_bridge_with_every_field(lab, writer, docker_client):
    subnet = lab.free_subnet()
    gw, aux = hosts(subnet, 1, 5)
    rng = str(list(ipaddress.ip_network(subnet).subnets(new_prefix=25))[1])
    req = CreateNetwork(
        lab.name("full"),
        pools=(PoolSpec(subnet, gw, rng, (("router", aux),)),),
        internal=True,
        attachable=True,
        labels=(*lab_labels(lab), ("team", "core")),
        options=(("com.docker.network.bridge.enable_icc", "false"), ("com.docker.network.driver.mtu", "1400")),
    )
    net_id = writer.execute(req)
    attrs = docker_client.api.inspect_network(net_id)
    assert attrs["Name"] == lab.name("full") and attrs["Driver"] == "bridge"
    assert attrs["IPAM"]["Config"] == [
        {"Subnet": subnet, "Gateway": gw, "IPRange": rng, "AuxiliaryAddresses": {"router": aux}}
    ]
    assert attrs["Internal"] is True and attrs["Attachable"] is True
    assert attrs["Labels"]["team"] == "core"
    assert attrs["Options"]["com.docker.network.bridge.enable_icc"] == "false"
    assert attrs["Options"]["com.docker.network.driver.mtu"] == "1400"


def test_create_with_ipv6(lab, writer, docker_client):
    req = CreateNetwork(
        lab.name("v6"),
        ipv6=True,
        ipv6_subnet="fd00:dead:7::/64",
        pools=(PoolSpec(lab.free_subnet()),),
        labels=lab_labels(lab),
    )
    attrs = docker_client.api.inspect_network(writer.execute(req))
    assert attrs["EnableIPv6"] is True
    assert "fd00:dead:7::/64" in [c["Subnet"] for c in attrs["IPAM"]["Config"]]


def test_macvlan_config_only_then_config_from(lab, writer, docker_client):
    subnet = lab.free_subnet("192.168.128.0/17")
    template = CreateNetwork(
        lab.name("tmpl"),
        driver="macvlan",
        config_only=True,
        pools=(PoolSpec(subnet),),
        options=(("parent", lab.veth_parent()),),
        labels=lab_labels(lab),
    )
    tmpl_id = writer.execute(template)
    user = CreateNetwork(lab.name("mac"), driver="macvlan", config_from=lab.name("tmpl"))
    user_id = None
    try:
        user_id = writer.execute(user)  # the engine refuses labels here: removed in finally
        attrs = docker_client.api.inspect_network(user_id)
        assert attrs["Driver"] == "macvlan"
        assert attrs["ConfigFrom"] == {"Network": lab.name("tmpl")}
        assert attrs["IPAM"]["Config"][0]["Subnet"] == subnet
        assert docker_client.api.inspect_network(tmpl_id)["ConfigOnly"] is True
    finally:
        if user_id:
            docker_client.api.remove_network(user_id)


def test_connect_with_alias_static_ip_and_link(lab, writer, docker_client):
    subnet = lab.free_subnet()
    net = lab.network("conn", subnet=subnet)
    target = lab.container("target", network=net.name)
    app = lab.container("app")
    ip = hosts(subnet, 50)[0]
    req = ConnectContainer(ref(net), ref(app), aliases=("web", "frontend"), ipv4=ip, links=(f"{target.name}:db",))
    assert writer.execute(req) == app.id
    ep = docker_client.api.inspect_container(app.id)["NetworkSettings"]["Networks"][net.name]
    assert ep["IPAddress"] == ip and ep["IPAMConfig"]["IPv4Address"] == ip
    assert {"web", "frontend"} <= set(ep["Aliases"])
    assert ep["Links"] == [f"{target.name}:db"]


def test_disconnect_and_force_disconnect(lab, writer, docker_client):
    net = lab.network("disc", subnet=lab.free_subnet())
    a = lab.container("a", network=net.name)
    b = lab.container("b", network=net.name, start=False)
    writer.execute(DisconnectContainer(ref(net), ref(a)))
    writer.execute(DisconnectContainer(ref(net), ref(b), force=True))
    for c in (a, b):
        assert net.name not in docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"]


def test_remove_network_after_disconnecting_its_members(lab, writer, docker_client):
    net = lab.network("rm", subnet=lab.free_subnet())
    a = lab.container("a", network=net.name)
    b = lab.container("b", network=net.name)
    with pytest.raises(EngineError, match="active endpoints"):
        writer.execute(RemoveNetwork(ref(net)))
    assert writer.execute(RemoveNetwork(ref(net), (ref(a), ref(b)))) == net.id
    with pytest.raises(docker.errors.NotFound):
        docker_client.api.inspect_network(net.id)
    assert docker_client.api.inspect_container(a.id)["State"]["Running"] is True


def test_prune_removes_exactly_the_listed_networks(lab, writer, docker_client):
    listed = [lab.network(f"p{i}", subnet=lab.free_subnet()) for i in range(2)]
    unlisted = lab.network("keep", subnet=lab.free_subnet())  # unused too, but the user was not shown it
    assert writer.execute(PruneNetworks(tuple(ref(n) for n in listed))) == [n.id for n in listed]
    names = {n["Name"] for n in docker_client.api.networks()}
    assert not any(n.name in names for n in listed)
    assert unlisted.name in names


def test_engine_refusals_come_back_in_the_engines_words(lab, writer):
    net = lab.network("dup", subnet=lab.free_subnet())
    with pytest.raises(EngineError, match="already exists"):
        writer.execute(CreateNetwork(net.name, labels=lab_labels(lab)))
    c = lab.container("c", network=net.name)
    with pytest.raises(EngineError, match="user specified IP address is supported on user defined networks only"):
        writer.execute(ConnectContainer(Ref("bridge", "bridge"), ref(c), ipv4="172.17.0.250"))


def test_network_drivers_include_the_builtin_ones(writer):
    drivers = writer.network_drivers()
    assert drivers[:4] == ["bridge", "overlay", "macvlan", "ipvlan"]
    assert "host" not in drivers and "null" not in drivers


def test_read_only_sends_nothing(lab, docker_client):
    net = lab.network("ro", subnet=lab.free_subnet())
    other = lab.network("ro2", subnet=lab.free_subnet())
    c = lab.container("c", network=net.name)
    mine = {"name": lab.prefix}  # other tests change the shared engine meanwhile: compare this test's objects
    before_networks = sorted(n["Id"] for n in docker_client.api.networks(filters=mine))
    before_endpoint = docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"][net.name]
    since = time.time()
    ro = EngineWriter(docker_client, read_only=True)
    requests = [
        CreateNetwork(lab.name("never"), labels=lab_labels(lab)),
        ConnectContainer(ref(other), ref(c)),
        DisconnectContainer(ref(net), ref(c)),
        RemoveNetwork(ref(net), (ref(c),)),
        PruneNetworks((ref(net),)),
    ]
    for req in requests:
        with pytest.raises(ReadOnlyError, match="read-only"):
            ro.execute(req)
    assert sorted(n["Id"] for n in docker_client.api.networks(filters=mine)) == before_networks
    assert docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"][net.name] == before_endpoint
    assert network_events(docker_client, since, network=net.id) == []
    assert network_events(docker_client, since, network=other.id) == []
    assert network_events(docker_client, since, network=lab.name("never")) == []


class _Refuser(BaseHTTPRequestHandler):
    """A socket proxy that allows nothing: every request gets 403, like a read-only proxy's writes."""

    def _refuse(self) -> None:
        body = b'{"message":"authorization denied by proxy"}'
        self.send_response(403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _refuse

    def address_string(self) -> str:
        return "unix"

    def log_message(self, *args) -> None:
        pass


class _UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def test_a_proxy_refusing_writes_is_said_plainly():
    path = os.path.join(tempfile.mkdtemp(prefix="dnproxy"), "p.sock")
    server = _UnixHTTPServer(path, _Refuser)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = docker.APIClient(base_url=f"unix://{path}", version="1.41", timeout=5)
        with pytest.raises(EngineError) as caught:
            EngineWriter(client, read_only=False).execute(CreateNetwork("x"))
        assert str(caught.value).startswith("writes are not allowed here")
        assert "authorization denied by proxy" in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
