"""Pilot tests of how the App starts and is driven: engine fallback, snapshot files, keymap, palette."""

from __future__ import annotations

import dataclasses

import pytest
from textual.command import CommandList, CommandPalette

from tests.test_app_demo import SIZE, current_name, until
from tui.app.dockernet import DockernetApp
from tui.app.launch import demo_launch, engine_launch, snapshot_launch
from tui.model.errors import DockernetError
from tui.model.files import save_raw
from tui.screens.containers import ContainersScreen
from tui.screens.networks import NetworksScreen
from tui.screens.reach import ReachScreen


@pytest.fixture
def app() -> DockernetApp:
    return DockernetApp(demo_launch())


async def palette_offers(pilot, text: str) -> bool:
    """The command palette's search has answered: its first, highlighted hit contains `text`."""

    def first() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, CommandPalette):
            return False
        hits = screen.query_one(CommandList)
        return hits.option_count > 0 and hits.highlighted == 0 and text in str(hits.get_option_at_index(0).prompt)

    return await until(pilot, first)


def banners(app: DockernetApp) -> list[tuple[str, str]]:
    """Every banner the App shows from now on, in order."""
    seen: list[tuple[str, str]] = []
    app.watch(app, "banner", lambda banner: seen.append(banner), init=False)
    return seen


def notes(app: DockernetApp) -> list[str]:
    """The text of every notification the App posts from now on."""
    seen: list[str] = []
    notify = app.notify

    def record(message: str, *args, **kwargs) -> None:
        seen.append(message)
        notify(message, *args, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return seen


async def test_command_palette_jumps_to_a_container(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Container tomcat2")
        assert await palette_offers(pilot, "tomcat2")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        assert current_name(app) == "tomcat2"


async def test_keymap_remaps_a_binding() -> None:
    launch = dataclasses.replace(demo_launch(), keymap={"show_containers": "f2"})
    app = DockernetApp(launch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert await until(pilot, lambda: isinstance(app.screen, ContainersScreen))
        await pilot.press("question_mark")
        assert "f2  Containers" in app.screen.query_one("#help-body").plain


async def test_missing_engine_opens_the_demo_with_a_banner() -> None:
    app = DockernetApp(engine_launch(host="unix:///tmp/dockernet-no-such-dir/docker.sock"))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.banner[1] == "error")
        text = app.banner[0]
        assert "cannot connect to the Docker engine at unix:///tmp/dockernet-no-such-dir/docker.sock" in text
        assert "start dockerd, set DOCKER_HOST" in text and "--context" in text
        assert "demo" in text and "press R" in text
        assert app.snapshot.source == "demo"
        assert app.screen.query_one("#banner").message == text
        shown = banners(app)
        await pilot.press("R")  # tries the engine again: "connecting…", then the same error
        assert await until(pilot, lambda: len(shown) >= 2 and app.banner[1] == "error")
        assert shown[0] == ("connecting to the Docker engine…", "information")
        assert shown[-1] == (text, "error")
        assert app.reader is None


async def test_snapshot_file_is_read_only(tmp_path) -> None:
    raw, _ = demo_launch().raw, None
    path = tmp_path / "snap.json"
    save_raw(raw, path)
    app = DockernetApp(snapshot_launch(str(path)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.read_only
        status = str(app.screen.query_one("#status").render())
        assert "saved snapshot" in status and "read-only" in status
        said = notes(app)
        await pilot.press("R")
        assert await until(pilot, lambda: bool(said))
        assert said == ["started on a saved topology: restart without --demo/--snapshot"]
        assert app.reader is None and app.snapshot.source != "demo"


async def test_unknown_context_is_a_banner_not_a_traceback(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.docker/contexts here
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    app = DockernetApp(engine_launch(context="nosuch"))
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.banner[1] == "error")
        assert app.banner[0].startswith("docker context 'nosuch' not found")
        assert isinstance(app.screen, NetworksScreen) and app.screen.table.row_count == len(app.snapshot.networks)


async def test_palette_runs_the_screen_actions(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "ctrl+p", *"Who reaches")
        assert await palette_offers(pilot, "Who reaches")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReachScreen))
        await pilot.press("escape", "ctrl+p", *"Filter (this")
        assert await palette_offers(pilot, "Filter (this")
        await pilot.press("enter")
        assert await until(pilot, lambda: app.screen.query_one("#filter").has_focus)


def test_build_launch_reads_flags_and_config(tmp_path) -> None:
    from argparse import Namespace

    from tui.cli.run import build_launch
    from tui.engine.connect import EngineError

    def args(**kw) -> Namespace:
        base = {"host": None, "context": None, "snapshot": None, "demo": False, "read_only": False, "config": None}
        return Namespace(**{**base, **kw})

    config = tmp_path / "config.toml"
    config.write_text("read_only = true\n")
    assert build_launch(args(demo=True, config=str(config))).snapshot.source == "demo"
    live = build_launch(args(host="unix:///x.sock", config=str(config)))
    assert live.connect is not None and live.read_only is True
    with pytest.raises(EngineError, match="does not exist"):
        build_launch(args(config=str(tmp_path / "none.toml")))
    with pytest.raises(DockernetError, match="alternatives"):
        build_launch(args(demo=True, snapshot="x.json", config=str(config)))
    config.write_text("")
    assert build_launch(args(host="unix:///x.sock", read_only=True, config=str(config))).read_only is True
    assert build_launch(args(host="unix:///x.sock", config=str(config))).read_only is False
