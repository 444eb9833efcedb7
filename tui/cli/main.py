"""`dockernet` command line: the TUI by default, plus script-friendly subcommands.

Failures print one line on stderr and exit 1; a traceback never reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui.cli.parsers import add_ports_parser, add_subnets_parser, add_why_parser
from tui.model.errors import DockernetError


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """The global flags; on a subcommand (`suppress`) they keep what was given before the command."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "-H",
        "--host",
        action="append",
        metavar="[NAME=]URL",
        help="engine URL: unix:///var/run/docker.sock, tcp://h:2376 or ssh://user@h; repeat for several engines",
        default=default(None),
    )
    parser.add_argument(
        "-c",
        "--context",
        action="append",
        help="docker context name (as `docker context ls`); repeat for several engines",
        default=default(None),
    )
    parser.add_argument(
        "--snapshot",
        metavar="FILE",
        help="read a saved snapshot instead of an engine (read-only)",
        default=default(None),
    )
    parser.add_argument(
        "--demo", action="store_true", help="use the embedded demo topology (read-only)", default=default(False)
    )
    parser.add_argument(
        "--read-only", action="store_true", help="never send a write request to the engine", default=default(False)
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default ~/.config/dockernet/config.toml)",
        default=default(None),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockernet", description="Explore and reconfigure Docker networks from the keyboard."
    )
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    export = sub.add_parser("export", help="print the topology graph (json, dot, graphml, mermaid)")
    _common(export, suppress=True)
    export.add_argument("-f", "--format", default="json", choices=["json", "dot", "graphml", "mermaid"])
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (- is stdout)")
    snap = sub.add_parser("snapshot", help="save the engine's raw topology to a file")
    _common(snap, suppress=True)
    snap.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write (- is stdout)")
    add_why_parser(sub, lambda p: _common(p, suppress=True))
    add_subnets_parser(sub, lambda p: _common(p, suppress=True))
    add_ports_parser(sub, lambda p: _common(p, suppress=True))
    from tui.cli.serve import add_serve_parser, add_served_flag

    add_serve_parser(sub, lambda p: _common(p, suppress=True))
    add_served_flag(parser)
    return parser


def _write(text: str, output: str | None) -> None:
    """To the file named, or to stdout for none or `-` (as most Unix tools read `-`)."""
    if output and output != "-":
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise DockernetError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)


def run_export(args: argparse.Namespace) -> int:
    from tui.cli.source import load_source
    from tui.model.export import export
    from tui.model.graph import build_graph

    source = load_source(args)
    _write(export(build_graph(source.snapshot), args.format), args.output)
    return 0


def run_snapshot(args: argparse.Namespace) -> int:
    from tui.cli.source import load_source
    from tui.model.files import raw_text, save_raw

    source = load_source(args, several=False)
    if args.output == "-":
        _write(raw_text(source.raw), None)
        return 0
    try:
        save_raw(source.raw, args.output)
    except OSError as exc:
        raise DockernetError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return 0


def run_tui(args: argparse.Namespace) -> int:
    from tui.cli.run import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"export": run_export, "snapshot": run_snapshot, None: run_tui}
    try:
        if args.command is not None and getattr(args, "config", None):
            from tui.cli.config import ConfigError, load_config

            try:  # a subcommand uses no setting of it, but a file named and unusable is an error
                load_config(args.config)
            except ConfigError as exc:
                raise DockernetError(str(exc)) from None
        if args.command == "why":
            from tui.cli.why import run_why

            return run_why(args)
        if args.command == "subnets":
            from tui.cli.subnets import run_subnets

            return run_subnets(args)
        if args.command == "ports":
            from tui.cli.ports import run_ports

            return run_ports(args)
        if args.command == "serve":
            from tui.cli.serve import run_serve

            return run_serve(args)
        return commands[args.command](args)
    except DockernetError as exc:  # EngineError, SourceError, ...: already one sentence
        print(f"dockernet: {exc}", file=sys.stderr)
        return 2 if args.command == "why" else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one line, never a traceback
        print(f"dockernet: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2 if args.command == "why" else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
