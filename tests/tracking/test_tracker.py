"""The tracker on an injected clock: what it asks, how it paces itself, when it stops."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from aai_tui.api.errors import ApiError, ErrorKind
from aai_tui.api.ratelimit import RateLimitState
from aai_tui.tracking.budget import RequestBudget
from aai_tui.tracking.events import (
    BudgetChanged,
    ConnectionState,
    JobCounts,
    PageCursor,
    PageLoaded,
    RequestFailed,
    TranscriptLoaded,
)
from aai_tui.tracking.tracker import IDLE_SCAN_EVERY, QUIET_BEFORE_STRETCH, Tracker
from tests.fake_api import FakeApi


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def make(api: FakeApi | None = None, **kwargs):  # type: ignore[no-untyped-def]
    api = api or FakeApi()
    clock = Clock()
    api.rate_limits = RateLimitState(clock=clock)
    budget = RequestBudget(api.rate_limits, clock=clock, **kwargs)
    events: list = []
    tracker = Tracker(api, budget, events.append, poll_interval=3.0, page_size=25, clock=clock)
    return tracker, api, events, clock


def of(events: list, kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


async def test_a_cycle_loads_the_page_and_counts_active_jobs():
    tracker, api, events, _ = make()
    delay = await tracker.cycle()
    assert delay == 3.0
    page = of(events, PageLoaded)[0]
    assert len(page.page.transcripts) == 25
    counts = of(events, JobCounts)[0]
    assert (counts.processing, counts.queued, counts.throttled) == (2, 2, 1)
    statuses = [arg[0] for name, arg in api.calls if name == "list"]
    assert statuses == [None, "processing", "queued", None]


async def test_only_ended_rows_and_the_selection_are_fetched_in_full():
    tracker, api, _events, _ = make()
    await tracker.cycle()
    gets = [arg for name, arg in api.calls if name == "get"]
    assert len(gets) == 4  # hydration is bounded per cycle
    assert all(api.by_id(t).status in ("completed", "error") for t in gets)
    active = next(j for j in api.jobs if j.status == "processing")
    tracker.select(active.id)
    api.calls.clear()
    await tracker.cycle()
    assert ("get", active.id) in api.calls


async def test_a_job_that_ends_is_fetched_once():
    tracker, api, events, _ = make()
    job = next(j for j in api.jobs if j.status == "processing")
    for _ in range(10):
        await tracker.cycle()  # hydrate everything visible
    job.status, job.text, job.duration = "completed", "done", 3
    api.calls.clear()
    await tracker.cycle()
    await tracker.cycle()
    assert api.gets_for(job.id) == 1
    loaded = [e.transcript.id for e in of(events, TranscriptLoaded)]
    assert job.id in loaded


async def test_requests_never_overlap_even_with_selection_changes():
    tracker, api, _events, _ = make()
    tracker.poll_interval = 0.0
    runner = asyncio.create_task(tracker.run())
    for job in api.jobs[-10:]:
        tracker.select(job.id)
        tracker.refresh_now()
        await asyncio.sleep(0.01)
    tracker.stop()
    await asyncio.wait_for(runner, 5)
    assert api.max_in_flight == 1
    assert tracker.cycles >= 2


async def test_budget_slows_down_as_remaining_falls():
    tracker, api, events, _clock = make()
    for remaining, expected in ((900, 3.0), (200, 6.0), (80, 12.0), (10, 24.0)):
        api.headers = {
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": "60",
        }
        delay = await tracker.cycle()
        assert delay == expected, remaining
    view = of(events, BudgetChanged)[-1].budget
    assert view.slowdown == 8.0


async def test_budget_holds_back_when_exhausted_and_after_429():
    tracker, api, events, clock = make()
    api.headers = {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "40",
    }
    await tracker.cycle()
    api.calls.clear()
    delay = await tracker.cycle()
    assert api.calls == []
    assert delay == pytest.approx(40.0)
    assert of(events, BudgetChanged)[-1].budget.holding_back_for == pytest.approx(40.0)
    clock.now += 41
    api.headers = {}
    api.rate_limits.observe({"Retry-After": "15"}, status=429)
    assert await tracker.cycle() == pytest.approx(15.0)
    assert api.calls == []
    clock.now += 16
    await tracker.cycle()
    assert api.calls


async def test_without_headers_a_conservative_default_applies():
    tracker, api, events, clock = make(default_limit=10, default_window=60)
    delays = [await tracker.cycle() for _ in range(6)]
    assert len(api.calls) == 10  # never more than the default allows in its window
    assert 0 < delays[-1] <= 60
    assert of(events, BudgetChanged)[-1].budget.holding_back_for > 0
    clock.now += 61
    await tracker.cycle()
    assert len(api.calls) > 10


async def test_pause_makes_no_requests():
    tracker, api, events, _ = make()
    tracker.set_paused(True)
    await tracker.cycle()
    assert api.calls == []
    assert of(events, BudgetChanged)[-1].paused
    tracker.set_paused(False)
    await tracker.cycle()
    assert api.calls


async def test_offline_backs_off_and_recovers():
    import logging

    tracker, api, events, _ = make()
    api.fail_with = ApiError("could not connect", kind=ErrorKind.CONNECT)
    delays = [await tracker.cycle() for _ in range(6)]
    assert delays == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    states = of(events, ConnectionState)
    assert not states[-1].online and states[-1].retry_in == 30.0
    api.fail_with = None
    said: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("aai_tui.tracking")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # whatever an earlier test's logging set
    try:
        assert await tracker.cycle() == 3.0
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert of(events, ConnectionState)[-1].online
    # The event log's connection entries end with the way back, not only the loss.
    assert "tracker back online after 6 failed cycles" in said


async def test_any_answer_while_the_api_was_unreachable_brings_the_next_cycle_now():
    """A helper's header said "offline, retrying in 2s (2m02s old)" while B read the
    API fine: the backoff ran its course first. Any answer of the client ends it."""
    tracker, api, events, _clock = make()
    api.fail_with = ApiError("could not connect", kind=ErrorKind.CONNECT)
    for _ in range(3):
        await tracker.cycle()
    running = asyncio.ensure_future(tracker.run())  # its first cycle fails too
    await asyncio.sleep(0.05)  # then it waits out the backoff (16 s on this clock)
    assert tracker.offline_failures == 4
    api.fail_with = None
    await asyncio.sleep(0.05)
    assert tracker.offline_failures == 4  # still waiting
    api.rate_limits.observe({"x-ratelimit-remaining": "100"}, 200)  # B's read answered
    for _ in range(100):
        await asyncio.sleep(0.01)
        if tracker.offline_failures == 0:
            break
    tracker.stop()
    await running
    assert of(events, ConnectionState)[-1].online
    # Its own answers during a cycle do not ask for another cycle at once.
    assert not tracker._full_requested
    assert tracker._heard_from_api not in api.rate_limits._listeners  # stopped: not listening


async def test_an_answer_during_a_server_outage_does_not_cut_its_backoff():
    tracker, api, _events, _ = make()
    api.fail_with = ApiError("Internal server error", status=500)
    for _ in range(4):
        await tracker.cycle()
    assert tracker.offline_failures >= 1
    api.rate_limits.observe({}, 500)  # the server answers, with the same trouble
    assert not tracker._full_requested


async def test_a_client_error_is_reported_not_treated_as_offline():
    tracker, api, events, _ = make()
    api.fail_with = ApiError("Authentication error, API token missing/invalid", status=401)
    await tracker.cycle()
    assert of(events, RequestFailed)[0].error.status == 401
    assert of(events, ConnectionState) == []


async def test_paging_newer_to_the_top_returns_to_the_live_page():
    tracker, _api, events, _ = make()
    await tracker.cycle()
    newest = of(events, PageLoaded)[-1].page
    tracker.show_page(PageCursor(before_id=newest.page_details.older_cursor), 2)
    await tracker.cycle()
    older = of(events, PageLoaded)[-1].page
    tracker.show_page(PageCursor(after_id=older.page_details.newer_cursor), 1)
    await tracker.cycle()
    assert tracker.cursor.is_newest


async def test_a_thousand_active_jobs_cost_a_handful_of_list_requests():
    from datetime import timedelta

    from tests.fake_api import NOW, FakeJob, job_id

    jobs = [
        FakeJob(
            id=job_id(n),
            status="processing" if n <= 200 else "queued",
            created=NOW - timedelta(seconds=2000 - n),
            audio_url=f"https://x/{n}.mp3",
        )
        for n in range(1, 1001)
    ]
    tracker, api, events, _ = make(FakeApi(jobs))
    await tracker.cycle()
    assert of(events, JobCounts) == []  # the scan is spread: 4 of its pages a cycle
    await tracker.cycle()
    lists = [arg for name, arg in api.calls if name == "list"]
    gets = [arg for name, arg in api.calls if name == "get"]
    # 2 pages shown + 1 processing page + 4 queued pages (+1 that finds the end)
    # + 1 throttled
    assert len(lists) <= 9
    assert gets == []
    counts = of(events, JobCounts)[-1]
    assert (counts.processing, counts.queued) == (200, 800)
    # 30 jobs end on the server: each is fetched in full exactly once.
    ended = jobs[:30]
    for job in ended:
        job.status, job.text, job.duration = "completed", "done", 10
    api.calls.clear()
    for _ in range(3):
        await tracker.cycle()
    fetched = [arg for name, arg in api.calls if name == "get"]
    assert sorted(fetched) == sorted(j.id for j in ended)
    assert of(events, JobCounts)[-1].processing == 170


async def test_throughput_counts_jobs_that_ended_per_minute():
    tracker, api, events, clock = make()
    await tracker.cycle()
    for job in [j for j in api.jobs if j.status in ("processing", "queued")][:3]:
        job.status = "completed"
    clock.now += 61
    await tracker.cycle()
    counts = of(events, JobCounts)[-1]
    assert counts.per_minute == 3.0
    assert counts.history[-1] == 3 and sum(counts.history) == 3
    clock.now += 120
    await tracker.cycle()
    counts = of(events, JobCounts)[-1]
    assert counts.per_minute == 0.0 and sum(counts.history) == 3


def test_sparkline_scales_to_the_largest():
    from aai_tui.ui.widgets.status_bar import sparkline

    assert sparkline((0, 0, 0)) == "▁▁▁"
    assert sparkline((0, 4, 8)) == "▁▅█"


async def test_a_summary_left_behind_by_the_selection_keeps_its_speakers():
    tracker, api, _events, _ = make()
    done = next(j for j in api.jobs if j.status == "completed")
    tracker.select(done.id)
    await tracker.cycle()
    full = tracker.known(done.id)
    assert full is not None and full.words and full.speakers
    tracker.select(None)  # the cache keeps a summary without the word lists
    summary = tracker.known(done.id)
    assert summary is not None and summary.words == () and summary.utterances == ()
    assert summary.speakers == full.speakers


def all_ended(api: FakeApi) -> None:
    for job in api.jobs:
        if job.status not in ("completed", "error"):
            job.status, job.throttled, job.duration = "completed", False, 60


async def test_idle_costs_one_request_a_cycle_and_stretches_until_a_key():
    tracker, api, _events, clock = make()
    all_ended(api)
    warm = [await tracker.cycle()]  # the first cycle scans, and hydrates the visible rows
    for _ in range(8):
        clock.now += warm[-1]
        warm.append(await tracker.cycle())  # every row hydrated: steady state from here
    assert warm[:QUIET_BEFORE_STRETCH] == [3.0] * QUIET_BEFORE_STRETCH
    api.calls.clear()
    delays = []
    for _ in range(IDLE_SCAN_EVERY):
        delays.append(await tracker.cycle())
        clock.now += delays[-1]
    lists = [arg for name, arg in api.calls if name == "list"]
    gets = [arg for name, arg in api.calls if name == "get"]
    # one page a cycle, plus one scan of processing and queued in that many cycles
    assert len(lists) <= IDLE_SCAN_EVERY + 2 and gets == []
    assert not any(arg[-1] for arg in lists)  # nothing queued: throttled list not asked
    assert delays == sorted(delays) and max(delays) == 30.0  # stretched, up to the limit
    # Idle, the counts still hold: they are published as current, never "old".
    assert of(_events, JobCounts)[-1].age == 0.0
    tracker.wake_up()  # a key
    assert tracker.next_delay() == 3.0


async def test_cycles_do_not_stretch_while_rows_wait_for_their_duration(monkeypatch):
    """A helper saw "…" in the Duration column for over a minute: rows are read four a
    cycle, and quiet cycles stretched meanwhile. They stretch once every row is read."""
    from aai_tui.tracking import tracker as tracking

    monkeypatch.setattr(tracking, "HYDRATE_PER_CYCLE", 1)  # a page takes many cycles
    tracker, api, _events, clock = make()
    all_ended(api)
    delays = []
    while tracker._to_hydrate or not delays:
        delays.append(await tracker.cycle())
        clock.now += delays[-1]
    assert len(delays) > QUIET_BEFORE_STRETCH + 2  # long enough to have stretched
    assert delays[:-1] == [3.0] * (len(delays) - 1)
    for _ in range(4):
        delays.append(await tracker.cycle())
        clock.now += delays[-1]
    assert delays[-1] > 3.0  # every row read: now it stretches


async def test_a_new_job_on_the_page_brings_back_the_scan_and_the_interval():
    tracker, api, _events, clock = make()
    all_ended(api)
    for _ in range(12):
        clock.now += await tracker.cycle()
    assert tracker.next_delay() > 3.0
    api.jobs[-1].status = "queued"
    api.calls.clear()
    assert await tracker.cycle() == 3.0
    statuses = [arg[0] for name, arg in api.calls if name == "list"]
    assert statuses[:3] == [None, "processing", "queued"]


async def test_the_throttled_list_is_asked_only_with_something_queued():
    tracker, api, events, _ = make()
    await tracker.cycle()
    assert any(arg[-1] for name, arg in api.calls if name == "list")  # 2 queued: asked
    for job in api.jobs:
        if job.status == "queued":
            job.status, job.throttled = "processing", False
    api.calls.clear()
    await tracker.cycle()
    assert not any(arg[-1] for name, arg in api.calls if name == "list")
    assert of(events, JobCounts)[-1].throttled == 0


def test_the_caches_forget_the_least_recently_used_past_their_bound():
    from aai_tui.tracking.tracker import BoundedCache

    cache: BoundedCache[int] = BoundedCache(3)
    for n in range(5):
        cache[str(n)] = n
    assert list(cache) == ["2", "3", "4"]
    assert cache.get("2") == 2  # used: now the newest
    cache["5"] = 5
    assert list(cache) == ["4", "2", "5"] and cache.get("3") is None


# ------------------------------------------------------ near a job's expected end


def make_near_end(durations: dict[str, float]):  # type: ignore[no-untyped-def]
    """A tracker that knows these jobs' audio durations (as the journal would)."""
    api = FakeApi()
    clock = Clock()
    api.rate_limits = RateLimitState(clock=clock)
    budget = RequestBudget(api.rate_limits, clock=clock)
    events: list = []
    asked: list[list[str]] = []

    def lookup(ids: list[str]) -> dict[str, float]:
        asked.append(list(ids))
        return {i: durations[i] for i in ids if i in durations}

    tracker = Tracker(
        api,
        budget,
        events.append,
        poll_interval=3.0,
        page_size=25,
        clock=clock,
        durations=lookup,
        wall_clock=lambda: clock.now,
    )
    return tracker, api, events, clock, asked


