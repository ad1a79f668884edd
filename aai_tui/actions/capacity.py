"""Pacing job creation so a batch never floods what the account can run."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aai_tui.actions.wait import statuses_of

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

#: How long to wait for creates already on their way before looking again.
IN_FLIGHT_WAIT = 0.05
#: At the limit, how often the gate looks for a job that ended: one list request a
#: look, so a slot is refilled within a second of freeing (per-job polling would cost
#: one request per job every few seconds).
GATE_INTERVAL = 1.0
#: A batch keeps at most this many times the account's concurrency limit of its jobs
#: queued or processing: the processing slots stay full, the queue is not flooded.
GATE_DEPTH = 4


class CapacityGate:
    """Lets a batch keep at most ``limit`` of its own jobs queued or processing.

    Before each create, :meth:`wait_for_room` returns at once while there is room;
    at the limit it asks the list endpoint which of the batch's jobs have ended,
    every ``interval`` seconds, until one has.
    """

    def __init__(
        self,
        client: AssemblyAIClient,
        limit: int,
        *,
        interval: float = GATE_INTERVAL,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.limit = max(1, limit)
        self.interval = interval
        self._sleep = sleep
        self.active: set[str] = set()
        self.reserved = 0  # slots handed out whose create has not answered yet
        self._lock = asyncio.Lock()
        self.waits = 0

    def _in_use(self) -> int:
        return len(self.active) + self.reserved

    async def wait_for_room(self) -> None:
        """Return once a slot is free, and hold it until :meth:`started` or :meth:`release`."""
        async with self._lock:
            while self._in_use() >= self.limit:
                if not self.active:
                    # Every slot is a create still waiting for its answer: that is quick.
                    await asyncio.sleep(IN_FLIGHT_WAIT)
                    continue
                states = await statuses_of(self.client, self.active)
                self.active -= {t for t, (status, _) in states.items() if status.is_terminal}
                if self._in_use() < self.limit:
                    break
                self.waits += 1
                await self._sleep(self.interval)
            self.reserved += 1

    def started(self, transcript_id: str) -> None:
        self.reserved = max(0, self.reserved - 1)
        self.active.add(transcript_id)

    def release(self) -> None:
        """The create made no job: give the slot back."""
        self.reserved = max(0, self.reserved - 1)
