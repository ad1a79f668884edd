"""(i) An hour of ``aai-tui --demo``: RSS, CPU and key latency, minute by minute.

The real ``aai-tui --demo`` (its own simulator in the same process, new jobs arriving
every 4 s) in a 160x40 pseudo-terminal. Each minute, ``j``/``k`` is pressed every
3 s, each press timed from the key to the terminal receiving the newly selected job's
detail pane; at the end of the minute the process's RSS (``/proc``) and the CPU it
used in that minute are read. The verdict compares the RSS of the last minute with
the first one after a warm-up (target: under 5% growth).

    python -m bench.soak [--minutes 60] [--warmup 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from bench.common import describe, save, table
from bench.scale import press, shown_id
from bench.terminal import Terminal, terminal_env

SIZE = (40, 160)  # wide enough that the detail pane shows the id on one line
PRESS_EVERY = 3.0


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=2, help="minutes left out of the verdict")
    args = parser.parse_args()
    minutes: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="aai-soak-") as home:
        terminal = Terminal(["-m", "aai_tui", "--demo"], terminal_env(home), *SIZE)
        try:
            terminal.wait_for(lambda text: shown_id(text) is not None, timeout=60)
            keys = ["j", "j", "k", "k"]
            presses = 0
            unanswered = 0
            for minute in range(1, args.minutes + 1):
                # New jobs push the selected one down the page (the selection stays on
                # its job): each minute starts again from near the top, off the first
                # row, so that both j and k always have somewhere to go.
                for key in ["g", "j", "j", "j"]:
                    terminal.send(key)
                    terminal.drain(0.3)
                current = shown_id(terminal.seen) or ""
                cpu_before, wall_before = terminal.cpu_seconds(), time.perf_counter()
                end = wall_before + 60
                latencies = []
                while time.perf_counter() < end - PRESS_EVERY:
                    try:
                        latencies.append(press(terminal, keys[presses % len(keys)], current))
                    except RuntimeError:  # nothing new within 20 s: counted, not hidden
                        unanswered += 1
                        latencies.append(20_000.0)
                    presses += 1
                    current = shown_id(terminal.seen) or current
                    terminal.drain(PRESS_EVERY)
                terminal.drain(max(0.0, end - time.perf_counter()))
                cpu = terminal.cpu_seconds() - cpu_before
                wall = time.perf_counter() - wall_before
                lat = describe(latencies)
                row = {
                    "minute": minute,
                    "rss_mb": rss_mb(terminal.pid),
                    "cpu_percent": 100 * cpu / wall,
                    "key_p50_ms": lat["p50"],
                    "key_p95_ms": lat["p95"],
                    "key_max_ms": max(latencies),
                    "unanswered_presses": unanswered,
                }
                minutes.append(row)
                print(
                    f"minute {minute:3d}: RSS {row['rss_mb']:.1f} MB, CPU "
                    f"{row['cpu_percent']:.2f}%, key p50 {row['key_p50_ms']:.1f} ms, "
                    f"p95 {row['key_p95_ms']:.1f} ms, max {row['key_max_ms']:.0f} ms",
                    flush=True,
                )
        finally:
            terminal.kill()
    settled = minutes[min(args.warmup, len(minutes) - 1) :]
    first, last = settled[0]["rss_mb"], settled[-1]["rss_mb"]
    growth = 100 * (last - first) / first
    keys_p95 = describe([m["key_p95_ms"] for m in settled])
    print(
        table(
            ["minutes", "RSS first → last", "growth", "CPU p50", "key p95 (median minute)"],
            [
                [
                    f"{len(settled)} (after {args.warmup} of warm-up)",
                    f"{first:.1f} → {last:.1f} MB",
                    f"{growth:+.1f}% (target < 5%)",
                    f"{describe([m['cpu_percent'] for m in settled])['p50']:.2f}%",
                    f"{keys_p95['p50']:.1f} ms",
                ]
            ],
        )
    )
    save("soak", {"minutes": minutes, "rss_growth_percent": growth})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
