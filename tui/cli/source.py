"""Which topology the command line reads: the embedded demo, a saved snapshot file or an engine.

`source_kind` is the one place the flags are judged, for the subcommands (`load_source`) and for
the App (`tui.cli.run.build_launch`) alike; giving both `--demo` and `--snapshot` is a
`SourceError`, printed as one line by `tui.cli.main`.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from tui.engine.connect import EngineError, EngineTarget
from tui.engine.contexts import EngineChoice, choices_from_flags
from tui.engine.reader import EngineReader
from tui.model.errors import SourceError
from tui.model.files import load_demo, load_snapshot
from tui.model.merge import merge_snapshots
from tui.model.parse import Raw, parse_snapshot
from tui.model.snapshot import Snapshot

SourceKind = Literal["demo", "snapshot", "engine"]


def source_kind(args: argparse.Namespace) -> SourceKind:
    """ "demo", "snapshot" (the file is `args.snapshot`) or "engine"; raises SourceError for both files."""
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


def flag_list(args: argparse.Namespace, name: str) -> list[str]:
    """A repeatable flag's values (`--host A --host B`); one string is one value."""
    value = getattr(args, name, None)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def engine_choices(args: argparse.Namespace) -> list[EngineChoice]:
    """The engines the flags name (`--host`, `--context`, each repeatable); none: the CLI's own choice."""
    return choices_from_flags(flag_list(args, "host"), flag_list(args, "context"))


def _read_one(choice: EngineChoice) -> tuple[Raw, EngineTarget, EngineReader]:
    target = choice.resolve()
    reader = EngineReader(target, one_shot=True)  # a command reads once: every listening socket too
    return reader.read_raw(), target, reader


def load_source(args: argparse.Namespace, several: bool = True) -> Source:
    """Read the topology the flags ask for; raises SourceError or EngineError with a readable message.

    Several engines are read side by side and merged (`tui.model.merge`); `raw` is then the first
    engine's and there is no one `target` or `reader`. `several=False` refuses more than one engine.
    """
    kind = source_kind(args)
    if kind == "demo":
        return Source(*load_demo())
    if kind == "snapshot":
        return Source(*load_snapshot(args.snapshot))
    choices = engine_choices(args)
    if len(choices) == 1:
        raw, target, reader = _read_one(choices[0])
        return Source(raw, parse_snapshot(raw), target, reader)
    if not several:
        raise SourceError("this command reads one engine: give one --host or --context")
    with ThreadPoolExecutor(max_workers=len(choices)) as pool:
        futures = [(c, pool.submit(_read_one, c)) for c in choices]
        results = []
        for choice, future in futures:
            try:
                results.append((choice.label, future.result()))
            except EngineError as exc:
                raise EngineError(f"{choice.label}: {exc}") from None
    merged = merge_snapshots([(label, parse_snapshot(raw)) for label, (raw, _, _) in results])
    return Source(results[0][1][0], merged)
