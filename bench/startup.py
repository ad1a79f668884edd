"""(c) Time to the first screen: aai-tui against a bare Textual app (header, table, footer).

Each run is a fresh process in its own pseudo-terminal (120x40), timed from launch
until the terminal has received the screen a user would see: for the bare app its
table, for ``aai-tui --base-url URL`` (the real entry point, with its config, log
and journal in private XDG folders) the dashboard, then the first page of
transcripts from the API. Exit costs are left out: the process is killed once seen.

    python -m bench.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile

from bench.common import ROOT, describe, save, sim_process, table
from bench.terminal import Terminal, terminal_env

SIZE = (40, 120)
BARE_TABLE = re.compile(r"file-24\.mp3")
DASHBOARD = re.compile(r"Transcripts · ")
FIRST_PAGE = re.compile(r"Transcripts · page 1 · [1-9]\d* shown")


def time_to_screen(command: list[str], wanted: re.Pattern[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` in a pseudo-terminal until ``wanted`` is on it."""
    terminal = Terminal(command, env, *SIZE)
    try:
        return terminal.wait_for(wanted.search) - terminal.started
    finally:
        terminal.kill()


def runs(count: int, command: list[str], wanted: re.Pattern[str]) -> dict[str, float]:
    times = []
    for _ in range(count):
        with tempfile.TemporaryDirectory(prefix="aai-bench-home-") as home:
            times.append(time_to_screen(command, wanted, terminal_env(home)))
    return describe(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # An installed aai-tui has its bytecode compiled by pip, as Textual's is; a checkout
    # may not (PYTHONDONTWRITEBYTECODE), so compile it first for a fair comparison.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "aai_tui")], check=True)
    bare_app = ["-m", "bench.bare_app"]
    with sim_process("--history", "500", "--active", "20") as base_url:
        aai = ["-m", "aai_tui", "--api-key", "bench-key", "--base-url", base_url]
        runs(1, bare_app, BARE_TABLE)  # warm the file cache for both
        runs(1, aai, FIRST_PAGE)
        bare = runs(args.runs, bare_app, BARE_TABLE)
        screen = runs(args.runs, aai, DASHBOARD)
        data = runs(args.runs, aai, FIRST_PAGE)
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
