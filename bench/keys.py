"""Key to screen against two bare Textual apps, timed the same way for all three.

Every program runs in a 120x40 pseudo-terminal. aai-tui is the real entry point
against a simulator in its own process whose 200 transcripts hold about 20,000
characters each, so every move puts a long transcript in the detail pane; the
bare app is the start-up yardstick (header, 25-row table, footer); the bare app
with a detail pane is the like-for-like one: the same table beside a plain pane
that shows the highlighted row's id and the first 3,000 of its 20,000 characters,
as aai-tui's pane does, so each press repaints a pane's worth of text. Each press of
the down arrow comes at a reading pace (0.6 to 1.2 s apart, after the screen is
quiet) and is timed from the key leaving the keyboard to the LAST byte of the
screen update it caused: output is read until it has been quiet for
``--quiet`` ms (with a detail pane, also until it names the new job). Runs
alternate between the programs.

    python -m bench.keys [--presses 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time

from bench.common import describe, save, sim_process, table
from bench.terminal import Terminal, terminal_env

SIZE = (40, 120)
DOWN = "\x1b[B"
SELECTED_ID = re.compile(r"ID\s+([0-9a-f]{8}-[0-9a-f]{4}-)")  # wraps in a narrow pane
#: Audio seconds of each transcript: about 20,000 characters of text.
SECONDS_FOR_20K_CHARACTERS = "1350"


def shown_id(text: str) -> str | None:
    found = SELECTED_ID.findall(text)
    return found[-1] if found else None


def until_quiet(terminal: Terminal, quiet: float, timeout: float = 10.0) -> float:
    """Read until nothing has come for ``quiet`` seconds; the time the last byte came."""
    last = time.perf_counter()
    deadline = last + timeout
    while time.perf_counter() < deadline:
        if terminal.read(quiet):
            last = time.perf_counter()
        elif time.perf_counter() - last >= quiet:
            return last
    raise RuntimeError(f"the screen never settled; last output: {terminal.seen[-300:]!r}")


def press(terminal: Terminal, quiet: float, *, wait_for_id: bool) -> float:
    """Milliseconds from the key to the last byte of the update it caused."""
    before = shown_id(terminal.seen)
    sent = time.perf_counter()
    terminal.send(DOWN)
    terminal.wait_for(lambda text: bool(text))  # something answers the key
    if wait_for_id:
        terminal.wait_for(lambda _: shown_id(terminal.seen) not in (None, before))
    return (until_quiet(terminal, quiet) - sent) * 1000


def run(program: str, base_url: str, presses: int, quiet: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="aai-keys-home-") as home:
        if program == "aai-tui":
            args = ["-m", "aai_tui", "--api-key", "keys-bench", "--base-url", base_url]
            ready = re.compile(r"page 1 · 25 shown")
        elif program == "detail":
            args = ["-m", "bench.bare_app", "--detail"]
            ready = re.compile(r"file-24\.mp3")
        else:
            args = ["-m", "bench.bare_app"]
            ready = re.compile(r"file-24\.mp3")
        terminal = Terminal(args, terminal_env(home), *SIZE)
        try:
            terminal.wait_for(lambda text: ready.search(text) is not None)
            terminal.drain(8.0)  # the first cycles: the rows' summaries and durations
            times = []
            for _ in range(presses):
                until_quiet(terminal, quiet)
                terminal.drain(rng.uniform(0.6, 1.2))  # reading
                times.append(press(terminal, quiet, wait_for_id=program != "bare"))
        finally:
            terminal.kill()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=20, help="per program and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=80.0, help="ms of silence that ends a frame")
    args = parser.parse_args()
    quiet = args.quiet / 1000
    programs = (
        ("bare Textual app", "bare"),
        ("bare app with a detail pane", "detail"),
        ("aai-tui", "aai-tui"),
    )
    results: dict[str, list[float]] = {name: [] for name, _ in programs}
    with sim_process(
        "--history", "200", "--history-seconds", *[SECONDS_FOR_20K_CHARACTERS] * 2
    ) as base_url:
        for n in range(args.runs):
            for name, program in programs:
                times = run(program, base_url, args.presses, quiet, seed=n)
                results[name] += times
                p50 = describe(times)["p50"]
                print(f"run {n + 1} {name}: p50 {p50:.1f} ms", flush=True)
    figures = {name: describe(times) for name, times in results.items()}
    ours = figures["aai-tui"]
    rows = [
        [name, f"{f['p50']:.1f} ms", f"{f['p95']:.1f} ms", f"{f['max']:.0f} ms"]
        for name, f in figures.items()
    ]
    for name in ("bare Textual app", "bare app with a detail pane"):
        base = figures[name]
        rows.append(
            [
                f"aai-tui / {name}",
                f"{ours['p50'] / base['p50']:.2f}x",
                f"{ours['p95'] / base['p95']:.2f}x",
                "",
            ]
        )
    print(table(["key to screen (down arrow)", "p50", "p95", "max"], rows))
    print(f"saved {save('keys', {'quiet_ms': args.quiet, 'results': figures})}")


if __name__ == "__main__":
    main()
