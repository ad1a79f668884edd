"""Filling a DataTable so that it never scrolls sideways.

DataTable sizes a column to its widest cell and scrolls past the right edge; in a
view that is a stray-looking scrollbar end and cells cut mid-character (a batch of 11
files read "1"). Here the columns that can give way shrink first (a name is cut with
an ellipsis, a reason wraps onto more lines), and if that is not enough the last
columns are left out whole, never cut.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable

#: Narrowest a column that gives way gets, before columns are left out.
MIN_WIDTH = 8
#: Lines a wrapped cell takes at most; the last one ends with an ellipsis.
WRAP_LINES = 3


@dataclass(frozen=True, slots=True)
class Fit:
    """How the table was filled: the width it had, and the columns it left out."""

    room: int
    dropped: tuple[str, ...] = field(default_factory=tuple)


def room_of(table: DataTable[object]) -> int:
    """Cells' width the table has: its own once laid out (room for a vertical
    scrollbar kept), else the screen's, less a view's frame."""
    width = table.scrollable_content_region.width or table.app.size.width - 6
    if not table.show_vertical_scrollbar:
        width -= table.styles.scrollbar_size_vertical
    return max(1, width)


def _cell_width(cell: Text) -> int:
    return max((line.cell_len for line in cell.split()), default=0)


def fill_fitted(
    table: DataTable[object],
    labels: Sequence[str],
    rows: Sequence[tuple[Hashable, Sequence[Text]]],
    *,
    give_way: Sequence[int] = (),
    wrap: int | None = None,
    drop_first: Sequence[int] = (),
    drop_then: Sequence[int] | None = None,
    cut_middle: Sequence[int] = (),
    floors: Mapping[int, int] | None = None,
    room: int | None = None,
) -> Fit:
    """Replace the table's columns and rows with ``rows``, fitted to its width.

    In order, while the columns are wider than the room: ``drop_first`` columns are
    left out (the least needed); ``give_way`` columns shrink, in that order, down to
    MIN_WIDTH (``wrap``, one of them, wraps its cells instead of cutting them; a
    ``cut_middle`` one keeps both ends, as a file name's end tells files apart); then
    ``drop_then`` columns (default: the last ones) are left out. ``floors`` raises a
    column's narrowest above MIN_WIDTH (a short place that must not wrap)."""
    room = room_of(table) if room is None else room
    padding = 2 * table.cell_padding
    natural = [
        max(len(label), *(_cell_width(cells[i]) for _, cells in rows)) if rows else len(label)
        for i, label in enumerate(labels)
    ]
    widths = list(natural)
    over = sum(widths) + padding * len(widths) - room
    kept = list(range(len(labels)))

    def leave_out(columns: Sequence[int]) -> None:
        nonlocal over
        for column in columns:
            if over <= 0 or len(kept) <= 1:
                return
            if column in kept:
                kept.remove(column)
                over -= widths[column] + padding

    leave_out(drop_first)
    for column in give_way:
        if over <= 0:
            break
        if column in kept:
            floor = min(widths[column], (floors or {}).get(column, MIN_WIDTH))
            given = min(over, widths[column] - floor)
            widths[column] -= given
            over -= given
    leave_out(list(reversed(range(len(labels)))) if drop_then is None else drop_then)
    leave_out(list(reversed(range(len(labels)))))
    for column in give_way:  # room a left-out column freed goes back to the shrunk
        if over >= 0:
            break
        if column in kept:
            back = min(-over, natural[column] - widths[column])
            widths[column] += back
            over += back
    table.clear(columns=True)
    for column in kept:
        table.add_column(labels[column], width=widths[column])
    console = table.app.console
    for key, cells in rows:
        fitted: list[Text] = []
        for index in kept:
            cell = cells[index]
            width = widths[index]
            if _cell_width(cell) <= width:
                fitted.append(cell)
            elif index == wrap:
                fitted.append(_wrapped(cell, width, console))
            elif index in cut_middle:
                fitted.append(middle_cut(cell, width))
            else:
                short = cell.copy()
                short.truncate(width, overflow="ellipsis")
                fitted.append(short)
        height = max((len(cell.split()) for cell in fitted), default=1)
        table.add_row(*fitted, key=str(key), height=height)
    return Fit(room, tuple(label for i, label in enumerate(labels) if i not in kept))


def middle_cut(text: Text, width: int) -> Text:
    """``meeting-rec…ing-07.wav``: the start and the end, which tell names apart."""
    plain = text.plain
    if width < 5 or len(plain) <= width or text.cell_len != len(plain):  # wide characters
        short = text.copy()
        short.truncate(width, overflow="ellipsis")
        return short
    head = (width - 1) // 2
    tail = width - 1 - head
    return Text.assemble(text[:head], "…", text[len(plain) - tail :])


def _wrapped(text: Text, width: int, console: Console) -> Text:
    lines = list(text.wrap(console, width))
    if len(lines) > WRAP_LINES:
        lines = lines[:WRAP_LINES]
        lines[-1].truncate(width - 1)
        lines[-1].append("…")
    return Text("\n").join(lines)
