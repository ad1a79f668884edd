"""The tracker: the one owner of background traffic.

Each cycle it refreshes the visible page, counts active jobs, and fetches full
transcripts only for the selected row and for rows that have just ended. Cycles
run one after another, so requests never overlap; the wait between cycles grows
when the rate-limit budget runs low and while the API cannot be reached. Between
cycles, a job shown that is near its expected end (15-30% of its audio's duration
after it started, as AssemblyAI documents) gets a quick look at the page every second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date
from typing import Protocol, TypeVar

from aai_tui.api.errors import ApiError
from aai_tui.api.models import (
    BULK_FIELDS,
    Transcript,
    TranscriptListItem,
    TranscriptPage,
    TranscriptStatus,
)
from aai_tui.api.processing import PROCESSING_SHARE
from aai_tui.tracking.budget import RequestBudget
from aai_tui.tracking.events import (
    BudgetChanged,
    CapacityDropped,
    ConnectionState,
    CycleStarted,
    JobCounts,
    PageCursor,
    PageLoaded,
    RequestFailed,
    RowFacts,
    ThrottledTooLong,
    TrackerEvent,
    TranscriptLoaded,
    TranscriptMissing,
    WatchedStatuses,
)
from aai_tui.tracking.pages import merge_pages

log = logging.getLogger("aai_tui.tracking")

COUNT_LIMIT = 200
#: Pages of 200 scanned per status: enough for 10,000 active jobs.
MAX_ACTIVE_PAGES = 50
#: Minutes of completions kept for the throughput sparkline.
THROUGHPUT_MINUTES = 10
#: Jobs that just ended fetched in full per cycle, at most.
ENDED_PER_CYCLE = 50
MAX_OFFLINE_BACKOFF = 30.0
#: Full transcripts fetched per cycle for rows that ended, at most.
HYDRATE_PER_CYCLE = 4
#: Full transcripts fetched per cycle to learn how watched jobs ended, at most.
WATCH_FETCH_PER_CYCLE = 10
#: Seconds a new selection waits so that holding an arrow key costs one request.
SELECTION_SETTLE = 0.12
#: With nothing active, the active-job scan still runs every this many cycles: a job
#: made elsewhere and not on the page shown is noticed within that many cycles.
IDLE_SCAN_EVERY = 10
#: List pages of the active scan per cycle: a scan of 10,000 active jobs (50 pages)
#: is spread over cycles, so the page shown and the selection never wait behind it.
SCAN_PAGES_PER_CYCLE = 4
#: Scans that saw throttled jobs whose processing counts make the limit seen: a job
#: that just ended (its slot not yet taken) must not read as a smaller limit.
LIMIT_SCANS = 5
#: Scans with throttling before a limit is claimed: one moment of a queued job waiting
#: for a slot that just opened says nothing about the account.
LIMIT_SCANS_BEFORE_CLAIM = 3
#: A throttled job is said to wait too long past this many times what the queue
#: explains, and never before this many seconds; said again at most this often.
THROTTLE_EXPLAINED_FACTOR = 3.0
THROTTLE_WAIT_FLOOR = 600.0
THROTTLE_WARN_EVERY = 1800.0
#: Quiet cycles (nothing changed) before the interval starts to stretch.
QUIET_BEFORE_STRETCH = 5
#: Of a cycle's interval, the share the active scan and the ended jobs may take: the
#: page shown is asked again on time whatever the scan has left.
SCAN_SHARE = 0.5
#: Seconds between quick looks at the page while a job shown is near its expected end.
NEAR_END_INTERVAL = 1.0
#: Seconds of slack before the window (clock skew, whole-second Date headers) and
#: after it (a late job), before quick looks give way to the usual cadence.
NEAR_END_EARLY = 1.0
NEAR_END_LATE = 3.0


class TranscriptSource(Protocol):
    async def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
        created_on: date | None = None,
    ) -> TranscriptPage: ...

    async def get_transcript(self, transcript_id: str, *, bulk: bool = True) -> Transcript: ...


#: Summaries kept for rows and the detail pane (words and texts never): three pages
#: of the largest size; the least recently used go first. (At 2,000, an hour of
#: --demo arrivals was still filling it: its RSS grew about 6 MB an hour.)
MAX_CACHED_TRANSCRIPTS = 600
MAX_CACHED_STATUSES = 20_000
#: Transcript texts kept for the detail pane (the rows need none): a page's worth at
#: the largest page size and some, so moving over the page draws each job's text at
#: once, while a day of arrivals does not keep every text it ever read.
MAX_CACHED_TEXTS = 250

V = TypeVar("V")


class BoundedCache(OrderedDict[str, V]):
    """A dict that forgets its least recently used entries past ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)

    def get(self, key: str, default: V | None = None) -> V | None:  # type: ignore[override]  # dict.get, narrowed to str keys
        if key in self:
            self.move_to_end(key)
            return super().__getitem__(key)
        return default


