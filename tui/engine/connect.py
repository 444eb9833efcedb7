"""Find and open the Docker Engine the way the docker CLI does.

Precedence (as the CLI): `--host`, then `--context`, then DOCKER_HOST (with DOCKER_TLS_VERIFY /
DOCKER_CERT_PATH), then DOCKER_CONTEXT, then `currentContext` in ~/.docker/config.json, then the
local socket. Errors become `EngineError` with one readable sentence: the CLI prints it and the
TUI shows it, neither shows a traceback.

Every request gives up after `EngineTarget.timeout` seconds (10, or `DOCKERNET_TIMEOUT`): an engine
that accepts connections and never answers is reported as "not answering", it never blocks a
thread for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import math
import os
import socket
import ssl
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import docker
import docker.constants
import docker.errors
import requests.exceptions
import urllib3.exceptions
from docker.tls import TLSConfig
from docker.transport.unixconn import UnixHTTPAdapter, UnixHTTPConnectionPool
from docker.utils import kwargs_from_env, parse_host

from tui.engine.fanout import WIDTH
from tui.model.errors import DockernetError

DEFAULT_HOST = "unix:///var/run/docker.sock"
DEFAULT_TIMEOUT = 10.0  # seconds one request may take before the engine counts as not answering
TIMEOUT_ENV = "DOCKERNET_TIMEOUT"  # overrides DEFAULT_TIMEOUT (seconds, e.g. 2.5)
OLDEST_API = docker.constants.MINIMUM_DOCKER_API_VERSION  # the docker SDK refuses older engines
OLDEST_RELEASE = "1.12"  # the Docker release that brought API 1.24
CANNOT_CONNECT = "cannot connect to the Docker engine at"
PLAIN_TO_TLS = "Client sent an HTTP request to an HTTPS server"  # Go's answer on a TLS port
TLS_FILES = ("ca.pem", "cert.pem", "key.pem")


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
    timeout: float = DEFAULT_TIMEOUT  # seconds any one request may take (DOCKERNET_TIMEOUT)

    @property
    def description(self) -> str:
        return f"{self.base_url} (context {self.context})" if self.context else self.base_url


def resolve_target(
    host: str | None = None, context: str | None = None, env: Mapping[str, str] | None = None
) -> EngineTarget:
    env = os.environ if env is None else env
    return replace(_resolve(host, context, env), timeout=timeout_from(env))


def _resolve(host: str | None, context: str | None, env: Mapping[str, str]) -> EngineTarget:
    if host:  # as `docker -H tcp://…`: DOCKER_TLS_VERIFY / DOCKER_CERT_PATH still apply
        return EngineTarget(host, _env_tls(env) if host.startswith(("tcp://", "https://")) else None)
    if context in (None, "", "default") and env.get("DOCKER_HOST"):  # the default context is DOCKER_HOST
        kwargs = _env_kwargs(env)
        return EngineTarget(kwargs.get("base_url", env["DOCKER_HOST"]), kwargs.get("tls"))
    name = context or env.get("DOCKER_CONTEXT") or _current_context(env)
    if name == "default":
        return EngineTarget(DEFAULT_HOST)
    return _load_context(name, env)


def _env_kwargs(env: Mapping[str, str]) -> Mapping[str, Any]:
    """DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH read as the SDK does."""
    try:
        return kwargs_from_env(environment=dict(env))
    except docker.errors.TLSParameterError as exc:
        raise EngineError(_tls_env_problem(env, exc)) from None


def _env_tls(env: Mapping[str, str]) -> TLSConfig | None:
    """The TLS settings the environment gives a `--host tcp://…` (none when DOCKER_TLS_VERIFY is unset)."""
    tls = _env_kwargs(env).get("tls")
    return tls if isinstance(tls, TLSConfig) else None


def timeout_from(env: Mapping[str, str]) -> float:
    """DOCKERNET_TIMEOUT (seconds), or DEFAULT_TIMEOUT when unset."""
    text = (env.get(TIMEOUT_ENV) or "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise EngineError(f"{TIMEOUT_ENV}={text!r} is not a number of seconds: set it to e.g. 10, or unset it")
    return seconds


def _tls_env_problem(env: Mapping[str, str], exc: Exception) -> str:
    """Why DOCKER_TLS_VERIFY / DOCKER_CERT_PATH cannot be used (the SDK only says a path is missing)."""
    cert_dir = env.get("DOCKER_CERT_PATH") or str(Path.home() / ".docker")
    which = "DOCKER_TLS_VERIFY" if env.get("DOCKER_TLS_VERIFY") else "DOCKER_CERT_PATH"
    missing = [name for name in TLS_FILES if not (Path(cert_dir) / name).is_file()]
    if not missing:
        return f"the TLS settings for {env.get('DOCKER_HOST')} cannot be used ({exc}): check {which}"
    files = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    return (
        f"{which} is set but {files} {'is' if len(missing) == 1 else 'are'} missing from {cert_dir}: "
        "set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY"
    )


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
        ca, cert, key = (tls_dir / f for f in TLS_FILES)
        if not (ca.exists() or cert.exists() or key.exists()):
            missing = "its TLS files (ca.pem, cert.pem, key.pem) are"
        elif cert.exists() != key.exists():
            missing = f"{(key if cert.exists() else cert).name} is"
        else:
            missing = ""
        if missing:
            raise EngineError(
                f"docker context {name!r} uses TLS but {missing} gone from {tls_dir}: restore the files, or "
                f"recreate the context (docker context create {name} --docker host=...,ca=...,cert=...,key=...)"
            )
        verify = False if endpoint.get("SkipTLSVerify") else (str(ca) if ca.exists() else True)
        client_cert = (str(cert), str(key)) if cert.exists() and key.exists() else None
        tls = TLSConfig(client_cert=client_cert, verify=verify)
    return EngineTarget(host, tls, name)


def open_client(target: EngineTarget, timeout: float | None = None) -> docker.APIClient:
    """A low-level client; the API version is negotiated with the engine (one request).

    Every request it sends gives up after `timeout` seconds (`target.timeout` by default): a hung
    engine becomes an `EngineError`, never a thread blocked for good.
    """
    seconds = target.timeout if timeout is None else timeout
    if target.base_url.startswith("ssh://"):  # through the system ssh binary (tui.engine.remote)
        from tui.engine.remote import open_ssh_client

        try:
            return open_ssh_client(target.base_url, seconds)
        except Exception as exc:
            raise EngineError(explain(exc, target)) from None
    # A TLS client keeps its own CA even when REQUESTS_CA_BUNDLE is set (tui.engine.remote).
    from tui.engine.remote import TLSAPIClient

    try:
        client = (TLSAPIClient if target.tls else docker.APIClient)(
            base_url=target.base_url,
            tls=target.tls or False,
            timeout=seconds,  # type: ignore[arg-type]  # requests takes float seconds; the stub says int
            version="auto",
            max_pool_size=WIDTH,  # the reader keeps that many requests in flight (tui.engine.fanout)
        )
        if target.base_url.startswith(("unix://", "http+unix://")):
            _one_pool(client, target, seconds)
        return client
    except docker.errors.InvalidVersion:
        raise EngineError(_too_old(target, seconds)) from None
    except Exception as exc:
        raise EngineError(explain(exc, target)) from None


class _OnePoolAdapter(UnixHTTPAdapter):
    """The SDK's unix-socket adapter keeps a connection pool, and so an open socket, per request URL
    (25 of them: one per container inspected, per network removed ...). This one keeps one pool
    for the socket, whatever the URL: a client holds as many sockets as it has requests under way."""

    def get_connection(self, url: bytes | str, proxies: Any = None) -> UnixHTTPConnectionPool:
        return super().get_connection(UNIX_POOL, proxies)


UNIX_POOL = "http+docker://localhost"


def _one_pool(client: docker.APIClient, target: EngineTarget, seconds: float) -> None:
    """Swap the client's unix-socket adapter for `_OnePoolAdapter` (closing the one the SDK made)."""
    old = client.adapters.get("http+docker://")
    socket_url = parse_host(target.base_url)
    client.mount(
        "http+docker://",
        _OnePoolAdapter(socket_url, seconds, max_pool_size=WIDTH),  # type: ignore[arg-type]  # float seconds; the stub says int
    )
    if old is not None:
        old.close()


