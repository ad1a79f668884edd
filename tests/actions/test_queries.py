"""A batch's jobs as list rows: read from the list where its pages reach, by id where
they do not, and dated either way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aai_tui.actions.queries import BATCH_LIST_PAGES, batch_items
from aai_tui.api.models import Transcript, TranscriptPage
from aai_tui.journal import BatchEntry, Journal

SENT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC).timestamp()


def tid(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-000000000000"


class Pages:
    """Newest first: ``others`` jobs created after the batch, then the batch's."""

    def __init__(self, batch_ids: list[str], others: int) -> None:
        rows: list[dict[str, Any]] = [
            {
                "id": tid(10_000 + n),
                "status": "completed",
                "audio_url": "https://x/a.mp3",
                "created": "2026-11-22T13:00:00Z",
                "completed": "2026-11-22T13:01:00Z",
            }
            for n in range(others)
        ]
        rows += [
            {
                "id": i,
                "status": "completed",
                "audio_url": "https://x/b.mp3",
                "created": "2026-11-22T12:00:01Z",
                "completed": "2026-11-22T12:02:00Z",
            }
            for i in batch_ids
        ]
        self.rows = rows
        self.lists = 0
        self.gets: list[str] = []

    async def list_transcripts(
        self, *, limit: int | None = None, status: Any = None, before_id: str | None = None
    ) -> TranscriptPage:
        self.lists += 1
        start = 0 if before_id is None else [r["id"] for r in self.rows].index(before_id) + 1
        page = self.rows[start : start + (limit or 10)]
        older = f"https://x/v2/transcript?before_id={page[-1]['id']}" if page else None
        return TranscriptPage.from_json(
            {
                "transcripts": page,
                "page_details": {
                    "limit": limit,
                    "result_count": len(page),
                    "current_url": "",
                    "prev_url": older if start + len(page) < len(self.rows) else None,
                    "next_url": None,
                },
            }
        )

    async def get_transcript(self, transcript_id: str) -> Transcript:
        self.gets.append(transcript_id)
        return Transcript.from_json(
            {"id": transcript_id, "status": "completed", "audio_url": "https://x/b.mp3"}
        )


def batch_journal(path: Path, ids: list[str]) -> Journal:
    journal = Journal(path, clock=lambda: SENT, owner="t")
    subs = journal.record_batch(
        [BatchEntry(local_path=Path(f"/a/{n}.wav"), size=1) for n in range(len(ids))],
        params={},
        endpoint="https://api.assemblyai.com",
        batch_id="b1",
    )
    for sub, transcript_id in zip(subs, ids, strict=True):
        journal.mark_uploaded(sub.id, "https://cdn/x")
        journal.mark_creating(sub.id)
        journal.mark_created(sub.id, transcript_id)
    return journal


async def test_a_recent_batch_comes_from_one_list_page_with_its_times(tmp_path: Path) -> None:
    ids = [tid(n) for n in range(100)]
    api = Pages(ids, others=20)
    items, gone = await batch_items(api, batch_journal(tmp_path / "j.sqlite3", ids), "b1")
    assert [i.id for i in items] == ids and gone == ()
    assert all(i.created and i.completed for i in items)
    assert api.lists == 1 and api.gets == []  # 1 request, not 100


async def test_a_batch_beyond_the_pages_read_is_asked_by_id_and_dated_by_the_journal(
    tmp_path: Path,
) -> None:
    ids = [tid(n) for n in range(3)]
    api = Pages(ids, others=200 * BATCH_LIST_PAGES + 50)
    items, _gone = await batch_items(api, batch_journal(tmp_path / "j.sqlite3", ids), "b1")
    assert api.lists == BATCH_LIST_PAGES and sorted(api.gets) == sorted(ids)
    assert [i.id for i in items] == ids
    assert all(i.created == datetime.fromtimestamp(SENT, UTC) for i in items)


