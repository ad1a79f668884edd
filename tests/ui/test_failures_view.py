"""The failures view (F): failed jobs of a window grouped by catalog entry, each group's
meaning, fix and jobs; a group goes to the resubmit flow, which shows it first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from aai_tui.troubleshoot import explain
from aai_tui.ui.screens.failures import FailuresScreen
from tests.fake_api import NOW, FakeApi, FakeJob, job_id, standard_jobs
from tests.ui.app_factory import (
    make_app,
    next_cycle,
    notifications,
    run_before,
    wait_for,
    wait_for_rows,
)
from tests.ui.test_snapshots import PROCESSING_ERRORS


def failing_account() -> FakeApi:
    """Every documented processing error once in the last day, the server error three
    more times over 60 days, and a history of completed jobs."""
    jobs = [j for j in standard_jobs(30) if j.status != "error"]
    extra = []
    for n, (entry, message) in enumerate(PROCESSING_ERRORS.items()):
        extra.append(
            (NOW - timedelta(hours=n + 1), message, f"https://media.example.com/{entry}.mp3")
        )
    server = PROCESSING_ERRORS["server-error-alerted"]
    for days in (3, 20, 60):
        extra.append((NOW - timedelta(days=days), server, f"https://media.example.com/s{days}.mp3"))
    for index, (created, message, url) in enumerate(sorted(extra, key=lambda e: e[0])):
        jobs.append(
            FakeJob(
                id=job_id(500 + index),
                status="error",
                created=created,
                audio_url=url,
                error=message,
            )
        )
    jobs.sort(key=lambda j: j.created)
    return FakeApi(jobs)


def group_rows(screen: FailuresScreen) -> list[list[str]]:
    table = screen.query_one("#failure-groups", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_failures(pilot: Pilot) -> FailuresScreen:
    await wait_for_rows(pilot)
    await pilot.press("F")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen))
    screen = app.screen
    assert isinstance(screen, FailuresScreen)
    await wait_for(pilot, lambda: screen.report is not None)
    await pilot.pause()
    return screen


async def test_f_groups_every_documented_processing_error_under_its_entry():
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_failures(pilot)
        report = screen.report
        assert report is not None and report.window.label == "last 7d"
        by_entry = {group.entry.id: group for group in report.groups}
        for message in PROCESSING_ERRORS.values():
            assert explain(message).entry.id in by_entry
        assert by_entry["server-error-alerted"].count == 2  # today's and 3 days ago
        assert report.total == len(PROCESSING_ERRORS) + 1
        rows = group_rows(screen)
        assert rows[0][0] == "Server error on AssemblyAI's side"  # the biggest first
        assert rows[0][1:3] == ["2", "yes"]
        title = str(screen.query_one(".dialog-title").render())
        assert f"{report.total} failed in {len(report.groups)} groups" in title


async def test_a_cause_the_table_cuts_is_said_whole_below_it():
    """At 80x24 the groups' table cut causes ("AssemblyAI could not do…") and no
    place said them whole: the highlighted group's cause heads its explanation."""
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_failures(pilot)
        table = screen.query_one("#failure-groups")
        for index, group in enumerate(screen.report.groups):
            table.move_cursor(row=index)
            await pilot.pause()
            said = str(screen.query_one("#failure-fix").render())
            assert said.startswith(f"Cause  {group.entry.title}\nMeans  ")
        assert any("…" in row[0] for row in group_rows(screen))  # some were cut


async def test_w_changes_the_window_and_scans_again():
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_failures(pilot)
        await pilot.press("w")  # 7d -> 90d
        await wait_for(
            pilot, lambda: screen.report is not None and screen.report.window.label == "last 90d"
        )
        groups = {g.entry.id: g for g in screen.report.groups}
        assert groups["server-error-alerted"].count == 4
        await pilot.press("w")  # 90d -> today
        await wait_for(pilot, lambda: screen.report.window.label == "today")
        assert all(g.last_seen.date() == NOW.date() for g in screen.report.groups)


