"""Every key binding, in one place."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aai_tui.ui.action_registry import Place, bindings
from aai_tui.ui.presentation import STATUS_MEANINGS, STATUS_SYMBOLS

#: Keys Textual's own widgets give (not aai-tui's bindings, so not in the keymap).
MOVEMENT = (
    ("↑ ↓", "Move through the list; in the detail pane, scroll it"),
    ("PgUp PgDn", "A screen up or down"),
    ("click a column title", "Sort by that column"),
)


def binding_rows(owned: list[Binding], key_text: Callable[[Binding], str]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding that says what it does."""
    return [(key_text(binding), binding.description) for binding in owned if binding.description]


#: What the header's short forms mean (a narrow terminal drops the words).
HEADER_SYMBOLS = (
    ("◐ 3/5", "processing, against the concurrency limit you configured"),
    ("≤3", "the account's limit as seen (limit 3 (seen) when there is room)"),
    ("219+", "at least that many: the count reached the list's limit of 200 a scan"),
    ("↻37s", "the rate-limit window resets in 37 s"),
    ("(2m old)", "the counts come from a scan that began 2 minutes ago"),
    ("‖", "live updates paused (p)"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(Place.HELP)

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))  # a few dozen rows, drawn once
        table.add_column(style="bold", no_wrap=True, min_width=14)
        table.add_column()
        legend = [
            (f"{symbol} {name}", STATUS_MEANINGS.get(name, ""))
            for name, symbol in STATUS_SYMBOLS.items()
        ] + list(HEADER_SYMBOLS)
        sections = [*self.sections, ("Moving around", list(MOVEMENT)), ("Symbols", legend)]
        for title, rows in sections:
            table.add_row(Text(title, style="underline"), "")
            for key, description in rows:
                table.add_row(Text(key), Text(description))
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
