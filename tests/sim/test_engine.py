"""The job lifecycle on the server's clock: FIFO, concurrency, throttling."""

from __future__ import annotations

import pytest

from aai_tui.api import error_messages as messages
from aai_tui.media import AudioInfo
from aai_tui.sim.clock import ManualClock
from aai_tui.sim.engine import QUEUE_LATENCY, Engine

MODELS = ["universal-3-pro"]


def audio(seconds: float) -> AudioInfo:
    return AudioInfo("audio/mpeg", "MPEG", seconds)


def submit(engine: Engine, seconds: float = 100.0, **params):
    job, _ = engine.submit(
        {"audio_url": "https://x/a.mp3", "speech_models": MODELS, **params}, audio=audio(seconds)
    )
    return job


def test_a_job_goes_queued_processing_completed():
    clock = ManualClock()
    engine = Engine(clock=clock)
    job = submit(engine, 100.0)
    assert engine.get(job.id).status == "queued"
    clock.advance(QUEUE_LATENCY)
    assert engine.get(job.id).status == "processing"
    clock.advance(14.0)  # under 15% of 100 s
    assert engine.get(job.id).status == "processing"
    clock.advance(17.0)  # past 30% of 100 s
    assert engine.get(job.id).status == "completed"
    took = job.finished_at - job.started_at
    assert 15.0 <= took <= 30.0


def test_speed_divides_processing_time():
    clock = ManualClock()
    engine = Engine(clock=clock, speed=10)
    job = submit(engine, 100.0)
    clock.advance(QUEUE_LATENCY / 10 + 3.01)
    assert engine.get(job.id).status == "completed"
    assert 1.5 <= job.finished_at - job.started_at <= 3.0


def test_concurrency_limit_throttles_the_rest_first_in_first_out():
    clock = ManualClock()
    engine = Engine(clock=clock, concurrency=2)
    jobs = [submit(engine, 100.0) for _ in range(5)]
    clock.advance(QUEUE_LATENCY)
    statuses = [engine.get(j.id).status for j in jobs]
    assert statuses == ["processing", "processing", "queued", "queued", "queued"]
    assert [engine.throttled(j) for j in jobs[2:]] == [True, True, True]
    assert engine.transcript_json(jobs[3])["throttled"] is True
    # The first to finish frees a slot for the first in line, not a later one.
    first_finish, second_finish = sorted(engine._finish_time(j) for j in jobs[:2])
    clock.set(first_finish + (second_finish - first_finish) / 2)
    assert engine.get(jobs[2].id).status == "processing"
    assert engine.get(jobs[3].id).status == "queued"
    clock.advance(1000)
    assert all(engine.get(j.id).status == "completed" for j in jobs)
    starts = [j.started_at for j in jobs]
    assert starts == sorted(starts)


def test_an_idle_account_does_not_throttle():
    clock = ManualClock()
    engine = Engine(clock=clock, concurrency=5)
    job = submit(engine)
    assert engine.throttled(job) is False


def test_other_hosts_fail_as_download_errors_without_fetching():
    engine = Engine(clock=ManualClock())
    job, needs_fetch = engine.submit(
        {"audio_url": "https://example.com/a.mp3", "speech_models": MODELS}
    )
    assert needs_fetch is False
    assert job.failure == messages.download_error("https://example.com/a.mp3")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/a.wav", "http://localhost/a.wav", "http://[::1]:8/a.wav"]
)
def test_loopback_urls_are_fetched(url):
    engine = Engine(clock=ManualClock())
    _, needs_fetch = engine.submit({"audio_url": url, "speech_models": MODELS})
    assert needs_fetch is True


def test_a_failing_job_ends_in_error_with_its_message():
    clock = ManualClock()
    engine = Engine(clock=clock)
    job, _ = engine.submit({"audio_url": "ftp://x/a.mp3", "speech_models": MODELS})
    clock.advance(60)
    data = engine.transcript_json(engine.get(job.id))
    assert data["status"] == "error"
    assert data["error"] == messages.download_error("ftp://x/a.mp3")


def test_language_detection_on_silence_fails():
    clock = ManualClock()
    engine = Engine(clock=clock)
    job, _ = engine.submit(
        {"audio_url": "https://x", "speech_models": MODELS, "language_detection": True},
        audio=AudioInfo("audio/x-wav", "WAVE", 5.0, silent=True),
    )
    clock.advance(60)
    assert engine.transcript_json(job)["error"] == messages.NO_SPOKEN_AUDIO


def test_language_confidence_below_threshold_fails():
    clock = ManualClock()
    engine = Engine(clock=clock)
    job = submit(engine, 10.0, language_detection=True, language_confidence_threshold=0.999)
    clock.advance(60)
    error = engine.transcript_json(job)["error"]
    assert error.startswith("detected language 'en', confidence 0.")
    assert error.endswith("is below the requested confidence threshold value of '0.999'")


