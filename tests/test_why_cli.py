"""`dockernet why` on the demo: the seed's tomcat1/tomcat2 case both ways, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from tui.cli.main import main


def test_tomcat2_reaches_tomcat1_by_its_link_name(capsys) -> None:
    assert main(["why", "--demo", "tomcat2", "tomcat1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("tomcat2 -> tomcat1: reachable, by name as tomcat1")
    assert "--link" in out
    assert "datapath: not available" in out  # the demo is no live engine


def test_tomcat1_reaches_tomcat2_by_ip_but_by_no_name(capsys) -> None:
    assert main(["why", "--demo", "tomcat1", "tomcat2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ip_reachable"] is True
    assert data["names"] == []
    assert [p["network"] for p in data["via"]] == ["bridge"]
    assert any("one-way" in r for r in data["reasons"])
    assert any("instead of --link" in f for f in data["fixes"])
    assert {"ip_reachable", "names", "via", "reasons", "fixes", "host_reachable", "published"} <= set(data)


def test_unreachable_pair_exits_1_with_a_fix(capsys) -> None:
    assert main(["why", "--demo", "web", "db"]) == 1
    out = capsys.readouterr().out
    assert "NOT reachable" in out
    assert "docker network connect backend web" in out


def test_containers_by_id_prefix(capsys) -> None:
    from tui.model.files import load_demo

    snap = load_demo()[1]
    web, api = snap.container("web"), snap.container("api")
    assert web is not None and api is not None
    assert main(["why", "--demo", web.id[:12], api.id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["src"], data["dst"]) == ("web", "api")


def test_unknown_container_is_one_line_exit_2(capsys) -> None:
    assert main(["why", "--demo", "tomcat1", "no-such-thing"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "dockernet: no container named or with id 'no-such-thing'"


def test_unknown_container_suggests_close_names(capsys) -> None:
    assert main(["why", "--demo", "tomcat1", "tomcatt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("dockernet: no container named or with id 'tomcatt' (did you mean ")
    assert "'tomcat1'" in err and "'tomcat2'" in err and len(err.splitlines()) == 1
    assert main(["why", "--demo", "tomcat", "hots"]) == 2  # SRC first; never 'host' for SRC
    assert "'host'" not in capsys.readouterr().err
    assert main(["why", "--demo", "tomcat1", "hots"]) == 2
    assert "'host'" in capsys.readouterr().err


def test_host_as_destination(capsys) -> None:
    from tui.model.files import load_demo

    snap = load_demo()[1]
    gw = next(e.gateway for e in snap.endpoints if e.network_name == "bridge" and e.gateway)
    assert main(["why", "--demo", "tomcat1", "host", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["dst"], data["addresses"][0], data["via"][0]["kind"]) == ("host", gw, "to-host")
    assert main(["why", "--demo", "nonec", "host"]) == 1
    out = capsys.readouterr().out
    assert "nonec -> host: NOT reachable" in out and "--network none" in out and "publishes" not in out
    assert main(["why", "--demo", "hostc", "host"]) == 0
    assert "it is the host" in capsys.readouterr().out


def test_same_container_is_itself_not_a_shared_namespace(capsys) -> None:
    assert main(["why", "--demo", "web", "web"]) == 0
    out = capsys.readouterr().out
    assert "web is web itself" in out and "container:" not in out
    assert "lo (its own network namespace): localhost" in out


def test_engine_error_is_exit_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "why", "-H", "unix:///nonexistent/docker.sock", "a", "b"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("dockernet: ") and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_live_engine_tomcat_case_both_ways_with_the_datapath(lab, engine_host: str, capsys) -> None:
    tomcat1 = lab.container("tomcat1")
    lab.container("tomcat2", links={lab.name("tomcat1"): lab.name("tomcat1")})
    t1, t2 = lab.name("tomcat1"), lab.name("tomcat2")
    assert main(["why", "-H", engine_host, t2, t1, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert t1 in data["names"]
    (wire,) = data["datapath"][t1]["wires"]
    assert wire["host_interface"].startswith("veth") and wire["bridge"]
    assert main(["why", "-H", engine_host, t1, tomcat1.id[:12]]) == 0  # SRC == DST: over lo
    capsys.readouterr()
    assert main(["why", "-H", engine_host, t1, t2]) == 0
    out = capsys.readouterr().out
    assert "reachable, by IP only, by no name" in out
    assert f"datapath of {t2}: eth0 (bridge) = veth" in out
    lab.container("nonec", network_mode="none")
    assert main(["why", "-H", engine_host, t1, lab.name("nonec")]) == 1
    assert f"datapath of {lab.name('nonec')}: none: it has only lo" in capsys.readouterr().out
