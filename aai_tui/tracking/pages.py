"""One page of several statuses at once.

The list endpoint filters by one status. For several, the same cursor is asked once
per status and the answers merged: each answer holds the ``limit`` jobs of its status
nearest the cursor, so the ``limit`` nearest of their union are exactly the page a
server filtering by all of them would give. Paging on from the merged page uses the
ids at its ends, which every status's list accepts as a cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlencode

from aai_tui.api.models import PageDetails, TranscriptListItem, TranscriptPage
from aai_tui.tracking.events import PageCursor

_NEVER = datetime.min.replace(tzinfo=UTC)


def _created(item: TranscriptListItem) -> datetime:
    created = item.created or _NEVER
    return created if created.tzinfo else created.replace(tzinfo=UTC)


def merge_pages(
    pages: Sequence[TranscriptPage], *, limit: int, cursor: PageCursor
) -> TranscriptPage:
    """The page of ``limit`` jobs nearest ``cursor`` among ``pages`` (one per status,
    each asked with that cursor), newest first, with links to the pages beyond it."""
    if len(pages) == 1:
        return pages[0]
    seen: set[str] = set()
    union: list[TranscriptListItem] = []
    for page in pages:
        for item in page.transcripts:
            if item.id not in seen:  # a job that changed status between two answers
                seen.add(item.id)
                union.append(item)
    union.sort(key=_created, reverse=True)  # stable: ties keep each server's order
    older_beyond = any(p.page_details.prev_url for p in pages)
    newer_beyond = any(p.page_details.next_url for p in pages)
    if cursor.after_id and not cursor.before_id:
        # paging newer: the jobs just above the cursor, the newest of them cut; the
        # cursor's own job (from the page below) is older
        shown = union[-limit:] if limit else []
        newer_beyond = newer_beyond or len(union) > len(shown)
        older_beyond = True
    else:
        shown = union[:limit]
        older_beyond = older_beyond or len(union) > len(shown)
        # paging older: the cursor's job (from the page above) is newer. A status with
        # nothing below the cursor cannot say whether it has jobs above it.
        newer_beyond = newer_beyond or cursor.before_id is not None
    return TranscriptPage(
        transcripts=tuple(shown),
        page_details=PageDetails(
            limit=limit,
            result_count=len(shown),
            current_url=_url(limit, cursor),
            prev_url=_url(limit, PageCursor(before_id=shown[-1].id))
            if shown and older_beyond
            else None,
            next_url=_url(limit, PageCursor(after_id=shown[0].id))
            if shown and newer_beyond
            else None,
        ),
    )


def _url(limit: int, cursor: PageCursor) -> str:
    """A list link carrying only the cursor: the statuses are the tracker's, not the
    link's, so following it for one status alone is still a valid request."""
    query: dict[str, str | int] = {"limit": limit}
    if cursor.before_id:
        query["before_id"] = cursor.before_id
    if cursor.after_id:
        query["after_id"] = cursor.after_id
    return f"/v2/transcript?{urlencode(query)}"
