"""(a) Requests per minute to keep N active jobs fresh: the tracker against per-job polling.

Per-job polling is what the SDK's wait_for_completion and most scripts do: one
GET /v2/transcript/{id} every 3 s for each job. The tracker learns every active
job's status from the list endpoint, 200 jobs a request.

    python -m bench.requests_per_minute [--window 30]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from aai_tui.api import AssemblyAIClient
from aai_tui.tracking.budget import RequestBudget
from aai_tui.tracking.tracker import Tracker
from bench.common import save, sim_process, table

INTERVAL = 3.0


async def tracker_rate(base_url: str, window: float) -> dict[str, float]:
    async with AssemblyAIClient("bench-key", base_url) as client:
        responses = 0

        def count(_snapshot: object) -> None:
            nonlocal responses
            responses += 1

        client.rate_limits.subscribe(count)
        budget = RequestBudget(client.rate_limits, default_limit=10**9)
        cycle_times: list[float] = []
        tracker = Tracker(client, budget, lambda event: None, poll_interval=INTERVAL)
        started = time.monotonic()
        while time.monotonic() - started < window:
            t0 = time.monotonic()
            delay = await tracker.cycle()
            cycle_times.append(time.monotonic() - t0)
            await asyncio.sleep(max(0.0, delay - cycle_times[-1]))
        elapsed = time.monotonic() - started
    period = max(INTERVAL, max(cycle_times))
    return {
        "requests": responses,
        "per_minute": responses * 60 / elapsed,
        "freshness_s": period,
        "cycles": len(cycle_times),
    }


async def per_job_rate(base_url: str, ids: list[str], window: float) -> dict[str, float]:
    async with AssemblyAIClient("bench-key", base_url) as client:
        requests = 0
        gaps: list[float] = []
        stop = time.monotonic() + window

        async def poll(transcript_id: str) -> None:
            nonlocal requests
            last = None
            while time.monotonic() < stop:
                await client.get_transcript(transcript_id)
                requests += 1
                now = time.monotonic()
                if last is not None:
                    gaps.append(now - last)
                last = now
                await asyncio.sleep(INTERVAL)

        started = time.monotonic()
        await asyncio.gather(*(poll(i) for i in ids))
        elapsed = time.monotonic() - started
    return {
        "requests": requests,
        "per_minute": requests * 60 / elapsed,
        "freshness_s": sum(gaps) / len(gaps) if gaps else float("nan"),
    }


async def active_ids(base_url: str) -> list[str]:
    async with AssemblyAIClient("bench-key", base_url) as client:
        ids: list[str] = []
        for status in ("processing", "queued"):
            before = None
            while True:
                page = await client.list_transcripts(limit=200, status=status, before_id=before)
                ids += [t.id for t in page.transcripts]
                before = page.page_details.older_cursor
                if before is None:
                    break
        return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=float, default=30.0)
    args = parser.parse_args()
    rows = []
    results = {}
    for n in (100, 1000):
        with sim_process("--active", str(n), "--concurrency", "200") as base_url:
            ids = asyncio.run(active_ids(base_url))
            ours = asyncio.run(tracker_rate(base_url, args.window))
            theirs = asyncio.run(per_job_rate(base_url, ids, args.window))
        # Per-job polling at equal (3 s) freshness needs N GETs every 3 s, whatever this
        # machine managed to send; both figures are printed.
        needed = n * 60 / INTERVAL
        ratio = needed / ours["per_minute"]
        results[str(n)] = {
            "aai_tui": ours,
            "per_job_polling_measured": theirs,
            "per_job_polling_at_3s": needed,
            "ratio": ratio,
        }
        rows.append(
            [
                n,
                f"{ours['per_minute']:.0f}",
                f"{ours['freshness_s']:.1f} s",
                f"{needed:.0f}",
                f"{theirs['per_minute']:.0f} @ {theirs['freshness_s']:.1f} s",
                f"{ratio:.0f}x",
            ]
        )
    print(
        table(
            [
                "active jobs",
                "aai-tui req/min",
                "aai-tui freshness",
                "per-job req/min @ 3 s",
                "per-job measured",
                "fewer requests",
            ],
            rows,
        )
    )
    print(f"saved {save('requests_per_minute', {'window_s': args.window, 'results': results})}")


if __name__ == "__main__":
    main()
