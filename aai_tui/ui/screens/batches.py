"""The journal's batches, newest first: when, how many files, how many jobs are queued,
processing, completed or failed on the server, hours of audio, the ETA from the
documented 15-30% of the audio left, and what is left to do; the highlighted batch's
files below with local name, transcript id and state.

Built by the service (``aai_tui.actions.queries.batch_reports``) off the event loop by
whoever opens it; the screen renders the reports it is given and asks again on
``refresh``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from aai_tui.actions.queries import DELETED, BatchReport
from aai_tui.actions.submit import IN_ANOTHER
from aai_tui.formatting import countdown, counted, duration, span
from aai_tui.journal import Submission, SubmissionState
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal
from aai_tui.ui.screens.table_view import TableView
from aai_tui.ui.widgets.fitted_table import fill_fitted

Loader = Callable[[], Awaitable[list[BatchReport]]]

BATCH_COLUMNS = ("Batch", "Started", "Files", "Audio", "On the server", "ETA", "Journal")
FILE_COLUMNS = ("#", "State", "Server", "File", "Transcript", "Left because")

#: Seconds between quiet reads while a batch shown still has work on the server or left.
AUTO_REFRESH_SECONDS = 10.0


def _when(started: datetime, now: datetime) -> str:
    """``15:31`` today, ``12-05 09:10`` this year, ``2025-11-30`` before: as short as
    says it, so the column stays where the width is short."""
    if started.date() == now.date():
        return started.strftime("%H:%M")
    if started.year == now.year:
        return started.strftime("%m-%d %H:%M")
    return started.strftime("%Y-%m-%d")


def _active(batch: BatchReport) -> bool:
    return batch.server_count("queued", "processing") > 0


STATE_STYLE = {
    SubmissionState.CREATED: "green",
    SubmissionState.FAILED: "red",
    SubmissionState.AMBIGUOUS: "bold yellow",
    SubmissionState.DISCARDED: "dim",
}


def _to_send(batch: BatchReport) -> bool:
    """Files of the batch still to send (refused ones are done: they never change)."""
    return any(s.state.open for s in batch.left)


def batch_counts(batch: BatchReport) -> str:
    """The journal's states of the batch's files: created, failed, still to send."""
    return ", ".join(f"{n} {state}" for state, n in sorted(batch.journal_states.items()))


def server_counts(batch: BatchReport) -> Text:
    """Created jobs by their state on the server."""
    parts = [
        (status, batch.server_count(status))
        for status in (
            "queued",
            "processing",
            "completed",
            "error",
            DELETED,
            "not found",
            "unknown",
        )
    ]
    styles = {
        "completed": "green",
        "error": "red",
        DELETED: "dim",
        "not found": "dim",
        "unknown": "dim",
    }
    text = Text()
    for status, count in parts:
        if count:
            if text:
                text.append(" · ")
            text.append(f"{count} {status}", style=styles.get(status, "yellow"))
    return text or Text("—", style="dim")


def eta(batch: BatchReport) -> str:
    if batch.eta_seconds is None:
        return "—"
    low, high = batch.eta_seconds
    # As the activity strip says it ("2s–3s", "3m00s–6m00s"): "0:01–0:02" read as h:mm.
    return span(countdown(low), countdown(high))


def _short_ids(sub: Submission) -> str:
    """The job's id as the list shows it (8 characters), or the candidates'."""
    if sub.transcript_id:
        return sub.transcript_id[:8]
    return ", ".join(candidate[:8] for candidate in sub.candidates)


def why_left(sub: Submission, me: str, batch: BatchReport | None = None) -> Text:
    """What stops a file, in one line: another process, the user's choice, an error
    before a job was made, or the job's own failure on the server (and a resubmission
    that goes on for it)."""
    if sub.held_elsewhere(me):
        pid = sub.owner_pid
        return Text(IN_ANOTHER + (f" (pid {pid})" if pid else ""), style="italic")
    if sub.state is not SubmissionState.CREATED or not sub.transcript_id:
        return literal(sub.error or "", single_line=True)
    if batch is None:
        return Text("")
    first_error = batch.errors.get(sub.transcript_id, "")
    again = batch.resubmitted.get(sub.transcript_id)
    if again is not None:
        said = f"resubmitted as {again[:8]}"
        if batch.statuses.get(again) == "error":
            said += f", which failed too: {batch.errors.get(again, '')}"
        elif first_error:
            said += f"; the first failed: {first_error}"
        return literal(said, single_line=True)
    if batch.statuses.get(sub.transcript_id) == "error":
        return literal(f"failed: {first_error}" if first_error else "failed", single_line=True)
    return Text("")


def file_status(batch: BatchReport, sub: Submission) -> str:
    """The file's state on the server: its latest job's (a resubmission's, if any)."""
    transcript_id = sub.transcript_id or ""
    return batch.statuses.get(batch.resubmitted.get(transcript_id, transcript_id), "")


def file_ids(batch: BatchReport, sub: Submission) -> str:
    """The job's id as the list shows it, and its resubmission's after an arrow."""
    again = batch.resubmitted.get(sub.transcript_id or "")
    return f"{_short_ids(sub)} → {again[:8]}" if again else _short_ids(sub)


class BatchesScreen(TableView[str | None]):
    """Dismissed with a batch id to see its failures grouped by cause, or None."""

    TABLES = ("#batch-list", "#batch-files")

    BINDINGS = bindings(Place.BATCHES)

    def __init__(self, load: Loader, me: str, elsewhere: Callable[[], int] | None = None) -> None:
        """``elsewhere``: how many batches of the journal went to other endpoints."""
        super().__init__()
        self._load = load
        self.me = me
        self._elsewhere = elsewhere
        self.elsewhere = 0
        self.batches: list[BatchReport] = []
        self._reading = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog view batches"):
            yield Static("Batches · reading…", classes="dialog-title", markup=False)
            yield DataTable(id="batch-list", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="batch-files", cursor_type="row")
            # In place of two empty tables: what a batch is, and how one is made.
            yield Static(self._none_yet(), id="batch-none", markup=False)
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _none_yet(self) -> Text:
        keymap = app_keymap(self.app)
        how = (
            "aai-tui submit in a shell"
            if getattr(self.app, "read_only", False)
            else f"{press('submit', keymap)} on the dashboard, or aai-tui submit in a shell"
        )
        return Text(
            f"A batch is one submission of files, a folder or URLs ({how}). The journal "
            "keeps each with its files, their transcripts and what is left to send, "
            "across restarts: it is listed here, newest first, with its states on the "
            "server and an ETA."
        )

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"{press('batches.failures', keymap)}: failures   "
            f"{press('batches.refresh', keymap)}: read again   "
            f"{press('batches.close', keymap)}: close"
            + (
                ""
                if getattr(self.app, "read_only", False)
                else f"   ({press('pending', keymap)} finishes what is left)"
            ),
            style="bold",
        )

    def on_mount(self) -> None:
        self.query_one("#batch-list", DataTable).add_columns(*BATCH_COLUMNS)
        self.query_one("#batch-files", DataTable).add_columns(*FILE_COLUMNS)
        self.action_refresh()
        # A batch moves on while it is looked at: read again now and then, quietly.
        self.set_interval(AUTO_REFRESH_SECONDS, self._refresh_quietly)

    def action_refresh(self) -> None:
        self.run_worker(self._reload(), exclusive=True, group="batches", exit_on_error=False)

    def _refresh_quietly(self) -> None:
        if self._reading or not any(_to_send(b) or _active(b) for b in self.batches):
            return  # a read is on its way, or nothing shown can change
        self.run_worker(
            self._reload(quiet=True), exclusive=True, group="batches", exit_on_error=False
        )

    async def _reload(self, *, quiet: bool = False) -> None:
        title = self.query_one(".dialog-title", Static)
        if not quiet:
            title.update("Batches · reading…")
        self._reading = True
        try:
            batches = await self._load()
            if not batches and self._elsewhere is not None:
                self.elsewhere = await asyncio.to_thread(self._elsewhere)
        except Exception as error:  # one line on the screen: never a blank, silent view
            reason = " ".join(str(error).split()) or type(error).__name__
            again = press("batches.refresh", app_keymap(self.app))
            title.update(Text(f"Batches · could not read them: {reason} ({again}: again)"))
            return
        finally:
            self._reading = False
        offline = next((b.server_error for b in batches if b.server_error), None)
        again = press("batches.refresh", app_keymap(self.app))
        title.update(
            Text(
                f"Batches · the journal only, the API could not be asked: {offline} "
                f"({again}: again)"
            )
            if offline
            else "Batches"
        )
        self.show(batches)

    def show(self, batches: list[BatchReport]) -> None:
        table = self.query_one("#batch-list", DataTable)
        chosen = table.cursor_row
        chosen_id = self.batches[chosen].batch_id if 0 <= chosen < len(self.batches) else None
        self.batches = batches
        clock = getattr(self.app, "now", None)  # the app's clock (frozen in tests)
        now = (clock() if callable(clock) else datetime.now(UTC)).astimezone()
        rows = []
        for batch in batches:
            started = _when(datetime.fromtimestamp(batch.created_at).astimezone(), now)
            left = _to_send(batch)
            cells = (
                Text(batch.batch_id),
                Text(started),
                Text(str(batch.files), justify="right"),
                Text(duration(batch.audio_seconds) if batch.audio_seconds else "—"),
                server_counts(batch),
                Text(eta(batch)),
                Text(batch_counts(batch), style="yellow" if left else "green"),
            )
            rows.append((batch.batch_id, cells))
        # The counts wrap before anything is cut; a column that does not fit is left
        # out whole (a batch of 11 files read "1" when the table was cut mid-number).
        # When that is not enough, its audio, the ETA and then when it started go first
        # (the issue asks for "when": it stays at 80 columns, in its short form).
        fill_fitted(table, BATCH_COLUMNS, rows, give_way=(6, 4), wrap=6, drop_first=(3, 5, 1))
        for widget in (table, self.query_one("#batch-files", DataTable)):
            widget.display = bool(batches)
        self.query_one("#batch-none", Static).display = not batches
        if not batches:
            self.query_one(".dialog-title", Static).update(
                f"Batches: none sent to this endpoint; "
                f"{counted(self.elsewhere, 'batch', 'batches')} in the journal went to others "
                "(started with their --base-url, B shows them)"
                if self.elsewhere
                else "Batches: none in the journal yet"
            )
        ids = [b.batch_id for b in batches]
        index = ids.index(chosen_id) if chosen_id in ids else 0
        if index:
            table.move_cursor(row=index)  # a read again keeps the batch being looked at
        self._show_files(index)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "batch-list":
            self._show_files(event.cursor_row)

    def _show_files(self, index: int) -> None:
        files = self.query_one("#batch-files", DataTable)
        if not 0 <= index < len(self.batches):
            files.clear()
            return
        batch = self.batches[index]
        rows = [
            (
                sub.id,
                (
                    Text(str(number), justify="right"),  # the file's place in its batch
                    Text(sub.state.value, style=STATE_STYLE.get(sub.state, "yellow")),
                    Text(file_status(batch, sub)),
                    literal(sub.display_name, single_line=True),
                    Text(file_ids(batch, sub)),
                    why_left(sub, self.me, batch),
                ),
            )
            for number, sub in enumerate(batch.submissions, start=1)
        ]
        # Why a file is left wraps first, then the file's name is cut in its middle,
        # neither below a readable width (a helper read "resubmit / ted as" and two
        # files as int….wav); then the journal's state, the transcript's id (find
        # shows it), the server's state and the number go, in that order.
        fill_fitted(
            files,
            FILE_COLUMNS,
            rows,
            give_way=(5, 3),
            wrap=5,
            cut_middle=(3,),
            floors={5: 16, 3: 10},
            drop_then=(1, 4, 2, 0),
        )

    def on_resize(self) -> None:
        """Columns follow the width: nothing scrolls sideways."""
        if self.batches:
            self.show(self.batches)

    def action_failures(self) -> None:
        index = self.query_one("#batch-list", DataTable).cursor_row
        if 0 <= index < len(self.batches):
            self.dismiss(self.batches[index].batch_id)

    def action_close(self) -> None:
        self.dismiss(None)
