"""Driving the dashboard with Pilot: paging, filters, sorting, live updates, polling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, SelectionList
from textual.widgets.data_table import ColumnKey

from aai_tui.ui.presentation import TITLE_FRAME, ListTitle
from aai_tui.ui.screens.date_choice import DateChoiceScreen
from aai_tui.ui.screens.statuses import StatusChoiceScreen
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.status_bar import StatusBar
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import NOW, FakeApi, FakeJob, job_id, standard_jobs
from tests.ui.app_factory import make_app, next_cycle, wait_for, wait_for_rows


def visible_ids(table: TranscriptTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_pages_older_and_newer():
    api = FakeApi()
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        first = visible_ids(table)
        assert first == [j.id for j in reversed(api.jobs)][:25]
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) != first)
        second = visible_ids(table)
        assert second == [j.id for j in reversed(api.jobs)][25:50]
        assert "page 2" in str(table.border_title)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) != second)
        assert visible_ids(table) == [j.id for j in reversed(api.jobs)][50:]
        await pilot.press("right_square_bracket")  # already the oldest
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) == second)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) == first)
        assert "page 1" in str(table.border_title)
        screen = app.screen
        assert screen.tracker.cursor.is_newest


async def test_status_filter_asks_the_server():
    api = FakeApi()
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("f")  # queued
        await wait_for(pilot, lambda: table.row_count == 2)
        assert all(table.rows_by_id[i].status == "queued" for i in visible_ids(table))
        assert ("list", ("queued", None, None, None)) in api.calls
        for _ in range(3):  # processing, completed, error
            await pilot.press("f")
        await wait_for(
            pilot,
            lambda: (
                table.row_count > 0 and all(r.status == "error" for r in table.rows_by_id.values())
            ),
        )
        assert "status: error" in str(table.border_title)
        await pilot.press("f")  # back to all
        await wait_for(pilot, lambda: table.row_count == 25)


async def test_several_statuses_at_once_page_like_one():
    api = FakeApi(standard_jobs(300))
    wanted = [j.id for j in reversed(api.jobs) if j.status in ("queued", "error")]
    assert len(wanted) > 25  # two pages
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusChoiceScreen))
        # j/k move as the arrows do (a helper's j j j ticked the first row)
        await pilot.press("space", "j", "j", "down", "k", "j", "space", "enter")  # queued, error
        await wait_for(pilot, lambda: visible_ids(table) == wanted[:25])
        assert "status: queued+error" in str(table.border_title)
        asked = {arg for name, arg in api.calls if name == "list"}
        assert {("queued", None, None, None), ("error", None, None, None)} <= asked
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) == wanted[25:50])
        assert "page 2" in str(table.border_title)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: visible_ids(table) == wanted[:25])
        await pilot.press("S")  # what is ticked comes back ticked; escape keeps it
        await wait_for(pilot, lambda: isinstance(app.screen, StatusChoiceScreen))
        choices = app.screen.query_one(SelectionList)
        assert choices.selected == ["queued", "error"]
        # Ticked by a mark in the box, not only by the box's colour.
        marks = lambda: [choices.render_line(i).text[:3] for i in range(4)]  # noqa: E731
        assert marks() == ["▐✔▌", "▐ ▌", "▐ ▌", "▐✔▌"]
        await pilot.press("space")  # queued unticked: its mark goes
        await wait_for(pilot, lambda: marks()[0] == "▐ ▌")
        await pilot.press("space")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, StatusChoiceScreen))
        assert app.screen.tracker.statuses == ("queued", "error")
        await pilot.press("f")  # from several, f starts its cycle again
        await wait_for(pilot, lambda: app.screen.tracker.statuses == ("queued",))
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusChoiceScreen))
        await pilot.press("space", "enter")  # nothing ticked: all
        await wait_for(pilot, lambda: "status: all" in str(table.border_title))
        assert app.screen.tracker.statuses == ()


async def test_text_filter_over_loaded_rows():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("slash")
        await pilot.press(*"sales")
        await pilot.pause()
        ids = visible_ids(table)
        assert ids and all("sales" in table.rows_by_id[i].audio for i in ids)
        assert "filter: sales" in str(table.border_title)
        # the selected job (the newest, not a sales call) is hidden by the filter: the
        # selection, and what r, d and e act on, is the highlighted row
        screen = app.screen
        assert screen.selected_id == table.selected_id() and screen.selected_id in ids
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 25


async def test_sorting_survives_refreshes():
    api = FakeApi()
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("o")  # created -> audio
        await pilot.pause()
        assert table.sort_column == "audio"
        names = [table.rows_by_id[i].audio for i in visible_ids(table)]
        assert names == sorted(names)
        calls = len(api.calls)
        app.screen.tracker.refresh_now()
        await wait_for(pilot, lambda: len(api.calls) > calls + 1)
        await pilot.pause()
        names = [table.rows_by_id[i].audio for i in visible_ids(table)]
        assert names == sorted(names)
        await pilot.press("O")
        await pilot.pause()
        names = [table.rows_by_id[i].audio for i in visible_ids(table)]
        assert names == sorted(names, reverse=True)


async def test_live_update_in_place_keeps_the_cursor():
    api = FakeApi()
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        for _ in range(3):
            await pilot.press("j")
        chosen = table.selected_id()
        job = api.by_id(chosen)
        assert job.status == "processing"
        removed: list[str] = []
        original_remove = table.remove_row
        table.remove_row = lambda key: (removed.append(key), original_remove(key))[1]
        job.status = "completed"
        job.text = "Done now."
        job.duration = 42
        api.jobs.append(
            FakeJob(
                id=job_id(500),
                status="queued",
                created=NOW,
                audio_url="https://files.example.com/new.mp3",
            )
        )
        app.screen.tracker.refresh_now()
        await wait_for(pilot, lambda: table.rows_by_id[chosen].status == "completed")
        await pilot.pause()
        assert table.selected_id() == chosen
        assert visible_ids(table)[0] == job_id(500)
        assert chosen not in removed
        assert table.get_cell(chosen, "status").plain == "✔ completed"


async def test_detail_polls_while_active_and_stops_at_the_end():
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        for _ in range(2):
            await pilot.press("j")
        chosen = table.selected_id()
        assert api.by_id(chosen).status == "processing"
        detail = app.screen.query_one(DetailPane)
        await next_cycle(pilot, app)
        await next_cycle(pilot, app)
        assert api.gets_for(chosen) >= 2
        assert str(detail.transcript.status) == "processing"
        job = api.by_id(chosen)
        job.status, job.text, job.duration = "completed", "All done here.", 5
        await next_cycle(pilot, app)
        assert detail.transcript.status == "completed"
        settled = api.gets_for(chosen)
        for _ in range(3):
            await next_cycle(pilot, app)
        assert api.gets_for(chosen) == settled
        assert api.max_in_flight == 1


async def test_word_search_shows_matches():
    api = FakeApi()
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        for _ in range(4):
            await pilot.press("j")
        detail = app.screen.query_one(DetailPane)
        await wait_for(
            pilot,
            lambda: detail.transcript is not None and detail.transcript.id == table.selected_id(),
        )
        await pilot.press("w")
        await pilot.press(*"numbers")
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail.search is not None)
        assert detail.search.total_count == 1
        # the hit stands out in the transcript text itself
        from rich.console import Group
        from rich.text import Text

        from aai_tui.ui.widgets.detail import SEARCH_HIT_STYLE

        rendered = detail._body(detail.shown)
        texts = [r for r in rendered.renderables if isinstance(r, Text)]
        hits = [
            t.plain[span.start : span.end]
            for t in texts
            for span in t.spans
            if span.style == SEARCH_HIT_STYLE
        ]
        assert isinstance(rendered, Group) and hits == ["numbers"]


async def test_pause_stops_polling():
    api = FakeApi()
    app = make_app(api, poll_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("p")
        await pilot.pause()
        bar = app.screen.query_one(StatusBar)
        assert bar.state.paused
        await pilot.pause(0.5)  # lets a cycle already under way finish
        calls = len(api.calls)
        await pilot.pause(1.0)  # five poll intervals
        assert len(api.calls) == calls
        await pilot.press("p")
        await wait_for(pilot, lambda: len(api.calls) > calls)
        assert not bar.state.paused


async def test_paused_the_app_keeps_answering_and_moving_reads_the_job():
    """p, wait past a poll interval, j: the selected job is fetched once, every key
    answers (this froze the app at 100% CPU)."""
    api = FakeApi()
    app = make_app(api, poll_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("p")
        await pilot.pause(0.5)
        before = len(api.calls)
        await pilot.press("j")
        selected = table.selected_id()
        await wait_for(pilot, lambda: api.gets_for(selected) >= 1, tries=100)
        await pilot.pause(0.6)
        assert len(api.calls) - before <= 2  # the selection, and nothing that polls
        await pilot.press("j", "k", "question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")


async def test_paused_a_filter_or_a_page_is_fetched_once():
    api = FakeApi()
    app = make_app(api, poll_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("p")
        await pilot.pause(0.5)
        await pilot.press("f")  # queued jobs, asked of the server, once
        await wait_for(pilot, lambda: all(r.status == "queued" for r in table.rows_by_id.values()))
        assert "status: queued" in str(table.border_title)


async def test_help_lists_every_binding():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from aai_tui.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        listed = {key for _, rows in app.screen.sections for key, _ in rows}
        for key in ("ctrl+r", "p", "f", "/", "]", "[", "w", "o", "q", "?"):
            assert key in listed
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_every_column_is_on_screen_at_80_and_120_columns():
    """The audio and error columns share the room left, so the error column is never
    past a horizontal scroll, and a cut cell ends in an ellipsis."""
    from aai_tui.ui.widgets.transcript_table import AUDIO_WIDTHS, MIN_ERROR_WIDTH

    for size in ((80, 24), (120, 40), (200, 50)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            table = await wait_for_rows(pilot)
            await pilot.pause()
            assert table.max_scroll_x == 0, size
            widths = {key.value: column.width for key, column in table.columns.items()}
            assert AUDIO_WIDTHS[0] <= widths["audio"] <= AUDIO_WIDTHS[1]
            assert widths["error"] >= MIN_ERROR_WIDTH


async def test_a_narrow_list_leaves_columns_out_and_never_scrolls_sideways():
    """At 40 and 60 columns the list showed a horizontal scrollbar (a row of three at
    40x12) and moved sideways: columns that do not fit now go, duration first, and
    come back when the terminal widens, with the selection kept."""
    from aai_tui.ui.widgets.transcript_table import KEPT_COLUMNS

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.pause()
        assert table.shown_columns == KEPT_COLUMNS
        assert [str(c.label) for c in table.ordered_columns] == ["Status", "ID", "Created↓"]
        assert table.max_scroll_x == 0 and not table.show_horizontal_scrollbar
        await pilot.press("j", "j")
        chosen = table.selected_id()
        for width, wanted in (
            (60, ("status", "id", "created", "audio")),
            (80, ("status", "id", "created", "audio", "duration", "error")),
            (40, KEPT_COLUMNS),
        ):
            await pilot.resize_terminal(width, 24)
            await wait_for(pilot, lambda wanted=wanted: table.shown_columns == wanted)
            await pilot.pause()
            assert table.max_scroll_x == 0, width
            assert table.selected_id() == chosen
            assert table.get_row(chosen)[1].full == chosen  # the cells are this job's
            assert len(table.get_row(chosen)) == len(wanted)


async def test_names_that_share_a_start_are_told_apart_in_a_narrow_audio_column():
    """A helper's 120x40 list showed "meeting-2026…" on three rows: names are cut in
    the middle to the column, so the end that tells them apart stays, and cut again
    when the column changes width."""
    jobs = [
        FakeJob(job_id(n + 1), "completed", NOW, f"https://a/meeting-2026-12-07-room-{c}.wav")
        for n, c in enumerate("abc")
    ]
    app = make_app(FakeApi(jobs))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.pause()
        width = table.columns[ColumnKey("audio")].width
        cells = [table.get_row_at(i)[3] for i in range(table.row_count)]
        assert len({cell.plain for cell in cells}) == 3  # each name its own
        for cell in cells:
            assert cell.cell_len <= width and "…" in cell.plain
            assert cell.plain.endswith(("a.wav", "b.wav", "c.wav"))
        await pilot.resize_terminal(160, 40)
        await wait_for(pilot, lambda: table.columns[ColumnKey("audio")].width > width)
        await pilot.pause()
        wider = table.columns[ColumnKey("audio")].width
        assert all(table.get_row_at(i)[3].cell_len <= wider for i in range(3))
        assert table.get_row_at(0)[3].cell_len > width


async def test_the_sorted_column_says_its_order_at_every_width():
    """The title drops "sort: …" where the width is short; the sorted column's label
    carries the order (k9s's way) at every width, and moves with the sort."""
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        table = await wait_for_rows(pilot)
        labels = lambda: [str(c.label) for c in table.ordered_columns]  # noqa: E731
        assert labels() == ["Status", "ID", "Created↓"]
        assert "sort" not in str(table.border_title)
        table.sort_by("created")  # the same column again: the other way
        await pilot.pause()
        assert labels() == ["Status", "ID", "Created↑"]
        table.sort_by("status")
        await pilot.pause()
        assert labels() == ["Status↑", "ID", "Created"]
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: len(labels()) == 6)
        assert labels()[0] == "Status↑" and "Duration" in labels()
        widths = lambda: {str(c.key.value): c.width for c in table.ordered_columns}  # noqa: E731
        before = widths()
        table.sort_by("duration")  # its column takes a cell more for the arrow
        await pilot.pause()
        assert "Duration↑" in labels()
        after = widths()
        assert after["duration"] == before["duration"] + 1
        assert sum(after.values()) == sum(before.values())  # given up by a flexible one
        table.sort_by("created")
        await pilot.pause()
        assert widths() == before and "Duration" in labels()


