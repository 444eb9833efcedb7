"""Textual screens: views of a Snapshot; engine work is asked of the App by message."""
