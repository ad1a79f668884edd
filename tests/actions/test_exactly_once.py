"""Exactly once, to the end: retries through faults, a match that cannot be wrong,
one owner per submission across processes, batches journaled whole."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aai_tui.actions.submit import Submitter
from aai_tui.api import AssemblyAIClient, RetryPolicy
from aai_tui.cli import main
from aai_tui.journal import BatchEntry, Journal, LeaseLost, SubmissionState
from aai_tui.paths import journal_file
from aai_tui.sim.faults import Fault
from tests.helpers import running_sim, write_wav

KEY = "exactly-once-key"
FAST = RetryPolicy(max_attempts=10**6, base_delay=0.01, max_delay=0.02, rng=random.Random(1))
URL = "https://media.example.com/shared/interview.mp3"


@pytest.fixture
def sim() -> Iterator:
    with running_sim(concurrency=50) as live:
        yield live


def script_faults(sim, acting: list[Fault]) -> list[Fault]:
    """The next POSTs/DELETEs meet these faults, in order; everything else is healthy."""
    queue = list(acting)

    def request_fault(*, acts: bool) -> Fault:
        if acts and queue:
            return queue.pop(0)
        return Fault.NONE

    sim.server.faults.request_fault = request_fault
    return queue


def jobs(sim) -> list:
    return list(sim.engine.jobs())


def submitter(client, journal, **kw) -> Submitter:
    return Submitter(client, journal, retry_policy=FAST, **kw)


def post_job(sim, audio_url: str) -> str:
    answer = httpx.post(
        f"{sim.base_url}/v2/transcript",
        headers={"authorization": KEY},
        json={"audio_url": audio_url},
        trust_env=False,
    )
    return str(answer.json()["id"])


# ------------------------------------------------------------------ retries


async def test_one_transient_fault_on_each_step_is_retried_to_the_end(sim, tmp_path):
    audio = [write_wav(tmp_path / f"f{i}.wav", 1) for i in range(6)]
    # 500 and 429 on uploads, 429 and a connection dropped before acting on creates,
    # 500 and a connection dropped after the job was made: every kind, once or twice.
    script_faults(
        sim,
        [
            Fault.ERROR_500,
            Fault.ERROR_429,
            Fault.ERROR_503,
            Fault.DROP,
            Fault.ERROR_504,
            Fault.DROP_AFTER_ACT,
            Fault.ERROR_500,
            Fault.DROP_AFTER_ACT,
        ],
    )
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        _, outcomes = await submitter(client, journal).submit_batch(audio, {})
    assert [o.ok for o in outcomes] == [True] * 6, [o.submission.error for o in outcomes]
    assert len(jobs(sim)) == 6
    assert sorted(o.transcript_id for o in outcomes) == sorted(j.id for j in jobs(sim))
    assert journal.unfinished() == []


async def test_a_refusal_is_not_retried_and_a_long_outage_ends_at_the_deadline(sim, tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        refused = await submitter(client, journal).submit(URL, {"speech_threshold": 7})
        assert refused.submission.state is SubmissionState.FAILED and not refused.gave_up
        sim.server.faults.request_fault = lambda *, acts: Fault.ERROR_503
        started = time.monotonic()
        outage = await submitter(client, journal, deadline=0.3).submit(URL, {})
    assert time.monotonic() - started < 10
    assert outage.gave_up and outage.submission.state.unfinished
    assert "still failing after 0.3 s of retries" in (outage.submission.error or "")
    assert jobs(sim) == []


async def test_retry_after_is_honoured(sim, tmp_path):
    waits: list[float] = []

    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    script_faults(sim, [Fault.ERROR_429])  # the sim's 429 says Retry-After: 1
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        outcome = await submitter(client, journal, sleep=record_sleep).submit(URL, {})
    assert outcome.ok and waits and waits[0] >= 1.0


# -------------------------------------------------------------------- match


async def test_a_lost_answer_for_a_reused_url_is_matched_to_the_new_job_only(sim, tmp_path):
    older = post_job(sim, URL)  # the same audio, submitted earlier
    sim.clock.advance(30)
    script_faults(sim, [Fault.DROP_AFTER_ACT])
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        outcome = await submitter(client, journal).submit(URL, {})
    assert outcome.ok
    assert outcome.transcript_id != older
    assert len(jobs(sim)) == 2  # the older one and exactly one new one


@pytest.mark.parametrize("clock_moves", [True, False])
async def test_twenty_submissions_of_one_url_with_lost_answers(sim, tmp_path, clock_moves):
    """Every create's answer is lost; each search must find its own job, never one another
    submission already holds, whether or not the server's clock moves between them."""
    script_faults(sim, [Fault.DROP_AFTER_ACT] * 20)
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        outcomes = []
        for _ in range(20):
            outcomes.append(await submitter(client, journal).submit(URL, {}))
            if clock_moves:
                sim.clock.advance(5)
    ids = [o.transcript_id for o in outcomes]
    assert all(o.ok for o in outcomes)
    assert len(set(ids)) == 20 == len(jobs(sim))


