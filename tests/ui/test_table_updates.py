"""Applying a new page to the list: few changes are made in place, many at once by
rebuilding; either way the selected job stays selected and where it was on screen,
and the screen hears of a new selection once, not of every row on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App, ComposeResult

from aai_tui.ui.widgets.transcript_table import REBUILD_FROM, TranscriptRow, TranscriptTable
from tests.fake_api import NOW


def rows(first: int, count: int) -> list[TranscriptRow]:
    """``count`` rows, newest first, numbered down from ``first``."""
    return [
        TranscriptRow(
            id=f"{n:08x}-0000-4000-8000-000000000000",
            status="processing" if n % 3 else "completed",
            throttled=False,
            created=NOW - timedelta(minutes=10_000 - n),
            audio_url=f"https://example.com/file-{n}.mp3",
        )
        for n in range(first, first - count, -1)
    ]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.moves = 0

    def compose(self) -> ComposeResult:
        yield TranscriptTable(now=lambda: NOW, on_cursor_moved=self.moved)

    def moved(self) -> None:
        self.moves += 1

    def colors(self) -> dict[str, str]:
        return {}


@pytest.mark.parametrize("arrived", [3, REBUILD_FROM, 60])
async def test_new_jobs_at_the_top_keep_the_selection_in_its_place(arrived: int):
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(TranscriptTable)
        table.show_rows(rows(1000, 200))
        await pilot.pause()
        table.move_cursor(row=120)  # scrolls so the cursor is visible
        await pilot.pause()
        selected = table.selected_id()
        on_screen = table.cursor_row - round(table.scroll_y)
        app.moves = 0

        table.show_rows(rows(1000 + arrived, 200))  # as many older ones fall off the page
        await pilot.pause()

        assert table.row_count == 200
        assert table.selected_id() == selected
        assert table.cursor_row == 120 + arrived
        assert [table.coordinate_to_cell_key((i, 0))[0].value for i in (0, 199)] == [
            rows(1000 + arrived, 1)[0].id,
            rows(1000 + arrived - 199, 1)[0].id,
        ]
        assert app.moves == 0  # the same job is selected: nothing for the screen to do
        # in place on screen, whether the rows were applied one by one or rebuilt
        assert table.cursor_row - round(table.scroll_y) == on_screen


async def test_a_selected_row_pushed_out_of_a_short_list_is_brought_back_into_view():
    """At 40x12 the list shows three rows: new jobs pushed the selected one below them
    while the detail pane went on showing it. Its row stays in view, where it was."""
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(TranscriptTable)
        table.show_rows(rows(1000, 50))
        await pilot.pause()
        table.move_cursor(row=2)
        await pilot.pause()
        in_view = table.scrollable_content_region.height - 1  # the header
        assert in_view == 5 and round(table.scroll_y) == 0
        selected = table.selected_id()
        for arrived in (2, 5, 9, 30):  # one by one, then rebuilt
            table.show_rows(rows(1000 + arrived, 50))
            await pilot.pause()
            assert table.selected_id() == selected
            line = table.cursor_row - round(table.scroll_y)
            assert line == 2, (arrived, line)


async def test_when_the_selected_job_leaves_the_page_the_screen_is_not_told_of_a_move():
    """The user did not move: the screen keeps its selection (a job, not a row)."""
    app = TableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(TranscriptTable)
        table.show_rows(rows(1000, 200))
        await pilot.pause()
        table.move_cursor(row=199)
        await pilot.pause()
        app.moves = 0
        table.show_rows(rows(1100, 200))  # the selected job and 99 others fall off
        await pilot.pause()
        assert table.selected_id() in {row.id for row in rows(1100, 200)}
        assert app.moves == 0