async def test_a_job_seen_starting_is_looked_at_every_second_inside_its_window():
    api_probe = FakeApi()
    job = next(j for j in api_probe.jobs if j.status == "queued")
    tracker, api, _events, clock, asked = make_near_end({job.id: 100.0})
    job = api.by_id(job.id)
    await tracker.cycle()  # seen queued at 500
    assert tracker._plan_quick_look(tracker.page.transcripts, clock.now) is None
    clock.now = 503.0
    job.status = "processing"
    await tracker.cycle()  # seen processing: began between 500 and 503
    # 15-30% of 100 s: the window opens 15 s after the earliest start, less a second
    assert tracker._next_quick_look == 500 + 15 - 1
    clock.now = 514.5
    assert tracker._quick_look_due(next_cycle=520.0)
    calls = len(api.calls)
    await tracker.quick_look()
    assert [name for name, _ in api.calls[calls:]] == ["list"]  # the page, nothing else
    assert tracker._next_quick_look == 515.5  # every second inside the window
    clock.now = 503 + 30 + 3 + 0.1  # past the latest end and its slack: usual cadence
    await tracker.quick_look()
    assert tracker._next_quick_look is None
    assert sum(len(ids) for ids in asked) >= 1
    assert all(job.id in ids for ids in asked[:1])


