"""(c) Time to the first screen: aai-tui against a bare Textual app (header, table, footer).

Each run is a fresh process, timed from launch until it exits after its first full
screen (aai-tui: the first page of transcripts from the API).

    python -m bench.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.common import ROOT, describe, save, sim_process, table


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.startup_probe", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # An installed aai-tui has its bytecode compiled by pip, as Textual's is; a checkout
    # may not (PYTHONDONTWRITEBYTECODE), so compile it first for a fair comparison.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "aai_tui")], check=True)
    with sim_process("--history", "500", "--active", "20") as base_url:
        timed("bare")  # warm the file cache for all three
        timed("aai-screen", base_url)
        bare = describe([timed("bare") for _ in range(args.runs)])
        screen = describe([timed("aai-screen", base_url) for _ in range(args.runs)])
        data = describe([timed("aai-data", base_url) for _ in range(args.runs)])
    rows = [
        ["bare Textual (header, table, footer)", bare, ""],
        ["aai-tui, first screen", screen, "≤ 1.5"],
        ["aai-tui, first page of transcripts", data, ""],
    ]
    print(
        table(
            ["app", "p50", "p95", "ratio to bare", "target"],
            [
                [
                    name,
                    f"{d['p50']:.3f} s",
                    f"{d['p95']:.3f} s",
                    f"{d['p50'] / bare['p50']:.2f}",
                    target,
                ]
                for name, d, target in rows
            ],
        )
    )
    figures = {
        "bare_s": bare,
        "first_screen_s": screen,
        "first_page_s": data,
        "ratio_first_screen": screen["p50"] / bare["p50"],
        "ratio_first_page": data["p50"] / bare["p50"],
    }
    print(f"saved {save('startup', figures)}")


if __name__ == "__main__":
    main()
