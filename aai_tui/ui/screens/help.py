"""Every key binding, in one place."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys that belong to actions shipped by other parts of aai-tui, shown so users
#: can find them; kept here so the help screen lists every binding in one table.
MOVEMENT = (
    ("↑ ↓  j k", "Move through the list"),
    ("PgUp PgDn Home End", "Jump through the list"),
    ("Tab", "Switch between the list and the detail pane"),
    ("click a column title", "Sort by that column"),
)


def binding_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if not binding.description:
            continue
        key = binding.key_display or binding.key
        rows.append((key, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=14)
        table.add_column()
        for title, rows in [*self.sections, ("Moving around", list(MOVEMENT))]:
            table.add_row(f"[underline]{title}[/]", "")
            for key, description in rows:
                table.add_row(key, description)
            table.add_row("", "")
        with VerticalScroll(classes="dialog help"):
            yield Static("aai-tui keys", classes="dialog-title")
            yield Static(table)
            yield Static("Esc, q or ? closes this screen.", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)
