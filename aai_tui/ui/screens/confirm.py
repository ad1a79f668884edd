"""A yes/no question: Enter confirms, Esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = bindings(Place.CONFIRM)

    def __init__(self, title: str, lines: list[str], confirm_label: str = "Confirm") -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog confirm"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            for line in self.lines:
                yield Static(literal(line), markup=False)
            keymap = app_keymap(self.app)
            yield Static(
                Text(
                    f"\n{press('confirm.yes', keymap)}: {self.confirm_label}   "
                    f"{press('confirm.no', keymap)}: cancel",
                    style="bold",
                ),
                markup=False,
                classes="dialog-keys",
            )

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
