"""(h) Freshness at volume: how soon a job's end reaches aai-tui's list, against the
official Python SDK's ``wait_for_completion`` on the same jobs, in the same run.

One simulator in its own process holds 10,000 processing jobs (long audio: they stay
active), with 0 or 100 ms added before every answer. The bench then submits 25 short
files with aai-tui's own submitter (so the journal knows their durations, as it does
for anything submitted with aai-tui) and starts, at once and side by side, two watchers
in their own processes and with their own keys:

- aai-tui: the dashboard's tracker (page of 25, 3 s interval, the journal's durations),
  timing the first page that shows each of the 25 ended;
- the SDK: one ``Transcript(id).wait_for_completion()`` per job in a thread each
  (its default 3 s polling interval), timing when each returns.

A job's end is the ``completed`` time the simulator reports; requests are counted from
the simulator's per-key rate-limit figure. Both clocks are this machine's.

    python -m bench.freshness [--active 10000] [--jobs 25] [--latency-ms 0 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import ROOT, describe, save, sim_process, table
from bench.idle import remaining

SDK_SCRIPT = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
import assemblyai as aai
aai.settings.base_url = sys.argv[1]
aai.settings.api_key = sys.argv[2]
ids = sys.argv[3:]

def wait(transcript_id):
    aai.Transcript(transcript_id=transcript_id).wait_for_completion()
    return transcript_id, time.time()

with ThreadPoolExecutor(len(ids)) as pool:
    print(json.dumps(dict(pool.map(wait, ids))))
"""


async def watch_with_tracker(base_url: str, key: str, journal: Path, ids: list[str]) -> None:
    """The aai-tui side: the dashboard's tracker, as the dashboard builds it."""
    from aai_tui.api.client import AssemblyAIClient
    from aai_tui.api.retry import RetryPolicy
    from aai_tui.journal import Journal
    from aai_tui.tracking.budget import RequestBudget
    from aai_tui.tracking.events import PageLoaded, TrackerEvent
    from aai_tui.tracking.tracker import Tracker

    client = AssemblyAIClient(key, base_url)
    wanted = set(ids)
    seen: dict[str, float] = {}

    def publish(event: TrackerEvent) -> None:
        if isinstance(event, PageLoaded):
            for item in event.page.transcripts:
                if item.id in wanted and item.status.is_terminal and item.id not in seen:
                    seen[item.id] = time.time()

    record = Journal(journal)
    tracker = Tracker(
        client.with_retry_policy(RetryPolicy(max_attempts=2, base_delay=0.5)),
        RequestBudget(client.rate_limits),
        publish,
        poll_interval=3.0,
        page_size=25,
        durations=record.durations_for,
    )
    task = asyncio.ensure_future(tracker.run())
    deadline = time.monotonic() + 600
    while len(seen) < len(wanted) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    tracker.stop()
    await task
    await client.aclose()
    record.close()
    print(json.dumps(seen), flush=True)


async def submit_own_jobs(base_url: str, journal: Path, folder: Path, count: int) -> list[str]:
    """``count`` short WAV files (20-140 s of audio) through aai-tui's submitter."""
    from aai_tui.actions.batch import PlannedSource
    from aai_tui.actions.submit import Submitter
    from aai_tui.api.client import AssemblyAIClient
    from aai_tui.journal import Journal
    from aai_tui.sim.content import silent_wav

    folder.mkdir(parents=True, exist_ok=True)
    checked: dict[Path, PlannedSource] = {}
    for i in range(count):
        seconds = 20 + (120 * i) // max(1, count - 1)
        path = folder / f"clip-{i:02d}.wav"
        path.write_bytes(silent_wav(seconds, rate=4000))
        checked[path] = PlannedSource(path, path.stat().st_size, float(seconds))
    client = AssemblyAIClient("key-submit", base_url)
    record = Journal(journal)
    try:
        _, outcomes = await Submitter(client, record).submit_batch(
            list(checked), {}, checked=checked
        )
    finally:
        await client.aclose()
        record.close()
    ids = [o.submission.transcript_id for o in outcomes if o.submission.transcript_id]
    if len(ids) != count:
        raise RuntimeError(f"only {len(ids)} of {count} submissions were created")
    return ids


def completed_at(base_url: str, ids: list[str]) -> dict[str, float]:
    """Each job's end, as the list endpoint reports it (the newest page holds them)."""
    import urllib.request

    request = urllib.request.Request(
        f"{base_url}/v2/transcript?limit=200", headers={"authorization": "key-end"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        items = {item["id"]: item for item in json.load(answer)["transcripts"]}
    return {
        i: datetime.fromisoformat(items[i]["completed"]).replace(tzinfo=UTC).timestamp()
        for i in ids
    }


def one_run(active: int, jobs: int, latency_ms: float, scratch: Path) -> dict[str, dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    journal = scratch / f"journal-{latency_ms:g}.sqlite3"
    with sim_process(
        "--active",
        str(active),
        "--concurrency",
        str(active + jobs + 100),
        "--latency-ms",
        str(latency_ms),
    ) as base_url:
        ids = asyncio.run(submit_own_jobs(base_url, journal, scratch / "clips", jobs))
        keys = {"aai-tui": f"key-aai-{latency_ms:g}", "SDK wait_for_completion": "key-sdk"}
        before = {name: remaining(base_url, key) for name, key in keys.items()}
        started = time.time()
        watchers = {
            "aai-tui": subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.freshness",
                    "--tracker-side",
                    base_url,
                    keys["aai-tui"],
                    str(journal),
                    *ids,
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            ),
            "SDK wait_for_completion": subprocess.Popen(
                [sys.executable, "-c", SDK_SCRIPT, base_url, keys["SDK wait_for_completion"], *ids],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            ),
        }
        seen = {}
        for name, proc in watchers.items():
            out, _ = proc.communicate(timeout=900)
            if proc.returncode:
                raise RuntimeError(f"{name} watcher failed")
            seen[name] = json.loads(out.strip().splitlines()[-1])
        elapsed = time.time() - started
        ends = completed_at(base_url, ids)
        results = {}
        for name, key in keys.items():
            lags = [seen[name][i] - ends[i] for i in ids if i in seen[name]]
            per_minute = (before[name] - remaining(base_url, key) - 1) / (elapsed / 60)
            results[name] = {
                **describe(lags),
                "missed": jobs - len(lags),
                "requests_per_minute": per_minute,
            }
    return results


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--tracker-side":
        base_url, key, journal, *ids = sys.argv[2:]
        asyncio.run(watch_with_tracker(base_url, key, Path(journal), ids))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--active", type=int, default=10_000, help="other processing jobs")
    parser.add_argument("--jobs", type=int, default=25, help="jobs watched (one page)")
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 100.0])
    args = parser.parse_args()
    rows = []
    summary: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="aai-fresh-") as scratch:
        for latency in args.latency_ms:
            results = one_run(args.active, args.jobs, latency, Path(scratch))
            summary[f"{latency:g} ms"] = results
            for name, figures in results.items():
                print(f"{latency:g} ms {name}: {json.dumps(figures)}", flush=True)
                rows.append(
                    [
                        f"{name}, {latency:g} ms",
                        f"{figures['p50']:.2f} s",
                        f"{figures['p95']:.2f} s",
                        f"{figures['requests_per_minute']:.0f}",
                    ]
                )
    print(
        table(
            [
                f"end to screen, {args.jobs} jobs among {args.active} active",
                "p50",
                "p95",
                "requests/min",
            ],
            rows,
        )
    )
    save("freshness", {"active": args.active, "jobs": args.jobs, "results": summary})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
