"""The activity strip says only the counts that mean something, on one line."""

from __future__ import annotations

from aai_tui.ui.widgets.activity import ActivityPanel, ActivityState


def line(state: ActivityState) -> str:
    return ActivityPanel(clock=lambda: state.started_at + 10).describe(state).plain


def test_a_finished_batch_is_one_short_line():
    """A new user saw the finished strip wrap at 120 columns, full of zeros."""
    done = ActivityState(
        title="Batch of 10",
        left_out=1,
        total=10,
        uploaded=10,
        created=10,
        statuses={f"id{i}": "completed" for i in range(10)},
        started_at=100.0,
        done=True,
    )
    text = line(done)
    assert "completed 10 of 10 · 1 left out" in text and "Esc hides this" in text
    assert " 0 " not in text and "queued" not in text and "failed" not in text
    assert len(text) <= 116  # one line in the strip at 120 columns


def test_a_running_batch_says_what_is_queued_processing_and_failed():
    running = ActivityState(
        title="Submitting a batch of 10",
        total=10,
        uploaded=6,
        created=5,
        failed_submit=1,
        statuses={"a": "queued", "b": "queued", "c": "processing", "d": "completed", "e": "error"},
        started_at=100.0,
    )
    text = line(running)
    assert "uploaded 6 · queued 2 · processing 1 · completed 1 · failed 2 of 10" in text


def test_the_eta_runs_the_unfinished_jobs_as_many_at_a_time_as_the_account_allows():
    """Queued jobs wait for a slot: four of ten minutes on two slots take two rounds;
    files not yet created count with their share of the audio not yet accounted for."""
    running = ActivityState(
        title="Submitting a batch of 6",
        total=6,
        uploaded=6,
        created=5,
        statuses={"a": "queued", "b": "queued", "c": "processing", "d": "processing"},
        durations={"a": 600.0, "b": 600.0, "c": 600.0, "d": 600.0, "e": 60.0},
        audio_seconds=5 * 600.0 + 60.0,  # the sixth file: 10 minutes, still to create
        slots=2,
        started_at=100.0,
    )
    statuses = dict(running.statuses, e="completed")
    running.statuses = statuses
    # five jobs of 10 minutes on two slots: 30 minutes of processing time in the worst
    # lane; 15-30% of it
    assert ActivityPanel.eta(running) == (0.15 * 1800, 0.30 * 1800)
    assert "ETA 4m30s–9m00s" in line(running)
    running.slots = 5
    assert ActivityPanel.eta(running) == (90.0, 180.0)


def test_a_batch_waiting_behind_the_accounts_queue_says_so_and_is_sent_not_done():
    """A helper read "ETA 2s–3s (done · …)" for 48 s with 30 throttled jobs ahead: the
    ETA is the batch's own processing, from when those ahead have started."""
    waiting = ActivityState(
        title="Batch of 6",
        total=6,
        uploaded=6,
        created=6,
        statuses={f"id{i}": "queued" for i in range(6)},
        durations={f"id{i}": 10.0 for i in range(6)},
        audio_seconds=60.0,
        slots=5,
        started_at=100.0,
        done=True,
        ahead=30,
    )
    text = line(waiting)
    assert "ETA 3s–6s once 30 ahead have started" in text
    assert "(sent · Esc hides this)" in text and "done" not in text
    waiting.ahead = 0
    assert "ETA 3s–6s  (sent" in line(waiting)
    waiting.statuses = {f"id{i}": "completed" for i in range(6)}
    assert "(done · Esc hides this)" in line(waiting) and "ETA" not in line(waiting)


async def test_the_strip_counts_the_accounts_waiting_jobs_ahead_of_the_batch():
    from tests.fake_api import FakeApi, job_id, standard_jobs
    from tests.ui.app_factory import make_app, next_cycle, wait_for, wait_for_rows

    api = FakeApi(standard_jobs(60))  # two queued, the newest (ours) and one other
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        panel = app.screen.query_one(ActivityPanel)
        panel.start(
            ActivityState(
                title="Batch of 1",
                total=1,
                uploaded=1,
                created=1,
                statuses={job_id(60): "queued"},
                durations={job_id(60): 60.0},
                audio_seconds=60.0,
                done=True,
            )
        )
        await next_cycle(pilot, app)
        await wait_for(pilot, lambda: panel.state is not None and panel.state.ahead == 1)
        assert "once 1 ahead has started" in panel.describe(panel.state).plain


def test_only_the_jobs_queued_before_the_batch_are_ahead_of_it():
    """A helper saw "once 18 ahead" grow to 37 while the batch waited: jobs sent after
    it were counted too."""
    from aai_tui.tracking.events import JobCounts

    order = ("old1", "old2", "mine1", "later1", "mine2", "later2")
    counts = JobCounts(5, len(order), 0, False, queued_order=order)
    assert counts.ahead_of({"mine1", "mine2"}) == 2
    assert counts.ahead_of({"mine2"}) == 4  # the rest of the batch went ahead
    assert counts.ahead_of(set()) == 0  # none of ours waits
    capped = JobCounts(5, 500, 0, True, queued_order=order)
    assert capped.ahead_of({"elsewhere"}) == 499  # not listed: all may be ahead


def test_a_processing_jobs_eta_counts_down():
    """A helper's strip said 2m15s–4m30s until the job ended."""
    state = ActivityState(
        title="Batch of 1",
        total=1,
        uploaded=1,
        created=1,
        statuses={"a": "processing"},
        durations={"a": 900.0},
        audio_seconds=900.0,
        started_at=100.0,
        done=True,
        processing_since={"a": 100.0},
    )
    assert "ETA 2m15s–4m30s" in ActivityPanel(clock=lambda: 100.0).describe(state).plain
    assert "ETA 2m05s–4m20s" in line(state)  # ten seconds on
    assert "ETA 0s–2m10s" in ActivityPanel(clock=lambda: 240.0).describe(state).plain


async def test_the_dashboard_starts_a_jobs_countdown_when_it_is_seen_processing():
    from tests.ui.app_factory import make_app, wait_for_rows

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        panel = app.screen.query_one(ActivityPanel)
        state = ActivityState(title="Batch of 1", total=1, created=1, statuses={"a": "queued"})
        panel.start(state)
        app.screen._update_watched({"a": "queued"})
        assert state.processing_since == {}
        app.screen._update_watched({"a": "processing"})
        first = state.processing_since["a"]
        app.screen._update_watched({"a": "processing"})  # seen again: still from the first
        assert state.processing_since == {"a": first}