async def test_a_job_whose_duration_nobody_knows_gets_the_usual_cadence():
    tracker, _api, _events, _clock, asked = make_near_end({})
    await tracker.cycle()
    assert asked  # the journal was asked once for the active rows
    await tracker.cycle()
    assert len(asked) == 1  # and never again for the same rows
    assert tracker._next_quick_look is None


async def test_a_job_first_seen_processing_is_dated_from_its_creation():
    api_probe = FakeApi()
    job = next(j for j in api_probe.jobs if j.status == "processing")
    tracker, api, _events, clock, _asked = make_near_end({job.id: 600.0})
    # the fake clock is both monotonic and wall here: created is 12:00 on 2026-11-20
    clock.now = api.by_id(job.id).created.timestamp() + 60
    await tracker.cycle()
    expected = tracker._expected[job.id]
    assert expected.start_lo == pytest.approx(clock.now - 60 - 1)
    assert expected.start_hi == clock.now
    opens, _closes = expected.window()
    assert tracker._next_quick_look == pytest.approx(opens)


async def test_a_quick_look_finds_the_selected_job_ended_and_fetches_it():
    api_probe = FakeApi()
    job = next(j for j in api_probe.jobs if j.status == "processing")
    tracker, api, events, clock, _asked = make_near_end({job.id: 10.0})
    clock.now = api.by_id(job.id).created.timestamp() + 2
    tracker.select(job.id)
    await tracker.cycle()
    api.by_id(job.id).status, api.by_id(job.id).text = "completed", "all done"
    api.by_id(job.id).duration = 10
    clock.now += 1.5
    calls = len(api.calls)
    await tracker.quick_look()
    assert [name for name, _ in api.calls[calls:]] == ["list", "get"]
    loaded = of(events, TranscriptLoaded)[-1]
    assert loaded.transcript.id == job.id and str(loaded.transcript.status) == "completed"


