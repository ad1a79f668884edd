"""A DataTable that draws a row again only when that row changed.

DataTable keys its render caches on one count of changes to the whole table, so a
single updated cell makes it render every visible row again, cell by cell, through
Rich's layout: about 0.1 ms a cell, 30-50 ms for a full 160x50 screen, which is most
of a key press's time when the list is updated every second. Here each line is cached
under its own row's version, its place, whether the cursor or the mouse is on it, and
the styles it is drawn with; a one-line text cell is drawn straight from its text
instead of through Rich's layout (the same result, several times faster).

Only the common shape is drawn this way: one-line rows and header, a row cursor (or
none), no fixed rows or columns, no row labels. Anything else is left to DataTable.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import count
from typing import Any, NamedTuple

from rich.console import Console, ConsoleOptions, RenderableType
from rich.containers import Lines
from rich.padding import Padding
from rich.protocol import rich_cast
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import default_cell_formatter  # how DataTable shows a value
from textual.widgets.data_table import CellType, ColumnKey, RowKey

#: Lines kept: a few screens of rows, each with and without the cursor.
LINE_CACHE_SIZE = 2048


def render_cell(
    console: Console,
    options: ConsoleOptions,
    renderable: RenderableType,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[Segment]:
    """One line of a cell ``width`` cells wide, as DataTable draws it: the renderable
    padded left and right, on ``pre_style`` with ``post_style`` over it."""
    text = rich_cast(renderable)
    inner = width - 2 * padding
    if isinstance(text, Text) and inner > 0 and text.no_wrap is not False:
        plain = text.plain
        if "\n" not in plain and "\t" not in plain:
            return _text_cell(console, options, text, inner, padding, pre_style, post_style)
    return laid_out_cell(console, options, renderable, width, padding, pre_style, post_style)


def laid_out_cell(
    console: Console,
    options: ConsoleOptions,
    renderable: RenderableType,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[Segment]:
    """The same line through Rich's layout, exactly as DataTable draws a cell: for any
    renderable, and the reference the shortcut is tested against."""
    lines = console.render_lines(
        Styled(Padding(renderable, (0, padding)), pre_style=pre_style, post_style=post_style),
        options.update_dimensions(width, 1).update(no_wrap=True),
    )
    return lines[0]


def _text_cell(
    console: Console,
    options: ConsoleOptions,
    text: Text,
    inner: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[Segment]:
    """What Rich's layout makes of one line of text that does not wrap: justified,
    then cut to ``inner`` cells (with its overflow rule), then padded."""
    line = text.copy()
    justify = text.justify or options.justify or "default"
    overflow = text.overflow or options.overflow or "fold"
    if justify != "default":
        Lines([line]).justify(console, inner, justify=justify, overflow=overflow)
    line.truncate(inner, overflow=overflow)
    # Joined as Rich joins lines, which turns the text's own style into a span.
    segments = list(Text("\n").join([line]).render(console, end=""))
    gap = inner - line.cell_len
    null = Style.null()
    if padding:
        segments.insert(0, Segment(" " * padding, null))
    if gap > 0 or padding:
        segments.append(Segment(" " * (max(0, gap) + padding), null))
    return list(Segment.apply_style(segments, pre_style, post_style))


class FrameStyles(NamedTuple):
    """Everything a row's drawing depends on besides its own cells, read once a frame."""

    base: Style
    header: Style
    even_row: Style
    odd_row: Style
    cursor: Style
    hover: Style
    header_hover: Style
    zebra: bool
    show_cursor: bool
    show_hover: bool
    css_foreground: bool
    css_background: bool
    widths: tuple[int, ...]
    labels: tuple[str, ...]
    width: int
    padding: int


