"""A Unix-socket proxy in front of the lab engine: adds latency, cuts the engine off, freezes it, or
answers some requests itself.

Stands in for a remote engine (benchmarks), an engine restart (`cut` / `resume`), a hung engine
(`freeze` / `resume`: connections are accepted, nothing is forwarded), a socket proxy that refuses
some endpoints (`answer(r"GET /v[\\d.]+/events", 403, {...})`) and an engine with an old API (a
rewritten `/version`), without touching the one real dockerd the machine may run.

Requests are recognised by their request line at the start of what the client sends: the docker
SDK sends one request at a time on a connection (no pipelining), so a new request always starts
a read. An answered request gets `Connection: close` and the connection is closed after it.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from typing import Any

REQUEST_LINE = re.compile(rb"^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP/1\.[01]\r\n")
REASONS = {200: "OK", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}


class UnixProxy:
    def __init__(self, upstream_path: str, path: str, latency_s: float = 0.0) -> None:
        self.upstream_path = upstream_path
        self.path = path
        self.latency_s = latency_s  # added before each request is forwarded; may be changed at any time
        self.alive = threading.Event()  # cleared by cut(): new connections are closed at once
        self.alive.set()
        self.flowing = threading.Event()  # cleared by freeze(): nothing is forwarded either way
        self.flowing.set()
        self.rules: list[tuple[re.Pattern[str], int, Any]] = []
        self.requests: list[str] = []  # "METHOD /path" of every request seen, for assertions
        self._server = socket.socket(socket.AF_UNIX)
        self._server.bind(path)
        self._server.listen(64)
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def answer(self, pattern: str, status: int, body: Any) -> None:
        """Answer requests whose "METHOD /path?query" matches `pattern` (re.search) with this JSON."""
        self.rules.append((re.compile(pattern), status, body))

    def clear_answers(self) -> None:
        self.rules.clear()

    def _canned(self, data: bytes) -> bytes | None:
        match = REQUEST_LINE.match(data)
        if match is None:
            return None
        line = f"{match.group(1).decode()} {match.group(2).decode('latin-1')}"
        self.requests.append(line)
        for pattern, status, body in list(self.rules):
            if pattern.search(line):
                payload = json.dumps(body).encode()
                head = (
                    f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
                    "Content-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n"
                    "Api-Version: 1.41\r\n"
                    "Connection: close\r\n\r\n"
                )
                return head.encode() + payload
        return None

    def _pump(self, a: socket.socket, b: socket.socket, requests: bool) -> None:
        try:
            while data := a.recv(65536):
                self.flowing.wait()
                if requests and (canned := self._canned(data)) is not None:
                    a.sendall(canned)
                    break
                if requests and self.latency_s:
                    time.sleep(self.latency_s)  # one round trip per request the client sends
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
            try:
                upstream.connect(self.upstream_path)
            except OSError:
                client.close()
                continue
            self._conns.extend([client, upstream])
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def cut(self) -> None:
        """The engine goes away: drop every connection and refuse new ones."""
        self.alive.clear()
        for s in self._conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self._conns.clear()

    def freeze(self) -> None:
        """The engine hangs: connections are still accepted, but nothing goes through either way."""
        self.flowing.clear()

    def resume(self) -> None:
        """The engine is back (after `cut`) or answers again (after `freeze`: held data goes on)."""
        self.alive.set()
        self.flowing.set()

    def close(self) -> None:
        self.flowing.set()
        self.cut()
        self._server.close()
