"""Every key binding, in one place."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys that belong to actions shipped by other parts of aai-tui, shown so users
#: can find them; kept here so the help screen lists every binding in one table.
MOVEMENT = (
    ("↑ ↓", "Move through the list"),
    ("PgUp PgDn Home End", "Jump through the list"),
    ("Tab", "Switch between the list and the detail pane"),
    ("click a column title", "Sort by that column"),
)


def binding_rows(
    bindings: list[Binding], key_text: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding that says what it does."""
    return [(key_text(binding), binding.description) for binding in bindings if binding.description]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(
        self, sections: list[tuple[str, list[tuple[str, str]]]], list_keys: str = ""
    ) -> None:
        super().__init__()
        self.sections = sections
        self.list_keys = list_keys  # the list's own keys for moving, after the keymap

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=14)
        table.add_column()
        movement = list(MOVEMENT)
        if self.list_keys:
            movement[0] = (f"↑ ↓  {self.list_keys}", movement[0][1])
        for title, rows in [*self.sections, ("Moving around", movement)]:
            table.add_row(f"[underline]{title}[/]", "")
            for key, description in rows:
                table.add_row(key, description)
            table.add_row("", "")
        with VerticalScroll(classes="dialog help"):
            yield Static("aai-tui keys", classes="dialog-title")
            yield Static(table)
            yield Static(
                "Esc, q or ? closes this screen. Other keys: the [keymap] table of the "
                "config file; `aai-tui keys` lists every binding's id.",
                classes="dim",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
