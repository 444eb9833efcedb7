"""Where an `ssh://user@host[:port]` engine is, the ssh command that reaches it, and ssh's failures in words.

Split from `tui.engine.remote` (the transport): ssh runs with `BatchMode=yes`, never prompting, and
what it prints on failure becomes one sentence that says what to do (load a key, accept a host key,
install the docker CLI there).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from tui.engine.connect import EngineError

SSH_OPTS_ENV = "DOCKER_SSH_OPTS"
# Kept so that the client is never mistaken for the SDK's own transports (unix, npipe, tcp).
SSH_BASE_URL = "http+docker://ssh"
# How long a failed connection waits for ssh to exit and say why.
EXIT_GRACE_SECONDS = 2.0
MIN_API_VERSION = "1.24"
# What the remote `docker system dial-stdio` says when its own engine does not answer.
DAEMON_UNREACHABLE = ("raw stream connection", "cannot connect to the docker daemon", "while trying to connect")


class SSHError(EngineError):
    """The ssh connection to an engine failed; the text is one sentence for a person."""


@dataclass(frozen=True)
class SSHDestination:
    """`ssh://[user@]host[:port]` taken apart."""

    host: str
    user: str | None = None
    port: int | None = None

    @classmethod
    def parse(cls, url: str) -> SSHDestination:
        parsed = urlparse(url)
        if parsed.scheme != "ssh" or not parsed.hostname:
            raise EngineError(f"not an ssh URL: {url!r} (use ssh://user@host or ssh://user@host:port)")
        if parsed.path not in ("", "/") or parsed.query or parsed.password:
            raise EngineError(f"ssh URL {url!r} may hold only user, host and port (ssh://user@host:port)")
        try:
            port = parsed.port
        except ValueError:
            raise EngineError(f"ssh URL {url!r} has a bad port number") from None
        return cls(parsed.hostname, parsed.username, port)

    @property
    def display(self) -> str:
        where = f"{self.user}@{self.host}" if self.user else self.host
        return f"{where}:{self.port}" if self.port else where

    @property
    def login_command(self) -> str:
        where = f"{self.user}@{self.host}" if self.user else self.host
        return f"ssh -p {self.port} {where}" if self.port else f"ssh {where}"


def ssh_command(
    dest: SSHDestination, connect_timeout: int, env: Mapping[str, str] | None = None, ssh: str = "ssh"
) -> list[str]:
    """The argv that opens a byte pipe to the engine of `dest` (as the docker CLI's ssh helper)."""
    env = os.environ if env is None else env
    extra = shlex.split(env.get(SSH_OPTS_ENV, ""))
    argv = [ssh, *extra, "-T", "-o", "BatchMode=yes", "-o", f"ConnectTimeout={max(1, connect_timeout)}"]
    # A silently dead link would leave the event stream (no read timeout) waiting for ever.
    argv += ["-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3"]
    if dest.user:
        argv += ["-l", dest.user]
    if dest.port:
        argv += ["-p", str(dest.port)]
    return [*argv, "--", dest.host, "docker", "system", "dial-stdio"]


def failure_text(dest: SSHDestination, returncode: int | None, stderr: str) -> str:
    """ssh's exit status and stderr as one sentence (what to do about it included)."""
    where = dest.display
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    text = "\n".join(lines)
    low = text.lower()
    last = lines[-1] if lines else ""
    if "permission denied" in low and ("publickey" in low or "password" in low or "keyboard" in low):
        return (
            f"ssh authentication to {where} failed: dockernet never asks for a password, so load a key "
            "into ssh-agent or name it with IdentityFile in ~/.ssh/config"
        )
    if "host key verification failed" in low or "remote host identification has changed" in low:
        return f"ssh does not trust the host key of {where}: run `{dest.login_command}` once to check and accept it"
    if "could not resolve hostname" in low or "name or service not known" in low:
        return f"ssh cannot resolve the host name in {where}"
    if "connection refused" in low and "docker" not in low:
        return f"ssh to {where}: connection refused (is sshd running there?)"
    if "timed out" in low and "docker" not in low:
        return f"ssh to {where} timed out"
    if "no route to host" in low or "network is unreachable" in low:
        return f"ssh to {where}: no route to the host"
    if any(phrase in low for phrase in DAEMON_UNREACHABLE):
        return f"the docker CLI on {where} cannot reach its engine: {last}"
    if returncode == 127 or ("docker" in low and ("not found" in low or "no such file" in low)):
        return (
            f"{where} has no docker CLI on its PATH: dockernet runs `docker system dial-stdio` there "
            "over ssh, so install the docker CLI on that host"
        )
    if "unknown command" in low and "dial-stdio" in low:
        return f"the docker CLI on {where} is too old for `docker system dial-stdio` (it needs 18.09 or newer)"
    if last:
        return f"ssh to {where} failed: {last}"
    if returncode not in (None, 0):
        return f"ssh to {where} failed (exit status {returncode}) before the engine answered"
    return f"the engine behind ssh {where} closed the connection"
