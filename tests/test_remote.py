"""Remote engines: ssh:// through the system ssh binary, contexts of every kind, repeated --host/--context.

The ssh tests start their own sshd on a free 127.0.0.1 port (tests/sshd.py: host key, client key,
authorized_keys and config in tmp_path); its login runs the real docker CLI, whose DOCKER_HOST
(set through authorized_keys `environment=`) is the lab engine. The client reads only the config
file handed to it through DOCKER_SSH_OPTS, never ~/.ssh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pilot import until
from tests.sshd import SSHServer, keygen
from tui.app.dockernet import DockernetApp
from tui.app.launch import engine_launch
from tui.cli.main import build_parser
from tui.cli.source import engine_choices
from tui.engine.connect import EngineError, EngineTarget, open_client, resolve_target
from tui.engine.contexts import EngineChoice, choices_from_flags, host_label, list_contexts
from tui.engine.events import EngineEvent, EventWatcher
from tui.engine.reader import EngineReader
from tui.engine.sshcommand import SSHDestination, failure_text, ssh_command

ROOT = Path(__file__).resolve().parent.parent


def write_context(config: Path, name: str, host: str, description: str = "", tls: bool = False) -> Path:
    """A context in the docker CLI's store layout (as `docker context create` writes it)."""
    ident = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / ident
    meta.mkdir(parents=True, exist_ok=True)
    endpoint = {"Host": host, "SkipTLSVerify": False}
    (meta / "meta.json").write_text(
        json.dumps({"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": endpoint}})
    )
    if tls:
        certs = config / "contexts" / "tls" / ident / "docker"
        certs.mkdir(parents=True, exist_ok=True)
        for file in ("ca.pem", "cert.pem", "key.pem"):
            (certs / file).write_text("x")
    return meta


# -- ssh ------------------------------------------------------------------------------------


@pytest.fixture
def sshd(tmp_path: Path, engine_host: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SSHServer]:
    server = SSHServer.start(tmp_path / "sshd", docker_host=engine_host)
    monkeypatch.setenv("DOCKER_SSH_OPTS", server.opts)
    try:
        yield server
    finally:
        server.stop()


def ssh_error(url: str) -> str:
    with pytest.raises(EngineError) as caught:
        open_client(EngineTarget(url, timeout=5.0))
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_ssh_command_is_the_docker_clis(monkeypatch) -> None:
    dest = SSHDestination.parse("ssh://me@server:2222")
    argv = ssh_command(dest, 10, {"DOCKER_SSH_OPTS": "-F '/tmp/my config'"}, "ssh")
    assert argv[:3] == ["ssh", "-F", "/tmp/my config"]  # the user's options first: they win
    assert "BatchMode=yes" in argv and "ConnectTimeout=10" in argv
    assert argv[argv.index("-l") + 1] == "me" and argv[argv.index("-p") + 1] == "2222"
    assert argv[-5:] == ["--", "server", "docker", "system", "dial-stdio"]
    assert SSHDestination.parse("ssh://host") == SSHDestination("host")
    with pytest.raises(EngineError):
        SSHDestination.parse("ssh://host/some/path")


