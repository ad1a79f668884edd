"""(d) 10,000 transcripts, 1,000 active: key-press latency and peak memory of the dashboard.

The simulator runs in its own process with 9,000 finished and 1,000 active jobs. The
dashboard is the real ``aai-tui`` in a 160x50 pseudo-terminal, 200 rows a page. Each
press of ``j``/``k`` is timed from the key leaving the keyboard to the terminal
receiving the detail pane of the newly selected job, the last thing a move updates.
Page changes (``]``/``[``) are timed the same way, though they wait on the API. Peak
RSS is the dashboard process's own, read when it is stopped.

    python -m bench.scale [--presses 300]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from bench.common import describe, save, sim_process, table
from bench.terminal import Terminal, terminal_env

SIZE = (50, 160)
SELECTED_ID = re.compile(r"ID\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
FIRST_PAGE = re.compile(r"page 1 · 200 shown")


def shown_id(text: str) -> str | None:
    found = SELECTED_ID.findall(text)
    return found[-1] if found else None


def press(terminal: Terminal, key: str, before: str) -> float:
    """Milliseconds from sending ``key`` until the detail pane shows another job."""
    terminal.drain(0)
    sent = time.perf_counter()
    terminal.send(key)
    arrived = terminal.wait_for(lambda text: shown_id(text) not in (None, before))
    return (arrived - sent) * 1000


def drive(base_url: str, presses: int) -> dict:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory(prefix="aai-bench-home-") as home:
        config = Path(home) / "config" / "aai-tui" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text("page_size = 200\npoll_interval = 3.0\n")
        terminal = Terminal(
            ["-m", "aai_tui", "--api-key", "bench-key", "--base-url", base_url],
            terminal_env(home),
            *SIZE,
        )
        try:
            terminal.wait_for(lambda text: FIRST_PAGE.search(text) is not None)
            terminal.drain(2.0)  # the first cycles: statuses of all 1,000 active jobs
            current = shown_id(terminal.seen)
            moves, pages = [], []
            keys = ["j"] * 40 + ["k"] * 20
            for i in range(presses):
                key = keys[i % len(keys)]
                elapsed = press(terminal, key, current or "")
                current = shown_id(terminal.seen)
                moves.append(elapsed)
                terminal.drain(rng.uniform(0.03, 0.12))  # a person's pace, off the beat
            for key in ["]", "["] * 5:
                pages.append(press(terminal, key, current or ""))
                current = shown_id(terminal.seen)
                terminal.drain(0.3)
        finally:
            peak_mb = terminal.kill()
    return {"latency_ms": describe(moves), "page_ms": describe(pages), "peak_rss_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args()
    with sim_process("--history", "9000", "--active", "1000", "--concurrency", "200") as url:
        figures = drive(url, args.presses)
    lat, page = figures["latency_ms"], figures["page_ms"]
    print(
        table(
            ["transcripts", "active", "j/k p50", "j/k p95", "page p50", "peak RSS", "targets"],
            [
                [
                    10_000,
                    1_000,
                    f"{lat['p50']:.1f} ms",
                    f"{lat['p95']:.1f} ms",
                    f"{page['p50']:.0f} ms",
                    f"{figures['peak_rss_mb']:.0f} MB",
                    "p95 < 50 ms, RSS < 150 MB",
                ]
            ],
        )
    )
    print(f"saved {save('scale', figures)}")


if __name__ == "__main__":
    main()
