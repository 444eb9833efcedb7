"""Engines behind `ssh://user@host[:port]`, reached through the system `ssh` binary as the docker CLI does.

Each HTTP connection is one `ssh … -- host docker system dial-stdio` process: the user's ssh
config, agent, keys and known_hosts apply, and the remote `docker` CLI relays the bytes to its
engine. The process's stdin and stdout are one end of a local socket pair, so the other end is a
real socket: read timeouts work as on any socket, and HTTP keep-alive reuses one process for the
two list requests of a steady-state refresh.

ssh never prompts: it runs with `BatchMode=yes` in a session of its own (no terminal to ask on),
and a host that wants a password, an unknown host key or a missing remote `docker` becomes an
`SSHError`, one sentence built from ssh's own stderr. `DOCKER_SSH_OPTS` adds ssh options (split
like a shell would; they come first, so they win over dockernet's defaults).

docker-py's own `use_ssh_client=True` transport is not used: it needs paramiko even to shell out,
lets ssh write to the terminal (under the TUI), cannot time out a read, and starts one ssh per request.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import docker
import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.connectionpool

from tui.engine.sshcommand import (
    EXIT_GRACE_SECONDS,
    MIN_API_VERSION,
    SSH_BASE_URL,
    SSHDestination,
    SSHError,
    failure_text,
    ssh_command,
)

if TYPE_CHECKING:
    from requests.sessions import _Settings  # the stubs' TypedDict of what requests merges


@dataclass
class _Pipe:
    """One running `ssh … dial-stdio`: its process, and its stderr gathered by a thread."""

    proc: subprocess.Popen[bytes]
    stderr: list[bytes] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def start_reader(self) -> None:
        threading.Thread(target=self._read, daemon=True, name="dockernet-ssh-stderr").start()

    def _read(self) -> None:
        stream = self.proc.stderr
        try:
            if stream is not None:
                fd = stream.fileno()
                for chunk in iter(lambda: os.read(fd, 4096), b""):
                    if sum(map(len, self.stderr)) < 65536:
                        self.stderr.append(chunk)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(Exception):
                self.proc.wait()  # reaped: no zombie left behind
            self.done.set()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.terminate()

    def outcome(self, wait: float) -> tuple[int | None, str] | None:
        """(exit status, stderr) once ssh has ended, or None while it still runs after `wait` seconds."""
        if not self.done.wait(wait):
            return None
        return self.proc.returncode, b"".join(self.stderr).decode("utf-8", "replace")


class SSHTunnel:
    """Starts `ssh … dial-stdio` processes for one destination and remembers the last one started."""

    def __init__(self, url: str, timeout: float | None, env: Mapping[str, str] | None = None) -> None:
        self.dest = SSHDestination.parse(url)
        self.env = dict(os.environ if env is None else env)
        ssh = shutil.which("ssh", path=self.env.get("PATH"))
        if ssh is None:
            raise SSHError("ssh:// engines need the OpenSSH client, and `ssh` is not on this machine's PATH")
        connect_timeout = int(timeout) if timeout else 10
        self.argv = ssh_command(self.dest, connect_timeout, self.env, ssh)
        self._lock = threading.Lock()
        self._last: _Pipe | None = None

    def open(self) -> tuple[socket.socket, _Pipe]:
        ours, theirs = socket.socketpair()
        env = {k: v for k, v in self.env.items() if k not in ("LD_LIBRARY_PATH", "SSL_CERT_FILE")}
        try:
            proc = subprocess.Popen(
                self.argv,
                stdin=theirs.fileno(),
                stdout=theirs.fileno(),
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,  # no terminal to prompt on, and ctrl+c in the TUI is not for ssh
            )
        except OSError as exc:
            ours.close()
            raise SSHError(f"cannot run ssh for {self.dest.display}: {exc.strerror or exc}") from None
        finally:
            theirs.close()
        pipe = _Pipe(proc)
        pipe.start_reader()
        with self._lock:
            self._last = pipe
        return ours, pipe

    def failure(self, wait: float = EXIT_GRACE_SECONDS) -> str | None:
        """Why the last connection failed, from ssh itself; None when ssh still runs (not its fault)."""
        with self._lock:
            pipe = self._last
        if pipe is None:
            return None
        outcome = pipe.outcome(wait)
        if outcome is None:
            return None
        return failure_text(self.dest, *outcome)


class _SSHConnection(urllib3.connection.HTTPConnection):
    def __init__(self, tunnel: SSHTunnel, timeout: float | None) -> None:
        super().__init__("localhost", timeout=timeout)
        self.tunnel = tunnel
        self.pipe: _Pipe | None = None

    def connect(self) -> None:
        sock, self.pipe = self.tunnel.open()
        sock.settimeout(self.timeout)
        self.sock = sock

    def close(self) -> None:
        super().close()
        if self.pipe is not None:
            self.pipe.stop()
            self.pipe = None


class _SSHConnectionPool(urllib3.connectionpool.HTTPConnectionPool):
    def __init__(self, tunnel: SSHTunnel, timeout: float | None, maxsize: int) -> None:
        super().__init__("localhost", timeout=timeout, maxsize=maxsize)
        self.tunnel = tunnel
        self.conn_timeout = timeout

    def _new_conn(self) -> _SSHConnection:
        return _SSHConnection(self.tunnel, self.conn_timeout)


class SSHAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter for `http+docker://ssh` URLs: one pool of ssh connections."""

    def __init__(self, tunnel: SSHTunnel, timeout: float | None, max_pool_size: int = 10) -> None:
        self.tunnel = tunnel
        self.pool = _SSHConnectionPool(tunnel, timeout, max_pool_size)
        super().__init__()

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> urllib3.connectionpool.HTTPConnectionPool:
        return self.pool

    def request_url(self, request: requests.PreparedRequest, proxies: Mapping[str, str] | None) -> str:
        return request.path_url  # no host to proxy to: the path is the whole request line

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().send(request, *args, **kwargs)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            if isinstance(exc, requests.exceptions.Timeout):
                raise
            reason = self.tunnel.failure()
            if reason is not None:
                raise SSHError(reason) from None
            raise

    def close(self) -> None:
        super().close()
        self.pool.close()


