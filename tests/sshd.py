"""A private sshd on 127.0.0.1 for the ssh:// tests: its own host key, client key, config and known_hosts.

`SSHServer.start(tmp_path, docker_host=...)` runs `/usr/sbin/sshd -D` on a free loopback port with
everything under `tmp_path`; the login's environment points the remote `docker` CLI at
`docker_host` (authorized_keys `environment=`, with `PermitUserEnvironment yes`). The client side
is an ssh config file (`ssh_config`) to hand to ssh with `-F` (dockernet: `DOCKER_SSH_OPTS`), so
the user's own ~/.ssh is never read or written.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SSHD = "/usr/sbin/sshd"
ALIAS = "dnlab-ssh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def keygen(path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


@dataclass
class SSHServer:
    root: Path
    port: int
    proc: subprocess.Popen[bytes]
    user: str

    @property
    def ssh_config(self) -> Path:
        return self.root / "ssh_config"

    @property
    def opts(self) -> str:
        """What DOCKER_SSH_OPTS carries: this server's client config."""
        return f"-F {self.ssh_config}"

    @property
    def url(self) -> str:
        """The engine behind this sshd, through the client config's alias."""
        return f"ssh://{ALIAS}"

    @property
    def direct_url(self) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}"

    @property
    def log(self) -> str:
        path = self.root / "sshd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def authorize(self, public_key: str, docker_host: str | None, path: str | None = None) -> None:
        options = []
        if docker_host:
            options.append(f'environment="DOCKER_HOST={docker_host}"')
        options.append(f'environment="PATH={path or os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")}"')
        with (self.root / "authorized_keys").open("a") as fh:
            fh.write(f"{','.join(options)} {public_key}\n")

    def client_config(self, identity: Path, alias: str = ALIAS, known_hosts: Path | None = None) -> None:
        self.ssh_config.write_text(
            f"Host {alias}\n"
            f"  HostName 127.0.0.1\n  Port {self.port}\n  User {self.user}\n"
            f"  IdentityFile {identity}\n  IdentitiesOnly yes\n  IdentityAgent none\n"
            f"  UserKnownHostsFile {known_hosts or self.root / 'known_hosts'}\n"
            "  StrictHostKeyChecking yes\n  GlobalKnownHostsFile /dev/null\n  LogLevel ERROR\n"
        )

    @classmethod
    def start(cls, root: Path, docker_host: str | None) -> SSHServer:
        root.mkdir(parents=True, exist_ok=True)
        host_pub = keygen(root / "host_key")
        client_pub = keygen(root / "id_client")
        port = free_port()
        user = getpass.getuser()
        config = root / "sshd_config"
        config.write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {root / 'host_key'}\n"
            f"AuthorizedKeysFile {root / 'authorized_keys'}\nPidFile {root / 'sshd.pid'}\n"
            "StrictModes no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitUserEnvironment yes\n"
            "UsePAM no\nPrintMotd no\nPrintLastLog no\nX11Forwarding no\nLogLevel VERBOSE\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)  # the privilege separation directory sshd insists on
        proc = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config), "-E", str(root / "sshd.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = cls(root, port, proc, user)
        (root / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_pub}\n")
        server.authorize(client_pub, docker_host)
        server.client_config(root / "id_client")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"sshd exited: {server.log}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
            time.sleep(0.05)
        server.stop()
        raise RuntimeError(f"sshd did not listen on 127.0.0.1:{port}: {server.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