@pytest.mark.parametrize(
    ("code", "stderr", "expected"),
    [
        (255, "me@h: Permission denied (publickey,password).", "ssh authentication to me@h failed"),
        (255, "Host key verification failed.", "ssh does not trust the host key of me@h"),
        (255, "ssh: connect to host h port 22: Connection refused", "ssh to me@h: connection refused"),
        (255, "ssh: connect to host h port 22: Connection timed out", "ssh to me@h timed out"),
        (255, "ssh: Could not resolve hostname h: Name or service not known", "cannot resolve the host name"),
        (127, "bash: line 1: docker: command not found", "me@h has no docker CLI on its PATH"),
        (1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", "cannot reach its engine"),
        (
            1,
            "failed to open the raw stream connection: dial unix /run/docker.sock: connect: no such file or directory",
            "the docker CLI on me@h cannot reach its engine",
        ),
    ],
)
def test_ssh_failures_are_one_sentence(code: int, stderr: str, expected: str) -> None:
    text = failure_text(SSHDestination("h", "me"), code, stderr)
    assert expected in text and "\n" not in text


def test_ssh_engine_reads_like_a_local_one(sshd: SSHServer, lab, engine_host: str) -> None:
    net = lab.network("overssh", subnet=lab.free_subnet())
    target = resolve_target(host=sshd.url)
    reader = EngineReader(target)
    snap = reader.snapshot()
    assert snap.network(net.id) is not None
    assert snap.engine.server_version  # the engine's own version, through ssh
    deltas = []
    deadline = time.monotonic() + 15
    while 2 not in deltas and time.monotonic() < deadline:  # other tests may be changing containers
        before = reader.requests
        reader.read_raw()
        deltas.append(reader.requests - before)
        time.sleep(0.1)
    assert min(deltas) == 2, deltas  # steady state: two list requests, over one kept ssh connection


def test_ssh_errors_say_what_is_wrong(sshd: SSHServer, tmp_path: Path, engine_host: str, monkeypatch) -> None:
    # A key the server does not know: authentication fails, and no password is asked for.
    stranger = tmp_path / "stranger"
    keygen(stranger)
    sshd.client_config(stranger, alias="stranger")
    assert ssh_error("ssh://stranger").startswith("ssh authentication to stranger failed")
    # A host key not in known_hosts.
    sshd.client_config(sshd.root / "id_client", alias="unknown", known_hosts=tmp_path / "empty_known_hosts")
    assert "does not trust the host key" in ssh_error("ssh://unknown")
    # Nothing listens there.
    sshd.client_config(sshd.root / "id_client")
    assert ssh_error("ssh://root@127.0.0.1:1").endswith("connection refused (is sshd running there?)")
    # The remote login has no docker CLI on its PATH.
    nodocker = tmp_path / "nodocker"
    public = keygen(nodocker)
    sshd.authorize(public, engine_host, path="/nonexistent")
    sshd.client_config(nodocker, alias="nodocker")
    assert "has no docker CLI on its PATH" in ssh_error("ssh://nodocker")
    # The remote docker CLI cannot reach its engine.
    nodaemon = tmp_path / "nodaemon"
    public = keygen(nodaemon)
    sshd.authorize(public, f"unix://{tmp_path}/no-such.sock")
    sshd.client_config(nodaemon, alias="nodaemon")
    assert "the docker CLI on nodaemon cannot reach its engine" in ssh_error("ssh://nodaemon")


def test_no_ssh_process_outlives_its_client(sshd: SSHServer) -> None:
    def ours() -> list[str]:
        out = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if str(sshd.ssh_config) in line and "dial-stdio" in line]

    client = open_client(resolve_target(host=sshd.url))
    client.networks()
    assert len(ours()) == 1  # one ssh process, kept for the next request
    client.close()
    deadline = time.monotonic() + 5
    while ours() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ours() == []


def test_ssh_events_follow_the_remote_engine(sshd: SSHServer, lab) -> None:
    events: list[EngineEvent] = []
    states: list[bool] = []
    watcher = EventWatcher(resolve_target(host=sshd.url), events.append, lambda ok, text: states.append(ok))
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not states and time.monotonic() < deadline:
            time.sleep(0.05)
        assert states == [True]
        net = lab.network("sshevents", subnet=lab.free_subnet())
        deadline = time.monotonic() + 10
        while not any(e.network_id == net.id for e in events) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(e.network_id == net.id and e.action == "create" for e in events)
    finally:
        watcher.stop()
        thread.join(10)
    assert not thread.is_alive()


async def test_app_over_ssh_and_a_local_engine_merged(sshd: SSHServer, lab, engine2_host: str) -> None:
    from tests.test_engines import all_live, shown

    net = lab.network("sshapp", subnet=lab.free_subnet())
    app = DockernetApp(engine_launch(host=[sshd.url, engine2_host]))
    async with app.run_test(size=(160, 45)) as pilot:
        assert await until(pilot, lambda: all_live(app) and shown(app, net.id), seconds=20)
        assert list(app.sessions) == ["dnlab-ssh", "eng2"]
        assert app.snapshot.network(net.id).engine == "dnlab-ssh"
        later = lab.network("sshlater", subnet=lab.free_subnet())
        assert await until(pilot, lambda: shown(app, later.id), seconds=10)  # events through ssh


def test_cli_over_ssh(sshd: SSHServer, lab, tmp_path: Path) -> None:
    net = lab.network("sshcli", subnet=lab.free_subnet())
    env = {**os.environ, "DOCKER_HOST": sshd.url, "DOCKER_SSH_OPTS": sshd.opts}
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert f"network:{net.id}" in proc.stdout
    # A host that needs a password: one line, no prompt (stdin is closed), no traceback.
    stranger = tmp_path / "stranger"
    keygen(stranger)
    sshd.client_config(stranger, alias="stranger")
    env["DOCKER_HOST"] = "ssh://stranger"
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("dockernet: ssh authentication to stranger failed")
    assert len(proc.stderr.strip().splitlines()) == 1


# -- contexts and flags ---------------------------------------------------------------------