def _too_old(target: EngineTarget, seconds: float) -> str:
    """The engine's API is older than the SDK (and so dockernet) can use: say which it is."""
    api, release = "?", "?"
    with contextlib.suppress(Exception):
        probe = docker.APIClient(
            base_url=target.base_url,
            tls=target.tls or False,
            timeout=seconds,  # type: ignore[arg-type]  # requests takes float seconds; the stub says int
            version=OLDEST_API,
        )
        try:
            version = probe.version(api_version=False)
            api, release = str(version.get("ApiVersion") or "?"), str(version.get("Version") or "?")
        finally:
            probe.close()
    return (
        f"the engine at {target.description} speaks Docker API {api} (Docker {release}), older than dockernet can "
        f"use (API {OLDEST_API}, Docker {OLDEST_RELEASE}, or newer): upgrade the engine"
    )


def causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (causes, contexts, urllib3 reasons, exception args)."""
    found: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is seen for seen in found):
            continue
        found.append(item)
        todo.extend([item.__cause__, item.__context__, getattr(item, "reason", None), *item.args])
    return found


def is_timeout(exc: BaseException) -> bool:
    """The engine took longer than the timeout to connect or to answer (it may be hung)."""
    timeouts = (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
    # urllib3's NewConnectionError (e.g. connection refused) is a ConnectTimeoutError for old callers' sake.
    return any(
        isinstance(e, timeouts) and not isinstance(e, urllib3.exceptions.NewConnectionError) for e in causes(exc)
    )


def _unix_path(base_url: str) -> str:
    for prefix in ("unix://", "http+unix://"):
        if base_url.startswith(prefix):
            return base_url.removeprefix(prefix)
    return ""


def _not_a_socket(base_url: str) -> str:
    """'a directory', 'a regular file', ... when a unix:// URL names something that is not a socket."""
    path = _unix_path(base_url)
    try:
        mode = os.stat(path).st_mode if path else 0
    except OSError:
        return ""
    if not mode or stat.S_ISSOCK(mode):
        return ""
    return "a directory" if stat.S_ISDIR(mode) else "a regular file" if stat.S_ISREG(mode) else "not a socket"


