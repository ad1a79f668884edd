"""Submissions a crash or a lost answer left unfinished: finish them or drop them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aai_tui.actions.submit import IN_ANOTHER
from aai_tui.journal import Submission
from aai_tui.ui.action_registry import Place, bindings, press
from aai_tui.ui.safe_text import literal


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
        for sub in self.submissions:
            held = sub.held_elsewhere(self.me)
            pid = sub.owner_pid
            table.add_row(
                Text(sub.state.value),
                literal(sub.display_name, single_line=True),
                Text(IN_ANOTHER + (f" (pid {pid})" if pid else ""))
                if held
                else literal(sub.error or "", single_line=True),
            )
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

    def _keys(self) -> Text:
        settings = getattr(self.app, "settings", None)
        keymap = settings.keymap if settings is not None else {}
        return Text(
            f"{press('pending.complete', keymap)}: finish them   "
            f"{press('pending.discard', keymap)}: discard them   "
            f"{press('pending.later', keymap)}: later",
            style="bold",
        )

    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "later" else choice)
