"""Engine access: the only package that talks to Docker (no Textual here)."""
