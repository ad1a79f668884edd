"""A realistic account for ``--demo`` and ``aai-tui sim --demo-data``.

History: several pages of completed jobs and one failed job for each documented
processing error. Live: jobs already queued and processing (more than the
concurrency limit, so some are throttled) and new jobs arriving every few seconds.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from aai_tui.api import error_messages as messages
from aai_tui.media import AudioInfo, ProbeProblem
from aai_tui.sim.engine import MAX_CONTENT_LENGTH, Engine
from aai_tui.sim.validation import TODAYS_MODELS

DEMO_SPEED = 8.0
HISTORY_COMPLETED = 72
ARRIVAL_SECONDS = 4.0
MAX_ARRIVALS = 2000
#: Arrived jobs the demo account keeps; older ones that ended are forgotten, so an
#: all-day demo does not grow (the seeded history stays).
KEPT_ARRIVALS = 300
SPEECH_MODELS = list(TODAYS_MODELS)
#: What jobs pinned before universal-3-pro was retired (2026-09-02) carry: resubmitting
#: one shows the retired-model fix.
FORMER_MODELS = ["universal-3-pro", "universal-2"]
#: Share of history jobs pinned to the former lineup.
FORMER_SHARE = 0.2

_FOLDERS = ("calls/support", "calls/sales", "meetings/weekly", "podcasts/ep", "interviews")
_EXTENSIONS = ("mp3", "wav", "m4a", "flac", "mp4", "webm")


def _mp3(duration: float) -> AudioInfo:
    return AudioInfo("audio/mpeg", "MPEG ADTS, layer III", duration)


def _url(rng: random.Random, index: int) -> str:
    folder = rng.choice(_FOLDERS)
    return f"https://media.example.com/{folder}-{index:04d}.{rng.choice(_EXTENSIONS)}"


def _params(url: str, rng: random.Random, models: list[str] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"audio_url": url, "speech_models": models or SPEECH_MODELS}
    if rng.random() < 0.5:
        params["speaker_labels"] = True
    if rng.random() < 0.3:
        params["language_detection"] = True
    return params


#: (audio_url, error message) for each documented processing error and its variants.
def documented_failures() -> list[tuple[str, str]]:
    big = "https://media.example.com/archive/all-hands-4k.mov"
    gone = "https://cdn.assemblyai.com/upload/0c4f1b8e-7d7e-4b8a-9a39-5f6e2a1d9c10"
    return [
        (
            "https://www.youtube.com/watch?v=r8KTOBOMm0A",
            messages.transcoding_failed("text/html", "HTML document, ASCII text"),
        ),
        (
            "https://media.example.com/slides/q3-review.png",
            messages.no_audio_stream("image/png", "PNG image data, 1920 x 1080"),
        ),
        (big, messages.too_large(big, 6_120_448_000, MAX_CONTENT_LENGTH)),
        (
            "https://media.example.com/calls/empty.mp3",
            messages.no_content("https://media.example.com/calls/empty.mp3"),
        ),
        (gone, messages.upload_not_found(gone)),
        ("https://foo.bar", messages.download_error("https://foo.bar")),
        (
            "https://foo.bar/private.mp3",
            "Download error to https://foo.bar/private.mp3, 403 Client Error: Forbidden for url: "
            "https://foo.bar/private.mp3",
        ),
        ("https://media.example.com/clips/beep.wav", messages.AUDIO_TOO_SHORT),
        ("https://media.example.com/music/intro-loop.mp3", messages.NO_SPOKEN_AUDIO),
        (
            "https://media.example.com/interviews/paris-street.mp3",
            messages.low_language_confidence("fr", 0.42, 0.7),
        ),
        ("https://media.example.com/calls/support-0999.mp3", messages.SERVER_ERROR_ALERTED),
    ]


def _library_copy(message: str) -> AudioInfo | None:
    """What the demo's media library holds at a failed job's URL: the same problem again
    where resubmitting cannot help, a good file where it can (a server error)."""
    if message == messages.SERVER_ERROR_ALERTED:
        return _mp3(240.0)
    if message == messages.AUDIO_TOO_SHORT:
        return AudioInfo(
            "audio/x-wav",
            "RIFF (little-endian) data, WAVE audio",
            0.1,
            problem=ProbeProblem.TOO_SHORT,
        )
    if message.startswith("No audio stream"):
        return AudioInfo("image/png", "PNG image data, 1920 x 1080", problem=ProbeProblem.NO_AUDIO)
    if message == messages.NO_SPOKEN_AUDIO:
        return AudioInfo("audio/mpeg", "MPEG ADTS, layer III", 95.0, silent=True)
    if message.startswith("No content"):
        return AudioInfo("audio/mpeg", "empty", problem=ProbeProblem.EMPTY)
    if message.startswith("detected language"):
        # French that detection is unsure of: a lower threshold, or language_code fr,
        # transcribes it.
        return replace(_mp3(412.0), spoken=("fr", 0.42))
    if message.startswith("Transcoding failed"):
        return AudioInfo("text/html", "HTML document, ASCII text", problem=ProbeProblem.NOT_MEDIA)
    return None  # unreachable hosts and the like fail the same way on their own


def seed_history(engine: Engine, rng: random.Random) -> None:
    now = engine.clock()
    failures = documented_failures()
    total = HISTORY_COMPLETED + len(failures)
    failure_slots = set(rng.sample(range(total), len(failures)))
    failure_iter = iter(failures)
    for index in range(total):
        submitted = now - 10 * 86400 * (total - index) / total - rng.uniform(60, 600)
        if index in failure_slots:
            url, message = next(failure_iter)
            copy = _library_copy(message)
            if copy is not None:
                engine.known_media[url] = copy
            # The options that failed as they did: a threshold missed needs the
            # threshold set, or its own options could not show (or fix) the cause.
            low_confidence = message.startswith("detected language")
            engine.seed_finished(
                {
                    "audio_url": url,
                    "speech_models": SPEECH_MODELS,
                    "language_detection": message == messages.NO_SPOKEN_AUDIO
                    or low_confidence
                    or None,
                    "language_confidence_threshold": 0.7 if low_confidence else None,
                },
                info=None,
                submitted_at=submitted,
                processing_seconds=rng.uniform(2, 20),
                failure=message,
            )
            continue
        duration = rng.uniform(45, 3600)
        url = _url(rng, index)
        engine.known_media[url] = _mp3(duration)
        models = FORMER_MODELS if rng.random() < FORMER_SHARE else SPEECH_MODELS
        engine.seed_finished(
            _params(url, rng, models),
            info=_mp3(duration),
            submitted_at=submitted,
            processing_seconds=duration * rng.uniform(0.15, 0.30),
        )


@dataclass
class DemoArrivals:
    """Called on every simulator tick: submits a new job every few seconds."""

    rng: random.Random
    every: float = ARRIVAL_SECONDS
    failure_share: float = 0.08
    next_at: float | None = None
    count: int = 0
    arrived: deque[tuple[str, str]] = field(default_factory=deque)  # (job id, URL)
    _problems: tuple[ProbeProblem, ...] = field(
        default=(ProbeProblem.NOT_MEDIA, ProbeProblem.NO_AUDIO, ProbeProblem.TOO_SHORT)
    )

    def submit_one(self, engine: Engine) -> None:
        self.count += 1
        url = _url(self.rng, 5000 + self.count)
        if self.rng.random() < self.failure_share:
            problem = self.rng.choice(self._problems)
            info = AudioInfo("text/html", "HTML document, ASCII text", 0.1, problem=problem)
            if problem is ProbeProblem.NO_AUDIO:
                info = AudioInfo("video/mp4", "ISO Media", 0.0, problem=problem)
        else:
            info = _mp3(self.rng.uniform(60, 900))
        engine.known_media[url] = info
        job, _ = engine.submit(_params(url, self.rng), audio=info)
        self.arrived.append((job.id, url))
        self._forget_old(engine)

    def _forget_old(self, engine: Engine) -> None:
        while len(self.arrived) > KEPT_ARRIVALS:
            job_id, url = self.arrived[0]
            if not engine.forget(job_id):
                return  # the oldest is still running: try again on the next arrival
            self.arrived.popleft()
            engine.known_media.pop(url, None)

    def __call__(self, engine: Engine) -> None:
        now = engine.clock()
        if self.next_at is None:
            self.next_at = now + self.every
        while now >= self.next_at and self.count < MAX_ARRIVALS:
            self.submit_one(engine)
            self.next_at += self.every * self.rng.uniform(0.5, 1.5)


def seed_demo_account(engine: Engine, seed: int | None = None, live_jobs: int = 9) -> DemoArrivals:
    """Fill ``engine`` with history and live work; returns the tick callback for arrivals."""
    rng = random.Random(seed if seed is not None else 2026)
    seed_history(engine, rng)
    arrivals = DemoArrivals(random.Random(rng.random()))
    for _ in range(live_jobs):
        arrivals.count += 1
        url = _url(rng, 4000 + arrivals.count)
        info = _mp3(rng.uniform(300, 1800))
        engine.known_media[url] = info
        engine.submit(_params(url, rng), audio=info)
    return arrivals
