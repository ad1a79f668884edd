"""Submit: the form, the plan (files probed off the UI loop), a confirmation that
shows what will be sent, then the batch in a worker."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from textual.worker import Worker

from aai_tui.actions.batch import BatchPlan, plan_batch, sent_before_lines
from aai_tui.actions.capacity import GATE_DEPTH, GATE_INTERVAL, CapacityGate
from aai_tui.actions.inputs import Cancelled, InputError, SubmitOptions
from aai_tui.actions.submit import BatchProgress, SubmitOutcome
from aai_tui.api.errors import ApiError
from aai_tui.formatting import counted, duration, file_size, shorten
from aai_tui.journal import LeaseLost, SubmissionState, new_batch_id
from aai_tui.troubleshoot import explain
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.resubmit import options_summary
from aai_tui.ui.screens.submit import SubmitRequest, SubmitScreen
from aai_tui.ui.widgets.activity import ActivityPanel, ActivityState

LAST_OPTIONS_KEY = "last_submit_options"


class SubmitFlow(Flow):
    worker: Worker[None] | None = None
    #: Set to stop a plan under way (a glob over a large tree, many files to probe).
    planning: threading.Event | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_running

    async def remembered_options(self) -> SubmitOptions:
        journal = self.app.journal
        defaults = (
            SubmitOptions.from_json(await self.off_loop(journal.recall, LAST_OPTIONS_KEY))
            if journal
            else SubmitOptions()
        )
        configured = self.app.settings.speech_models
        if configured and not defaults.get("speech_models"):
            defaults = defaults.with_values(speech_models=list(configured))
        return defaults

    def start(self) -> None:
        if self.running:
            self.tell(
                "A submission is still running; wait for it, or cancel its upload "
                f"({self.screen.press('cancel_activity')}).",
                severity="warning",
            )
            return
        self.screen.run_worker(
            self._open_form(),
            group="submit-form",
            exclusive=True,
            exit_on_error=False,
            name="Opening the submit form",
        )

    async def _open_form(self) -> None:
        self.app.push_screen(SubmitScreen(await self.remembered_options()), self._chosen)

    def _chosen(self, request: SubmitRequest | None) -> None:
        if request is not None:
            self.screen.run_worker(
                self._plan_and_confirm(request),
                group="submit-plan",
                exclusive=True,
                exit_on_error=False,
                name="Planning the submission",
            )

    async def _plan_and_confirm(self, request: SubmitRequest) -> None:
        journal = self.app.journal
        if journal is not None:
            await self.off_loop(journal.remember, LAST_OPTIONS_KEY, request.options.to_json())
        cancel = self.planning = threading.Event()
        slow = self.app.set_timer(
            0.5,
            lambda: self.tell(
                f"Looking through the files… ({self.screen.press('cancel_activity')} cancels)",
                timeout=3,
            ),
        )
        try:
            plan = await self.off_loop(lambda: plan_batch(request.entries, cancel=cancel))
        except Cancelled:
            self.tell("Submission cancelled before anything was sent.")
            return
        except InputError as error:
            self.fail("Submit", error, again="submit")
            return
        finally:
            slow.stop()
            self.planning = None
        params = request.options.to_params()
        count = len(plan.sources)
        # Files this journal sent here before, and the jobs they made: said first.
        submitter = self.app.submitter
        before = (
            await self.off_loop(
                lambda: journal.sent_before(plan.paths, endpoint=submitter.endpoint)
            )
            if journal is not None and submitter is not None
            else {}
        )
        lines = [
            *sent_before_lines(before),
            *([""] if before else []),
            f"Options: {options_summary(params)}",
            f"Audio: {duration(plan.audio_seconds)} in {counted(count, 'file')}, "
            f"{file_size(plan.total_bytes)} to upload",
            "",
        ]
        lines += [f"  {item.source}" for item in plan.sources[:15]]
        if count > 15:
            lines.append(f"  … and {count - 15} more")
        if plan.rejected:
            lines += [
                "",
                f"Left out: {counted(len(plan.rejected), 'file')} that cannot be sent "
                "(the batch keeps them as failed, with the reason):",
            ]
            lines += [f"  {item.source}: {item.reason}" for item in plan.rejected[:15]]
            if len(plan.rejected) > 15:
                lines.append(f"  … and {len(plan.rejected) - 15} more")
        if plan.skipped:
            lines += ["", f"Not read in the folder: {len(plan.skipped)}:"]
            lines += [f"  {item.source}: {item.reason}" for item in plan.skipped[:15]]
            if len(plan.skipped) > 15:
                lines.append(f"  … and {len(plan.skipped) - 15} more")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run(plan, params)

        self.app.push_screen(
            ConfirmScreen(
                f"Submit {counted(count, 'file')}? This creates {counted(count, 'paid job')}"
                + (f" ({len(before)} sent before)." if before else "."),
                lines,
                f"Submit {count}",
            ),
            confirmed,
        )

    def run(self, plan: BatchPlan, params: dict[str, Any]) -> None:
        self.worker = self.screen.run_worker(
            self._run(plan, params),
            group="activity",
            exclusive=True,
            exit_on_error=False,
            name="Submitting",
        )

    async def _run(self, plan: BatchPlan, params: dict[str, Any]) -> None:
        submitter = self.app.submitter
        if submitter is None:
            self.tell("Submitting needs the real API client.", severity="warning")
            return
        panel = self.screen.query_one(ActivityPanel)
        sources = plan.paths
        title = (
            f"Submitting {sources[0]}"
            if len(sources) == 1
            else f"Submitting a batch of {len(sources)}"
        )
        state = ActivityState(
            title=title,
            total=len(sources),
            audio_seconds=plan.audio_seconds,
            left_out=len(plan.rejected),
            slots=self.screen.concurrency_slots(),
        )
        #: Files the confirmation already named as left out: journaled, not reported again.
        left_out = {str(item.source) for item in plan.rejected}
        panel.start(state)
        gate = CapacityGate(
            submitter.client,
            self.app.settings.concurrency_limit * GATE_DEPTH,
            interval=min(self.app.settings.poll_interval, GATE_INTERVAL),
        )
        retired: list[tuple[ApiError, SubmitOutcome]] = []

        named_failures = 0

        def on_progress(progress: BatchProgress, outcome: SubmitOutcome | None) -> None:
            nonlocal named_failures
            if outcome is not None and not outcome.ok and _named(outcome, left_out):
                named_failures += 1
            state.bytes_sent, state.bytes_total = progress.bytes_sent, progress.bytes_total
            state.uploaded, state.created = progress.uploaded, progress.created
            state.failed_submit = progress.failed - named_failures
            if outcome is not None and outcome.transcript_id:
                state.statuses.setdefault(outcome.transcript_id, "queued")
                if outcome.submission.duration:
                    state.durations[outcome.transcript_id] = outcome.submission.duration
                self.screen.watch_jobs([outcome.transcript_id])
            if outcome is not None and not outcome.ok and not _named(outcome, left_out):
                error = outcome.error or outcome.submission.error or "not finished"
                if (
                    isinstance(error, ApiError)
                    and explain(error.message, status=error.status).replacement_models
                ):
                    retired.append((error, outcome))
                else:
                    self.fail(
                        f"Submitting {outcome.submission.display_name}",
                        error,
                        again="pending" if outcome.submission.state.open else "submit",
                    )
            panel.refresh_view()

        batch_id = new_batch_id()
        try:
            _, outcomes = await submitter.submit_batch(
                plan.batch_sources,
                params,
                on_progress=on_progress,
                gate=gate,
                batch_id=batch_id,
                checked=plan.checked,
            )
        except InputError as error:
            self.fail("Submit", error, again="submit")
            panel.clear()
            return
        except asyncio.CancelledError:
            await self._discard_cancelled(batch_id)
            panel.clear()
            self.tell("Submission cancelled; nothing was created for the files still uploading.")
            raise
        created = [o for o in outcomes if o.ok]
        if len(sources) > 1:
            state.title = f"Batch of {len(sources)}"
        else:
            # A refused file was not sent: "Sent x.wav (done)" read as if it had been;
            # why stays in sight once the toast has gone.
            state.title = f"Sent {sources[0]}" if created else f"Not sent: {sources[0]}"
            refused = outcomes[0] if outcomes and not created else None
            if refused is not None:
                why = refused.error or refused.submission.error
                message = why.message if isinstance(why, ApiError) else str(why or "")
                if message:
                    state.title += f" ({shorten(message, 60)})"
        self.screen.after_submissions()
        if len(outcomes) == 1 and created:
            self.tell(
                f"Submitted {created[0].submission.display_name} as {created[0].transcript_id}."
            )
        elif created:
            self.tell(f"Submitted {len(created)} of {len(sources)}.")
        panel.finish()
        if retired:
            self.screen.offer_model_fix(
                retired[0][0],
                resend=[
                    (o.submission.local_path or o.submission.source_url or "") for _, o in retired
                ],
                params=params,
            )

    async def _discard_cancelled(self, batch_id: str) -> None:
        """Give up this batch's submissions that never reached the create step; nothing
        else in the journal is touched (a create that may have gone out stays open, to
        be looked for)."""
        journal = self.app.journal
        if journal is None:
            return
        for sub in await self.off_loop(journal.batch, batch_id):
            if sub.state in (SubmissionState.RECORDED, SubmissionState.UPLOADED):
                try:
                    await self.off_loop(journal.mark_discarded, sub.id)
                except LeaseLost:
                    continue

    def cancel(self) -> None:
        if self.planning is not None:
            self.planning.set()
            return
        if not self.running:
            self.tell("No upload is running.", timeout=3)
            return
        assert self.worker is not None
        self.worker.cancel()


def _named(outcome: SubmitOutcome, left_out: set[str]) -> bool:
    """The outcome is a file the confirmation listed as one that cannot be sent."""
    sub = outcome.submission
    return bool(left_out & {str(sub.local_path or ""), str(sub.source_url or "")})