def test_terminal_events_are_reported_once():
    clock = ManualClock()
    engine = Engine(clock=clock)
    job = submit(engine, 10.0, webhook_url="http://127.0.0.1:1/hook")
    clock.advance(60)
    events = engine.tick()
    assert [(e.transcript_id, e.status) for e in events] == [(job.id, "completed")]
    assert engine.tick() == []


def test_listing_pages_newest_first_with_both_cursors():
    clock = ManualClock()
    engine = Engine(clock=clock)
    jobs = []
    for _ in range(7):
        jobs.append(submit(engine))
        clock.advance(1)
    page, older, newer = engine.list_jobs(limit=3)
    assert [j.id for j in page] == [j.id for j in reversed(jobs[-3:])]
    assert (older, newer) == (True, False)
    page2, older2, newer2 = engine.list_jobs(limit=3, before_id=page[-1].id)
    assert [j.id for j in page2] == [j.id for j in reversed(jobs[1:4])]
    assert (older2, newer2) == (True, True)
    back, _, _ = engine.list_jobs(limit=3, after_id=page2[0].id)
    assert [j.id for j in back] == [j.id for j in page]


def test_ten_thousand_jobs_process_at_once_and_end_in_order():
    """The schedule is a heap: 10,000 processing jobs start and end (O(P log P))."""
    from aai_tui.media import AudioInfo
    from aai_tui.sim.clock import ManualClock
    from aai_tui.sim.engine import Engine

    clock = ManualClock()
    engine = Engine(clock=clock, concurrency=10_000)
    for i in range(10_000):
        engine.submit(
            {"audio_url": f"https://x.example/{i}.mp3"},
            audio=AudioInfo("audio/mpeg", "MPEG", 60.0 + i % 600),
        )
    clock.advance(5)
    engine.tick()
    assert engine.counts()["processing"] == 10_000
    clock.advance(100_000)
    ended = engine.tick()
    assert len(ended) == 10_000 and engine.counts()["completed"] == 10_000
    finished = [engine.get(e.transcript_id).finished_at for e in ended]
    assert finished == sorted(finished)


def test_the_demo_account_keeps_a_bounded_number_of_arrivals():
    """An all-day --demo must not grow: arrivals past KEPT_ARRIVALS that ended are
    forgotten, the seeded history stays."""
    from aai_tui.sim.clock import ManualClock
    from aai_tui.sim.demo import KEPT_ARRIVALS, seed_demo_account
    from aai_tui.sim.engine import Engine

    clock = ManualClock()
    engine = Engine(clock=clock, speed=8, concurrency=5)
    arrivals = seed_demo_account(engine, seed=1)
    seeded = len(list(engine.jobs()))
    for _ in range(KEPT_ARRIVALS * 3):
        clock.advance(600)  # long enough for every job to end
        arrivals(engine)
    total = len(list(engine.jobs()))
    assert arrivals.count > KEPT_ARRIVALS * 2
    assert total <= seeded + KEPT_ARRIVALS + 1
    assert len(engine.known_media) <= seeded + KEPT_ARRIVALS + 20


def test_the_demo_library_answers_a_resubmission_as_the_api_would():
    """Each documented failure in the demo, sent again as it was, fails the same way
    unless resubmitting can help; the language the detector was unsure of transcribes
    once the threshold is lowered (or the language named), as the catalog advises."""
    from aai_tui.sim.demo import documented_failures, seed_demo_account

    clock = ManualClock()
    engine = Engine(clock=clock, speed=50, concurrency=50)
    seed_demo_account(engine, seed=3, live_jobs=0)
    original = {j.audio_url: j for j in engine.jobs() if j.failure}

    def again(url: str, **change: object) -> dict:
        params = {k: v for k, v in original[url].params.items() if v is not None}
        job, _ = engine.submit({**params, **change})
        clock.advance(3600)
        return engine.transcript_json(engine.get(job.id))

    for url, message in documented_failures():
        if message == messages.SERVER_ERROR_ALERTED:
            assert again(url)["status"] == "completed"  # the documented "resubmit" case
        elif url in engine.known_media:
            assert again(url)["error"] == message
    paris = "https://media.example.com/interviews/paris-street.mp3"
    assert again(paris)["error"] == messages.low_language_confidence("fr", 0.42, 0.7)
    lowered = again(paris, language_confidence_threshold=0.4)
    assert lowered["status"] == "completed" and lowered["language_code"] == "fr"
    named = again(
        paris, language_detection=None, language_confidence_threshold=None, language_code="fr"
    )
    assert named["status"] == "completed"
