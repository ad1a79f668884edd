"""A hostile API: 5xx, 429, dropped connections (some after the job was created), slow
answers, jobs failing server-side. Every submission must end as exactly one transcript.

CI runs the short version; ``pytest -m slow tests/reliability`` runs the long one.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from aai_tui.actions.export import ExportError, export_transcript
from aai_tui.actions.inputs import SubmitOptions
from aai_tui.actions.submit import Submitter
from aai_tui.api import AssemblyAIClient, RetryPolicy
from aai_tui.journal import Journal, SubmissionState
from aai_tui.sim.faults import PROFILES
from tests.helpers import running_sim, write_wav

KEY = "chaos-secret-key-7f3a9c"


async def run_chaos(tmp_path: Path, files: int) -> None:
    audio = [write_wav(tmp_path / f"chaos-{i:02d}.wav", 1 + i % 3) for i in range(files)]
    journal = Journal(tmp_path / "journal.sqlite3")
    with running_sim(faults="chaos", seed=11, concurrency=5) as sim:
        policy = RetryPolicy(max_attempts=6, base_delay=0.01, max_delay=0.05, rng=random.Random(3))
        async with AssemblyAIClient(KEY, sim.base_url, retry_policy=policy) as client:
            submitter = Submitter(
                client,
                journal,
                retry_policy=RetryPolicy(
                    max_attempts=10**6, base_delay=0.01, max_delay=0.05, rng=random.Random(4)
                ),
                deadline=300,
            )
            params = SubmitOptions().to_params()
            _, outcomes = await submitter.submit_batch(audio, params, parallel_uploads=4)
            assert len(outcomes) == files
            # Nobody finishes anything by hand: the batch ends by itself.
            assert all(o.ok for o in outcomes), [o.submission.error for o in outcomes if not o.ok]
            assert journal.unfinished(sim.base_url) == []
            sim.clock.advance(10_000)
            # Faults off: the server's truth, and the journal, must agree exactly.
            sim.server.faults.profile = PROFILES["none"]
            rows = journal.all()
            jobs = {j.id: j for j in sim.engine.jobs()}
            created = [r for r in rows if r.state is SubmissionState.CREATED]
            assert len(created) == files, [
                r.error for r in rows if r.state is not SubmissionState.CREATED
            ]
            assert sorted(r.transcript_id for r in created) == sorted(jobs)
            by_upload = {}
            for job in jobs.values():
                assert job.audio_url not in by_upload, "a submission was created twice"
                by_upload[job.audio_url] = job.id
            # Every export either succeeds or says clearly why not.
            sim.server.faults.profile = PROFILES["chaos"]
            for row in created[:10]:
                try:
                    result = await export_transcript(
                        client, row.transcript_id, "srt", tmp_path / "exports"
                    )
                    assert result.path.read_text().startswith("1\n")
                except ExportError as error:
                    assert str(error).strip() and "\n" not in str(error)
    journal.close()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in written:
        assert KEY.encode() not in path.read_bytes(), f"the key leaked into {path}"


async def test_chaos_short(tmp_path: Path):
    await asyncio.wait_for(run_chaos(tmp_path, files=50), timeout=120)


async def test_chaos_long(tmp_path: Path):
    """300 files through the services under chaos (under a minute): in CI."""
    await asyncio.wait_for(run_chaos(tmp_path, files=300), timeout=1800)
