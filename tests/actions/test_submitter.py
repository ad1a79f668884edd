"""Submitting against the simulator: journaled first, never duplicated, nothing lost."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from aai_tui.actions.capacity import CapacityGate
from aai_tui.actions.inputs import InputError, SubmitOptions, check_local_file, expand_sources
from aai_tui.actions.submit import Submitter, resubmit_params
from aai_tui.api.errors import ApiError, ErrorKind
from aai_tui.journal import Journal, SubmissionState
from tests.helpers import MEDIA, write_wav

PARAMS = SubmitOptions({"speaker_labels": True}).to_params()


def server_jobs(sim) -> list:
    return list(sim.engine.jobs())


async def test_a_file_is_journaled_uploaded_and_created_once(sim, client, journal, tmp_path):
    audio = write_wav(tmp_path / "talk.wav", 3)
    outcome = await Submitter(client, journal).submit(audio, PARAMS)
    assert outcome.ok
    (row,) = journal.all()
    assert row.state is SubmissionState.CREATED
    assert row.local_path == str(audio.resolve())
    assert row.upload_url.startswith(sim.base_url)
    assert row.params == PARAMS
    (job,) = server_jobs(sim)
    assert job.id == outcome.transcript_id
    assert job.params["speaker_labels"] is True


async def test_a_batch_of_twenty(sim, client, journal, tmp_path):
    files = [write_wav(tmp_path / f"f{i:02d}.wav", 1 + i % 3) for i in range(20)]
    seen = []
    batch_id, outcomes = await Submitter(client, journal).submit_batch(
        files, PARAMS, parallel_uploads=4, on_progress=lambda p, o: seen.append(p.finished)
    )
    assert len(outcomes) == 20 and all(o.ok for o in outcomes)
    assert max(seen) == 20
    assert len(server_jobs(sim)) == 20
    assert {r.transcript_id for r in journal.batch(batch_id)} == {j.id for j in server_jobs(sim)}


async def test_capacity_gate_holds_creates_until_jobs_end(sim, client, journal, tmp_path):
    files = [write_wav(tmp_path / f"g{i}.wav", 2) for i in range(4)]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        sim.clock.advance(120)  # while we wait, the server finishes the jobs
        await asyncio.sleep(0)

    gate = CapacityGate(client, 2, interval=3.0, sleep=sleep)
    _, outcomes = await Submitter(client, journal).submit_batch(files, PARAMS, gate=gate)
    assert all(o.ok for o in outcomes)
    assert gate.waits >= 1 and slept


async def test_a_lost_create_answer_is_found_not_resent(sim, client, journal, tmp_path):
    """The server created the job but the connection dropped before the answer."""
    from aai_tui.sim.faults import FaultProfile

    audio = write_wav(tmp_path / "lost.wav", 2)
    submitter = Submitter(client, journal)
    submission = submitter.record(audio, PARAMS)
    step = await submitter.upload_step(submission)
    sim.server.faults.profile = FaultProfile("drop-after-act", "", drop_after_act=1.0)
    try:
        outcome = await submitter.create_step(step)
    finally:
        sim.server.faults.profile = FaultProfile("none", "")
    assert outcome.ok, outcome.error
    (job,) = server_jobs(sim)
    assert outcome.transcript_id == job.id
    assert journal.get(submission.id).state is SubmissionState.CREATED


async def test_bad_input_is_refused_before_anything_is_recorded(sim, client, journal):
    with pytest.raises(InputError, match="only http:// and https://"):
        await Submitter(client, journal).submit("ftp://nope/a.mp3", PARAMS)
    with pytest.raises(InputError, match="`punctuate` must be a Boolean"):
        await Submitter(client, journal).submit(
            "https://x.example/a.mp3", {**PARAMS, "punctuate": "yes"}
        )
    assert journal.all() == []


async def test_connect_failure_leaves_the_submission_to_finish_later(journal, tmp_path):
    from aai_tui.api import AssemblyAIClient, RetryPolicy

    audio = write_wav(tmp_path / "later.wav", 2)
    async with AssemblyAIClient(
        "k", "http://127.0.0.1:9", retry_policy=RetryPolicy(max_attempts=1)
    ) as dead:
        outcome = await Submitter(dead, journal, deadline=0).submit(audio, PARAMS)
    assert not outcome.ok
    assert isinstance(outcome.error, ApiError) and outcome.error.kind is ErrorKind.CONNECT
    (row,) = journal.unfinished()
    assert row.state is SubmissionState.RECORDED and "could not connect" in row.error


CRASH_SCRIPT = r"""
import asyncio, os, sys
from pathlib import Path
from aai_tui.api import AssemblyAIClient
from aai_tui.journal import Journal
from aai_tui.actions.submit import Submitter

base, journal_path, audio, stage = sys.argv[1:5]

async def main():
    client = AssemblyAIClient("crash-key", base)
    journal = Journal(Path(journal_path))
    submitter = Submitter(client, journal)
    if stage == "after-upload":
        def crash(submission_id, **_):
            os._exit(9)  # killed after the upload was recorded, before the create began
        journal.mark_creating = crash
    else:  # "after-create-sent": the POST went out, the process died before recording it
        original = client.create_transcript
        async def crash(params):
            await original(params)
            os._exit(9)
        client.create_transcript = crash
    await submitter.submit(Path(audio), {"speech_models": ["universal-2"]})

