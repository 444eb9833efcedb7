"""Action panels driven with Pilot: against the real lab engine (verified with the docker SDK after
each confirm), field errors shown next to their field, and SVG snapshots on the demo snapshot.

The harness App stands in for dockernet's App: it pushes one panel, runs each ActionRequested
through a real EngineWriter in a thread worker and posts ActionFinished back to the panel.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import time
from collections.abc import Callable

import docker.errors
import pytest
from textual import on, work
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from tests.lab import LAB_HOST
from tui.changes.change import ConnectContainer, CreateNetwork, DisconnectContainer, PruneNetworks, RemoveNetwork
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.reader import EngineReader
from tui.engine.writer import EngineWriter
from tui.model.files import load_demo
from tui.model.snapshot import Network, Snapshot
from tui.screens.messages import ActionFinished, ActionRequested
from tui.screens.panels.base import ActionPanel
from tui.screens.panels.connect import ConnectPanel
from tui.screens.panels.create_network import CreateNetworkPanel
from tui.screens.panels.disconnect import DisconnectPanel
from tui.screens.panels.prune import PrunePanel
from tui.screens.panels.remove_network import RemoveNetworkPanel
from widgets.field_error import FieldError

SIZE = (110, 48)


class Harness(App[None]):
    """Holds a panel and answers its requests the way dockernet's App does."""

    def __init__(self, make_panel: Callable[[], Screen], writer: EngineWriter | None) -> None:
        super().__init__()
        self.make_panel = make_panel
        self.writer = writer
        self.requests: list = []
        self.dismissed: list = []

    def on_mount(self) -> None:
        self.push_screen(self.make_panel(), callback=self.dismissed.append)

    @on(ActionRequested)
    def _requested(self, message: ActionRequested) -> None:
        self.requests.append(message.request)
        self._execute(message.request, message.reply_to)

    @work(thread=True, group="actions", exit_on_error=False)
    def _execute(self, request, panel: Screen) -> None:
        try:
            if self.writer is None:
                raise EngineError("no engine in this harness")
            finished = ActionFinished(request, True, result=self.writer.execute(request))
        except EngineError as exc:
            finished = ActionFinished(request, False, str(exc))
        panel.post_message(finished)


