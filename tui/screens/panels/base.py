"""What every action panel shares: fields checked as they change, the live command line, the
confirm step for destructive changes, and the round trip to the App that talks to the engine.

A panel never calls Docker: on confirm it posts `ActionRequested(request)`; the App runs it in
a worker and posts `ActionFinished` back to this panel, which closes on success or shows the
engine's refusal (plain text) and stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

import styles
from tui.changes.change import Request
from tui.changes.commandline import command_lines
from tui.model.sanitize import clean, clean_block
from tui.model.snapshot import Snapshot
from tui.screens.messages import ActionFinished, ActionRequested
from widgets.command_preview import CommandPreview
from widgets.field_error import FieldError
from widgets.picker import Picker

STYLES = Path(styles.__file__).resolve().parent / "actions.tcss"
Errors = dict[str, str]


FIX_FIRST = "Fix the fields marked above first: nothing was sent."
NOT_APPLIED = "Not applied: the message above says why."


R = TypeVar("R", bound=Request)


class ActionPanel(ModalScreen[R | None], Generic[R]):
    """Subclasses compose their fields (`compose_form`) and turn them into a request (`build`)."""

    CSS_PATH = STYLES
    AUTO_FOCUS = "#panel-body *"
    TITLE_TEXT: ClassVar[str] = ""
    APPLY_LABEL: ClassVar[str] = "Apply"
    DESTRUCTIVE: ClassVar[bool] = False
    CONFIRM_LABEL: ClassVar[str] = "Yes, do it"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="action_panel.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="action_panel.apply"),
        Binding("ctrl+y", "copy_command", "Copy command", id="action_panel.copy"),
    ]

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.pending: R | None = None
        self.confirming = False
        self.attempted = False
        self.touched: set[str] = set()
        self.errors: Errors = {}

    # -- for subclasses -------------------------------------------------------------------------
    def compose_form(self) -> ComposeResult:
        yield from ()

    def build(self) -> tuple[R | None, Errors]:
        """The request the fields describe (None if they cannot yet), and errors found parsing them."""
        raise NotImplementedError

    def check(self, request: R) -> Errors:
        """Validation against the snapshot (`tui.changes.validate`)."""
        return {}

    def loss(self, request: R) -> str:
        """For destructive panels: exactly what will be lost, shown before the final yes."""
        return request.describe()

    def note(self, request: R | None) -> str:
        return ""

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Label(self.TITLE_TEXT, id="panel-title")
            with VerticalScroll(id="panel-body"):
                yield from self.compose_form()
            yield FieldError(id="err-general")
            yield CommandPreview(id="preview")
            with Vertical(id="confirm-box"):
                yield Static(id="confirm-text")
                with Horizontal(classes="buttons"):
                    yield Button(self.CONFIRM_LABEL, id="confirm-yes", variant="error", compact=True)
                    yield Button("Back", id="confirm-back", compact=True)
            yield Static(id="engine-error")
            yield Static(id="status")
            with Horizontal(id="panel-buttons", classes="buttons"):
                yield Button(self.APPLY_LABEL, id="apply", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("ctrl+s apply · esc cancel · ctrl+y copy command · tab next field", id="panel-keys")

    @staticmethod
    def row(label: str, *widgets: Any, key: str = "") -> ComposeResult:
        """A labelled form row, with the error line for `key` under it."""
        with Horizontal(classes="row"):
            yield Label(label, classes="field-label")
            yield from widgets
        if key:
            yield FieldError(id=f"err-{key}", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#confirm-box").display = False
        self.query_one("#engine-error").display = False
        self.set_status("")
        self.refresh_form()

    # -- checking as the user types --------------------------------------------------------------
    def current(self) -> tuple[R | None, Errors]:
        request, errors = self.build()
        if request is not None:
            errors = {**self.check(request), **errors}
        return request, errors

    def refresh_form(self) -> None:
        request, self.errors = self.current()
        shown = {k: v for k, v in self.errors.items() if self.attempted or k in self.touched}
        placed = set()
        for widget in self.query(FieldError):
            key = (widget.id or "")[4:]
            if key != "general":
                widget.show(shown.get(key, ""))
                placed.add(key)
        rest = [v for k, v in shown.items() if k not in placed]
        self.query_one("#err-general", FieldError).show("; ".join(rest))
        self.query_one(CommandPreview).show(command_lines(request) if request else [], self.note(request))
        status = self.query_one("#status", Static)
        if not self.errors and status.display and str(status.render()) == FIX_FIRST:
            self.set_status("")  # the fields were fixed: the reproach no longer applies

    def touch(self, key: str | None) -> None:
        if key:
            self.touched.add(key)
        self.clear_engine_error()
        self.refresh_form()

    def clear_engine_error(self) -> None:
        """A field changed: the engine's refusal was about the old values, so it goes."""
        error = self.query_one("#engine-error", Static)
        if error.display and self.pending is None:
            error.display = False
            if str(self.query_one("#status", Static).render()) == NOT_APPLIED:
                self.set_status("")

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self.touch(event.input.id)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self.touch(event.select.id)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.touch(event.checkbox.id)

    @on(Picker.Picked)
    def _picked(self, event: Picker.Picked) -> None:
        self.touch(event.picker.id)

    @on(events.DescendantFocus)
    def _mark_focused_row(self, event: events.DescendantFocus) -> None:
        """The focused field's row gets `-focused`: its label is then bold and underlined, so focus
        shows without colour (a class, as Textual restyles a row's label on focus-within late)."""
        for row in self.query(".row"):
            row.set_class(row in event.widget.ancestors, "-focused")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    # -- confirm and the round trip ---------------------------------------------------------------
    def action_apply(self) -> None:
        if self.pending is not None:
            return
        if self.confirming:
            self._send()
            return
        self.attempted = True
        self.refresh_form()
        request, _ = self.current()
        if self.errors or request is None:
            self.set_status(FIX_FIRST)
            return
        if self.DESTRUCTIVE:
            self._confirm(request)
            return
        self._send()

    def _confirm(self, request: R) -> None:
        self.confirming = True
        self.query_one("#confirm-text", Static).update(Text(clean_block(self.loss(request))))
        self.query_one("#confirm-box").display = True
        self.query_one("#panel-buttons").display = False
        self.set_status("")
        self.query_one("#confirm-yes", Button).focus()

    def _leave_confirm(self) -> None:
        self.confirming = False
        self.query_one("#confirm-box").display = False
        self.query_one("#panel-buttons").display = True

    def _send(self) -> None:
        request, errors = self.current()
        if request is None or errors:
            self._leave_confirm()
            self.refresh_form()
            return
        self.pending = request
        self.query_one("#engine-error").display = False
        self.set_status(f"Sending to the engine: {request.describe()}…")
        self.post_message(ActionRequested(request, self))

    @on(ActionFinished)
    def _finished(self, message: ActionFinished) -> None:
        message.stop()
        if self.pending is None or message.request != self.pending:
            return
        request, self.pending = self.pending, None
        if message.ok:
            self.dismiss(request)
            return
        self._leave_confirm()
        self.set_status(NOT_APPLIED)
        error = self.query_one("#engine-error", Static)
        error.update(Text(clean_block(message.error) or "the engine refused without saying why"))
        error.display = True

    def show_row(self, selector: str, visible: bool) -> None:
        """Show or hide the form row that holds the widget `selector` names."""
        row = self.query_one(selector).parent
        if isinstance(row, Widget):
            row.display = visible

    def set_status(self, text: str) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(clean(text)))
        status.display = bool(text)

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#confirm-back")
    def _back_pressed(self) -> None:
        self._leave_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.confirming and self.pending is None:
            self._leave_confirm()
            return
        self.dismiss(None)

    def action_copy_command(self) -> None:
        self.query_one(CommandPreview).action_copy()
