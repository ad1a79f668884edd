"""The selection is a job, not a row; the header, the rows and the title agree."""

from __future__ import annotations

from datetime import timedelta

from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.status_bar import StatusBar
from tests.fake_api import NOW, FakeApi, FakeJob, job_id
from tests.ui.app_factory import make_app, next_cycle, wait_for, wait_for_rows


def arrive(api: FakeApi, count: int) -> None:
    """``count`` new jobs at the top of the list, as on a busy account."""
    start = len(api.jobs)
    for n in range(count):
        api.jobs.append(
            FakeJob(
                id=job_id(10_000 + start + n),
                status="queued",
                created=NOW + timedelta(seconds=n + 1),
                audio_url=f"https://files.example.com/new-{start + n}.mp3",
            )
        )


async def test_the_selection_stays_on_its_job_as_new_jobs_push_it_down():
    api = FakeApi()
    app = make_app(api, poll_interval=3600, page_size=25)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("j", "j", "j")
        chosen = table.selected_id()
        arrive(api, 5)
        await next_cycle(pilot, app)
        assert table.selected_id() == chosen  # the cursor followed the job down
        assert app.screen.selected_id == chosen


async def test_a_job_that_leaves_the_page_stays_in_the_detail_pane_until_the_user_moves():
    api = FakeApi()
    app = make_app(api, poll_interval=3600, page_size=25)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("G")
        chosen = table.selected_id()
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        arrive(api, 3)  # the last row falls off page 1
        await next_cycle(pilot, app)
        assert chosen not in table.rows
        for _ in range(3):  # cycles go by: the pane does not switch jobs
            await next_cycle(pilot, app)
            assert detail.transcript_id == chosen
            assert app.screen.selected_id == chosen
        await pilot.press("k")  # the user moves: the row under the cursor is selected
        assert app.screen.selected_id == table.selected_id() != chosen
        assert detail.transcript_id == table.selected_id()


async def test_follow_newest_keeps_the_top_row_selected():
    api = FakeApi()
    app = make_app(api, poll_interval=3600, page_size=25)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("G", "n")
        assert table.cursor_row == 0
        arrive(api, 2)
        await next_cycle(pilot, app)
        assert table.selected_id() == api.jobs[-1].id
        assert app.screen.selected_id == api.jobs[-1].id


async def test_the_header_and_the_rows_count_the_same_throttled_jobs():
    api = FakeApi()
    for job in api.jobs[-6:]:
        job.status, job.throttled = "queued", True
    app = make_app(api, poll_interval=3600, page_size=25)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await next_cycle(pilot, app)
        bar = app.screen.query_one(StatusBar)
        await wait_for(pilot, lambda: bar.state.counts is not None)
        marked = {row.id for row in table.rows_by_id.values() if row.throttled}
        assert len(marked) == bar.state.counts.throttled == 6


async def test_the_title_counts_what_is_shown_after_a_filter_and_a_sort():
    app = make_app(poll_interval=3600, page_size=25)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("o")
        assert "25 shown" in str(table.border_title)
        await pilot.press("slash", *"error")
        await pilot.pause()
        assert f"{table.row_count} of 25 shown" in str(table.border_title)
        assert 0 < table.row_count < 25


async def test_one_server_error_is_not_a_lost_connection():
    from aai_tui.api.errors import ApiError

    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), original(message, **kw))[1]
        api.fail_with = ApiError("Internal server error", status=500, method="GET", path="/v2")
        await next_cycle(pilot, app)
        api.fail_with = None
        await next_cycle(pilot, app)
        bar = app.screen.query_one(StatusBar)
        assert bar.state.offline_until is None
        assert not [n for n in notes if "Back online" in n or "Connection lost" in n]


async def test_a_deleted_transcript_reads_deleted_not_completed():
    from aai_tui.ui.widgets.detail import DetailPane
    from tests.ui.app_factory import text_of

    api = FakeApi()
    newest = api.jobs[-5]
    assert newest.status == "completed"
    newest.audio_url = "http://deleted_by_user"
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        table = await wait_for_rows(pilot)
        row = table.rows_by_id[newest.id]
        index = table.get_row_index(newest.id)
        assert table.get_cell_at((index, 0)).plain == "∅ deleted"
        table.move_cursor(row=index)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript_id == row.id)
        assert "∅ deleted" in text_of(detail)


