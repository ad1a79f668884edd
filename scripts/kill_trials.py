"""kill -9 trials, by hand: submit a folder with the real entry point through the
simulator's chaos profile, kill the process at a random moment once the batch is in
its journal, finish with
``aai-tui pending --complete`` (as the next start would), and compare the journal with
the server. Prints one line of totals; exits 1 when anything was duplicated, lost, or
the two disagree.

    python scripts/kill_trials.py --trials 50 --files 30

Trials are slow (each starts processes); CI runs two short ones.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aai_tui.journal import Journal, SubmissionState  # noqa: E402
from aai_tui.sim.clock import SystemClock  # noqa: E402
from aai_tui.sim.content import silent_wav  # noqa: E402
from aai_tui.sim.server import SimConfig, SimServer  # noqa: E402

KEY = "kill-trial-key"


@dataclass
class Tally:
    trials: int = 0
    duplicates: int = 0
    losses: int = 0
    disagreements: int = 0

    def line(self) -> str:
        return (
            f"trials {self.trials} · duplicates {self.duplicates} · losses {self.losses} · "
            f"disagreements {self.disagreements}"
        )


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env.pop("ASSEMBLYAI_API_KEY", None)
    return env


def _cli(base_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "aai_tui", "--base-url", base_url, "--api-key", KEY, *args]


def _wait_for_journal(home: Path, process: subprocess.Popen[bytes]) -> None:
    path = home / "data" / "aai-tui" / "journal.sqlite3"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists():
            journal = Journal(path)
            try:
                if journal.all():
                    return
            finally:
                journal.close()
        time.sleep(0.05)


def trial(number: int, files: int, workdir: Path, rng: random.Random, tally: Tally) -> None:
    home = workdir / f"trial-{number:03d}"
    folder = home / "audio"
    folder.mkdir(parents=True)
    (home / "config" / "aai-tui").mkdir(parents=True)
    (home / "config" / "aai-tui" / "config.toml").write_text(
        "poll_interval = 0.5\nconcurrency_limit = 100\n"
    )
    for i in range(files):
        (folder / f"t{i:03d}.wav").write_bytes(silent_wav(0.5 + i % 3, rate=4000))
    server = SimServer(
        SimConfig(
            port=0,
            faults="chaos",
            seed=number,
            concurrency=100,
            speed=500.0,
            api_key=KEY,
        ),
        clock=SystemClock(),
    )
    server.start_in_thread()
    env = _env(home)
    try:
        submit = subprocess.Popen(
            _cli(server.base_url, "submit", str(folder)),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Killed at a random moment after the batch is in the journal: a kill before
        # that (a slow start on a busy machine) would leave nothing to test.
        _wait_for_journal(home, submit)
        time.sleep(rng.uniform(0.0, 2.8))
        if submit.poll() is None:
            submit.send_signal(signal.SIGKILL)
        submit.wait(timeout=30)
        for _ in range(10):
            done = subprocess.run(
                _cli(server.base_url, "pending", "--complete"),
                env=env,
                capture_output=True,
                timeout=600,
            )
            if done.returncode == 0:
                break
        journal = Journal(home / "data" / "aai-tui" / "journal.sqlite3")
        rows = journal.all()
        journal.close()
        jobs = list(server.engine.jobs())
    finally:
        server.stop()
    by_url: dict[str, int] = {}
    for job in jobs:
        by_url[job.audio_url] = by_url.get(job.audio_url, 0) + 1
    created = [r for r in rows if r.state is SubmissionState.CREATED]
    names = {r.display_name for r in created}
    duplicates = sum(n - 1 for n in by_url.values() if n > 1)
    duplicates += len(created) - len(names)
    # Every file is a created job, or reported failed with its reason.
    reported = {r.display_name for r in rows if r.state is SubmissionState.FAILED and r.error}
    losses = files - len(names | reported)
    server_ids = {job.id for job in jobs}
    journal_ids = {r.transcript_id for r in created}
    disagreements = len(server_ids ^ journal_ids)
    tally.trials += 1
    tally.duplicates += duplicates
    tally.losses += losses
    tally.disagreements += disagreements
    print(
        f"trial {number}: {len(jobs)} jobs for {files} files, duplicates {duplicates}, "
        f"losses {losses}, disagreements {disagreements}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="aai-kill-") as scratch:
        workdir = args.workdir or Path(scratch)
        for number in range(1, args.trials + 1):
            trial(number, args.files, workdir, rng, tally)
    print(tally.line())
    return 0 if tally.duplicates == tally.losses == tally.disagreements == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
