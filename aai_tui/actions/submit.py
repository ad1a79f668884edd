"""Submitting without ever losing a job or paying for one twice.

Every submission is written to the journal first (a batch whole, in one
transaction). Then it goes on by itself until it is created or has failed for a
reason retrying cannot fix, within a deadline: uploads are simply sent again (an
orphaned upload costs nothing), a create refused with 429 or that never left is
sent again after the wait, and a create whose answer was lost (5xx, timeout,
dropped connection) is sent again only after the server has been searched and
shows no job that matches it. A match must be the same audio, created after the
request was sent (server clock, measured from the Date header), and not held by
another journal record; when two could match, the journal keeps both and asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aai_tui.actions.batch import PlannedSource
from aai_tui.actions.capacity import CapacityGate
from aai_tui.actions.inputs import (
    InputError,
    check_local_file,
    check_params,
    check_url,
    real_path,
)
from aai_tui.api.errors import RETRYABLE_STATUSES, ApiError, ErrorKind
from aai_tui.api.models import Transcript, TranscriptListItem
from aai_tui.api.request_options import carried_options
from aai_tui.api.retry import RetryPolicy
from aai_tui.journal import (
    AlreadyClaimed,
    BatchEntry,
    Journal,
    LeaseLost,
    Submission,
    SubmissionState,
    new_batch_id,
)

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient, ProgressCallback

log = logging.getLogger("aai_tui.actions")
T = TypeVar("T")

#: How far back the server is searched for a job whose answer was lost.
RECONCILE_PAGES = 5
#: Allowance for the Date header's whole seconds and the trip there and back.
SKEW_MARGIN_SECONDS = 3.0
#: Allowance when the server never sent a Date header (the skew is unknown).
UNMEASURED_SKEW_SECONDS = 120.0
#: How long one submission keeps trying after its first fault, unless told otherwise.
DEFAULT_SUBMIT_DEADLINE = 15 * 60.0
#: Backoff between attempts of one submission: capped, jittered, Retry-After honoured.
SUBMIT_RETRY = RetryPolicy(max_attempts=1_000_000, base_delay=1.0, max_delay=60.0)

IN_ANOTHER = "in progress in another aai-tui"


@dataclass
class SubmitOutcome:
    """What became of one submission."""

    submission: Submission
    transcript: Transcript | None = None
    error: ApiError | InputError | None = None
    elsewhere: bool = False  # another live aai-tui owns it: left alone
    gave_up: bool = False  # retried until the deadline

    @property
    def ok(self) -> bool:
        return self.submission.state is SubmissionState.CREATED

    @property
    def transcript_id(self) -> str | None:
        return self.submission.transcript_id


@dataclass(frozen=True, slots=True)
class Found:
    item: TranscriptListItem


@dataclass(frozen=True, slots=True)
class NotFound:
    pass


@dataclass(frozen=True, slots=True)
class Ambiguous:
    candidates: tuple[str, ...]


Match = Found | NotFound | Ambiguous


@dataclass
class BatchProgress:
    """Counts for a batch, updated as it runs."""

    total: int
    uploaded: int = 0
    created: int = 0
    failed: int = 0
    bytes_sent: int = 0
    bytes_total: int = 0
    retries: int = 0
    started_at: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> int:
        return self.created + self.failed


def retry_can_help(error: ApiError | InputError | None) -> bool:
    """A fault of the link or the server's load, not of the request or the key."""
    if not isinstance(error, ApiError):
        return False
    if error.kind in (ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.NETWORK):
        return True
    return error.kind is ErrorKind.HTTP and error.status in RETRYABLE_STATUSES


def _key_problem(error: ApiError) -> bool:
    return error.kind is ErrorKind.HTTP and error.status in (401, 403)


