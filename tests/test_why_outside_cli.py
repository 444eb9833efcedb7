"""`dockernet why host|outside DST[:PORT]` on the real lab engine, as a user runs it.

The tests run in the lab engine's namespace as root, so the command reads the real firewall and
the listening sockets; the verdict's steps quote the engine's own DNAT and ACCEPT rules. Whether
each verdict is what the kernel does is tests/test_outside_matrix.py's job.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.lab import Lab
from tui.cli.main import main

SERVE = ["busybox", "httpd", "-f", "-p", "80"]


@pytest.fixture(scope="module")
def web(docker_client, engine_host: str) -> Iterator[tuple[Lab, Any]]:  # type: ignore[no-untyped-def]
    lab = Lab(docker_client, prefix="dnwhyo-")
    try:
        container = lab.container("web", command=SERVE, ports={"80/tcp": 19201})
        lab.container("quiet", command=SERVE)
        yield lab, container
    finally:
        lab.cleanup()


def test_outside_reaches_a_published_port_and_names_the_rules(web, engine_host: str, capsys) -> None:  # type: ignore[no-untyped-def]
    lab, container = web
    assert main(["why", "--host", engine_host, "outside", f"{lab.name('web')}:80", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reachable"] is True and data["ports"] == [80]
    ip = container.attrs["NetworkSettings"]["IPAddress"]
    ways = [p for p in data["paths"] if p["reachable"]]
    assert ways, data
    assert any(f"--dport 19201 -j DNAT --to-destination {ip}:80" in s for s in ways[0]["steps"])
    assert any(f"-A DOCKER -d {ip}/32" in s for s in ways[0]["steps"])


def test_the_host_reaches_it_at_loopback_through_docker_proxy(web, engine_host: str, capsys) -> None:  # type: ignore[no-untyped-def]
    lab, _ = web
    assert main(["why", "--host", engine_host, "host", lab.name("web")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"the host -> {lab.name('web')}:80: reachable")
    assert "127.0.0.1:19201  yes" in out
    assert "docker-proxy (19201->80/tcp) forwards it to" in out


def test_an_unpublished_port_is_not_reachable_through_the_host(web, engine_host: str, capsys) -> None:  # type: ignore[no-untyped-def]
    lab, _ = web
    assert main(["why", "--host", engine_host, "outside", f"{lab.name('quiet')}:80"]) == 1
    out = capsys.readouterr().out
    assert "not reachable" in out.splitlines()[0]
    assert "80 is not published" in out
    assert "from a machine that routes 172.17.0.0/16 through this host" in out


def test_mistakes_are_one_line_and_exit_2(web, engine_host: str, capsys) -> None:  # type: ignore[no-untyped-def]
    lab, _ = web
    assert main(["why", "--host", engine_host, "outside", f"{lab.name('web')}:http"]) == 2
    assert "is not a port number" in capsys.readouterr().err
    assert main(["why", "--host", engine_host, "outside", f"{lab.name('wbe')}:80"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean" in err
