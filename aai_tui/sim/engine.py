"""The simulated account: jobs, their lifecycle on the server's clock, and listings.

No HTTP here. Time only moves through the injected clock: every public call first
plays the schedule forward to "now", so a test that moves a manual clock sees jobs
start, finish and leave the queue exactly as a real account would, FIFO, at most
``concurrency`` at once.
"""

from __future__ import annotations

import hashlib
import heapq
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from aai_tui.api import error_messages as messages
from aai_tui.api.models import DELETED_AUDIO_URL
from aai_tui.media import AudioInfo, ProbeProblem
from aai_tui.sim import content
from aai_tui.sim.clock import Clock, SystemClock

MAX_CONTENT_LENGTH = 5_500_000_000
LIST_RETENTION_SECONDS = 90 * 24 * 3600
#: How long a fresh job waits as ``queued`` before it may start, at speed 1.
QUEUE_LATENCY = 1.0
#: How long a job that is bound to fail keeps processing first, at speed 1.
FAILURE_LATENCY = 2.0
DELETED_URL = DELETED_AUDIO_URL
_NEVER_NULL = ("speech_model_used", "language_code", "redact_pii_sub", "keyterms_prompt")
#: Options the 2026-08 transcript echoes as they were sent (with ``speaker_options``,
#: which the live API echoes though the spec does not list it).
ECHOED_2026 = (
    "domain",
    "prompt",
    "temperature",
    "speaker_options",
    "language_detection_options",
    "language_codes",
    "remove_audio_tags",
    "redact_pii_return_unredacted",
    "redact_pii_audio_options",
)
#: Languages the Universal-3 models (Pro, 3.5 Pro) transcribe; others fall back to the
#: next model of the lineup, with a warning in ``metadata.warnings``.
U3_PRO_LANGUAGES = frozenset({"en", "en_us", "en_uk", "en_au", "es", "fr", "de", "it", "pt"})
UNIVERSAL_3_MODELS = frozenset({"universal-3-pro", "universal-3-5-pro"})


@dataclass
class Job:
    id: str
    seq: int
    params: dict[str, Any]
    submitted_at: float
    eligible_at: float
    started_at: float | None = None
    finished_at: float | None = None
    info: AudioInfo | None = None
    failure: str | None = None
    probe_ready_at: float | None = None
    upload_token: str | None = None
    deleted: bool = False
    webhook_status_code: int | None = None
    words: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def audio_url(self) -> str:
        return str(self.params["audio_url"])

    @property
    def status(self) -> str:
        if self.finished_at is not None:
            return "error" if self.failure else "completed"
        return "processing" if self.started_at is not None else "queued"


@dataclass(frozen=True, slots=True)
class TerminalEvent:
    """A job that reached completed or error: what a webhook reports."""

    transcript_id: str
    status: str
    webhook_url: str | None
    auth_header_name: str | None = None
    auth_header_value: str | None = None


def is_loopback_host(host: str | None) -> bool:
    import ipaddress

    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _fraction(seed: str, low: float, high: float) -> float:
    digest = hashlib.sha256(seed.encode()).digest()
    return low + (high - low) * int.from_bytes(digest[:4], "big") / 0xFFFFFFFF


def iso(ts: float) -> str:
    """The list endpoint's timestamp form: UTC, no zone, microseconds."""
    return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


#: Word lists kept made (the transcripts being read now); the rest are made again.
WORDS_KEPT = 32