async def test_enter_opens_a_groups_jobs_and_r_hands_exactly_them_to_the_resubmit_flow():
    app = make_app(failing_account(), poll_interval=3600)
    started: list[tuple[list[str], bool]] = []
    async with app.run_test(size=(140, 40)) as pilot:
        dashboard = app.screen
        dashboard.flows.resubmit.start = lambda ids, failed_only: started.append(  # type: ignore[method-assign]
            (ids, failed_only)
        )
        screen = await open_failures(pilot)
        await pilot.press("enter")
        jobs = screen.query_one("#failure-jobs", DataTable)
        assert jobs.has_focus
        group = screen.report.groups[0]
        assert jobs.row_count == group.count
        await pilot.press("escape")  # back to the groups, not out
        assert isinstance(app.screen, FailuresScreen)
        await pilot.press("j")
        second = screen.report.groups[1]
        await pilot.press("r")
        await wait_for(pilot, lambda: bool(started))
        assert started == [([job.id for job in second.jobs], True)]
        assert app.screen is screen  # the dialog opens over the view, which stays


async def test_read_only_leaves_out_the_group_resubmission():
    app = make_app(failing_account(), poll_interval=3600)
    app.read_only = True
    started: list[object] = []
    async with app.run_test(size=(140, 40)) as pilot:
        app.screen.flows.resubmit.start = lambda *a, **k: started.append(a)  # type: ignore[method-assign]
        screen = await open_failures(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert started == []
        # ... and never offered: not in the view's keys, nor in the failed job's detail
        from tests.ui.app_factory import text_of

        assert "resubmit" not in text_of(screen.query_one(".dialog-keys"))
        await pilot.press("escape")
        failed = next(j for j in app.api.jobs if j.status == "error")
        app.screen.go_to(failed.id)
        detail = app.screen.query_one("#detail")
        await wait_for(pilot, lambda: detail.transcript_id == failed.id)
        assert "resubmit" not in text_of(detail).lower()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_failures_view_snapshot(snap_compare, size):
    async def open_view(pilot: Pilot) -> None:
        await open_failures(pilot)

    assert snap_compare(
        make_app(failing_account(), poll_interval=3600),
        terminal_size=size,
        run_before=run_before(open_view),
    )


async def test_f_in_the_batch_view_shows_that_batchs_failures(tmp_path):
    from pathlib import Path

    from aai_tui.journal import BatchEntry, Journal
    from aai_tui.ui.screens.batches import BatchesScreen

    api = failing_account()
    failed = [j for j in api.jobs if j.status == "error"][:2]
    done = next(j for j in api.jobs if j.status == "completed")
    journal = Journal(tmp_path / "j.sqlite3")
    subs = journal.record_batch(
        [BatchEntry(local_path=Path(f"/a/{n}.wav"), size=1) for n in range(3)]
        + [BatchEntry(local_path=Path("/a/empty.wav"), failure="the file is empty")],
        params={},
        endpoint="e",
        batch_id="b-fail",
    )
    for sub, job in zip(subs[:3], [*failed, done], strict=True):
        journal.mark_uploaded(sub.id, "https://up")
        journal.mark_creating(sub.id)
        journal.mark_created(sub.id, job.id)
    app = make_app(api, poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))
        listing = app.screen.query_one("#batch-list", DataTable)
        await wait_for(pilot, lambda: listing.row_count == 1)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.report is not None)
        assert screen.report.window.label == "batch b-fail"
        assert sorted(j.id for g in screen.report.groups for j in g.jobs) == sorted(
            j.id for j in failed
        )
        # jobs this journal sent are named by their local file, as the list names them
        assert sorted(screen.report.local_names.values()) == ["0.wav", "1.wav"]
        jobs = screen.query_one("#failure-jobs", DataTable)
        assert str(jobs.get_row_at(0)[2]) in {"0.wav", "1.wav"}
        # the file that never became a job is not a failed job, but it is said
        assert [sub.local_path for sub in screen.report.not_sent] == ["/a/empty.wav"]
        title = str(screen.query_one(".dialog-title", Static).render())
        assert "1 file never became a job: B says why" in title
        # w goes round the windows and back to this batch; Esc returns to B
        assert screen.windows == ("batch:b-fail", "today", "7d", "90d")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))
    journal.close()


