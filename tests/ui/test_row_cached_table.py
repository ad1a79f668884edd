"""RowCachedTable draws exactly what DataTable draws, and draws a row again only when
something about that row changed."""

from __future__ import annotations

import random

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

from aai_tui.ui.widgets.row_cached_table import RowCachedTable, laid_out_cell, render_cell

WORDS = ["processing", "queued", "✓ completed", "error", "日本語の音声", "🎧 call", "a", ""]


def cells_of(segments: list[Segment]) -> list[tuple[str, Style | None]]:
    """Each screen cell's character and style, however the segments are split."""
    out: list[tuple[str, Style | None]] = []
    for segment in Strip(segments).simplify():
        for char in segment.text:
            out.append((char, segment.style))
    return out


def text_variants() -> list[Text]:
    rng = random.Random(7)
    variants: list[Text] = []
    for word in WORDS:
        for justify in (None, "left", "right", "center", "full", "default"):
            for overflow in (None, "ellipsis", "crop", "fold"):
                text = Text(word * rng.randint(1, 4), justify=justify, overflow=overflow)
                if word and rng.random() < 0.6:
                    text.stylize("bold #ff8800", 0, max(1, len(text) // 2))
                if rng.random() < 0.3:
                    text.style = Style(italic=True)
                if rng.random() < 0.3:
                    text.no_wrap = True
                variants.append(text)
    return variants


@pytest.mark.parametrize("width", [3, 4, 8, 12, 23])
def test_a_text_cell_is_drawn_as_rich_lays_it_out(width: int) -> None:
    console = Console(width=200, color_system="truecolor", force_terminal=True)
    options = console.options
    pre = Style(bgcolor="#202020", color="#e0e0e0") + Style.from_meta({"row": 3, "column": 1})
    for post in (Style.null(), Style.from_color(color=Style.parse("#00ff00").color)):
        for text in text_variants():
            expected = laid_out_cell(console, options, text, width, 1, pre, post)
            drawn = render_cell(console, options, text.copy(), width, 1, pre, post)
            assert cells_of(drawn) == cells_of(expected), (text, text.justify, text.overflow)


ROWS = [
    (Text("✓ completed", style="green"), "a1b2c3d4", Text("5m ago"), "meeting-日本.mp3", 61.5),
    (Text("◐ processing", style="bold yellow"), "e5f6a7b8", Text("now"), "[b]markup[/b]", None),
    (Text("✗ error", style="red"), "c9d0e1f2", Text("2h ago"), Text("x" * 60), 3.25),
] * 12


class Pair(App[None]):
    """The same rows in a DataTable and in a RowCachedTable, side by side."""

    CSS = "DataTable { width: 1fr; height: 100%; }"
    AUTO_FOCUS = None

    def __init__(self, zebra: bool = True) -> None:
        super().__init__()
        self.zebra = zebra

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id="reference", cursor_type="row", zebra_stripes=self.zebra)
            yield RowCachedTable(id="cached", cursor_type="row", zebra_stripes=self.zebra)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_column("Status", width=14, key="status")
            table.add_column("ID", width=8, key="id")
            table.add_column("Created", width=8, key="created")
            table.add_column("Audio", width=16, key="audio")
            table.add_column("Duration", key="duration")
            for index, row in enumerate(ROWS):
                table.add_row(*row, key=str(index))


def frame(table: DataTable) -> list[list[tuple[str, Style | None]]]:
    width, height = table.size
    return [cells_of(list(strip)) for strip in table.render_lines(Region(0, 0, width, height))]


async def assert_same(app: Pair) -> None:
    reference = app.query_one("#reference", DataTable)
    cached = app.query_one("#cached", RowCachedTable)
    assert reference.size == cached.size
    assert_frames_equal(frame(cached), frame(reference))


def assert_frames_equal(drawn: list, expected: list) -> None:
    """Equal frames, or the first cell that differs, readably."""
    for y, (line, wanted) in enumerate(zip(drawn, expected, strict=False)):
        for x, (cell, wanted_cell) in enumerate(zip(line, wanted, strict=False)):
            assert cell == wanted_cell, f"line {y}, column {x}"
        assert len(line) == len(wanted), f"line {y}"
    assert len(drawn) == len(expected)


@pytest.mark.parametrize("zebra", [True, False])
async def test_the_table_is_drawn_exactly_as_datatable_draws_it(zebra: bool) -> None:
    app = Pair(zebra=zebra)
    async with app.run_test(size=(100, 20)) as pilot:
        reference = app.query_one("#reference", DataTable)
        cached = app.query_one("#cached", RowCachedTable)
        await pilot.pause()
        await assert_same(app)  # neither focused: blurred cursor on row 0
        for table in (reference, cached):
            table.move_cursor(row=5)
        await pilot.pause()
        await assert_same(app)
        for table in (reference, cached):  # focused cursor, one table at a time
            table.focus()
            await pilot.pause()
            focused = frame(table)
            app.set_focus(None)
            await pilot.pause()
            assert focused != frame(table)
        reference.focus()
        await pilot.pause()
        ref_focused = frame(reference)
        cached.focus()
        await pilot.pause()
        assert_frames_equal(frame(cached), ref_focused)
        app.set_focus(None)  # both blurred again, and the cached lines must know it
        for table in (reference, cached):  # scrolled, a changed cell, a sort, a removal
            table.move_cursor(row=30)
            table.update_cell("31", "status", Text("✗ error", style="red"))
            table.sort("id")
            table.remove_row("2")
        await pilot.pause()
        await assert_same(app)
        for table in (reference, cached):
            table.show_header = False
        await pilot.pause()
        await assert_same(app)


async def test_mouse_hover_and_horizontal_scroll_are_drawn_as_datatable_draws_them() -> None:
    app = Pair()
    async with app.run_test(size=(60, 20)) as pilot:  # 30 columns each: less than the table
        await pilot.pause()
        for selector in ("#reference", "#cached"):
            await pilot.hover(selector, offset=(5, 4))
            await pilot.pause()
            table = app.query_one(selector, DataTable)
            assert table.hover_row == 3
            table.scroll_to(x=10, animate=False, immediate=True)
        await pilot.pause()
        await pilot.hover("#cached", offset=(5, 4))
        await pilot.pause()
        cached = frame(app.query_one("#cached", DataTable))
        await pilot.hover("#reference", offset=(5, 4))
        await pilot.pause()
        assert_frames_equal(cached, frame(app.query_one("#reference", DataTable)))


async def test_a_click_on_a_row_or_a_header_means_what_it_means_in_datatable() -> None:
    headers: list[str] = []

    class Clicked(Pair):
        def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
            headers.append(str(event.column_key.value))

    app = Clicked()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        await pilot.click("#cached", offset=(3, 4))
        await pilot.pause()
        assert app.query_one("#cached", DataTable).cursor_row == 3
        await pilot.click("#cached", offset=(17, 0))
        await pilot.pause()
        assert headers == ["id"]


async def test_only_the_rows_that_changed_are_drawn_again() -> None:
    app = Pair()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        cached = app.query_one("#cached", RowCachedTable)
        drawn: list[int] = []
        draw = cached._draw_line

        def counting(styles, index, *args, **kwargs):  # type: ignore[no-untyped-def]
            drawn.append(index)
            return draw(styles, index, *args, **kwargs)

        cached._draw_line = counting  # type: ignore[method-assign]
        frame(cached)
        assert drawn == []  # everything on screen was drawn already
        cached.update_cell("4", "created", Text("1m ago"))
        frame(cached)
        assert drawn == [4]  # the table refreshed as a whole; one row was drawn
        drawn.clear()
        cached.move_cursor(row=2)
        await pilot.pause()
        frame(cached)
        assert sorted(drawn) == [0, 2]  # the cursor left row 0 for row 2
        drawn.clear()
        cached.remove_row("0")  # every row below moves up a place: drawn again
        frame(cached)
        assert len(drawn) >= 10


async def test_a_cell_update_repaints_its_row_not_the_whole_table() -> None:
    """DataTable repaints the whole table on update_cell; the tracker fills in a
    duration or a status many times a minute, so only that row's line is asked for."""
    app = Pair()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        cached = app.query_one("#cached", RowCachedTable)
        asked: list[tuple[object, ...]] = []
        refresh = cached.refresh

        def recording(*regions, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(regions)
            return refresh(*regions, **kwargs)

        cached.refresh = recording  # type: ignore[method-assign]
        cached.update_cell("4", "created", Text("1m ago"))
        assert asked and all(regions for regions in asked)  # never the whole table
        (region,) = asked[-1]
        assert region.height == 1 and region.y == 4 + 1  # below the header
        cached.refresh = refresh  # type: ignore[method-assign]
        await pilot.pause()
        await assert_same_after(app, "4", "created", Text("1m ago"))


async def assert_same_after(app: Pair, row: str, column: str, value: Text) -> None:
    """The reference table, given the same update, draws what the cached one draws."""
    app.query_one("#reference", DataTable).update_cell(row, column, value)
    await assert_same(app)
