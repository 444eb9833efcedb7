"""The command line: export/snapshot on the demo, saved files, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys
from argparse import Namespace

import pytest

from tui.cli.main import main
from tui.cli.source import source_kind
from tui.model.errors import SourceError
from tui.model.files import load_demo, save_raw


def test_export_demo_json(capsys) -> None:
    assert main(["export", "--demo"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any(n["name"] == "tomcat1" for n in data["nodes"])


def test_export_to_file_in_each_format(tmp_path) -> None:
    for fmt in ("json", "dot", "graphml", "mermaid"):
        out = tmp_path / f"g.{fmt}"
        assert main(["export", "--demo", "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 100


def test_saved_snapshot_is_read_back(tmp_path, capsys) -> None:
    raw, _ = load_demo()
    path = tmp_path / "snap.json"
    save_raw(raw, path)
    assert main(["export", "--snapshot", str(path)]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["--demo", "export"]) == 0  # global flags before the command work too
    from_demo = json.loads(capsys.readouterr().out)
    assert from_file["nodes"] == from_demo["nodes"]


def test_bad_snapshot_file_is_one_line_exit_1(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["export", "--snapshot", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dockernet: ") and err.count("\n") == 1 and "not JSON" in err
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    assert main(["export", "--snapshot", str(other)]) == 1
    assert "not a dockernet snapshot" in capsys.readouterr().err
    assert main(["export", "--snapshot", str(tmp_path / "missing.json")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_unreachable_engine_is_one_line_exit_1(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--host", f"unix://{tmp_path}/no.sock"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("dockernet: cannot connect to the Docker engine at unix://")
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_permission_denied_on_socket_is_explained() -> None:
    """What the SDK raises for a socket the user may not open (root cannot reproduce it here)."""
    import requests.exceptions

    from tui.engine.connect import EngineTarget, explain

    exc = requests.exceptions.ConnectionError(("Connection aborted.", PermissionError(13, "Permission denied")))
    text = explain(exc, EngineTarget("unix:///var/run/docker.sock"))
    assert text.startswith("permission denied on unix:///var/run/docker.sock")
    assert "docker group" in text


def test_demo_and_snapshot_together_is_refused(capsys) -> None:
    assert main(["export", "--demo", "--snapshot", "x.json"]) == 1
    assert capsys.readouterr().err == "dockernet: --demo and --snapshot are alternatives; give one\n"


def test_a_source_error_is_printed_as_it_is_phrased(tmp_path, capsys) -> None:
    missing = tmp_path / "missing.json"
    assert main(["export", "--snapshot", str(missing)]) == 1
    assert capsys.readouterr().err == f"dockernet: snapshot file {missing} does not exist\n"


def test_source_kind_is_decided_from_the_flags() -> None:
    assert source_kind(Namespace(demo=True, snapshot=None)) == "demo"
    assert source_kind(Namespace(demo=False, snapshot="s.json")) == "snapshot"
    assert source_kind(Namespace(demo=False, snapshot=None, host="unix:///x.sock")) == "engine"
    assert source_kind(Namespace()) == "engine"  # a namespace without the flags: the engine
    with pytest.raises(SourceError, match="alternatives"):
        source_kind(Namespace(demo=True, snapshot="s.json"))