async def fill(pilot, selector: str, text: str) -> None:
    """Focus a field (as tab would) and type into it."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def engine_snapshot(docker_client) -> Snapshot:
    return EngineReader(EngineTarget(LAB_HOST), client=docker_client.api).snapshot()


def field_error(app: App, key: str) -> str:
    return app.screen.query_one(f"#err-{key}", FieldError).message


def engine_error(app: App) -> str:
    widget = app.screen.query_one("#engine-error", Static)
    return str(widget.content) if widget.display else ""


@pytest.fixture
def writer(docker_client):
    return EngineWriter(docker_client, read_only=False)


# -- every action against the real engine ----------------------------------------------------------


async def test_create_bridge_with_subnet_and_gateway(lab, writer, docker_client):
    subnet = lab.free_subnet()
    gateway = str(ipaddress.ip_network(subnet)[1])
    app = Harness(lambda: CreateNetworkPanel(engine_snapshot(docker_client)), writer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*lab.name("made"))  # the name field has focus when the panel opens
        await fill(pilot, "#pool0-subnet", subnet)
        await fill(pilot, "#pool0-gateway", gateway)
        await fill(pilot, "#labels", f"dockernet.lab={lab.run_id}, tier=web")
        preview = app.screen.query_one("#preview").command
        assert preview == (
            f"docker network create --driver bridge --subnet {subnet} --gateway {gateway} "
            f"--label dockernet.lab={lab.run_id} --label tier=web {lab.name('made')}"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.dismissed[0], CreateNetwork)
    attrs = docker_client.api.inspect_network(lab.name("made"))
    assert attrs["IPAM"]["Config"] == [{"Subnet": subnet, "Gateway": gateway}]
    assert attrs["Labels"] == {"dockernet.lab": lab.run_id, "tier": "web"}


async def test_create_macvlan_with_parent_and_mode(lab, writer, docker_client):
    app = Harness(lambda: CreateNetworkPanel(engine_snapshot(docker_client)), writer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*lab.name("mac"))
        await fill(pilot, "#driver", "")
        await pilot.press("enter", *"macvlan", "enter")  # open the list, type to find, choose
        await pilot.pause()
        await pilot.press("ctrl+s")  # without a parent: refused in the form
        await pilot.pause()
        assert "needs a parent" in field_error(app, "parent")
        assert app.requests == []
        parent = lab.veth_parent()  # one macvlan network per parent: each test makes its own
        await fill(pilot, "#parent", parent)
        await fill(pilot, "#macvlan-mode", "")
        await pilot.press("enter", *"private", "enter")
        await fill(pilot, "#pool0-subnet", lab.free_subnet("192.168.128.0/17"))
        await fill(pilot, "#labels", f"dockernet.lab={lab.run_id}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.dismissed, engine_error(app)
    attrs = docker_client.api.inspect_network(lab.name("mac"))
    assert attrs["Driver"] == "macvlan"
    assert attrs["Options"] == {"parent": parent, "macvlan_mode": "private"}


async def test_connect_from_a_container_with_an_alias(lab, writer, docker_client):
    net = lab.network("conn", subnet=lab.free_subnet())
    c = lab.container("app")
    app = Harness(lambda: ConnectPanel(engine_snapshot(docker_client), container_id=c.id), writer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*net.name)  # the network filter has focus: narrow the list to one
        await fill(pilot, "#aliases", "www, frontend")
        assert app.screen.query_one("#preview").command == (
            f"docker network connect --alias www --alias frontend {net.name} {c.name}"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.dismissed[0], ConnectContainer)
    ep = docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"][net.name]
    assert {"www", "frontend"} <= set(ep["Aliases"])


async def test_connect_from_a_network_with_a_static_ip(lab, writer, docker_client):
    subnet = lab.free_subnet()
    net = lab.network("conn", subnet=subnet)
    c = lab.container("app")
    ip = str(ipaddress.ip_network(subnet)[77])
    app = Harness(lambda: ConnectPanel(engine_snapshot(docker_client), network_id=net.id), writer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*c.name)
        await fill(pilot, "#ipv4", ip)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.dismissed and app.dismissed[0].ipv4 == ip
    ep = docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"][net.name]
    assert ep["IPAddress"] == ip


async def test_disconnect_asks_first_then_disconnects(lab, writer, docker_client):
    net = lab.network("disc", subnet=lab.free_subnet())
    c = lab.container("app", network=net.name)
    app = Harness(lambda: DisconnectPanel(engine_snapshot(docker_client), container_id=c.id), writer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.requests == []  # the first confirm only asks
        loss = str(app.screen.query_one("#confirm-text", Static).content)
        assert f"{c.name} leaves {net.name}" in loss
        ip = c.attrs["NetworkSettings"]["Networks"][net.name]["IPAddress"]
        assert f"It loses its address {ip}/24 on {net.name}" in loss
        await pilot.press("enter")  # "Yes, disconnect" has focus
        await settle(pilot)
        assert isinstance(app.dismissed[0], DisconnectContainer)
    assert net.name not in docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"]


async def test_remove_a_network_disconnecting_its_members_first(lab, writer, docker_client):
    net = lab.network("rm", subnet=lab.free_subnet())
    a = lab.container("a", network=net.name)
    b = lab.container("b", network=net.name)
    app = Harness(lambda: RemoveNetworkPanel(engine_snapshot(docker_client), network_id=net.id), writer)
    async with app.run_test(size=SIZE) as pilot:
        members = str(app.screen.query_one("#members", Static).content)
        assert a.name in members and b.name in members
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "still connected" in field_error(app, "disconnect")
        await fill(pilot, "#disconnect-first", " ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "First disconnects" in str(app.screen.query_one("#confirm-text", Static).content)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.dismissed[0], RemoveNetwork)
    with pytest.raises(docker.errors.NotFound):
        docker_client.api.inspect_network(net.id)
    assert docker_client.api.inspect_container(a.id)["State"]["Running"]


async def test_prune_removes_only_what_stays_selected(lab, writer, docker_client):
    nets = [lab.network(f"p{i}", subnet=lab.free_subnet()) for i in range(3)]
    full = engine_snapshot(docker_client)
    # Show only this test's networks: other tests' unused networks share the engine.
    mine = dataclasses.replace(full, networks=tuple(n for n in full.networks if n.name.startswith(lab.prefix)))
    app = Harness(lambda: PrunePanel(mine), writer)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "#networks", " ")  # un-tick the first one listed (p0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.dismissed[0], PruneNetworks)
        assert [r.name for r in app.dismissed[0].networks] == [nets[1].name, nets[2].name]
    names = {n["Name"] for n in docker_client.api.networks()}
    assert nets[0].name in names and nets[1].name not in names and nets[2].name not in names


async def test_an_engine_refusal_is_shown_verbatim_and_the_panel_stays(lab, writer, docker_client):
    net = lab.network("nosub")  # the engine picked the subnet: it refuses fixed addresses there
    c = lab.container("app")
    snap = engine_snapshot(docker_client)
    ip = str(ipaddress.ip_network(snap.network(net.id).subnets[0])[66])
    app = Harness(lambda: ConnectPanel(snap, container_id=c.id, network_id=net.id), writer)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "#ipv4", ip)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.dismissed == []
        assert isinstance(app.screen, ConnectPanel)
        assert engine_error(app) == (
            "user specified IP address is supported only when connecting to networks with user configured subnets"
        )
    assert net.name not in docker_client.api.inspect_container(c.id)["NetworkSettings"]["Networks"]


async def test_read_only_panel_sends_nothing(lab, docker_client):
    since = time.time()
    mine = {"name": lab.prefix}  # other tests change the shared engine meanwhile: compare this test's objects
    before = sorted(n["Id"] for n in docker_client.api.networks(filters=mine))
    app = Harness(
        lambda: CreateNetworkPanel(engine_snapshot(docker_client)), EngineWriter(docker_client, read_only=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*lab.name("never"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "read-only" in engine_error(app)
        assert app.dismissed == []
    assert sorted(n["Id"] for n in docker_client.api.networks(filters=mine)) == before
    events = docker_client.api.events(
        since=since, until=time.time() + 1, decode=True, filters={"type": "network", "network": lab.name("never")}
    )
    assert list(events) == []


# -- field errors next to their fields (demo snapshot, no engine) ---------------------------------


@pytest.fixture(scope="module")
def demo() -> Snapshot:
    return load_demo()[1]


@pytest.mark.parametrize(
    ("field", "text", "key", "words"),
    [
        ("#name", "appnet", "name", "a network named appnet already exists"),
        ("#pool0-subnet", "10.5.0.0/33", "pool0-subnet", "not a subnet in CIDR form"),
        ("#pool0-subnet", "172.28.0.0/16", "pool0-subnet", "overlaps network appnet (172.28.0.0/24)"),
        ("#pool0-gateway", "10.9.0.1", "pool0-gateway", "gateway 10.9.0.1 is outside subnet 10.5.0.0/24"),
        ("#pool0-ip-range", "10.6.0.0/25", "pool0-ip-range", "is not inside subnet 10.5.0.0/24"),
        ("#pool0-aux", "r=10.9.0.9", "pool0-aux", "aux address r=10.9.0.9 is outside subnet"),
        ("#pool0-aux", "oops", "pool0-aux", "expected key=value"),
        ("#labels", "a=1,a=2", "labels", "'a' is given twice"),
        ("#options", "com.docker.network.driver.mtu=9000", "options", ""),
    ],
)
async def test_create_field_errors(demo, field, text, key, words):
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        if key != "pool0-subnet":
            await fill(pilot, "#pool0-subnet", "10.5.0.0/24")
        await fill(pilot, field, text)
        await pilot.pause()
        assert (words in field_error(app, key)) if words else field_error(app, key) == ""


async def test_fix_first_notice_goes_once_the_fields_are_fixed(demo):
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "#name", "appnet")  # taken
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = app.screen.query_one("#status", Static)
        assert status.display and "nothing was sent" in str(status.render())
        assert app.requests == []
        await pilot.press("2")  # "appnet2" is free
        await pilot.pause()
        assert not status.display


async def test_option_set_twice_is_caught(demo):
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        await fill(pilot, "#mtu", "1400")
        await fill(pilot, "#options", "com.docker.network.driver.mtu=9000")
        await pilot.pause()
        assert "already set by its own field" in field_error(app, "options")


@pytest.mark.parametrize(
    ("container", "network", "field", "text", "key", "words"),
    [
        ("web", "appnet", "", "", "network", "web is already connected to appnet"),
        ("hostc", "backend", "", "", "container", "--net=host"),
        ("db", "bridge", "#aliases", "x", "aliases", "aliases work only on user-defined networks"),
        ("web", "backend", "#ipv4", "10.1.1.1", "ipv4", "outside backend's subnets"),
        ("web", "backend", "#ipv4", "172.28.1.2", "ipv4", "already taken by db"),
        ("web", "backend", "#links", "ghost", "links", "no container named ghost"),
    ],
)
async def test_connect_field_errors(demo, container, network, field, text, key, words):
    c, n = demo.container(container).id, demo.network(network).id
    app = Harness(lambda: ConnectPanel(demo, container_id=c, network_id=n), None)
    async with app.run_test(size=SIZE) as pilot:
        if field:
            await fill(pilot, field, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert words in field_error(app, key)
        assert app.requests == []


async def test_disconnect_from_a_network_it_is_not_on_is_refused_in_the_form(demo):
    backend = {e.network_id for e in demo.endpoints if e.network_name == "backend"}
    app = Harness(lambda: DisconnectPanel(demo, container_id=demo.container("web").id, network_id=backend.pop()), None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "network") == "web is not connected to backend"
        assert app.requests == [] and not app.screen.confirming


async def test_copy_key_puts_the_command_on_the_clipboard(demo):
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"newnet", "ctrl+y")
        subnet = app.screen.query_one("#pool0-subnet", Input).value
        assert app.clipboard == f"docker network create --driver bridge --subnet {subnet} newnet"


async def test_create_proposes_a_free_subnet_of_the_chosen_size(demo):
    taken = [ipaddress.ip_network(s) for n in demo.networks for s in n.subnets]
    assert any(t.version == 4 for t in taken)
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"newnet")
        await pilot.pause()
        field = app.screen.query_one("#pool0-subnet", Input)
        first = ipaddress.ip_network(field.value)  # prefilled, a /24 clear of every demo network
        assert first.prefixlen == 24 and not any(first.overlaps(t) for t in taken if t.version == 4)
        assert f"--subnet {first} newnet" in app.screen.query_one("#preview").command
        assert field_error(app, "pool0-subnet") == ""
        app.screen.query_one("#pool0-size", Select).value = 20  # another size refills it
        await pilot.pause()
        other = ipaddress.ip_network(field.value)
        assert other.prefixlen == 20 and not any(other.overlaps(t) for t in taken if t.version == 4)
        assert f"--subnet {other} newnet" in app.screen.query_one("#preview").command
        await fill(pilot, "#pool0-subnet", "")  # focusing selects the text...
        await pilot.press("backspace")  # ...which one key clears: the engine then chooses
        await pilot.pause()
        assert field.value == ""
        assert app.screen.query_one("#preview").command == "docker network create --driver bridge newnet"
        assert field_error(app, "pool0-subnet") == ""


async def test_untrusted_engine_text_is_shown_as_plain_text(demo):
    app = Harness(lambda: CreateNetworkPanel(demo), None)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen
        assert isinstance(panel, ActionPanel)
        request = CreateNetwork("x")
        panel.pending = request
        panel.post_message(ActionFinished(request, False, "bad [/] name [link=http://x]here\x1b[31m"))
        await pilot.pause()
        assert engine_error(app) == "bad [/] name [link=http://x]here[31m"


# -- snapshots on the demo ----------------------------------------------------------------------------


def still(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


def with_spares(demo: Snapshot) -> Snapshot:
    spares = (
        Network(id="e" * 64, name="old-ci", driver="bridge"),
        Network(id="f" * 64, name="scratch", driver="bridge"),
    )
    return dataclasses.replace(demo, networks=(*demo.networks, *spares))


async def _create_filled(pilot) -> None:
    await pilot.press(*"shop-net")
    await fill(pilot, "#pool0-subnet", "10.5.0.0/24")
    await fill(pilot, "#pool0-gateway", "10.5.0.1")
    await fill(pilot, "#labels", "team=core")
    still(pilot)


async def _create_errors(pilot) -> None:
    await pilot.press(*"appnet")
    await fill(pilot, "#pool0-subnet", "172.28.0.0/16")
    await fill(pilot, "#pool0-gateway", "10.9.9.9")
    await pilot.press("ctrl+s")
    still(pilot)


async def _connect_filled(pilot) -> None:
    await pilot.press(*"backend")
    await fill(pilot, "#aliases", "www")
    await fill(pilot, "#ipv4", "172.28.1.50")
    still(pilot)


async def _connect_errors(pilot) -> None:
    await fill(pilot, "#aliases", "x")
    await fill(pilot, "#ipv4", "10.1.1.1")
    await pilot.press("ctrl+s")
    still(pilot)


async def _confirm(pilot) -> None:
    await pilot.press("ctrl+s")
    still(pilot)


async def _remove_ticked(pilot) -> None:
    await fill(pilot, "#disconnect-first", " ")
    await pilot.press("ctrl+s")
    still(pilot)


async def _engine_refused(pilot) -> None:
    await pilot.press(*"shop-net", "ctrl+s")
    await settle(pilot)
    still(pilot)


def _panel(demo: Snapshot, kind: str) -> Callable[[], Screen]:
    web, db, appnet = demo.container("web").id, demo.container("db").id, demo.network("appnet").id
    bridge = demo.network("bridge").id
    return {
        "create": lambda: CreateNetworkPanel(demo),
        "connect": lambda: ConnectPanel(demo, container_id=web),
        "connect_bad": lambda: ConnectPanel(demo, container_id=db, network_id=bridge),
        "disconnect": lambda: DisconnectPanel(demo, container_id=web, network_id=appnet),
        "disconnect_bad": lambda: DisconnectPanel(demo, container_id=web, network_id=demo.network("backend").id),
        "remove": lambda: RemoveNetworkPanel(demo, network_id=appnet),
        "prune": lambda: PrunePanel(with_spares(demo)),
    }[kind]


@pytest.mark.parametrize(
    ("kind", "run_before"),
    [
        ("create", _create_filled),
        ("create", _create_errors),
        ("create", _engine_refused),
        ("connect", _connect_filled),
        ("connect_bad", _connect_errors),
        ("disconnect", _confirm),
        ("disconnect_bad", _confirm),
        ("remove", _confirm),
        ("remove", _remove_ticked),
        ("prune", still),
        ("prune", _confirm),
    ],
    ids=[
        "create-filled",
        "create-errors",
        "create-engine-refused",
        "connect-filled",
        "connect-errors",
        "disconnect-confirm",
        "disconnect-not-member",
        "remove-members-error",
        "remove-confirm",
        "prune-list",
        "prune-confirm",
    ],
)
def test_panel_snapshots(snap_compare, demo, kind, run_before):
    writer = EngineWriter(EngineTarget("unix:///nonexistent.sock"), read_only=True)
    assert snap_compare(Harness(_panel(demo, kind), writer), terminal_size=SIZE, run_before=run_before)


def test_disconnect_loss_names_namespace_sharers_and_aliases(demo):
    from tui.changes.change import Ref
    from tui.changes.losses import disconnect_loss

    web, appnet = demo.container("web"), demo.network("appnet")
    text = disconnect_loss(demo, DisconnectContainer(Ref(appnet.id, "appnet"), Ref(web.id, "web")))
    assert "It loses its address 172.28.0.2/24 on appnet." in text
    assert "So do sidecar, which share its network namespace" in text
    assert "no network left" in text
    api, backend = demo.container("api"), demo.network("backend")
    text = disconnect_loss(demo, DisconnectContainer(Ref(backend.id, "backend"), Ref(api.id, "api")))
    assert "its address 172.28.1.3/24 and its alias api-internal on backend" in text
