"""`dockernet serve --demo` in a real browser: Debian's chromium, driven by Playwright.

Playwright is used as a driver only (no browser download): it launches `/usr/bin/chromium`, which
`scripts/test` installs when missing. Without chromium the test skips, except in CI (`CI` set),
where a missing browser is a failure.

textual-serve draws the terminal on a canvas (xterm.js), so there is no text in the DOM to read.
The test serves the page's own script with one assignment added, which keeps a reference to the
xterm.js terminal, and reads the rows from its buffer: the very text the canvas shows.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Tests never write into the checkout: the screenshot goes to a temporary folder unless
# scripts/screenshots asks for the README's copy (DOCKERNET_SCREENSHOTS=<folder>).
SHOTS_DIR = os.environ.get("DOCKERNET_SCREENSHOTS", "")
TERMINAL_NEW = re.compile(r"this\.terminal=new (\w+)\.Terminal\(")
READ_ROWS = """() => {
  const buffer = window.dockernetTerminal.buffer.active;
  const rows = [];
  for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i).translateToString(true));
  return rows.join("\\n");
}"""


def missing(reason: str) -> None:
    """Skip where the browser cannot be had; in CI, where scripts/test installs it, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: scripts/test installs chromium and the dev extra has playwright)")
    pytest.skip(reason)


def descendants(pid: int) -> dict[int, str]:
    """The live processes below `pid` (Linux /proc) and their command lines; zombies are gone already."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                child = int(stat.parent.name)
                parents[child] = int(fields[1])
                commands[child] = (stat.parent / "cmdline").read_text().replace("\0", " ")
        except (OSError, IndexError, ValueError):
            continue
    found: dict[int, str] = {}
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier and child not in found}
        found.update((child, commands[child]) for child in frontier)
    return found


def is_running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_port(port: int, server: subprocess.Popen[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dockernet serve exited ({server.returncode}): {server.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"dockernet serve did not listen on 127.0.0.1:{port} within {timeout}s")


@pytest.fixture
def served() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """`dockernet serve --demo` on a free loopback port (the default bind), ended afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, server)
        yield port, server
    finally:
        server.terminate()
        try:
            server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate(timeout=5)


def test_served_explorer_in_chromium(served: tuple[int, subprocess.Popen[str]], tmp_path: Path) -> None:
    try:
        from playwright.sync_api import Route, sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[dev]')")
    chromium = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if chromium is None:
        missing(f"no chromium at {CHROMIUM} or on PATH (apt-get install chromium)")
    port, server = served

    def expose_terminal(route: Route) -> None:
        script = route.fetch().text()
        patched, found = TERMINAL_NEW.subn(r"this.terminal=window.dockernetTerminal=new \1.Terminal(", script, count=1)
        assert found, "textual-serve's textual.js no longer creates `this.terminal=new X.Terminal(`"
        route.fulfill(body=patched, content_type="application/javascript")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/static/js/textual.js", expose_terminal)
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())  # web fonts
            page.goto(f"http://127.0.0.1:{port}/", timeout=30_000)

            def screen_text(*needles: str, timeout: float = 30) -> str:
                """The terminal's rows once they show every needle (the app draws in several frames)."""
                deadline, text = time.monotonic() + timeout, ""
                while time.monotonic() < deadline:
                    text = page.evaluate("() => window.dockernetTerminal !== undefined") and page.evaluate(READ_ROWS)
                    if all(needle in text for needle in needles):
                        return str(text)
                    page.wait_for_timeout(200)
                pytest.fail(f"{needles!r} never all appeared in the browser's terminal; it showed:\n{text}")

            # The networks table (its header and rows) under the status line saying it is served read-only.
            screen_text("Subnet", "appnet", "macvlan", "read-only (served)")
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("2")
            containers = screen_text("Network mode", "tomcat1", "Image", "read-only (served)")
            assert "Subnet" not in containers  # the networks table is gone
            page.wait_for_timeout(300)  # let the canvas catch up with the buffer
            shot = Path(SHOTS_DIR or tmp_path) / "browser.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000  # a real picture of the page, not an empty canvas
            # Ctrl+C with the tab still open: the server tells the tab's dockernet to quit and ends.
            assert server.poll() is None
            tab = descendants(server.pid)  # the tab's own dockernet (under textual-serve's shell)
            assert any("tui.cli --served --demo --read-only" in command for command in tab.values()), tab
            server.send_signal(signal.SIGINT)
            started = time.monotonic()
            assert server.wait(timeout=15) == 0
            assert time.monotonic() - started < 10
            assert not [pid for pid in tab if is_running(pid)], "the tab's dockernet outlived the server"
        finally:
            browser.close()
    assert server.stdout is not None
    said = [server.stdout.readline() for _ in range(3)]
    assert said == [
        f"dockernet: listening on 127.0.0.1:{port}, loopback: only this machine can open it\n",
        "dockernet: read-only (served): nothing is ever sent to the engine but reads; --allow-writes to change it\n",
        f"dockernet: open http://127.0.0.1:{port} in a browser (Ctrl+C stops serving)\n",
    ]