async def test_no_quick_look_while_paused_or_short_of_budget():
    api_probe = FakeApi()
    job = next(j for j in api_probe.jobs if j.status == "processing")
    tracker, api, _events, clock, _asked = make_near_end({job.id: 10.0})
    clock.now = api.by_id(job.id).created.timestamp() + 2
    await tracker.cycle()
    tracker.paused = True
    calls = len(api.calls)
    await tracker.quick_look()
    assert len(api.calls) == calls


async def test_cycles_are_paced_start_to_start_so_a_slow_network_keeps_the_cadence():
    class SlowApi(FakeApi):
        async def list_transcripts(self, **kwargs):  # type: ignore[no-untyped-def]
            clock.now += 0.1  # 100 ms a request, on the tracker's clock
            return await super().list_transcripts(**kwargs)

        async def get_transcript(self, transcript_id, *, bulk=True):  # type: ignore[no-untyped-def]
            clock.now += 0.1
            return await super().get_transcript(transcript_id, bulk=bulk)

    api = SlowApi()
    clock = Clock()
    api.rate_limits = RateLimitState(clock=clock)
    budget = RequestBudget(api.rate_limits, clock=clock)
    page_times: list[float] = []

    def publish(event):  # type: ignore[no-untyped-def]
        if isinstance(event, PageLoaded):
            page_times.append(clock.now)

    class Paced(Tracker):
        async def _wait(self, seconds: float) -> None:
            clock.now += seconds  # waiting moves the fake clock, nothing else
            if len(page_times) >= 5:
                self.stop()

    tracker = Paced(api, budget, publish, poll_interval=3.0, clock=clock)
    await asyncio.wait_for(tracker.run(), 5)
    gaps = [b - a for a, b in itertools.pairwise(page_times)]
    # each cycle spends about 0.6 s on requests; the page still comes every 3 s
    assert len(gaps) >= 4 and all(gap == pytest.approx(3.0, abs=0.01) for gap in gaps), gaps


