"""The tracker against the real simulator: a balance spent mid-run is seen as the
limit collapsing, as on AssemblyAI, and said once."""

from __future__ import annotations

from pathlib import Path

from aai_tui.api import AssemblyAIClient
from aai_tui.tracking.budget import RequestBudget
from aai_tui.tracking.events import CapacityDropped, JobCounts
from aai_tui.tracking.tracker import Tracker
from tests.helpers import SPEECH_MODELS, running_sim, write_wav


async def test_a_balance_spent_mid_run_is_said_as_the_limit_falling_to_1(tmp_path: Path):
    with running_sim(balance_hours=100 / 3600, concurrency=3) as live:
        async with AssemblyAIClient("capacity-test-key", live.base_url) as api:
            url = await api.upload(write_wav(tmp_path / "a.wav", 60))
            for _ in range(9):
                await api.create_transcript({"audio_url": url, "speech_models": SPEECH_MODELS})
            events: list[object] = []
            budget = RequestBudget(api.rate_limits, clock=live.clock)
            tracker = Tracker(api, budget, events.append, poll_interval=3.0, clock=live.clock)
            live.clock.advance(1.5)  # three start, six wait throttled
            for _ in range(3):
                await tracker.cycle()
                live.clock.advance(0.5)
            counts = [e for e in events if isinstance(e, JobCounts)]
            assert counts[-1].limit_seen == 3
            live.clock.advance(20)  # three ended: 180 s billed of a 100 s balance
            for _ in range(3):
                await tracker.cycle()
                live.clock.advance(0.5)
            assert [e for e in events if isinstance(e, CapacityDropped)] == [
                CapacityDropped(before=3, now=1)
            ]