def explain(exc: BaseException, target: EngineTarget | None = None) -> str:
    """One sentence for any failure the docker SDK or the transport raises: what is wrong, and what to do.

    The transport's own words (urllib3's "HTTPConnectionPool(...): Max retries exceeded ...") never
    reach the user: the failure is recognised by the exceptions it wraps.
    """
    if isinstance(exc, EngineError):
        return str(exc)
    where = target.description if target else "the Docker engine"
    engine = f"the engine at {where}" if target else "the Docker engine"
    cannot = f"{CANNOT_CONNECT} {where}" if target else "cannot connect to the Docker engine"
    if PLAIN_TO_TLS in str(exc):  # dockerd --tlsverify answering a request without TLS
        return (
            f"{engine} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (the directory of ca.pem, "
            "cert.pem and key.pem), or use a context made with its TLS files"
        )
    if isinstance(exc, docker.errors.APIError):
        return api_error_text(exc)
    chain = causes(exc)

    def found(*types: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    if found(PermissionError) or "Permission denied" in str(exc):
        return f"permission denied on {where}: run as a user in the docker group, or as root"
    if (tls := found(ssl.SSLError)) is not None or found(requests.exceptions.SSLError):
        reason = getattr(tls, "reason", None) or getattr(tls, "strerror", None) or "handshake failed"
        return (
            f"TLS with {engine} failed ({reason}): check the certificates (DOCKER_CERT_PATH, or the context's "
            "TLS files) and that the engine expects TLS on that address"
        )
    if is_timeout(exc):
        seconds = f" (no reply within {target.timeout:g} s)" if target else ""
        return (
            f"{engine} is not answering{seconds}: check that dockerd is healthy (docker info on its host), "
            f"or set {TIMEOUT_ENV} to wait longer"
        )
    if found(socket.gaierror):
        return f"{cannot}: its host name does not resolve; check DOCKER_HOST, --host or the context"
    if found(FileNotFoundError):
        return f"{cannot}: is dockerd running?"
    if found(ConnectionRefusedError):
        kind = _not_a_socket(target.base_url) if target else ""
        if kind:
            path = _unix_path(target.base_url) if target else ""
            return f"{cannot}: {path} is {kind}, not a socket; point DOCKER_HOST or --host at dockerd's socket"
        return f"{cannot}: is dockerd running?"
    if found(ConnectionResetError, BrokenPipeError, http.client.BadStatusLine):
        return (
            f"{engine} closed the connection without answering: check that it is a Docker engine "
            "(a proxy in front of it may be refusing dockernet)"
        )
    if found(requests.exceptions.ConnectionError, urllib3.exceptions.HTTPError, ConnectionError):
        return f"{cannot}: is dockerd running?"
    if isinstance(exc, docker.errors.DockerException):
        text = str(exc).strip().removeprefix("Error while fetching server API version: ")
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
