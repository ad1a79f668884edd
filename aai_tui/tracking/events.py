"""What the tracker tells the UI. Plain data: the UI decides how it looks."""

from __future__ import annotations

from dataclasses import dataclass, field

from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptPage
from aai_tui.tracking.budget import BudgetView


@dataclass(frozen=True, slots=True)
class PageCursor:
    """Which page of the list is shown: no cursor is the newest page."""

    before_id: str | None = None
    after_id: str | None = None

    @property
    def is_newest(self) -> bool:
        return self.before_id is None and self.after_id is None


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What the list shows of a job beyond the list endpoint's fields: from the
    tracker's summaries and its throttled scan, complete when published."""

    duration: float | None = None
    warnings: tuple[str, ...] = ()
    throttled: bool = False
    #: An ended job whose summary (duration, warnings) is still to be read: the list
    #: says "…" (coming), not "—" (unknown).
    summary_pending: bool = False


@dataclass(frozen=True, slots=True)
class PageLoaded:
    page: TranscriptPage
    cursor: PageCursor
    #: The statuses shown (none: all).
    statuses: tuple[str, ...]
    page_number: int
    #: Every row of the page, by id: what the list needs beyond the page itself.
    facts: dict[str, RowFacts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TranscriptLoaded:
    """A full transcript: the selected one, or one that just ended; ``facts`` is its row."""

    transcript: Transcript
    facts: RowFacts = field(default_factory=RowFacts)


@dataclass(frozen=True, slots=True)
class JobCounts:
    processing: int
    queued: int
    throttled: int
    capped: bool  # a count reached the list limit: there may be more
    per_minute: float = 0.0  # jobs that ended in the last minute
    history: tuple[int, ...] = ()  # jobs ended in each of the last minutes, oldest first
    #: The throttled jobs counted: rows mark exactly these, so header and rows agree.
    throttled_ids: frozenset[str] = frozenset()
    #: Seconds from the start of the scan behind these counts to their publication: a
    #: scan spread over several cycles says how old its counts are. An age, not a time,
    #: so that the tracker's clock and the screen's need not be the same clock.
    age: float = 0.0
    #: The account's concurrency limit as seen: the most jobs processing at once while
    #: others waited throttled, over the last few scans that saw throttling.
    limit_seen: int | None = None
    #: The queued jobs' ids, oldest first (as the queue runs them): how many wait ahead
    #: of a given job.
    queued_order: tuple[str, ...] = ()

    def ahead_of(self, ours: set[str]) -> int:
        """The queued jobs ahead of the oldest of ``ours`` (queued jobs of one batch):
        its ETA counts from when they have started. Jobs sent after it are not ahead
        (counting every queued job took them in)."""
        first = next((n for n, job in enumerate(self.queued_order) if job in ours), None)
        if first is not None:
            return first
        if not ours or not self.capped:
            return 0
        # A capped count need not list ours: all of the others may be ahead.
        return max(0, self.queued - len(ours))


@dataclass(frozen=True, slots=True)
class ThrottledTooLong:
    """A job has waited throttled far longer than the queue ahead of it explains at the
    rate jobs are finishing: something other than the queue holds it."""

    waited: float  # seconds the oldest throttled job has waited
    expected: float  # seconds the queue explains
    throttled: int
    processing: int


@dataclass(frozen=True, slots=True)
class CapacityDropped:
    """The concurrency limit seen fell sharply: AssemblyAI drops it to 1 when the
    account's balance runs out."""

    before: int
    now: int


@dataclass(frozen=True, slots=True)
class ConnectionState:
    online: bool
    retry_in: float | None = None
    error: ApiError | None = None


@dataclass(frozen=True, slots=True)
class BudgetChanged:
    budget: BudgetView
    paused: bool


@dataclass(frozen=True, slots=True)
class RequestFailed:
    """A request that failed for a reason retrying will not fix."""

    error: ApiError
    context: str


@dataclass(frozen=True, slots=True)
class TranscriptMissing:
    """The API does not know this id (another endpoint's job, or one gone from the
    account): said once, never asked for again."""

    transcript_id: str


@dataclass(frozen=True, slots=True)
class CycleStarted:
    """Requests went out at ``at`` (the tracker's clock): no answer since means silence."""

    at: float


@dataclass(frozen=True, slots=True)
class WatchedStatuses:
    """Where each watched job (a batch being submitted) stands."""

    statuses: dict[str, str]


TrackerEvent = (
    PageLoaded
    | TranscriptLoaded
    | JobCounts
    | ConnectionState
    | BudgetChanged
    | RequestFailed
    | TranscriptMissing
    | WatchedStatuses
    | CycleStarted
    | CapacityDropped
    | ThrottledTooLong
)