async def test_a_batch_job_the_api_no_longer_knows_does_not_hide_the_others(
    tmp_path: Path,
) -> None:
    """A helper's `aai-tui list --batch` failed whole (exit 1, nothing listed) when one
    of the batch's jobs was gone from the server; `batches` said "not found"."""
    from aai_tui.api.errors import ApiError

    ids = [tid(n) for n in range(3)]

    class OneGone(Pages):
        async def get_transcript(self, transcript_id: str) -> Transcript:
            if transcript_id == ids[1]:
                raise ApiError("Transcript lookup error, transcript id not found", status=400)
            return await super().get_transcript(transcript_id)

    api = OneGone(ids, others=200 * BATCH_LIST_PAGES + 50)
    items, gone = await batch_items(api, batch_journal(tmp_path / "j.sqlite3", ids), "b1")
    assert [i.id for i in items] == [ids[0], ids[2]]
    assert gone == (ids[1],)

    class Down(Pages):
        async def get_transcript(self, transcript_id: str) -> Transcript:
            raise ApiError("upstream trouble", status=503)

    import pytest

    with pytest.raises(ApiError):  # trouble on the way is said, not taken for "gone"
        await batch_items(
            Down(ids, others=200 * BATCH_LIST_PAGES + 50),
            batch_journal(tmp_path / "k.sqlite3", ids),
            "b1",
        )


async def test_a_batch_file_resubmitted_goes_on_as_its_latest_job_in_every_command(
    tmp_path: Path,
) -> None:
    """A helper's `batches` counted the resubmission while `list --batch` and
    `watch --batch` still saw the failed job (and watch exited 1 on a finished batch)."""
    from aai_tui.actions.queries import batch_transcript_ids, latest_jobs

    ids = [tid(n) for n in range(3)]
    journal = batch_journal(tmp_path / "j.sqlite3", ids)
    # ids[1] failed and was resubmitted; that one failed too and was resubmitted again
    second = journal.record(params={}, endpoint="e", source_url="https://u", resubmit_of=ids[1])
    journal.mark_creating(second.id)
    journal.mark_created(second.id, tid(50))
    third = journal.record(params={}, endpoint="e", source_url="https://u", resubmit_of=tid(50))
    journal.mark_creating(third.id)
    journal.mark_created(third.id, tid(51))
    assert latest_jobs(journal, ids) == {ids[1]: tid(51)}
    assert batch_transcript_ids(journal, "b1") == [ids[0], tid(51), ids[2]]
    api = Pages([ids[0], tid(51), ids[2]], others=5)
    items, gone = await batch_items(api, journal, "b1")
    assert [i.id for i in items] == [ids[0], tid(51), ids[2]] and gone == ()


async def test_several_jobs_are_read_a_few_at_a_time_in_the_order_asked() -> None:
    """r on a page of failures read them one after another: 50 jobs at 100 ms, 5 s."""
    import asyncio

    from aai_tui.actions.queries import read_transcripts
    from aai_tui.api.errors import ApiError

    ids = [tid(n) for n in range(20)]
    in_flight = 0
    most = 0

    class Slow(Pages):
        async def get_transcript(self, transcript_id: str) -> Transcript:
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            # The later ids answer first: the order kept is the one asked.
            await asyncio.sleep(0.001 * (len(ids) - ids.index(transcript_id)))
            in_flight -= 1
            if transcript_id == ids[3]:
                raise ApiError("Transcript lookup error, transcript id not found", status=400)
            return await super().get_transcript(transcript_id)

    read, refused = await read_transcripts(Slow(ids, others=0), ids, at_once=4)
    assert [t.id for t in read] == [i for i in ids if i != ids[3]]
    assert [(i, e.status) for i, e in refused] == [(ids[3], 400)]
    assert most == 4


def test_a_batch_is_named_by_its_whole_id_or_the_first_characters_of_one(
    tmp_path: Path,
) -> None:
    import pytest

    from aai_tui.actions.queries import NotFound, QueryError, resolve_batch_id

    journal = Journal(tmp_path / "j.sqlite3", owner="t")
    for batch_id in ("8b4b11aa0000", "8b4c22bb0000", "f6b5_9ce3d9b"):
        journal.record_batch(
            [BatchEntry(local_path=Path("/a/x.wav"), size=1)],
            params={},
            endpoint="https://api.assemblyai.com",
            batch_id=batch_id,
        )
    assert resolve_batch_id(journal, "8b4b11aa0000") == "8b4b11aa0000"
    assert resolve_batch_id(journal, " 8b4b ") == "8b4b11aa0000"
    assert resolve_batch_id(journal, "f6b5_") == "f6b5_9ce3d9b"
    with pytest.raises(QueryError, match="starts more than one batch id"):
        resolve_batch_id(journal, "8b4")
    with pytest.raises(NotFound):
        resolve_batch_id(journal, "f6b5%")  # a LIKE wildcard is a character here
    with pytest.raises(NotFound):
        resolve_batch_id(journal, "ffff")