# ------------------------------------------------------------ the real capacity


def account(processing: int, throttled: int):  # type: ignore[no-untyped-def]
    from tests.fake_api import NOW, FakeJob, job_id

    jobs = [
        FakeJob(job_id(n + 1), "processing", NOW, f"https://a.example/{n}.mp3")
        for n in range(processing)
    ]
    jobs += [
        FakeJob(job_id(100 + n), "queued", NOW, f"https://a.example/q{n}.mp3", throttled=True)
        for n in range(throttled)
    ]
    return jobs


async def test_the_concurrency_limit_is_learnt_from_throttling_and_its_fall_is_said_once():
    from aai_tui.tracking.events import CapacityDropped

    tracker, api, events, _ = make(FakeApi(account(processing=5, throttled=3)))
    await tracker.cycle()
    await tracker.cycle()
    assert of(events, JobCounts)[-1].limit_seen is None  # two scans claim nothing yet
    await tracker.cycle()
    assert of(events, JobCounts)[-1].limit_seen == 5
    api.jobs[:] = account(processing=4, throttled=3)  # one slot between two jobs
    await tracker.cycle()
    assert of(events, JobCounts)[-1].limit_seen == 5  # a dip is not a smaller limit
    api.jobs[:] = account(processing=1, throttled=8)  # the balance ran out
    await tracker.cycle()
    assert of(events, CapacityDropped) == []  # one scan could be a dip
    await tracker.cycle()
    assert of(events, CapacityDropped) == [CapacityDropped(before=5, now=1)]
    assert of(events, JobCounts)[-1].limit_seen == 1
    await tracker.cycle()
    assert len(of(events, CapacityDropped)) == 1