async def test_causes_take_the_room_a_wider_terminal_gives():
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(60, 30)) as pilot:
        screen = await open_failures(pilot)
        title = screen.report.groups[0].entry.title
        assert group_rows(screen)[0][0] != title and group_rows(screen)[0][0].endswith("…")
        await pilot.press("j")
        await pilot.resize_terminal(140, 40)
        await wait_for(pilot, lambda: group_rows(screen)[0][0] == title)
        table = screen.query_one("#failure-groups", DataTable)
        assert table.cursor_row == 1  # where the user was


@pytest.mark.parametrize("sizes", [((140, 40), (80, 24)), ((80, 24), (140, 40))])
async def test_the_tables_never_scroll_sideways_and_errors_wrap_whole(sizes):
    """A column keeps its widest cell unless rebuilt: after a resize the tables scrolled
    sideways, and the scrollbar's end looked like a stray mark. Errors wrap instead."""
    app = make_app(failing_account(), poll_interval=3600)
    first, second = sizes
    async with app.run_test(size=first) as pilot:
        screen = await open_failures(pilot)
        await pilot.press("enter")  # the first group's jobs
        await pilot.resize_terminal(*second)
        await wait_for(pilot, lambda: screen._shown_width == second[0])
        await pilot.pause()
        for selector in ("#failure-groups", "#failure-jobs"):
            table = screen.query_one(selector, DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, selector
        jobs = screen.query_one("#failure-jobs", DataTable)
        group = screen.selected_group()
        assert group is not None
        for job in group.jobs:
            shown = " ".join(str(jobs.get_row(job.id)[-1]).split())
            assert shown == " ".join((job.error or "").split()) or shown.endswith("…")


async def test_at_40x12_enter_shows_the_groups_jobs_in_place_of_the_groups():
    """A new user at 40x12 pressed Enter on a group and saw nothing change: the jobs
    were below the screen. Now they take the groups' place until Esc."""
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_failures(pilot)
        groups = screen.query_one("#failure-groups", DataTable)
        jobs = screen.query_one("#failure-jobs", DataTable)
        await pilot.press("enter")
        await pilot.pause()
        assert jobs.has_focus and not groups.display
        assert jobs.region.height >= 2 and jobs.region.bottom <= app.size.height
        # the date gives way: the error, what the row is for, is on screen
        assert [str(c.label) for c in jobs.ordered_columns] == ["ID", "Audio", "Error"]
        assert jobs.virtual_size.width <= jobs.scrollable_content_region.width
        group = screen.selected_group()
        assert group is not None
        shown = " ".join(str(jobs.get_row_at(0)[-1]).split())
        error = group.jobs[0].error or ""
        assert shown == " ".join(error.split()) or shown.endswith("…")
        # which group these are, with the groups out of sight: the title names it
        title = str(screen.query_one(".dialog-title").render())
        assert title.startswith(f"{group.entry.title}: {group.count} job")
        assert title.endswith("(Esc: the groups)")
        await pilot.press("escape")
        await pilot.pause()
        assert groups.has_focus and groups.display
        assert str(screen.query_one(".dialog-title").render()).startswith("Failures · ")

    # A group far down picked on a tall screen, then the terminal made small: back
    # from its jobs, the group is in view beside its fix. (A helper once saw the fix
    # without its group at 40x12; this path did not reproduce it, and holds it.)
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_failures(pilot)
        groups = screen.query_one("#failure-groups", DataTable)
        for _ in range(len(screen.report.groups)):
            await pilot.press("j")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("enter", "escape")
        await pilot.pause()
        await pilot.pause()
        in_view = groups.scrollable_content_region.height - 1  # the header
        top = round(groups.scroll_y)
        assert top <= groups.cursor_row < top + in_view, (top, groups.cursor_row, in_view)


async def test_f_opened_offline_says_the_api_is_not_answering_at_once(monkeypatch):
    """A helper's F showed "scanning…" for 20 s while the header said offline, then
    "could not scan": it says at once that the API is not answering."""
    from aai_tui.api.errors import ApiError, ErrorKind
    from aai_tui.ui.widgets.status_bar import StatusBar

    said: list[str] = []
    original = FailuresScreen._title
    monkeypatch.setattr(
        FailuresScreen, "_title", lambda self, text: (said.append(text), original(self, text))
    )
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        api.fail_with = ApiError("connect: could not connect", method="GET", kind=ErrorKind.CONNECT)
        bar = app.screen.query_one(StatusBar)
        await next_cycle(pilot, app)
        await wait_for(pilot, lambda: bar.state.offline_until is not None)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen))
        await wait_for(pilot, lambda: any("could not scan" in t for t in said))
        assert "The API is not answering (the header says offline)" in said[0]