class Flaky:
    """The list endpoint: unreachable for ``down`` asks, then a job that ends."""

    def __init__(self, down: int, error: object = None) -> None:
        from aai_tui.api.errors import ApiError, ErrorKind

        self.down = down
        self.asks = 0
        self.error = error or ApiError("All connection attempts failed", kind=ErrorKind.CONNECT)

    async def list_transcripts(self, *, limit: int | None = None) -> TranscriptPage:
        self.asks += 1
        if self.asks <= self.down:
            raise self.error  # type: ignore[misc]
        status = "processing" if self.asks == self.down + 1 else "completed"
        return TranscriptPage.from_json(
            {
                "transcripts": [{"id": tid(1), "status": status, "audio_url": "https://x/a"}],
                "page_details": {"prev_url": None},
            }
        )


async def test_watch_waits_out_an_unreachable_api_and_says_so_each_way() -> None:
    """A helper's `aai-tui watch` exited 1 six seconds into an outage: the code that
    says "a job failed". It rides one out, as the dashboard does."""
    from aai_tui.actions.queries import watch

    api = Flaky(down=3)
    slept: list[float] = []
    heard: list[str | None] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    changes = [
        c.status
        async for c in watch(api, [tid(1)], interval=3.0, sleep=sleep, on_trouble=heard.append)  # type: ignore[arg-type]
    ]
    assert changes == ["processing", "completed"]
    assert heard == ["All connection attempts failed", None]  # once each way
    assert slept[:3] == [3.0, 4.0, 8.0]  # backing off, from the poll interval


async def test_watch_gives_up_after_its_patience_and_a_refusal_is_not_waited_out() -> None:
    import pytest

    from aai_tui.actions.queries import GaveUp, watch
    from aai_tui.api.errors import ApiError

    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    with pytest.raises(GaveUp, match="could not be asked for 60 s"):
        async for _ in watch(
            Flaky(down=1000),  # type: ignore[arg-type]
            [tid(1)],
            clock=lambda: now[0],
            sleep=sleep,
            patience=60.0,
        ):
            pass
    refused = Flaky(down=1, error=ApiError("Authentication error", status=401))
    with pytest.raises(ApiError):
        async for _ in watch(refused, [tid(1)], sleep=sleep):  # type: ignore[arg-type]
            pass
    assert refused.asks == 1


async def test_a_batch_job_the_api_does_not_have_is_asked_for_once_per_session(
    tmp_path: Path,
) -> None:
    """A helper's every B sent one GET per gone job of the journal (nine 400s in L each
    time) and sat at "reading…": the dashboard keeps what the API said it lacks."""
    from aai_tui.actions.queries import batch_reports
    from aai_tui.api.errors import ApiError

    ids = [tid(n) for n in range(3)]

    class OneGone(Pages):
        async def get_transcript(self, transcript_id: str) -> Transcript:
            self.gets.append(transcript_id)
            if transcript_id == ids[1]:
                raise ApiError("Transcript lookup error, transcript id not found", status=400)
            return Transcript.from_json(
                {"id": transcript_id, "status": "completed", "audio_url": "https://x/b.mp3"}
            )

    api = OneGone([], others=5)  # the batch's jobs are on no list page
    journal = batch_journal(tmp_path / "j.sqlite3", ids)
    gone: set[str] = set()
    (first,) = await batch_reports(api, journal, gone=gone)
    assert first.server_states == {"completed": 2, "not found": 1}
    assert gone == {ids[1]} and api.gets.count(ids[1]) == 1
    (again,) = await batch_reports(api, journal, gone=gone)
    assert again.server_states == first.server_states
    assert api.gets.count(ids[1]) == 1  # not asked again


def test_a_group_whose_jobs_were_all_deleted_is_not_worth_resubmitting() -> None:
    """A helper's `failures` said "resubmitting helps: yes" for a group whose only job
    was deleted: its audio is gone."""
    from aai_tui.actions.queries import FailureGroup
    from aai_tui.api.models import TranscriptListItem
    from aai_tui.troubleshoot import explain

    entry = explain("Server error, developers have been alerted.").entry

    def job(n: int, url: str) -> TranscriptListItem:
        return TranscriptListItem.from_json({"id": tid(n), "status": "error", "audio_url": url})

    assert FailureGroup(entry, [job(1, "https://x/a.mp3")]).resubmit_helps == "yes"
    gone = job(2, "http://deleted_by_user")
    assert FailureGroup(entry, [gone]).resubmit_helps == "no"
    assert FailureGroup(entry, [gone, job(3, "https://x/b.mp3")]).resubmit_helps == "yes"
