"""Submitting without ever losing a job or paying for one twice.

Every submission is written to the journal first. The upload and the create are
each recorded as they finish. When the create's answer is lost (a timeout, a
dropped connection, a 5xx), the job may exist: it is looked for on the server
by its unique upload URL before anything is sent again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aai_tui.actions.capacity import CapacityGate
from aai_tui.actions.inputs import InputError, check_local_file, check_params, check_url
from aai_tui.api.errors import ApiError, ErrorKind
from aai_tui.api.models import Transcript, TranscriptListItem
from aai_tui.api.request_options import carried_options
from aai_tui.journal import Journal, Submission, SubmissionState, new_batch_id

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient, ProgressCallback

log = logging.getLogger("aai_tui.actions")
T = TypeVar("T")

#: How far back the server is searched for a job whose answer was lost.
RECONCILE_PAGES = 5
RECONCILE_SLACK_SECONDS = 120.0


@dataclass
class SubmitOutcome:
    """What became of one submission."""

    submission: Submission
    transcript: Transcript | None = None
    error: ApiError | InputError | None = None

    @property
    def ok(self) -> bool:
        return self.submission.state is SubmissionState.CREATED

    @property
    def transcript_id(self) -> str | None:
        return self.submission.transcript_id


@dataclass
class BatchProgress:
    """Counts for a batch, updated as it runs."""

    total: int
    uploaded: int = 0
    created: int = 0
    failed: int = 0
    bytes_sent: int = 0
    bytes_total: int = 0
    started_at: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> int:
        return self.created + self.failed


class Submitter:
    """Uploads and creates transcripts, keeping the journal true at every step."""

    def __init__(self, client: AssemblyAIClient, journal: Journal) -> None:
        self.client = client
        self.journal = journal

    async def _journal(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A journal call, off the event loop: SQLite may wait on another process's lock."""
        return await asyncio.to_thread(call, *args, **kwargs)

    async def record_async(
        self, source: str | Path, params: dict[str, Any], *, batch_id: str | None = None
    ) -> Submission:
        """:meth:`record` off the event loop (it probes the file and writes the journal)."""
        return await asyncio.to_thread(self.record, source, params, batch_id=batch_id)

    @property
    def endpoint(self) -> str:
        return self.client.base_url

    # ------------------------------------------------------------- single

    def record(
        self, source: str | Path, params: dict[str, Any], *, batch_id: str | None = None
    ) -> Submission:
        """Check a source and write it to the journal; nothing is sent yet."""
        check_params(params)
        if isinstance(source, Path):
            size = check_local_file(source)
            return self.journal.record(
                params=params,
                endpoint=self.endpoint,
                local_path=source.resolve(),
                size=size,
                batch_id=batch_id,
            )
        return self.journal.record(
            params=params,
            endpoint=self.endpoint,
            source_url=check_url(source),
            batch_id=batch_id,
        )

    async def submit(
        self,
        source: str | Path,
        params: dict[str, Any],
        *,
        batch_id: str | None = None,
        progress: ProgressCallback | None = None,
        gate: CapacityGate | None = None,
    ) -> SubmitOutcome:
        """Submit a local file (uploaded first) or a URL. Never raises for API errors."""
        submission = await self.record_async(source, params, batch_id=batch_id)
        return await self.complete(submission, progress=progress, gate=gate)

    async def complete(
        self,
        submission: Submission,
        *,
        progress: ProgressCallback | None = None,
        gate: CapacityGate | None = None,
    ) -> SubmitOutcome:
        """Take an unfinished submission as far as it can go."""
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
            check_local_file(path)
            upload_url = await self.client.upload(path, progress=progress)
        except InputError as error:
            return SubmitOutcome(
                await self._journal(self.journal.mark_failed, submission.id, str(error)),
                error=error,
            )
        except ApiError as error:
            # An orphaned upload costs nothing: the step can simply be tried again.
            return SubmitOutcome(
                await self._journal(self.journal.note_error, submission.id, error.message),
                error=error,
            )
        return await self._journal(self.journal.mark_uploaded, submission.id, upload_url)

    async def create_step(
        self, submission: Submission, *, gate: CapacityGate | None = None
    ) -> SubmitOutcome:
        """Create the job, once: a submission that may already have one is looked up first."""
        if submission.state is SubmissionState.CREATING:
            found = await self.find_on_server(submission)
            if found is not None:
                return SubmitOutcome(
                    await self._journal(self.journal.mark_created, submission.id, found.id)
                )
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
        submission = await self._journal(self.journal.mark_creating, submission.id)
        try:
            transcript = await self.client.create_transcript(body)
        except ApiError as error:
            return await self._create_failed(submission, error)
        return SubmitOutcome(
            await self._journal(self.journal.mark_created, submission.id, transcript.id),
            transcript=transcript,
        )

    async def _create_failed(self, submission: Submission, error: ApiError) -> SubmitOutcome:
        if error.kind is ErrorKind.CONNECT or error.status == 429:
            # Nothing left this machine, or the rate limit refused it: no job exists,
            # so the submission steps back and is safe to try again.
            before = SubmissionState.UPLOADED if submission.upload_url else SubmissionState.RECORDED
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
        try:
            found = await self.find_on_server(submission)
        except ApiError as search_error:
            log.warning("search for submission %d failed: %s", submission.id, search_error.message)
            found = None
        if found is not None:
            return SubmitOutcome(
                await self._journal(self.journal.mark_created, submission.id, found.id)
            )
        return SubmitOutcome(
            await self._journal(self.journal.note_error, submission.id, error.message), error=error
        )

    async def find_on_server(self, submission: Submission) -> TranscriptListItem | None:
        """The job this submission created, if the server has one, by its audio URL."""
        audio_url = submission.audio_url
        if not audio_url:
            return None
        since = submission.created_at - RECONCILE_SLACK_SECONDS
        page = await self.client.list_transcripts(limit=200)
        for _ in range(RECONCILE_PAGES):
            for item in page.transcripts:
                if item.audio_url == audio_url:
                    return item
            oldest = page.transcripts[-1] if page.transcripts else None
            if oldest is None or oldest.created is None or page.page_details.prev_url is None:
                return None
            if oldest.created.timestamp() < since:
                return None
            page = await self.client.list_transcripts_at(page.page_details.prev_url)
        return None

    # --------------------------------------------------------------- batch

    async def submit_batch(
        self,
        sources: Sequence[str | Path],
        params: dict[str, Any],
        *,
        parallel_uploads: int = 4,
        on_progress: Callable[[BatchProgress, SubmitOutcome | None], None] | None = None,
        batch_id: str | None = None,
        gate: CapacityGate | None = None,
    ) -> tuple[str, list[SubmitOutcome]]:
        """Submit many sources with bounded parallelism. Each is journaled on its own."""
        check_params(params)
        batch_id = batch_id or new_batch_id()
        progress = BatchProgress(total=len(sources))
        sizes: dict[int, int] = {}
        for index, source in enumerate(sources):
            if isinstance(source, Path):
                try:
                    sizes[index] = source.stat().st_size
                except OSError:
                    sizes[index] = 0
        progress.bytes_total = sum(sizes.values())
        uploads = asyncio.Semaphore(max(1, parallel_uploads))
        outcomes: list[SubmitOutcome | None] = [None] * len(sources)

        async def one(index: int, source: str | Path) -> None:
            sent_before = 0

            def bytes_sent(sent: int, total: int) -> None:
                nonlocal sent_before
                progress.bytes_sent += sent - sent_before
                sent_before = sent
                if on_progress:
                    on_progress(progress, None)

            try:
                submission = await self.record_async(source, params, batch_id=batch_id)
            except InputError as error:
                submission = await self._journal(
                    self.journal.record,
                    params=params,
                    endpoint=self.endpoint,
                    local_path=source if isinstance(source, Path) else None,
                    source_url=source if isinstance(source, str) else None,
                    batch_id=batch_id,
                )
                outcome = SubmitOutcome(
                    await self._journal(self.journal.mark_failed, submission.id, str(error)),
                    error=error,
                )
            else:
                async with uploads:
                    step = await self.upload_step(submission, progress=bytes_sent)
                if isinstance(step, SubmitOutcome):
                    outcome = step
                else:
                    outcome = await self.create_step(step, gate=gate)
            outcomes[index] = outcome
            if outcome.submission.upload_url:
                progress.uploaded += 1
            if outcome.ok:
                progress.created += 1
            elif outcome.submission.state is SubmissionState.FAILED:
                progress.failed += 1
            if on_progress:
                on_progress(progress, outcome)

        await asyncio.gather(*(one(i, s) for i, s in enumerate(sources)))
        return batch_id, [o for o in outcomes if o is not None]

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
        if earlier is None or local is None or earlier.upload_url is None:
            return await self.submit(transcript.audio_url, params, progress=progress)
        gone = (
            earlier.endpoint != self.endpoint
            or time.time() - earlier.updated_at > UPLOAD_LIFETIME_SECONDS
            or (transcript.error or "").startswith("File not found at ")
            or transcript.audio_url != earlier.upload_url
        )
        if gone:
            return await self.submit(local, params, progress=progress)
        submission = await self._journal(
            self.journal.record,
            params=params,
            endpoint=self.endpoint,
            local_path=local,
            size=earlier.size,
        )
        submission = await self._journal(
            self.journal.mark_uploaded, submission.id, earlier.upload_url
        )
        return await self.complete(submission)


#: Upload URLs stop working after this long.
UPLOAD_LIFETIME_SECONDS = 24 * 3600


def resubmit_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every option the transcript echoes, as a new request body (no audio_url)."""
    return carried_options(raw)
