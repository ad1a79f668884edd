"""Ask for the words to find inside the selected transcript."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from aai_tui.ui.action_registry import Place, bindings


class WordSearchScreen(ModalScreen[list[str] | None]):
    BINDINGS = bindings(Place.WORD_SEARCH)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Search words (comma-separated; a phrase may hold spaces)")
            yield Input(placeholder="refund, account number", id="words")
            yield Label("Enter searches · Esc cancels", classes="dim")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        words = [w.strip() for w in event.value.split(",") if w.strip()]
        if not words:
            self.notify("Type at least one word.", severity="warning", timeout=2)
            return
        self.dismiss(words)

    def action_cancel(self) -> None:
        self.dismiss(None)
