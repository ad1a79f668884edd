"""The transcript list: rows updated in place by id, filtered and sorted locally."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets.data_table import ColumnKey

from aai_tui.api.models import DELETED_AUDIO_URL
from aai_tui.formatting import audio_name, duration, relative_time, shorten
from aai_tui.ui.action_registry import Place, bindings
from aai_tui.ui.presentation import status_key, status_text, theme_colors
from aai_tui.ui.safe_text import literal
from aai_tui.ui.widgets.fitted_table import middle_cut
from aai_tui.ui.widgets.row_cached_table import RowCachedTable

#: (key, title, width); a width of 0 marks a column sized to the room left.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("status", "Status", 14),  # "● ◐ processing" when marked
    ("id", "ID", 8),
    ("created", "Created", 8),
    ("audio", "Audio", 0),
    ("duration", "Duration", 8),  # one wider when sorted by it, room allowing: "Duration↓"
    ("error", "Error", 0),
)
#: The audio column's width range; the error column gets the rest, at least 8.
AUDIO_WIDTHS = (12, 22)
MIN_ERROR_WIDTH = 8
SORTABLE = tuple(key for key, _, _ in COLUMNS)
#: Always shown: the row's state, which job and when.
KEPT_COLUMNS = ("status", "id", "created")
#: Where the width is short, these go, first to last: the detail pane shows them all.
#: The list never scrolls sideways (a row cursor has nothing to find there).
DROPPED_FIRST = ("duration", "error", "audio")
#: From this many rows leaving the table at once, clearing it and adding the rows again
#: is cheaper than removing them one by one (each removal re-indexes every row).
REBUILD_FROM = 16


def cropped(text: Text) -> Text:
    """A cell that ends in "…" where its column cuts it."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def fitting_columns(width: int, padding: int) -> tuple[str, ...]:
    """The columns shown in ``width`` cells (each column also takes ``2 * padding``),
    in table order: all of them when they fit at their narrowest, else without the
    ones that go first."""
    narrowest = {key: size for key, _, size in COLUMNS}
    narrowest.update(audio=AUDIO_WIDTHS[0], error=MIN_ERROR_WIDTH)
    shown = [key for key, _, _ in COLUMNS]
    for key in (None, *DROPPED_FIRST):
        if key is not None:
            shown.remove(key)
        if sum(narrowest[k] + 2 * padding for k in shown) <= width:
            break
    return tuple(shown)


def flexible_widths(room: int) -> tuple[int, int]:
    """Audio and error column widths for ``room`` cells left by the fixed columns:
    the audio column first, up to its widest, leaving the error column at least its
    narrowest; then the rest to the error column."""
    low, high = AUDIO_WIDTHS
    audio = max(low, min(high, room - MIN_ERROR_WIDTH))
    return audio, max(MIN_ERROR_WIDTH, room - audio)


@dataclass(frozen=True)
class TranscriptRow:
    id: str
    status: str
    throttled: bool
    created: datetime | None
    audio_url: str
    local_name: str | None = None
    duration: float | None = None
    error: str | None = None
    #: ``metadata.warnings`` of the transcript, when it has been fetched.
    warnings: tuple[str, ...] = ()
    #: Its duration is on its way (the tracker reads a few ended jobs a cycle).
    duration_pending: bool = False

    @property
    def audio(self) -> str:
        return self.local_name or audio_name(self.audio_url)

    @property
    def deleted(self) -> bool:
        return self.audio_url == DELETED_AUDIO_URL

    def search_text(self) -> str:
        """What ``/`` matches: "warning" finds every row with a warning."""
        notes = ("warning", *self.warnings) if self.warnings else ()
        return " ".join(
            (self.id, self.status, self.audio, self.audio_url, self.error or "", *notes)
        ).lower()


class IdCell:
    """The short id shown in the table, carrying the full id for sorting."""

    def __init__(self, full: str) -> None:
        self.full = full

    def __rich__(self) -> Text:
        return literal(self.full[:8])

    def __str__(self) -> str:
        return self.full


def _sort_value(row: TranscriptRow, column: str, api_position: int) -> tuple[Any, ...]:
    if column == "created":
        return (row.created.timestamp() if row.created else 0.0, -api_position)
    if column == "duration":
        return (row.duration if row.duration is not None else -1.0,)
    if column == "status":
        return (status_key(row.status, row.throttled, deleted=row.deleted),)
    if column == "audio":
        return (row.audio.lower(),)
    if column == "error":
        return (row.error or "",)
    return (row.id,)