async def test_resubmission_of_the_same_upload_is_never_matched_to_the_original(sim, tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        first = await submitter(client, journal).submit(write_wav(tmp_path / "r.wav", 1), {})
        sim.clock.advance(100)
        transcript = await client.get_transcript(first.transcript_id or "")
        script_faults(sim, [Fault.DROP_AFTER_ACT])
        again = await submitter(client, journal).resubmit(transcript)
    assert again.ok and again.transcript_id != first.transcript_id
    assert len(jobs(sim)) == 2


async def test_two_jobs_that_could_be_its_own_are_kept_and_asked_about(sim, tmp_path, capsys):
    journal = Journal(journal_file())
    script_faults(sim, [Fault.NONE, Fault.DROP_AFTER_ACT])  # the other tool's, then ours

    async with AssemblyAIClient(KEY, sim.base_url) as client:
        real_create = client.create_transcript

        async def create_while_another_tool_does(params):  # type: ignore[no-untyped-def]
            other = await asyncio.to_thread(post_job, sim, URL)  # same audio, same moment
            created.append(other)
            return await real_create(params)

        created: list[str] = []
        client.create_transcript = create_while_another_tool_does  # type: ignore[method-assign]
        outcome = await submitter(client, journal).submit(URL, {})
    sub = outcome.submission
    assert sub.state is SubmissionState.AMBIGUOUS
    assert len(sub.candidates) == 2 and created[0] in sub.candidates
    assert "pending --assign" in (sub.error or "")
    assert len(jobs(sim)) == 2  # nothing was sent again
    mine = next(c for c in sub.candidates if c != created[0])
    journal.close()
    args = ["--base-url", sim.base_url, "--api-key", KEY, "pending"]
    stranger = post_job(sim, "https://media.example.com/other.mp3")
    assert await asyncio.to_thread(main, [*args, "--assign", str(sub.id), stranger]) == 2
    assert "is not one of submission" in capsys.readouterr().err
    assert await asyncio.to_thread(main, [*args, "--assign", str(sub.id), mine]) == 0
    assert f"→ {mine}" in capsys.readouterr().out
    assert Journal(journal_file()).get(sub.id).transcript_id == mine


async def test_the_window_follows_the_servers_clock_not_this_machines(tmp_path):
    """The server's clock is two months behind this machine's: its Date header says so,
    and a job made there after the send still matches (and one made before does not)."""
    from aai_tui.sim.clock import ManualClock

    clock = ManualClock(start=time.time() - 60 * 86400)
    with running_sim(clock=clock) as sim:
        older = post_job(sim, URL)
        clock.advance(20)
        script_faults(sim, [Fault.DROP_AFTER_ACT])
        journal = Journal(tmp_path / "j.sqlite3")
        async with AssemblyAIClient(KEY, sim.base_url) as client:
            outcome = await submitter(client, journal).submit(URL, {})
            assert client.server_clock_offset is not None
            assert client.server_clock_offset < -59 * 86400
        assert outcome.ok and outcome.transcript_id != older


# ------------------------------------------------------------- ownership


async def test_a_second_process_leaves_a_live_owners_submissions_alone(sim, tmp_path, capsys):
    path = journal_file()
    first = Journal(path)
    audio = [write_wav(tmp_path / f"o{i}.wav", 1) for i in range(5)]
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        _, recorded = await submitter(client, first).record_batch(audio, {})
        second = Journal(path)  # another aai-tui on the same journal
        assert second.claim([s.id for s in recorded]) == []
        outcomes = await submitter(client, second).complete_batch(recorded)
        assert all(o.elsewhere for o in outcomes)
        assert jobs(sim) == []
        with pytest.raises(LeaseLost):
            second.mark_creating(recorded[0].id)
        second.close()
    code = await asyncio.to_thread(
        main, ["--base-url", sim.base_url, "--api-key", KEY, "pending", "--complete"]
    )
    out = capsys.readouterr().out
    assert code == 1  # work is left, to its owner
    assert out.count("in progress in another aai-tui") == 5
    assert jobs(sim) == []
    first.close()


async def test_a_lapsed_lease_is_taken_over_and_the_late_owner_cannot_send(sim, tmp_path):
    path = tmp_path / "shared.sqlite3"
    now = [time.time()]
    stalled = Journal(path, clock=lambda: now[0])
    (sub,) = stalled.record_batch(
        [BatchEntry(source_url=URL)],
        params={},
        endpoint=sim.base_url,
        batch_id="b-stalled",
    )
    later = [time.time() + 61]
    taker = Journal(path, clock=lambda: later[0])
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        outcome = await submitter(client, taker).complete(sub)
    assert outcome.ok
    with pytest.raises(LeaseLost):
        stalled.mark_creating(sub.id)  # woke up late: it may not send the create
    assert len(jobs(sim)) == 1


OWNER_SCRIPT = r"""
import asyncio, sys, time
from pathlib import Path
from aai_tui.api import AssemblyAIClient
from aai_tui.journal import Journal
from aai_tui.actions.submit import Submitter

base, journal_path, folder = sys.argv[1:4]

async def main():
    journal = Journal(Path(journal_path))
    async with AssemblyAIClient("exactly-once-key", base) as client:
        submitter = Submitter(client, journal)
        sources = sorted(Path(folder).glob("*.wav"))
        await submitter.record_batch(sources, {}, batch_id="killed-batch")
        print("recorded", flush=True)
        await asyncio.sleep(3600)  # holds the leases, sends nothing: then kill -9

asyncio.run(main())
"""


async def test_a_killed_owner_frees_its_batch_at_once(sim, tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    for i in range(30):
        write_wav(folder / f"k{i:02d}.wav", 1)
    path = tmp_path / "shared.sqlite3"
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER_SCRIPT, sim.base_url, str(path), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert owner.stdout is not None and owner.stdout.readline().strip() == "recorded"
        other = Journal(path)
        batch = other.batch("killed-batch")
        assert len(batch) == 30  # the whole batch, before a byte was sent
        assert other.claim([s.id for s in batch]) == []  # its owner lives
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
        async with AssemblyAIClient(KEY, sim.base_url) as client:
            outcomes = await submitter(client, other).complete_batch(batch)
        assert all(o.ok for o in outcomes)
        assert len(jobs(sim)) == 30
    finally:
        if owner.poll() is None:
            owner.kill()


async def test_pending_shows_each_batch_and_what_is_left(sim, tmp_path, capsys):
    path = journal_file()
    journal = Journal(path)
    audio = [write_wav(tmp_path / f"b{i}.wav", 1) for i in range(3)]
    (tmp_path / "notes.txt").write_text("not audio")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        batch_id, recorded = await submitter(client, journal).record_batch(
            [*audio, tmp_path / "notes.txt"], {}
        )
    journal.close()  # as if the process died before sending
    assert [s.state.value for s in recorded] == ["recorded"] * 3 + ["failed"]
    args = ["--base-url", sim.base_url, "--api-key", KEY, "pending"]
    assert await asyncio.to_thread(main, args) == 0
    listed = capsys.readouterr().out
    assert f"batch {batch_id}" in listed and "4 files: 1 failed, 3 recorded" in listed
    assert await asyncio.to_thread(main, [*args, "--complete"]) == 0
    capsys.readouterr()
    assert await asyncio.to_thread(main, [*args, "--batch", batch_id]) == 0
    shown = capsys.readouterr().out
    assert "3 created, 1 failed" in shown and "does not look like audio" in shown
    assert len(jobs(sim)) == 3


async def test_a_planned_batch_journals_each_files_duration_for_the_tracker(sim, tmp_path):
    """The plan probed each file: its seconds of audio go to the journal with it, and
    the tracker asks for them by transcript id (to look often near a job's end)."""
    from aai_tui.actions.batch import plan_batch

    for seconds in (1, 2, 3):
        write_wav(tmp_path / f"d{seconds}.wav", seconds)
    plan = plan_batch([str(tmp_path)])
    journal = Journal(tmp_path / "j.sqlite3")
    async with AssemblyAIClient(KEY, sim.base_url) as client:
        _, outcomes = await submitter(client, journal).submit_batch(
            plan.paths, {}, checked=plan.checked
        )
    by_name = {Path(o.submission.local_path or "").name: o.submission for o in outcomes}
    assert {name: s.duration for name, s in by_name.items()} == pytest.approx(
        {"d1.wav": 1.0, "d2.wav": 2.0, "d3.wav": 3.0}
    )
    ids = [s.transcript_id for s in by_name.values() if s.transcript_id]
    assert len(ids) == 3
    assert journal.durations_for([*ids, "not-a-job"]) == pytest.approx(
        {by_name[f"d{n}.wav"].transcript_id: float(n) for n in (1, 2, 3)}
    )
    journal.close()


async def test_a_server_clock_that_jumps_after_a_lost_create_still_finds_its_job(sim, tmp_path):
    """The window for a lost create's job starts at the server's clock as measured
    before the send: a clock that moves on by an hour before the search (a chaos run's
    manual clock did) cannot push the job out of it and make a second one."""

    class JumpingClient(AssemblyAIClient):
        async def create_transcript(self, body):  # type: ignore[no-untyped-def]
            try:
                return await super().create_transcript(body)
            except Exception:
                sim.clock.advance(3600)
                await self.list_transcripts(limit=1)  # the offset is measured again
                raise

    script_faults(sim, [Fault.DROP_AFTER_ACT])
    journal = Journal(tmp_path / "j.sqlite3")
    async with JumpingClient(KEY, sim.base_url) as client:
        outcome = await submitter(client, journal).submit(URL, {})
    assert outcome.ok and outcome.submission.transcript_id == jobs(sim)[0].id
    assert len(jobs(sim)) == 1
    journal.close()
