"""Resubmitting: plan first (which jobs, with which options, what is left out and
why), then send exactly what the plan showed.

The dashboard shows a plan and waits for Enter; nothing here asks anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from aai_tui.actions.inputs import InputError
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptStatus
from aai_tui.api.request_options import carried_options, without_defaults
from aai_tui.formatting import audio_name
from aai_tui.troubleshoot import explain

if TYPE_CHECKING:
    from aai_tui.actions.submit import SubmitOutcome, Submitter
    from aai_tui.journal import Journal


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """One job to send again: the transcript it repeats and the options it will carry."""

    transcript: Transcript
    label: str
    params: Mapping[str, Any]
    #: The options it was sent with and failed with: what an edit is measured against.
    failed_with: Mapping[str, Any]

    @property
    def transcript_id(self) -> str:
        return self.transcript.id


@dataclass(frozen=True, slots=True)
class LeftOut:
    transcript_id: str
    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class ResubmitPlan:
    jobs: tuple[PlannedJob, ...]
    left_out: tuple[LeftOut, ...] = ()

    def with_changes(self, changes: Mapping[str, Any]) -> ResubmitPlan:
        """Every job with ``changes`` applied over its own options (None removes one)."""
        jobs = []
        for job in self.jobs:
            merged = {**job.params, **changes}
            jobs.append(
                replace(
                    job, params=without_defaults({k: v for k, v in merged.items() if v is not None})
                )
            )
        return replace(self, jobs=tuple(jobs))

    def set_aside(self, reasons: Mapping[str, str]) -> ResubmitPlan:
        """The plan without the jobs named in ``reasons``, which go to its left-out list
        with their reason."""
        return replace(
            self,
            jobs=tuple(job for job in self.jobs if job.transcript_id not in reasons),
            left_out=self.left_out
            + tuple(
                LeftOut(job.transcript_id, job.label, reasons[job.transcript_id])
                for job in self.jobs
                if job.transcript_id in reasons
            ),
        )

    def common_options(self) -> dict[str, Any]:
        """The options every job shares: what an edit for the whole group starts from."""
        if not self.jobs:
            return {}
        first = dict(self.jobs[0].params)
        return {
            k: v for k, v in first.items() if all(job.params.get(k) == v for job in self.jobs[1:])
        }


def job_label(transcript: Transcript, local_names: Mapping[str, str]) -> str:
    return local_names.get(transcript.id) or audio_name(transcript.audio_url) or transcript.id


def original_params(transcript: Transcript, journal: Journal | None) -> dict[str, Any]:
    """The options a transcript was created with: the journal's record when this machine
    sent it, else every option the transcript echoes."""
    earlier = journal.by_transcript(transcript.id) if journal is not None else None
    if earlier is not None:
        return dict(earlier.params)
    return carried_options(transcript.raw)


def plan_resubmit(
    transcripts: Sequence[Transcript],
    *,
    journal: Journal | None,
    local_names: Mapping[str, str],
    failed_only: bool = False,
) -> ResubmitPlan:
    """Which of ``transcripts`` to send again, with their own options.

    With ``failed_only`` (``R``), only failures a resubmission as they are can help
    (a passing fault, "yes" in the failures view) are planned; jobs that did not fail,
    and failures that need a fix first ("after the fix") or never help ("no"), are
    left out with the reason. A job this journal resubmitted already is always left
    out, with the id of the job that repeats it.
    """
    jobs: list[PlannedJob] = []
    left_out: list[LeftOut] = []
    ids = [t.id for t in transcripts]
    again = journal.resubmissions_of(ids) if journal is not None else {}
    if journal is not None:  # the local file's name, whatever this session has read
        local_names = {**journal.local_names_for(ids), **local_names}
    for transcript in transcripts:
        label = job_label(transcript, local_names)
        earlier = again.get(transcript.id)
        if earlier is not None:
            # Sent again already (by this or another aai-tui on this journal): a second
            # time would be a second paid job for one piece of audio. The new job is the
            # one to look at, and to resubmit if it failed too.
            made = earlier.transcript_id
            left_out.append(
                LeftOut(
                    transcript.id,
                    label,
                    f"already resubmitted as {made[:8]}"
                    if made
                    else "already being resubmitted (not finished)",
                )
            )
            continue
        if transcript.deleted:
            # Its audio is gone from the account: sending "http://deleted_by_user" only
            # fails (and a billed job must never be a guess).
            left_out.append(LeftOut(transcript.id, label, "deleted: its audio is gone"))
            continue
        if failed_only:
            if transcript.status is not TranscriptStatus.ERROR:
                left_out.append(LeftOut(transcript.id, label, f"not failed ({transcript.status})"))
                continue
            entry = explain(transcript.error or "").entry
            if not entry.retryable:
                why = (
                    "resubmitting helps only after the fix"
                    if entry.resubmit and not entry.fails_the_same_way
                    else "resubmitting as it is fails the same way"
                )
                left_out.append(LeftOut(transcript.id, label, f"{entry.title}: {why}"))
                continue
        params = original_params(transcript, journal)
        jobs.append(PlannedJob(transcript, label, params, failed_with=params))
    return ResubmitPlan(tuple(jobs), tuple(left_out))


@dataclass(frozen=True, slots=True)
class ResubmitResult:
    job: PlannedJob
    outcome: SubmitOutcome | None = None
    error: ApiError | InputError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is not None and self.outcome.ok

    @property
    def failure(self) -> ApiError | InputError | str | None:
        if self.error is not None:
            return self.error
        if self.outcome is not None and not self.outcome.ok:
            return self.outcome.error or self.outcome.submission.error or "not finished"
        return None


async def run_resubmit(
    submitter: Submitter,
    plan: ResubmitPlan,
    on_result: Callable[[ResubmitResult], None] | None = None,
) -> list[ResubmitResult]:
    """Send exactly the plan's jobs, each with the options the plan shows for it."""
    results: list[ResubmitResult] = []
    for job in plan.jobs:
        try:
            outcome = await submitter.resubmit(job.transcript, params=dict(job.params))
        except (ApiError, InputError) as error:
            result = ResubmitResult(job, error=error)
        else:
            result = ResubmitResult(job, outcome=outcome)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
