"""`dockernet serve`: its safety defaults (loopback, read-only, warnings) and its one-line failures.

The warnings for a bind elsewhere than loopback are checked as the pure function that words them
(`bind_notes`): a test must not open a port on a real interface. Serving itself, in a browser, is
`tests/test_browser.py`.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from argparse import Namespace

from tui.app.dockernet import DockernetApp
from tui.cli.main import build_parser
from tui.cli.run import build_launch
from tui.cli.serve import DEFAULT_BIND, bind_notes, child_argv, is_loopback, public_url
from tui.screens.base import StatusLine


def serve_args(*argv: str) -> Namespace:
    return build_parser().parse_args(["serve", *argv])


def test_default_bind_is_loopback_port_8000_and_read_only() -> None:
    args = serve_args("--demo")
    assert (args.bind, args.port, args.allow_writes) == ("127.0.0.1", 8000, False)
    assert DEFAULT_BIND == "127.0.0.1"
    notes = bind_notes(args.bind, args.port, args.allow_writes)
    assert notes[0] == "listening on 127.0.0.1:8000, loopback: only this machine can open it"
    assert notes[1].startswith("read-only (served)")
    assert not any(n.startswith("warning:") for n in notes)


def test_loopback_is_judged_by_address() -> None:
    for bind in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        assert is_loopback(bind), bind
    for bind in ("0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "myhost", "localhost.example.com"):
        assert not is_loopback(bind), bind


def test_not_loopback_without_allow_writes_warns_and_stays_read_only() -> None:
    notes = bind_notes("0.0.0.0", 8000, allow_writes=False)
    warnings = [n for n in notes if n.startswith("warning:")]
    assert len(warnings) == 1
    assert "not loopback" in warnings[0] and "no login" in warnings[0] and "port 8000" in warnings[0]
    assert "read-only" in warnings[0]
    assert any(n.startswith("read-only (served)") for n in notes)
    argv = child_argv(serve_args("--bind", "0.0.0.0"), allow_writes=False)
    assert "--read-only" in argv and "--served" in argv


def test_allow_writes_elsewhere_than_loopback_warns_who_drives_the_engine() -> None:
    notes = bind_notes("192.168.1.10", 9000, allow_writes=True)
    warnings = [n for n in notes if n.startswith("warning:")]
    assert len(warnings) == 1
    assert "whoever reaches port 9000 drives the Docker engine" in warnings[0]
    assert any(n.startswith("writes allowed (--allow-writes)") for n in notes)
    argv = child_argv(serve_args("--bind", "192.168.1.10", "--allow-writes"), allow_writes=True)
    assert "--read-only" not in argv


def test_allow_writes_on_loopback_says_so_without_a_network_warning() -> None:
    notes = bind_notes("127.0.0.1", 8000, allow_writes=True)
    assert not any(n.startswith("warning:") for n in notes)
    assert any("writes allowed" in n for n in notes)


def test_child_runs_dockernet_with_the_source_flags(tmp_path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("")
    args = serve_args(
        "--host", "unix:///x.sock", "--host", "b=ssh://me@b", "--context", "prod", "--config", str(config)
    )
    argv = child_argv(args, allow_writes=False)
    assert argv[:4] == [sys.executable, "-m", "tui.cli", "--served"]
    assert argv[4:] == [
        "--host",
        "unix:///x.sock",
        "--host",
        "b=ssh://me@b",
        "--context",
        "prod",
        "--config",
        str(config),
        "--read-only",
    ]
    assert child_argv(serve_args("--demo"), allow_writes=False)[4:] == ["--demo", "--read-only"]
    # The child's own command line parses, as a browser tab's process would.
    child = build_parser().parse_args(argv[3:])
    assert child.served and child.read_only and child.command is None


def test_public_url_brackets_ipv6_and_names_this_host_for_a_wildcard() -> None:
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8000) == "http://[::1]:8000"
    assert public_url("0.0.0.0", 8000) == f"http://{socket.getfqdn()}:8000"


async def test_served_status_line_says_read_only_served() -> None:
    for served, read_only_label in ((True, "read-only (served)"), (False, "read-only")):
        launch = build_launch(build_parser().parse_args(["--demo", *(["--served"] if served else [])]))
        assert launch.served is served and launch.read_only
        app = DockernetApp(launch)
        async with app.run_test(size=(140, 30)) as pilot:
            await pilot.pause()
            status = str(app.screen.query_one(StatusLine).render())
            assert status.endswith(read_only_label), status


def test_served_engine_with_writes_allowed_says_so() -> None:
    launch = build_launch(build_parser().parse_args(["--host", "unix:///nowhere.sock", "--served"]))
    assert not launch.read_only
    assert DockernetApp(launch).access_label == "served: writes allowed"


def run_serve(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "serve", *argv], capture_output=True, text=True, timeout=60)


def test_port_in_use_is_one_line_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_serve("--demo", "--port", str(port))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == f"dockernet: cannot listen on 127.0.0.1:{port}: Address already in use; " + (
        f"another program has it (--port {port + 1}?)\n"
    )


def test_bad_flags_are_one_line_exit_1(tmp_path) -> None:
    for argv, text in (
        (["--demo", "--port", "0"], "--port 0: give a port from 1 to 65535"),
        (["--read-only", "--allow-writes"], "--read-only and --allow-writes are alternatives"),
        (["--snapshot", str(tmp_path / "missing.json")], "does not exist"),
    ):
        proc = run_serve(*argv)
        assert proc.returncode == 1 and proc.stdout == "", argv
        assert proc.stderr.startswith("dockernet: ") and proc.stderr.count("\n") == 1, proc.stderr
        assert text in proc.stderr and "Traceback" not in proc.stderr