async def test_without_throttling_no_limit_is_claimed():
    tracker, _api, events, _ = make(FakeApi(account(processing=3, throttled=0)))
    await tracker.cycle()
    assert of(events, JobCounts)[-1].limit_seen is None


async def test_jobs_throttled_far_longer_than_the_queue_explains_are_said_once():
    from aai_tui.tracking.events import ThrottledTooLong
    from tests.fake_api import NOW

    api = FakeApi(account(processing=5, throttled=4))
    clock = Clock()
    wall = [NOW.timestamp() + 120]  # the throttled jobs were created 2 minutes ago
    api.rate_limits = RateLimitState(clock=clock)
    events: list = []
    tracker = Tracker(
        api,
        RequestBudget(api.rate_limits, clock=clock),
        events.append,
        clock=clock,
        wall_clock=lambda: wall[0],
    )
    await tracker.cycle()
    assert of(events, ThrottledTooLong) == []  # 4 queued explain minutes of waiting
    wall[0] = NOW.timestamp() + 2 * 3600  # two hours on, nothing has moved
    clock.now += 7200
    await tracker.cycle()
    (said,) = of(events, ThrottledTooLong)
    assert said.waited == pytest.approx(7200, abs=5) and said.throttled == 4
    assert said.expected == pytest.approx(4 * 60)  # at least one job a minute
    clock.now += 60
    await tracker.cycle()
    assert len(of(events, ThrottledTooLong)) == 1  # not again within half an hour


