"""How long AssemblyAI takes to process audio, as documented, and what that predicts
for a set of jobs sharing an account's concurrency limit."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

#: AssemblyAI documents processing as taking 15-30% of the audio's duration.
PROCESSING_SHARE = (0.15, 0.30)


def processing_eta(durations: Iterable[float], slots: int | None) -> tuple[float, float] | None:
    """Seconds (soonest, latest) until jobs of these audio durations are all processed,
    ``slots`` at a time (the account's concurrency limit; None: all at once). Longest
    first, each onto the slot that frees first, as a queue of that depth would run
    them; a job's time is the documented share of its audio. None when no duration
    is known."""
    known = sorted((d for d in durations if d > 0), reverse=True)
    if not known:
        return None
    if slots is None or slots >= len(known):
        span = known[0]
    else:
        ends = [0.0] * max(1, slots)
        for seconds in known:
            heapq.heappush(ends, heapq.heappop(ends) + seconds)
        span = max(ends)
    low, high = PROCESSING_SHARE
    return span * low, span * high