def test_list_contexts_as_docker_context_ls(tmp_path: Path) -> None:
    config = tmp_path / ".docker"
    write_context(config, "remote", "ssh://me@server", "over ssh")
    write_context(config, "secure", "tcp://10.0.0.5:2376", tls=True)
    broken = write_context(config, "broken", "tcp://x:1")
    (broken / "meta.json").write_text("{not json")
    (config / "config.json").write_text(json.dumps({"currentContext": "remote"}))
    env = {"DOCKER_CONFIG": str(config), "HOME": str(tmp_path)}
    found = {c.name: c for c in list_contexts(env)}
    assert next(iter(found)) == "default" and found["default"].host == "unix:///var/run/docker.sock"
    assert found["remote"].current and found["remote"].host == "ssh://me@server"
    assert found["remote"].description == "over ssh"
    assert found["secure"].tls and not found["secure"].current
    assert [c for c in found.values() if c.error and "cannot read" in c.error]  # listed, with why
    env["DOCKER_HOST"] = "tcp://1.2.3.4:2375"  # DOCKER_HOST: the default context is it, and current
    found = {c.name: c for c in list_contexts(env)}
    assert found["default"].host == "tcp://1.2.3.4:2375" and found["default"].current


def test_contexts_of_every_kind_resolve(tmp_path: Path) -> None:
    config = tmp_path / ".docker"
    write_context(config, "remote", "ssh://me@server")
    write_context(config, "secure", "tcp://10.0.0.5:2376", tls=True)
    env = {"DOCKER_CONFIG": str(config), "HOME": str(tmp_path)}
    assert resolve_target(context="remote", env=env).base_url == "ssh://me@server"
    secure = resolve_target(context="secure", env=env)
    assert secure.tls is not None and str(secure.tls.verify).endswith("ca.pem")
    assert resolve_target(context="default", env={**env, "DOCKER_HOST": "tcp://h:2375"}).base_url.endswith("h:2375")


def test_host_flag_keeps_the_tls_environment(tmp_path: Path) -> None:
    certs = tmp_path / "certs"
    certs.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (certs / name).write_text("x")
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs)}
    target = resolve_target(host="tcp://h:2376", env=env)
    assert target.tls is not None and target.tls.ca_cert == str(certs / "ca.pem")
    assert resolve_target(host="unix:///x.sock", env=env).tls is None


def test_repeated_flags_become_labelled_engines() -> None:
    args = build_parser().parse_args(
        ["--host", "unix:///tmp/dockernet-lab/docker.sock", "-H", "unix:///tmp/dockernet-lab/eng2/docker.sock"]
    )
    assert [(c.label, c.host) for c in engine_choices(args)] == [
        ("dockernet-lab", "unix:///tmp/dockernet-lab/docker.sock"),
        ("eng2", "unix:///tmp/dockernet-lab/eng2/docker.sock"),
    ]
    args = build_parser().parse_args(["--context", "a", "--context", "b", "export"])
    assert [(c.label, c.context) for c in engine_choices(args)] == [("a", "a"), ("b", "b")]
    assert choices_from_flags(["prod=ssh://me@h", "ssh://me@h2:22", "tcp://h2:2375"]) == [
        EngineChoice("prod", "ssh://me@h"),
        EngineChoice("h2", "ssh://me@h2:22"),
        EngineChoice("h2-2", "tcp://h2:2375"),
    ]
    assert choices_from_flags([]) == [EngineChoice("")]  # the CLI's own choice, one engine
    assert host_label("unix:///var/run/docker.sock") == "local"


def test_cli_export_merges_two_contexts(lab, engine_host: str, engine2_host: str, tmp_path: Path) -> None:
    config = tmp_path / ".docker"
    write_context(config, "one", engine_host)
    write_context(config, "two", engine2_host)
    net = lab.network("ctxcli", subnet=lab.free_subnet())
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    env["DOCKER_CONFIG"] = str(config)
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--context", "one", "--context", "two", "export"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    bridges = [n for n in data["nodes"] if n.get("kind") == "network" and n.get("name") == "bridge"]
    assert len({n["id"] for n in bridges}) == 2  # each engine's own default bridge
    assert any(n["id"] == f"network:{net.id}" for n in data["nodes"])
    # `snapshot` saves one engine: two are refused in one line.
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--context", "one", "--context", "two", "snapshot", "-o", "x.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        proc.returncode == 1
        and proc.stderr == "dockernet: this command reads one engine: give one --host or --context\n"
    )


