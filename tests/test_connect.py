"""Finding the engine the way the docker CLI does: flags, env, contexts."""

from __future__ import annotations

import hashlib
import json

import pytest

from tui.engine.connect import DEFAULT_HOST, EngineError, resolve_target


@pytest.fixture
def docker_config(tmp_path, monkeypatch):
    """A private ~/.docker with one context "lab" and a currentContext choice."""
    cfg = tmp_path / ".docker"
    meta = cfg / "contexts" / "meta" / hashlib.sha256(b"lab").hexdigest()
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps({"Name": "lab", "Metadata": {}, "Endpoints": {"docker": {"Host": "tcp://10.1.2.3:2375"}}})
    )
    monkeypatch.setenv("DOCKER_CONFIG", str(cfg))
    monkeypatch.setenv("HOME", str(tmp_path))
    return cfg


def test_flag_host_wins(docker_config) -> None:
    env = {"DOCKER_HOST": "tcp://1.1.1.1:2375", "DOCKER_CONTEXT": "lab"}
    assert resolve_target("unix:///x.sock", "lab", env).base_url == "unix:///x.sock"


def test_docker_host_env(docker_config) -> None:
    assert resolve_target(env={"DOCKER_HOST": "tcp://1.1.1.1:2375"}).base_url.endswith("1.1.1.1:2375")


def test_context_flag_beats_docker_host(docker_config) -> None:
    target = resolve_target(context="lab", env={"DOCKER_HOST": "tcp://1.1.1.1:2375"})
    assert target.base_url == "tcp://10.1.2.3:2375" and target.context == "lab"


def test_docker_context_env_and_current_context(docker_config) -> None:
    assert resolve_target(env={"DOCKER_CONTEXT": "lab"}).base_url == "tcp://10.1.2.3:2375"
    assert resolve_target(env={}).base_url == DEFAULT_HOST
    (docker_config / "config.json").write_text(json.dumps({"currentContext": "lab"}))
    assert resolve_target(env={}).base_url == "tcp://10.1.2.3:2375"


def test_context_tls_material_is_used(docker_config) -> None:
    tls = docker_config / "contexts" / "tls" / hashlib.sha256(b"lab").hexdigest() / "docker"
    tls.mkdir(parents=True)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (tls / name).write_text("x")
    target = resolve_target(context="lab", env={})
    assert target.tls.verify == str(tls / "ca.pem") and target.tls.cert == (str(tls / "cert.pem"), str(tls / "key.pem"))


def test_unknown_context_is_a_readable_error(docker_config) -> None:
    with pytest.raises(EngineError, match="context 'nope' not found"):
        resolve_target(context="nope", env={})


def test_tls_env_is_honoured(docker_config, tmp_path) -> None:
    certs = tmp_path / "certs"
    certs.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (certs / name).write_text("x")
    target = resolve_target(
        env={"DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(certs)}
    )
    assert target.base_url.endswith("h:2376")
    assert target.tls is not None and target.tls.verify is True
    assert target.tls.ca_cert == str(certs / "ca.pem") and target.tls.cert == (
        str(certs / "cert.pem"),
        str(certs / "key.pem"),
    )
