"""The journal's batches: each one's files, states, transcript ids, what is left and why.

Read from the journal off the event loop by whoever opens it (the screen only renders
the summaries it is given, and asks again on ``refresh``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from aai_tui.actions.submit import IN_ANOTHER
from aai_tui.journal import BatchSummary, Submission, SubmissionState
from aai_tui.ui.action_registry import Place, bindings, press
from aai_tui.ui.safe_text import literal

Loader = Callable[[], Awaitable[list[BatchSummary]]]

STATE_STYLE = {
    SubmissionState.CREATED: "green",
    SubmissionState.FAILED: "red",
    SubmissionState.AMBIGUOUS: "bold yellow",
    SubmissionState.DISCARDED: "dim",
}


def batch_counts(batch: BatchSummary) -> str:
    tally: dict[str, int] = {}
    for sub in batch.submissions:
        tally[sub.state.value] = tally.get(sub.state.value, 0) + 1
    return ", ".join(f"{n} {state}" for state, n in sorted(tally.items()))


def why_left(sub: Submission, me: str) -> Text:
    """What stops a submission, in one line: another process, the user's choice, an error."""
    if sub.held_elsewhere(me):
        pid = sub.owner_pid
        return Text(IN_ANOTHER + (f" (pid {pid})" if pid else ""), style="italic")
    if sub.state is SubmissionState.CREATED:
        return Text("")
    return literal(sub.error or "", single_line=True)


class BatchesScreen(ModalScreen[None]):
    BINDINGS = bindings(Place.BATCHES)

    def __init__(self, load: Loader, me: str) -> None:
        super().__init__()
        self._load = load
        self.me = me
        self.batches: list[BatchSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog batches"):
            yield Static("Batches", classes="dialog-title")
            yield DataTable(id="batch-list", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="batch-files", cursor_type="row")
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        settings = getattr(self.app, "settings", None)
        keymap = settings.keymap if settings is not None else {}
        return Text(
            f"{press('batches.refresh', keymap)}: read again   "
            f"{press('batches.close', keymap)}: close   "
            f"finish what is left: {press('pending', keymap)} on the dashboard",
            style="bold",
        )

    def on_mount(self) -> None:
        batches = self.query_one("#batch-list", DataTable)
        batches.add_columns("Batch", "Started", "Files", "States")
        files = self.query_one("#batch-files", DataTable)
        files.add_columns("#", "State", "File", "Transcript", "Left because")
        self.action_refresh()

    def action_refresh(self) -> None:
        self.run_worker(self._reload(), exclusive=True, group="batches", exit_on_error=False)

    async def _reload(self) -> None:
        self.show(await self._load())

    def show(self, batches: list[BatchSummary]) -> None:
        self.batches = batches
        table = self.query_one("#batch-list", DataTable)
        table.clear()
        for batch in batches:
            started = datetime.fromtimestamp(batch.created_at).strftime("%Y-%m-%d %H:%M")
            left = len(batch.left)
            table.add_row(
                Text(batch.batch_id),
                Text(started),
                Text(str(len(batch.submissions))),
                Text(batch_counts(batch), style="yellow" if left else "green"),
                key=batch.batch_id,
            )
        if not batches:
            self.query_one(".dialog-title", Static).update(
                "Batches: none in the journal yet (a submission of several files is one)"
            )
        self._show_files(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "batch-list":
            self._show_files(event.cursor_row)

    def _show_files(self, index: int) -> None:
        files = self.query_one("#batch-files", DataTable)
        files.clear()
        if not 0 <= index < len(self.batches):
            return
        for sub in self.batches[index].submissions:
            files.add_row(
                Text(str(sub.id)),
                Text(sub.state.value, style=STATE_STYLE.get(sub.state, "yellow")),
                literal(sub.display_name, single_line=True),
                Text(sub.transcript_id or ", ".join(sub.candidates)),
                why_left(sub, self.me),
            )

    def action_close(self) -> None:
        self.dismiss(None)
