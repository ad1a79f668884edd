"""A job is resubmitted once: planning again (the same group, after a restart, from a
second aai-tui on the same journal) leaves out what was sent already, naming the job
that repeats it. A resubmission the server refused made nothing, so it does not count."""

from __future__ import annotations

from pathlib import Path

from aai_tui.actions.resubmit import plan_resubmit, run_resubmit
from aai_tui.actions.submit import Submitter
from aai_tui.api import AssemblyAIClient
from aai_tui.api.models import Transcript
from aai_tui.journal import Journal, SubmissionState
from tests.helpers import SPEECH_MODELS, LiveSim, write_wav


async def an_ended_job(sim: LiveSim, client: AssemblyAIClient, tmp_path: Path) -> Transcript:
    """A short upload transcribed to its end."""
    url = await client.upload(write_wav(tmp_path / "call.wav", 2))
    created = await client.create_transcript({"audio_url": url, "speech_models": SPEECH_MODELS})
    sim.clock.advance(60)
    return await client.get_transcript(created.id)


async def test_a_job_resubmitted_once_is_left_out_of_every_later_plan(
    sim: LiveSim, client: AssemblyAIClient, journal: Journal, tmp_path: Path
):
    transcript = await an_ended_job(sim, client, tmp_path)

    plan = plan_resubmit([transcript], journal=journal, local_names={})
    (result,) = await run_resubmit(Submitter(client, journal), plan)
    assert result.ok and result.outcome is not None
    made = result.outcome.transcript_id
    assert made is not None and journal.by_transcript(made).resubmit_of == transcript.id

    # The same group again, here and from a second process on the same journal file.
    second = Journal(journal.path)
    try:
        for seen_by in (journal, second):
            again = plan_resubmit([transcript], journal=seen_by, local_names={})
            assert again.jobs == ()
            (left,) = again.left_out
            assert left.transcript_id == transcript.id
            assert left.reason == f"already resubmitted as {made[:8]}"
    finally:
        second.close()
    jobs_before = len(list(sim.engine.jobs()))
    await run_resubmit(Submitter(client, journal), again)
    assert len(list(sim.engine.jobs())) == jobs_before  # nothing sent


async def test_a_resubmission_the_server_refused_does_not_count(
    sim: LiveSim, client: AssemblyAIClient, journal: Journal, tmp_path: Path
):
    transcript = await an_ended_job(sim, client, tmp_path)
    refused = plan_resubmit([transcript], journal=journal, local_names={}).with_changes(
        {"speech_models": ["no-such-model"]}
    )
    (result,) = await run_resubmit(Submitter(client, journal), refused)
    assert not result.ok
    (sub,) = [s for s in journal.all() if s.resubmit_of == transcript.id]
    assert sub.state is SubmissionState.FAILED  # the server made no job
    plan = plan_resubmit([transcript], journal=journal, local_names={})
    assert [job.transcript_id for job in plan.jobs] == [transcript.id]
