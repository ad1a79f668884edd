"""Resubmit: fetch the jobs, plan, show the plan (with the options, editable), send
exactly what was shown; a retired model leads to the one-key fix."""

from __future__ import annotations

from typing import Any

from aai_tui.actions.inputs import InputError
from aai_tui.actions.queries import read_transcripts
from aai_tui.actions.resubmit import (
    ResubmitPlan,
    ResubmitResult,
    plan_resubmit,
    run_resubmit,
)
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptStatus
from aai_tui.formatting import counted, some_of
from aai_tui.troubleshoot import explain
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.failures import FailuresScreen
from aai_tui.ui.screens.resubmit import ResubmitScreen, causes_of, fails_as_it_is

#: Seconds of reading the jobs before the resubmission says it is still at it.
SLOW_PLAN_S = 0.6


class ResubmitFlow(Flow):
    def start(
        self, ids: list[str], *, failed_only: bool, scope: str = "", picked: bool = True
    ) -> None:
        """``scope``: where the ids come from, for the dialog's title (" on this page").
        ``picked``: the user chose these jobs (r, a failures group); R gathers a page's,
        and never offers failures only a fix of their audio helps (an expired upload
        URL, a web page's URL: a bulk "Enter twice" could only fail again, paid)."""
        if not ids:
            self.tell(
                "No transcript in view has failed." if failed_only else "No transcript selected.",
                timeout=3,
            )
            return
        self.screen.run_worker(
            self._plan(ids, failed_only, scope, picked),
            group="resubmit-plan",
            exclusive=True,
            exit_on_error=False,
            name="Preparing the resubmission",
        )

    async def _plan(self, ids: list[str], failed_only: bool, scope: str, picked: bool) -> None:
        # The jobs are read first: said when that is slow (the API retrying after a 429
        # or a 500), or r seemed to do nothing and was pressed again.
        slow = self.screen.set_timer(
            SLOW_PLAN_S,
            lambda: self.tell(
                f"Reading {counted(len(ids), 'job')} to resubmit…",
                timeout=4,
            ),
        )
        try:
            await self._plan_read(ids, failed_only, scope, picked)
        finally:
            slow.stop()

    async def _plan_read(self, ids: list[str], failed_only: bool, scope: str, picked: bool) -> None:
        client = self.app.client
        if client is None:
            self.tell("Resubmitting needs the real API client.", severity="warning")
            return
        transcripts, refused = await read_transcripts(client, ids)
        for transcript_id, error in refused:
            self.fail(f"Resubmitting {transcript_id[:8]}", error)
        if not transcripts:
            return
        plan = await self.off_loop(
            lambda: plan_resubmit(
                transcripts,
                journal=self.app.journal,
                local_names=self.app.local_names,
                failed_only=failed_only,
            )
        )
        fix_first: str | None = None
        fix_in_options = True
        if not plan.jobs and failed_only:
            # Failures that fail again as they are: offered with what must change first
            # (the options, or the audio and its URL), never sent without being told.
            fixable = [
                t
                for t in transcripts
                if _needs_a_fix(t) and (picked or explain(t.error or "").entry.fixed_by_options)
            ]
            if fixable:
                fixed = await self.off_loop(
                    lambda: plan_resubmit(
                        fixable, journal=self.app.journal, local_names=self.app.local_names
                    )
                )
                ids_fixable = {t.id for t in fixable}
                plan = ResubmitPlan(
                    fixed.jobs,
                    tuple(i for i in plan.left_out if i.transcript_id not in ids_fixable)
                    + fixed.left_out,  # those resubmitted already stay left out, said why
                )
        if plan.jobs:
            # One dialog cannot both wait for an edit and ask twice: beside failures an
            # option fixes, those in the audio are set aside (an edit fixes nothing
            # there, and one Enter sent them with it).
            plan = set_aside_audio_fixes(plan)
            # The causes of the jobs offered (not of those left out, resubmitted
            # already), whether R found them or they were picked by hand with r: one an
            # option fixes is never sent unchanged, one in the audio is asked twice.
            fix_first, fix_in_options = what_to_fix([job.transcript for job in plan.jobs])
        if not plan.jobs:
            reasons = some_of([f"{i.label}: {i.reason}" for i in plan.left_out], sep="; ")
            self.tell(
                f"Nothing to resubmit: left out {len(plan.left_out)} ({reasons}).",
                timeout=8,
                severity="warning",
            )
            return
        title = (
            f"Resubmit {counted(len(plan.jobs), 'failed job')} worth retrying{scope}"
            if failed_only
            else f"Resubmit {counted(len(plan.jobs), 'job')}"
        )
        if fix_first:
            # What must change first: the options (edited here), or the audio itself.
            what = counted(len(plan.jobs), "failed job" if failed_only else "job")
            their = "its" if len(plan.jobs) == 1 else "their"
            title = (
                f"Resubmit {what}{scope} once {their} options are fixed"
                if fix_in_options
                else f"Resubmit {what}{scope} once {their} audio is fixed"
            )
        self.app.push_screen(
            ResubmitScreen(plan, title=title, fix_first=fix_first, fix_in_options=fix_in_options),
            self._confirmed,
        )

    def _confirmed(self, plan: ResubmitPlan | None) -> None:
        if plan is not None:
            self.run(plan)

    def run(self, plan: ResubmitPlan) -> None:
        self.screen.run_worker(
            self._run(plan), group="resubmit", exit_on_error=False, name="Resubmitting"
        )

    async def _run(self, plan: ResubmitPlan) -> None:
        submitter = self.app.submitter
        if submitter is None:
            self.tell("Resubmitting needs the real API client.", severity="warning")
            return
        retired: list[ResubmitResult] = []

        def on_result(result: ResubmitResult) -> None:
            if result.ok and result.outcome is not None and result.outcome.transcript_id:
                self.screen.watch_jobs([result.outcome.transcript_id])
                return
            failure = result.failure
            if (
                isinstance(failure, ApiError)
                and explain(failure.message, status=failure.status).replacement_models
            ):
                retired.append(result)
            elif failure is not None:
                self.fail(f"Resubmitting {result.job.transcript_id[:8]}", _as_error(failure))

        results = await run_resubmit(submitter, plan, on_result)
        self.screen.unmark([r.job.transcript_id for r in results if r.ok])
        self.screen.after_submissions()
        done = sum(1 for r in results if r.ok)
        if done:
            self.tell(f"Resubmitted {done} of {len(results)}.")
        # A failures view it was sent from shows what was resubmitted, at once.
        for screen in self.app.screen_stack:
            if isinstance(screen, FailuresScreen):
                screen.action_refresh()
        if retired:
            first = retired[0].failure
            assert isinstance(first, ApiError)
            self.screen.offer_model_fix(first, replan=ResubmitPlan(tuple(r.job for r in retired)))


