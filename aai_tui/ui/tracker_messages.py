"""Textual messages that carry tracker events to the screen.

A newer message of the same kind (and, for transcripts, the same id) replaces an
older one still waiting in the queue, so a burst of updates costs one redraw.
"""

from __future__ import annotations

from textual.message import Message

from aai_tui.tracking.events import TrackerEvent, TranscriptLoaded


class TrackerUpdate(Message):
    def __init__(self, event: TrackerEvent) -> None:
        super().__init__()
        self.event = event

    def _identity(self) -> tuple[type, str]:
        event = self.event
        key = event.transcript.id if isinstance(event, TranscriptLoaded) else ""
        return type(event), key

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TrackerUpdate) and message._identity() == self._identity()
