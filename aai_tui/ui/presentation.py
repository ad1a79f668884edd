"""How statuses look: a symbol and a word for each, so they read without colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import App

from aai_tui.api.models import TranscriptStatus

STATUS_SYMBOLS: dict[str, str] = {
    "queued": "◌",
    "throttled": "⊘",  # "‖" is the header's "paused": one symbol, one meaning
    "processing": "◐",
    "completed": "✔",
    "error": "✖",
    "deleted": "∅",
}
#: What each status symbol means, for the help screen's legend.
STATUS_MEANINGS: dict[str, str] = {
    "queued": "waiting to start",
    "throttled": "queued behind the account's concurrency limit (first in, first out)",
    "processing": "being transcribed",
    "completed": "done: the text is ready",
    "error": "failed: the detail pane says why and how to fix it",
    "deleted": "deleted: its text and audio are gone from the account",
}
STATUS_FILTERS: tuple[str | None, ...] = (None, "queued", "processing", "completed", "error")


def sort_label(column: str, reverse: bool) -> str:
    """How the title and the views name a sort: "created ↓", the API's own order, or
    "duration ↑ (page)", which orders the rows of the page shown only."""
    label = f"{column} {'↓' if reverse else '↑'}"
    return label if (column, reverse) == ("created", True) else f"{label} (page)"


def statuses_label(statuses: tuple[str, ...]) -> str:
    """How the list's title and notices name a status filter: "all" for none."""
    return "+".join(statuses) if statuses else "all"


#: Cells of the list's border around its title: corners, rules and spaces.
TITLE_FRAME = 6


@dataclass(frozen=True, slots=True)
class ListTitle:
    """What the list's title says: where the user is and what narrows the list."""

    page: int
    shown: str  # "25", or "3 of 25" under a text filter
    statuses: str  # statuses_label()
    day: str | None  # the created-on filter, as people say it
    sort: str
    text_filter: str | None
    marked: int

    def forms(self) -> list[str]:
        """Fullest first. The filters (status, day, text, marks) stay to the last: a
        list cut short by a filter it does not show looks like missing jobs."""
        filters = [f"status: {self.statuses}"]
        if self.day:
            filters.append(f"created: {self.day}")
        tail = [f"filter: {self.text_filter}"] if self.text_filter is not None else []
        if self.marked:
            tail.append(f"{self.marked} marked")
        sort = [f"sort: {self.sort}"]
        short = [self.statuses] if self.statuses != "all" else []
        short += [self.day] if self.day else []
        short += [f"/{self.text_filter}"] if self.text_filter is not None else []
        short += [f"{self.marked}✓"] if self.marked else []
        return [
            " · ".join(
                [f"Transcripts · page {self.page}", f"{self.shown} shown", *filters, *sort, *tail]
            ),
            " · ".join([f"page {self.page}", f"{self.shown} shown", *filters, *sort, *tail]),
            " · ".join([f"page {self.page}", f"{self.shown} shown", *filters, *tail]),
            " · ".join([f"p{self.page}", f"{self.shown} shown", *filters, *tail]),
            " · ".join([f"p{self.page}", f"{self.shown} shown", *short]),
            # A bare count read as nothing ("p1 · 0 · …"): it keeps its word, the page
            # goes first.
            " · ".join([f"{self.shown} shown", *short]),
            " · ".join(short) if short else f"{self.shown} shown",
        ]

    def fitted(self, width: int) -> str:
        """The fullest form within ``width`` cells (the last if none fits: the border
        cuts it)."""
        forms = self.forms()
        return next((form for form in forms if cell_len(form) <= width), forms[-1])


def rich_colors(variables: dict[str, str]) -> dict[str, str]:
    """The theme's variables as colours Rich can parse. Textual's ANSI themes say
    "ansi_magenta" and some values are not colours at all ("transparent", "red 50%"):
    those become Rich's names or are left out, so a style never fails to parse."""
    from rich.color import Color, ColorParseError

    usable: dict[str, str] = {}
    for name, value in variables.items():
        candidate = value.removeprefix("ansi_") if isinstance(value, str) else ""
        try:
            Color.parse(candidate)
        except ColorParseError:
            continue
        usable[name] = candidate
    return usable


def theme_colors(app: App[Any]) -> dict[str, str]:
    """The theme's colours, ready for Rich styles: aai-tui's app caches them per theme;
    any other app (a test's) computes them."""
    cached = getattr(app, "theme_colors", None)
    if callable(cached):
        return dict(cached())
    return rich_colors(app.get_css_variables())


def status_key(
    status: TranscriptStatus | str, throttled: bool = False, *, deleted: bool = False
) -> str:
    value = str(status)
    if deleted:
        return "deleted"
    return "throttled" if throttled and value == "queued" else value


def status_text(
    status: TranscriptStatus | str,
    variables: dict[str, str],
    *,
    throttled: bool = False,
    deleted: bool = False,
) -> Text:
    key = status_key(status, throttled, deleted=deleted)
    color = variables.get(f"status-{key}") or (variables.get("status-queued") if deleted else None)
    style = Style(color=color, bold=key == "error") if color else Style()
    return Text(f"{STATUS_SYMBOLS.get(key, '?')} {key}", style=style)
