"""Submissions a crash or a lost answer left unfinished: finish them or drop them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aai_tui.actions.submit import IN_ANOTHER
from aai_tui.journal import Submission
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal


@dataclass(frozen=True)
class PendingRow:
    cells: tuple[Text, Text, Text]

    @property
    def text(self) -> str:
        return "  ".join(cell.plain for cell in self.cells)


class PendingScreen(ModalScreen[str | None]):
    BINDINGS = bindings(Place.PENDING)

    def __init__(self, submissions: list[Submission], me: str = "") -> None:
        super().__init__()
        self.submissions = submissions
        self.me = me

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_column(style="dim")
        for row in self._rows_text():
            table.add_row(*row.cells)
        with VerticalScroll(classes="dialog pending"):
            count = len(self.submissions)
            yield Static(
                f"{count} unfinished submission{'s' if count != 1 else ''}", classes="dialog-title"
            )
            yield Static(
                Text(
                    "These were recorded but never confirmed by the server (the app "
                    "stopped, or an answer was lost). Finishing one first looks for "
                    "its job on the server, so nothing is created twice; those another "
                    "running aai-tui is working on are left to it.\n"
                ),
                markup=False,
            )
            yield Static(table)
            yield Static(
                self._keys(),
                markup=False,
                classes="dialog-keys",
            )

    def _rows_text(self) -> list[PendingRow]:
        """One row per submission: state, file, and why it is left (another aai-tui's)."""
        rows = []
        for sub in self.submissions:
            pid = sub.owner_pid
            why = (
                Text(IN_ANOTHER + (f" (pid {pid})" if pid else ""))
                if sub.held_elsewhere(self.me)
                else literal(sub.error or "", single_line=True)
            )
            rows.append(
                PendingRow(
                    (Text(sub.state.value), literal(sub.display_name, single_line=True), why)
                )
            )
        return rows

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"{press('pending.complete', keymap)}: finish them   "
            f"{press('pending.discard', keymap)}: discard them   "
            f"{press('pending.later', keymap)}: later",
            style="bold",
        )

    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "later" else choice)