asyncio.run(main())
"""


@pytest.mark.parametrize("stage", ["after-upload", "after-create-sent"])
async def test_a_killed_process_loses_nothing_and_duplicates_nothing(sim, client, tmp_path, stage):
    journal_path = tmp_path / "crash.sqlite3"
    audio = write_wav(tmp_path / "crash.wav", 2)
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, sim.base_url, str(journal_path), str(audio), stage],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode == 9, result.stderr
    journal = Journal(journal_path)
    (pending,) = journal.unfinished()
    expected = SubmissionState.UPLOADED if stage == "after-upload" else SubmissionState.CREATING
    assert pending.state is expected
    jobs_before = len(server_jobs(sim))
    outcome = await Submitter(client, journal).complete(pending)
    assert outcome.ok
    jobs = server_jobs(sim)
    assert len(jobs) == 1  # exactly one job, whichever moment the crash came
    assert jobs_before == (0 if stage == "after-upload" else 1)
    assert outcome.transcript_id == jobs[0].id
    journal.close()


async def test_resubmit_after_a_server_error_uses_the_same_audio_and_options(
    sim, client, journal, tmp_path
):
    sim.engine._job_fails = lambda: True
    audio = write_wav(tmp_path / "flaky.wav", 2)
    submitter = Submitter(client, journal)
    first = await submitter.submit(audio, PARAMS)
    sim.engine._job_fails = lambda: False
    sim.clock.advance(100)
    failed = await client.get_transcript(first.transcript_id)
    assert failed.error == "Server error, developers have been alerted."
    again = await submitter.resubmit(failed)
    assert again.ok and again.transcript_id != first.transcript_id
    jobs = {j.id: j for j in server_jobs(sim)}
    assert jobs[again.transcript_id].audio_url == jobs[first.transcript_id].audio_url
    assert jobs[again.transcript_id].params["speaker_labels"] is True
    sim.clock.advance(100)
    assert (await client.get_transcript(again.transcript_id)).status == "completed"


async def test_resubmit_uploads_again_when_the_upload_url_is_gone(sim, client, journal, tmp_path):
    audio = write_wav(tmp_path / "old.wav", 2)
    submitter = Submitter(client, journal)
    first = await submitter.submit(audio, PARAMS)
    row = journal.by_transcript(first.transcript_id)
    # A day later the upload URL has expired.
    with journal._transaction() as db:
        db.execute(
            "UPDATE submissions SET updated_at = ? WHERE id = ?", (time.time() - 25 * 3600, row.id)
        )
    transcript = await client.get_transcript(first.transcript_id)
    again = await submitter.resubmit(transcript)
    assert again.ok
    new_row = journal.by_transcript(again.transcript_id)
    assert new_row.upload_url != row.upload_url
    assert new_row.local_path == row.local_path


async def test_resubmit_of_a_url_job_keeps_its_options(sim, client, journal):
    body = {
        "audio_url": "https://foo.bar/a.mp3",
        "speech_models": ["universal-2"],
        "language_detection": True,
        "punctuate": False,
    }
    created = httpx.post(
        f"{sim.base_url}/v2/transcript", json=body, headers={"authorization": "k"}, trust_env=False
    ).json()
    sim.clock.advance(100)
    transcript = await client.get_transcript(created["id"])
    params = resubmit_params(dict(transcript.raw))
    assert params == {
        "speech_models": ["universal-2"],
        "language_detection": True,
        "punctuate": False,
    }
    again = await Submitter(client, journal).resubmit(transcript)
    assert again.ok


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("missing.wav", "no such file"),
        ("empty.wav", "the file is empty"),
        ("notes.txt", "does not look like audio"),
        ("folder", "is a folder"),
        ("image.png", "does not look like audio"),
    ],
)
def test_local_checks(tmp_path: Path, name, fragment):
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "folder").mkdir()
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(InputError, match=fragment):
        check_local_file(tmp_path / name)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = write_wav(tmp_path / "secret.wav", 1)
    # Root can read anything, so ask the permission check itself to say no.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(InputError, match="not readable"):
        check_local_file(path)


def test_sources_expand_folders_and_globs(tmp_path: Path):
    for name in ("b.wav", "a.mp3", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert expand_sources([str(tmp_path)]) == [tmp_path / "a.mp3", tmp_path / "b.wav"]
    assert expand_sources([str(tmp_path / "*.wav")]) == [tmp_path / "b.wav"]
    assert expand_sources(["https://x.example/a.mp3"]) == ["https://x.example/a.mp3"]
    with pytest.raises(InputError, match="only http"):
        expand_sources(["ftp://x/a.mp3"])
    with pytest.raises(InputError, match="no files match"):
        expand_sources([str(tmp_path / "*.flac")])
    assert json.dumps(SubmitOptions().to_json())
    assert check_local_file(MEDIA / "tone.mp3") > 0


def test_what_a_folder_holds_that_is_not_read_is_named(tmp_path: Path):
    from aai_tui.actions.batch import plan_batch

    folder = tmp_path / "calls"
    (folder / "more").mkdir(parents=True)
    write_wav(folder / "talk.wav", 1)
    (folder / "notes.txt").write_text("not audio")
    plan = plan_batch([str(folder)])
    assert [p.source for p in plan.sources] == [folder / "talk.wav"]
    assert [(Path(s.source).name, s.reason) for s in plan.skipped] == [
        ("more", "a folder inside: one level is read"),
        ("notes.txt", "not an audio or video file name"),
    ]
