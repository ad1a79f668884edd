"""Waiting for many jobs at once from the list endpoint, not one GET per job."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from aai_tui.api.errors import ApiError
from aai_tui.api.models import TranscriptStatus

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

LIST_LIMIT = 200


async def statuses_of(
    client: AssemblyAIClient,
    ids: Iterable[str],
    *,
    max_pages: int = 10,
    gone: dict[str, str] | None = None,
) -> dict[str, tuple[TranscriptStatus, str | None]]:
    """Status (and error) of each id: from list pages first, then a GET for any left.
    ``gone``: where a job the API does not have is put (its id, the API's words),
    instead of the whole answer failing for it."""
    wanted = set(ids)
    found: dict[str, tuple[TranscriptStatus, str | None]] = {}
    page = await client.list_transcripts(limit=LIST_LIMIT)
    for _ in range(max_pages):
        for item in page.transcripts:
            if item.id in wanted:
                found[item.id] = (item.status, item.error)
        if wanted <= found.keys() or page.page_details.prev_url is None:
            break
        page = await client.list_transcripts_at(page.page_details.prev_url)
    for missing in wanted - found.keys() - (gone or {}).keys():
        try:
            transcript = await client.get_transcript(missing)
        except ApiError as error:
            if gone is None or not error.not_found:
                raise
            gone[missing] = " ".join(error.message.split())
            continue
        found[missing] = (transcript.status, transcript.error)
    return found


async def wait_until_done(
    client: AssemblyAIClient,
    ids: Iterable[str],
    *,
    interval: float = 3.0,
    on_round: Callable[[dict[str, tuple[TranscriptStatus, str | None]]], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> dict[str, tuple[TranscriptStatus, str | None]]:
    """Poll until every id is completed or error."""
    pending = list(ids)
    done: dict[str, tuple[TranscriptStatus, str | None]] = {}
    while True:
        current = await statuses_of(client, pending)
        for transcript_id, state in current.items():
            if state[0].is_terminal:
                done[transcript_id] = state
        if on_round:
            on_round({**current, **done})
        pending = [i for i in pending if i not in done]
        if not pending:
            return done
        await sleep(interval)
