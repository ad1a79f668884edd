"""The dashboard's actions on jobs: submit, resubmit, delete, export, copy, mark.

Every outcome is reported in a notification; a failure carries the matching
troubleshooting entry. Read-only mode hides and refuses the ones that change
anything.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from aai_tui.actions.capacity import CapacityGate
from aai_tui.actions.export import ExportError, ExportExists, export_transcript
from aai_tui.actions.inputs import InputError, SubmitOptions
from aai_tui.actions.submit import BatchProgress, SubmitOutcome, Submitter
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript
from aai_tui.journal import SubmissionState
from aai_tui.media import probe
from aai_tui.troubleshoot import explain
from aai_tui.ui.safe_text import visible
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.export_dialog import ExportRequest, ExportScreen
from aai_tui.ui.screens.pending import PendingScreen
from aai_tui.ui.screens.submit import SubmitRequest, SubmitScreen
from aai_tui.ui.widgets.activity import ActivityPanel, ActivityState

if TYPE_CHECKING:
    from aai_tui.ui.app import AaiTuiApp

LAST_OPTIONS_KEY = "last_submit_options"
#: Actions that change the account: hidden and refused in read-only mode.
MUTATING_ACTIONS = frozenset(
    {"submit", "resubmit", "resubmit_failed", "delete", "pending", "cancel_activity"}
)

ACTION_BINDINGS = [
    Binding("s", "submit", "Submit", id="submit"),
    Binding("r", "resubmit", "Resubmit", id="resubmit"),
    Binding("d", "delete", "Delete", id="delete"),
    Binding("e", "export", "Export", id="export"),
    Binding("R", "resubmit_failed", "Resubmit all failed", show=False, id="resubmit_failed"),
    Binding("c", "copy_id", "Copy id", show=False, id="copy_id"),
    Binding("C", "copy_text", "Copy text", show=False, id="copy_text"),
    Binding("space", "toggle_mark", "Mark", show=False, id="mark"),
    Binding("U", "pending", "Unfinished submissions", show=False, id="pending"),
    Binding("x", "cancel_activity", "Cancel upload", show=False, id="cancel_activity"),
]


class JobActions:
    """Mixed into the dashboard screen; relies on its table, tracker and app."""

    marked: set[str]
    _activity_worker: object | None = None

    # The screen provides these.
    app: AaiTuiApp

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in MUTATING_ACTIONS and self.app.read_only)

    # ------------------------------------------------------------ helpers

    def _targets(self) -> list[str]:
        """Marked rows when there are any, else the row under the cursor."""
        table = self._table()  # type: ignore[attr-defined]
        if self.marked:
            return [i for i in table.rows_by_id if i in self.marked] or sorted(self.marked)
        selected = table.selected_id()
        return [selected] if selected else []

    def _fail(self, context: str, error: ApiError | InputError | ExportError | str) -> None:
        if isinstance(error, ApiError):
            self.report_error(error, context)  # type: ignore[attr-defined]
            return
        message = str(error)
        explanation = explain(message)
        hint = "" if explanation.entry.id == "unknown" else f"\n→ {explanation.advice}"
        self.app.notify(
            f"{visible(message, single_line=True)}{hint}",
            title=context,
            severity="error",
            markup=False,
            timeout=10,
        )

    def _submitter(self) -> Submitter | None:
        submitter = self.app.submitter
        if submitter is None:
            self.app.notify("Submitting needs the real API client.", severity="warning")
        return submitter

    # ------------------------------------------------------------- marks

    def action_toggle_mark(self) -> None:
        table = self._table()  # type: ignore[attr-defined]
        selected = table.selected_id()
        if not selected:
            return
        if selected in self.marked:
            self.marked.discard(selected)
        else:
            self.marked.add(selected)
        table.marked = set(self.marked)
        table.refresh_cells()
        table.action_cursor_down()
        self._update_title()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ submit

    def action_submit(self) -> None:
        journal = self.app.journal
        defaults = (
            SubmitOptions.from_json(journal.recall(LAST_OPTIONS_KEY))
            if journal
            else SubmitOptions()
        )
        configured = self.app.settings.speech_models
        if configured and not defaults.get("speech_models"):
            defaults = defaults.with_values(speech_models=list(configured))

        def chosen(request: SubmitRequest | None) -> None:
            if request is not None:
                if journal:
                    journal.remember(LAST_OPTIONS_KEY, request.options.to_json())
                self._activity_worker = self._run_submit(request)

        self.app.push_screen(SubmitScreen(defaults), chosen)

    @work(group="activity", exclusive=True)
    async def _run_submit(self, request: SubmitRequest) -> None:
        submitter = self._submitter()
        if submitter is None:
            return
        panel = self.query_one(ActivityPanel)  # type: ignore[attr-defined]
        sources = request.sources
        title = (
            f"Submitting {visible(str(sources[0]), single_line=True)}"
            if len(sources) == 1
            else f"Submitting a batch of {len(sources)}"
        )
        state = ActivityState(
            title=title, total=len(sources), audio_seconds=_audio_seconds(sources)
        )
        panel.start(state)
        params = request.options.to_params()
        gate = CapacityGate(
            self.app.api,
            self.app.settings.concurrency_limit * 2,  # type: ignore[arg-type]
            interval=self.app.settings.poll_interval,
        )

        def on_progress(progress: BatchProgress, outcome: SubmitOutcome | None) -> None:
            state.bytes_sent, state.bytes_total = progress.bytes_sent, progress.bytes_total
            state.uploaded, state.created = progress.uploaded, progress.created
            state.failed_submit = progress.failed
            if outcome is not None and outcome.transcript_id:
                state.statuses.setdefault(outcome.transcript_id, "queued")
                self.tracker.watch([outcome.transcript_id])  # type: ignore[attr-defined]
            if outcome is not None and not outcome.ok:
                error = outcome.error or outcome.submission.error or "not finished"
                self._fail(f"Submitting {outcome.submission.display_name}", error)  # type: ignore[arg-type]
            panel.refresh_view()

        try:
            _, outcomes = await submitter.submit_batch(
                sources, params, on_progress=on_progress, gate=gate
            )
        except InputError as error:
            self._fail("Submit", error)
            panel.clear()
            return
        except asyncio.CancelledError:
            self._discard_cancelled()
            panel.clear()
            self.app.notify(
                "Submission cancelled; nothing was created for the files still uploading.",
                timeout=6,
            )
            raise
        created = [o for o in outcomes if o.ok]
        self.app.refresh_local_names()
        self.tracker.refresh_now()  # type: ignore[attr-defined]
        if len(outcomes) == 1 and created:
            self.app.notify(
                f"Submitted {created[0].submission.display_name} as {created[0].transcript_id}.",
                markup=False,
                timeout=6,
            )
        elif created:
            self.app.notify(f"Submitted {len(created)} of {len(outcomes)}.", timeout=6)
        panel.finish()

    def _discard_cancelled(self) -> None:
        journal = self.app.journal
        if journal is None:
            return
        for sub in journal.unfinished(self.app.api.base_url):  # type: ignore[union-attr]
            if sub.state is SubmissionState.RECORDED:
                journal.mark_discarded(sub.id)

    def action_cancel_activity(self) -> None:
        worker = self._activity_worker
        if worker is not None and getattr(worker, "is_running", False):
            worker.cancel()  # type: ignore[attr-defined]

    def update_watched(self, statuses: dict[str, str]) -> None:
        panel = self.query_one(ActivityPanel)  # type: ignore[attr-defined]
        if panel.state is not None:
            for transcript_id in list(panel.state.statuses):
                if transcript_id in statuses:
                    panel.state.statuses[transcript_id] = statuses[transcript_id]
            panel.refresh_view()

    # ---------------------------------------------------------- resubmit

    def action_resubmit(self) -> None:
        targets = self._targets()
        if targets:
            self._resubmit(targets)

    def action_resubmit_failed(self) -> None:
        table = self._table()  # type: ignore[attr-defined]
        failed = [
            row
            for row in table.rows_by_id.values()
            if row.status == "error" and explain(row.error or "").entry.resubmit
        ]
        if not failed:
            self.app.notify("No failed transcript in view is worth resubmitting.", timeout=4)
            return
        lines = [f"{row.id[:8]}  {row.audio}  {row.error}" for row in failed]
        ids = [row.id for row in failed]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._resubmit(ids)

        self.app.push_screen(
            ConfirmScreen(f"Resubmit {len(ids)} failed transcript(s)?", lines, "Resubmit all"),
            confirmed,
        )

    @work(group="resubmit")
    async def _resubmit(self, ids: list[str]) -> None:
        submitter = self._submitter()
        if submitter is None:
            return
        done = 0
        for transcript_id in ids:
            try:
                transcript = await self.app.api.get_transcript(transcript_id)
                outcome = await submitter.resubmit(transcript)
            except (ApiError, InputError) as error:
                self._fail(f"Resubmitting {transcript_id[:8]}", error)
                continue
            if outcome.ok:
                done += 1
                self.tracker.watch([outcome.transcript_id])  # type: ignore[attr-defined,list-item]
            else:
                self._fail(
                    f"Resubmitting {transcript_id[:8]}",
                    outcome.error or outcome.submission.error or "not finished",
                )  # type: ignore[arg-type]
        self.app.refresh_local_names()
        self.tracker.refresh_now()  # type: ignore[attr-defined]
        if done:
            self.app.notify(f"Resubmitted {done} of {len(ids)}.", timeout=5)

    # ------------------------------------------------------------ delete

    def action_delete(self) -> None:
        targets = self._targets()
        if not targets:
            return
        table = self._table()  # type: ignore[attr-defined]
        lines = []
        for transcript_id in targets:
            row = table.rows_by_id.get(transcript_id)
            lines.append(
                f"{transcript_id}  {row.audio if row else ''}  {row.status if row else ''}"
            )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(targets)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {len(targets)} transcript(s)? This cannot be undone.", lines, "Delete"
            ),
            confirmed,
        )

    @work(group="delete")
    async def _delete(self, ids: list[str]) -> None:
        deleted = 0
        for transcript_id in ids:
            try:
                await self.app.api.delete_transcript(transcript_id)  # type: ignore[attr-defined]
            except ApiError as error:
                self.report_error(error, f"Deleting {transcript_id[:8]}")  # type: ignore[attr-defined]
                continue
            deleted += 1
            self.marked.discard(transcript_id)
            self.tracker.forget(transcript_id)  # type: ignore[attr-defined]
        self._table().marked = set(self.marked)  # type: ignore[attr-defined]
        self.tracker.refresh_now()  # type: ignore[attr-defined]
        if deleted:
            self.app.notify(f"Deleted {deleted} transcript(s).", timeout=4)

    # ------------------------------------------------------------ export

    def action_export(self) -> None:
        targets = self._targets()
        if not targets:
            return
        folder = self.app.settings.export_path

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(targets, request, folder, overwrite=False)

        self.app.push_screen(ExportScreen(len(targets), str(folder)), chosen)

    @work(group="export")
    async def _export(
        self, ids: list[str], request: ExportRequest, folder: Path, overwrite: bool
    ) -> None:
        written: list[Path] = []
        for transcript_id in ids:
            try:
                result = await export_transcript(
                    self.app.api,  # type: ignore[arg-type]
                    transcript_id,
                    request.format,
                    folder,
                    local_name=self.app.local_name_for(transcript_id),
                    chars_per_caption=request.chars_per_caption,
                    overwrite=overwrite,
                )
            except ExportExists as exists:
                self._ask_overwrite(transcript_id, request, folder, exists.path)
                continue
            except ExportError as error:
                self._fail(f"Export of {transcript_id[:8]}", error)
                continue
            written.append(result.path)
        if len(written) == 1:
            self.app.notify(
                f"Exported {visible(str(written[0]), single_line=True)}", markup=False, timeout=6
            )
        elif written:
            self.app.notify(
                f"Exported {len(written)} files into {visible(str(folder), single_line=True)}",
                markup=False,
                timeout=6,
            )

    def _ask_overwrite(
        self, transcript_id: str, request: ExportRequest, folder: Path, path: Path
    ) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._export([transcript_id], request, folder, overwrite=True)

        self.app.push_screen(
            ConfirmScreen("Replace the existing file?", [str(path)], "Replace"), confirmed
        )

    # -------------------------------------------------------------- copy

    def action_copy_id(self) -> None:
        targets = self._targets()
        if targets:
            self.app.copy_to_clipboard("\n".join(targets))
            self.app.notify(f"Copied {len(targets)} id(s) to the clipboard.", timeout=3)

    def action_copy_text(self) -> None:
        transcript: Transcript | None = self._detail().transcript  # type: ignore[attr-defined]
        if transcript is None or not transcript.text:
            self.app.notify(
                "Only a completed transcript has text to copy.", severity="warning", timeout=3
            )
            return
        self.app.copy_to_clipboard(transcript.text)
        self.app.notify(
            f"Copied the text of {transcript.id[:8]} ({len(transcript.text):,} characters).",
            timeout=3,
        )

    # ----------------------------------------------------------- pending

    def offer_pending(self) -> None:
        journal = self.app.journal
        if journal is None or self.app.read_only or self.app.submitter is None:
            return
        unfinished = journal.unfinished(self.app.api.base_url)  # type: ignore[union-attr]
        if unfinished:
            self.app.push_screen(PendingScreen(unfinished), self._pending_chosen)

    def action_pending(self) -> None:
        journal = self.app.journal
        if journal is not None and not journal.unfinished(self.app.api.base_url):  # type: ignore[union-attr]
            self.app.notify("No unfinished submissions.", timeout=3)
            return
        self.offer_pending()

    def _pending_chosen(self, choice: str | None) -> None:
        if choice:
            self._settle_pending(choice)

    @work(group="pending", exclusive=True)
    async def _settle_pending(self, choice: str) -> None:
        journal = self.app.journal
        submitter = self._submitter()
        if journal is None or submitter is None:
            return
        finished = 0
        for sub in journal.unfinished(submitter.endpoint):
            if choice == "discard":
                journal.mark_discarded(sub.id)
                continue
            try:
                outcome = await submitter.complete(sub)
            except InputError as error:
                journal.mark_failed(sub.id, str(error))
                self._fail(f"Finishing {sub.display_name}", error)
                continue
            if outcome.ok:
                finished += 1
            else:
                self._fail(
                    f"Finishing {sub.display_name}",
                    outcome.error or outcome.submission.error or "not finished",
                )  # type: ignore[arg-type]
        self.app.refresh_local_names()
        self.tracker.refresh_now()  # type: ignore[attr-defined]
        self.app.notify(
            "Discarded the unfinished submissions."
            if choice == "discard"
            else f"Finished {finished} submission(s).",
            timeout=5,
        )


def _audio_seconds(sources: list[str | Path]) -> float:
    total = 0.0
    for source in sources:
        if isinstance(source, Path):
            try:
                total += probe(source).duration
            except OSError:
                continue
    return total
