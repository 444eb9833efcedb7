"""Which topology the command line reads: the embedded demo, a saved snapshot file or an engine.

`source_kind` is the one place the flags are judged, for the subcommands (`load_source`) and for
the App (`tui.cli.run.build_launch`) alike; giving both `--demo` and `--snapshot` is a
`SourceError`, printed as one line by `tui.cli.main`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Literal

from tui.engine.connect import EngineTarget, resolve_target
from tui.engine.reader import EngineReader
from tui.model.errors import SourceError
from tui.model.files import load_demo, load_snapshot
from tui.model.parse import Raw, parse_snapshot
from tui.model.snapshot import Snapshot

SourceKind = Literal["demo", "snapshot", "engine"]


def source_kind(args: argparse.Namespace) -> SourceKind:
    """"demo", "snapshot" (the file is `args.snapshot`) or "engine"; raises SourceError for both files."""
    demo = bool(getattr(args, "demo", False))
    snapshot = getattr(args, "snapshot", None)
    if demo and snapshot:
        raise SourceError("--demo and --snapshot are alternatives; give one")
    if demo:
        return "demo"
    if snapshot:
        return "snapshot"
    return "engine"


@dataclass
class Source:
    """Where the topology comes from: a live engine (with its reader) or a file / the demo."""

    raw: Raw
    snapshot: Snapshot
    target: EngineTarget | None = None
    reader: EngineReader | None = None


def load_source(args: argparse.Namespace) -> Source:
    """Read the topology the flags ask for; raises SourceError or EngineError with a readable message."""
    kind = source_kind(args)
    if kind == "demo":
        return Source(*load_demo())
    if kind == "snapshot":
        return Source(*load_snapshot(args.snapshot))
    target = resolve_target(args.host, args.context)
    reader = EngineReader(target)
    raw = reader.read_raw()
    return Source(raw, parse_snapshot(raw), target, reader)
