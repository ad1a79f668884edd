"""How many requests the tracker may spend, from the API's headers or a safe default."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from aai_tui.api.ratelimit import RateLimitSnapshot, RateLimitState

#: Used when the API sends no X-RateLimit headers: a tenth of the documented 20,000 / 5 min.
DEFAULT_LIMIT = 2000
DEFAULT_WINDOW = 300.0


@dataclass(frozen=True, slots=True)
class BudgetView:
    """What the header shows about the budget."""

    limit: int | None
    remaining: int | None
    reset_in: float | None
    holding_back_for: float
    slowdown: float
    reported: bool


class RequestBudget:
    """Paces background polling: slower as Remaining falls, stopped while it must wait."""

    def __init__(
        self,
        rate_limits: RateLimitState,
        *,
        clock: Callable[[], float] = time.monotonic,
        default_limit: int = DEFAULT_LIMIT,
        default_window: float = DEFAULT_WINDOW,
    ) -> None:
        self._rate_limits = rate_limits
        self._clock = clock
        self.default_limit = default_limit
        self.default_window = default_window
        self._sent: deque[float] = deque()
        rate_limits.subscribe(self._count)

    def _count(self, snapshot: RateLimitSnapshot) -> None:
        self._sent.append(self._clock())

    def _own_usage(self, now: float) -> int:
        while self._sent and now - self._sent[0] > self.default_window:
            self._sent.popleft()
        return len(self._sent)

    def wait_needed(self) -> float:
        """Seconds to hold back before the next background request."""
        now = self._clock()
        snapshot = self._rate_limits.snapshot
        wait = snapshot.wait_needed(now)
        if not snapshot.reported and self._own_usage(now) >= self.default_limit:
            wait = max(wait, self._sent[0] + self.default_window - now)
        return max(0.0, wait)

    def fraction_left(self) -> float:
        snapshot = self._rate_limits.snapshot
        fraction = snapshot.fraction_remaining()
        if fraction is not None:
            return fraction
        return max(0.0, 1 - self._own_usage(self._clock()) / self.default_limit)

    def slowdown(self) -> float:
        """How many times longer than normal to wait between polls."""
        left = self.fraction_left()
        if left < 0.05:
            return 8.0
        if left < 0.10:
            return 4.0
        if left < 0.25:
            return 2.0
        return 1.0

    def view(self) -> BudgetView:
        now = self._clock()
        snapshot = self._rate_limits.snapshot
        return BudgetView(
            limit=snapshot.limit,
            remaining=snapshot.remaining,
            reset_in=snapshot.reset_in(now),
            holding_back_for=self.wait_needed(),
            slowdown=self.slowdown(),
            reported=snapshot.reported,
        )
