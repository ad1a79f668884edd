"""Proof, with the real entry point: one ``aai-tui submit`` of 200 files through the
simulator's chaos profile ends with exactly 200 transcripts and no duplicate, with no
user action; and the same with a second process working the same journal while the
first is killed with -9 and started again.

``scripts/kill_trials.py`` runs the long kill -9 loop by hand.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aai_tui.journal import Journal, SubmissionState
from aai_tui.sim.clock import SystemClock
from tests.helpers import running_sim, write_wav

KEY = "proof-key-5f1d2c"
FILES = 200


def _env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "HOME": str(home),
    }
    env.pop("ASSEMBLYAI_API_KEY", None)
    return env


def _aai_tui(base_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "aai_tui", "--base-url", base_url, "--api-key", KEY, *args]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "recordings"
    folder.mkdir()
    for i in range(FILES):
        write_wav(folder / f"call-{i:03d}.wav", 0.5, rate=4000)
    return folder


def _config(home: Path) -> None:
    (home / "config" / "aai-tui").mkdir(parents=True)
    (home / "config" / "aai-tui" / "config.toml").write_text(
        "poll_interval = 0.5\nconcurrency_limit = 100\n"
    )


def _settled(sim, home: Path) -> tuple[list, list]:
    journal = Journal(home / "data" / "aai-tui" / "journal.sqlite3")
    try:
        return journal.all(), list(sim.engine.jobs())
    finally:
        journal.close()


def _exactly_once(rows: list, jobs: list) -> None:
    created = [r for r in rows if r.state is SubmissionState.CREATED]
    left = [(r.display_name, r.state.value, r.error) for r in rows if r.state.open]
    assert not left, left
    assert len(created) == FILES, [r.error for r in rows if r.state is not SubmissionState.CREATED]
    ids = [r.transcript_id for r in created]
    assert len(set(ids)) == FILES, "two submissions hold the same job"
    assert sorted(ids) == sorted(job.id for job in jobs), "a job on the server no record holds"
    names = [r.display_name for r in created]
    assert len(set(names)) == FILES, "a file was submitted twice"


def test_one_submit_of_200_files_through_chaos_needs_no_one(tmp_path: Path):
    folder = _folder(tmp_path)
    home = tmp_path / "home"
    _config(home)
    with running_sim(
        clock=SystemClock(), faults="chaos", seed=5, concurrency=100, speed=500.0, api_key=KEY
    ) as sim:
        started = time.monotonic()
        result = subprocess.run(
            _aai_tui(sim.base_url, "submit", str(folder), "--parallel", "8"),
            env=_env(home),
            capture_output=True,
            text=True,
            timeout=600,
        )
        elapsed = time.monotonic() - started
        rows, jobs = _settled(sim, home)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-2000:])
    assert f"{FILES} of {FILES} submitted" in result.stdout
    _exactly_once(rows, jobs)
    print(f"200 files through chaos in {elapsed:.1f} s")


def test_two_processes_on_one_journal_with_one_killed_and_restarted(tmp_path: Path):
    folder = _folder(tmp_path)
    home = tmp_path / "home"
    _config(home)
    env = _env(home)
    with running_sim(
        clock=SystemClock(), faults="chaos", seed=9, concurrency=100, speed=500.0, api_key=KEY
    ) as sim:
        first = subprocess.Popen(
            _aai_tui(sim.base_url, "submit", str(folder), "--parallel", "4"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for_created(home, 20, first)
        # A second aai-tui finishing "pending" work while the first is busy with it.
        seconds = []
        while first.poll() is None and len(seconds) < 2:
            t = time.monotonic()
            second = subprocess.run(
                _aai_tui(sim.base_url, "pending", "--complete"),
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            seconds.append(time.monotonic() - t)
            assert "Traceback" not in second.stderr, second.stderr[-2000:]
            if len(seconds) == 1:  # the first one's batch is left to it, and said so
                assert "in progress in another aai-tui" in second.stdout
                assert second.returncode == 1
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # Started again: whatever the kill left is finished, once.
        for _ in range(5):
            restarted = subprocess.run(
                _aai_tui(sim.base_url, "pending", "--complete"),
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert "Traceback" not in restarted.stderr, restarted.stderr[-2000:]
            if restarted.returncode == 0:
                break
        rows, jobs = _settled(sim, home)
    _exactly_once(rows, jobs)


def _wait_for_created(home: Path, count: int, process: subprocess.Popen) -> None:
    path = home / "data" / "aai-tui" / "journal.sqlite3"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists():
            journal = Journal(path)
            try:
                rows = journal.all()
            finally:
                journal.close()
            if sum(1 for r in rows if r.state is SubmissionState.CREATED) >= count:
                return
        time.sleep(0.2)
    raise AssertionError("the first process never got going")


@pytest.mark.parametrize("unused", [None])
def test_the_kill_trial_script_runs(tmp_path: Path, unused):
    """The by-hand loop works (two short trials here)."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "kill_trials.py"
    result = subprocess.run(
        [sys.executable, str(script), "--trials", "2", "--files", "12", "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(tmp_path / "home"),
    )
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-2000:])
    assert "trials 2 · duplicates 0 · losses 0 · disagreements 0" in result.stdout
