"""Pacing job creation so a batch never floods what the account can run."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aai_tui.actions.wait import statuses_of
from aai_tui.api.client import AssemblyAIClient


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
        interval: float = 3.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.limit = max(1, limit)
        self.interval = interval
        self._sleep = sleep
        self.active: set[str] = set()
        self._lock = asyncio.Lock()
        self.waits = 0

    def started(self, transcript_id: str) -> None:
        self.active.add(transcript_id)

    async def wait_for_room(self) -> None:
        async with self._lock:
            while len(self.active) >= self.limit:
                states = await statuses_of(self.client, self.active)
                ended = {tid for tid, (status, _) in states.items() if status.is_terminal}
                self.active -= ended
                if len(self.active) < self.limit:
                    return
                self.waits += 1
                await self._sleep(self.interval)