class Engine:
    """All jobs of one simulated account. Thread-safe: the HTTP server and tests share it."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        concurrency: int = 5,
        speed: float = 1.0,
        job_fails: Callable[[], bool] = lambda: False,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.clock = clock or SystemClock()
        self.concurrency = concurrency
        self.speed = speed
        self.upload_prefix = "http://127.0.0.1/v2/uploads/"
        self._job_fails = job_fails
        self._lock = threading.RLock()
        self._jobs: dict[str, Job] = {}
        self._order: list[Job] = []  # by submission, oldest first
        self._queue: deque[Job] = deque()
        #: Jobs processing, by id; those whose end is known are also on the heap.
        self._processing: dict[str, Job] = {}
        self._finishing: list[tuple[float, int, Job]] = []
        self._words: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._cursor = self.clock()
        self._events: list[TerminalEvent] = []
        self._seq = 0
        #: Audio URLs this account can fetch without a request (the demo's media library).
        self.known_media: dict[str, AudioInfo] = {}
        #: Seconds of audio the account can pay for; None is no limit.
        self.balance_seconds: float | None = None
        self._billed_seconds = 0.0

    # ----------------------------------------------------------- submission

    def submit(
        self,
        params: dict[str, Any],
        *,
        audio: AudioInfo | None = None,
        resolve_upload: Callable[[str], AudioInfo | None] | None = None,
        job_id: str | None = None,
    ) -> tuple[Job, bool]:
        """Queue a validated job. Returns it and whether its audio must still be fetched.

        ``audio`` is the probe of a file already at hand; ``resolve_upload`` probes
        a token of this server's upload store.
        """
        with self._lock:
            now = self.clock()
            self._advance(now)
            self._seq += 1
            job = Job(
                id=job_id or str(uuid.uuid4()),
                seq=self._seq,
                params=params,
                submitted_at=now,
                eligible_at=now + QUEUE_LATENCY / self.speed,
            )
            needs_fetch = False
            if audio is not None:
                self._set_probe(job, audio, now)
            else:
                needs_fetch = self._classify_url(job, now, resolve_upload)
            if self._job_fails():
                job.failure = messages.SERVER_ERROR_ALERTED
                job.probe_ready_at = job.probe_ready_at or now
            self._jobs[job.id] = job
            self._order.append(job)
            self._queue.append(job)
            self._advance(now)
            return job, needs_fetch

    def _classify_url(
        self, job: Job, now: float, resolve_upload: Callable[[str], AudioInfo | None] | None
    ) -> bool:
        url = job.audio_url
        parts = urlsplit(url)
        known = self.known_media.get(url)
        if known is not None:
            self._set_probe(job, known, now)
            return False
        if url.startswith(self.upload_prefix):
            token = url[len(self.upload_prefix) :]
            job.upload_token = token
            info = resolve_upload(token) if resolve_upload else None
            if info is None:
                self._fail(job, messages.upload_not_found(url), now)
            else:
                self._set_probe(job, info, now)
            return False
        if parts.scheme not in ("http", "https") or not is_loopback_host(parts.hostname):
            # Only loopback is ever fetched: any other host fails without a request.
            self._fail(job, messages.download_error(url), now)
            return False
        if "/v2/uploads/" in parts.path:
            # An upload URL of another server (another region): not ours to read.
            self._fail(job, messages.upload_not_found(url), now)
            return False
        return True

    def _fail(self, job: Job, message: str, now: float) -> None:
        job.failure = message
        job.probe_ready_at = now

    def _set_probe(self, job: Job, info: AudioInfo, now: float) -> None:
        job.info = info
        job.probe_ready_at = now
        url = job.audio_url
        failure = (
            {
                ProbeProblem.EMPTY: lambda: messages.no_content(url),
                ProbeProblem.NOT_MEDIA: lambda: messages.transcoding_failed(info.mime, info.detail),
                ProbeProblem.NO_AUDIO: lambda: messages.no_audio_stream(info.mime, info.detail),
                ProbeProblem.TOO_SHORT: lambda: messages.AUDIO_TOO_SHORT,
            }.get(info.problem)
            if info.problem
            else None
        )
        if failure:
            job.failure = failure()
            return
        if job.params.get("language_detection") is True:
            if info.silent:
                job.failure = messages.NO_SPOKEN_AUDIO
                return
            threshold = job.params.get("language_confidence_threshold")
            confidence = self._language_confidence(job)
            if isinstance(threshold, int | float) and confidence < threshold:
                job.failure = messages.low_language_confidence(
                    self._detected_language(job), confidence, threshold
                )

    def resolve_fetch(
        self, job_id: str, *, info: AudioInfo | None = None, failure: str | None = None
    ) -> None:
        """Record the outcome of fetching a loopback audio_url."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.probe_ready_at is not None:
                return
            now = self.clock()
            self._advance(now)
            if failure is not None:
                self._fail(job, failure, now)
            elif info is not None:
                self._set_probe(job, info, now)
            if job.id in self._processing:
                self._schedule_end(job)  # its end is known now that its audio is
            self._advance(now)

    # ------------------------------------------------------------ schedule

    def _processing_seconds(self, job: Job) -> float:
        if job.failure:
            return FAILURE_LATENCY / self.speed
        duration = job.info.duration if job.info else 0.0
        return max(0.2, duration * _fraction(job.id, 0.15, 0.30)) / self.speed

    def _finish_time(self, job: Job) -> float | None:
        if job.probe_ready_at is None or job.started_at is None:
            return None
        return max(job.started_at, job.probe_ready_at) + self._processing_seconds(job)

    def _schedule_end(self, job: Job) -> None:
        at = self._finish_time(job)
        if at is not None:
            heapq.heappush(self._finishing, (at, job.seq, job))

    def _advance(self, now: float) -> None:
        """Play the schedule forward to ``now``, one event at a time, in time order.

        Ends come off a heap, so starting or ending P jobs costs O(P log P), and the
        simulator serves 10,000 processing jobs."""
        while True:
            while self._finishing and self._finishing[0][2].id not in self._processing:
                heapq.heappop(self._finishing)  # deleted since it was scheduled
            next_finish = self._finishing[0] if self._finishing else None
            next_start = None
            if self._queue and len(self._processing) < self.concurrency:
                next_start = max(self._queue[0].eligible_at, self._cursor)
            if (
                next_finish
                and next_finish[0] <= now
                and (next_start is None or next_finish[0] <= next_start)
            ):
                at, _, job = heapq.heappop(self._finishing)
                self._cursor = max(self._cursor, at)
                job.finished_at = at
                del self._processing[job.id]
                self._bill(job)
                self._events.append(
                    TerminalEvent(
                        job.id,
                        job.status,
                        job.params.get("webhook_url"),
                        job.params.get("webhook_auth_header_name"),
                        job.params.get("webhook_auth_header_value"),
                    )
                )
            elif next_start is not None and next_start <= now:
                self._cursor = max(self._cursor, next_start)
                job = self._queue.popleft()
                job.started_at = next_start
                self._processing[job.id] = job
                self._schedule_end(job)
            else:
                break
        self._cursor = max(self._cursor, now)

    def tick(self) -> list[TerminalEvent]:
        """Advance to now and hand over the jobs that ended since the last tick."""
        with self._lock:
            self._advance(self.clock())
            events, self._events = self._events, []
            return events

    # ------------------------------------------------------------- queries

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            self._advance(self.clock())
            return self._jobs.get(job_id)

    def throttled(self, job: Job) -> bool:
        """Queued because the account is at its concurrency limit."""
        with self._lock:
            return job.status == "queued" and len(self._processing) >= self.concurrency

    def counts(self) -> dict[str, int]:
        with self._lock:
            self._advance(self.clock())
            totals = {"queued": 0, "processing": 0, "completed": 0, "error": 0}
            for job in self._order:
                totals[job.status] += 1
            return totals

    def list_jobs(
        self,
        *,
        limit: int,
        status: str | None = None,
        created_on: str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool = False,
    ) -> tuple[list[Job], bool, bool]:
        """A page, newest first, and whether older and newer transcripts exist beyond it."""
        with self._lock:
            now = self.clock()
            self._advance(now)
            visible = [j for j in self._order if now - j.submitted_at <= LIST_RETENTION_SECONDS]
            if throttled_only:
                throttled = len(self._processing) >= self.concurrency
                visible = [j for j in visible if j.status == "queued" and throttled]
            elif status:
                visible = [j for j in visible if j.status == status]
            if created_on:
                visible = [j for j in visible if iso(j.submitted_at).startswith(created_on)]
            # visible is oldest first
            if before_id:
                cursor = self._jobs.get(before_id)
                older = [j for j in visible if cursor and j.seq < cursor.seq]
                page = older[-limit:]
            elif after_id:
                cursor = self._jobs.get(after_id)
                newer = [j for j in visible if cursor and j.seq > cursor.seq]
                page = newer[:limit]
            else:
                page = visible[-limit:]
            if not page:
                return [], False, False
            has_older = any(j.seq < page[0].seq for j in visible)
            has_newer = any(j.seq > page[-1].seq for j in visible)
            return list(reversed(page)), has_older, has_newer

    # --------------------------------------------------------------- delete

    def delete(self, job_id: str) -> tuple[Job, str | None]:
        """Mark a job deleted; returns it and the upload token whose file must go."""
        with self._lock:
            self._advance(self.clock())
            job = self._jobs[job_id]
            if job in self._queue:
                self._queue.remove(job)
            self._processing.pop(job.id, None)
            if job.finished_at is None:
                job.started_at = job.started_at or self.clock()
                job.finished_at = self.clock()
                job.failure = None
            job.deleted = True
            job.words = None
            self._words.pop(job.id, None)
            return job, job.upload_token

    def forget(self, job_id: str) -> bool:
        """Drop a finished job entirely (the demo account keeps a bounded history, as the
        real API stops listing old jobs); whether it was dropped."""
        with self._lock:
            self._advance(self.clock())
            job = self._jobs.get(job_id)
            if job is None or job.finished_at is None:
                return False
            del self._jobs[job_id]
            self._order.remove(job)
            self._words.pop(job_id, None)
            return True

    # ------------------------------------------------------------- content

    def words_of(self, job: Job) -> list[dict[str, Any]]:
        """A job's words, made again from its id when needed (they are deterministic):
        only the last few are kept, so a day of demo jobs does not keep every word."""
        with self._lock:
            words = self._words.get(job.id)
            if words is None:
                duration = job.info.duration if job.info else 0.0
                words = content.generate_words(job.id, duration, content_options(job.params))
                self._words[job.id] = words
                while len(self._words) > WORDS_KEPT:
                    self._words.popitem(last=False)
            else:
                self._words.move_to_end(job.id)
            return words

    def _language_confidence(self, job: Job) -> float:
        if job.info is not None and job.info.spoken is not None:
            return job.info.spoken[1]
        return round(_fraction(job.id + ":lang", 0.86, 0.99), 4)

    def _detected_language(self, job: Job) -> str:
        if job.info is not None and job.info.spoken is not None:
            return job.info.spoken[0]
        return "en"

    def transcript_json(self, job: Job) -> dict[str, Any]:
        """The full Transcript object of the spec for this job."""
        with self._lock:
            self._advance(self.clock())
            return self._transcript_json(job)

    def _transcript_json(self, job: Job) -> dict[str, Any]:
        p = job.params
        status = job.status
        completed = status == "completed" and not job.deleted
        detection = p.get("language_detection") is True
        models = p.get("speech_models") or ["universal-2"]
        language = self._detected_language(job) if detection else p.get("language_code") or "en_us"
        model_used, warnings = _model_for(models, language)
        words = self.words_of(job) if completed else None
        data: dict[str, Any] = {
            "id": job.id,
            "status": status,
            "audio_url": DELETED_URL if job.deleted else job.audio_url,
            "language_model": "assemblyai_default",
            "acoustic_model": "assemblyai_default",
            "speech_model": None,
            "speech_models": models,
            "speech_model_used": model_used if status != "queued" else None,
            "language_code": language if (completed or not detection) else None,
            "language_detection": detection,
            "language_confidence_threshold": p.get("language_confidence_threshold"),
            "language_confidence": self._language_confidence(job)
            if (detection and completed)
            else None,
            "text": None,
            "words": None,
            "utterances": None,
            "confidence": None,
            "audio_duration": None,
            "punctuate": p.get("punctuate", True),
            "format_text": p.get("format_text", True),
            "disfluencies": p.get("disfluencies", False),
            "multichannel": p.get("multichannel"),
            "webhook_url": DELETED_URL
            if (job.deleted and p.get("webhook_url"))
            else p.get("webhook_url"),
            "webhook_status_code": job.webhook_status_code,
            "webhook_auth": bool(p.get("webhook_auth_header_name")),
            "webhook_auth_header_name": p.get("webhook_auth_header_name"),
            "auto_highlights": p.get("auto_highlights", False),
            "auto_highlights_result": None,
            "audio_start_from": p.get("audio_start_from"),
            "audio_end_at": p.get("audio_end_at"),
            "filter_profanity": p.get("filter_profanity", False),
            "redact_pii": p.get("redact_pii", False),
            "redact_pii_audio": p.get("redact_pii_audio", False),
            "redact_pii_audio_quality": p.get("redact_pii_audio_quality"),
            "redact_pii_policies": p.get("redact_pii_policies"),
            "speaker_labels": p.get("speaker_labels", False),
            "speakers_expected": p.get("speakers_expected"),
            "content_safety": p.get("content_safety", False),
            "content_safety_labels": None,
            "iab_categories": p.get("iab_categories", False),
            "iab_categories_result": None,
            "custom_spelling": p.get("custom_spelling"),
            "keyterms_prompt": p.get("keyterms_prompt") or [],
            "auto_chapters": p.get("auto_chapters", False),
            "chapters": None,
            "summarization": p.get("summarization", False),
            "summary_type": None,
            "summary_model": None,
            "summary": None,
            "sentiment_analysis": p.get("sentiment_analysis", False),
            "sentiment_analysis_results": None,
            "entity_detection": p.get("entity_detection", False),
            "entities": None,
            "speech_threshold": p.get("speech_threshold"),
            "throttled": self.throttled(job) if status == "queued" else None,
            "custom_topics": None,
            "topics": [],
            "speed_boost": None,
            "remove_audio_tags": None,
        }
        if p.get("redact_pii_sub") is not None:
            data["redact_pii_sub"] = p.get("redact_pii_sub")
        if job.info and job.finished_at is not None and not job.failure:
            data["audio_duration"] = round(job.info.duration)
        if job.deleted:
            data.update(text="Deleted by user.", audio_duration=data["audio_duration"])
        if words is not None:
            data.update(
                text=content.text_of(words),
                words=words,
                confidence=content.mean_confidence(words),
                utterances=content.utterances(words) if p.get("speaker_labels") is True else None,
            )
        if status == "error":
            data["error"] = job.failure
        for name in ECHOED_2026:
            if name in p:
                data[name] = p[name]
        data.setdefault("remove_audio_tags", None)
        metadata: dict[str, Any] = {}
        if warnings and status != "queued":
            metadata["warnings"] = [{"message": warning} for warning in warnings]
        if p.get("domain") and status != "queued":
            metadata["domain_used"] = p["domain"]
        if metadata:
            data["metadata"] = metadata
        if words is not None and p.get("redact_pii_return_unredacted") is True:
            data.update(
                unredacted_text=data["text"],
                unredacted_words=words,
                unredacted_utterances=data["utterances"],
            )
        # The spec types these without null: absent is how "not known yet" is said.
        for key in _NEVER_NULL:
            if data.get(key, 0) is None:
                del data[key]
        return data

    def is_newer(self, newer_id: str, older_id: str) -> bool:
        """Whether ``newer_id`` was submitted after ``older_id`` (unknown ids are not)."""
        with self._lock:
            newer, older = self._jobs.get(newer_id), self._jobs.get(older_id)
            return newer is not None and older is not None and newer.seq > older.seq

    def _bill(self, job: Job) -> None:
        """Charge a completed job. A balance spent mid-run drops the limit to 1, as
        AssemblyAI does: jobs already queued stay queued and run one at a time."""
        if job.failure or job.info is None:
            return
        self._billed_seconds += job.info.duration
        if self.balance_seconds is not None and self._billed_seconds >= self.balance_seconds:
            self.concurrency = 1

    def balance_exhausted(self) -> bool:
        """The account's balance is spent: new jobs are refused."""
        with self._lock:
            self._advance(self.clock())
            return self.balance_seconds is not None and (
                self._billed_seconds >= self.balance_seconds
            )

    def list_item_json(self, job: Job, base_url: str) -> dict[str, Any]:
        with self._lock:
            return {
                "id": job.id,
                "resource_url": f"{base_url}/v2/transcript/{job.id}",
                "status": job.status,
                "created": iso(job.submitted_at),
                "completed": iso(job.finished_at) if job.finished_at is not None else None,
                "audio_url": DELETED_URL if job.deleted else job.audio_url,
                "error": job.failure if job.status == "error" else None,
            }

    def record_webhook(self, job_id: str, status_code: int | None) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job:
                job.webhook_status_code = status_code

    def jobs(self) -> Iterable[Job]:
        with self._lock:
            return list(self._order)

    # ----------------------------------------------------------- seeding

    def seed_finished(
        self,
        params: dict[str, Any],
        *,
        info: AudioInfo | None,
        submitted_at: float,
        processing_seconds: float,
        failure: str | None = None,
    ) -> Job:
        """Add a job that ran in the past (demo history), outside the live schedule."""
        with self._lock:
            self._seq += 1
            job = Job(
                id=str(uuid.uuid4()),
                seq=self._seq,
                params=params,
                submitted_at=submitted_at,
                eligible_at=submitted_at,
                started_at=submitted_at + 1.0,
                finished_at=submitted_at + 1.0 + processing_seconds,
                info=info,
                failure=failure,
                probe_ready_at=submitted_at,
            )
            self._jobs[job.id] = job
            self._order.append(job)
            self._order.sort(key=lambda j: j.submitted_at)
            for index, ordered in enumerate(self._order, start=1):
                ordered.seq = index
            self._seq = len(self._order)
            return job


def _model_for(models: list[str], language: str) -> tuple[str, list[str]]:
    """The first model of the list that takes ``language``, and the warnings a
    fallback leaves (what ``metadata.warnings`` reports)."""
    warnings: list[str] = []
    for model in models:
        if model in UNIVERSAL_3_MODELS and language not in U3_PRO_LANGUAGES:
            warnings.append(
                f"{model} does not support language '{language}'; the next model in "
                "speech_models was used."
            )
            continue
        return model, warnings
    return "universal-2", warnings


def content_options(params: dict[str, Any]) -> content.ContentOptions:
    return content.ContentOptions(
        speaker_labels=params.get("speaker_labels") is True,
        speakers_expected=params.get("speakers_expected")
        if isinstance(params.get("speakers_expected"), int)
        else None,
        punctuate=params.get("punctuate") is not False,
        format_text=params.get("format_text") is not False,
        disfluencies=params.get("disfluencies") is True,
    )
