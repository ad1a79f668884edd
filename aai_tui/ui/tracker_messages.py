"""One small Textual message per kind of tracker event.

The tracker publishes plain dataclasses (it knows nothing of Textual); the screen
wraps each in its own message class here. A newer message of the same kind (and, for
a transcript, the same id) replaces an older one still waiting in the queue, so a
burst of updates costs one redraw; failures and watched statuses are never merged.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.message import Message

from aai_tui.tracking.events import (
    BudgetChanged,
    CapacityDropped,
    ConnectionState,
    CycleStarted,
    JobCounts,
    PageLoaded,
    RequestFailed,
    ThrottledTooLong,
    TrackerEvent,
    TranscriptLoaded,
    TranscriptMissing,
    WatchedStatuses,
)

E = TypeVar("E")


class TrackerMessage(Message, Generic[E]):
    """An event from the tracker, for the screen."""

    #: Whether a newer message of this kind makes an older queued one pointless.
    coalesce = True

    def __init__(self, event: E) -> None:
        super().__init__()
        self.event = event

    def key(self) -> object:
        return None

    def can_replace(self, message: Message) -> bool:
        return (
            self.coalesce
            and isinstance(message, TrackerMessage)
            and type(message) is type(self)
            and message.key() == self.key()
        )


class PageArrived(TrackerMessage[PageLoaded]):
    """The page shown, with every row's facts."""


class TranscriptArrived(TrackerMessage[TranscriptLoaded]):
    """A full transcript: the selected one, or one that just ended."""

    def key(self) -> object:
        return self.event.transcript.id


class CountsArrived(TrackerMessage[JobCounts]):
    """Processing, queued and throttled counts, and completions per minute."""


class BudgetArrived(TrackerMessage[BudgetChanged]):
    """The rate-limit budget and whether updates are paused."""


class ConnectionChanged(TrackerMessage[ConnectionState]):
    """Offline with a retry countdown, or back online."""

    coalesce = False


class RequestRefused(TrackerMessage[RequestFailed]):
    """A request that failed for a reason retrying will not fix."""

    coalesce = False


class WatchedArrived(TrackerMessage[WatchedStatuses]):
    """Where each job of a running batch stands."""


class CycleBegan(TrackerMessage[CycleStarted]):
    """Requests went out: silence from now on is worth saying."""


class CapacityFell(TrackerMessage[CapacityDropped]):
    """The account's concurrency limit fell sharply."""

    coalesce = False


class ThrottledLong(TrackerMessage[ThrottledTooLong]):
    """Jobs wait throttled far longer than the queue explains."""

    coalesce = False


class TranscriptGone(TrackerMessage[TranscriptMissing]):
    """The API does not know a transcript the screen asked about."""

    coalesce = False


def message_for(event: TrackerEvent) -> Message:
    """The message class of an event's kind."""
    kinds: dict[type, type[TrackerMessage[Any]]] = {
        PageLoaded: PageArrived,
        TranscriptLoaded: TranscriptArrived,
        JobCounts: CountsArrived,
        BudgetChanged: BudgetArrived,
        ConnectionState: ConnectionChanged,
        RequestFailed: RequestRefused,
        TranscriptMissing: TranscriptGone,
        WatchedStatuses: WatchedArrived,
        CycleStarted: CycleBegan,
        CapacityDropped: CapacityFell,
        ThrottledTooLong: ThrottledLong,
    }
    return kinds[type(event)](event)