class RowCachedTable(DataTable[CellType]):
    """DataTable with lines cached per row; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._row_versions: dict[RowKey, int] = {}
        self._next_version = count(1).__next__
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(LINE_CACHE_SIZE)
        self._frame: FrameStyles | None = None
        self._previous_frame: FrameStyles | None = None
        self._frame_generation = 0  # part of every line's key: new styles, new lines
        self._tall_rows = False

    # ------------------------------------------------------ row versions

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> RowKey:
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        self._row_versions[row_key] = self._next_version()
        if height != 1:
            self._tall_rows = True
        return row_key

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        key = RowKey(row_key) if isinstance(row_key, str) else row_key
        column = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if update_width or self._tall_rows or column not in self._data.get(key, {}):
            # A width to measure, rows of many heights, or a missing cell (which raises):
            # DataTable's own path, which repaints the whole table.
            super().update_cell(row_key, column_key, value, update_width=update_width)
        else:
            # One cell of a one-line row: repaint that row only. DataTable repaints the
            # whole table, every time the tracker fills in a duration or a status.
            self._data[key][column] = value
            self._update_count += 1
            self.refresh_row(self.get_row_index(key))
        self._row_versions[key] = self._next_version()

    def remove_row(self, row_key: RowKey | str) -> None:
        super().remove_row(row_key)
        self._row_versions.pop(RowKey(row_key) if isinstance(row_key, str) else row_key, None)

    def clear(self, columns: bool = False) -> RowCachedTable[CellType]:
        super().clear(columns)
        self._row_versions.clear()
        self._lines.clear()
        self._tall_rows = False
        return self

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # ----------------------------------------------------------- drawing

    def _row_component_style(self, name: str) -> Style:
        """A whole row's style, read as DataTable reads it."""
        return self.get_component_styles(name).rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = None  # read again for this frame, on the first line drawn
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        styles = self._frame_styles()
        if styles is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if self.show_header:
            if y == 0:
                return self._header_line(styles, scroll_x)
            y -= 1
        index = y + scroll_y
        rows = self.ordered_rows
        if index >= len(rows):
            return Strip.blank(styles.width, styles.base)
        row_key = rows[index].key
        version = self._row_versions.get(row_key)
        if version is None:  # a row added some other way: give it a version now
            version = self._row_versions[row_key] = self._next_version()
        cursor = styles.show_cursor and self.cursor_type == "row" and self.cursor_row == index
        hover = styles.show_hover and self.cursor_type == "row" and self.hover_row == index
        key = (row_key, version, index, cursor, hover, self._frame_generation, scroll_x)
        line = self._lines.get(key)
        if line is None:
            cells = self.get_row_at(index)
            renderables: list[RenderableType] = [
                default_cell_formatter(cell, wrap=False, height=1) if cell is not None else ""
                for cell in cells
            ]
            row_style = (
                (styles.odd_row if index % 2 else styles.even_row) if styles.zebra else styles.base
            )
            line = self._draw_line(styles, index, renderables, row_style, cursor, hover, scroll_x)
            self._lines[key] = line
        return line

    def _header_line(self, styles: FrameStyles, scroll_x: int) -> Strip:
        hover = styles.show_hover and self.cursor_type == "row" and self.hover_row == -1
        labels = [column.label for column in self.ordered_columns]
        key = ("header", hover, self._frame_generation, scroll_x, *(str(t) for t in labels))
        line = self._lines.get(key)
        if line is None:
            line = self._draw_line(styles, -1, labels, styles.header, False, hover, scroll_x)
            self._lines[key] = line
        return line

    def _draw_line(
        self,
        styles: FrameStyles,
        index: int,
        renderables: Iterable[RenderableType],
        row_style: Style,
        cursor: bool,
        hover: bool,
        scroll_x: int,
    ) -> Strip:
        """A row (``index`` -1 is the header) drawn as DataTable draws it, cut to the
        part scrolled into view."""
        header = index == -1
        component = Style()
        if hover:
            component += styles.hover
            if header:
                component += styles.header_hover
        if cursor:
            component += styles.cursor
        post = Style.null()
        if styles.css_foreground:
            post += Style.from_color(color=component.color)
        if styles.css_background:
            post += Style.from_color(bgcolor=component.bgcolor)
        console = self.app.console
        options = self.app.console_options
        segments: list[Segment] = []
        for column, (renderable, width) in enumerate(zip(renderables, styles.widths, strict=False)):
            pre = row_style + Style.from_meta({"row": index, "column": column}) + component
            segments += render_cell(console, options, renderable, width, styles.padding, pre, post)
        extend = row_style + component
        extend += Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
        remaining = max(0, styles.width - sum(styles.widths))
        segments.append(Segment(" " * remaining, extend))
        width = styles.width
        return (
            Strip(segments)
            .crop(scroll_x, scroll_x + width)
            .adjust_cell_length(width, styles.base)
            .simplify()
        )

    def _frame_styles(self) -> FrameStyles | None:
        """This frame's styles, or None when the table has a shape drawn by DataTable."""
        if self._frame is not None:
            return self._frame
        if (
            self._tall_rows
            or self.header_height != 1
            or self.fixed_rows
            or self.fixed_columns
            or (self.show_row_labels and self._labelled_row_exists)
            or self.cursor_type not in ("row", "none")
        ):
            return None
        component = self.get_component_rich_style
        row_style = self._row_component_style
        columns = self.ordered_columns
        show_cursor = self.show_cursor and self.cursor_type == "row"
        frame = FrameStyles(
            base=self.rich_style,
            header=row_style("datatable--header"),
            even_row=row_style("datatable--even-row"),
            odd_row=row_style("datatable--odd-row"),
            cursor=component("datatable--cursor"),
            hover=component("datatable--hover"),
            header_hover=component("datatable--header-hover"),
            zebra=self.zebra_stripes,
            show_cursor=show_cursor,
            show_hover=show_cursor and self._show_hover_cursor,
            css_foreground=self.cursor_foreground_priority == "css",
            css_background=self.cursor_background_priority == "css",
            widths=tuple(column.get_render_width(self) for column in columns),
            labels=tuple(column.label.markup for column in columns),
            width=self.size.width,
            padding=self.cell_padding,
        )
        if frame != self._previous_frame:
            self._frame_generation += 1
            self._previous_frame = frame
        self._frame = frame
        return frame
