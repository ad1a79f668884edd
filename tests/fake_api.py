"""An in-memory stand-in for AssemblyAIClient with fixed ids and times, for UI and
tracker tests that need exact, repeatable screens."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aai_tui.api import error_messages as messages
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptPage, WordSearchResult
from aai_tui.api.ratelimit import RateLimitState

NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
BASE = "https://api.assemblyai.com"
TEAMS = ("sales", "support", "standup")


@dataclass
class FakeJob:
    id: str
    status: str
    created: datetime
    audio_url: str
    error: str | None = None
    duration: int | None = None
    text: str | None = None
    throttled: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    def list_item(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource_url": f"{BASE}/v2/transcript/{self.id}",
            "status": self.status,
            "created": self.created.replace(tzinfo=None).isoformat(timespec="microseconds"),
            "completed": None,
            "audio_url": self.audio_url,
            "error": self.error if self.status == "error" else None,
        }

    def transcript(self) -> dict[str, Any]:
        words = []
        if self.status == "completed" and self.text:
            for i, word in enumerate(self.text.split()):
                words.append(
                    {
                        "text": word,
                        "start": i * 400,
                        "end": i * 400 + 350,
                        "confidence": 0.9,
                        "speaker": "A" if i < 6 else "B",
                    }
                )
        return {
            "id": self.id,
            "status": self.status,
            "audio_url": self.audio_url,
            "error": self.error if self.status == "error" else None,
            "text": self.text if self.status == "completed" else None,
            "words": words or None,
            "utterances": [
                {
                    "text": self.text,
                    "start": 0,
                    "end": 1000,
                    "confidence": 0.9,
                    "speaker": "A",
                    "words": [],
                }
            ]
            if words
            else None,
            "audio_duration": self.duration if self.status == "completed" else None,
            "confidence": 0.93 if self.status == "completed" else None,
            "language_code": "en_us",
            "speech_model_used": "universal-3-pro" if self.status != "queued" else None,
            "speech_models": ["universal-3-pro", "universal-2"],
            "throttled": self.throttled if self.status == "queued" else None,
            **self.options,
        }


def job_id(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def standard_jobs(count: int = 60) -> list[FakeJob]:
    """``count`` jobs, oldest first, a few minutes apart; the newest are in flight."""
    jobs = []
    for n in range(count):
        created = NOW - timedelta(minutes=7 * (count - n))
        status = "completed"
        error = None
        if n == count - 1 or n == count - 2:
            status = "queued"
        elif n in (count - 3, count - 4):
            status = "processing"
        elif n % 9 == 4:
            status, error = "error", messages.download_error(f"https://files.example.com/{n}.mp3")
        jobs.append(
            FakeJob(
                id=job_id(n + 1),
                status=status,
                created=created,
                audio_url=f"https://files.example.com/{TEAMS[n % 3]}-{n:03d}.mp3",
                error=error,
                duration=60 + 17 * n if status == "completed" else None,
                text="Thanks everyone for joining. Let us review the numbers today."
                if status == "completed"
                else None,
                throttled=n == count - 1,
                options={"speaker_labels": True} if n % 2 else {},
            )
        )
    return jobs


class FakeApi:
    """list_transcripts / get_transcript / word_search over a list of FakeJob."""

    def __init__(self, jobs: list[FakeJob] | None = None) -> None:
        self.jobs: list[FakeJob] = jobs if jobs is not None else standard_jobs()
        self.rate_limits = RateLimitState()
        self.calls: list[tuple[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.fail_with: ApiError | None = None
        self.headers: dict[str, str] = {}

    async def _enter(self, name: str, arg: Any) -> None:
        self.calls.append((name, arg))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0)
            if self.fail_with is not None:
                raise self.fail_with
        finally:
            self.in_flight -= 1
        self.rate_limits.observe(self.headers)

    def by_id(self, transcript_id: str) -> FakeJob:
        for job in self.jobs:
            if job.id == transcript_id:
                return job
        raise ApiError(
            messages.TRANSCRIPT_NOT_FOUND,
            status=400,
            method="GET",
            path=f"/v2/transcript/{transcript_id}",
        )

    async def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
        created_on: Any = None,
        **_: Any,
    ) -> TranscriptPage:
        await self._enter("list", (status, before_id, after_id, throttled_only))
        limit = limit or 10
        jobs = list(self.jobs)  # oldest first
        if created_on is not None:  # the API's day filter, by the job's UTC date
            jobs = [j for j in jobs if j.created.date().isoformat() == str(created_on)]
        if throttled_only:
            jobs = [j for j in jobs if j.status == "queued" and j.throttled]
        elif status:
            jobs = [j for j in jobs if j.status == status]
        ids = [j.id for j in self.jobs]
        if before_id:
            cut = ids.index(before_id)
            jobs = [j for j in jobs if ids.index(j.id) < cut][-limit:]
        elif after_id:
            cut = ids.index(after_id)
            jobs = [j for j in jobs if ids.index(j.id) > cut][:limit]
        else:
            jobs = jobs[-limit:]
        page = list(reversed(jobs))
        all_ids = [ids.index(j.id) for j in self.jobs if not status or j.status == status]
        older = bool(page) and any(i < ids.index(page[-1].id) for i in all_ids)
        newer = bool(page) and any(i > ids.index(page[0].id) for i in all_ids)
        return TranscriptPage.from_json(
            {
                "page_details": {
                    "limit": limit,
                    "result_count": len(page),
                    "current_url": f"{BASE}/v2/transcript?limit={limit}",
                    "prev_url": f"{BASE}/v2/transcript?limit={limit}&before_id={page[-1].id}"
                    if older
                    else None,
                    "next_url": f"{BASE}/v2/transcript?limit={limit}&after_id={page[0].id}"
                    if newer
                    else None,
                },
                "transcripts": [j.list_item() for j in page],
            }
        )

    async def get_transcript(self, transcript_id: str, *, bulk: bool = True) -> Transcript:
        await self._enter("get", transcript_id)
        return Transcript.from_json(self.by_id(transcript_id).transcript(), bulk=bulk)

    async def word_search(self, transcript_id: str, words: Any) -> WordSearchResult:
        await self._enter("word_search", (transcript_id, tuple(words)))
        job = self.by_id(transcript_id)
        tokens = [w.strip(".,").lower() for w in (job.text or "").split()]
        matches = []
        for word in words:
            indexes = [i for i, t in enumerate(tokens) if t == word.lower()]
            matches.append(
                {
                    "text": word,
                    "count": len(indexes),
                    "timestamps": [[i * 400, i * 400 + 350] for i in indexes],
                    "indexes": indexes,
                }
            )
        return WordSearchResult.from_json(
            {
                "id": transcript_id,
                "total_count": sum(m["count"] for m in matches),
                "matches": matches,
            }
        )

    def gets_for(self, transcript_id: str) -> int:
        return sum(1 for name, arg in self.calls if name == "get" and arg == transcript_id)
