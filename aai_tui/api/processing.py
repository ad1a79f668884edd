"""How long AssemblyAI takes to process audio, as documented, and what that predicts
for a set of jobs sharing an account's concurrency limit."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

#: AssemblyAI documents processing as taking 15-30% of the audio's duration.
PROCESSING_SHARE = (0.15, 0.30)


def processing_eta(
    durations: Iterable[float], slots: int | None, running: Iterable[tuple[float, float]] = ()
) -> tuple[float, float] | None:
    """Seconds (soonest, latest) until jobs of these audio durations are all processed,
    ``slots`` at a time (the account's concurrency limit; None: all at once). Longest
    first, each onto the slot that frees first, as a queue of that depth would run
    them; a job's time is the documented share of its audio. ``running``: jobs being
    processed, as (audio seconds, seconds processed so far): they hold their slots
    for what is left of their share (none once past it), so the ETA counts down. None
    when no duration is known."""
    known = sorted((d for d in durations if d > 0), reverse=True)
    started = [(d, max(0.0, done)) for d, done in running if d > 0]
    if not known and not started:
        return None
    ends = []
    for share in PROCESSING_SHARE:
        lanes = [max(0.0, d * share - done) for d, done in started]
        waiting = [d * share for d in known]
        if slots is not None and len(lanes) + len(waiting) > slots:
            heapq.heapify(lanes)
            while len(lanes) < slots:
                lanes.append(0.0)  # a free slot
            heapq.heapify(lanes)
            for seconds in waiting:
                heapq.heappush(lanes, heapq.heappop(lanes) + seconds)
        else:
            lanes += waiting
        ends.append(max(lanes))
    return ends[0], ends[1]