def _epoch(moment: datetime) -> float:
    """The API's ``created`` has no zone: it is UTC."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


Notice = Callable[[Submission, str], None]


class Submitter:
    """Uploads and creates transcripts, keeping the journal true at every step."""

    def __init__(
        self,
        client: AssemblyAIClient,
        journal: Journal,
        *,
        deadline: float = DEFAULT_SUBMIT_DEADLINE,
        retry_policy: RetryPolicy = SUBMIT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        notice: Notice | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.deadline = deadline
        self.retry_policy = retry_policy
        self._sleep = sleep
        self._clock = clock
        self.notice = notice
        journal.start_renewing()

    async def _journal(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A journal call, off the event loop: SQLite may wait on another process's lock."""
        return await asyncio.to_thread(call, *args, **kwargs)

    async def record_async(
        self,
        source: str | Path,
        params: dict[str, Any],
        *,
        batch_id: str | None = None,
        resubmit_of: str | None = None,
    ) -> Submission:
        """:meth:`record` off the event loop (it probes the file and writes the journal)."""
        return await asyncio.to_thread(
            self.record, source, params, batch_id=batch_id, resubmit_of=resubmit_of
        )

    @property
    def endpoint(self) -> str:
        return self.client.base_url

    def _tell(self, submission: Submission, message: str) -> None:
        log.info("%s: %s", submission.display_name, message)
        if self.notice is not None:
            self.notice(submission, message)

    # ------------------------------------------------------------- single

    def record(
        self,
        source: str | Path,
        params: dict[str, Any],
        *,
        batch_id: str | None = None,
        resubmit_of: str | None = None,
    ) -> Submission:
        """Check a source and write it to the journal; nothing is sent yet."""
        check_params(params)
        if isinstance(source, Path):
            size = check_local_file(source)
            return self.journal.record(
                params=params,
                endpoint=self.endpoint,
                local_path=real_path(source),
                size=size,
                batch_id=batch_id,
                resubmit_of=resubmit_of,
            )
        return self.journal.record(
            params=params,
            endpoint=self.endpoint,
            source_url=check_url(source),
            batch_id=batch_id,
            resubmit_of=resubmit_of,
        )

    async def submit(
        self,
        source: str | Path,
        params: dict[str, Any],
        *,
        batch_id: str | None = None,
        progress: ProgressCallback | None = None,
        gate: CapacityGate | None = None,
        resubmit_of: str | None = None,
    ) -> SubmitOutcome:
        """Submit a local file (uploaded first) or a URL. Never raises for API errors."""
        submission = await self.record_async(
            source, params, batch_id=batch_id, resubmit_of=resubmit_of
        )
        return await self.complete(submission, progress=progress, gate=gate)

    async def complete(
        self,
        submission: Submission,
        *,
        progress: ProgressCallback | None = None,
        gate: CapacityGate | None = None,
        uploads: asyncio.Semaphore | None = None,
    ) -> SubmitOutcome:
        """Take an open submission as far as it can go: retried through faults until it
        is created, has failed for good, or the deadline passed. A submission another
        live aai-tui owns is left alone."""
        claimed = await self._journal(self.journal.claim, [submission.id])
        if not claimed:
            current = await self._journal(self.journal.get, submission.id)
            return SubmitOutcome(current, elsewhere=current.state.open)
        submission = claimed[0]
        started = self._clock()
        attempt = 0
        try:
            while True:
                try:
                    outcome = await self._attempt(
                        submission, progress=progress, gate=gate, uploads=uploads
                    )
                except LeaseLost:
                    current = await self._journal(self.journal.get, submission.id)
                    return SubmitOutcome(current, elsewhere=True)
                state = outcome.submission.state
                if not state.unfinished or not retry_can_help(outcome.error):
                    return self._finished(outcome)
                attempt += 1
                error = outcome.error
                assert isinstance(error, ApiError)
                wait = self.retry_policy.delay(attempt, error.retry_after)
                if self._clock() - started + wait > self.deadline:
                    note = f"{error.message} (still failing after {self.deadline:g} s of retries)"
                    return self._finished(
                        SubmitOutcome(
                            await self._journal(self.journal.note_error, submission.id, note),
                            error=error,
                            gave_up=True,
                        )
                    )
                self._tell(
                    outcome.submission,
                    f"{_short(error)}; trying again in {wait:.1f} s",
                )
                await self._sleep(wait)
                submission = outcome.submission
        finally:
            await self._journal(self.journal.release, [submission.id])

    def _finished(self, outcome: SubmitOutcome) -> SubmitOutcome:
        """Say how a submission ended (the log, and the dashboard's event log)."""
        sub = outcome.submission
        if sub.state is SubmissionState.CREATED:
            log.info("%s: created %s", sub.display_name, sub.transcript_id)
        elif sub.state is SubmissionState.AMBIGUOUS:
            log.warning("%s: several jobs could be its own: %s", sub.display_name, sub.error)
        else:
            log.warning("%s: not created: %s", sub.display_name, sub.error or sub.state.value)
        return outcome

    async def _attempt(
        self,
        submission: Submission,
        *,
        progress: ProgressCallback | None,
        gate: CapacityGate | None,
        uploads: asyncio.Semaphore | None = None,
    ) -> SubmitOutcome:
        if uploads is not None and submission.state is SubmissionState.RECORDED:
            async with uploads:
                step = await self.upload_step(submission, progress=progress)
        else:
            step = await self.upload_step(submission, progress=progress)
        if isinstance(step, SubmitOutcome):
            return step
        return await self.create_step(step, gate=gate)

    async def upload_step(
        self, submission: Submission, *, progress: ProgressCallback | None = None
    ) -> Submission | SubmitOutcome:
        """Upload the local file if it is not uploaded yet; an outcome means stop here."""
        if submission.state is not SubmissionState.RECORDED or not submission.local_path:
            return submission
        path = Path(submission.local_path)
        try:
            await asyncio.to_thread(check_local_file, path)
            upload_url = await self.client.upload(path, progress=progress)
        except InputError as error:
            return SubmitOutcome(
                await self._journal(self.journal.mark_failed, submission.id, str(error)),
                error=error,
            )
        except ApiError as error:
            if retry_can_help(error) or _key_problem(error):
                # An orphaned upload costs nothing: the step can simply be tried again.
                return SubmitOutcome(
                    await self._journal(self.journal.note_error, submission.id, error.message),
                    error=error,
                )
            return SubmitOutcome(
                await self._journal(self.journal.mark_failed, submission.id, error.message),
                error=error,
            )
        return await self._journal(self.journal.mark_uploaded, submission.id, upload_url)

    async def create_step(
        self, submission: Submission, *, gate: CapacityGate | None = None
    ) -> SubmitOutcome:
        """Create the job, once: a submission that may already have one is looked up first."""
        if submission.state is SubmissionState.CREATING:
            settled = await self._settle_by_search(submission, None)
            if settled is not None:
                return settled
            submission = await self._journal(self.journal.get, submission.id)
        if not submission.state.unfinished:
            return SubmitOutcome(submission)
        if gate is not None:
            await gate.wait_for_room()
        try:
            outcome = await self._create(submission)
        except BaseException:
            if gate is not None:
                gate.release()
            raise
        if gate is not None:
            if outcome.transcript_id:
                gate.started(outcome.transcript_id)
            else:
                gate.release()
        return outcome

    async def _create(self, submission: Submission) -> SubmitOutcome:
        body = {**submission.params, "audio_url": submission.audio_url}
        if self.client.server_clock_offset is None and submission.sent_at is None:
            # One answer first, for the server's clock: a lost answer's job is then
            # looked for from a time measured before the send.
            with contextlib.suppress(ApiError):
                await self.client.list_transcripts(limit=1)
        submission = await self._journal(
            self.journal.mark_creating,
            submission.id,
            server_offset=self.client.server_clock_offset,
        )
        try:
            transcript = await self.client.create_transcript(body)
        except ApiError as error:
            return await self._create_failed(submission, error)
        return SubmitOutcome(
            await self._journal(self.journal.mark_created, submission.id, transcript.id),
            transcript=transcript,
        )

    async def _create_failed(self, submission: Submission, error: ApiError) -> SubmitOutcome:
        before = SubmissionState.UPLOADED if submission.upload_url else SubmissionState.RECORDED
        if error.kind is ErrorKind.CONNECT or error.status == 429 or _key_problem(error):
            # Nothing left this machine, or the server refused before acting: no job
            # exists, so the submission steps back and is safe to send again.
            return SubmitOutcome(
                await self._journal(self.journal.step_back, submission.id, before, error.message),
                error=error,
            )
        if error.kind is ErrorKind.HTTP and error.status is not None and error.status < 500:
            # The server answered and refused: no job exists.
            return SubmitOutcome(
                await self._journal(self.journal.mark_failed, submission.id, error.message),
                error=error,
            )
        # The answer was lost: the job may exist. Look before anything else is sent.
        log.warning(
            "create answer lost for submission %d (%s); searching the server",
            submission.id,
            error.message,
        )
        settled = await self._settle_by_search(submission, error)
        if settled is not None:
            return settled
        return SubmitOutcome(await self._journal(self.journal.get, submission.id), error=error)

    async def _settle_by_search(
        self, submission: Submission, lost: ApiError | None
    ) -> SubmitOutcome | None:
        """Search for the job of a submission in ``creating``. An outcome when it is
        settled (found, ambiguous) or must wait (the search failed); None when the
        server shows no job, so the create may be sent again."""
        try:
            match = await self.find_on_server(submission)
        except ApiError as search_error:
            log.warning("search for submission %d failed: %s", submission.id, search_error.message)
            message = f"{(lost or search_error).message} (looking for its job failed)"
            return SubmitOutcome(
                await self._journal(self.journal.note_error, submission.id, message),
                error=search_error if retry_can_help(search_error) else lost or search_error,
            )
        if isinstance(match, Found):
            try:
                found = await self._journal(
                    self.journal.mark_created, submission.id, match.item.id, found=True
                )
            except AlreadyClaimed as taken:
                # Another submission took it between the search and now: look again.
                return SubmitOutcome(
                    await self._journal(self.journal.note_error, submission.id, str(taken)),
                    error=ApiError(str(taken), kind=ErrorKind.NETWORK),
                )
            self._tell(found, f"its job was found on the server: {match.item.id}")
            return SubmitOutcome(found)
        if isinstance(match, Ambiguous):
            why = (
                f"{len(match.candidates)} jobs on the server could be this submission's: "
                + ", ".join(match.candidates)
                + " (choose: aai-tui pending --assign "
                + f"{submission.id} TRANSCRIPT_ID)"
            )
            return SubmitOutcome(
                await self._journal(
                    self.journal.mark_ambiguous, submission.id, list(match.candidates), why
                )
            )
        # Searched, and no job: the create did not happen; it may be sent again.
        before = SubmissionState.UPLOADED if submission.upload_url else SubmissionState.RECORDED
        message = lost.message if lost is not None else (submission.error or "")
        await self._journal(self.journal.step_back, submission.id, before, message)
        if lost is not None:
            return SubmitOutcome(await self._journal(self.journal.get, submission.id), error=lost)
        return None

    async def find_on_server(self, submission: Submission) -> Match:
        """The job this submission created, if the server shows one: the same audio URL,
        created after the request was sent (on the server's clock), and not another
        journal record's. Several left over → narrowed by their options, or ambiguous."""
        audio_url = submission.audio_url
        if not audio_url:
            return NotFound()
        sent_at = submission.sent_at or submission.created_at
        candidates: list[TranscriptListItem] = []
        page = await self.client.list_transcripts(limit=200)

        def window_start() -> float:
            if submission.sent_server_at is not None and submission.sent_at is not None:
                # Measured before the first send: the server's clock only moved on from
                # there, however far (a clock measured now could have jumped past it).
                return submission.sent_server_at - SKEW_MARGIN_SECONDS
            offset = self.client.server_clock_offset
            if offset is None:
                return sent_at - UNMEASURED_SKEW_SECONDS
            return sent_at + offset - SKEW_MARGIN_SECONDS

        for _ in range(RECONCILE_PAGES):
            since = window_start()
            for item in page.transcripts:
                if item.audio_url != audio_url or item.created is None:
                    continue
                if _epoch(item.created) >= since:
                    candidates.append(item)
            oldest = page.transcripts[-1] if page.transcripts else None
            if oldest is None or oldest.created is None or page.page_details.prev_url is None:
                break
            if _epoch(oldest.created) < since:
                break
            page = await self.client.list_transcripts_at(page.page_details.prev_url)
        ids = [item.id for item in candidates]
        taken = await self._journal(self.journal.claimed_by_others, ids, submission.id)
        left = [item for item in candidates if item.id not in taken]
        log.debug(
            "search for submission %d: created since %.3f (server clock), %d with its "
            "audio URL, %d held by other records",
            submission.id,
            window_start(),
            len(candidates),
            len(taken),
        )
        if not left:
            return NotFound()
        if len(left) == 1:
            return Found(left[0])
        same = [item for item in left if await self._same_request(item.id, submission.params)]
        if len(same) == 1:
            return Found(same[0])
        return Ambiguous(tuple(item.id for item in (same or left)))

    async def _same_request(self, transcript_id: str, params: Mapping[str, Any]) -> bool:
        """Whether the job echoes every option this submission asked for."""
        transcript = await self.client.get_transcript(transcript_id)
        echoed = transcript.raw
        return all(echoed.get(name) == value for name, value in params.items() if name in echoed)

    # --------------------------------------------------------------- batch

    async def record_batch(
        self,
        sources: Sequence[str | Path],
        params: dict[str, Any],
        *,
        batch_id: str | None = None,
        checked: Mapping[Path, PlannedSource] | None = None,
    ) -> tuple[str, list[Submission]]:
        """Check every source and write the whole batch to the journal at once, before
        anything is sent; sources that cannot be sent are recorded as failed.
        ``checked``: files already probed (a batch plan), with size and duration."""
        check_params(params)
        batch_id = batch_id or new_batch_id()
        known = dict(checked or {})

        def entries() -> list[BatchEntry]:
            written: list[BatchEntry] = []
            for source in sources:
                if isinstance(source, Path) and source in known:
                    planned = known[source]
                    written.append(
                        BatchEntry(
                            local_path=real_path(source),
                            size=planned.size,
                            duration=planned.duration or None,
                        )
                    )
                elif isinstance(source, Path):
                    try:
                        size = check_local_file(source)
                    except InputError as error:
                        written.append(
                            BatchEntry(local_path=source, failure=_reason(error, source))
                        )
                        continue
                    written.append(BatchEntry(local_path=real_path(source), size=size))
                else:
                    try:
                        written.append(BatchEntry(source_url=check_url(source)))
                    except InputError as error:
                        written.append(
                            BatchEntry(source_url=source, failure=_reason(error, source))
                        )
            return written

        recorded = await self._journal(
            self.journal.record_batch,
            await asyncio.to_thread(entries),
            params=params,
            endpoint=self.endpoint,
            batch_id=batch_id,
        )
        return batch_id, recorded

    async def submit_batch(
        self,
        sources: Sequence[str | Path],
        params: dict[str, Any],
        *,
        parallel_uploads: int = 4,
        on_progress: Callable[[BatchProgress, SubmitOutcome | None], None] | None = None,
        batch_id: str | None = None,
        gate: CapacityGate | None = None,
        checked: Mapping[Path, PlannedSource] | None = None,
    ) -> tuple[str, list[SubmitOutcome]]:
        """Submit many sources: the batch is journaled whole first, then each goes on
        with bounded parallel uploads until it is created or cannot be."""
        batch_id, recorded = await self.record_batch(
            sources, params, batch_id=batch_id, checked=checked
        )
        outcomes = await self.complete_batch(
            recorded, parallel_uploads=parallel_uploads, on_progress=on_progress, gate=gate
        )
        return batch_id, outcomes

    async def complete_batch(
        self,
        submissions: Sequence[Submission],
        *,
        parallel_uploads: int = 4,
        on_progress: Callable[[BatchProgress, SubmitOutcome | None], None] | None = None,
        gate: CapacityGate | None = None,
    ) -> list[SubmitOutcome]:
        """Finish journaled submissions together (a new batch, or open work)."""
        progress = BatchProgress(total=len(submissions))
        progress.bytes_total = sum(
            s.size or 0 for s in submissions if s.state is SubmissionState.RECORDED
        )
        uploads = asyncio.Semaphore(max(1, parallel_uploads))

        async def one(submission: Submission) -> SubmitOutcome:
            sent_before = 0

            def bytes_sent(sent: int, total: int) -> None:
                nonlocal sent_before
                progress.bytes_sent += sent - sent_before
                sent_before = sent
                if on_progress:
                    on_progress(progress, None)

            if submission.state is SubmissionState.FAILED:
                # Refused before anything was sent (empty, too large, not a URL): the
                # batch keeps it as failed, and the log says so once.
                log.warning("%s: not sent: %s", submission.display_name, submission.error)
                outcome = SubmitOutcome(submission, error=InputError(submission.error or ""))
            else:
                outcome = await self.complete(
                    submission, progress=bytes_sent, gate=gate, uploads=uploads
                )
            if outcome.submission.upload_url:
                progress.uploaded += 1
            if outcome.ok:
                progress.created += 1
            elif outcome.submission.state is SubmissionState.FAILED:
                progress.failed += 1
            if on_progress:
                on_progress(progress, outcome)
            return outcome

        return list(await asyncio.gather(*(one(s) for s in submissions)))

    # ------------------------------------------------------------ resubmit

    async def resubmit(
        self,
        transcript: Transcript,
        *,
        params: dict[str, Any] | None = None,
        progress: ProgressCallback | None = None,
    ) -> SubmitOutcome:
        """The same audio again, with ``params`` (default: the original's), uploading the
        local file anew when the upload URL is gone (expired, deleted, another region)."""
        earlier = await self._journal(self.journal.by_transcript, transcript.id)
        if params is None:
            params = dict(earlier.params) if earlier else resubmit_params(transcript.raw)
        local = Path(earlier.local_path) if earlier and earlier.local_path else None
        again = transcript.id
        if earlier is None or local is None or earlier.upload_url is None:
            return await self.submit(
                transcript.audio_url, params, progress=progress, resubmit_of=again
            )
        gone = (
            earlier.endpoint != self.endpoint
            or time.time() - earlier.updated_at > UPLOAD_LIFETIME_SECONDS
            or (transcript.error or "").startswith("File not found at ")
            or transcript.audio_url != earlier.upload_url
        )
        if gone:
            return await self.submit(local, params, progress=progress, resubmit_of=again)
        submission = await self._journal(
            self.journal.record,
            params=params,
            endpoint=self.endpoint,
            local_path=local,
            size=earlier.size,
            resubmit_of=again,
        )
        submission = await self._journal(
            self.journal.mark_uploaded, submission.id, earlier.upload_url
        )
        return await self.complete(submission)


#: Upload URLs stop working after this long.
UPLOAD_LIFETIME_SECONDS = 24 * 3600


def _reason(error: InputError, source: str | Path) -> str:
    """Why a source cannot be sent, without its name: the journal keeps the name
    beside it, and B and ``aai-tui batches`` show them side by side."""
    message = str(error)
    named = f"{source}: "
    return message[len(named) :] if message.startswith(named) else message


def _short(error: ApiError) -> str:
    return f"HTTP {error.status}" if error.status is not None else error.message


def resubmit_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every option the transcript echoes, as a new request body (no audio_url)."""
    return carried_options(raw)
