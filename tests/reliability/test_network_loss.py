"""The server vanishes mid-session and comes back: the header says so, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.paths import bundled_themes_dir
from aai_tui.sim.clock import ManualClock
from aai_tui.sim.server import SimConfig, SimServer
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.widgets.status_bar import StatusBar
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.ui.app_factory import next_cycle, wait_for


async def test_offline_then_back(tmp_path: Path):
    clock = ManualClock()
    first = SimServer(SimConfig(port=0, demo_data=True, seed=1), clock=clock)
    first.start_in_thread()
    port = int(first.base_url.rsplit(":", 1)[1])
    app = AaiTuiApp(
        Settings(poll_interval=3600),
        api=AssemblyAIClient("k", first.base_url),
        endpoint_label=first.base_url,
        config_path=tmp_path / "c.toml",
        theme_dirs=[(bundled_themes_dir(), "bundled")],
    )
    second = None
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
            table = app.screen.query_one(TranscriptTable)
            await wait_for(pilot, lambda: table.row_count > 0, tries=300)
            shown = set(table.rows_by_id)
            first.stop()
            await next_cycle(pilot, app)
            bar = app.screen.query_one(StatusBar)
            assert bar.state.offline_until is not None
            assert "offline, retrying in" in bar.render_state().plain
            assert set(table.rows_by_id) == shown  # nothing vanished from the screen
            second = SimServer(SimConfig(port=port), clock=clock)
            second.start_in_thread()
            await next_cycle(pilot, app)
            assert bar.state.offline_until is None
            assert "● live" in bar.render_state().plain
    finally:
        if second is not None:
            second.stop()