async def test_several_statuses_are_asked_one_by_one_and_shown_as_one_page():
    tracker, api, events, _ = make()
    tracker.set_statuses(["queued", "error", "queued"])
    assert tracker.statuses == ("queued", "error")
    api.calls.clear()
    await tracker.cycle()
    asked = [arg[0] for name, arg in api.calls if name == "list"][:2]
    assert asked == ["queued", "error"]
    page = of(events, PageLoaded)[-1]
    assert page.statuses == ("queued", "error")
    shown = [item.status for item in page.page.transcripts]
    assert shown and set(shown) <= {"queued", "error"}
    wanted = [j.id for j in reversed(api.jobs) if j.status in ("queued", "error")][:25]
    assert [item.id for item in page.page.transcripts] == wanted


async def test_an_ended_jobs_duration_is_said_to_be_coming_until_it_is_read():
    """A few ended jobs are read a cycle: the rest say "coming", not "unknown"."""
    from aai_tui.tracking.events import PageLoaded, TranscriptLoaded

    tracker, api, events, clock = make()
    all_ended(api)
    await tracker.cycle()
    facts = of(events, PageLoaded)[0].facts
    read = {e.transcript.id for e in of(events, TranscriptLoaded)}
    assert read  # some were read in this cycle ...
    pending = {tid for tid, f in facts.items() if f.summary_pending}
    assert len(pending) == len(facts)  # ... and each was said to be coming
    for _ in range(12):
        clock.now += 3
        await tracker.cycle()
    last = of(events, PageLoaded)[-1].facts
    assert not any(f.summary_pending for f in last.values())
    durations = {job.id: job.duration for job in api.jobs}
    assert all(f.duration == durations[tid] for tid, f in last.items())


async def test_only_the_selected_job_is_read_with_its_words():
    """Rows need a duration, not thousands of word objects built and thrown away."""
    asked: list[tuple[str, bool]] = []

    class Recording(FakeApi):
        async def get_transcript(self, transcript_id, *, bulk=True):  # type: ignore[no-untyped-def]
            asked.append((transcript_id, bulk))
            return await super().get_transcript(transcript_id, bulk=bulk)

    api = Recording()
    all_ended(api)
    tracker, _api, _events, clock = make(api)
    selected = api.jobs[-1].id
    tracker.select(selected)
    for _ in range(3):
        await tracker.cycle()
        clock.now += 3
    assert (selected, True) in asked
    others = [bulk for tid, bulk in asked if tid != selected]
    assert others and not any(others)


async def test_a_selected_id_the_api_does_not_have_is_said_once_not_polled_forever():
    """An id from another endpoint's journal, or a deleted one: one notice, then quiet
    (a popup every 3 s was the answer before)."""
    tracker, api, events, clock = make()
    missing = "deadbeef-0000-4000-8000-000000000000"
    tracker.select(missing)
    for _ in range(5):
        await tracker.cycle()
        clock.now += 3
    assert len([e for e in of(events, RequestFailed) if missing in e.context]) == 1
    assert [arg for name, arg in api.calls if name == "get" and arg == missing] == [missing]


