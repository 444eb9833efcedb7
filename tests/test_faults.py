"""The fault matrix, against the real lab engine: what the user sees when the engine hangs, refuses,
is misconfigured, restarts, races or is slow, in the command line and in the App.

Faults are simulated in front of the engine, never by touching it (others use it): a `UnixProxy`
(tests/sockproxy.py) freezes, cuts, slows or answers for it. Every request times out after
`DOCKERNET_TIMEOUT` seconds, short here, so the whole module stays well under a minute.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import pty
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui.app.panels
from tests.pilot import until
from tests.sockproxy import UnixProxy
from tui.app.dockernet import DockernetApp
from tui.app.launch import FIX_HINT, engine_launch
from tui.app.live import DriversRead
from tui.changes.change import CreateNetwork, Ref, RemoveNetwork
from tui.cli.main import main
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.writer import EngineWriter
from tui.screens.containers import ContainersScreen
from tui.screens.messages import ActionRequested
from tui.screens.networks import NetworksScreen
from tui.screens.panels.create_network import CreateNetworkPanel

SIZE = (140, 45)
TIMEOUT = 2.0  # DOCKERNET_TIMEOUT for these tests: a hung engine is noticed within it
RAW_TRANSPORT = re.compile(r"HTTPConnectionPool|Max retries|urllib3|Traceback|NewConnectionError")


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch) -> None:
    monkeypatch.setenv("DOCKERNET_TIMEOUT", str(TIMEOUT))


@pytest.fixture
def sockdir() -> Iterator[Path]:
    """A short directory for sockets (a Unix socket path must stay under 108 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="dnf-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def proxy(engine_host, sockdir) -> Iterator[UnixProxy]:
    p = UnixProxy(engine_host.removeprefix("unix://"), str(sockdir / "p.sock"))
    yield p
    p.close()


def free_port() -> int:
    """A loopback TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_line(err: str) -> str:
    """stderr of a failed command: exactly one line, no transport jargon; its text."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert not RAW_TRANSPORT.search(err), err
    return err.removeprefix("dockernet: ").rstrip("\n")


async def live(pilot, app: DockernetApp, seconds: float = 15) -> bool:
    """The engine's snapshot is on screen and its event watcher runs (a warning banner may show)."""

    def ready() -> bool:
        table = getattr(app.screen, "table", None)
        bridge = app.snapshot.network("bridge") if app.snapshot.source == "engine" else None
        return (
            bridge is not None
            and table is not None
            and bridge.id in table.keys
            and app.watcher is not None
            and app.banner[1] in ("", "warning")
        )

    return await until(pilot, ready, seconds)


async def banner_over_demo(pilot, app: DockernetApp) -> str:
    """The App fell back to the demo: the error banner's text (never "connecting…" forever)."""
    assert await until(pilot, lambda: app.banner[1] == "error", seconds=TIMEOUT * 3)
    assert app.snapshot.source == "demo"
    assert app.screen.query_one("#banner").message == app.banner[0]
    assert not RAW_TRANSPORT.search(app.banner[0]), app.banner[0]
    assert app.banner[0].endswith("You are looking at the built-in demo topology; press R to retry the engine.")
    return app.banner[0]


# -- an engine that hangs ------------------------------------------------------------------------


async def test_engine_hung_at_start_is_a_banner_and_keys_still_answer(proxy) -> None:
    proxy.freeze()  # accepts connections, never answers
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        started = time.monotonic()
        text = await banner_over_demo(pilot, app)
        assert time.monotonic() - started < TIMEOUT + 2
        assert text.startswith(f"the engine at {proxy.url} is not answering (no reply within 2 s): ")
        assert "DOCKERNET_TIMEOUT" in text and FIX_HINT not in text  # its own fix, not "start dockerd"
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen), seconds=1)
        await pilot.press("1")
        proxy.resume()
        await pilot.press("R")
        assert await live(pilot, app)