class TranscriptTable(RowCachedTable[object]):
    BINDINGS = bindings(Place.LIST)

    # A hidden cursor (the detail pane shows a job off the page) comes back where it
    # was and moves: DataTable would scroll instead of moving a cursor it does not show.
    # If it cannot move (k on the first row), the row under it is the selection anyway.
    def _shown_and_moved(self, move: Callable[[], None]) -> None:
        was_hidden = not self.show_cursor
        self.show_cursor = True
        before = self.cursor_coordinate
        move()
        if was_hidden and self.cursor_coordinate == before and self._on_cursor_moved:
            self._on_cursor_moved()

    def action_cursor_down(self) -> None:
        self._shown_and_moved(super().action_cursor_down)

    def action_cursor_up(self) -> None:
        self._shown_and_moved(super().action_cursor_up)

    def action_page_down(self) -> None:
        self._shown_and_moved(super().action_page_down)

    def action_page_up(self) -> None:
        self._shown_and_moved(super().action_page_up)

    def action_cursor_first(self) -> None:
        self._shown_and_moved(lambda: self.move_cursor(row=0) if self.row_count else None)

    def action_cursor_last(self) -> None:
        self._shown_and_moved(
            lambda: self.move_cursor(row=self.row_count - 1) if self.row_count else None
        )

    def __init__(
        self,
        *,
        now: Callable[[], datetime],
        on_cursor_moved: Callable[[], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._now = now
        self._on_cursor_moved = on_cursor_moved
        self.rows_by_id: dict[str, TranscriptRow] = {}
        self.filter_text = ""
        self.sort_column = "created"
        self.sort_reverse = True  # newest first, as the API lists
        self._api_order: list[str] = []
        self.marked: set[str] = set()
        self._shown: dict[str, dict[str, object]] = {}  # row id -> its cells' sources
        self._applying_rows = False
        #: The cell the sorted column's arrow takes, where the width has it (0 or 1).
        self._sort_cell = 0
        #: The columns on screen, in table order (fewer where the width is short).
        self.shown_columns: tuple[str, ...] = tuple(key for key, _, _ in COLUMNS)

    @property
    def applying_rows(self) -> bool:
        """Rows are being added, removed or reordered: cursor moves are not the user's."""
        return self._applying_rows

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """Tell the screen at once, not through RowHighlighted: that message reaches the
        screen after the moved cursor has been painted, so whatever follows the cursor
        (the detail pane) would come a frame or two later."""
        super().watch_cursor_coordinate(old, new)
        # While rows are applied the cursor may move once per removed row; the screen
        # hears of it once, when they are all in.
        if old != new and not self._applying_rows and self._on_cursor_moved is not None:
            self._on_cursor_moved()

    def on_mount(self) -> None:
        self._add_columns()
        self.app.theme_changed_signal.subscribe(self, self.refresh_cells)

    def _add_columns(self) -> None:
        audio, error = flexible_widths(0)
        flexible = {"audio": audio, "error": error}
        for key, label, width in COLUMNS:
            if key in self.shown_columns:
                self.add_column(label, key=key, width=width or flexible[key])
        self._label_columns()

    def _arrow_cell(self) -> int:
        """1 when the sorted column is a fixed one whose whole label and arrow do not
        fit its width ("Duratio↓" read like a typo), else 0."""
        for key, label, width in COLUMNS:
            if key == self.sort_column and width and len(label) + 1 > width:
                return 1
        return 0

    def _label_columns(self) -> None:
        """The sorted column's label carries the order (``Created↓``), as k9s does: the
        list's title drops its sort first where the width is short."""
        for key, label, width in COLUMNS:
            column = self.columns.get(ColumnKey(key))
            if column is None:
                continue
            if width:  # the sorted one takes the cell its arrow needs, where there is room
                column.width = width + (self._sort_cell if key == self.sort_column else 0)
            arrow = ("↓" if self.sort_reverse else "↑") if key == self.sort_column else ""
            column.label = Text(label[: column.width - len(arrow)] + arrow)
        self.refresh()

    def on_resize(self) -> None:
        """Fit the columns to the width: leave out those that do not fit at their
        narrowest, then share the room the fixed ones leave between audio and error,
        so no column is past a horizontal scroll."""
        # Room for the vertical scrollbar is kept whether it shows yet or not: it
        # appears with the rows, and that does not resize the table.
        scrollbar = self.styles.scrollbar_size_vertical
        room = self.content_region.width - scrollbar
        # Which columns: by the whole width; a scrollbar, when it shows, cuts the last
        # column by its width rather than leaving a column out.
        shown = fitting_columns(self.content_region.width, self.cell_padding)
        if shown != self.shown_columns:
            self._show_columns(shown)
        # the padding of every shown column, and the width of the fixed ones
        fixed = sum(width + 2 * self.cell_padding for key, _, width in COLUMNS if key in shown)
        # The sorted column's arrow takes a cell from the last flexible one shown, below
        # its narrowest if need be (a name or error cut one cell sooner).
        flexible = [key for key in ("audio", "error") if key in shown]
        sort_cell = self._arrow_cell() if flexible and self.sort_column in shown else 0
        changed = sort_cell != self._sort_cell
        if changed:
            self._sort_cell = sort_cell
            self._label_columns()
        audio, error = flexible_widths(room - fixed - sort_cell)
        if "error" not in shown:  # the audio column has the rest
            audio = max(AUDIO_WIDTHS[0], room - fixed - sort_cell)
        if sort_cell and fixed + sort_cell + audio + (error if "error" in shown else 0) > room:
            if "error" in shown:
                error -= sort_cell
            else:
                audio -= sort_cell
        for key, width in (("audio", audio), ("error", error)):
            column = self.columns.get(ColumnKey(key))
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh_cells()  # names are cut to the new width
            self.refresh()

    def _audio_width(self) -> int:
        column = self.columns.get(ColumnKey("audio"))
        return column.width if column is not None else AUDIO_WIDTHS[1]

    # --------------------------------------------------------------- data

    def selected_id(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return key.value

    def id_at(self, index: int) -> str | None:
        """The job on row ``index``, if there is such a row."""
        if not 0 <= index < self.row_count:
            return None
        return self.ordered_rows[index].key.value

    def show_rows(self, rows: list[TranscriptRow]) -> None:
        """Make the table show ``rows`` (API order) with as few changes as possible."""
        self._api_order = [row.id for row in rows]
        self.rows_by_id = {row.id: row for row in rows}
        self._render_rows()

    def update_row(self, row: TranscriptRow) -> None:
        if row.id in self.rows_by_id:
            self.rows_by_id[row.id] = row
            if row.id in self.rows:
                self._update_cells(row)

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().lower()
        self._render_rows()

    def sort_by(self, column: str, reverse: bool | None = None) -> None:
        if reverse is None:
            reverse = not self.sort_reverse if column == self.sort_column else column == "created"
        self.sort_column = column
        self.sort_reverse = reverse
        self._label_columns()
        if self.is_mounted:
            self.on_resize()  # the sorted column may take a cell for its arrow
        self._render_rows()

    def shown_rows(self) -> list[TranscriptRow]:
        """The rows on the page that the text filter lets through, in API order."""
        return self._visible_rows()

    def _visible_rows(self) -> list[TranscriptRow]:
        rows = [self.rows_by_id[i] for i in self._api_order]
        if self.filter_text:
            rows = [r for r in rows if self.filter_text in r.search_text()]
        return rows

    def refresh_cells(self, _theme: object = None) -> None:
        """Update every cell whose source changed: marks, relative times, the theme's
        status colours (this is also the theme switch's handler)."""
        for row_id in list(self.rows_by_id):
            if row_id in self.rows:
                self._update_cells(self.rows_by_id[row_id])

    def _status_cell(self, row: TranscriptRow) -> Text:
        text = status_text(
            row.status, theme_colors(self.app), throttled=row.throttled, deleted=row.deleted
        )
        if row.id in self.marked:
            return Text("● ", style="bold") + text
        return text

    def _cell(self, column: str, row: TranscriptRow) -> object:
        if column == "status":
            return self._status_cell(row)
        if column == "id":
            return IdCell(row.id)
        if column == "created":
            return Text(relative_time(row.created, self._now()))
        if column == "audio":
            # Cut in the middle to the column (``stand…59.mp3``): names that share a
            # start (a recorder's date, a batch's prefix) differ at the end.
            return middle_cut(literal(row.audio, single_line=True), self._audio_width())
        if column == "duration":
            if row.duration is None and row.duration_pending:
                return Text("…", justify="right", style="dim")
            return Text(duration(row.duration), justify="right")
        if row.error or not row.warnings:
            return cropped(literal(shorten(row.error or "", 200), single_line=True))
        colour = theme_colors(self.app).get("status-throttled", "")
        return cropped(literal("⚠ " + shorten(row.warnings[0], 200), colour, single_line=True))

    def _cells(self, row: TranscriptRow) -> list[object]:
        return [self._cell(column, row) for column in self.shown_columns]

    def _show_columns(self, shown: tuple[str, ...]) -> None:
        """Another set of columns: the table is built again with the same rows, the
        selected one where it was on screen (rare: only a resize across a width)."""
        selected = self.selected_id()
        on_screen = self._cursor_on_screen()
        self.shown_columns = shown
        self._applying_rows = True
        try:
            with self.app.batch_update():
                self.clear(columns=True)
                self._add_columns()
                self._rebuild(self._visible_rows(), selected, on_screen)
        finally:
            self._applying_rows = False

    def _sources(self, row: TranscriptRow) -> dict[str, object]:
        """What each cell shows, cheap to compare: only cells whose source changed are
        rebuilt and updated, since every cell update costs the table a refresh."""
        return {
            "status": (
                row.status,
                row.throttled,
                row.deleted,
                row.id in self.marked,
                self.app.theme,
            ),
            "id": row.id,
            "created": relative_time(row.created, self._now()),
            "audio": (row.local_name, row.audio_url, self._audio_width()),
            "duration": (row.duration, row.duration_pending),
            "error": (row.error, row.warnings, self.app.theme),
        }

    def _update_cells(self, row: TranscriptRow, *, force: bool = False) -> None:
        sources = self._sources(row)
        before = self._shown.get(row.id)
        if not force and before == sources:
            return
        self._shown[row.id] = sources
        for column, source in sources.items():
            if column not in self.shown_columns:
                continue
            if force or before is None or before.get(column) != source:
                self.update_cell(row.id, column, self._cell(column, row))

    def _wanted_order(self, wanted: list[TranscriptRow]) -> list[str]:
        positions = {row_id: index for index, row_id in enumerate(self._api_order)}
        column = self.sort_column
        ordered = sorted(
            wanted,
            key=lambda row: _sort_value(row, column, positions[row.id]),
            reverse=self.sort_reverse,
        )
        return [row.id for row in ordered]

    def _render_rows(self) -> None:
        """Apply the wanted rows in place: remove, add and redraw only what changed."""
        selected = self.selected_id()
        wanted = self._visible_rows()
        wanted_ids = {row.id for row in wanted}
        self._applying_rows = True
        try:
            self._apply_rows(wanted, wanted_ids, selected)
        finally:
            self._applying_rows = False
        # The screen decides what a change of rows means for its selection (a job, not
        # a row): it is not told that the cursor moved, since the user did not move it.

    def _apply_rows(
        self, wanted: list[TranscriptRow], wanted_ids: set[str], selected: str | None
    ) -> None:
        stale = [key.value for key in self.rows if key.value not in wanted_ids]
        on_screen = self._cursor_on_screen()
        with self.app.batch_update():
            if len(stale) >= REBUILD_FROM:
                self._rebuild(wanted, selected, on_screen)
                return
            for key in stale:
                if key is None:
                    continue
                self.remove_row(key)
                self._shown.pop(key, None)
            for row in wanted:
                if row.id in self.rows:
                    self._update_cells(row)
                else:
                    self._shown[row.id] = self._sources(row)
                    self.add_row(*self._cells(row), key=row.id)
            order = self._wanted_order(wanted)
            current = [
                self.coordinate_to_cell_key(Coordinate(i, 0))[0].value
                for i in range(self.row_count)
            ]
            if order != current:
                rank = {row_id: index for index, row_id in enumerate(order)}
                self.sort("id", key=lambda cell: rank[str(cell)])
            if selected and selected in self.rows:
                self.follow_row(self.get_row_index(selected), on_screen)

    def _rows_in_view(self) -> int:
        return self.scrollable_content_region.height - (
            self.header_height if self.show_header else 0
        )

    def _cursor_on_screen(self) -> int | None:
        """The cursor's line among the rows in view, or None when it is out of view."""
        line = self.cursor_row - round(self.scroll_y)
        return line if 0 <= line < self._rows_in_view() else None

    def follow_row(self, index: int, on_screen: int | None = None) -> None:
        """Put the cursor on row ``index`` (its job's, after rows came or went) and keep
        that row on screen: on line ``on_screen`` when given (where it was), else
        scrolling no further than needed. The detail pane never shows a job whose row
        is listed but out of view."""
        if self.cursor_row != index:
            self.move_cursor(row=index, scroll=False)
        in_view = self._rows_in_view()
        if in_view <= 0:
            return
        top = round(self.scroll_y)
        if on_screen is not None and top != index - on_screen:
            self.scroll_to(y=max(0, index - on_screen), animate=False, immediate=True)
        elif index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + in_view:
            self.scroll_to(y=index - in_view + 1, animate=False, immediate=True)

    def _rebuild(
        self, wanted: list[TranscriptRow], selected: str | None, on_screen: int | None
    ) -> None:
        """Clear the table and add ``wanted`` in order, keeping the selected row on
        line ``on_screen`` (where it was), or in view."""
        self.clear()
        self._shown.clear()
        by_id = {row.id: row for row in wanted}
        for row_id in self._wanted_order(wanted):
            row = by_id[row_id]
            self._shown[row_id] = self._sources(row)
            self.add_row(*self._cells(row), key=row_id)
        if selected and selected in self.rows:
            self.follow_row(self.get_row_index(selected), on_screen)
