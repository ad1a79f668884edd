"""The event log (``L``): what the app did and saw, newest last, filterable by kind
and by text. Reads the app's :class:`~aai_tui.event_log.EventLog` while open."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from aai_tui.event_log import EntryKind, EventLog, LogEntry
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal
from aai_tui.ui.screens.table_view import TableView

#: What ``t`` goes through: every kind, then each alone.
KIND_FILTERS: tuple[EntryKind | None, ...] = (None, *EntryKind)
KIND_STYLE = {
    EntryKind.FAILURE: "red",
    EntryKind.RETRY: "yellow",
    EntryKind.RATE_LIMIT: "magenta",
    EntryKind.CONNECTION: "yellow",
    EntryKind.SUBMISSION: "green",
    EntryKind.NOTIFICATION: "cyan",
}
#: Seconds between looks for new entries while the view is open.
REFRESH_EVERY = 0.5


class EventLogScreen(TableView[None]):
    BINDINGS = bindings(Place.EVENT_LOG)
    TABLES = ("#log-entries",)

    def __init__(self, log: EventLog) -> None:
        super().__init__()
        self.log_source = log
        self.kind: EntryKind | None = None
        self.text_filter = ""
        self._seen = -1
        self.shown: list[LogEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog view event-log"):
            yield Static("Event log", classes="dialog-title", markup=False)
            yield Input(placeholder="filter: any text in the entries", id="log-filter")
            yield DataTable(id="log-entries", cursor_type="row", zebra_stripes=True)
            # The highlighted entry whole, wrapped: the table's row is cut at its width.
            yield Static("", id="log-entry", markup=False)
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"{press('event_log.kind', keymap)}: next kind   "
            f"{press('event_log.filter', keymap)}: filter   "
            f"{press('event_log.close', keymap)}: close",
            style="bold",
        )

    def on_mount(self) -> None:
        table = self.query_one("#log-entries", DataTable)
        table.add_columns("Time", "Kind", "What")
        self.query_one("#log-entries", DataTable).focus()
        self.render_entries()
        self.set_interval(REFRESH_EVERY, self._follow)

    def _follow(self) -> None:
        if self.log_source.added != self._seen:
            self.render_entries()

    def render_entries(self) -> None:
        self._seen = self.log_source.added
        wanted = self.text_filter.lower()
        self.shown = [
            entry
            for entry in self.log_source.entries()
            if (self.kind is None or entry.kind is self.kind)
            and (not wanted or wanted in entry.text.lower())
        ]
        table = self.query_one("#log-entries", DataTable)
        at_end = table.row_count == 0 or table.cursor_row >= table.row_count - 1
        table.clear()
        for entry in self.shown:
            table.add_row(
                Text(datetime.fromtimestamp(entry.at).strftime("%H:%M:%S")),
                Text(entry.kind.value, style=KIND_STYLE[entry.kind]),
                literal(entry.text, single_line=True),
            )
        if at_end and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._show_entry(table.cursor_row)
        kind = self.kind.value if self.kind else "all kinds"
        total = len(self.log_source.entries())
        self.query_one(".dialog-title", Static).update(
            f"Event log · {kind} · {len(self.shown)} of {total} entries"
        )

    @on(DataTable.RowHighlighted, "#log-entries")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_entry(event.cursor_row)

    def _show_entry(self, index: int) -> None:
        entry = self.shown[index] if 0 <= index < len(self.shown) else None
        self.query_one("#log-entry", Static).update(
            literal(entry.text) if entry is not None else Text("")
        )

    @on(Input.Submitted, "#log-filter")
    def _filter_done(self) -> None:
        self.query_one("#log-entries", DataTable).focus()

    @on(Input.Changed, "#log-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value
        self.render_entries()

    def action_next_kind(self) -> None:
        index = KIND_FILTERS.index(self.kind)
        self.kind = KIND_FILTERS[(index + 1) % len(KIND_FILTERS)]
        self.render_entries()

    def action_filter(self) -> None:
        self.query_one("#log-filter", Input).focus()

    def action_close(self) -> None:
        """Escape leaves the filter box first, then the view."""
        box = self.query_one("#log-filter", Input)
        if box.has_focus:
            self.query_one("#log-entries", DataTable).focus()
            return
        self.dismiss(None)
