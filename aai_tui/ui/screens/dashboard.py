"""The main screen: gauges, the transcript list and the detail pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Input

from aai_tui.api.errors import ApiError
from aai_tui.api.models import TranscriptListItem
from aai_tui.tracking.events import (
    BudgetChanged,
    ConnectionState,
    JobCounts,
    PageCursor,
    PageLoaded,
    RequestFailed,
    TrackerEvent,
    TranscriptLoaded,
    WatchedStatuses,
)
from aai_tui.tracking.tracker import Tracker
from aai_tui.troubleshoot import explain
from aai_tui.ui.messages import TrackerUpdate
from aai_tui.ui.presentation import STATUS_FILTERS
from aai_tui.ui.safe_text import visible
from aai_tui.ui.screens.job_actions import ACTION_BINDINGS, JobActions
from aai_tui.ui.widgets.activity import ActivityPanel
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.key_hints import KeyHints
from aai_tui.ui.widgets.status_bar import GaugeState, StatusBar
from aai_tui.ui.widgets.transcript_table import SORTABLE, TranscriptRow, TranscriptTable

if TYPE_CHECKING:
    from aai_tui.ui.app import AaiTuiApp

NARROW_WIDTH = 100


#: Time given to Textual's output thread to write the first frame before connecting.
FIRST_FRAME_GRACE_S = 0.03


class DashboardScreen(JobActions, Screen[None]):
    BINDINGS = [
        *ACTION_BINDINGS,
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="refresh"),
        Binding("p", "toggle_pause", "Pause", show=False, id="pause"),
        Binding("f", "cycle_status", "Status", id="status_filter"),
        Binding("slash", "filter", "Filter", id="filter", key_display="/"),
        Binding("right_square_bracket", "older_page", "Older", id="older_page", key_display="]"),
        Binding("left_square_bracket", "newer_page", "Newer", id="newer_page", key_display="["),
        Binding("w", "word_search", "Word search", show=False, id="word_search"),
        Binding("o", "cycle_sort", "Sort", show=False, id="sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="reverse_sort"),
        Binding("tab", "focus_next", "Switch pane", show=False, id="focus_next"),
        Binding("escape", "dismiss_transient", "Clear filter", show=False, id="clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, TranscriptListItem] = {}
        self.page_history: list[PageCursor] = []
        self.tracker: Tracker | None = None
        self.marked: set[str] = set()

    @property
    def aai(self) -> AaiTuiApp:
        return self.app  # type: ignore[return-value]

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
        # The screen paints first; the network stack loads and the tracker starts after.
        # Textual writes frames from its own thread, which needs the GIL: the short wait
        # lets the first frame reach the terminal before the imports would hold it.
        self.call_after_refresh(self.set_timer, FIRST_FRAME_GRACE_S, self._start_tracking)

    def _start_tracking(self) -> None:
        app = self.aai
        if not app.ensure_api():
            return
        assert app.background_api is not None and app.budget is not None
        self.tracker = Tracker(
            app.background_api,
            app.budget,
            self._publish,
            poll_interval=app.settings.poll_interval,
            page_size=app.settings.page_size,
        )
        self.run_worker(self.tracker.run(), name="tracker", group="tracker", exclusive=True)
        self.offer_pending()

    def _table(self) -> TranscriptTable:
        return self.query_one(TranscriptTable)

    def _detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_unmount(self) -> None:
        if self.tracker:
            self.tracker.stop()

    def _publish(self, event: TrackerEvent) -> None:
        self.post_message(TrackerUpdate(event))

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # ----------------------------------------------------- tracker events

    def on_tracker_update(self, message: TrackerUpdate) -> None:
        event = message.event
        bar = self.query_one(StatusBar)
        if isinstance(event, PageLoaded):
            self._apply_page(event)
        elif isinstance(event, TranscriptLoaded):
            self._apply_transcript(event)
        elif isinstance(event, JobCounts):
            bar.update_state(counts=event)
        elif isinstance(event, BudgetChanged):
            bar.update_state(
                budget=event.budget, budget_seen_at=self.aai.monotonic(), paused=event.paused
            )
        elif isinstance(event, ConnectionState):
            if event.online:
                bar.update_state(offline_until=None)
                self.notify("Back online.", timeout=3)
            else:
                if bar.state.offline_until is None and event.error is not None:
                    self.report_error(event.error, "Connection lost")  # once, with the why
                retry = event.retry_in or 0.0
                bar.update_state(offline_until=self.aai.monotonic() + retry)
        elif isinstance(event, RequestFailed):
            self.report_error(event.error, event.context)
        elif isinstance(event, WatchedStatuses):
            self.update_watched(event.statuses)

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
        full = self.tracker.known(item.id) if self.tracker else None
        return TranscriptRow(
            id=item.id,
            status=str(item.status),
            throttled=bool(full and full.throttled and item.status == "queued"),
            created=item.created,
            audio_url=item.audio_url,
            local_name=self.aai.local_name_for(item.id),
            duration=full.audio_duration if full else None,
            error=item.error,
            warnings=full.warnings if full else (),
        )

    def _apply_page(self, event: PageLoaded) -> None:
        self.items = {item.id: item for item in event.page.transcripts}
        self.aai.refresh_local_names()
        table = self.query_one(TranscriptTable)
        table.show_rows([self._row(item) for item in event.page.transcripts])
        if event.cursor.is_newest:
            self.page_history.clear()
        self._update_title(event)
        self._sync_selection()

    def _apply_transcript(self, event: TranscriptLoaded) -> None:
        transcript = event.transcript
        item = self.items.get(transcript.id)
        if item is not None:
            self.query_one(TranscriptTable).update_row(self._row(item))
        detail = self.query_one(DetailPane)
        if detail.transcript_id == transcript.id:
            detail.show(
                transcript.id,
                item=item,
                transcript=transcript,
                local_name=self.aai.local_name_for(transcript.id),
            )

    def _update_title(self, event: PageLoaded | None = None) -> None:
        tracker = self.tracker
        status = tracker.status_filter if tracker else None
        page = event.page_number if event else 1
        count = len(event.page.transcripts) if event else 0
        table = self.query_one(TranscriptTable)
        shown = f"{table.row_count} of {count}" if table.filter_text else f"{count}"
        parts = [
            f"Transcripts · page {page}",
            f"{shown} shown",
            f"status: {status or 'all'}",
            f"sort: {table.sort_column} {'↓' if table.sort_reverse else '↑'}",
        ]
        if table.filter_text:
            parts.append(f"filter: {visible(table.filter_text, single_line=True)}")
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        table.border_title = " · ".join(parts)

    # ----------------------------------------------------------- selection

    @on(DataTable.RowHighlighted, "#transcripts")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Cursor moves were shown already (on_cursor_moved); this catches the rest.
        if (
            self.query_one(TranscriptTable).selected_id()
            != self.query_one(DetailPane).transcript_id
        ):
            self._sync_selection()

    def _sync_selection(self) -> None:
        table = self.query_one(TranscriptTable)
        selected = table.selected_id()
        detail = self.query_one(DetailPane)
        if self.tracker:
            self.tracker.select(selected)
        known = self.tracker.known(selected) if (self.tracker and selected) else None
        detail.show(
            selected,
            item=self.items.get(selected or ""),
            transcript=known,
            local_name=self.aai.local_name_for(selected) if selected else None,
        )

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
        if not self.tracker:
            return
        current = STATUS_FILTERS.index(self.tracker.status_filter)
        nxt = STATUS_FILTERS[(current + 1) % len(STATUS_FILTERS)]
        self.page_history.clear()
        self.tracker.set_status_filter(nxt)
        self.notify(f"Showing {nxt or 'all'} transcripts.", timeout=2)

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
        self.query_one(TranscriptTable).set_filter(event.value)
        self._update_title()

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

    def action_reverse_sort(self) -> None:
        table = self.query_one(TranscriptTable)
        table.sort_by(table.sort_column, reverse=not table.sort_reverse)
        self._update_title()

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
        try:
            result = await self.aai.api.word_search(transcript_id, words)
        except ApiError as error:
            self.report_error(error, "Word search")
            return
        detail = self.query_one(DetailPane)
        if detail.transcript_id == transcript_id:
            detail.show_search(result)
