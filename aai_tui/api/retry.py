"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter, never shorter than the server asks."""

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int, server_wait: float | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1).

        ``server_wait`` is Retry-After or X-RateLimit-Reset when the server gave one;
        the wait is at least that long even when it exceeds ``max_delay``.
        """
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        backoff = float(ceiling / 2 + self.rng.uniform(0, ceiling / 2))
        if server_wait is not None:
            return max(backoff, float(server_wait))
        return backoff
