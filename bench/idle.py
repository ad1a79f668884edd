"""(f) Left alone: CPU, requests a minute and bytes a second to the terminal, with
nothing queued or processing, against two baselines measured in the same run.

Every program runs in its own pseudo-terminal (120x40) against one simulator in its
own process (200 completed transcripts, nothing active): a bare Textual app (header,
table, footer), the same app polling the list endpoint every 3 s, and the real
``aai-tui --base-url`` entry point, with an empty journal and with ones of 10,000 and
100,000 rows
(``--journal-rows``). After 30 s (the first screen complete: aai-tui has read the
durations of the rows it shows by then), each is watched for ``--seconds``: CPU from
/proc, bytes it wrote to its terminal, and requests from the simulator's per-key
rate-limit count (each program has its own key). Runs alternate between programs.

    python -m bench.idle [--seconds 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import describe, save, sim_process, table
from bench.terminal import Terminal, terminal_env

SIZE = (40, 120)
WARM_UP = 30.0


def remaining(base_url: str, key: str) -> int:
    """The simulator's X-RateLimit-Remaining for ``key`` (this request counts too)."""
    request = urllib.request.Request(
        f"{base_url}/v2/transcript?limit=1", headers={"authorization": key}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(answer.headers["x-ratelimit-remaining"])


def seed_journal(home: str, rows: int) -> None:
    """A journal with ``rows`` past submissions, as a long history leaves it."""
    if not rows:
        return
    from aai_tui.journal import Journal

    path = Path(home) / "data" / "aai-tui" / "journal.sqlite3"
    Journal(path).close()  # the schema
    db = sqlite3.connect(path)
    now = time.time()
    db.executemany(
        "INSERT INTO submissions (batch_id, local_path, size, params, endpoint, transcript_id, "
        "state, created_at, updated_at) VALUES (?, ?, 1, '{}', 'e', ?, 'created', ?, ?)",
        (
            (f"b{i // 100}", f"/calls/{i}.wav", f"{i:08x}-0000-4000-8000-{i:012x}", now, now)
            for i in range(rows)
        ),
    )
    db.commit()
    db.close()


def watch(command: list[str], env: dict[str, str], base_url: str, key: str, seconds: float):
    terminal = Terminal(command, env, *SIZE)
    try:
        terminal.drain(WARM_UP)
        before = remaining(base_url, key)
        cpu0, bytes0, t0 = terminal.cpu_seconds(), terminal.bytes_read, time.perf_counter()
        terminal.drain(seconds)
        elapsed = time.perf_counter() - t0
        cpu = terminal.cpu_seconds() - cpu0
        written = terminal.bytes_read - bytes0
        after = remaining(base_url, key)
    finally:
        terminal.kill()
    requests = max(0, before - after - 1)
    return {
        "cpu_percent": 100 * cpu / elapsed,
        "requests_per_minute": requests * 60 / elapsed,
        "bytes_per_second": written / elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--journal-rows",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[10_000, 100_000],
        help="sizes of the journal runs, comma-separated (an empty journal always runs)",
    )
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {}
    with sim_process("--history", "200") as base_url:
        programs = {
            "bare app": (["-m", "bench.bare_app"], "key-bare", 0),
            "bare app polling every 3 s": (
                ["-m", "bench.bare_app", base_url, "key-polling"],
                "key-polling",
                0,
            ),
            "aai-tui, empty journal": (
                ["-m", "aai_tui", "--base-url", base_url, "--api-key", "key-aai"],
                "key-aai",
                0,
            ),
            **{
                f"aai-tui, journal of {rows:,}": (
                    ["-m", "aai_tui", "--base-url", base_url, "--api-key", f"key-aai-{rows}"],
                    f"key-aai-{rows}",
                    rows,
                )
                for rows in args.journal_rows
            },
        }
        for run in range(args.runs):
            for name, (command, key, rows) in programs.items():
                with tempfile.TemporaryDirectory(prefix="aai-idle-") as home:
                    seed_journal(home, rows)
                    figures = watch(command, terminal_env(home), base_url, key, args.seconds)
                results.setdefault(name, []).append(figures)
                print(f"run {run + 1} {name}: {json.dumps(figures)}", flush=True)
    rows_out = []
    summary: dict[str, dict[str, float]] = {}
    for name, runs in results.items():
        medians = {
            metric: describe([r[metric] for r in runs])["p50"]
            for metric in ("cpu_percent", "requests_per_minute", "bytes_per_second")
        }
        summary[name] = medians
        rows_out.append(
            [
                name,
                f"{medians['cpu_percent']:.2f}%",
                f"{medians['requests_per_minute']:.0f}",
                f"{medians['bytes_per_second']:,.0f}",
            ]
        )
    print(table(["left alone (medians)", "CPU", "requests/min", "bytes/s to terminal"], rows_out))
    save("idle", {"seconds": args.seconds, "runs": args.runs, "results": summary})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
