"""One observable record of what the API says about its rate limit.

X-RateLimit-* headers are optional: when a response carries none, the endpoint
has no limit, so an absent header means "no limit reported", never zero.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimitSnapshot:
    """What the latest responses said, frozen at one moment of the monotonic clock."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None  # monotonic time when Remaining goes back to Limit
    retry_after_until: float | None = None  # monotonic time before which we must not send
    observed_at: float | None = None

    @property
    def reported(self) -> bool:
        return self.limit is not None or self.remaining is not None

    def reset_in(self, now: float) -> float | None:
        if self.reset_at is None:
            return None
        return max(0.0, self.reset_at - now)

    def wait_needed(self, now: float) -> float:
        """Seconds to hold back before the next request, zero when free to send."""
        waits = [0.0]
        if self.retry_after_until is not None:
            waits.append(self.retry_after_until - now)
        if self.remaining is not None and self.remaining <= 0 and self.reset_at is not None:
            waits.append(self.reset_at - now)
        return max(waits)

    def fraction_remaining(self) -> float | None:
        if self.limit is None or self.remaining is None or self.limit <= 0:
            return None
        return max(0.0, min(1.0, self.remaining / self.limit))


Listener = Callable[[RateLimitSnapshot], None]


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for APIs and treated as absent)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


class RateLimitState:
    """Thread-safe holder of the latest :class:`RateLimitSnapshot`, with listeners."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._snapshot = RateLimitSnapshot()
        self._listeners: list[Listener] = []

    @property
    def snapshot(self) -> RateLimitSnapshot:
        return self._snapshot

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new snapshot; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def observe(self, headers: Mapping[str, str], status: int | None = None) -> RateLimitSnapshot:
        """Record the headers of one response (header names are case-insensitive)."""
        lowered = {k.lower(): v for k, v in headers.items()}
        now = self._clock()
        limit = _int_header(lowered, "x-ratelimit-limit")
        remaining = _int_header(lowered, "x-ratelimit-remaining")
        reset = _int_header(lowered, "x-ratelimit-reset")
        retry_after = parse_retry_after(lowered.get("retry-after"))
        with self._lock:
            old = self._snapshot
            reported = limit is not None or remaining is not None
            snapshot = RateLimitSnapshot(
                limit=limit if reported else None,
                remaining=remaining if reported else None,
                reset_at=now + reset if (reported and reset is not None) else None,
                retry_after_until=(
                    now + retry_after
                    if retry_after is not None
                    else (old.retry_after_until if status == 429 else None)
                ),
                observed_at=now,
            )
            self._snapshot = snapshot
        for listener in list(self._listeners):
            listener(snapshot)
        return snapshot
