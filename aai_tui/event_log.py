"""Everything the app did and saw, kept in memory for the event log view (``L``):
failed requests and their retries, 429s and waits, connection changes, submissions and
their outcomes, and every notification (none is lost when its toast goes).

Fed by a logging handler on the ``aai_tui`` logger (so the services stay unaware of
the UI) and by the app's ``notify``. Bounded; the text is redacted like the log file's.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from aai_tui.redact import redact

#: Entries kept: a day of a busy account's events; the oldest go first.
MAX_ENTRIES = 20_000

_STATUS = re.compile(r"-> (\d{3}) in")


class EntryKind(StrEnum):
    FAILURE = "failure"
    RETRY = "retry"
    RATE_LIMIT = "rate limit"
    CONNECTION = "connection"
    SUBMISSION = "submission"
    NOTIFICATION = "notification"


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: float  # seconds since the epoch
    kind: EntryKind
    text: str
    severe: bool = False


class EventLog:
    """A bounded, thread-safe list of entries, oldest first."""

    def __init__(self, limit: int = MAX_ENTRIES, clock: Callable[[], float] = time.time) -> None:
        self._entries: deque[LogEntry] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._clock = clock
        self.added = 0  # entries ever added: a view knows whether it is behind

    def add(self, kind: EntryKind, text: str, *, severe: bool = False) -> None:
        entry = LogEntry(self._clock(), kind, redact(text), severe)
        with self._lock:
            self._entries.append(entry)
            self.added += 1

    def entries(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)


def classify(record: logging.LogRecord) -> EntryKind | None:
    """Which kind of entry a log record is, or None when it is routine (a request that
    succeeded, a debug line)."""
    message = record.getMessage()
    name = record.name
    warning = record.levelno >= logging.WARNING
    if name.startswith("aai_tui.api"):
        if message.startswith("retrying"):
            return EntryKind.RATE_LIMIT if "HTTP 429" in message else EntryKind.RETRY
        status = _STATUS.search(message)
        if status:
            code = int(status.group(1))
            if code == 429:
                return EntryKind.RATE_LIMIT
            return EntryKind.FAILURE if code >= 400 else None
        return EntryKind.FAILURE if warning else None
    if name.startswith("aai_tui.actions"):
        if "trying again" in message:
            return EntryKind.RETRY
        return (
            EntryKind.FAILURE if warning and "not created" not in message else EntryKind.SUBMISSION
        )
    if name.startswith("aai_tui.tracking"):
        if message.startswith("job "):  # how a job this app sent ended
            return EntryKind.FAILURE if warning else EntryKind.SUBMISSION
        if "offline" in message or "back online" in message:
            return EntryKind.CONNECTION
        return EntryKind.FAILURE if warning or "failed" in message else None
    return EntryKind.FAILURE if warning else None


class EventLogHandler(logging.Handler):
    """Copies the records worth seeing into an :class:`EventLog`."""

    def __init__(self, log: EventLog) -> None:
        super().__init__(level=logging.INFO)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            kind = classify(record)
            if kind is not None:
                self.log.add(kind, record.getMessage(), severe=record.levelno >= logging.WARNING)
        except Exception:  # a log line must never break what logged it
            self.handleError(record)
