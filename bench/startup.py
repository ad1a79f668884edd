"""(c) Time to the first screen: aai-tui against a bare Textual app (header, table, footer).

Each run is a fresh process in its own pseudo-terminal (120x40), timed from launch
until the terminal has received the screen a user would see: for the bare app its
table, for ``aai-tui --base-url URL`` (the real entry point, with its config, log
and journal in private XDG folders) the dashboard, then the first page of
transcripts from the API. Exit costs are left out: the process is killed once
seen. Runs alternate between the apps.

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
# The list's title drops its first word when the list is narrow: match what stays.
DASHBOARD = re.compile(r"page 1 · \d+ shown")
FIRST_PAGE = re.compile(r"page 1 · [1-9]\d* shown")


def time_to_screen(command: list[str], wanted: re.Pattern[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` in a pseudo-terminal until ``wanted`` is on it."""
    terminal = Terminal(command, env, *SIZE)
    try:
        return terminal.wait_for(wanted.search) - terminal.started
    finally:
        terminal.kill()


def one_run(command: list[str], wanted: re.Pattern[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="aai-bench-home-") as home:
        return time_to_screen(command, wanted, terminal_env(home))


def alternating(count: int, measures: dict[str, tuple[list[str], re.Pattern[str]]]) -> dict:
    """``count`` rounds, each running every measure once in turn, so a slow spell on
    the machine falls on all of them alike; figures per measure."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(count):
        for name, (command, wanted) in measures.items():
            times[name].append(one_run(command, wanted))
    return {name: describe(values) for name, values in times.items()}


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
        one_run(bare_app, BARE_TABLE)  # warm the file cache for both
        one_run(aai, FIRST_PAGE)
        measured = alternating(
            args.runs,
            {
                "bare": (bare_app, BARE_TABLE),
                "screen": (aai, DASHBOARD),
                "data": (aai, FIRST_PAGE),
            },
        )
        bare, screen, data = measured["bare"], measured["screen"], measured["data"]
    rows = [
        ["bare Textual (header, table, footer)", bare, ""],
        ["aai-tui, first screen", screen, "≤ 1.5"],
        ["aai-tui, first page of transcripts", data, ""],
    ]
    print(
        table(
            ["app", "p50", "p95", "p50 to bare", "p95 to bare", "target"],
            [
                [
                    name,
                    f"{d['p50']:.3f} s",
                    f"{d['p95']:.3f} s",
                    f"{d['p50'] / bare['p50']:.2f}",
                    f"{d['p95'] / bare['p95']:.2f}",
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
        "ratio_first_screen_p95": screen["p95"] / bare["p95"],
        "ratio_first_page": data["p50"] / bare["p50"],
    }
    print(f"saved {save('startup', figures)}")


if __name__ == "__main__":
    main()
