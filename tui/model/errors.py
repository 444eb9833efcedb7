"""The one error type a person sees: a failure phrased as one readable sentence.

Every layer raises a subclass (`tui.engine.connect.EngineError` for the engine, `SourceError` for
files); the command line prints it on one line and the App shows it in a banner or notification,
so a traceback never reaches the user.
"""

from __future__ import annotations


class DockernetError(Exception):
    """A failure phrased for a person: one line, no traceback."""


class SourceError(DockernetError):
    """A saved snapshot, the demo or a command-line choice of source cannot be used."""