async def test_g_and_G_go_to_the_first_and_last_group():
    """A helper pressed g in F, as on the list, and nothing moved."""
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_failures(pilot)
        table = screen.query_one("#failure-groups", DataTable)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1 > 0
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_a_deleted_failure_is_marked_deleted_among_its_groups_jobs():
    """A helper deleted a failed job; the failures view listed it like any other, and
    only r said its audio was gone. Its row says so, as the list marks it."""
    from aai_tui.api.models import DELETED_AUDIO_URL

    api = failing_account()
    gone = [j for j in api.jobs if j.status == "error"][-1]  # the newest: in the window
    gone.audio_url = DELETED_AUDIO_URL
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_failures(pilot)
        groups = screen.query_one("#failure-groups", DataTable)
        jobs = screen.query_one("#failure-jobs", DataTable)
        (index,) = [
            i for i, g in enumerate(screen.report.groups) if gone.id in {j.id for j in g.jobs}
        ]
        groups.move_cursor(row=index)
        await wait_for(pilot, lambda: gone.id in jobs.rows)
        row = jobs.get_row_index(gone.id)
        assert str(jobs.get_row_at(row)[-1]).startswith("∅ deleted · ")
        others = [jobs.get_row_at(i)[-1] for i in range(jobs.row_count) if i != row]
        assert not any(str(cell).startswith("∅ deleted") for cell in others)


async def test_r_while_the_scan_runs_says_it_is_still_scanning():
    """A helper's r during a scan (the API retrying) said there were no failures in
    the window, which held one. It says the scan is not done."""
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_failures(pilot)
        said = notifications(app)
        screen.scanning = True  # as while a scan waits on the API
        await pilot.press("r")
        await pilot.pause()
        assert said == ["Still scanning: r resubmits a group once it is listed."]
        await pilot.press("ctrl+r")  # a real scan: the flag goes down when it ends
        await wait_for(pilot, lambda: not screen.scanning)


async def test_in_a_groups_jobs_the_keys_say_esc_goes_back_to_the_groups():
    """A helper read "Esc: close" in a group's jobs, pressed it, and typed on into the
    view he thought closed: there Esc goes back to the groups, and the keys say so."""
    app = make_app(failing_account(), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_failures(pilot)
        keys = lambda: str(screen.query_one(".dialog-keys", Static).render())  # noqa: E731
        assert keys().endswith("Esc: close")
        await pilot.press("enter")
        await pilot.pause()
        assert keys().endswith("Esc: the groups")
        await pilot.press("escape")
        await pilot.pause()
        assert keys().endswith("Esc: close") and isinstance(app.screen, FailuresScreen)