def _needs_a_fix(transcript: Transcript) -> bool:
    """Failed in a way a resubmission with other options (not as it is) can fix."""
    if transcript.status is not TranscriptStatus.ERROR:
        return False
    entry = explain(transcript.error or "").entry
    return bool(entry.resubmit) and not entry.retryable


#: Why a failure in the audio is left out beside failures an option fixes (after its cause).
AUDIO_FIX_SET_ASIDE = "no option fixes it: fix the audio or its URL, then resubmit it on its own"


def set_aside_audio_fixes(plan: ResubmitPlan) -> ResubmitPlan:
    """``plan`` without its failures no option fixes when it holds any other job (one
    an option fixes, or one that goes as it is: a server error): those go to its
    left-out list, each with its cause and why ("Enter twice" beside a server error
    paid for one certain to fail again). Unchanged when they are all there is."""
    entries = {
        job.transcript_id: explain(job.transcript.error or "").entry
        for job in plan.jobs
        if fails_as_it_is(job.transcript)
    }
    audio = {tid for tid, entry in entries.items() if not entry.fixed_by_options}
    if not audio or len(audio) == len(plan.jobs):
        return plan
    return plan.set_aside(
        {
            transcript_id: f"{entry.title}: {AUDIO_FIX_SET_ASIDE}"
            for transcript_id, entry in entries.items()
            if not entry.fixed_by_options
        }
    )


def what_to_fix(transcripts: list[Transcript]) -> tuple[str | None, bool]:
    """Why the failed ones among ``transcripts`` fail again as they are (every cause,
    counted), and whether an option fixes them; ``(None, True)`` when none does."""
    entries = [explain(t.error or "").entry for t in transcripts if fails_as_it_is(t)]
    if not entries:
        return None, True
    return (
        causes_of([entry.title for entry in entries]),
        any(entry.fixed_by_options for entry in entries),
    )


def _as_error(failure: Any) -> ApiError | InputError | str:
    return failure if isinstance(failure, ApiError | InputError) else str(failure)
