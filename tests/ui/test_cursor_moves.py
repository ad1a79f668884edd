"""Moving through the list: one frame shows both the cursor and the detail pane it
selects, and only the two rows whose look changes are painted again."""

from __future__ import annotations

from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.row_cached_table import RowCachedTable
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, wait_for_rows


async def test_the_detail_pane_follows_the_cursor_in_the_same_frame():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.pause()
        detail = app.screen.query_one(DetailPane)
        frames: list[tuple[str | None, str | None]] = []
        app.post_display_hook = lambda: frames.append(  # type: ignore[method-assign]
            (table.selected_id(), detail.transcript_id)
        )
        for key in ["j", "j", "k", "down"]:
            await pilot.press(key)
        assert frames
        assert all(cursor == shown for cursor, shown in frames)
        assert detail.transcript_id == table.selected_id()


async def test_a_cursor_move_renders_only_the_rows_it_leaves_and_enters(monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("j")
        await pilot.pause()
        rendered_rows: set[int] = set()
        draw_line = RowCachedTable._draw_line

        def counting(self, styles, index, *args, **kwargs):  # type: ignore[no-untyped-def]
            rendered_rows.add(index)
            return draw_line(self, styles, index, *args, **kwargs)

        monkeypatch.setattr(RowCachedTable, "_draw_line", counting)
        before = table.cursor_row
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == before + 1
        # The row entered is drawn afresh; the row left may come from the row cache
        # (it was drawn without the cursor before, unless the table changed since).
        assert before + 1 in rendered_rows
        assert rendered_rows <= {before, before + 1}


async def test_rows_off_the_cursor_look_the_same_wherever_the_cursor_is():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        header = 1  # line 0 is the header; row n is on line n + 1

        def line(row: int) -> list[tuple[str, object]]:
            return [(s.text, s.style) for s in table.render_line(row + header)]

        table.move_cursor(row=0)
        await pilot.pause()
        row1_plain, row3_plain = line(1), line(3)
        table.move_cursor(row=1)
        await pilot.pause()
        assert line(1) != row1_plain  # the cursor is drawn where it now is
        assert line(3) == row3_plain
        table.move_cursor(row=2)
        await pilot.pause()
        assert line(1) == row1_plain  # and no longer where it was


async def test_a_body_of_another_height_never_lays_out_the_screen(monkeypatch):
    """The pane is drawn with the line API: another height changes its scroll range,
    not the screen's layout (a layout repaints everything, several times the cost)."""
    from textual.screen import Screen

    from tests.ui.app_factory import wait_for

    jobs = long_completed_jobs(2, step=100)  # two long bodies, of different heights
    app = make_app(FakeApi(jobs), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        await pilot.pause()
        layouts: list[object] = []
        repaints: list[object] = []
        refresh_layout = Screen._refresh_layout
        refresh = DetailPane.refresh

        def counting_layout(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(args)
            return refresh_layout(self, *args, **kwargs)

        def counting_refresh(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            repaints.append(kwargs)
            return refresh(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counting_layout)
        monkeypatch.setattr(DetailPane, "refresh", counting_refresh)
        detail.refresh_body()  # the same body again: nothing is drawn at all
        assert repaints == []
        height = detail.virtual_size.height
        table.move_cursor(row=1)
        await wait_for(pilot, lambda: detail.transcript_id == jobs[0].id)
        await wait_for(pilot, lambda: detail.transcript is not None)
        await pilot.pause()
        assert detail.virtual_size.height != height
        assert repaints and not any(r.get("layout") for r in repaints)
        assert layouts == []


async def test_a_long_transcript_shows_its_start_and_how_to_get_the_rest():
    from tests.fake_api import NOW, FakeApi, FakeJob, job_id
    from tests.ui.app_factory import wait_for
    from tests.ui.test_untrusted_text import rendered

    long = FakeJob(
        id=job_id(9),
        status="completed",
        created=NOW,
        audio_url="https://x.example/a.mp3",
        duration=3600,
        text="word " * 4_000,
    )
    app = make_app(FakeApi([long]), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        shown = rendered(detail._body(detail.shown))
    assert shown.count("word") < 700  # a few screens, not all 4,000 words
    assert "17,000 more characters: C copies the whole text, e exports it" in shown


async def test_the_list_and_the_detail_pane_are_painted_in_one_frame(monkeypatch):
    """The pane asks the screen for its repaint as it changes, so a move is one frame,
    not the list's frame and then the pane's one later."""
    from textual.screen import Screen

    from tests.ui.app_factory import wait_for

    jobs = long_completed_jobs(4, step=50)
    app = make_app(FakeApi(jobs), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        await pilot.pause(0.2)
        frames: list[set[str]] = []
        compositor_refresh = Screen._compositor_refresh

        def recording(self):  # type: ignore[no-untyped-def]
            frames.append({type(w).__name__ for w in self._dirty_widgets})
            return compositor_refresh(self)

        monkeypatch.setattr(Screen, "_compositor_refresh", recording)
        await pilot.press("down")
        await wait_for(pilot, lambda: detail.transcript_id == table.selected_id())
        await pilot.pause(0.2)
    painted = [frame for frame in frames if {"TranscriptTable", "DetailPane"} & frame]
    assert painted and {"TranscriptTable", "DetailPane"} <= painted[0]
    assert all("TranscriptTable" in frame for frame in painted if "DetailPane" in frame)


def long_completed_jobs(count: int, *, step: int) -> list:  # type: ignore[type-arg]
    """Completed jobs with long transcripts, each ``step`` words longer than the last."""
    from tests.fake_api import NOW, FakeJob, job_id

    return [
        FakeJob(
            id=job_id(n),
            status="completed",
            created=NOW,
            audio_url=f"https://x.example/{n}.mp3",
            duration=600,
            text="word " * (300 + step * n),
        )
        for n in range(1, count + 1)
    ]