async def test_how_a_watched_job_ended_is_logged_once_with_its_error():
    """The event log keeps submissions and their outcomes: a job this app sent that
    completed, or failed with the API's error verbatim; once each."""
    import logging

    said: list[str] = []

    class Keep(logging.Handler):  # on the logger itself: another test may stop propagation
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    api = FakeApi(account(processing=2, throttled=0))
    tracker, api, _events, clock = make(api)
    first, second = (job.id for job in api.jobs)
    tracker._name_of = {first: "call-01.wav"}.get  # the dashboard's local names
    tracker.watch([first, second])
    await tracker.cycle()
    api.jobs[0].status = "completed"
    api.jobs[1].status, api.jobs[1].error = "error", "Server error, developers have been alerted."
    logger = logging.getLogger("aai_tui.tracking")
    handler, level = Keep(level=logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        for _ in range(3):
            clock.now += 5
            await tracker.cycle()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    ended = [line for line in said if line.startswith("job ")]
    assert ended.count(f"job {first} (call-01.wav) completed") == 1
    assert ended.count(f"job {second} failed: Server error, developers have been alerted.") == 1


def test_summaries_keep_no_text_and_only_the_newest_texts_are_kept():
    """An hour of --demo grew by every text it read (2,000 summaries of long calls):
    summaries now hold no text, and the texts kept for the pane are bounded."""
    from aai_tui.api.models import Transcript
    from aai_tui.tracking.tracker import MAX_CACHED_TEXTS

    tracker, _api, _events, _clock = make()
    long_text = "word " * 5000
    for n in range(MAX_CACHED_TEXTS + 150):
        data = {
            "id": f"t{n}",
            "status": "completed",
            "audio_url": "https://a/x.mp3",
            "text": long_text,
            "unredacted_text": long_text,
            "words": [{"text": "word", "start": 0, "end": 1, "confidence": 1.0}],
            "webhook_url": None,  # about half of a transcript's fields are null
        }
        tracker._keep(Transcript.from_json(data, bulk=False), keep=False)
    assert all(t.text is None and "unredacted_text" not in t.raw for t in tracker._full.values())
    assert all("webhook_url" not in t.raw for t in tracker._full.values())
    assert len(tracker._texts) == MAX_CACHED_TEXTS
    newest = tracker.select(f"t{MAX_CACHED_TEXTS + 149}")
    assert newest is not None and newest.text == long_text  # the pane draws it at once
    oldest = tracker.known("t0")
    assert oldest is not None and oldest.text is None  # read again when selected


async def test_rows_the_server_lost_are_logged_not_toasted_one_by_one():
    """After a simulator restart, four toasts stacked up, one per watched job the
    server no longer knew. Only the selected one is said; the rest go to the log."""
    from aai_tui.tracking.events import TranscriptMissing

    tracker, _api, events, clock = make(FakeApi(account(processing=1, throttled=0)))
    lost = [f"0badc0de-0000-4000-8000-00000000000{n}" for n in range(4)]
    tracker.watch(lost)
    tracker.select(lost[0])
    for _ in range(3):
        clock.now += 5
        await tracker.cycle()
    assert sorted(e.transcript_id for e in of(events, TranscriptMissing)) == sorted(lost)
    assert [e.context for e in of(events, RequestFailed)] == [f"transcript {lost[0]}"]


async def test_a_page_asked_for_while_paused_comes_with_its_durations():
    """Paused, a helper paged with ]: the new rows' Duration said "…" for as long as
    the pause lasted. The page asked for is read once, its ended rows' summaries too."""
    from aai_tui.tracking.events import TranscriptLoaded

    tracker, api, events, _ = make()
    all_ended(api)
    tracker.set_paused(True)
    await tracker.cycle(manual=True)
    page = of(events, PageLoaded)[-1]
    read = {e.transcript.id for e in of(events, TranscriptLoaded)}
    assert read == {item.id for item in page.page.transcripts}
    assert not tracker._to_hydrate
    api.calls.clear()
    await tracker.cycle()  # paused, not asked: nothing at all
    assert api.calls == []


async def test_a_job_sent_between_the_queued_and_throttled_lists_is_not_counted_twice():
    """A helper's header read 62 throttled beside 61 queued: the throttled list is asked
    after the queued one, and a job sent in between was on the second alone."""
    from tests.fake_api import FakeJob, job_id

    class Racing(FakeApi):
        async def list_transcripts(self, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs.get("throttled_only") and not any(j.id == job_id(999) for j in self.jobs):
                newest = self.jobs[-1]
                self.jobs.append(
                    FakeJob(
                        id=job_id(999),
                        status="queued",
                        created=newest.created,
                        audio_url="https://files.example.com/late.mp3",
                        throttled=True,
                    )
                )
            return await super().list_transcripts(**kwargs)

    tracker, _api, events, _ = make(Racing())
    await tracker.cycle()
    counts = of(events, JobCounts)[-1]
    assert counts.throttled <= counts.queued
    assert job_id(999) not in counts.throttled_ids
