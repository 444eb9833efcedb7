"""Prune unused networks: the exact list is shown (and can be trimmed) before anything is removed.

Removal goes network by network through the ids listed here, never through the engine's prune
endpoint, so a network created meanwhile by someone else is never taken.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.changes.change import PruneNetworks, Ref
from tui.changes.commandline import prune_note
from tui.changes.losses import network_text, prune_loss
from tui.changes.validate import prune_candidates, validate_prune
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.screens.panels.base import ActionPanel, Errors
from widgets.field_error import FieldError


class PrunePanel(ActionPanel[PruneNetworks]):
    """Remove the selected unused networks (all of them by default)."""

    TITLE_TEXT = "Prune unused networks"
    APPLY_LABEL = "Prune…"
    CONFIRM_LABEL = "Yes, remove them"
    DESTRUCTIVE = True

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(snapshot)
        self.candidates = prune_candidates(snapshot)

    def compose_form(self) -> ComposeResult:
        if not self.candidates:
            yield Label("No unused networks: every network is in use or is one of the engine's own.", classes="hint")
        else:
            yield Label("Unused networks (space toggles one):", classes="section")
        choices = [Selection(Text(clean(network_text(n))), n.id, True) for n in self.candidates]
        yield SelectionList[str](*choices, id="networks", compact=True)
        yield FieldError(id="err-networks", classes="field-error")

    @on(SelectionList.SelectedChanged)
    def _toggled(self) -> None:
        self.touch("networks")

    def build(self) -> tuple[PruneNetworks | None, Errors]:
        chosen = set(self.query_one("#networks", SelectionList).selected)
        refs = tuple(Ref(n.id, n.name) for n in self.candidates if n.id in chosen)
        return PruneNetworks(refs), {}

    def check(self, request: PruneNetworks) -> Errors:
        return validate_prune(request, self.snapshot)

    def loss(self, request: PruneNetworks) -> str:
        return prune_loss(self.snapshot, request)

    def note(self, request: PruneNetworks | None) -> str:
        return prune_note(request, self.snapshot) if isinstance(request, PruneNetworks) else ""