async def test_engine_hangs_mid_session_banner_then_recovers(lab, proxy) -> None:
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        rows = list(app.screen.table.keys)
        proxy.freeze()
        frozen = time.monotonic()
        assert await until(pilot, lambda: app.banner[1] == "error", seconds=TIMEOUT * 4)
        assert time.monotonic() - frozen < TIMEOUT + 2  # within the read timeout (plus scheduling on a busy box)
        assert app.banner[0] == (
            f"the engine at {proxy.url} is not answering (no reply within 1 s): check that dockerd is healthy "
            "(docker info on its host), or set DOCKERNET_TIMEOUT to wait longer. "
            "Showing the last known state; dockernet reconnects by itself."
        )
        await pilot.press("2")  # the UI still answers keys
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen), seconds=1)
        await pilot.press("1")
        assert await until(pilot, lambda: isinstance(app.screen, NetworksScreen), seconds=1)
        assert list(app.screen.table.keys) == rows  # the last known state stays
        net = lab.network("whilehung", subnet=lab.free_subnet())
        proxy.resume()
        assert await until(pilot, lambda: app.banner[0] == "", seconds=15)
        assert await until(pilot, lambda: net.id in app.screen.table.keys)


async def test_quit_never_waits_for_a_hung_engine(proxy, monkeypatch) -> None:
    """A long timeout, a refresh blocked on the frozen engine: `q` still ends the App (and its worker
    threads, as `asyncio.run` waits for them after the App) at once."""
    monkeypatch.setenv("DOCKERNET_TIMEOUT", "8")
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        proxy.freeze()
        await pilot.press("r")  # this read now waits for an answer that does not come
        assert await until(pilot, lambda: any(s.refreshing for s in app.sessions.values()))
        pressed = time.monotonic()
        await pilot.press("q")
    await asyncio.get_running_loop().shutdown_default_executor()  # what asyncio.run does next
    assert time.monotonic() - pressed < 3


def test_quit_from_a_terminal_with_the_engine_hung(proxy) -> None:
    """The real program in a terminal: engine frozen from the start, `q` ends the process promptly."""
    proxy.freeze()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "DOCKERNET_TIMEOUT": "8", "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--host", proxy.url],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + 15
        while b"no networks" not in output and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"no networks" in output  # drawn, and waiting for the frozen engine's first answer
        time.sleep(0.5)
        pressed = time.monotonic()
        os.write(master, b"q")
        proc.wait(timeout=10)
        assert time.monotonic() - pressed < 3
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


# -- TLS and connection settings that are wrong ----------------------------------------------------


@pytest.fixture
def docker_home(tmp_path, monkeypatch) -> Path:
    """An empty ~/.docker of our own, and no engine settings from the environment."""
    for name in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / ".docker"))
    return tmp_path / ".docker"


def make_context(config: Path, name: str, host: str, tls_files: dict[str, str]) -> Path:
    ident = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / ident
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(json.dumps({"Name": name, "Endpoints": {"docker": {"Host": host}}}))
    tls = config / "contexts" / "tls" / ident / "docker"
    tls.mkdir(parents=True)
    for file, text in tls_files.items():
        (tls / file).write_text(text)
    return tls


async def test_tls_verify_without_the_cert_files(docker_home, monkeypatch, tmp_path, capsys) -> None:
    missing = tmp_path / "no-certs"
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{free_port()}")
    monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
    monkeypatch.setenv("DOCKER_CERT_PATH", str(missing))
    expected = (
        f"DOCKER_TLS_VERIFY is set but ca.pem, cert.pem and key.pem are missing from {missing}: "
        "set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY"
    )
    assert main(["export"]) == 1
    assert one_line(capsys.readouterr().err) == expected
    app = DockernetApp(engine_launch())
    async with app.run_test(size=SIZE) as pilot:
        assert (await banner_over_demo(pilot, app)).startswith(expected + ". ")


async def test_context_whose_tls_files_are_gone(docker_home, capsys) -> None:
    tls = make_context(docker_home, "gone", f"tcp://127.0.0.1:{free_port()}", {"ca.pem": "x", "cert.pem": "x"})
    expected = (
        f"docker context 'gone' uses TLS but key.pem is gone from {tls}: restore the files, or recreate the "
        "context (docker context create gone --docker host=...,ca=...,cert=...,key=...)"
    )
    assert main(["export", "--context", "gone"]) == 1
    assert one_line(capsys.readouterr().err) == expected
    app = DockernetApp(engine_launch(context="gone"))
    async with app.run_test(size=SIZE) as pilot:
        assert (await banner_over_demo(pilot, app)).startswith(expected + ". ")


