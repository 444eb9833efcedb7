"""`dockernet` with no subcommand: choose what to show (demo, snapshot file or engine) and run the App."""

from __future__ import annotations

import argparse

from tui.app.launch import Launch, choices_launch, demo_launch, snapshot_launch
from tui.cli.config import ConfigError, load_config
from tui.cli.source import engine_choices, source_kind
from tui.engine.connect import EngineError


def build_launch(args: argparse.Namespace) -> Launch:
    """Raises EngineError for a bad config file, SourceError for bad flags or an unreadable snapshot file."""
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        raise EngineError(str(exc)) from None
    kind = source_kind(args)
    if kind == "demo":
        launch = demo_launch(keymap=config.keymap)
    elif kind == "snapshot":
        launch = snapshot_launch(args.snapshot, keymap=config.keymap)
    else:
        flag = bool(getattr(args, "read_only", False))
        launch = choices_launch(engine_choices(args), flag or config.read_only, config.keymap)
        launch.read_only_why = read_only_why(flag, config.path, bool(getattr(args, "served", False)))
    launch.served = bool(getattr(args, "served", False))
    return launch


def read_only_why(flag: bool, config_path: str, served: bool) -> str:
    """What made a live engine read-only, for the toast (`tui.app.readonly`)."""
    if flag and served:
        return "served by dockernet serve (writes need --allow-writes)"
    if flag:
        return "--read-only was given"
    return f"read_only = true in {config_path or 'the config file'}"


def run_app(args: argparse.Namespace) -> int:
    launch = build_launch(args)
    from tui.app.dockernet import DockernetApp

    DockernetApp(launch).run()
    return 0
