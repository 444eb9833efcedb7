"""A Unix-socket proxy in front of the lab engine: adds latency, or cuts the engine off.

Stands in for a remote engine (benchmarks) and for an engine restart (tests) without
touching the one real dockerd the machine may run.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class UnixProxy:
    def __init__(self, upstream_path: str, path: str, latency_s: float = 0.0) -> None:
        self.upstream_path = upstream_path
        self.path = path
        self.latency_s = latency_s
        self.alive = threading.Event()
        self.alive.set()
        self._server = socket.socket(socket.AF_UNIX)
        self._server.bind(path)
        self._server.listen(64)
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def _pump(self, a: socket.socket, b: socket.socket, delay: float) -> None:
        try:
            while data := a.recv(65536):
                if delay:
                    time.sleep(delay)  # one round trip per request the client sends
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if not self.alive.is_set():
                client.close()
                continue
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.upstream_path)
            self._conns.extend([client, upstream])
            threading.Thread(target=self._pump, args=(client, upstream, self.latency_s), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, 0.0), daemon=True).start()

    def cut(self) -> None:
        """The engine goes away: drop every connection and refuse new ones."""
        self.alive.clear()
        for s in self._conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self._conns.clear()

    def resume(self) -> None:
        self.alive.set()

    def close(self) -> None:
        self.cut()
        self._server.close()
