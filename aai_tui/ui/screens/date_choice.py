"""A day for the list (``D``, after today and yesterday): the API filters by one
creation day (``created_on``), so the answer is one date."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import visible


def parse_day(text: str) -> date:
    """``YYYY-MM-DD``, else ValueError with one line a person can act on."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{visible(text.strip(), single_line=True)!r} is not a date: type it as YYYY-MM-DD"
        ) from None


class DateChoiceScreen(ModalScreen[date | None]):
    """Dismisses with the day typed, or None (Esc) to keep the list as it is."""

    BINDINGS = bindings(Place.DATE)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog date-choice"):
            yield Static("Transcripts created on…", classes="dialog-title", markup=False)
            yield Input(placeholder="YYYY-MM-DD (the API's day, UTC)", id="day")
            yield Static("", id="day-note", markup=False)
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(f"Enter: show that day   {press('date.cancel', keymap)}: any day", style="bold")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _chosen(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_day(event.value))
        except ValueError as error:
            self.query_one("#day-note", Static).update(Text(str(error), style="yellow"))

    def action_cancel(self) -> None:
        self.dismiss(None)
