"""The main screen: gauges, the transcript list and the detail pane."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Input
from textual.worker import Worker, WorkerState

from aai_tui.actions.queries import (
    BatchReport,
    FailureReport,
    UsageReport,
    Window,
    batch_reports,
    failures,
    resolve_id,
    usage,
)
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptListItem, TranscriptPage, TranscriptStatus
from aai_tui.event_log import EntryKind
from aai_tui.formatting import audio_name, countdown, counted
from aai_tui.tracking.events import (
    PageCursor,
    PageLoaded,
    RowFacts,
    TrackerEvent,
    TranscriptLoaded,
)
from aai_tui.tracking.tracker import Tracker
from aai_tui.troubleshoot import explain
from aai_tui.ui.action_registry import BY_ID, Place, bindings, press
from aai_tui.ui.flows.base import failure_text
from aai_tui.ui.flows.deleting import DeleteFlow
from aai_tui.ui.flows.exporting import ExportFlow
from aai_tui.ui.flows.model_fix import ModelFixFlow
from aai_tui.ui.flows.resubmitting import ResubmitFlow
from aai_tui.ui.flows.submitting import SubmitFlow
from aai_tui.ui.flows.unfinished import UnfinishedFlow
from aai_tui.ui.presentation import (
    STATUS_FILTERS,
    TITLE_FRAME,
    ListTitle,
    sort_label,
    statuses_label,
)
from aai_tui.ui.safe_text import visible
from aai_tui.ui.screens.batches import BatchesScreen
from aai_tui.ui.screens.date_choice import DateChoiceScreen
from aai_tui.ui.screens.event_log import EventLogScreen
from aai_tui.ui.screens.failures import FailuresScreen
from aai_tui.ui.screens.find import Candidate, FindScreen
from aai_tui.ui.screens.statuses import StatusChoiceScreen
from aai_tui.ui.screens.usage import UsageScreen
from aai_tui.ui.screens.views import LAST_VIEW_KEY, VIEWS_KEY, SavedView, ViewsScreen
from aai_tui.ui.tracker_messages import (
    BudgetArrived,
    CapacityFell,
    ConnectionChanged,
    CountsArrived,
    CycleBegan,
    PageArrived,
    RequestRefused,
    ThrottledLong,
    TranscriptArrived,
    TranscriptGone,
    WatchedArrived,
    message_for,
)
from aai_tui.ui.widgets.activity import ActivityPanel
from aai_tui.ui.widgets.detail import DetailPane, PaneState
from aai_tui.ui.widgets.key_hints import KeyHints
from aai_tui.ui.widgets.status_bar import GaugeState, StatusBar
from aai_tui.ui.widgets.transcript_table import SORTABLE, TranscriptRow, TranscriptTable


def _iso_day(text: str | None) -> date | None:
    """A saved view's fixed day (``YYYY-MM-DD``), or None."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _day_label(day: date | None, today: date) -> str:
    if day is None:
        return "any day"
    if day == today:
        return f"today ({day.isoformat()})"
    if day == today - timedelta(days=1):
        return f"yesterday ({day.isoformat()})"
    return day.isoformat()


if TYPE_CHECKING:
    from pathlib import Path

    from aai_tui.ui.app import AaiTuiApp

NARROW_WIDTH = 100
#: The page sizes z goes through (the API lists at most 200 a request).
PAGE_SIZES = (25, 50, 100, 200)
log = logging.getLogger("aai_tui.ui")


#: Time given to Textual's output thread to write the first frame before connecting.
FIRST_FRAME_GRACE_S = 0.03
#: Quiet after a move before the rows beside the cursor are drawn ahead.
NEIGHBOURS_AFTER_S = 0.15
#: How often relative times ("21s ago") are worked out again, tracker or not.
AGES_EVERY_S = 5.0


def _stage(status: TranscriptStatus) -> int:
    """How far a job has gone: a status only moves forward, so a later read wins."""
    return 2 if status.is_terminal else 1 if status is TranscriptStatus.PROCESSING else 0


class DashboardFlows:
    """The dashboard's flows, one per kind of action; each holds the screen."""

    def __init__(self, screen: DashboardScreen) -> None:
        self.submit = SubmitFlow(screen)
        self.resubmit = ResubmitFlow(screen)
        self.delete = DeleteFlow(screen)
        self.export = ExportFlow(screen)
        self.unfinished = UnfinishedFlow(screen)
        self.model_fix = ModelFixFlow(screen)


