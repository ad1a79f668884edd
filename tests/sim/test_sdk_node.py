"""The official AssemblyAI Node SDK (npm ``assemblyai``) against the simulator.

Runs when ``node`` and ``npm`` are on the PATH: the pinned package (tests/node/) is
installed into tests/node/node_modules on first use (git-ignored) and reused after.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from aai_tui.media import probe
from aai_tui.sim.clock import SystemClock
from tests.helpers import running_sim, write_wav

NODE_DIR = Path(__file__).resolve().parents[1] / "node"


@pytest.fixture(scope="module")
def node_sdk() -> Path:
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not on the PATH")
    if not (NODE_DIR / "node_modules" / "assemblyai").is_dir():
        result = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            pytest.skip(f"cannot install the npm assemblyai package: {result.stderr[-300:]}")
    return NODE_DIR


def test_the_node_sdk_does_everything_against_the_simulator(node_sdk, tmp_path):
    audio = write_wav(tmp_path / "call.wav", 8.0)
    with running_sim(clock=SystemClock(), speed=200.0) as sim:
        result = subprocess.run(
            ["node", str(node_sdk / "flow.mjs"), sim.base_url, str(audio), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == "completed", report["error"]
    assert report["speechModels"] == ["universal-3-5-pro", "universal-2"]
    assert report["speechModelUsed"] == "universal-3-5-pro"
    assert report["words"] > 5
    assert report["srt"] == "1\n" and report["vtt"] == "WEBVTT"
    assert report["sentences"] >= 1 and report["paragraphs"] >= 1
    assert report["wordSearch"] >= 1
    assert probe(tmp_path / "redacted.mp3").mime == "audio/mpeg"
    assert len(report["newest"]) == 2 and len(report["older"]) == 2
    assert set(report["newest"]).isdisjoint(report["older"])
    assert report["newer"] == report["newest"]
    assert report["deletedText"] == "Deleted by user."
