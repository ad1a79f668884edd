"""(b) From a job turning terminal on the server to the dashboard's tracker showing it.

Jobs finish on the simulator's real clock; the tracker polls every 3 s. For each
job, latency = the moment the tracker published it as ended − the server's
``completed`` time (same machine, same clock).

    python -m bench.terminal_latency [--jobs 100]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from aai_tui.api import AssemblyAIClient
from aai_tui.tracking.budget import RequestBudget
from aai_tui.tracking.events import PageLoaded, TranscriptLoaded
from aai_tui.tracking.tracker import Tracker
from bench.common import describe, save, sim_process, table

POLL = 3.0


async def measure(base_url: str, jobs: int, window: float) -> list[float]:
    seen_ended: dict[str, float] = {}
    async with AssemblyAIClient("bench-key", base_url) as client:
        budget = RequestBudget(client.rate_limits, default_limit=10**9)

        def publish(event: object) -> None:
            now = time.time()
            if isinstance(event, TranscriptLoaded) and event.transcript.status.is_terminal:
                seen_ended.setdefault(event.transcript.id, now)
            elif isinstance(event, PageLoaded):
                for item in event.page.transcripts:
                    if item.status.is_terminal:
                        seen_ended.setdefault(item.id, now)

        tracker = Tracker(client, budget, publish, poll_interval=POLL, page_size=jobs)
        runner = asyncio.create_task(tracker.run())
        await asyncio.sleep(window)
        tracker.stop()
        await runner
        completed: dict[str, float] = {}
        page = await client.list_transcripts(limit=200)
        for item in page.transcripts:
            if item.completed is not None:
                completed[item.id] = item.completed.timestamp()
    first_seen_after_start = [seen_ended[i] - completed[i] for i in completed if i in seen_ended]
    return [max(0.0, latency) for latency in first_seen_after_start]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--window", type=float, default=45.0)
    args = parser.parse_args()
    # Jobs of 60-300 s of audio at 10x finish spread over the first ~9 s ... 90 s.
    with sim_process(
        "--active",
        str(args.jobs),
        "--concurrency",
        "200",
        "--speed",
        "10",
        "--active-seconds",
        "60",
        "300",
    ) as base_url:
        latencies = asyncio.run(measure(base_url, args.jobs, args.window))
    stats = describe(latencies)
    print(
        table(
            ["jobs ended", "p50", "p95", "max", "target p95"],
            [
                [
                    stats["n"],
                    f"{stats['p50']:.2f} s",
                    f"{stats['p95']:.2f} s",
                    f"{stats['max']:.2f} s",
                    f"< {POLL + 1:.0f} s",
                ]
            ],
        )
    )
    print(f"saved {save('terminal_latency', {'poll_interval_s': POLL, 'latency_s': stats})}")


if __name__ == "__main__":
    main()
