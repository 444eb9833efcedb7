"""Find and open the Docker Engine the way the docker CLI does.

Precedence (as the CLI): `--host`, then `--context`, then DOCKER_HOST (with DOCKER_TLS_VERIFY /
DOCKER_CERT_PATH), then DOCKER_CONTEXT, then `currentContext` in ~/.docker/config.json, then the
local socket. Errors become `EngineError` with one readable sentence: the CLI prints it and the
TUI shows it, neither shows a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions
from docker.tls import TLSConfig
from docker.utils import kwargs_from_env

from tui.model.errors import DockernetError

DEFAULT_HOST = "unix:///var/run/docker.sock"
DEFAULT_TIMEOUT = 10


class EngineError(DockernetError):
    """A failure talking to the engine, phrased for a person (one line, no traceback)."""


class ReadOnlyError(EngineError):
    """A write was attempted while dockernet runs read-only."""


@dataclass(frozen=True)
class EngineTarget:
    """Where the engine is and how to reach it."""

    base_url: str
    tls: TLSConfig | None = None
    context: str = ""

    @property
    def description(self) -> str:
        return f"{self.base_url} (context {self.context})" if self.context else self.base_url


def resolve_target(
    host: str | None = None, context: str | None = None, env: Mapping[str, str] | None = None
) -> EngineTarget:
    env = os.environ if env is None else env
    if host:
        return EngineTarget(host)
    if not context and env.get("DOCKER_HOST"):
        kwargs = kwargs_from_env(environment=dict(env))
        return EngineTarget(kwargs.get("base_url", env["DOCKER_HOST"]), kwargs.get("tls"))
    name = context or env.get("DOCKER_CONTEXT") or _current_context(env)
    if name == "default":
        return EngineTarget(DEFAULT_HOST)
    return _load_context(name, env)


def _config_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("DOCKER_CONFIG") or Path(env.get("HOME") or Path.home()) / ".docker")


def _current_context(env: Mapping[str, str]) -> str:
    try:
        return json.loads((_config_dir(env) / "config.json").read_text()).get("currentContext") or "default"
    except (OSError, ValueError, AttributeError):
        return "default"


def _load_context(name: str, env: Mapping[str, str]) -> EngineTarget:
    """Read a context from the CLI's store (contexts/meta/<sha256 of name>/meta.json)."""
    ident = hashlib.sha256(name.encode()).hexdigest()
    store = _config_dir(env) / "contexts"
    try:
        meta = json.loads((store / "meta" / ident / "meta.json").read_text())
    except FileNotFoundError:
        raise EngineError(f"docker context {name!r} not found (see `docker context ls`)") from None
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot read docker context {name!r}: {exc}") from None
    endpoint = (meta.get("Endpoints") or {}).get("docker") or {}
    host = endpoint.get("Host") or DEFAULT_HOST
    tls_dir = store / "tls" / ident / "docker"
    tls: TLSConfig | None = None
    if tls_dir.is_dir():
        ca, cert, key = (tls_dir / f for f in ("ca.pem", "cert.pem", "key.pem"))
        verify = False if endpoint.get("SkipTLSVerify") else (str(ca) if ca.exists() else True)
        client_cert = (str(cert), str(key)) if cert.exists() and key.exists() else None
        tls = TLSConfig(client_cert=client_cert, verify=verify)
    return EngineTarget(host, tls, name)


def open_client(target: EngineTarget, timeout: int | None = DEFAULT_TIMEOUT) -> docker.APIClient:
    """A low-level client; the API version is negotiated with the engine. `timeout=None` never times out."""
    if target.base_url.startswith("ssh://"):  # through the system ssh binary (tui.engine.remote)
        from tui.engine.remote import open_ssh_client

        try:
            return open_ssh_client(target.base_url, timeout)
        except Exception as exc:
            raise EngineError(explain(exc, target)) from None
    try:
        return docker.APIClient(
            base_url=target.base_url,
            tls=target.tls or False,
            timeout=timeout,  # type: ignore[arg-type]  # requests takes None (no timeout); the stub says int
            version="auto",
        )
    except Exception as exc:
        raise EngineError(explain(exc, target)) from None


def explain(exc: BaseException, target: EngineTarget | None = None) -> str:
    """One sentence for any failure the docker SDK or the transport raises."""
    where = target.description if target else "the Docker engine"
    if isinstance(exc, EngineError):
        return str(exc)
    if isinstance(exc, PermissionError) or "Permission denied" in str(exc):
        return f"permission denied on {where}: run as a user in the docker group, or as root"
    if isinstance(exc, docker.errors.APIError):
        return api_error_text(exc)
    if isinstance(exc, requests.exceptions.Timeout):
        return f"the engine at {where} did not answer in time"
    if isinstance(exc, (requests.exceptions.ConnectionError, FileNotFoundError, ConnectionError)):
        return f"cannot connect to the Docker engine at {where}: is dockerd running?"
    if isinstance(exc, docker.errors.DockerException):
        text = str(exc)
        if "FileNotFoundError" in text or "ConnectionRefused" in text or "Connection aborted" in text:
            return f"cannot connect to the Docker engine at {where}: is dockerd running?"
        if "PermissionError" in text:
            return f"permission denied on {where}: run as a user in the docker group, or as root"
        return f"Docker error: {text.splitlines()[0] if text else type(exc).__name__}"
    return f"{type(exc).__name__}: {exc}"


def api_error_text(exc: docker.errors.APIError) -> str:
    """The engine's own words for a refused request (what the docker CLI would print)."""
    status = getattr(exc.response, "status_code", None)
    explanation: Any = exc.explanation
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    text = str(explanation or exc).strip()
    if status == 403:
        return f"the engine (or a proxy in front of it) does not allow this request: {text}"
    return text
