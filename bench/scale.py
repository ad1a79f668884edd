"""(d) 10,000 transcripts, 1,000 active: peak memory and key-press latency of the dashboard.

The simulator runs in its own process; the dashboard runs headless in this one,
so the peak RSS measured is the dashboard's. Latency is from a key press to the
screen having processed it and refreshed (Pilot's press, then pause).

    python -m bench.scale [--presses 300]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from pathlib import Path

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from bench.common import describe, save, sim_process, table


async def drive(base_url: str, presses: int) -> dict:
    app = AaiTuiApp(
        Settings(page_size=200, poll_interval=3.0),
        api=AssemblyAIClient("bench-key", base_url),
        endpoint_label=base_url,
        config_path=Path("/nonexistent/config.toml"),
    )
    latencies: list[float] = []
    async with app.run_test(size=(160, 50)) as pilot:
        table_widget = app.screen.query_one(TranscriptTable)
        while table_widget.row_count == 0:
            await pilot.pause(0.05)
        keys = ["j"] * 40 + ["k"] * 20 + ["right_square_bracket", "left_square_bracket"]
        started = time.monotonic()
        for i in range(presses):
            key = keys[i % len(keys)]
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            latencies.append((time.perf_counter() - t0) * 1000)
        elapsed = time.monotonic() - started
        cycles = app.screen.tracker.cycles
    return {"latency_ms": describe(latencies), "tracker_cycles": cycles, "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args()
    with sim_process("--history", "9000", "--active", "1000", "--concurrency", "200") as url:
        figures = asyncio.run(drive(url, args.presses))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_rss_mb"] = peak_mb
    lat = figures["latency_ms"]
    print(
        table(
            ["transcripts", "active", "key p50", "key p95", "peak RSS", "targets"],
            [
                [
                    10_000,
                    1_000,
                    f"{lat['p50']:.1f} ms",
                    f"{lat['p95']:.1f} ms",
                    f"{peak_mb:.0f} MB",
                    "p95 < 50 ms, RSS < 150 MB",
                ]
            ],
        )
    )
    print(f"saved {save('scale', figures)}")


if __name__ == "__main__":
    main()
