"""Failed transcripts grouped by cause: what each group means, how many, since when,
whether a resubmission can help, and the fix; the jobs of the group highlighted below.

The scan runs in a worker through the service (``aai_tui.actions.queries.failures``);
the screen only renders the report it gets back and the progress it is told.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from aai_tui.actions.queries import FailureGroup, FailureReport, Window, parse_window
from aai_tui.api.models import DELETED_AUDIO_URL
from aai_tui.formatting import audio_name, counted
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal
from aai_tui.ui.screens.table_view import TableView

GROUP_COLUMNS = ("Cause", "Jobs", "Resubmit helps", "First (UTC)", "Last (UTC)")
JOB_COLUMNS = ("ID", "Created (UTC)", "Audio", "Error")
#: Width from which the groups show when they were first and last seen.
GROUP_DATES_FROM = 70
#: Widest the Audio column gets; the error takes the rest of the row.
AUDIO_WIDTH = 28
#: Lines of a job's error shown in its row; Enter on the job shows it whole.
ERROR_LINES = 3
#: What the view's frame takes from the screen's width, before the table is laid out.
JOB_TABLE_FRAME = 6

#: The windows ``w`` goes through, in order.
WINDOWS = ("today", "7d", "90d")
Progress = Callable[[int, int], None]
Scanner = Callable[[Window, Progress], Awaitable[FailureReport]]

HELPS_STYLE = {"yes": "green", "after the fix": "yellow", "no": "red"}


def _when(moment: datetime | None) -> str:
    """Month, day and time in UTC: short enough for five columns at 80 wide."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%m-%d %H:%M")