def test_context_whose_tls_files_are_not_certificates(docker_home, capsys) -> None:
    """The files are there but hold no certificate: a TLS sentence, not an OpenSSL stack."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    try:
        make_context(
            docker_home, "junk", f"tcp://127.0.0.1:{port}", dict.fromkeys(("ca.pem", "cert.pem", "key.pem"), "x")
        )
        assert main(["export", "--context", "junk"]) == 1
        text = one_line(capsys.readouterr().err)
    finally:
        listener.close()
    assert text.startswith(f"TLS with the engine at tcp://127.0.0.1:{port} (context junk) failed (")
    assert text.endswith(
        "check the certificates (DOCKER_CERT_PATH, or the context's TLS files) "
        "and that the engine expects TLS on that address"
    )


async def test_tcp_host_that_refuses(capsys) -> None:
    url = f"tcp://127.0.0.1:{free_port()}"
    assert main(["export", "--host", url]) == 1
    assert one_line(capsys.readouterr().err) == f"cannot connect to the Docker engine at {url}: is dockerd running?"
    app = DockernetApp(engine_launch(host=url))
    async with app.run_test(size=SIZE) as pilot:
        text = await banner_over_demo(pilot, app)
        assert text.startswith(f"cannot connect to the Docker engine at {url}: is dockerd running? To fix it: ")


# -- sockets that are not an engine -----------------------------------------------------------------


def test_socket_paths_that_are_not_an_engine(sockdir, capsys) -> None:
    (sockdir / "file").write_text("")
    (sockdir / "dir").mkdir()
    cases = {
        "file": f"{sockdir}/file is a regular file, not a socket; point DOCKER_HOST or --host at dockerd's socket",
        "dir": f"{sockdir}/dir is a directory, not a socket; point DOCKER_HOST or --host at dockerd's socket",
        "missing": "is dockerd running?",
    }
    for name, why in cases.items():
        url = f"unix://{sockdir}/{name}"
        assert main(["export", "--host", url]) == 1
        assert one_line(capsys.readouterr().err) == f"cannot connect to the Docker engine at {url}: {why}"


async def test_a_socket_that_closes_every_connection(proxy, capsys) -> None:
    proxy.cut()  # accepts, then closes at once (a proxy refusing us, or an engine going down)
    expected = (
        f"the engine at {proxy.url} closed the connection without answering: check that it is a Docker engine "
        "(a proxy in front of it may be refusing dockernet)"
    )
    assert main(["export", "--host", proxy.url]) == 1
    assert one_line(capsys.readouterr().err) == expected
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert (await banner_over_demo(pilot, app)).startswith(expected + ". ")


def test_permission_denied_on_the_socket(engine_host, capsys) -> None:
    """A real EACCES: a socket with mode 000, opened by a child process that gave up root."""
    main(["export", "--demo", "-o", os.devnull])  # import everything while still root (/root is 0700)
    capsys.readouterr()
    where = Path(tempfile.mkdtemp(prefix="dnf-", dir="/tmp"))
    where.chmod(0o755)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(where / "docker.sock"))
    server.listen(1)
    (where / "docker.sock").chmod(0)
    url = f"unix://{where}/docker.sock"
    read, write = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # the child: nobody, running the command line
            status = 99
            try:
                os.setgid(65534)
                os.setuid(65534)
                sys.stderr = os.fdopen(write, "w")  # pytest captures the parent's sys.stderr
                status = main(["export", "--host", url])
                sys.stderr.flush()
            finally:
                os._exit(status)
        os.close(write)
        with os.fdopen(read) as pipe:
            err = pipe.read()
        _, status = os.waitpid(pid, 0)
    finally:
        server.close()
        shutil.rmtree(where, ignore_errors=True)
    assert os.waitstatus_to_exitcode(status) == 1
    assert one_line(err) == f"permission denied on {url}: run as a user in the docker group, or as root"


# -- an engine stopped and restarted mid-session ---------------------------------------------------


async def test_engine_restart_resyncs_what_changed_and_keeps_the_cursor(lab, proxy) -> None:
    first = lab.container("first")
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        await pilot.press("2")
        assert await until(
            pilot, lambda: isinstance(app.screen, ContainersScreen) and first.id in app.screen.table.keys
        )
        assert app.screen.table.select_key(first.id)
        rows = set(app.screen.table.keys)
        proxy.cut()  # the engine stops
        assert await until(pilot, lambda: app.banner[1] == "error", seconds=TIMEOUT * 3)
        assert app.banner[0].startswith("lost the engine: ")
        assert app.banner[0].endswith("Showing the last known state; dockernet reconnects by itself.")
        assert set(app.screen.table.keys) == rows
        later = lab.container("later")  # made while dockernet is cut off
        proxy.resume()  # the engine is back
        assert await until(pilot, lambda: later.id in app.screen.table.keys, seconds=20)  # no key pressed
        assert await until(pilot, lambda: app.banner == ("", ""))  # the watcher is back too (after its backoff)
        assert app.screen.table.current_key == first.id


# -- races, old engines, refusing proxies ----------------------------------------------------------


async def test_container_removed_between_list_and_inspect(lab, proxy) -> None:
    keep = lab.container("keep")
    gone = lab.container("gone")
    proxy.answer(rf"^GET /v[\d.]+/containers/{gone.id}/json", 404, {"message": f"No such container: {gone.id}"})
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        # With many containers on the engine the lists' snapshot comes first, every container pending:
        # the verdict on `gone` is the full read's, once its inspects (and the 404) are in.
        assert await until(pilot, lambda: not app.snapshot.pending)
        assert app.snapshot.container(keep.id) is not None
        assert app.snapshot.container(gone.id) is None  # as if removed a moment earlier: no error
        assert app.banner == ("", "")
        assert any(gone.id in r for r in proxy.requests)


async def test_engine_api_too_old(proxy, capsys) -> None:
    proxy.answer(r"^GET (/v[\d.]+)?/version", 200, {"ApiVersion": "1.12", "Version": "1.0.0", "MinAPIVersion": "1.12"})
    expected = (
        f"the engine at {proxy.url} speaks Docker API 1.12 (Docker 1.0.0), older than dockernet can use "
        "(API 1.24, Docker 1.12, or newer): upgrade the engine"
    )
    assert main(["export", "--host", proxy.url]) == 1
    assert one_line(capsys.readouterr().err) == expected
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert (await banner_over_demo(pilot, app)).startswith(expected + ". ")


def test_proxy_refusing_writes(lab, proxy) -> None:
    proxy.answer(r"^(POST|DELETE) ", 403, {"message": "authorization denied by plugin"})
    writer = EngineWriter(EngineTarget(proxy.url, timeout=TIMEOUT), read_only=False)
    try:
        assert "bridge" in writer.network_drivers()  # reads still go through
        with pytest.raises(EngineError) as refused:
            writer.execute(CreateNetwork(lab.name("refused"), labels=tuple(lab.labels.items())))
    finally:
        writer.close()
    assert str(refused.value).startswith(
        "writes are not allowed here: the engine (or a proxy in front of it) does not allow this request: "
        "authorization denied by plugin"
    )
    assert not lab.client.networks.list(names=[lab.name("refused")])


async def test_proxy_refusing_the_event_stream(lab, proxy) -> None:
    proxy.answer(r"^GET /v[\d.]+/events", 403, {"message": "events are not allowed"})
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        assert await until(pilot, lambda: app.banner[1] == "warning")
        assert app.banner[0] == (
            "live updates are off: the engine (or a proxy in front of it) does not allow this request: "
            "events are not allowed (GET /events); press r to refresh."
        )
        net = lab.network("norefresh", subnet=lab.free_subnet())
        await pilot.press("r")
        assert await until(pilot, lambda: net.id in app.screen.table.keys)
        assert app.banner[1] == "warning"


async def test_proxy_refusing_container_inspects(lab, proxy) -> None:
    c = lab.container("uninspected")
    proxy.answer(r"^GET /v[\d.]+/containers/[0-9a-f]+/json", 403, {"message": "inspect is not allowed"})
    app = DockernetApp(engine_launch(host=proxy.url))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        assert app.snapshot.container(c.id) is not None  # shown from the list
        assert await until(pilot, lambda: app.banner[1] == "warning")
        assert re.fullmatch(
            re.escape("the engine (or a proxy in front of it) does not allow this request: inspect is not allowed ")
            + r"\(inspecting \d+ containers?\)"
            + re.escape(
                ": their aliases, links and --add-host entries are not shown; "
                "allow GET /containers/{id}/json to see them."
            ),
            app.banner[0],
        ), app.banner[0]


# -- workers ---------------------------------------------------------------------------------------


async def test_n_twice_against_a_slow_engine_opens_one_panel(lab, engine_host, sockdir, monkeypatch) -> None:
    slow = UnixProxy(engine_host.removeprefix("unix://"), str(sockdir / "slow.sock"))
    answers: list[DriversRead] = []
    post = tui.app.panels.post_safely

    def spy(target, message) -> None:
        if isinstance(message, DriversRead):
            answers.append(message)
        post(target, message)

    monkeypatch.setattr(tui.app.panels, "post_safely", spy)
    app = DockernetApp(engine_launch(host=slow.url))
    opened: list[object] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await live(pilot, app)
            slow.latency_s = 0.4  # from now on every request takes that long
            open_create = app.open_create
            app.open_create = lambda drivers: (opened.append(drivers), open_create(drivers))[1]  # type: ignore[method-assign]
            await pilot.press("n", "n")  # the second press cancels the first lookup
            assert await until(pilot, lambda: len(answers) == 2)  # both lookups answered...
            await pilot.pause()
            assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel))
            await pilot.pause()
            assert len(opened) == 1  # ...only the one not cancelled acted
            assert sum(isinstance(s, CreateNetworkPanel) for s in app.screen_stack) == 1
            assert answers[0].worker.is_cancelled and not answers[1].worker.is_cancelled
    finally:
        slow.close()


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


async def test_writes_and_lookups_reuse_one_client(lab, engine_host) -> None:
    app = DockernetApp(engine_launch(host=engine_host))
    async with app.run_test(size=SIZE) as pilot:
        assert await live(pilot, app)
        await pilot.press("n")  # the driver lookup opens the writer's client
        assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel))
        await pilot.press("escape")
        before = 0
        for round_ in range(3):
            if round_ == 1:
                before = open_fds()  # after a first round, every client has opened what it keeps
            name = lab.name(f"fd{round_}")
            app.post_message(ActionRequested(CreateNetwork(name, labels=tuple(lab.labels.items())), app))
            assert await until(pilot, lambda: app.snapshot.network(name) is not None)  # noqa: B023
            net = app.snapshot.network(name)
            app.post_message(ActionRequested(RemoveNetwork(Ref(net.id, name)), app))
            assert await until(pilot, lambda: app.snapshot.network(name) is None)  # noqa: B023
            app.drivers = None  # look the drivers up again, too
            await pilot.press("n")
            assert await until(pilot, lambda: isinstance(app.screen, CreateNetworkPanel))
            await pilot.press("escape")
        assert len(app.writers or {}) == 1
        assert open_fds() - before <= 2  # no socket per request


async def test_a_burst_of_events_against_a_slow_engine_shows_every_change(lab, engine_host, sockdir) -> None:
    slow = UnixProxy(engine_host.removeprefix("unix://"), str(sockdir / "slow.sock"))
    app = DockernetApp(engine_launch(host=slow.url))
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await live(pilot, app)
            slow.latency_s = 0.15  # a read now takes a while: events keep arriving during it
            burst = [lab.container(f"burst{i}") for i in range(6)]  # refreshes run while these arrive
            assert await until(pilot, lambda: all(app.snapshot.container(c.id) for c in burst), seconds=30)
    finally:
        slow.close()
