"""`dockernet serve`: the same explorer in a browser, through `textual-serve`.

Each browser tab that opens the page gets its own `dockernet` process (textual-serve runs one per
websocket), started with the flags `serve` was given. textual-serve has no login: whoever reaches
the port drives that process, and through it the Docker engine. So the server binds to loopback
unless told otherwise, every served app is read-only unless `--allow-writes` is given, and a bind
anywhere else prints a warning saying what it exposes (`bind_notes`, a pure function the tests
check without opening a port on a real interface).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import ipaddress
import logging
import os
import shlex
import socket
import sys
from collections.abc import Callable

from tui.model.errors import DockernetError, SourceError

DEFAULT_BIND = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the explorer to a browser (textual-serve; loopback and read-only by default)",
        description="Serve the explorer to web browsers: each tab runs its own dockernet. No login: "
        "whoever reaches the port drives dockernet, so it binds to loopback and is read-only by default.",
    )
    common(serve)
    serve.add_argument(
        "--bind",
        default=DEFAULT_BIND,
        metavar="ADDRESS",
        help=f"address to listen on (default {DEFAULT_BIND}: this machine only; 0.0.0.0: every interface)",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    serve.add_argument(
        "--allow-writes",
        action="store_true",
        help="let the browser create, connect, disconnect and remove (served mode is read-only without it)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers open, when it is not http://ADDRESS:PORT (a proxy, or a wildcard --bind)",
    )


def add_served_flag(parser: argparse.ArgumentParser) -> None:
    """The hidden flag a served child runs with, so its status line says it is served."""
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)


def is_loopback(bind: str) -> bool:
    """Only this machine can connect: `localhost` or a loopback address (127.0.0.0/8, ::1).

    Any other name counts as not loopback: what it resolves to may change.
    """
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_notes(bind: str, port: int, allow_writes: bool) -> list[str]:
    """What to tell the person starting the server: where it listens, who can reach it, what they can do.

    Lines starting with "warning:" are printed to stderr, the rest to stdout.
    """
    where = f"{bind}:{port}"
    access = (
        "writes allowed (--allow-writes): the browser can create, connect, disconnect and remove"
        if allow_writes
        else "read-only (served): nothing is ever sent to the engine but reads; --allow-writes to change it"
    )
    if is_loopback(bind):
        return [f"listening on {where}, loopback: only this machine can open it", access]
    notes = [f"listening on {where}, not loopback: other machines can open it", access]
    if allow_writes:
        notes.append(
            f"warning: --allow-writes on {bind}, not loopback: there is no login; whoever reaches port "
            f"{port} drives the Docker engine (creates, connects, removes)"
        )
    else:
        notes.append(
            f"warning: {bind} is not loopback: there is no login; whoever reaches port {port} sees the "
            "engine's whole topology, container names, addresses and labels (read-only)"
        )
    return notes


def child_argv(args: argparse.Namespace, allow_writes: bool) -> list[str]:
    """The command each browser tab runs: `dockernet` with the source flags `serve` was given.

    Files are made absolute (the child may not share the caller's idea of the current directory);
    `--read-only` is added unless `--allow-writes`.
    """
    argv = [sys.executable, "-m", "tui.cli", "--served"]
    for value in getattr(args, "host", None) or []:
        argv += ["--host", value]
    for value in getattr(args, "context", None) or []:
        argv += ["--context", value]
    if getattr(args, "snapshot", None):
        argv += ["--snapshot", os.path.abspath(args.snapshot)]
    if getattr(args, "config", None):
        argv += ["--config", os.path.abspath(args.config)]
    if getattr(args, "demo", False):
        argv.append("--demo")
    if getattr(args, "read_only", False) or not allow_writes:
        argv.append("--read-only")
    return argv


def public_url(bind: str, port: int) -> str:
    """The URL the page's websocket goes back to: the bind address, or this host's name for a wildcard."""
    host = bind
    if bind in ("0.0.0.0", "::", "[::]", ""):
        host = socket.getfqdn()
    elif ":" in bind and not bind.startswith("["):
        host = f"[{bind}]"
    return f"http://{host}:{port}"


class _OneLine(logging.Formatter):
    """textual-serve logs exceptions with tracebacks (and locals); the person sees one line."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage().splitlines()[0] if record.getMessage() else ""
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = f"{text} ({type(exc).__name__}: {exc})" if text != str(exc) else f"{type(exc).__name__}: {exc}"
        return f"dockernet serve: {text}"


def check_bind(bind: str, port: int) -> None:
    """Fail with one sentence before serving when the address cannot be listened on.

    textual-serve says where to go before it binds; an address in use would print the URL and then fail.
    """
    try:
        infos = socket.getaddrinfo(bind or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _, address in infos:
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp listens
                probe.bind(address)
    except OSError as exc:
        hint = f"; another program has it (--port {port + 1}?)" if exc.errno == errno.EADDRINUSE else ""
        raise DockernetError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}{hint}") from None


def _serve(argv: list[str], bind: str, port: int, url: str) -> None:
    from aiohttp import web
    from textual_serve.server import Server

    tabs: set[asyncio.Task[object]] = set()

    class DockernetServer(Server):
        """textual-serve's server, with dockernet's own start message and one-line logging.

        On Ctrl+C each open tab's handler is cancelled, which tells its dockernet to quit: left
        alone, aiohttp waits for the browser's websockets to close (20 s and more with a tab open).
        """

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            assert task is not None  # aiohttp runs every handler in a task
            tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                tabs.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            for task in list(tabs):
                task.cancel()

        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_OneLine())
            logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
            # On Ctrl+C asyncio reports each tab's process the closing loop no longer watches: noise.
            logging.getLogger("asyncio").setLevel(logging.ERROR)

        async def on_startup(self, app: object) -> None:
            print(f"dockernet: open {url} in a browser (Ctrl+C stops serving)", flush=True)

    server = DockernetServer(shlex.join(argv), host=bind, port=port, title="dockernet", public_url=url)
    try:
        server.serve()
    except OSError as exc:
        raise DockernetError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None


def run_serve(args: argparse.Namespace) -> int:
    from tui.cli.run import build_launch

    if not 0 < args.port < 65536:
        raise SourceError(f"--port {args.port}: give a port from 1 to 65535")
    if args.allow_writes and getattr(args, "read_only", False):
        raise SourceError("--read-only and --allow-writes are alternatives; give one")
    build_launch(args)  # a bad config or snapshot file fails here, once, not in every tab
    check_bind(args.bind, args.port)
    for note in bind_notes(args.bind, args.port, args.allow_writes):
        print(f"dockernet: {note}", file=sys.stderr if note.startswith("warning:") else sys.stdout, flush=True)
    url = args.public_url or public_url(args.bind, args.port)
    _serve(child_argv(args, args.allow_writes), args.bind, args.port, url)
    return 0
