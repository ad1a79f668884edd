"""The shell commands: aai-tui submit, export and pending, with --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aai_tui.cli import main
from aai_tui.journal import Journal, SubmissionState
from aai_tui.sim.clock import SystemClock
from tests.helpers import running_sim, write_wav


@pytest.fixture
def sim():
    # The server's real clock at 1000x: a 2 s file is done within a millisecond, so --wait
    # finds every job ended on its first look and never sleeps.
    with running_sim(clock=SystemClock(), speed=1000.0) as live:
        yield live


def run_json(capsys, sim, *args: str) -> tuple[int, dict]:
    code = main(["--base-url", sim.base_url, "--api-key", "cli-key-123", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_submit_wait_json(sim, capsys, tmp_path: Path):
    files = [write_wav(tmp_path / f"c{i}.wav", 2) for i in range(3)]
    (tmp_path / "readme.txt").write_text("not audio")
    code, doc = run_json(capsys, sim, "submit", str(files[0]), str(files[1]), str(files[2]))
    assert code == 0
    assert [s["state"] for s in doc["submissions"]] == ["created"] * 3
    ids = [s["transcript_id"] for s in doc["submissions"]]
    assert {j.id for j in sim.engine.jobs()} == set(ids)
    code, doc = run_json(capsys, sim, "submit", str(files[0]), "--wait")
    assert code == 0
    (only,) = doc["submissions"]
    assert only["status"] == "completed"


def test_submit_reports_bad_files_and_exits_non_zero(sim, capsys, tmp_path: Path):
    bad = tmp_path / "readme.txt"
    bad.write_text("not audio")
    good = write_wav(tmp_path / "good.wav", 1)
    code, doc = run_json(capsys, sim, "submit", str(good), str(bad))
    assert code == 1
    ok, refused = doc["submissions"]
    assert ok["state"] == "created"
    assert refused["state"] == "failed" and "does not look like audio" in refused["error"]
    assert len(list(sim.engine.jobs())) == 1
    # Nothing at all can be sent: one line, exit 2, and nothing journaled.
    assert main(["--base-url", sim.base_url, "--api-key", "k", "submit", str(bad)]) == 2
    assert "does not look like audio" in capsys.readouterr().err
    assert len(Journal().all()) == 2


def test_export_json_every_format(sim, capsys, tmp_path: Path):
    code, doc = run_json(capsys, sim, "submit", str(write_wav(tmp_path / "e.wav", 3)))
    transcript_id = doc["submissions"][0]["transcript_id"]
    out = tmp_path / "out"
    for fmt in ("srt", "vtt", "txt", "json", "sentences", "paragraphs"):
        code, doc = run_json(capsys, sim, "export", transcript_id, "--format", fmt, "-o", str(out))
        assert code == 0, doc
        (result,) = doc["exports"]
        assert Path(result["path"]).name.startswith(f"e.{transcript_id[:8]}.")
        assert Path(result["path"]).stat().st_size == result["bytes"]
    code, doc = run_json(capsys, sim, "export", transcript_id, "--format", "srt", "-o", str(out))
    assert code == 1 and doc["exports"][0]["error"] == "exists"
    code, doc = run_json(capsys, sim, "export", "no-such-id", "--format", "txt", "-o", str(out))
    assert code == 1
    assert doc["exports"][0]["error"] == "Transcript lookup error, transcript id not found"


def test_pending_complete(sim, capsys, tmp_path: Path):
    audio = write_wav(tmp_path / "p.wav", 2)
    journal = Journal()
    journal.record(
        params={"speech_models": ["universal-2"]},
        endpoint=sim.base_url,
        local_path=audio,
        size=audio.stat().st_size,
    )
    journal.close()
    code, doc = run_json(capsys, sim, "pending")
    assert code == 0 and doc["pending"][0]["state"] == "recorded"
    code, doc = run_json(capsys, sim, "pending", "--complete")
    assert doc["pending"][0]["state"] == "created"
    assert len(list(sim.engine.jobs())) == 1
    assert Journal().all()[0].state is SubmissionState.CREATED


def test_read_only_refuses_submit(sim, capsys, tmp_path: Path):
    code = main(
        [
            "--read-only",
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "submit",
            str(write_wav(tmp_path / "r.wav", 1)),
        ]
    )
    assert code == 2
    assert "read-only mode: submit is turned off" in capsys.readouterr().err


def test_no_key_is_one_clear_line(capsys, tmp_path: Path):
    assert main(["export", "x", "--format", "txt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("aai-tui: no API key") and "\n" not in err