@dataclass
class _Scan:
    """An active-job scan in progress: which list, where in it, and what it found."""

    started: float
    statuses: tuple[str, ...] = ("processing", "queued")
    index: int = 0
    before_id: str | None = None
    pages_of_status: int = 0
    found: dict[str, list[TranscriptListItem]] = field(default_factory=dict)
    cut: bool = False

    @property
    def done(self) -> bool:
        return self.index >= len(self.statuses)


@dataclass(frozen=True, slots=True)
class _Expected:
    """When a processing job should end: its audio's duration and when, on the tracker's
    clock, it started processing (no earlier than ``start_lo``, no later than
    ``start_hi``)."""

    duration: float
    start_lo: float
    start_hi: float

    def window(self) -> tuple[float, float]:
        low, high = PROCESSING_SHARE
        return (
            self.start_lo + low * self.duration - NEAR_END_EARLY,
            self.start_hi + high * self.duration + NEAR_END_LATE,
        )


class _HoldBack(Exception):
    """The budget ran out in the middle of a cycle."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"holding back {wait:.1f} s")
        self.wait = wait


#: Server-side failures (5xx, 429) in a row before the header says "offline": one
#: failed request is retried on the next cycle without a word.
OUTAGE_AFTER = 3
#: Seconds between cycles while the API refuses the key.
KEY_REJECTED_DELAY = 30.0
#: Jobs remembered as already counted in the completions per minute.
COUNTED_MEMORY = 20_000


class Tracker:
    def __init__(
        self,
        api: TranscriptSource,
        budget: RequestBudget,
        publish: Callable[[TrackerEvent], None],
        *,
        poll_interval: float = 3.0,
        page_size: int = 25,
        clock: Callable[[], float] = time.monotonic,
        idle_poll_limit: float = 30.0,
        durations: Callable[[list[str]], dict[str, float]] | None = None,
        wall_clock: Callable[[], float] = time.time,
        name_of: Callable[[str], str | None] | None = None,
    ) -> None:
        """``durations``: seconds of audio of the given transcripts where known (the
        journal's), called off the loop; with it, jobs near their expected end are
        looked at more often. ``name_of``: a job's local file name, for the log."""
        self.api = api
        self._name_of = name_of
        self.budget = budget
        self.publish = publish
        self.poll_interval = poll_interval
        self.page_size = page_size
        self._clock = clock
        self.cursor = PageCursor()
        #: Only jobs of these statuses (none: all); several are asked one by one.
        self.statuses: tuple[str, ...] = ()
        #: Only jobs created on this day (the API's ``created_on``), or all.
        self.created_on: date | None = None
        self.page_number = 1
        self.selected_id: str | None = None
        self.paused = False
        self.offline_failures = 0
        self.cycles = 0
        self._page: TranscriptPage | None = None
        self._statuses: BoundedCache[TranscriptStatus] = BoundedCache(MAX_CACHED_STATUSES)
        self._full: BoundedCache[Transcript] = BoundedCache(MAX_CACHED_TRANSCRIPTS)
        #: The text of summaries in ``_full``, kept apart and fewer (the largest part).
        self._texts: BoundedCache[str] = BoundedCache(MAX_CACHED_TEXTS)
        #: Ids the API said it does not have: said once, never polled again.
        self._not_found: set[str] = set()
        self._to_hydrate: list[str] = []
        self._wake = asyncio.Event()
        self._stopped = False
        #: The outage is no answer at all (not a 5xx): any answer ends it.
        self._unreachable = False
        self._cycling = False
        rate_limits = getattr(api, "rate_limits", None)
        self._unsubscribe: Callable[[], None] | None = (
            rate_limits.subscribe(self._heard_from_api) if rate_limits is not None else None
        )
        self._full_requested = False
        self._detail_requested = False
        self._detail_fresh = False
        self._watched: dict[str, str] = {}
        self._active: dict[str, str] = {}
        self._ended: list[str] = []
        self._ended_at: deque[float] = deque()
        self._counted: dict[str, None] = {}  # ids already counted as ended, oldest first
        self._throttled_ids: frozenset[str] = frozenset()
        self._server_failures = 0  # 5xx and 429 in a row
        self._manual_requested = False
        self.idle_poll_limit = max(poll_interval, idle_poll_limit)
        self._quiet_cycles = 0  # cycles in a row in which nothing seen changed
        self._last_seen: tuple[tuple[str, str], ...] = ()
        self._scanned_idle = 0  # cycles since the last active scan, while idle
        self._active_before: frozenset[str] = frozenset()
        self._scan: _Scan | None = None
        self._last_counts: JobCounts | None = None
        self._cycle_started = 0.0
        self._duration_lookup = durations
        self._wall = wall_clock
        self._durations: BoundedCache[float] = BoundedCache(MAX_CACHED_STATUSES)
        self._asked_duration: BoundedCache[bool] = BoundedCache(MAX_CACHED_STATUSES)
        self._queued_seen: BoundedCache[float] = BoundedCache(MAX_CACHED_STATUSES)
        self._expected: BoundedCache[_Expected] = BoundedCache(MAX_CACHED_STATUSES)
        self._next_quick_look: float | None = None
        self.quick_looks = 0
        self._limit_samples: deque[int] = deque(maxlen=LIMIT_SCANS)
        self._throttle_warned_at: float | None = None
        self.limit_seen: int | None = None

    # ----------------------------------------------------------- commands

    def wake_up(self) -> None:
        """A person is here (a key): cycles go back to the poll interval."""
        if self._quiet_cycles >= QUIET_BEFORE_STRETCH:
            self._quiet_cycles = 0
            self._full_requested = True
            self._wake.set()
        self._quiet_cycles = 0

    @property
    def idle(self) -> bool:
        """Nothing queued or processing that this tracker knows of, and nothing watched."""
        return not self._active and not any(
            status not in ("completed", "error") for status in self._watched.values()
        )

    def refresh_now(self) -> None:
        """A person asked (ctrl+r, a page, a filter): one cycle now, even while paused."""
        self._quiet_cycles = 0
        self._full_requested = True
        self._manual_requested = True
        self._wake.set()

    def select(self, transcript_id: str | None) -> Transcript | None:
        """Show ``transcript_id`` in detail: from cache at once (returned, so the pane
        is drawn once, with it, in the frame that moves the cursor), then fresh from
        the API."""
        if transcript_id == self.selected_id:
            return self._with_text(self._full.get(transcript_id or ""))
        previous = self._full.get(self.selected_id or "")
        if previous is not None:
            self._keep(previous, keep=False)
        self.selected_id = transcript_id
        self._detail_fresh = False
        cached = self._with_text(self._full.get(transcript_id or ""))
        if cached is not None:
            self.publish(TranscriptLoaded(cached, self.facts_for(cached.id)))
        self._detail_requested = True
        self._wake.set()
        return cached

    def show_page(self, cursor: PageCursor, page_number: int) -> None:
        self.cursor = cursor
        self.page_number = page_number
        self.refresh_now()

    def set_statuses(self, statuses: Sequence[str]) -> None:
        """Show only jobs of these statuses (empty: all)."""
        self.statuses = tuple(dict.fromkeys(statuses))
        self.cursor = PageCursor()
        self.page_number = 1
        self.refresh_now()

    def set_created_on(self, day: date | None) -> None:
        """Show only the jobs created on ``day`` (the server filters), or all."""
        self.created_on = day
        self.cursor = PageCursor()
        self.page_number = 1
        self.refresh_now()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._publish_budget()
        if not paused:
            self.refresh_now()

    def watch(self, transcript_ids: list[str]) -> None:
        """Follow these jobs to their end (a batch): reported as WatchedStatuses."""
        for transcript_id in transcript_ids:
            self._watched.setdefault(transcript_id, "queued")
        self.refresh_now()

    def facts_for(self, transcript_id: str) -> RowFacts:
        """The row facts of one job, from what the tracker knows now."""
        full = self._full.get(transcript_id)
        return RowFacts(
            duration=full.audio_duration if full else None,
            warnings=full.warnings if full else (),
            throttled=transcript_id in self._throttled_ids
            and self._statuses.get(transcript_id) is TranscriptStatus.QUEUED,
            summary_pending=full is None and transcript_id in self._to_hydrate,
        )

    def forget(self, transcript_id: str) -> None:
        """Drop what is known of a transcript (after a delete)."""
        self._full.pop(transcript_id, None)
        self._texts.pop(transcript_id, None)
        self._statuses.pop(transcript_id, None)

    def known(self, transcript_id: str) -> Transcript | None:
        return self._with_text(self._full.get(transcript_id))

    def _keep(self, transcript: Transcript, *, keep: bool) -> None:
        """Cache a transcript: whole when selected, else a summary whose text goes to
        the smaller text cache."""
        if keep:
            self._full[transcript.id] = transcript
            return
        if transcript.text:
            self._texts[transcript.id] = transcript.text
        self._full[transcript.id] = _without_bulk(transcript)

    def _with_text(self, cached: Transcript | None) -> Transcript | None:
        """A cached summary with its text again, while the text cache holds it."""
        if cached is None or cached.text is not None:
            return cached
        text = self._texts.get(cached.id)
        return cached if text is None else replace(cached, text=text)

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _heard_from_api(self, _snapshot: object) -> None:
        """Another request of this client was answered (B, find, a submission) while the
        cycles wait out an unreachable API: it is back, and the header says so now, not
        after the rest of a backoff of up to 30 s."""
        if self.offline_failures and self._unreachable and not self._cycling:
            self.refresh_now()

    @property
    def page(self) -> TranscriptPage | None:
        return self._page

    # --------------------------------------------------------------- loop

    async def run(self) -> None:
        """Cycle until stopped; the next cycle is armed only when this one is done.

        A new selection between cycles fetches just that transcript, so moving the
        cursor never costs a whole cycle.
        """
        next_cycle = self._clock()
        while not self._stopped:
            if self._full_requested or self._clock() >= next_cycle:
                self._full_requested = False
                self._detail_requested = False
                manual, self._manual_requested = self._manual_requested, False
                started = self._clock()
                delay = await self.cycle(manual=manual)
                # Start to start: a slow network does not stretch the page's cadence,
                # and a cycle that overran still leaves half an interval of quiet.
                next_cycle = max(started + delay, self._clock() + delay / 2)
            elif self._detail_requested:
                # Paused or not, a new selection is fetched once: pause freezes the
                # list, not reading it.
                self._detail_requested = False
                await asyncio.sleep(SELECTION_SETTLE)  # let key repeat settle first
                if not self._detail_requested:
                    await self._poll_selected_safely()
            elif self._quick_look_due(next_cycle):
                await self.quick_look()
            self._wake.clear()
            if self._detail_requested or self._full_requested:
                continue
            wait = next_cycle - self._clock()
            if self._next_quick_look is not None:
                wait = min(wait, self._next_quick_look - self._clock())
            await self._wait(max(0.0, wait))

    async def _wait(self, seconds: float) -> None:
        """Until a command wakes the tracker, or ``seconds`` have passed."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    def _quick_look_due(self, next_cycle: float) -> bool:
        due = self._next_quick_look
        now = self._clock()
        # A quick look just before a full cycle would ask for the same page twice.
        return due is not None and now >= due and next_cycle - now > NEAR_END_INTERVAL / 2

    async def quick_look(self) -> None:
        """Between cycles, the page shown once more: a job on it is near its end."""
        self._next_quick_look = None
        if self.paused or self.budget.slowdown() > 1.0:
            return  # the budget is for the cycles first
        selected = self.selected_id
        before = self._statuses.get(selected) if selected else None
        try:
            self._spend()
            self.quick_looks += 1
            await self._load_page()
            if selected and self._statuses.get(selected) != before:
                await self._poll_selected()
        except _HoldBack:
            self._publish_budget()
        except ApiError as error:
            # the next cycle says what is wrong; a quick look never repeats it
            log.info("quick look failed: %s", error)

    async def _poll_selected_safely(self) -> None:
        try:
            await self._poll_selected()
        except _HoldBack:
            self._publish_budget()
        except ApiError as error:
            if not error.outage:
                self.publish(RequestFailed(error, "transcript"))

    def next_delay(self) -> float:
        if self.offline_failures:
            return min(MAX_OFFLINE_BACKOFF, 2.0**self.offline_failures)
        base = self.poll_interval * self.budget.slowdown()
        quiet = self._quiet_cycles - QUIET_BEFORE_STRETCH
        # Rows still waiting for their duration are not a quiet screen: a stretched
        # cycle left "…" in the Duration column for minutes (four rows a cycle).
        if quiet <= 0 or not self.idle or self._to_hydrate:
            return base
        # Nothing has changed for a while: stretch, up to the limit the user set.
        return max(base, min(self.idle_poll_limit, self.poll_interval * 1.5**quiet))

    async def cycle(self, *, manual: bool = False) -> float:
        """One round of polling. Returns how long to wait before the next."""
        self._cycling = True
        try:
            return await self._cycle(manual=manual)
        finally:
            self._cycling = False
            self.cycles += 1

    async def _cycle(self, *, manual: bool = False) -> float:
        if self.paused:
            if manual:
                await self._manual_while_paused()
            self._publish_budget()
            return 3600.0
        self.publish(CycleStarted(self._clock()))
        self._cycle_started = self._clock()
        try:
            self._spend()
            await self._load_page()
            if self._scan_wanted() and (self.budget.slowdown() <= 2.0 or self.cycles % 3 == 0):
                await self._count_active()
            elif self.idle and self._scan is None and self._last_counts is not None:
                # Idle: the newest page shows nothing active, and an ended job never
                # becomes active again, so the last counts still hold now.
                per_minute, history = self._throughput(self._clock())
                self.publish(
                    replace(
                        self._last_counts,
                        per_minute=per_minute,
                        history=history,
                        age=0.0,
                    )
                )
            await self._poll_selected()
            await self._hydrate_ended()
            await self._fetch_ended()
            await self._follow_watched()
        except _HoldBack as hold:
            self._publish_budget()
            return hold.wait
        except ApiError as error:
            if error.outage:
                if not error.unreachable:
                    self._server_failures += 1
                    if self._server_failures < OUTAGE_AFTER and not self.offline_failures:
                        # one 500 or 429: tried again next cycle, nothing to say yet
                        log.info("refresh failed, trying again next cycle: %s", error)
                        return max(self.next_delay(), error.retry_after or 0.0)
                self.offline_failures += 1
                self._unreachable = error.unreachable
                retry_in = max(self.next_delay(), error.retry_after or 0.0)
                log.warning("tracker offline, retrying in %.0f s: %s", retry_in, error)
                self.publish(ConnectionState(False, retry_in, error))
                return retry_in
            self.publish(RequestFailed(error, "refresh"))
            if error.status == 401:
                # a refused key is not fixed by asking again soon
                return max(self.next_delay(), KEY_REJECTED_DELAY)
        self._server_failures = 0
        if self.offline_failures:
            log.info("tracker back online after %d failed cycles", self.offline_failures)
            self.offline_failures = 0
            self.publish(ConnectionState(True))
        self._publish_budget()
        return self.next_delay()

    def _scan_wanted(self) -> bool:
        """The active scan runs while anything is active; idle, the newest page is how a
        new job is noticed, so the scan waits (and still runs every few cycles)."""
        page = self._page
        page_active = page is not None and any(
            not item.status.is_terminal for item in page.transcripts
        )
        shows_newest = self.cursor.is_newest and not self.statuses and self.created_on is None
        if not self.idle or page_active or not shows_newest or self._scanned_idle == 0:
            self._scanned_idle = 1
            return True
        self._scanned_idle += 1
        if self._scanned_idle > IDLE_SCAN_EVERY:
            self._scanned_idle = 0
        return False

    async def _manual_while_paused(self) -> None:
        """Paused, a person asked for a page or a filter: load it once, with its ended
        rows' durations (no cycle would ever read them: "…" stayed), poll nothing."""
        try:
            self._spend()
            await self._load_page()
            self._cycle_started = self._clock()
            while self._to_hydrate:
                waiting = len(self._to_hydrate)
                await self._hydrate_ended()
                if len(self._to_hydrate) >= waiting:
                    break  # the budget or the time said stop: the rest stay "…"
        except _HoldBack:
            return
        except ApiError as error:
            self.publish(RequestFailed(error, "refresh"))

    def _spend(self) -> None:
        """Check the budget before each request; a cycle stops where the budget does."""
        wait = self.budget.wait_needed()
        if wait > 0:
            raise _HoldBack(wait)

    def _publish_budget(self) -> None:
        self.publish(BudgetChanged(self.budget.view(), self.paused))

    async def _load_page(self) -> None:
        cursor = self.cursor
        pages = []
        for n, status in enumerate(self.statuses or (None,)):
            if n:
                self._spend()  # each status is a request of its own
            pages.append(await self._ask_page(cursor, status))
        page = merge_pages(pages, limit=self.page_size, cursor=cursor)
        if not cursor.is_newest and page.page_details.next_url is None and cursor.after_id:
            # Paging newer reached the top: follow the live newest page from now on.
            self.cursor = PageCursor()
            self.page_number = 1
        self._page = page
        seen = tuple((item.id, str(item.status)) for item in page.transcripts)
        self._quiet_cycles = self._quiet_cycles + 1 if seen == self._last_seen else 0
        self._last_seen = seen
        now = self._clock()
        for item in page.transcripts:
            previous = self._statuses.get(item.id)
            if item.status.is_terminal and previous is not None and not previous.is_terminal:
                self._count_ended(item.id, now)
            if (
                item.status.is_terminal
                and (previous is None or not previous.is_terminal or item.id not in self._full)
                and item.id not in self._to_hydrate
            ):
                self._to_hydrate.append(item.id)
            self._statuses[item.id] = item.status
        facts = {item.id: self.facts_for(item.id) for item in page.transcripts}
        self.publish(PageLoaded(page, self.cursor, self.statuses, self.page_number, facts))
        await self._learn_expected_ends(page.transcripts, now)
        self._next_quick_look = self._plan_quick_look(page.transcripts, now)

    async def _ask_page(self, cursor: PageCursor, status: str | None) -> TranscriptPage:
        if self.created_on is not None:
            return await self.api.list_transcripts(
                limit=self.page_size,
                status=status,
                before_id=cursor.before_id,
                after_id=cursor.after_id,
                created_on=self.created_on,
            )
        return await self.api.list_transcripts(
            limit=self.page_size,
            status=status,
            before_id=cursor.before_id,
            after_id=cursor.after_id,
        )

    async def _learn_expected_ends(self, items: Sequence[TranscriptListItem], now: float) -> None:
        """Note when each processing job shown began, and its audio's duration (from
        ``durations``, asked once per job, off the loop)."""
        active = [item for item in items if not item.status.is_terminal]
        if not active:
            return
        lookup = self._duration_lookup
        unknown = [item.id for item in active if item.id not in self._asked_duration]
        if lookup is not None and unknown:
            for transcript_id in unknown:
                self._asked_duration[transcript_id] = True
            try:
                found = await asyncio.to_thread(lookup, unknown)
            except Exception as error:  # a locked journal must not stop the tracker
                log.info("durations unavailable: %s", error)
                found = {}
            for transcript_id, seconds in found.items():
                self._durations[transcript_id] = seconds
        for item in active:
            if item.status is TranscriptStatus.QUEUED:
                self._queued_seen[item.id] = now
                continue
            duration = self._durations.get(item.id)
            if duration is None or item.id in self._expected:
                continue
            start_lo = self._queued_seen.get(item.id)
            if start_lo is None:
                start_lo = self._started_no_earlier_than(item, now)
            self._expected[item.id] = _Expected(duration, start_lo, now)

    def _started_no_earlier_than(self, item: TranscriptListItem, now: float) -> float:
        """A job first seen processing began no earlier than it was created: its
        ``created`` on the server's clock, brought to the tracker's."""
        if item.created is None:
            return now
        offset = getattr(self.api, "server_clock_offset", None) or 0.0
        age = self._wall() + offset - item.created.timestamp()
        return now - max(0.0, age) - NEAR_END_EARLY

    def _plan_quick_look(self, items: Sequence[TranscriptListItem], now: float) -> float | None:
        """When to look at the page again before the next cycle: every second while a
        job shown is inside its expected-end window, or when the first window opens."""
        soonest: float | None = None
        for item in items:
            if item.status is not TranscriptStatus.PROCESSING:
                continue
            expected = self._expected.get(item.id)
            if expected is None:
                continue
            opens, closes = expected.window()
            if now > closes:
                continue  # late: the usual cadence will see it end
            at = now + NEAR_END_INTERVAL if now >= opens else opens
            soonest = at if soonest is None else min(soonest, at)
        return soonest

    def _over_time(self) -> bool:
        """The cycle has used its share of the interval: leave the rest for the next,
        so the page shown is asked again on time."""
        return self._clock() - self._cycle_started > self.poll_interval * SCAN_SHARE

    def _count_ended(self, transcript_id: str, now: float) -> None:
        """One completion for the per-minute figure, once per job however it was seen."""
        if transcript_id in self._counted:
            return
        self._counted[transcript_id] = None
        if len(self._counted) > COUNTED_MEMORY:
            self._counted.pop(next(iter(self._counted)))
        self._ended_at.append(now)

    async def _count_active(self) -> None:
        """Learn the status of every queued and processing job from the list endpoint.

        One request per 200 jobs, instead of one per job, and at most
        :data:`SCAN_PAGES_PER_CYCLE` a cycle: a big scan goes on next cycle where it
        stopped. Once whole, jobs that left these lists since the last scan have ended,
        and are fetched in full once.
        """
        scan = self._scan = self._scan or _Scan(started=self._clock())
        pages = 0
        while not scan.done and pages < SCAN_PAGES_PER_CYCLE:
            if pages and self._over_time():
                break
            status = scan.statuses[scan.index]
            self._spend()
            page = await self.api.list_transcripts(
                limit=COUNT_LIMIT, status=status, before_id=scan.before_id
            )
            pages += 1
            scan.pages_of_status += 1
            scan.found.setdefault(status, []).extend(page.transcripts)
            scan.before_id = page.page_details.older_cursor
            last = scan.before_id is None or len(page.transcripts) < COUNT_LIMIT
            if not last and scan.pages_of_status >= MAX_ACTIVE_PAGES:
                scan.cut, last = True, True
            if last:
                scan.index, scan.before_id, scan.pages_of_status = scan.index + 1, None, 0
        if not scan.done:
            return
        self._scan = None
        processing = scan.found.get("processing", [])
        queued = scan.found.get("queued", [])
        cut_p = cut_q = scan.cut
        if queued:
            self._spend()
            throttled_page = await self.api.list_transcripts(limit=COUNT_LIMIT, throttled_only=True)
            throttled = list(throttled_page.transcripts)
            if not scan.cut:
                # Asked after the queued list: a job sent in between read "62 throttled"
                # beside "61 queued". A throttled job is a queued one; the next scan has it.
                listed = {item.id for item in queued}
                throttled = [item for item in throttled if item.id in listed]
        else:
            throttled = []  # only a queued job can be throttled: nothing to ask
        active = {item.id: str(item.status) for item in processing}
        active.update({item.id: str(item.status) for item in queued})
        now = self._clock()
        if not (cut_p or cut_q):
            for transcript_id in self._active.keys() - active.keys():
                self._count_ended(transcript_id, now)
                if transcript_id not in self._ended:
                    self._ended.append(transcript_id)
        self._active = active
        if active.keys() != self._active_before:
            self._quiet_cycles = 0
        self._active_before = frozenset(active)
        self._throttled_ids = frozenset(item.id for item in throttled)
        capped = cut_p or cut_q or len(throttled) >= COUNT_LIMIT
        if throttled and not cut_p:
            self._learn_limit(len(processing))
        per_minute, history = self._throughput(now)
        if throttled and not capped:
            self._check_throttled_wait(throttled, len(queued), len(processing), per_minute, now)
        self._last_counts = JobCounts(
            len(processing),
            len(queued),
            len(throttled),
            capped,
            per_minute,
            history,
            self._throttled_ids,
            age=max(0.0, self._clock() - scan.started),
            limit_seen=self.limit_seen,
            # The list gives newest first; a queue runs oldest first.
            queued_order=tuple(item.id for item in reversed(queued)),
        )
        self.publish(self._last_counts)

    def _check_throttled_wait(
        self,
        throttled: list[TranscriptListItem],
        queued: int,
        processing: int,
        per_minute: float,
        now: float,
    ) -> None:
        """Say (at most every half hour) when the oldest throttled job has waited far
        longer than the queue explains: every queued job ahead of it, at the rate jobs
        end (at least one a minute, so a quiet account is not blamed on the queue)."""
        created = [item.created for item in throttled if item.created is not None]
        if not created:
            return
        oldest = min(c if c.tzinfo else c.replace(tzinfo=UTC) for c in created)
        offset = getattr(self.api, "server_clock_offset", None) or 0.0
        waited = self._wall() + offset - oldest.timestamp()
        expected = queued / max(per_minute, 1.0) * 60
        limit = max(THROTTLE_WAIT_FLOOR, THROTTLE_EXPLAINED_FACTOR * expected)
        if waited <= limit:
            return
        if self._throttle_warned_at is not None and now - self._throttle_warned_at < (
            THROTTLE_WARN_EVERY
        ):
            return
        self._throttle_warned_at = now
        self.publish(ThrottledTooLong(waited, expected, len(throttled), processing))

    def _learn_limit(self, processing: int) -> None:
        """Jobs waited throttled while ``processing`` ran: the account allows that many
        at once. A limit that falls to half or less is said once."""
        self._limit_samples.append(processing)
        before = self.limit_seen
        if len(self._limit_samples) >= 2 and before is not None and processing <= before // 2:
            # A collapse shows in every scan from now on: believe the newest two.
            recent = list(self._limit_samples)[-2:]
            if max(recent) <= before // 2:
                self._limit_samples.clear()
                self._limit_samples.extend(recent)
        if len(self._limit_samples) < LIMIT_SCANS_BEFORE_CLAIM and before is None:
            return
        self.limit_seen = max(self._limit_samples)
        if before is not None and self.limit_seen <= before // 2:
            self.publish(CapacityDropped(before, self.limit_seen))

    def _throughput(self, now: float) -> tuple[float, tuple[int, ...]]:
        """Jobs ended in the last minute, and in each of the last minutes."""
        horizon = now - 60 * THROUGHPUT_MINUTES
        while self._ended_at and self._ended_at[0] < horizon:
            self._ended_at.popleft()
        buckets = [0] * THROUGHPUT_MINUTES
        for when in self._ended_at:
            age = int((now - when) // 60)
            if 0 <= age < THROUGHPUT_MINUTES:
                buckets[THROUGHPUT_MINUTES - 1 - age] += 1
        return float(buckets[-1]), tuple(buckets)

    async def _fetch_ended(self) -> None:
        """Fetch jobs that just ended (left the active lists), a bounded number a cycle."""
        while self._ended and self.budget.slowdown() <= 2.0:
            batch, self._ended = self._ended[:ENDED_PER_CYCLE], self._ended[ENDED_PER_CYCLE:]
            for index, transcript_id in enumerate(batch):
                if self._over_time():
                    self._ended = batch[index:] + self._ended
                    break
                cached = self._full.get(transcript_id)
                if cached is None or not cached.status.is_terminal:
                    await self._fetch(transcript_id)
            break

    async def _follow_watched(self) -> None:
        """Learn watched jobs' states from the active lists; fetch the ended ones once."""
        if not self._watched:
            return
        to_fetch = []
        before = dict(self._watched)
        for transcript_id, status in self._watched.items():
            if status in ("completed", "error"):
                continue
            if transcript_id in self._active:
                self._watched[transcript_id] = self._active[transcript_id]
            elif transcript_id in self._full:
                self._watched[transcript_id] = str(self._full[transcript_id].status)
            else:
                to_fetch.append(transcript_id)
        for index, transcript_id in enumerate(to_fetch[:WATCH_FETCH_PER_CYCLE]):
            if index and self._over_time():
                break  # the rest next cycle: the page shown is not kept waiting
            transcript = await self._fetch(transcript_id)
            if transcript is not None:
                self._watched[transcript_id] = str(transcript.status)
        for transcript_id, status in self._watched.items():
            if status != before.get(transcript_id):
                self._say_ended(transcript_id, status)
        self.publish(WatchedStatuses(dict(self._watched)))

    def _say_ended(self, transcript_id: str, status: str) -> None:
        """A job this app sent ended: the event log keeps how (submissions and their
        outcomes), with the error verbatim."""
        name = self._name_of(transcript_id) if self._name_of is not None else None
        job = f"{transcript_id} ({name})" if name else transcript_id
        if status == "completed":
            log.info("job %s completed", job)
        elif status == "error":
            cached = self._full.get(transcript_id)
            error = cached.error if cached is not None else None
            log.warning("job %s failed: %s", job, error or "(error not read yet)")

    async def _poll_selected(self) -> None:
        selected = self.selected_id
        if not selected or selected in self._not_found:
            return
        cached = self._full.get(selected)
        if self._detail_fresh and cached is not None and cached.status.is_terminal:
            return  # an ended transcript does not change: no need to ask again
        transcript = await self._fetch(selected)
        if transcript is not None and transcript.id == self.selected_id:
            self._detail_fresh = True
            self._statuses[selected] = transcript.status

    async def _hydrate_ended(self) -> None:
        visible = {item.id for item in self._page.transcripts} if self._page else set()
        self._to_hydrate = [
            tid
            for tid in self._to_hydrate
            if tid in visible and not (tid in self._full and self._full[tid].status.is_terminal)
        ]
        batch, self._to_hydrate = (
            self._to_hydrate[:HYDRATE_PER_CYCLE],
            self._to_hydrate[HYDRATE_PER_CYCLE:],
        )
        for index, transcript_id in enumerate(batch):
            if self.budget.slowdown() > 1.0 or (index and self._over_time()):
                self._to_hydrate[:0] = batch[index:]
                break
            await self._fetch(transcript_id)

    async def _fetch(self, transcript_id: str) -> Transcript | None:
        self._spend()
        keep = transcript_id == self.selected_id
        try:
            # Only the selected job's words are kept: the rest are read as summaries.
            transcript = await self.api.get_transcript(transcript_id, bulk=keep)
        except ApiError as error:
            if error.outage:
                raise
            if error.not_found:
                if transcript_id in self._not_found:
                    return None  # said already
                self._not_found.add(transcript_id)
                self.publish(TranscriptMissing(transcript_id))
                if transcript_id != self.selected_id:
                    # A row or a watched job the server lost (a restarted simulator,
                    # another region): the log says so; a toast for each would bury
                    # the screen. The selected one is said, and its pane says why.
                    log.warning("transcript %s not found: %s", transcript_id, error.message)
                    return None
            self.publish(RequestFailed(error, f"transcript {transcript_id}"))
            return None
        self._keep(transcript, keep=keep)
        self._statuses.setdefault(transcript_id, transcript.status)
        self.publish(TranscriptLoaded(transcript, self.facts_for(transcript_id)))
        return transcript


def _without_bulk(transcript: Transcript) -> Transcript:
    """A summary to cache: no word lists, no text and no null fields (half of them),
    so that hundreds from a day of long calls stay small (the text is kept apart)."""
    raw = {k: v for k, v in transcript.raw.items() if k not in BULK_FIELDS and v is not None}
    return replace(transcript, text=None, words=(), utterances=(), raw=raw)
