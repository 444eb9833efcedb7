"""dockernet: a keyboard-driven terminal explorer for Docker networking."""

__version__ = "0.1.0"
