"""Finding jobs: lists by status and date, ids from prefixes, failures grouped by cause,
batches with their server states, and watching jobs to their end.

The API lists by status and by one creation date; the journal adds what it cannot do
(local file names, folders, batches). Every scan goes through the list endpoint, 200
jobs a request, newest first, and stops at the window's edge or a page bound.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptListItem, TranscriptPage, TranscriptStatus
from aai_tui.api.processing import processing_eta
from aai_tui.journal import Journal, Submission, SubmissionState
from aai_tui.troubleshoot import TroubleEntry, explain

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

LIST_LIMIT = 200
#: Pages a scan reads at most (200 jobs each): 10,000 jobs.
MAX_SCAN_PAGES = 50
#: The 8-character prefix the list shows, or more of an id.
ID_PREFIX = re.compile(r"^[0-9a-fA-F][0-9a-fA-F-]{3,35}$")
FULL_ID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


class JobSource(Protocol):
    """What a scan needs of a client (AssemblyAIClient, or the dashboard's)."""

    async def list_transcripts(
        self, *, limit: int | None = None, status: Any = None, before_id: str | None = None
    ) -> TranscriptPage: ...

    async def get_transcript(self, transcript_id: str) -> Transcript: ...


#: Transcripts read at once when the user asked for several (resubmitting a page's
#: failures): a few in flight, not one after another, never a burst of hundreds.
READS_AT_ONCE = 6


async def read_transcripts(
    client: JobSource, ids: Sequence[str], *, at_once: int = READS_AT_ONCE
) -> tuple[list[Transcript], list[tuple[str, ApiError]]]:
    """Each id read, ``at_once`` in flight: the transcripts in the order asked, and the
    ids the API refused with its answer."""
    gate = asyncio.Semaphore(max(1, at_once))

    async def read(transcript_id: str) -> Transcript | ApiError:
        async with gate:
            try:
                return await client.get_transcript(transcript_id)
            except ApiError as error:
                return error

    answers = await asyncio.gather(*(read(transcript_id) for transcript_id in ids))
    read_ok = [answer for answer in answers if isinstance(answer, Transcript)]
    refused = [
        (transcript_id, answer)
        for transcript_id, answer in zip(ids, answers, strict=True)
        if isinstance(answer, ApiError)
    ]
    return read_ok, refused


class QueryError(ValueError):
    """A window, date or id that cannot be used: one line for the user."""


class NotFound(QueryError):
    """A well-formed id or prefix that no transcript has: the item, not the command
    line, is wrong (exit code 1, as when the API refuses an id)."""


def sent_elsewhere(what: str, places: Sequence[str], here: str) -> str:
    """Why this endpoint does not have ``what`` (a job, a batch): it went elsewhere."""
    return (
        f"{what} was sent to {', '.join(places)}, not {here} (ask it there: --base-url {places[0]})"
    )


class SentElsewhere(NotFound):
    """A batch this journal sent to another endpoint: this one has none of its jobs."""


def sent_here(batch_id: str, submissions: Sequence[Submission], endpoint: str | None) -> None:
    """Refuse a batch none of whose files went to ``endpoint``, saying where they went:
    asked here, its jobs read "gone", "not found" or no failures at all."""
    if endpoint is None or not submissions:
        return
    places = sorted({s.endpoint for s in submissions if s.endpoint})
    if places and endpoint not in places:
        raise SentElsewhere(sent_elsewhere(f"batch {batch_id}", places, endpoint))


def resolve_batch_id(journal: Journal, text: str) -> str:
    """The batch ``text`` names: its whole id, or the first characters of one (as
    ``:`` finds it, and as ``get`` takes a transcript's). Several that start so: said,
    with the first few."""
    text = text.strip()
    # One query: a whole id sorts first among the ids it starts.
    found = journal.batch_ids_starting(text, limit=4)
    if text in found:
        return text
    if len(found) == 1:
        return found[0]
    if found:
        more = ", …" if len(found) > 3 else ""
        raise QueryError(
            f"{text!r} starts more than one batch id ({', '.join(found[:3])}{more}): "
            "give more of it"
        )
    raise NotFound(f"no batch {text!r} in the journal (aai-tui batches lists them)")


# ------------------------------------------------------------------ windows


@dataclass(frozen=True, slots=True)
class Window:
    """Jobs created at or after ``since`` (None: all), or those of one batch."""

    label: str
    since: datetime | None = None
    batch_id: str | None = None

    def holds(self, created: datetime | None) -> bool:
        return self.since is None or created is None or created >= self.since


def parse_window(text: str, *, now: datetime | None = None, since_only: bool = False) -> Window:
    """``today``, ``yesterday``, ``7d``, ``24h``, ``90d``, ``2026-11-20``, ``all`` or
    ``batch:ID``; ``since_only`` (``list --since``) takes the first five, which are
    times, and says so when refusing."""
    now = now or datetime.now(UTC)
    word = text.strip().lower()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    choices = "today, yesterday, 7d, 24h or a date (2026-11-20)"
    if not since_only:
        choices = "today, yesterday, 7d, 24h, a date (2026-11-20), all or batch:ID"
    if not since_only and word.startswith("batch:") and len(word) > len("batch:"):
        return Window(f"batch {text.strip()[6:]}", batch_id=text.strip()[6:])
    if word == "all" and not since_only:
        return Window("all time")
    if word == "today":
        return Window("today", midnight)
    if word == "yesterday":
        return Window("since yesterday", midnight - timedelta(days=1))
    found = re.fullmatch(r"(\d{1,4})\s*([dh])", word)
    if found:
        amount = int(found.group(1))
        unit = "day" if found.group(2) == "d" else "hour"
        if amount == 0:
            raise QueryError(f"{text!r} is an empty window: use 1{found.group(2)} or more")
        span = timedelta(days=amount) if unit == "day" else timedelta(hours=amount)
        return Window(f"last {amount}{found.group(2)}", now - span)
    if word == "tomorrow":
        raise QueryError(f"{text!r} is in the future: nothing was created since; use {choices}")
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise QueryError(f"{text!r} is not a window: use {choices}") from None
    if day > now.date():
        raise QueryError(
            f"{text!r} is in the future (today is {now.date().isoformat()}): nothing was "
            "created since"
        )
    return Window(f"since {day.isoformat()}", datetime(day.year, day.month, day.day, tzinfo=UTC))


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ------------------------------------------------------------------- lists


async def scan(
    client: JobSource,
    *,
    status: str | None = None,
    window: Window | None = None,
    max_pages: int = MAX_SCAN_PAGES,
    on_page: Callable[[int, int], None] | None = None,
    pace: Callable[[], Awaitable[None]] | None = None,
) -> tuple[list[TranscriptListItem], bool]:
    """Jobs of one status (None: all) in the window, newest first, and whether the page
    bound cut the scan short. ``on_page(pages, jobs)`` after each request; ``pace()``
    before each (the dashboard's waits for the request budget)."""
    found: list[TranscriptListItem] = []
    before_id: str | None = None
    for pages in range(1, max_pages + 1):
        if pace is not None:
            await pace()
        page = await client.list_transcripts(limit=LIST_LIMIT, status=status, before_id=before_id)
        past_edge = False
        for item in page.transcripts:
            if window is not None and not window.holds(_aware(item.created)):
                past_edge = True
                break
            found.append(item)
        if on_page is not None:
            on_page(pages, len(found))
        before_id = page.page_details.older_cursor
        if past_edge or before_id is None or len(page.transcripts) < LIST_LIMIT:
            return found, False
    return found, True


@dataclass(frozen=True, slots=True)
class ListResult:
    items: tuple[TranscriptListItem, ...]
    #: More jobs match than are listed: ``limit`` left some out, or the page bound
    #: stopped a scan before the window's edge.
    cut: bool
    #: Jobs of the batch asked for that the API no longer knows (deleted, expired, or
    #: another account's): the rest are listed all the same.
    gone: tuple[str, ...] = ()


async def list_jobs(
    client: AssemblyAIClient,
    journal: Journal,
    *,
    statuses: Sequence[str] = (),
    window: Window | None = None,
    limit: int = 100,
    max_pages: int = MAX_SCAN_PAGES,
) -> ListResult:
    """Jobs of these statuses (several: one scan each, merged newest first) in the
    window; a batch window lists that batch's jobs from the journal, asked by id."""
    if window is not None and window.batch_id is not None:
        items, gone = await batch_items(client, journal, window.batch_id)
        wanted = set(statuses)
        matching = tuple(i for i in items if not wanted or i.status in wanted)
        return ListResult(matching[:limit], len(matching) > limit, gone)
    merged: dict[str, TranscriptListItem] = {}
    cut = False
    for status in statuses or (None,):
        pages = max(1, min(max_pages, -(-limit // LIST_LIMIT))) if window is None else max_pages
        items, was_cut = await scan(client, status=status, window=window, max_pages=pages)
        cut = cut or was_cut
        merged.update((item.id, item) for item in items)
    ordered = sorted(
        merged.values(),
        key=lambda item: _aware(item.created) or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    return ListResult(tuple(ordered[:limit]), cut or len(ordered) > limit)


#: Pages of the list read back to a batch's start for its jobs' rows (then by id).
BATCH_LIST_PAGES = 5
#: Seconds before the batch's first send that the list is read back to: the server's
#: clock and this machine's may differ.
BATCH_CLOCK_SLACK = 3600.0


async def batch_items(
    client: JobSource, journal: Journal, batch_id: str
) -> tuple[list[TranscriptListItem], tuple[str, ...]]:
    """The created jobs of a batch as list items, in the batch's order, and the ids the
    API no longer knows. The list endpoint cannot filter by batch, but only its rows
    say when a job was created and completed (the transcript object does not): the
    pages back to the batch's start are read first (a few requests for a hundred
    files), then each job they did not reach is asked by id, dated by the journal's
    first send. One job gone does not hide the others."""
    batch_id = await asyncio.to_thread(resolve_batch_id, journal, batch_id)
    submissions = await asyncio.to_thread(journal.batch, batch_id)
    sent_here(batch_id, submissions, getattr(client, "base_url", None))
    created = [s for s in submissions if s.transcript_id]
    if not created:
        return [], ()
    # Each file as its latest job: a failed one resubmitted goes on as the new job.
    latest = await asyncio.to_thread(
        latest_jobs, journal, [s.transcript_id for s in created if s.transcript_id]
    )
    start = min(_server_sent_at(s, client) for s in created) - BATCH_CLOCK_SLACK
    window = Window(f"batch {batch_id}", datetime.fromtimestamp(start, UTC))
    wanted = {latest.get(s.transcript_id or "", s.transcript_id) for s in created}
    rows, _cut = await scan(client, window=window, max_pages=BATCH_LIST_PAGES)
    found = {row.id: row for row in rows if row.id in wanted}
    items = []
    gone: list[str] = []
    for submission in created:
        assert submission.transcript_id is not None
        job = latest.get(submission.transcript_id, submission.transcript_id)
        row = found.get(job)
        if row is None:
            try:
                transcript = await client.get_transcript(job)
            except ApiError as error:
                if error.status is None or error.status >= 500 or error.status == 429:
                    raise  # trouble on the way: say so, do not call the job gone
                gone.append(job)  # deleted, or another account's
                continue
            sent = _server_sent_at(submission, client)
            row = as_list_item(transcript, created=datetime.fromtimestamp(sent, UTC))
        items.append(row)
    return items, tuple(gone)


def _server_sent_at(submission: Submission, client: JobSource) -> float:
    """When the submission was first sent, on the server's clock where known (the
    list's ``created`` is on the server's clock)."""
    if submission.sent_server_at is not None:
        return submission.sent_server_at
    offset = getattr(client, "server_clock_offset", None) or 0.0
    return (submission.sent_at or submission.created_at) + offset


def as_list_item(transcript: Transcript, *, created: datetime | None = None) -> TranscriptListItem:
    raw = transcript.raw
    return TranscriptListItem(
        id=transcript.id,
        status=transcript.status,
        audio_url=transcript.audio_url,
        created=created,
        error=transcript.error,
        raw={k: raw.get(k) for k in ("id", "status", "audio_url", "error")},
    )


# ---------------------------------------------------------------- find by id


async def resolve_id(
    text: str,
    client: JobSource,
    journal: Journal | None,
    *,
    loaded: Iterable[str] = (),
    max_pages: int = 5,
) -> str:
    """A transcript id from a full id or a prefix (the list shows 8 characters):
    through what is loaded, then the journal, then the newest pages of the API."""
    wanted = text.strip().lower()
    if FULL_ID.match(wanted):
        return wanted
    if not ID_PREFIX.match(wanted):
        if re.fullmatch(r"[0-9a-f][0-9a-f-]{0,2}", wanted):
            raise QueryError(
                f"{text!r} is too short to find a transcript by: give at least 4 of the "
                "characters the list shows (8 are shown)"
            )
        raise QueryError(f"{text!r} is not a transcript id or the start of one")
    matches = sorted({i for i in loaded if i.lower().startswith(wanted)})
    if not matches and journal is not None:
        matches = await asyncio.to_thread(journal.transcript_ids_with_prefix, wanted)
    if not matches:
        before_id: str | None = None
        for _ in range(max_pages):
            page = await client.list_transcripts(limit=LIST_LIMIT, before_id=before_id)
            matches = [item.id for item in page.transcripts if item.id.startswith(wanted)]
            before_id = page.page_details.older_cursor
            if matches or before_id is None:
                break
    if not matches:
        raise NotFound(
            f"no transcript starts with {wanted!r} (looked in the list, the journal and "
            f"the newest {max_pages * LIST_LIMIT} jobs)"
        )
    if len(matches) > 1:
        shown = ", ".join(matches[:5])
        raise QueryError(f"{wanted!r} starts {len(matches)} transcripts ({shown}): type more of it")
    return matches[0]


# ----------------------------------------------------------------- failures


@dataclass
class FailureGroup:
    """Failed jobs that one catalog entry explains."""

    entry: TroubleEntry
    jobs: list[TranscriptListItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.jobs)

    @property
    def first_seen(self) -> datetime | None:
        times = [_aware(j.created) for j in self.jobs if j.created]
        return min(t for t in times if t) if times else None

    @property
    def last_seen(self) -> datetime | None:
        times = [_aware(j.created) for j in self.jobs if j.created]
        return max(t for t in times if t) if times else None

    @property
    def resubmit_helps(self) -> str:
        """``yes`` (a passing fault), ``after the fix`` (change options or audio first),
        or ``no`` (the same request fails the same way, or every job of the group was
        deleted: its audio is gone)."""
        if self.jobs and all(job.deleted for job in self.jobs):
            return "no"
        if self.entry.retryable:
            return "yes"
        if self.entry.resubmit:
            return "after the fix"
        return "no"

    @property
    def fix(self) -> str:
        return self.entry.steps[0] if self.entry.steps else self.entry.meaning


@dataclass(frozen=True, slots=True)
class FailureReport:
    window: Window
    groups: tuple[FailureGroup, ...]
    scanned_pages: int
    cut: bool
    #: A batch's files that never became jobs (refused before or at the create): no
    #: job failed, yet the batch did not all go; B says why for each.
    not_sent: tuple[Submission, ...] = ()
    #: Local file names of the failed jobs this journal sent (the API knows only
    #: their upload URLs).
    local_names: dict[str, str] = field(default_factory=dict)
    #: Failed jobs already resubmitted from this journal: old id -> the new job's id.
    resubmitted: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


async def failures(
    client: JobSource,
    journal: Journal | None,
    window: Window,
    *,
    max_pages: int = MAX_SCAN_PAGES,
    on_page: Callable[[int, int], None] | None = None,
    pace: Callable[[], Awaitable[None]] | None = None,
) -> FailureReport:
    """Every failed job in the window, grouped by the catalog entry that explains its
    error, biggest group first. The scan asks the list endpoint for ``status=error``
    only, 200 a request."""
    pages = 0

    def counted(done: int, jobs: int) -> None:
        nonlocal pages
        pages = done
        if on_page is not None:
            on_page(done, jobs)

    if window.batch_id is not None:
        if journal is None:
            raise QueryError("batches are kept in the journal, which this session has not")
        # The batch's whole id, from the first characters of it given (batch:8b4b).
        batch_id = await asyncio.to_thread(resolve_batch_id, journal, window.batch_id)
        window = replace(window, label=f"batch {batch_id}", batch_id=batch_id)
        of_batch, _gone = await batch_items(client, journal, batch_id)
        items = [i for i in of_batch if i.status == "error"]
        cut = False
        not_sent = tuple(never_sent(journal, batch_id))
    else:
        items, cut = await scan(
            client,
            status="error",
            window=window,
            max_pages=max_pages,
            on_page=counted,
            pace=pace,
        )
        not_sent = ()
    groups: dict[str, FailureGroup] = {}
    for item in items:
        entry = explain(item.error or "").entry
        groups.setdefault(entry.id, FailureGroup(entry)).jobs.append(item)
    ordered = sorted(groups.values(), key=lambda g: (-g.count, g.entry.title))
    ids = [item.id for item in items]
    names: dict[str, str] = {}
    resubmitted: dict[str, str] = {}
    if journal is not None and ids:
        names = await asyncio.to_thread(journal.local_names_for, ids)
        again = await asyncio.to_thread(journal.resubmissions_of, ids)
        resubmitted = {old: sub.transcript_id for old, sub in again.items() if sub.transcript_id}
    return FailureReport(window, tuple(ordered), pages, cut, not_sent, names, resubmitted)


# ------------------------------------------------------------------ batches


@dataclass(frozen=True, slots=True)
class BatchReport:
    """One batch as the journal and the server know it."""

    batch_id: str
    created_at: float
    files: int
    journal_states: dict[str, int]
    server_states: dict[str, int]
    audio_seconds: float
    eta_seconds: tuple[float, float] | None  # the rest's processing, 15-30% of its audio
    left: tuple[Submission, ...]
    submissions: tuple[Submission, ...] = ()
    statuses: dict[str, str] = field(default_factory=dict)  # transcript id -> server status
    #: A failed job's error, by transcript id (as the list endpoint gives it).
    errors: dict[str, str] = field(default_factory=dict)
    #: A file's failed job resubmitted from any aai-tui of this journal: the old job's
    #: id -> the new one's. The file's state on the server is the new job's.
    resubmitted: dict[str, str] = field(default_factory=dict)
    #: Why the server could not be asked (offline, a refused key): the journal's part
    #: still stands, the server's states are unknown.
    server_error: str | None = None
    #: The API was asked and did not answer (offline): a script's exit code 1.
    unreachable: bool = False

    def server_count(self, *statuses: str) -> int:
        return sum(self.server_states.get(status, 0) for status in statuses)


async def batch_reports(
    client: JobSource | None,
    journal: Journal,
    *,
    limit: int = 50,
    batch_id: str | None = None,
    endpoint: str | None = None,
    here: str | None = None,
    slots: int | None = None,
    gone: set[str] | None = None,
) -> list[BatchReport]:
    """The newest batches (or one), with each created job's status from the API when a
    client is given: from list pages of the batch's statuses, else one GET per job.
    ETAs run the batch's unfinished jobs ``slots`` at a time (the account's limit)."""
    if batch_id is not None:
        batch_id = await asyncio.to_thread(resolve_batch_id, journal, batch_id)
        submissions = await asyncio.to_thread(journal.batch, batch_id)
        summaries = [(batch_id, min(s.created_at for s in submissions), submissions)]
    else:
        found = await asyncio.to_thread(journal.batches, endpoint=endpoint, limit=limit)
        summaries = [(b.batch_id, b.created_at, list(b.submissions)) for b in found]
    reports = []
    offline: str | None = None  # once the server cannot be asked, it is not asked again
    for bid, created_at, submissions in summaries:
        sent_to = {s.endpoint for s in submissions}
        if here is not None and here not in sent_to:
            # Sent to another endpoint (another region, a simulator): its jobs are not
            # here to ask about; "not found" would be a false answer.
            reports.append(
                _journal_only(bid, created_at, submissions, f"sent to {', '.join(sent_to)}")
            )
            continue
        states = _journal_states(submissions)
        server: dict[str, int] = {}
        statuses: dict[str, str] = {}
        errors: dict[str, str] = {}
        pending: list[float] = []  # audio seconds of each job not yet processed
        ids = [s.transcript_id for s in submissions if s.transcript_id]
        # A file's job that failed and was resubmitted: the file goes on as the new job.
        resubmitted = await asyncio.to_thread(latest_jobs, journal, ids) if ids else {}
        if client is not None and offline is None:
            try:
                statuses, errors = await _statuses(client, [*ids, *resubmitted.values()], gone=gone)
            except ApiError as error:
                # The journal holds the batches: they are shown without the server.
                offline = " ".join(error.message.split())
        if client is not None:
            for s in submissions:
                if not s.transcript_id:
                    continue
                latest = resubmitted.get(s.transcript_id, s.transcript_id)
                status = statuses.get(latest, "unknown")
                server[status] = server.get(status, 0) + 1
                if status in ("queued", "processing"):
                    pending.append(s.duration or 0.0)
        pending += [s.duration or 0.0 for s in submissions if s.state.open]
        reports.append(
            BatchReport(
                batch_id=bid,
                created_at=created_at,
                files=len(submissions),
                journal_states=states,
                server_states=server,
                audio_seconds=sum(s.duration or 0.0 for s in submissions),
                eta_seconds=processing_eta(pending, slots),
                # Not created, for whatever reason: still to send, or refused (a file
                # that is not audio) with why.
                left=tuple(s for s in submissions if not s.transcript_id),
                submissions=tuple(submissions),
                statuses=statuses,
                errors=errors,
                resubmitted=resubmitted,
                server_error=offline,
                unreachable=offline is not None,
            )
        )
    return reports


def _journal_states(submissions: Sequence[Submission]) -> dict[str, int]:
    """How many of a batch's files are in each journal state."""
    return dict(Counter(s.state.value for s in submissions))


def _journal_only(
    batch_id: str, created_at: float, submissions: list[Submission], why: str
) -> BatchReport:
    """A batch as the journal alone knows it: the server's states unknown, and why."""
    states = _journal_states(submissions)
    created = sum(1 for s in submissions if s.transcript_id)
    return BatchReport(
        batch_id=batch_id,
        created_at=created_at,
        files=len(submissions),
        journal_states=states,
        server_states={"unknown": created} if created else {},
        audio_seconds=sum(s.duration or 0.0 for s in submissions),
        eta_seconds=None,
        left=tuple(s for s in submissions if not s.transcript_id),
        submissions=tuple(submissions),
        server_error=why,
    )


#: Full transcripts fetched at most, for batch jobs the newest list pages do not reach.
MAX_STATUS_GETS = 50


#: A batch file's state when its job was deleted by its owner (the API keeps the status).
DELETED = "deleted"


async def _statuses(
    client: JobSource, ids: list[str], *, max_pages: int = 10, gone: set[str] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Server status of each id, and the error of each failed one: from the newest list
    pages (200 a request), then one GET each for at most :data:`MAX_STATUS_GETS` of the
    rest (the others: unknown). ``gone``: ids the API said it does not have, kept by
    the caller across reads (and added to here): not asked for again."""
    wanted = set(ids)
    found: dict[str, str] = {tid: "not found" for tid in wanted & (gone or set())}
    errors: dict[str, str] = {}

    def seen(transcript_id: str, status: object, error: str | None, deleted: bool) -> None:
        # A deleted job keeps its status on the server; its file's state is "deleted".
        found[transcript_id] = DELETED if deleted else str(status)
        if error:
            errors[transcript_id] = error

    before_id: str | None = None
    for _ in range(max_pages):
        if not wanted - found.keys():
            break
        page = await client.list_transcripts(limit=LIST_LIMIT, before_id=before_id)
        for item in page.transcripts:
            if item.id in wanted:
                seen(item.id, item.status, item.error, item.deleted)
        before_id = page.page_details.older_cursor
        if before_id is None:
            break
    for transcript_id in sorted(wanted - found.keys())[:MAX_STATUS_GETS]:
        try:
            transcript = await client.get_transcript(transcript_id)
        except ApiError as error:
            if error.status is None or error.status >= 500 or error.status == 429:
                raise  # trouble on the way: say so, do not call the job unknown
            found[transcript_id] = "not found"  # deleted, or another account's
            if gone is not None:
                gone.add(transcript_id)
            continue
        seen(transcript_id, transcript.status, transcript.error, transcript.deleted)
    return found, errors


# -------------------------------------------------------------------- usage

#: Completed transcripts read in full at most by one usage report (their durations).
MAX_USAGE_GETS = 2_000


@dataclass(frozen=True, slots=True)
class UsagePeriod:
    label: str
    since: datetime
    seconds_by_model: dict[str, float]
    jobs: int

    @property
    def hours(self) -> float:
        return sum(self.seconds_by_model.values()) / 3600

    def cost(self, prices: dict[str, float]) -> tuple[float | None, tuple[str, ...]]:
        """The estimate from ``prices`` (per audio hour), and the models it has no price
        for; None when no model used has a price."""
        priced = [m for m in self.seconds_by_model if m in prices]
        missing = tuple(sorted(m for m in self.seconds_by_model if m not in prices))
        if not priced:
            return None, missing
        total = sum(self.seconds_by_model[m] / 3600 * prices[m] for m in priced)
        return total, missing


@dataclass(frozen=True, slots=True)
class UsageReport:
    periods: tuple[UsagePeriod, ...]
    read: int  # transcripts read in full for their duration
    cut: bool  # more completed jobs than MAX_USAGE_GETS, or the page bound


async def usage(
    client: JobSource,
    *,
    now: datetime | None = None,
    max_gets: int = MAX_USAGE_GETS,
    on_page: Callable[[int, int], None] | None = None,
) -> UsageReport:
    """Hours of audio transcribed today and in the last 7 days (by when each job
    completed), by speech model, from the transcripts themselves: the list endpoint's
    completed jobs, then each one's ``audio_duration`` and ``speech_model_used``."""
    now = now or datetime.now(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = now - timedelta(days=7)
    today = Window("today", midnight)
    week = Window("last 7 days", week_start)
    items, cut = await scan(client, status="completed", window=week, on_page=on_page)
    done = [i for i in items if (_aware(i.completed) or _aware(i.created) or now) >= week_start]
    if len(done) > max_gets:
        done, cut = done[:max_gets], True
    per: dict[str, dict[str, float]] = {"today": {}, "week": {}}
    jobs = {"today": 0, "week": 0}
    for item in done:
        transcript = await client.get_transcript(item.id)
        seconds = transcript.audio_duration or 0.0
        model = transcript.speech_model_used or "unknown"
        ended = _aware(item.completed) or _aware(item.created) or now
        keys = ["week", "today"] if ended >= midnight else ["week"]
        for key in keys:
            per[key][model] = per[key].get(model, 0.0) + seconds
            jobs[key] += 1
    return UsageReport(
        (
            UsagePeriod(today.label, midnight, per["today"], jobs["today"]),
            UsagePeriod(week.label, week_start, per["week"], jobs["week"]),
        ),
        read=len(done),
        cut=cut,
    )


# -------------------------------------------------------------------- watch


@dataclass(frozen=True, slots=True)
class Change:
    """A watched job's new status, when it was seen."""

    transcript_id: str
    status: str
    error: str | None
    seen_at: float


#: How long ``watch`` waits out an API it cannot reach (or that answers 5xx or 429)
#: before it gives up, and the longest wait between two tries meanwhile.
WATCH_PATIENCE = 600.0
WATCH_RETRY_MAX = 30.0


#: The status ``watch`` gives a job the API does not have (deleted, another
#: account's): it ends there, with the API's words as its error.
NOT_FOUND = "not found"


class GaveUp(Exception):
    """The API stayed unreachable for the whole patience: the jobs' ends are unknown
    (not a failure of theirs: a script tells the two apart by the exit code)."""


async def watch(
    client: AssemblyAIClient,
    ids: Sequence[str],
    *,
    interval: float = 3.0,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], Any] = asyncio.sleep,
    patience: float = WATCH_PATIENCE,
    on_trouble: Callable[[str | None], None] | None = None,
) -> AsyncIterator[Change]:
    """Each change of status of these jobs until every one has ended: from the list
    endpoint (200 a request), a GET only for jobs it does not reach. Trouble on the way
    (no answer, a 5xx, a 429) is waited out, up to ``patience`` seconds, as the
    dashboard does: ``on_trouble`` hears why when it starts, and None when it ends."""
    from aai_tui.actions.wait import statuses_of

    last: dict[str, str] = {}
    gone: dict[str, str] = {}  # jobs the API does not have: an end of their own
    trouble_since: float | None = None
    tries = 0
    while True:
        try:
            found = await statuses_of(client, ids, gone=gone)
        except ApiError as trouble:
            if not trouble.outage:
                raise
            now = clock()
            why = " ".join(trouble.message.split()) or str(trouble)
            if trouble_since is None:
                trouble_since = now
                if on_trouble is not None:
                    on_trouble(why)
            if now - trouble_since >= patience:
                raise GaveUp(
                    f"the API could not be asked for {round(now - trouble_since)} s "
                    f"({why}): gave up watching"
                ) from None
            tries += 1
            wait = max(interval, trouble.retry_after or 0.0, min(WATCH_RETRY_MAX, 2.0**tries))
            await sleep(min(wait, max(0.0, trouble_since + patience - now)))
            continue
        if trouble_since is not None:
            trouble_since, tries = None, 0
            if on_trouble is not None:
                on_trouble(None)
        for transcript_id in ids:
            if transcript_id in gone:
                if last.get(transcript_id) != NOT_FOUND:
                    last[transcript_id] = NOT_FOUND
                    yield Change(transcript_id, NOT_FOUND, gone[transcript_id], clock())
                continue
            status, error = found.get(transcript_id, (TranscriptStatus.QUEUED, None))
            if last.get(transcript_id) != str(status):
                last[transcript_id] = str(status)
                yield Change(transcript_id, str(status), error, clock())
        if all(i in gone or TranscriptStatus.parse(last.get(i)).is_terminal for i in ids):
            return
        await sleep(interval)


def never_sent(journal: Journal, batch_id: str) -> list[Submission]:
    """The batch's files that ended without a job: refused before anything was sent,
    or by the API at the create."""
    return [
        sub
        for sub in journal.batch(batch_id)
        if sub.transcript_id is None and sub.state is SubmissionState.FAILED
    ]


def latest_jobs(journal: Journal, transcript_ids: list[str], *, hops: int = 10) -> dict[str, str]:
    """Each job's latest resubmission made from this journal (a resubmission of a
    resubmission followed too), for the ids resubmitted at all: a batch's file goes on
    as that job, in the dashboard and in every command alike."""
    latest: dict[str, str] = {}
    current = {transcript_id: transcript_id for transcript_id in transcript_ids}
    for _ in range(hops):
        again = journal.resubmissions_of(list(current.values()))
        moved = {
            first: again[now].transcript_id
            for first, now in current.items()
            if now in again and again[now].transcript_id
        }
        if not moved:
            break
        current = {first: new for first, new in moved.items() if new is not None}
        latest.update(current)
    return latest


def batch_transcript_ids(journal: Journal, batch_id: str, endpoint: str | None = None) -> list[str]:
    """The jobs of a batch's files, each file's latest (a resubmission's if any).
    ``endpoint``: the API they will be asked of (a batch sent elsewhere is refused)."""
    batch_id = resolve_batch_id(journal, batch_id)
    submissions = journal.batch(batch_id)
    sent_here(batch_id, submissions, endpoint)
    ids = [
        s.transcript_id
        for s in submissions
        if s.transcript_id and s.state is SubmissionState.CREATED
    ]
    latest = latest_jobs(journal, ids)
    return [latest.get(transcript_id, transcript_id) for transcript_id in ids]