class SSHAPIClient(docker.APIClient):
    """A `docker.APIClient` whose requests go through `ssh … docker system dial-stdio`.

    The API version is negotiated with the engine (as `version="auto"`) over the ssh connection.
    """

    def __init__(
        self,
        url: str,
        timeout: float | None = 10,
        version: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        tunnel = SSHTunnel(url, timeout, env)
        # A placeholder tcp URL and a fixed version: the parent contacts nothing while it is built.
        super().__init__(base_url="tcp://127.0.0.1:9", version=MIN_API_VERSION, timeout=timeout)  # type: ignore[arg-type]  # requests takes None (no timeout); the stub says int
        self.tunnel = tunnel
        self.mount(SSH_BASE_URL, SSHAdapter(tunnel, timeout))
        self.base_url = SSH_BASE_URL
        self._version = version or str(self.version(api_version=False)["ApiVersion"])


def open_ssh_client(url: str, timeout: float | None, env: Mapping[str, str] | None = None) -> SSHAPIClient:
    return SSHAPIClient(url, timeout, env=env)


class TLSAPIClient(docker.APIClient):
    """A `docker.APIClient` whose TLS CA (DOCKER_CERT_PATH, a context's ca.pem) is the one used.

    requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE replace the session's own CA on every request
    (`Session.merge_environment_settings`): with either set, as many systems do, an engine's
    certificate would be checked against the system bundle and fail. The engine's own CA wins here,
    as with the docker CLI; proxies from the environment still apply.
    """

    def merge_environment_settings(
        self,
        url: str | bytes | None,
        proxies: MutableMapping[str, str] | None,
        stream: bool | None,
        verify: bool | str | None,
        cert: str | tuple[str, str] | None,
    ) -> _Settings:
        settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if verify is None and isinstance(self.verify, str):
            settings["verify"] = self.verify
        return settings