class FailuresScreen(TableView[str | None]):
    """Dismissed with the id of a job to go to (Enter on it), or None. A group handed
    to ``resubmit`` is planned and confirmed over this view: Esc there comes back here."""

    TABLES = ("#failure-groups", "#failure-jobs")

    BINDINGS = bindings(Place.FAILURES)

    def __init__(
        self,
        scan: Scanner,
        window: str = "7d",
        *,
        now: Callable[[], datetime] | None = None,
        resubmit: Callable[[list[str]], None] | None = None,
        offline: Callable[[], bool] | None = None,
    ) -> None:
        """``offline``: whether the dashboard sees the API as unreachable now; the scan
        says so at once instead of after its retries (20 s of "scanning…")."""
        super().__init__()
        self._scan = scan
        self._offline = offline
        self._now = now or (lambda: datetime.now(UTC))
        self._resubmit = resubmit
        self.window_name = window
        #: A scan is under way: what the table shows (if anything) is the last one's.
        self.scanning = False
        #: ``w`` goes through these; a batch's view keeps the batch among them.
        self.windows = WINDOWS if window in WINDOWS else (window, *WINDOWS)
        self.report: FailureReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog view failures"):
            yield Static("Failures", classes="dialog-title", markup=False)
            yield DataTable(id="failure-groups", cursor_type="row", zebra_stripes=True)
            yield Static("", id="failure-fix", markup=False)
            yield DataTable(id="failure-jobs", cursor_type="row")
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self, in_jobs: bool = False) -> Text:
        """The keys; in the group's jobs, Esc goes back to the groups (it said "close"
        there, and a helper's keys after it went to the view he thought closed)."""
        keymap = app_keymap(self.app)
        resubmit = (
            ""  # turned off in read-only mode: not offered
            if getattr(self.app, "read_only", False)
            else f"{press('failures.resubmit', keymap)}: resubmit the group   "
        )
        return Text(
            f"enter: the group's jobs / go to one   {resubmit}"
            f"{press('failures.window', keymap)}: window   "
            f"{press('failures.close', keymap)}: {'the groups' if in_jobs else 'close'}",
            style="bold",
        )

    def on_mount(self) -> None:
        self.query_one("#failure-groups", DataTable).add_columns(*GROUP_COLUMNS)
        self.query_one("#failure-jobs", DataTable).add_columns(*JOB_COLUMNS)
        self.action_refresh()

    # ------------------------------------------------------------- loading

    def action_refresh(self) -> None:
        window = parse_window(self.window_name, now=self._now())
        unreachable = self._offline is not None and self._offline()
        self._title(
            f"Failures · {window.label} · scanning…"
            + (
                " The API is not answering (the header says offline): still trying."
                if unreachable
                else ""
            )
        )
        self.scanning = True
        self.run_worker(self._reload(window), exclusive=True, group="failures", exit_on_error=False)

    async def _reload(self, window: Window) -> None:
        def progress(pages: int, found: int) -> None:
            self._title(
                f"Failures · {window.label} · scanning: {counted(pages, 'page')}, {found} found"
            )

        try:
            report = await self._scan(window, progress)
        except Exception as error:  # one line on the screen, never a crash
            self._title(f"Failures · {window.label} · could not scan: {error}")
            return
        finally:
            self.scanning = False
        self.show(report)

    def action_next_window(self) -> None:
        windows = self.windows
        index = windows.index(self.window_name) if self.window_name in windows else -1
        self.window_name = windows[(index + 1) % len(windows)]
        self.action_refresh()

    def _title(self, text: str) -> None:
        self._said_title = text
        self._show_title()

    _said_title = "Failures"

    def _show_title(self) -> None:
        """The view's title; on a short screen, while the group's jobs stand in the
        groups' place, the group they belong to (which was nowhere in sight)."""
        group = self.selected_group()
        jobs = self.query_one("#failure-jobs", DataTable)
        if group is not None and jobs.has_focus and self.app.has_class("-short"):
            back = press("failures.close", app_keymap(self.app))
            text = f"{group.entry.title}: {counted(group.count, 'job')} ({back}: the groups)"
        else:
            text = self._said_title
        self.query_one(".dialog-title", Static).update(literal(text, single_line=True))

    # ------------------------------------------------------------ showing

    def show(self, report: FailureReport) -> None:
        self.report = report
        table = self.query_one("#failure-groups", DataTable)
        row = table.cursor_row
        # Columns too: a column keeps the width of its widest cell ever, and a narrower
        # window would scroll sideways.
        table.clear(columns=True)
        # Narrow windows drop the dates first: the cause, count and verdict stay.
        columns = GROUP_COLUMNS if self.size.width >= GROUP_DATES_FROM else GROUP_COLUMNS[:3]
        self._shown_width = self.size.width
        cause_room = self._cause_room()
        rows: list[tuple[str, tuple[Text, ...]]] = []
        for group in report.groups:
            cause = literal(group.entry.title, single_line=True)
            cause.truncate(cause_room, overflow="ellipsis")
            cells: tuple[Text, ...] = (
                cause,
                Text(str(group.count), justify="right"),
                Text(group.resubmit_helps, style=HELPS_STYLE[group.resubmit_helps]),
                Text(_when(group.first_seen)),
                Text(_when(group.last_seen)),
            )
            rows.append((group.entry.id, cells[: len(columns)]))
        _add_columns(table, columns, [cells for _, cells in rows])
        for key, cells in rows:
            table.add_row(*cells, key=key)
        cut = " (page bound reached: older ones not scanned)" if report.cut else ""
        if report.not_sent:
            cut += f" · {counted(len(report.not_sent), 'file')} never became a job: B says why"
        if report.resubmitted:
            cut += f" · {len(report.resubmitted)} resubmitted already"
        if report.groups:
            self._title(
                f"Failures · {report.window.label} · {report.total} failed in "
                f"{counted(len(report.groups), 'group')}{cut}"
            )
        else:
            self._title(f"Failures · {report.window.label} · none{cut}")
        if 0 < row < len(report.groups):
            table.move_cursor(row=row)
        self._show_group(table.cursor_row)

    _shown_width = 0

    def _cause_room(self) -> int:
        """The cause gives way first: the counts and the verdict stay on screen."""
        beside = 56 if self.size.width >= GROUP_DATES_FROM else 30
        return max(12, min(50, self.size.width - beside))

    def on_resize(self) -> None:
        """Columns follow the width: the cause and the errors give way first."""
        if self.report is not None and self.size.width != self._shown_width:
            self.show(self.report)

    def on_descendant_focus(self) -> None:
        """On a short screen the group's jobs take the groups' place while they have
        focus (Esc gives it back): at 40x12 there is no room for both."""
        jobs = self.query_one("#failure-jobs", DataTable)
        self.query_one(".failures").set_class(jobs.has_focus, "-jobs")
        self._show_title()
        self.query_one(".dialog-keys", Static).update(self._keys(in_jobs=jobs.has_focus))
        if not jobs.has_focus:
            # Back from the jobs (shown in the groups' place): the group whose fix is
            # shown below is scrolled into view again, once the groups are laid out.
            groups = self.query_one("#failure-groups", DataTable)
            self.call_after_refresh(
                lambda: groups.move_cursor(row=groups.cursor_row, animate=False, scroll=True)
            )

    def selected_group(self) -> FailureGroup | None:
        if self.report is None:
            return None
        index = self.query_one("#failure-groups", DataTable).cursor_row
        groups = self.report.groups
        return groups[index] if 0 <= index < len(groups) else None

    @on(DataTable.RowHighlighted, "#failure-groups")
    def _group_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_group(event.cursor_row)

    @on(DataTable.RowSelected, "#failure-groups")
    def _group_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a group opens its jobs."""
        self._show_group(event.cursor_row)
        self.query_one("#failure-jobs", DataTable).focus()

    @on(DataTable.RowSelected, "#failure-jobs")
    def _job_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a job: the dashboard shows it (its detail, its error and the fix)."""
        if event.row_key.value is not None:
            self.dismiss(str(event.row_key.value))

    def _show_group(self, index: int) -> None:
        jobs = self.query_one("#failure-jobs", DataTable)
        jobs.clear(columns=True)
        fix = self.query_one("#failure-fix", Static)
        if self.report is None or not 0 <= index < len(self.report.groups):
            jobs.add_columns(*JOB_COLUMNS)
            fix.update("")
            return
        group = self.report.groups[index]
        fix.update(
            Text.assemble(
                # Whole: the table cuts a long cause where the width is short.
                ("Cause  ", "bold"),
                literal(group.entry.title),
                "\n",
                ("Means  ", "bold"),
                literal(group.entry.meaning),
                "\n",
                ("Fix    ", "bold"),
                literal(group.fix),
            )
        )
        audio_room = max(8, min(AUDIO_WIDTH, (self.size.width - 40) // 3))
        # The file this machine sent, as the list and find name it; else the URL's name.
        names = self.report.local_names
        audios = [
            literal(names.get(job.id) or audio_name(job.audio_url), single_line=True)
            for job in group.jobs
        ]
        for audio in audios:
            audio.truncate(audio_room, overflow="ellipsis")
        audio_width = max((audio.cell_len for audio in audios), default=0)
        # The table's own width once laid out (the first show comes before layout).
        table_width = jobs.scrollable_content_region.width or self.size.width - JOB_TABLE_FRAME
        # Narrow windows drop the date first: the error is what the row is for.
        dated = self.size.width >= GROUP_DATES_FROM
        columns = JOB_COLUMNS if dated else tuple(c for c in JOB_COLUMNS if c != JOB_COLUMNS[1])
        beside = 8 + (13 if dated else 0) + max(5, audio_width)
        beside += len(columns) * 2 * jobs.cell_padding
        error_room = max(12, table_width - beside - 1)
        job_rows = []
        for job, audio in zip(group.jobs, audios, strict=True):
            said = literal(job.error or "", single_line=True)
            again = self.report.resubmitted.get(job.id)
            if again:  # the failure stays on the server; what followed it is named
                said = Text.assemble((f"resubmitted as {again[:8]} · ", "bold"), said)
            if job.audio_url == DELETED_AUDIO_URL:  # as the list marks it: nothing to resend
                said = Text.assemble(("∅ deleted · ", "bold"), said)
            error = self._wrapped(said, error_room)
            when = (Text(_when(job.created)),) if dated else ()
            job_rows.append((job.id, (Text(job.id[:8]), *when, audio, error)))
        _add_columns(jobs, columns, [cells for _, cells in job_rows])
        for key, row in job_rows:
            jobs.add_row(*row, key=key, height=len(row[-1].split()))

    def _wrapped(self, text: Text, width: int) -> Text:
        """The error verbatim, wrapped to the room left, at most ERROR_LINES lines: the
        table never scrolls sideways (its scrollbar looked like a stray mark)."""
        lines = list(text.wrap(self.app.console, width))
        if len(lines) > ERROR_LINES:
            lines = lines[:ERROR_LINES]
            lines[-1].truncate(width - 1)
            lines[-1].append("…")
        return Text("\n").join(lines)

    # ------------------------------------------------------------ actions

    def action_resubmit_group(self) -> None:
        """Hand the group to the resubmit flow, which shows every job, its options and
        what it leaves out before anything is sent."""
        if self.scanning:
            # The groups shown (if any) are the last scan's: wait for this one.
            key = press("failures.resubmit", app_keymap(self.app))
            self.notify(f"Still scanning: {key} resubmits a group once it is listed.", timeout=3)
            return
        group = self.selected_group()
        if group is None:
            self.notify("No failures to resubmit in this window.", timeout=3)
            return
        if self._resubmit is not None:
            self._resubmit([job.id for job in group.jobs])

    def action_close(self) -> None:
        jobs = self.query_one("#failure-jobs", DataTable)
        if jobs.has_focus:
            self.query_one("#failure-groups", DataTable).focus()
            return
        self.dismiss(None)


def _add_columns(
    table: DataTable[object], labels: Sequence[str], rows: list[Sequence[Text]]
) -> None:
    """Columns as wide as their widest line, set once: a width left for DataTable to
    work out later came out as the header's alone (``6f`` for an id) after a resize."""
    for column, label in enumerate(labels):
        widest = max((line.cell_len for cells in rows for line in cells[column].split()), default=0)
        table.add_column(label, width=max(len(label), widest))
