"""Reusable Textual widgets (no Docker, no engine access: data arrives as values and messages)."""