class DashboardScreen(Screen[None]):
    BINDINGS = bindings(Place.DASHBOARD)

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, TranscriptListItem] = {}
        #: How each marked job read on its page when marked: a confirmation names it
        #: after it left the page.
        self._marked_rows: dict[str, str] = {}
        #: When this journal sent jobs found off the page (their Created is not known).
        self.sent_at: dict[str, datetime] = {}
        self.sent_elsewhere: dict[str, str] = {}  # job id -> the endpoint it was sent to
        #: Jobs of the journal this endpoint said it does not have: B reads each once.
        self.gone_jobs: set[str] = set()
        #: Ids the API said it does not know.
        self.missing: set[str] = set()
        #: Failed jobs looked up in the journal: the job that repeats each, "" while
        #: its resubmission is not finished, None when it was never resubmitted.
        self.resubmitted: dict[str, str | None] = {}
        #: What the tracker last said of each row's job (never pulled from its cache).
        self.facts: dict[str, RowFacts] = {}
        self.last_page: PageLoaded | None = None
        #: The job shown in the detail pane: a transcript id, never a row index. It stays
        #: when its row leaves the page, until the user moves.
        self.selected_id: str | None = None
        self.follow_newest = False
        #: The user asked for another page or filter: select its first row when it comes.
        self._select_on_next_page = False
        self.page_history: list[PageCursor] = []
        self.tracker: Tracker | None = None
        self._shown_title = ""
        self._shown_view_name = ""
        self._shown_footer = ""
        self._last_title: ListTitle | None = None
        self._remembered_view: SavedView | None = None
        #: The saved view last recalled, saved or restored, by name: the title names it
        #: while the list still shows exactly that view.
        self._named_view: tuple[str, SavedView] | None = None
        self._limit_seen: int | None = None
        self.marked: set[str] = set()
        self.flows = DashboardFlows(self)

    @property
    def aai(self) -> AaiTuiApp:
        return cast("AaiTuiApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.aai
        yield StatusBar(
            GaugeState(
                endpoint=app.endpoint_label,
                demo=app.demo,
                concurrency_limit=app.settings.concurrency_limit,
                read_only=app.read_only,
            ),
            clock=app.monotonic,
            id="status-bar",
        )
        with Horizontal(id="main"):
            yield TranscriptTable(
                now=app.now, on_cursor_moved=self._sync_selection, id="transcripts"
            )
            yield DetailPane(now=app.now, id="detail")
        yield ActivityPanel(id="activity")
        yield Input(
            placeholder="Filter loaded rows (Esc clears)", id="filter-input", classes="hidden"
        )
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(TranscriptTable).focus()
        self._update_title()
        # Re-armed by every move, so it fires only once the user stops to read.
        self._neighbour_timer = self.set_interval(
            NEIGHBOURS_AFTER_S, self._prepare_neighbours, pause=True
        )
        # Ages count on whatever the tracker does (paused, they froze but on the rows
        # the cursor passed, and a newer row read older than the ones below it).
        self.set_interval(AGES_EVERY_S, self._refresh_ages)
        # The screen paints first; the network stack loads and the tracker starts after.
        # Textual writes frames from its own thread, which needs the GIL: the short wait
        # lets the first frame reach the terminal before the imports would hold it.
        self.call_after_refresh(self.set_timer, FIRST_FRAME_GRACE_S, self._start_tracking)

    def _start_tracking(self) -> None:
        app = self.aai
        if not app.ensure_api():
            return
        assert app.background_api is not None and app.budget is not None
        app.event_log.add(
            EntryKind.CONNECTION,
            f"watching {app.endpoint_label}"
            + (" (read-only)" if app.read_only else "")
            + (f"; journal {app.journal.path}" if app.journal is not None else "; no journal"),
        )
        self.tracker = Tracker(
            app.background_api,
            app.budget,
            self._publish,
            poll_interval=app.settings.poll_interval,
            page_size=app.settings.page_size,
            idle_poll_limit=app.settings.idle_poll_limit,
            durations=app.journal.durations_for if app.journal is not None else None,
            wall_clock=lambda: app.now().timestamp(),
            name_of=app.local_name_for,
        )
        self._restore_last_view()
        self._run_tracker()
        if not self.aai.read_only:
            self.flows.unfinished.offer(quiet=True)

    def _table(self) -> TranscriptTable:
        return self.query_one(TranscriptTable)

    def on_key(self) -> None:
        """Someone is at the keyboard: cycles stretched by a quiet spell snap back."""
        if self.tracker is not None:
            self.tracker.wake_up()

    def _detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_unmount(self) -> None:
        if self.tracker:
            self.tracker.stop()

    def _publish(self, event: TrackerEvent) -> None:
        self.post_message(message_for(event))

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.call_after_refresh(self._update_title)  # the list's new width is laid out

    # ----------------------------------------------------- tracker events

    def _answered(self) -> None:
        """An answer arrived: not silent any more, and the key works."""
        bar = self.query_one(StatusBar)
        if bar.state.waiting_since is not None or bar.state.key_rejected:
            bar.update_state(waiting_since=None, key_rejected=False)

    def on_cycle_began(self, message: CycleBegan) -> None:
        bar = self.query_one(StatusBar)
        if bar.state.waiting_since is None:
            # Stamped on the screen's clock, which the bar counts on: the tracker's may
            # be another clock (times are never carried across clocks).
            bar.update_state(waiting_since=self.aai.monotonic())

    def on_page_arrived(self, message: PageArrived) -> None:
        self._answered()
        self._apply_page(message.event)

    def on_transcript_arrived(self, message: TranscriptArrived) -> None:
        self._answered()
        self._apply_transcript(message.event)

    def on_capacity_fell(self, message: CapacityFell) -> None:
        event = message.event
        self.notify(
            f"Jobs now process {event.now} at a time (it was {event.before}) while others "
            "wait throttled. AssemblyAI lowers the concurrency limit to 1 when the "
            "account's balance runs out: check the balance and billing on assemblyai.com.",
            title="The account's concurrency limit fell",
            severity="warning",
            markup=False,
            timeout=20,
        )

    def on_throttled_long(self, message: ThrottledLong) -> None:
        event = message.event
        self.notify(
            f"A job has waited throttled for {countdown(event.waited)}, while the "
            f"{event.throttled} queued ahead at today's pace explain about "
            f"{countdown(event.expected)}. With {event.processing} processing, check the "
            "account's concurrency limit and balance on assemblyai.com, or whether "
            "another tool submits with the same key.",
            title="Jobs stay throttled longer than the queue explains",
            severity="warning",
            markup=False,
            timeout=20,
        )

    def concurrency_slots(self) -> int:
        """Jobs the account processes at once, for ETAs: the limit seen (AssemblyAI
        lowers it when the balance runs out), else the configured one."""
        return self._limit_seen or self.aai.settings.concurrency_limit

    def on_counts_arrived(self, message: CountsArrived) -> None:
        self._limit_seen = message.event.limit_seen
        self._answered()
        self.query_one(StatusBar).update_state(counts=message.event)
        self._apply_throttled(message.event.throttled_ids)
        panel = self.query_one(ActivityPanel)
        if panel.state is not None:
            queued = {job for job, status in panel.state.statuses.items() if status == "queued"}
            ahead = message.event.ahead_of(queued)
            if ahead != panel.state.ahead:
                panel.state.ahead = ahead
                panel.refresh_view()

    def on_budget_arrived(self, message: BudgetArrived) -> None:
        event = message.event
        self.query_one(StatusBar).update_state(
            budget=event.budget, budget_seen_at=self.aai.monotonic(), paused=event.paused
        )

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        event = message.event
        bar = self.query_one(StatusBar)
        if event.online:
            bar.update_state(offline_until=None)
            self.notify("Back online.", timeout=3)
            return
        if bar.state.offline_until is None and event.error is not None:
            self.report_error(event.error, "Connection lost")  # once, with the why
        retry = event.retry_in or 0.0
        bar.update_state(offline_until=self.aai.monotonic() + retry)

    def on_request_refused(self, message: RequestRefused) -> None:
        event = message.event
        if event.error.status == 401:
            self._key_rejected(event.error)
        else:
            self.report_error(event.error, event.context)

    def on_transcript_gone(self, message: TranscriptGone) -> None:
        """The pane says the API does not know the job, instead of polling for it."""
        transcript_id = message.event.transcript_id
        self.missing.add(transcript_id)
        if self.selected_id == transcript_id:
            self._show_detail(transcript_id)

    def on_watched_arrived(self, message: WatchedArrived) -> None:
        self._update_watched(message.event.statuses)

    def _key_rejected(self, error: ApiError) -> None:
        """A 401: the header says so in red; one notification, not one per cycle."""
        bar = self.query_one(StatusBar)
        if bar.state.key_rejected:
            return
        bar.update_state(key_rejected=True, waiting_since=None)
        self.notify(
            f"{visible(error.message, single_line=True)}\n→ Press {self.press('change_key')} "
            "to enter another key (checked, then saved).",
            title="The API refused the key",
            severity="error",
            markup=False,
            timeout=15,
        )

    def report_error(self, error: ApiError, context: str) -> None:
        explanation = explain(error.message, status=error.status, error_kind=error.kind.value)
        self.notify(
            f"{visible(error.message, single_line=True)}\n→ {explanation.advice}",
            title=f"{context}: {explanation.entry.title}",
            severity="error",
            markup=False,
            timeout=10,
        )

    def _row(self, item: TranscriptListItem) -> TranscriptRow:
        facts = self.facts.get(item.id, RowFacts())
        return TranscriptRow(
            id=item.id,
            status=str(item.status),
            throttled=facts.throttled and item.status == "queued",
            created=item.created,
            audio_url=item.audio_url,
            local_name=self.aai.local_name_for(item.id),
            duration=facts.duration,
            error=item.error,
            warnings=facts.warnings,
            duration_pending=facts.summary_pending,
        )

    def _apply_page(self, event: PageLoaded) -> None:
        self.items = {item.id: item for item in event.page.transcripts}
        self.facts = dict(event.facts)
        self.last_page = event
        self._look_up_local_names([item.id for item in event.page.transcripts])
        table = self.query_one(TranscriptTable)
        table.show_rows([self._row(item) for item in event.page.transcripts])
        if event.cursor.is_newest:
            self.page_history.clear()
        self._update_title()
        if self._select_on_next_page and table.row_count:
            self._select_on_next_page = False
            table.move_cursor(row=0)
            self._select(table.selected_id())
        elif self.follow_newest and table.row_count:
            table.move_cursor(row=0)
            self._select(table.selected_id())
        else:
            self._keep_selection()

    def _read_journal(self, work: Coroutine[Any, Any, None], group: str) -> None:
        """Read the journal off the event loop (the reads use threads), in a worker of
        its own group, whose failure is never the screen's."""
        self.run_worker(work, group=group, exit_on_error=False, name="Reading the journal")

    def _look_up_local_names(self, ids: list[str]) -> None:
        unknown = [i for i in ids if i not in self.aai.local_names]
        if unknown and self.aai.journal is not None:
            self._read_journal(self._local_names(unknown), "local-names")

    async def _sent_at(self, transcript_id: str) -> None:
        """When this machine sent a job off the page: only list rows carry Created."""
        journal = self.aai.journal
        if journal is None:
            return
        endpoint = getattr(self.aai.api, "base_url", None)
        sent = await asyncio.to_thread(journal.sent_at_for, transcript_id, endpoint)
        if sent is not None:
            self.sent_at[transcript_id] = datetime.fromtimestamp(sent, UTC)
        else:
            earlier = await asyncio.to_thread(journal.by_transcript, transcript_id)
            if earlier is None or earlier.endpoint == endpoint:
                return
            self.sent_elsewhere[transcript_id] = earlier.endpoint
        if self.selected_id == transcript_id:
            self._show_detail(transcript_id)

    async def _local_names(self, ids: list[str]) -> None:
        changed = await self.aai.load_local_names(ids)
        table = self.query_one(TranscriptTable)
        for transcript_id in changed:
            item = self.items.get(transcript_id)
            if item is not None:
                table.update_row(self._row(item))
        if self.selected_id in changed:
            self._show_detail(self.selected_id)

    def _apply_throttled(self, throttled_ids: frozenset[str]) -> None:
        """The throttled scan: the rows mark exactly the jobs the header counts."""
        table = self.query_one(TranscriptTable)
        for transcript_id, item in self.items.items():
            wanted = transcript_id in throttled_ids and item.status == "queued"
            facts = self.facts.get(transcript_id, RowFacts())
            if facts.throttled != wanted:
                self.facts[transcript_id] = replace(facts, throttled=wanted)
                table.update_row(self._row(item))

    def _apply_transcript(self, event: TranscriptLoaded) -> None:
        transcript = event.transcript
        item = self.items.get(transcript.id)
        if item is not None:
            if _stage(transcript.status) > _stage(item.status):
                # Read after the page (paused, no page comes): the row says what the
                # pane says, not "processing" beside "completed".
                item = self.items[transcript.id] = replace(
                    item, status=transcript.status, error=transcript.error
                )
            self.facts[transcript.id] = event.facts
            self.query_one(TranscriptTable).update_row(self._row(item))
        if self.query_one(DetailPane).transcript_id == transcript.id:
            # Through the one place that knows every fact the pane shows: drawn here
            # without them, a job found off the page lost "Sent … from here" (and a
            # resubmitted one its new job) as soon as its transcript arrived.
            self._show_detail(transcript.id, transcript)

    def _update_title(self) -> None:
        """The list's title, from the last page the tracker published and the table."""
        event = self.last_page
        table = self.query_one(TranscriptTable)
        day = self.tracker.created_on if self.tracker else None
        count = len(event.page.transcripts) if event else 0
        title = ListTitle(
            page=event.page_number if event else 1,
            shown=f"{table.row_count} of {count}" if table.filter_text else f"{table.row_count}",
            # Before any page (offline at start) the statuses asked for: a restored
            # view's filter read "status: all" while no answer had come.
            statuses=statuses_label(
                event.statuses if event else self.tracker.statuses if self.tracker else ()
            ),
            day=_day_label(day, self.aai.now().astimezone(UTC).date()) if day else None,
            sort=sort_label(table.sort_column, table.sort_reverse),
            text_filter=visible(table.filter_text, single_line=True) if table.filter_text else None,
            marked=len(self.marked),
        )
        # A Text, never markup: the filter is what the user typed ("[/" and all). Set
        # only when it changes: a new title repaints the whole table. The fullest form
        # that fits the border: the filters are the last words to go.
        shown = title.fitted(table.size.width - TITLE_FRAME)
        if shown != self._shown_title:
            self._shown_title = shown
            table.border_title = Text(shown)
        self._update_footer()
        if title != self._last_title:
            self._last_title = title
            self.remember_last_view()

    # ----------------------------------------------------------- selection

    def _sync_selection(self) -> None:
        """The user moved the cursor: the row under it is the selection now."""
        self._select(self.query_one(TranscriptTable).selected_id())

    def _keep_selection(self) -> None:
        """Rows changed under the cursor: the selection stays on its job. If the job is
        still listed the cursor follows it; if it left the page, the detail pane keeps
        showing it until the user moves."""
        table = self.query_one(TranscriptTable)
        if self.selected_id is None:
            self._select(table.selected_id())
            return
        if self.selected_id in table.rows:
            with table.prevent(DataTable.RowHighlighted):
                table.follow_row(table.get_row_index(self.selected_id))
        self._mark_cursor()
        self._show_detail(self.selected_id)

    def _mark_cursor(self) -> None:
        """The list's cursor shows only on the selected job's row: with a job from off
        the page in the detail pane (found with :, or gone from the page), no row is
        highlighted, since r, d and e act on the pane's job. j or k brings it back."""
        table = self.query_one(TranscriptTable)
        table.show_cursor = self.selected_id is None or self.selected_id in table.rows
        self.call_after_refresh(self._update_footer)

    def _update_footer(self) -> None:
        """The list's bottom border: how many rows are above the view (new jobs that
        arrived above a selection kept on its line are otherwise out of sight), and the
        saved view on screen (the top border needs its room for the filters, which say
        more and stay to the last). Set only when its text changes."""
        table = self.query_one(TranscriptTable)
        above = round(table.scroll_y) if table.row_count else 0
        name = self._view_name()
        self._shown_view_name = f"view: {name}" if name else ""
        parts = [f"↑ {above} more above"] if above > 0 else []
        parts += [self._shown_view_name] if name else []
        footer = " · ".join(parts)
        if footer != self._shown_footer:
            self._shown_footer = footer
            table.border_subtitle = Text(footer)

    def _select(self, transcript_id: str | None) -> None:
        self.selected_id = transcript_id
        self._mark_cursor()
        cached = self.tracker.select(transcript_id) if self.tracker else None
        self._show_detail(transcript_id, cached)
        item = self.items.get(transcript_id or "")
        status = cached.status if cached else item.status if item else None
        if str(status) == "error" and transcript_id and transcript_id not in self.resubmitted:
            self._read_journal(self._resubmitted(transcript_id), "resubmitted")

    async def _resubmitted(self, transcript_id: str) -> None:
        """A failed job already resubmitted says so, with the job that repeats it."""
        journal = self.aai.journal
        if journal is None:
            return
        found = await asyncio.to_thread(journal.resubmissions_of, [transcript_id])
        made = found.get(transcript_id)
        self.resubmitted[transcript_id] = (made.transcript_id or "") if made else None
        if made is not None and self.selected_id == transcript_id:
            self._show_detail(transcript_id)

    def _pane_state(
        self, transcript_id: str | None, transcript: Transcript | None = None
    ) -> PaneState:
        """What the detail pane shows of ``transcript_id``, from what the screen knows."""
        detail = self.query_one(DetailPane)
        key = transcript_id or ""
        return PaneState(
            transcript_id,
            item=self.items.get(key)
            or (detail.item if detail.transcript_id == transcript_id else None),
            transcript=transcript,
            local_name=self.aai.local_name_for(transcript_id) if transcript_id else None,
            sent_at=self.sent_at.get(key),
            missing=key in self.missing,
            resubmitted_as=self.resubmitted.get(key),
            sent_elsewhere=self.sent_elsewhere.get(key),
        )

    def _show_detail(self, transcript_id: str | None, transcript: Transcript | None = None) -> None:
        """The pane drawn once per move: with the transcript the tracker already had,
        else with the row's facts until it arrives."""
        self.query_one(DetailPane).show_state(self._pane_state(transcript_id, transcript))
        self._neighbour_timer.reset()

    def _refresh_ages(self) -> None:
        """Every relative time again: the list's Created cells and the pane's, each
        repainted only where its text changed, and a running batch's ETA."""
        self.query_one(TranscriptTable).refresh_cells()
        self.query_one(DetailPane).refresh_body()
        panel = self.query_one(ActivityPanel)
        if panel.state is not None and not panel.has_class("hidden"):
            panel.refresh_view()

    def _prepare_neighbours(self) -> None:
        """The user stopped on a row: draw the rows above and below it now, so the
        next move paints what is drawn already instead of drawing on the key."""
        self._neighbour_timer.pause()
        table = self.query_one(TranscriptTable)
        detail = self.query_one(DetailPane)
        if self.tracker is None or not table.show_cursor:
            return
        row = table.cursor_row
        for index in (row + 1, row - 1):
            transcript_id = table.id_at(index)
            if transcript_id is not None:
                detail.prepare(self._pane_state(transcript_id, self.tracker.known(transcript_id)))

    @on(DataTable.HeaderSelected, "#transcripts")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.query_one(TranscriptTable).sort_by(str(event.column_key.value))
        self._update_title()

    # -------------------------------------------------------------- actions

    def action_refresh(self) -> None:
        if self.tracker:
            self.tracker.refresh_now()
        self.notify("Refreshing…", timeout=1.5)

    def action_toggle_pause(self) -> None:
        if self.tracker:
            self.tracker.set_paused(not self.tracker.paused)
            self.notify(
                "Live updates paused." if self.tracker.paused else "Live updates resumed.",
                timeout=2,
            )

    def action_cycle_status(self) -> None:
        """f: all, then each status alone (after several, back to all)."""
        if not self.tracker:
            return
        current = self.tracker.statuses
        at = STATUS_FILTERS.index(current[0]) if len(current) == 1 else 0
        nxt = STATUS_FILTERS[(at + 1) % len(STATUS_FILTERS)]
        self._show_statuses((nxt,) if nxt else ())

    def action_choose_statuses(self) -> None:
        """S: several statuses at once, ticked in a list."""
        if not self.tracker:
            return

        def chosen(statuses: tuple[str, ...] | None) -> None:
            if statuses is not None:
                self._show_statuses(statuses)

        self.app.push_screen(StatusChoiceScreen(self.tracker.statuses), chosen)

    def _show_statuses(self, statuses: tuple[str, ...]) -> None:
        if self.tracker is None:
            return
        self.page_history.clear()
        self._select_on_next_page = True
        self.tracker.set_statuses(statuses)
        self.notify(f"Showing {statuses_label(statuses)} transcripts.", timeout=2)

    def action_cycle_date(self) -> None:
        """D: jobs created today, yesterday, on a date typed, or on any day (the server
        filters by one day)."""
        if not self.tracker:
            return
        today = self.aai.now().astimezone(UTC).date()
        current = self.tracker.created_on
        if current is None:
            self._show_day(today)
        elif current == today:
            self._show_day(today - timedelta(days=1))
        elif current == today - timedelta(days=1):

            def chosen(day: date | None) -> None:
                # Esc ends the cycle where it ends anyway, at any day: the prompt must
                # never be the only way out of a day filter.
                self._show_day(day)

            self.app.push_screen(DateChoiceScreen(), chosen)
        else:
            self._show_day(None)

    def _show_day(self, day: date | None) -> None:
        if self.tracker is None:
            return
        today = self.aai.now().astimezone(UTC).date()
        self.page_history.clear()
        self._select_on_next_page = True
        self.tracker.set_created_on(day)
        label = _day_label(day, today)
        on = "" if label.startswith(("today", "yesterday")) else "on "
        self.notify(
            f"Showing transcripts created {on}{label}."
            if day
            else "Showing transcripts of every day.",
            timeout=2,
        )

    def action_older_page(self) -> None:
        tracker = self.tracker
        page = tracker.page if tracker else None
        if tracker is None or page is None:
            return
        cursor = page.page_details.older_cursor
        if cursor is None:
            self.notify("This is the oldest page.", timeout=2)
            return
        self.page_history.append(tracker.cursor)
        self._select_on_next_page = True
        tracker.show_page(PageCursor(before_id=cursor), tracker.page_number + 1)

    def action_newer_page(self) -> None:
        tracker = self.tracker
        page = tracker.page if tracker else None
        if tracker is None or page is None:
            return
        if tracker.cursor.is_newest:
            self.notify("This is the newest page.", timeout=2)
            return
        cursor = page.page_details.newer_cursor
        self._select_on_next_page = True
        if self.page_history:
            previous = self.page_history.pop()
            tracker.show_page(previous, max(1, tracker.page_number - 1))
        elif cursor is not None:
            tracker.show_page(PageCursor(after_id=cursor), max(1, tracker.page_number - 1))
        else:
            tracker.show_page(PageCursor(), 1)

    def action_filter(self) -> None:
        field = self.query_one("#filter-input", Input)
        field.remove_class("hidden")
        field.focus()

    def action_dismiss_transient(self) -> None:
        """Esc: hide a finished activity strip, else clear the marks, else the filter."""
        panel = self.query_one(ActivityPanel)
        if panel.state is not None and panel.state.done:
            panel.clear()
            return
        if self.marked:
            self.marked.clear()
            table = self.query_one(TranscriptTable)
            table.marked = set()
            table.refresh_cells()
            self._update_title()
            return
        self.action_clear_filter()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter-input", Input)
        if field.value or not field.has_class("hidden"):
            field.value = ""
            field.add_class("hidden")
            self.query_one(TranscriptTable).set_filter("")
            self.query_one(TranscriptTable).focus()
            self._update_title()

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        table = self.query_one(TranscriptTable)
        table.set_filter(event.value)
        self._update_title()
        if self.selected_id in table.rows_by_id and self.selected_id not in table.rows:
            # The user's own filter hid the selected job: the selection is the row the
            # cursor is on (r, d and e act on what the list shows highlighted).
            self._select(table.selected_id())
            return
        self._keep_selection()

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.add_class("hidden")
        self.query_one(TranscriptTable).focus()

    def action_cycle_sort(self) -> None:
        table = self.query_one(TranscriptTable)
        index = SORTABLE.index(table.sort_column)
        column = SORTABLE[(index + 1) % len(SORTABLE)]
        table.sort_by(column, reverse=column == "created")
        self._update_title()
        self._keep_selection()

    def action_reverse_sort(self) -> None:
        table = self.query_one(TranscriptTable)
        table.sort_by(table.sort_column, reverse=not table.sort_reverse)
        self._update_title()
        self._keep_selection()

    def action_word_search(self) -> None:
        detail = self.query_one(DetailPane)
        transcript = detail.transcript
        if transcript is None or transcript.status != "completed":
            self.notify("Word search needs a completed transcript.", severity="warning", timeout=3)
            return
        from aai_tui.ui.screens.word_search import WordSearchScreen

        def searched(words: list[str] | None) -> None:
            if words:
                self._run_word_search(transcript.id, words)

        self.app.push_screen(WordSearchScreen(), searched)

    @work(group="word-search", exclusive=True)
    async def _run_word_search(self, transcript_id: str, words: list[str]) -> None:
        api = self.aai.api
        if api is None:
            return
        try:
            result = await api.word_search(transcript_id, words)
        except ApiError as error:
            self.report_error(error, "Word search")
            return
        detail = self.query_one(DetailPane)
        if detail.transcript_id == transcript_id:
            detail.show_search(result)

    # ------------------------------------------------------ jobs and flows

    def press(self, action_id: str) -> str:
        """The key to name in a "press X" text, after the user's keymap."""
        return press(action_id, self.aai.settings.keymap)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Every key reaches its action, which says in one line why it cannot act now.
        return True

    def _refused(self, action_id: str) -> bool:
        """In read-only mode, say so for an action that changes the account."""
        spec = BY_ID[action_id]
        if spec.changes_account and self.aai.read_only:
            self.notify(
                f"Read-only mode: {spec.description.lower()} (turned off: started with "
                "--read-only).",
                severity="warning",
                timeout=3,
            )
            return True
        return False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure, in one place: a notification, never a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed", event.worker.name, exc_info=error)
        title, body = failure_text(error or "failed", dict(self.aai.settings.keymap))
        self.notify(
            body,
            title=f"{event.worker.name or 'Background work'}: {title}",
            severity="error",
            markup=False,
            timeout=10,
        )
        if event.worker.group == "tracker" and self.tracker is not None:
            # the tracker is the one owner of background traffic: start it again
            self.set_timer(3.0, self._restart_tracker)

    def _restart_tracker(self) -> None:
        if not self.is_running_tracker():
            self._run_tracker()

    def _run_tracker(self) -> None:
        if self.tracker is not None:
            self.run_worker(
                self.tracker.run(),
                name="tracker",
                group="tracker",
                exclusive=True,
                exit_on_error=False,
            )

    def is_running_tracker(self) -> bool:
        return any(w.group == "tracker" and w.is_running for w in self.workers)

    def _targets(self) -> list[str]:
        """Marked rows when there are any, else the selected job: the one the detail
        pane shows, which find (:) may have opened off the page, away from the cursor.
        An action never falls on a row the person is not looking at."""
        table = self._table()
        if self.marked:
            # Every mark the title counts: those on this page in its order, then those
            # marked on another page (a helper's r and d dropped them silently).
            here = [i for i in table.rows_by_id if i in self.marked]
            return here + sorted(self.marked.difference(here))
        selected = self._detail().transcript_id or table.selected_id()
        return [selected] if selected else []

    def describe_row(self, transcript_id: str) -> str:
        """The id, its file and its state: from the page, else from what was seen of it
        (a job marked on another page was listed by its id alone)."""
        row = self._table().rows_by_id.get(transcript_id)
        if row is not None:
            return f"{transcript_id}  {row.audio}  {row.status}"
        if transcript_id in self._marked_rows:
            return f"{self._marked_rows[transcript_id]}  (marked on another page)"
        # Off the page (found with :), its state as last read: deleting a completed
        # transcript read only "not on this page".
        seen = self._seen(transcript_id)
        status = f"{seen.status}, " if seen is not None else "state not read, "
        return "  ".join(
            part
            for part in (transcript_id, self.name_of(transcript_id), f"{status}not on this page")
            if part
        )

    def _seen(self, transcript_id: str) -> TranscriptListItem | Transcript | None:
        return self.items.get(transcript_id) or (
            self.tracker.known(transcript_id) if self.tracker else None
        )

    def name_of(self, transcript_id: str) -> str:
        """The name a job goes by here: its local file, else its audio's name, else ""."""
        row = self._table().rows_by_id.get(transcript_id)
        if row is not None:
            return row.audio
        seen = self._seen(transcript_id)
        return self.aai.local_name_for(transcript_id) or (
            audio_name(seen.audio_url) if seen is not None and seen.audio_url else ""
        )

    def watch_jobs(self, ids: list[str]) -> None:
        if self.tracker:
            self.tracker.watch(ids)

    def after_submissions(self) -> None:
        self._look_up_local_names(list(self.items))
        if self.tracker:
            self.tracker.refresh_now()

    def unmark(self, ids: list[str]) -> None:
        """Jobs acted on (deleted, resubmitted) are marked no more: a second d or r on
        the marks would act on them again."""
        if not self.marked.intersection(ids):
            return
        self.marked.difference_update(ids)
        table = self._table()
        table.marked = set(self.marked)
        table.refresh_cells()
        self._update_title()

    def after_deletes(self, ids: list[str]) -> None:
        self.unmark(ids)
        for transcript_id in ids:
            if self.tracker:
                self.tracker.forget(transcript_id)
        if self.tracker:
            self.tracker.refresh_now()

    def offer_model_fix(self, error: ApiError, **what: Any) -> None:
        self.flows.model_fix.offer(error, **what)

    def _update_watched(self, statuses: dict[str, str]) -> None:
        panel = self.query_one(ActivityPanel)
        if panel.state is not None:
            for transcript_id in list(panel.state.statuses):
                if transcript_id in statuses:
                    panel.state.statuses[transcript_id] = statuses[transcript_id]
                    if statuses[transcript_id] == "processing":
                        # Its ETA counts down from here (the strip's clock).
                        panel.state.processing_since.setdefault(transcript_id, panel.now())
            panel.refresh_view()

    @property
    def uploading(self) -> bool:
        return self.flows.submit.running

    def action_submit(self) -> None:
        if not self._refused("submit"):
            self.flows.submit.start()

    def action_resubmit(self) -> None:
        if not self._refused("resubmit"):
            self.flows.resubmit.start(self._targets(), failed_only=False)

    def action_resubmit_failed(self) -> None:
        if self._refused("resubmit_failed"):
            return
        # The failed rows the user can see: this page, through the text filter (F has
        # the account's failures, by cause).
        table = self._table()
        scope = " shown under the filter" if table.filter_text else " on this page"
        self.flows.resubmit.start(
            [r.id for r in table.shown_rows() if r.status == "error"],
            failed_only=True,
            scope=scope,
            picked=False,
        )

    def action_delete(self) -> None:
        if not self._refused("delete"):
            self.flows.delete.start(self._targets())

    def action_export(self) -> None:
        self.flows.export.start(self._targets())

    def action_pending(self) -> None:
        if not self._refused("pending"):
            self.flows.unfinished.offer(quiet=False)

    def action_batches(self) -> None:
        journal = self.aai.journal
        if journal is None:
            self.notify("Batches are kept in the journal, which the demo does not keep.")
            return
        endpoint = getattr(self.aai.api, "base_url", None)

        api = self.aai.api

        async def load() -> list[BatchReport]:
            return await batch_reports(
                api,
                journal,
                endpoint=endpoint,
                slots=self.concurrency_slots(),
                gone=self.gone_jobs,
            )

        def chosen(batch_id: str | None) -> None:
            if batch_id:  # F in B: Esc there comes back to B
                self.action_failures(f"batch:{batch_id}", back=self.action_batches)

        elsewhere = (lambda: journal.batches_elsewhere(endpoint)) if endpoint else None
        self.app.push_screen(BatchesScreen(load, journal.owner, elsewhere), chosen)

    def action_failures(self, window: str = "7d", back: Callable[[], None] | None = None) -> None:
        """Failed jobs of a window grouped by cause; a group handed back goes to the
        resubmit flow, which shows what it will send before it sends anything.
        ``back``: what Esc returns to (the batch view F was opened from)."""
        client = self.aai.api
        if client is None:
            return
        journal = self.aai.journal
        budget = self.aai.budget

        async def scan(window: Window, progress: Callable[[int, int], None]) -> FailureReport:
            async def pace() -> None:
                wait = budget.wait_needed() if budget is not None else 0.0
                if wait > 0:
                    await asyncio.sleep(wait)

            return await failures(client, journal, window, on_page=progress, pace=pace)

        def resubmit(ids: list[str]) -> None:
            if ids and not self._refused("resubmit"):
                self.flows.resubmit.start(ids, failed_only=True)

        def closed(transcript_id: str | None) -> None:
            if transcript_id or back is None:
                self.go_to(transcript_id)
            else:
                back()

        self.app.push_screen(
            FailuresScreen(
                scan,
                window,
                now=self.aai.now,
                resubmit=resubmit,
                offline=self._offline,
            ),
            closed,
        )

    def _offline(self) -> bool:
        """The header says the API is not answering."""
        return self.query_one(StatusBar).state.offline_until is not None

    def action_find(self) -> None:
        """Jump to any transcript: by id or prefix (loaded rows, the journal, then the
        API), or by file, folder or batch through the journal."""
        api, journal = self.aai.api, self.aai.journal
        if api is None:
            return
        table = self._table()

        async def search(text: str) -> list[Candidate]:
            wanted = text.strip().lower()
            found = [
                Candidate(row.id, row.audio, "this page")
                for row in table.rows_by_id.values()
                if row.id.startswith(wanted) or wanted in row.audio.lower()
            ]
            if journal is not None:
                seen = {c.transcript_id for c in found}
                here = getattr(api, "base_url", None)
                # Every endpoint's: a job sent to another (a simulator, a region) is
                # found too and says where it went (it read "nothing matches").
                found_in_journal = sorted(
                    await asyncio.to_thread(journal.search, text),
                    key=lambda sub: here is not None and sub.endpoint != here,
                )
                for sub in found_in_journal:
                    where = f"batch {sub.batch_id}" if sub.batch_id else "journal"
                    if sub.resubmit_of:
                        where = f"resubmits {sub.resubmit_of[:8]}"
                    if here is not None and sub.endpoint != here and sub.transcript_id:
                        where = f"sent to {sub.endpoint}"
                    if not sub.transcript_id:
                        # Found, but never a job: said so, with why, rather than missed.
                        why = sub.error or sub.state.value
                        found.append(Candidate("", sub.display_name, where, not_created=why))
                    elif sub.transcript_id not in seen:
                        seen.add(sub.transcript_id)
                        found.append(Candidate(sub.transcript_id, sub.display_name, where))
            return found[:100]

        async def resolve(text: str) -> str:
            return await resolve_id(text, api, journal, loaded=list(table.rows_by_id))

        self.app.push_screen(FindScreen(search, resolve, offline=self._offline), self.go_to)

    def go_to(self, transcript_id: str | None) -> None:
        """Select a transcript: on this page the cursor moves to it; elsewhere the detail
        pane shows it (and follows it) until the cursor moves."""
        if not transcript_id:
            return
        table = self._table()
        if transcript_id in table.rows:
            table.move_cursor(row=table.get_row_index(transcript_id))
            self._select(transcript_id)
            return
        self._select(transcript_id)
        self._look_up_local_names([transcript_id])  # its file, as a row of the page shows
        if self.aai.journal is not None and transcript_id not in self.sent_at:
            self._read_journal(self._sent_at(transcript_id), "sent-at")
        self.notify(
            f"{transcript_id[:8]} is not on this page: the detail pane shows it.", timeout=4
        )

    # ------------------------------------------------------------ saved views

    def current_view(self) -> SavedView:
        table = self._table()
        tracker = self.tracker
        day: str | None = None
        if tracker is not None and tracker.created_on is not None:
            today = self.aai.now().astimezone(UTC).date()
            day = {today: "today", today - timedelta(days=1): "yesterday"}.get(
                tracker.created_on, tracker.created_on.isoformat()
            )
        return SavedView(
            statuses=tracker.statuses if tracker else (),
            day=day,
            sort=table.sort_column,
            reverse=table.sort_reverse,
            text_filter=table.filter_text,
            page_size=tracker.page_size if tracker else self.aai.settings.page_size,
        )

    def apply_view(self, view: SavedView) -> None:
        """Filters, sort and page size of a saved view; one refresh for all of them."""
        table = self._table()
        if view.sort in SORTABLE:
            table.sort_by(view.sort, reverse=view.reverse)
        field = self.query_one("#filter-input", Input)
        field.value = view.text_filter
        field.set_class(not view.text_filter, "hidden")
        table.set_filter(view.text_filter)
        tracker = self.tracker
        if tracker is not None:
            today = self.aai.now().astimezone(UTC).date()
            days = {"today": today, "yesterday": today - timedelta(days=1)}
            tracker.statuses = tuple(s for s in view.statuses if s in STATUS_FILTERS)
            tracker.created_on = days.get(view.day or "") or _iso_day(view.day)
            tracker.page_size = view.page_size
            self.page_history.clear()
            # Another list: its first row is the selection, as for f or D (the detail
            # pane went on showing a job the recalled view does not list).
            self._select_on_next_page = True
            tracker.show_page(PageCursor(), 1)
        self._update_title()

    def action_cycle_page_size(self) -> None:
        """z: the next page size (25, 50, 100, 200), from the newest page; a saved view
        keeps it."""
        if self.tracker is None:
            return
        now = self.current_view()
        bigger = [size for size in PAGE_SIZES if size > now.page_size]
        size = bigger[0] if bigger else PAGE_SIZES[0]
        self.apply_view(replace(now, page_size=size))
        self.notify(f"{size} transcripts a page.", timeout=2)

    def action_reset_view(self) -> None:
        """0: every status, any day, no text filter, newest first, the configured page
        size: back from any filter in one key."""
        if self.tracker is None:
            return
        self.apply_view(SavedView(page_size=self.aai.settings.page_size))
        self.notify("The view is reset: every transcript, newest first.", timeout=2)

    def _view_name(self) -> str | None:
        """The name of the saved view on screen; None once anything in it changed."""
        if self._named_view is None or self.tracker is None:
            return None
        name, view = self._named_view
        if self.current_view() != view:
            return None
        return visible(name, single_line=True)

    def _stored_views(self) -> dict[str, SavedView]:
        journal = self.aai.journal
        stored = journal.recall(VIEWS_KEY, {}) if journal is not None else {}
        views = {}
        for name, data in stored.items() if isinstance(stored, dict) else []:
            view = SavedView.from_json(data)
            if view is not None:
                views[str(name)] = view
        return views

    def action_views(self) -> None:
        journal = self.aai.journal
        if journal is None:
            self.notify("Views are kept in the journal, which the demo does not keep.")
            return
        views = self._stored_views()

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            verb, name = choice
            if verb == "save":
                replaced = name in views
                views[name] = self.current_view()
                self._named_view = (name, views[name])
                self.notify(
                    f"{'Replaced' if replaced else 'Saved'} the view {name!r}.",
                    markup=False,
                    timeout=3,
                )
            elif verb == "recall" and name in views:
                self._named_view = (name, views[name])
                self.apply_view(views[name])
                self.notify(f"Showing the view {name!r}.", markup=False, timeout=2)
                return
            journal.remember(VIEWS_KEY, {n: v.to_json() for n, v in views.items()})
            self._update_title()

        def forget(name: str) -> None:
            views.pop(name, None)
            if self._named_view is not None and self._named_view[0] == name:
                self._named_view = None
            journal.remember(VIEWS_KEY, {n: v.to_json() for n, v in views.items()})
            self._update_title()

        self.app.push_screen(ViewsScreen(views, self.current_view(), forget), chosen)

    def remember_last_view(self) -> None:
        """Whenever the view changes, it is written down (off the loop): it comes back
        at the next start, however this one ends."""
        journal = self.aai.journal
        if journal is None or self.tracker is None:
            return
        view = self.current_view()
        if view == self._remembered_view:
            return
        self._remembered_view = view

        def write() -> None:
            with contextlib.suppress(Exception):  # a locked journal must not break the UI
                journal.remember(self._last_view_key(), view.to_json())

        self.run_worker(write, thread=True, group="last-view", exit_on_error=False)

    def _last_view_key(self) -> str:
        """One last view per endpoint: a filter left on a simulator, or on the other
        region, does not come back on this account's list."""
        endpoint = getattr(self.aai.api, "base_url", None)
        return f"{LAST_VIEW_KEY} {endpoint}" if endpoint else LAST_VIEW_KEY

    def _restore_last_view(self) -> None:
        journal = self.aai.journal
        if journal is None:
            return
        with contextlib.suppress(Exception):
            # This endpoint's, else the one kept before views were kept per endpoint.
            kept = journal.recall(self._last_view_key())
            view = SavedView.from_json(kept if kept is not None else journal.recall(LAST_VIEW_KEY))
            self._remembered_view = view
            if view is not None and view != SavedView(page_size=self.aai.settings.page_size):
                # a saved view left on screen comes back under its name
                name = next((n for n, v in self._stored_views().items() if v == view), None)
                if name is not None:
                    self._named_view = (name, view)
                self.apply_view(view)
                # said, so a filtered list is never taken for missing jobs
                called = f"The view {name!r}" if name is not None else "The last view"
                configured = self.aai.settings.page_size
                over = (
                    f" Its page size ({view.page_size}) is used over page_size = {configured} "
                    "from the config."
                    if view.page_size != configured
                    else ""
                )
                self.notify(
                    f"{called} is back: {view.summary()}.{over}",
                    title="Filters from the last session",
                    markup=False,
                    timeout=8,
                )

    def action_event_log(self) -> None:
        self.app.push_screen(EventLogScreen(self.aai.event_log))

    def action_usage(self) -> None:
        """Hours of audio today and in 7 days, by model, and the estimate from [prices]:
        one list scan of completed jobs and a read of each, paced by the request budget."""
        api, budget = self.aai.api, self.aai.budget
        if api is None:
            return
        client = api

        class Paced:
            """The dashboard's client, waiting for the request budget before each read."""

            async def list_transcripts(self, **kwargs: Any) -> TranscriptPage:
                await pace()
                return await client.list_transcripts(**kwargs)

            async def get_transcript(self, transcript_id: str) -> Transcript:
                await pace()
                return await client.get_transcript(transcript_id, bulk=False)

        async def pace() -> None:
            wait = budget.wait_needed() if budget is not None else 0.0
            if wait > 0:
                await asyncio.sleep(wait)

        async def count(progress: Callable[[int, int], None]) -> UsageReport:
            return await usage(Paced(), now=self.aai.now(), on_page=progress)

        self.app.push_screen(UsageScreen(count, self.aai.settings.prices))

    def action_cancel_activity(self) -> None:
        self.flows.submit.cancel()

    def action_toggle_mark(self) -> None:
        table = self._table()
        # The job the pane shows: one opened off the page (no row highlighted) is the
        # one marked, not the row the hidden cursor was left on.
        off_page = not table.show_cursor and self.selected_id not in table.rows
        selected = self.selected_id if off_page else table.selected_id()
        if not selected:
            self.notify("No transcript to mark.", timeout=2)
            return
        if selected in self.marked:
            self.marked.discard(selected)
        else:
            self.marked.add(selected)
            if selected in table.rows_by_id:  # said as it was, once it leaves the page
                self._marked_rows[selected] = self.describe_row(selected)
        table.marked = set(self.marked)
        table.refresh_cells()
        if off_page:
            marked = "Marked" if selected in self.marked else "Unmarked"
            self.notify(f"{marked} {selected[:8]} (not on this page).", timeout=3)
        else:
            table.action_cursor_down()
        self._update_title()

    def action_copy_id(self) -> None:
        targets = self._targets()
        if not targets:
            self.notify("No transcript selected.", timeout=2)
            return
        self.app.copy_to_clipboard("\n".join(targets))
        self.notify(f"Copied {counted(len(targets), 'id')} to the clipboard.", timeout=3)

    def action_copy_text(self) -> None:
        transcript = self._detail().transcript
        if transcript is None or not transcript.text:
            self.notify(
                "Only a completed transcript has text to copy.", severity="warning", timeout=3
            )
            return
        self.app.copy_to_clipboard(transcript.text)
        self.notify(
            f"Copied the text of {transcript.id[:8]} ({len(transcript.text):,} characters).",
            timeout=3,
        )

    def action_view_text(self) -> None:
        self._open_text("pager")

    def action_edit_text(self) -> None:
        self._open_text("editor")

    @work(group="reading", exclusive=True, exit_on_error=False)
    async def _open_text(self, kind: str) -> None:
        """The selected transcript, utterances by speaker with times, in $PAGER or
        $EDITOR; the dashboard comes back when the program ends. The file is a private
        copy, removed after (nothing written to it goes back to the API)."""
        import shutil
        import tempfile
        from pathlib import Path

        from textual.app import SuspendNotSupported

        from aai_tui.actions.reading import NoProgram, keep_edits, program, reading_text

        transcript_id, api = self.selected_id, self.aai.api
        if not transcript_id or api is None:
            self.notify("Select a transcript first.", timeout=3)
            return
        try:
            command = program(kind)
        except NoProgram as error:
            self.notify(str(error), severity="warning", markup=False, timeout=6)
            return
        item = self.items.get(transcript_id)
        if item is not None and item.status is not TranscriptStatus.COMPLETED:
            self._nothing_to_read(transcript_id, str(item.status), item.error)
            return
        try:
            transcript = await api.get_transcript(transcript_id)
        except ApiError as error:
            self.report_error(error, f"Reading {transcript_id[:8]}")
            return
        if not transcript.text and not transcript.utterances:
            self._nothing_to_read(transcript_id, str(transcript.status), transcript.error)
            return
        folder = Path(tempfile.mkdtemp(prefix="aai-tui-"))
        try:
            path = folder / f"{transcript_id[:8]}.txt"
            name = self.aai.local_name_for(transcript_id)
            given = reading_text(transcript, name)
            path.write_text(given, encoding="utf-8")
            path.chmod(0o600)
            try:
                code = self.aai.run_external([*command, str(path)])
            except (SuspendNotSupported, OSError) as error:
                self.notify(
                    f"Could not run {command[0]}: {error}", severity="warning", markup=False
                )
            else:
                if code:  # said, not silent: EDITOR=false looked like nothing happened
                    self.notify(
                        f"{command[0]} ended with exit code {code}.",
                        severity="warning",
                        markup=False,
                        timeout=6,
                    )
                self._kept_edits(keep_edits, path, given, transcript_id, name)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.refresh()

    def _kept_edits(
        self,
        keep: Callable[..., Path | None],
        path: Path,
        given: str,
        transcript_id: str,
        name: str | None,
    ) -> None:
        """Changes made in the editor are the user's work: kept in the export folder,
        and said where (the transcript on the server does not change)."""
        from pathlib import Path

        stem = f"{Path(name).stem if name else 'transcript'}.{transcript_id[:8]}"
        try:
            kept = keep(path, given, self.aai.settings.export_path, stem)
        except OSError as error:
            self.notify(
                f"Your edits to {transcript_id[:8]} could not be kept: {error}",
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        if kept is not None:
            self.notify(
                f"Your edits are kept in {kept} (the transcript on AssemblyAI is unchanged).",
                markup=False,
                timeout=10,
            )

    def _nothing_to_read(self, transcript_id: str, status: str, error: str | None) -> None:
        """Said on the dashboard instead of a pager showing an empty file."""
        if status == "error":
            why = (
                f"it failed: {visible(error or '', single_line=True)} (the detail pane has the fix)"
            )
        elif status in ("queued", "processing"):
            why = f"it is {status}: the text comes when it completes"
        else:
            why = "it has no text (deleted, or no speech)"
        self.notify(f"Nothing to read in {transcript_id[:8]}: {why}.", markup=False, timeout=6)

    def action_switch_pane(self) -> None:
        """Tab: the list and the detail pane, in turn (the pane then scrolls with the keys)."""
        table, detail = self._table(), self._detail()
        (detail if table.has_focus else table).focus()

    def action_switch_pane_back(self) -> None:
        self.action_switch_pane()

    def action_change_key(self) -> None:
        self.aai.ask_for_key()

    def action_follow_newest(self) -> None:
        """n: keep the newest job selected as new ones arrive (or stop)."""
        self.follow_newest = not self.follow_newest
        if self.follow_newest:
            table = self.query_one(TranscriptTable)
            if table.row_count:
                table.move_cursor(row=0)
                self._select(table.selected_id())
        self.notify(
            "Following the newest job." if self.follow_newest else "Selection stays put.",
            timeout=2,
        )
