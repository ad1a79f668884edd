"""Several statuses at once: the merged page is the page a server filtering by all of
them would give, on every cursor, and paging through it sees every job once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from aai_tui.api.models import PageDetails, TranscriptListItem, TranscriptPage, TranscriptStatus
from aai_tui.tracking.events import PageCursor
from aai_tui.tracking.pages import merge_pages

STATUSES = ("queued", "processing", "completed", "error")
START = datetime(2026, 11, 1, tzinfo=UTC)


def jobs_of(statuses: list[str], gaps: list[int]) -> list[TranscriptListItem]:
    """Oldest first; a gap of 0 gives two jobs the same creation time."""
    created, jobs = START, []
    for n, (status, gap) in enumerate(zip(statuses, gaps, strict=False)):
        created += timedelta(seconds=gap)
        jobs.append(
            TranscriptListItem(
                id=f"job{n:04d}",
                status=TranscriptStatus.parse(status),
                audio_url="",
                created=created,
            )
        )
    return jobs


def server(
    jobs: list[TranscriptListItem], wanted: set[str] | None, limit: int, cursor: PageCursor
) -> TranscriptPage:
    """The list endpoint as the simulator answers it, filtering by a set of statuses."""
    shown = [j for j in jobs if wanted is None or str(j.status) in wanted]
    at = {j.id: n for n, j in enumerate(jobs)}
    if cursor.before_id:
        page = [j for j in shown if at[j.id] < at[cursor.before_id]][-limit:]
    elif cursor.after_id:
        page = [j for j in shown if at[j.id] > at[cursor.after_id]][:limit]
    else:
        page = shown[-limit:]
    older = bool(page) and any(at[j.id] < at[page[0].id] for j in shown)
    newer = bool(page) and any(at[j.id] > at[page[-1].id] for j in shown)
    page.reverse()
    return TranscriptPage(
        tuple(page),
        PageDetails(
            limit,
            len(page),
            "/v2/transcript",
            f"/v2/transcript?before_id={page[-1].id}" if older else None,
            f"/v2/transcript?after_id={page[0].id}" if newer else None,
        ),
    )


def merged(jobs, wanted, limit, cursor):  # type: ignore[no-untyped-def]
    pages = [server(jobs, {s}, limit, cursor) for s in wanted]
    return merge_pages(pages, limit=limit, cursor=cursor)


job_lists = st.integers(min_value=0, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(STATUSES), min_size=n, max_size=n),
        st.lists(st.integers(min_value=0, max_value=3), min_size=n, max_size=n),
    )
)
wanted_sets = st.lists(st.sampled_from(STATUSES), min_size=2, max_size=4, unique=True)


@settings(max_examples=300, deadline=None)
@given(job_lists, wanted_sets, st.integers(min_value=1, max_value=12), st.data())
def test_a_merged_page_is_the_page_of_all_the_statuses(generated, wanted, limit, data):
    jobs = jobs_of(*generated)
    cursors = [PageCursor()]
    listed = [j for j in jobs if str(j.status) in wanted]
    if listed:  # a cursor is a job the list showed
        pick = data.draw(st.sampled_from(listed)).id
        cursors += [PageCursor(before_id=pick), PageCursor(after_id=pick)]
    one_order = len({j.created for j in jobs}) == len(jobs)
    for cursor in cursors:
        ours = merged(jobs, wanted, limit, cursor)
        truth = server(jobs, set(wanted), limit, cursor)
        # jobs created in the same instant have no order a client can see
        assert [j.created for j in ours.transcripts] == [j.created for j in truth.transcripts]
        if one_order:
            assert [j.id for j in ours.transcripts] == [j.id for j in truth.transcripts]
        assert (ours.page_details.prev_url is None) == (truth.page_details.prev_url is None)
        assert (ours.page_details.next_url is None) == (truth.page_details.next_url is None)


@settings(max_examples=200, deadline=None)
@given(job_lists, wanted_sets, st.integers(min_value=1, max_value=7))
def test_paging_older_then_newer_sees_every_job_once(generated, wanted, limit):
    statuses, gaps = generated
    jobs = jobs_of(statuses, [g + 1 for g in gaps])  # distinct times: one true order
    expected = [j.id for j in reversed(jobs) if str(j.status) in wanted]
    seen: list[str] = []
    pages = [merged(jobs, wanted, limit, PageCursor())]
    while True:
        seen += [j.id for j in pages[-1].transcripts]
        older = pages[-1].page_details.older_cursor
        if older is None:
            break
        pages.append(merged(jobs, wanted, limit, PageCursor(before_id=older)))
    assert seen == expected
    for page in reversed(pages[1:]):  # and back up with the newer links
        newer = page.page_details.newer_cursor
        assert newer is not None
        back = merged(jobs, wanted, limit, PageCursor(after_id=newer))
        assert (
            back.transcripts
            and back.transcripts[-1].id == expected[expected.index(page.transcripts[0].id) - 1]
        )


def test_one_status_is_the_servers_page_untouched():
    jobs = jobs_of(["queued", "error"], [1, 1])
    page = server(jobs, {"error"}, 5, PageCursor())
    assert merge_pages([page], limit=5, cursor=PageCursor()) is page
