"""Under the chaos profile the dashboard keeps running; once the faults stop, and any
Retry-After they asked for has passed, the screen matches the server within two poll
cycles."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.paths import bundled_themes_dir
from aai_tui.sim.faults import PROFILES
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.helpers import running_sim
from tests.ui.app_factory import next_cycle, wait_for


async def test_the_screen_converges_once_faults_stop(tmp_path: Path):
    now = [1000.0]  # the client's and the budget's clock: Retry-After passes at will

    def clock() -> float:
        return now[0]

    async def sleep(seconds: float) -> None:  # a retry's wait, on that clock
        now[0] += seconds
        await asyncio.sleep(0)

    with running_sim(faults="chaos", seed=5, demo_data=True) as sim:
        app = AaiTuiApp(
            Settings(poll_interval=3600, page_size=25),
            api=AssemblyAIClient("k", sim.base_url, clock=clock, sleep=sleep),
            monotonic=clock,
            endpoint_label=sim.base_url,
            config_path=tmp_path / "c.toml",
            theme_dirs=[(bundled_themes_dir(), "bundled")],
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), tries=300)
            for key in ("j", "j", "right_square_bracket", "left_square_bracket", "f", "f"):
                await pilot.press(key)
                sim.clock.advance(7)
                now[0] += 7
                await next_cycle(pilot, app)
            await pilot.press("f", "f", "f")  # back to all statuses
            assert app.is_running
            sim.server.faults.profile = PROFILES["none"]
            await next_cycle(pilot, app)  # a cycle begun under the faults ends first
            now[0] += 2  # the chaos profile's 429s ask for Retry-After: 1
            assert app.budget is not None and app.budget.wait_needed() == 0
            for _ in range(2):  # then two that began after them
                await next_cycle(pilot, app)
            table = app.screen.query_one(TranscriptTable)
            truth = httpx.get(
                f"{sim.base_url}/v2/transcript",
                params={"limit": 25},
                headers={"authorization": "k"},
                trust_env=False,
            ).json()
            expected = {t["id"]: t["status"] for t in truth["transcripts"]}
            shown = {row_id: row.status for row_id, row in table.rows_by_id.items()}
            assert shown == expected