# -- tcp with TLS: a TLS front (client certificates required) to the lab engine ----------------


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certs(where: Path) -> Path:
    """A CA, a server certificate for 127.0.0.1 and a client certificate; the client's files as DOCKER_CERT_PATH."""
    where.mkdir(parents=True, exist_ok=True)
    ca_key, ca = where / "ca-key.pem", where / "ca.pem"
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lab-ca",
        "-keyout", str(ca_key), "-out", str(ca),
    )  # fmt: skip
    usages = {
        "server": "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth",
        "client": "extendedKeyUsage=clientAuth",
    }
    for name, ext in usages.items():
        key, csr, cert, extfile = (where / f"{name}-{s}" for s in ("key.pem", "csr.pem", "cert.pem", "ext.cnf"))
        extfile.write_text(ext + "\n")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
        openssl(
            "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
            "-out", str(cert), "-days", "1", "-extfile", str(extfile),
        )  # fmt: skip
    client = where / "client"
    client.mkdir(exist_ok=True)
    (client / "ca.pem").write_bytes(ca.read_bytes())
    (client / "cert.pem").write_bytes((where / "client-cert.pem").read_bytes())
    (client / "key.pem").write_bytes((where / "client-key.pem").read_bytes())
    return client


GO_PLAIN_TO_TLS = b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"


class TLSFront:
    """`dockerd --tlsverify` stand-in: TLS on 127.0.0.1 (client certificate required), bytes to the lab socket."""

    def __init__(self, certs: Path, upstream: str) -> None:
        self.upstream = upstream
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certs / "server-cert.pem", certs / "server-key.pem")
        self.context.load_verify_locations(certs / "ca.pem")
        self.context.verify_mode = ssl.CERT_REQUIRED
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        with contextlib.suppress(OSError):
            if raw.recv(4, socket.MSG_PEEK) in (b"GET ", b"POST", b"HEAD"):  # plain HTTP on the TLS port
                raw.sendall(GO_PLAIN_TO_TLS)  # what Go's TLS server (dockerd) answers
                raw.shutdown(socket.SHUT_WR)
                raw.settimeout(2)
                while raw.recv(65536):  # read the rest: closing on unread data would reset
                    pass
                raw.close()
                return
        try:
            conn = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        upstream = socket.socket(socket.AF_UNIX)
        upstream.connect(self.upstream)
        threading.Thread(target=_pump, args=(upstream, conn), daemon=True).start()
        _pump(conn, upstream)

    def close(self) -> None:
        self.server.close()


def _pump(a: socket.socket, b: socket.socket) -> None:
    try:
        while data := a.recv(65536):
            b.sendall(data)
    except OSError:
        pass
    finally:
        for s in (a, b):
            with contextlib.suppress(OSError):
                s.close()


@pytest.fixture
def tls_engine(tmp_path: Path, engine_host: str) -> Iterator[tuple[TLSFront, Path]]:
    client = make_certs(tmp_path / "certs")
    front = TLSFront(tmp_path / "certs", engine_host.removeprefix("unix://"))
    try:
        yield front, client
    finally:
        front.close()


def test_tls_from_the_environment_and_from_a_context(tls_engine, lab, tmp_path: Path, monkeypatch) -> None:
    # Many systems set these; requests would let them replace the engine's own CA.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    front, client = tls_engine
    net = lab.network("tls", subnet=lab.free_subnet())
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(client), "HOME": str(tmp_path)}
    # DOCKER_HOST with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, and --host with the same environment.
    for target in (resolve_target(env={**env, "DOCKER_HOST": front.url}), resolve_target(host=front.url, env=env)):
        assert target.tls is not None
        assert EngineReader(target).snapshot().network(net.id) is not None
    # A context with the TLS material stored beside it, as `docker context create … ca=,cert=,key=` does.
    config = tmp_path / ".docker"
    meta = write_context(config, "secure", front.url)
    tls_dir = config / "contexts" / "tls" / meta.name / "docker"
    tls_dir.mkdir(parents=True)
    for file in ("ca.pem", "cert.pem", "key.pem"):
        (tls_dir / file).write_bytes((client / file).read_bytes())
    target = resolve_target(context="secure", env={"DOCKER_CONFIG": str(config)})
    assert EngineReader(target).snapshot().network(net.id) is not None


def test_tls_mismatches_are_one_sentence(tls_engine, tmp_path: Path) -> None:
    front, _ = tls_engine
    # Plain HTTP to a TLS port: the engine expects TLS.
    plain = EngineTarget(front.url, timeout=5.0)
    with pytest.raises(EngineError) as caught:
        EngineReader(plain).snapshot()
    assert str(caught.value).startswith(f"the engine at {front.url} expects TLS: set DOCKER_TLS_VERIFY=1")
    # TLS with certificates of another CA: the server's certificate is not trusted.
    other = make_certs(tmp_path / "other")
    env = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(other), "HOME": str(tmp_path)}
    with pytest.raises(EngineError) as caught:
        EngineReader(resolve_target(host=front.url, env=env)).snapshot()
    text = str(caught.value)
    assert text.startswith(f"TLS with the engine at {front.url} failed (") and "\n" not in text