def test_each_kind_of_event_has_its_own_message_and_only_floods_coalesce():
    from aai_tui.api.errors import ApiError
    from aai_tui.api.models import Transcript
    from aai_tui.tracking.events import JobCounts, RequestFailed, TranscriptLoaded
    from aai_tui.ui.tracker_messages import (
        CountsArrived,
        RequestRefused,
        TranscriptArrived,
        message_for,
    )

    counts = message_for(JobCounts(1, 2, 3, False))
    assert isinstance(counts, CountsArrived)
    assert counts.can_replace(message_for(JobCounts(4, 5, 6, False)))
    one = message_for(TranscriptLoaded(Transcript.from_json({"id": "a", "status": "queued"})))
    other = message_for(TranscriptLoaded(Transcript.from_json({"id": "b", "status": "queued"})))
    same = message_for(TranscriptLoaded(Transcript.from_json({"id": "a", "status": "completed"})))
    assert isinstance(one, TranscriptArrived)
    assert same.can_replace(one) and not other.can_replace(one)
    failure = RequestFailed(ApiError("x", status=400), "refresh")
    assert isinstance(message_for(failure), RequestRefused)
    assert not message_for(failure).can_replace(message_for(failure))  # every one is told
    assert not counts.can_replace(one)


def test_a_long_id_breaks_after_a_dash_never_inside_a_group():
    from hypothesis import given
    from hypothesis import strategies as st

    from aai_tui.ui.widgets.detail import id_lines

    @given(st.uuids().map(str), st.integers(min_value=8, max_value=60))
    def check(transcript_id: str, width: int) -> None:
        lines = id_lines(transcript_id, width).split("\n")
        assert "".join(lines) == transcript_id
        for line in lines[:-1]:
            assert line.endswith("-")
        if len(transcript_id) <= width:
            assert lines == [transcript_id]

    check()


async def test_asking_for_another_page_selects_its_first_row():
    app = make_app(poll_interval=3600, page_size=10)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("j", "j")
        first_page = table.selected_id()
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: first_page not in table.rows)
        await wait_for(pilot, lambda: app.screen.selected_id == table.selected_id())
        assert table.cursor_row == 0
        detail = app.screen.query_one(DetailPane)
        assert detail.transcript_id == table.selected_id()


async def test_rows_with_warnings_are_marked_and_found_with_slash_warning():
    from tests.fake_api import standard_jobs

    warned = FakeJob(
        id=job_id(777),
        status="completed",
        created=NOW,
        audio_url="https://files.example.com/ja-call.mp3",
        duration=90,
        text="moshi moshi",
        options={"metadata": {"warnings": [{"message": "universal-3-5-pro does not support ja"}]}},
    )
    api = FakeApi([*standard_jobs(8), warned])
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await wait_for(pilot, lambda: table.rows_by_id[warned.id].warnings != (), tries=200)
        index = table.get_row_index(warned.id)
        assert table.get_cell_at((index, 5)).plain.startswith("⚠ universal-3-5-pro")
        await pilot.press("slash", *"warning")
        await wait_for(pilot, lambda: table.row_count == 1)
        assert table.selected_id() == warned.id


async def test_a_filter_with_markup_characters_is_shown_literally():
    """The fuzzer's seed 106: '/' then '[/' closed the title's markup and crashed."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("slash", "left_square_bracket", "slash", "right_square_bracket")
        await pilot.pause()
        assert app.is_running and app._exception is None
        assert "filter: [/]" in table._border_title.plain  # shown as typed


async def test_jobs_that_arrive_above_a_pinned_selection_are_counted_on_the_border():
    """A helper's new jobs piled up above the view (the selection keeps its line) and
    only the scrollbar said so: the bottom border counts the rows above."""
    api = FakeApi()
    app = make_app(api, poll_interval=3600, page_size=25)
    async with app.run_test(size=(40, 12)) as pilot:
        table = await wait_for_rows(pilot)
        screen = app.screen
        await pilot.press("j", "j")
        assert screen._shown_footer == ""
        arrive(api, 5)
        await next_cycle(pilot, app)
        await wait_for(pilot, lambda: screen._shown_footer.startswith("↑ "))
        assert screen._shown_footer == f"↑ {round(table.scroll_y)} more above"
        await pilot.press("g")  # to the top: nothing above
        await wait_for(pilot, lambda: screen._shown_footer == "")
