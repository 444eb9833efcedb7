"""Action panels: modal forms that build, check and confirm one change to the engine."""