@given(width=st.integers(0, 300), padding=st.integers(0, 2))
def test_the_columns_that_fit_are_a_prefix_of_what_goes_last(width, padding):
    from aai_tui.ui.widgets.transcript_table import (
        AUDIO_WIDTHS,
        COLUMNS,
        DROPPED_FIRST,
        KEPT_COLUMNS,
        MIN_ERROR_WIDTH,
        fitting_columns,
    )

    shown = fitting_columns(width, padding)
    assert set(KEPT_COLUMNS) <= set(shown)
    assert list(shown) == [key for key, _, _ in COLUMNS if key in shown]  # table order
    left_out = [key for key in DROPPED_FIRST if key not in shown]
    assert left_out == list(DROPPED_FIRST[: len(left_out)])  # in the documented order
    narrowest = {key: size for key, _, size in COLUMNS}
    narrowest.update(audio=AUDIO_WIDTHS[0], error=MIN_ERROR_WIDTH)
    need = sum(narrowest[k] + 2 * padding for k in shown)
    assert need <= width or shown == KEPT_COLUMNS
    if left_out:  # the last one left out did not fit
        assert need + narrowest[left_out[-1]] + 2 * padding > width


async def test_d_shows_the_jobs_created_today_then_yesterday_then_every_day():
    """The server filters by day (created_on); the title says which."""
    from datetime import timedelta

    from tests.fake_api import NOW, FakeJob, job_id

    jobs = [
        FakeJob(job_id(n + 1), "completed", NOW - timedelta(hours=6 * n), f"https://a/{n}.mp3")
        for n in range(12)
    ][::-1]
    app = make_app(FakeApi(jobs))
    async with app.run_test(size=(160, 40)) as pilot:
        table = await wait_for_rows(pilot)
        assert table.row_count == 12
        await pilot.press("D")
        await wait_for(pilot, lambda: table.row_count == 3)  # 12:00, 06:00, 00:00 on the 20th
        assert "created: today (2026-11-20)" in str(table.border_title)
        await pilot.press("D")
        await wait_for(pilot, lambda: table.row_count == 4)
        assert "created: yesterday (2026-11-19)" in str(table.border_title)
        await pilot.press("D")  # a date: typed
        await wait_for(pilot, lambda: isinstance(app.screen, DateChoiceScreen))
        await pilot.press(*"18 nov", "enter")  # not a date: said, and asked again
        note = app.screen.query_one("#day-note")
        await wait_for(pilot, lambda: "YYYY-MM-DD" in str(note.render()))
        field = app.screen.query_one("#day", Input)
        field.value = "2026-11-18"
        await pilot.press("enter")
        await wait_for(pilot, lambda: table.row_count == 4)  # the 18th: 4 jobs
        assert "created: 2026-11-18" in str(table.border_title)
        view = app.screen.current_view()
        assert view.day == "2026-11-18"
        await pilot.press("D")
        await wait_for(pilot, lambda: table.row_count == 12)
        assert "created:" not in str(table.border_title)
        app.screen.apply_view(view)  # a saved fixed day comes back as that day
        await wait_for(pilot, lambda: table.row_count == 4)
        await pilot.press("D", "D", "D")  # any day, today, yesterday ...
        await wait_for(pilot, lambda: table.row_count == 4)
        await pilot.press("D")  # ... the prompt, and Esc there is any day: no trap
        await wait_for(pilot, lambda: isinstance(app.screen, DateChoiceScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.row_count == 12)
        assert app.screen.tracker.created_on is None
        assert any("created today (" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_list_title_keeps_its_filters_at_any_width(width: int):
    """A day filter the title cut off looked like missing jobs: words go first, the
    filters last."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(width, 30)) as pilot:
        table = await wait_for_rows(pilot)
        screen = app.screen
        await pilot.press("f", "D")  # queued, created today
        await wait_for(pilot, lambda: screen.tracker.created_on is not None)
        await pilot.press("slash", *"call", "enter")
        await wait_for(pilot, lambda: "call" in str(table.border_title))
        title = str(table.border_title)
        assert "queued" in title and "today" in title and "call" in title
        assert len(title) <= table.size.width - TITLE_FRAME
        await pilot.resize_terminal(260, 30)  # room again: the fullest form
        await wait_for(pilot, lambda: str(table.border_title).startswith("Transcripts"))


@given(
    page=st.integers(1, 999),
    statuses=st.sampled_from(["all", "error", "queued+processing+error"]),
    day=st.sampled_from([None, "today", "2026-11-20"]),
    text_filter=st.one_of(st.none(), st.text(min_size=1, max_size=12)),
    marked=st.integers(0, 300),
    width=st.integers(10, 200),
)
def test_a_fitted_title_is_the_fullest_form_that_fits(
    page, statuses, day, text_filter, marked, width
):
    from rich.cells import cell_len

    title = ListTitle(page, "25", statuses, day, "created ↓", text_filter, marked)
    forms = title.forms()
    fitted = title.fitted(width)
    fitting = [f for f in forms if cell_len(f) <= width]
    assert fitted == (fitting[0] if fitting else forms[-1])
    # every form names every filter the list has, and no count stands without its word
    for form in forms:
        assert "25 shown" in form or not any(part == "25" for part in form.split(" · "))
        if day:
            assert day in form
        if statuses != "all":
            assert statuses in form


async def test_back_to_a_job_just_seen_its_detail_is_not_drawn_again():
    """j then k: the pane shows the first job as it was, from the bodies it keeps,
    without building or laying it out again."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        first = table.selected_id()
        await wait_for(pilot, lambda: detail.transcript is not None)
        await pilot.pause(0.2)
        shown_first = [strip.text for strip in detail._lines]
        await pilot.press("j")
        await wait_for(pilot, lambda: detail.transcript_id != first)
        await pilot.pause(0.2)
        built: list[object] = []
        body = detail._body
        detail._body = lambda state: built.append(1) or body(state)  # type: ignore[method-assign]
        await pilot.press("k")
        await wait_for(pilot, lambda: detail.transcript_id == first)
        await pilot.pause(0.2)
        assert [strip.text for strip in detail._lines] == shown_first
        assert built == []


async def test_the_rows_beside_the_cursor_are_drawn_while_the_user_reads():
    """A move to a job not seen yet costs its paint only: once the cursor rests, the
    rows above and below are drawn ahead, and exactly as they would be on the key."""
    from aai_tui.ui.screens.dashboard import NEIGHBOURS_AFTER_S

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        await pilot.press("j")
        await wait_for(pilot, lambda: detail.transcript_id == table.id_at(1))
        await wait_for(pilot, lambda: detail.transcript is not None)

        def ready() -> set[str | None]:
            return {entry[0][0] for entry in detail._drawn}

        # Drawn ahead once the cursor has rested NEIGHBOURS_AFTER_S (later on a busy
        # machine: waited for, not slept).
        await pilot.pause(NEIGHBOURS_AFTER_S)
        await wait_for(pilot, lambda: table.id_at(2) in ready())
        built: list[str | None] = []
        body = detail._body
        detail._body = lambda state: built.append(state.transcript_id) or body(state)  # type: ignore[method-assign]
        await pilot.press("j")
        await wait_for(pilot, lambda: detail.transcript_id == table.id_at(2))
        await pilot.pause()
        assert built == []  # drawn ahead, while the cursor rested on row 1
        prepared = [strip.text for strip in detail._lines]
        detail._drawn.clear()
        detail._last_shown = None
        detail.refresh_body()
        assert built == [table.id_at(2)]
        assert [strip.text for strip in detail._lines] == prepared
        # and after this rest, row 3 and row 1 are ready in turn
        await pilot.pause(NEIGHBOURS_AFTER_S)
        await wait_for(pilot, lambda: {table.id_at(1), table.id_at(2), table.id_at(3)} <= ready())


async def test_marks_on_another_page_are_acted_on_with_the_others():
    """A helper marked a job, which then left the page; the title still counted it,
    but d and r dropped it silently. Every mark the title counts is acted on, and the
    confirmation names it."""
    from aai_tui.ui.screens.confirm import ConfirmScreen

    api = FakeApi(standard_jobs(60))
    app = make_app(api)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("space")
        await wait_for(pilot, lambda: len(app.screen.marked) == 1)
        (first,) = app.screen.marked
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: first not in table.rows and table.row_count > 0)
        await pilot.pause()
        await pilot.press("space")
        await wait_for(pilot, lambda: len(app.screen.marked) == 2)
        (second,) = app.screen.marked - {first}
        assert second in table.rows
        assert "2 marked" in str(table.border_title)
        assert app.screen._targets() == [second, first]
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.title_text.startswith("Delete 2 transcripts?")
        shown = "\n".join(app.screen.lines)
        assert first in shown and second in shown
        # the one marked on another page is named as it read there, not by its id alone
        (line,) = [line for line in app.screen.lines if line.startswith(first)]
        assert line.endswith("(marked on another page)") and ".mp3" in line


async def test_deleting_a_job_found_off_the_page_names_its_state():
    """A helper found a completed job with :, then d: the confirmation read "not on this
    page" where its state belonged, for a delete that cannot be undone."""
    from aai_tui.ui.screens.confirm import ConfirmScreen

    api = FakeApi(standard_jobs(60))
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        oldest = job_id(1)  # completed, pages away
        assert oldest not in table.rows
        app.screen.go_to(oldest)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        (line,) = [line for line in app.screen.lines if line.startswith(oldest)]
        assert line == f"{oldest}  sales-000.mp3  completed, not on this page"


async def test_an_order_the_api_does_not_page_in_says_it_sorts_this_page():
    """A helper sorted by Created, oldest first, and read minutes-old jobs at the top
    of an account with days-old ones: only the page was sorted, and nothing said so."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        assert "sort: created ↓ ·" in str(table.border_title) + " ·"
        assert "(page)" not in str(table.border_title)
        await pilot.press("O")
        await pilot.pause()
        assert "sort: created ↑ (page)" in str(table.border_title)
        await pilot.press("o")  # another column: this page's rows too
        await pilot.pause()
        assert f"sort: {table.sort_column} ↑ (page)" in str(table.border_title)


async def test_ages_keep_counting_while_paused_on_every_row_alike():
    """Paused, a helper saw ages frozen except on the rows the cursor passed: a newer
    row read older than those below it. Every age counts on, the pane's too."""
    from datetime import timedelta

    from aai_tui.ui.screens.dashboard import AGES_EVERY_S

    clock = [NOW]
    app = make_app(poll_interval=3600)
    app.now = lambda: clock[0]  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("p")  # paused
        await pilot.pause()
        ages = lambda: [str(table.get_row_at(i)[2]) for i in range(5)]  # noqa: E731
        before = ages()
        clock[0] = NOW + timedelta(hours=3)
        await pilot.press("j", "k")  # the cursor passes the first two rows only
        await pilot.pause(AGES_EVERY_S + 0.3)
        after = ages()
        assert after != before
        # every row moved on alike: each is three hours older than it read
        assert all(age.endswith("h ago") or age.endswith("d ago") for age in after)
        detail = app.screen.query_one(DetailPane)
        text = "\n".join(line.text for line in detail._lines)
        assert "Created" in text and "(3h" in text  # the pane's age, too


async def test_paused_a_row_says_what_its_newer_read_says():
    """Paused, a helper's highlighted row read "processing" beside a pane that read
    "completed" (the pane's job had been read again, the page had not)."""
    api = FakeApi(standard_jobs(60))
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("p")
        await pilot.pause()
        job = next(j for j in api.jobs if j.status == "processing")
        row = table.get_row_index(job.id)
        assert "processing" in str(table.get_row_at(row)[0])
        job.status, job.text, job.duration = "completed", "done", 30
        for _ in range(row):
            await pilot.press("j")
        detail = app.screen.query_one(DetailPane)
        await wait_for(
            pilot, lambda: detail.transcript is not None and detail.transcript.status == "completed"
        )
        await wait_for(pilot, lambda: "completed" in str(table.get_row_at(row)[0]))
