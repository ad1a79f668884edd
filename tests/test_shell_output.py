"""The shell commands: ids as the dashboard shows them, file names beside ids, and
untrusted text printed literally."""

from __future__ import annotations

import time

import httpx
import pytest

from aai_tui.cli import main
from aai_tui.sim.faults import PROFILES
from tests.helpers import running_sim, write_wav


@pytest.fixture
def sim():
    with running_sim() as live:
        yield live


def _create(sim, **params) -> str:
    response = httpx.post(
        f"{sim.base_url}/v2/transcript",
        json={"audio_url": "https://example.com/a.mp3", **params},
        headers={"authorization": "k"},
        trust_env=False,
    )
    return response.json()["id"]


def test_export_takes_the_8_character_id_the_dashboard_shows(sim, tmp_path, capsys):
    wav = write_wav(tmp_path / "call.wav", 3)
    assert main(["--base-url", sim.base_url, "--api-key", "k", "submit", str(wav)]) == 0
    (job,) = sim.engine.jobs()
    sim.clock.advance(1000)
    capsys.readouterr()
    code = main(
        [
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "export",
            job.id[:8],
            "--format",
            "txt",
            "-o",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out" / f"call.{job.id[:8]}.txt").exists()


def test_an_id_prefix_only_the_server_knows_is_found_there(sim, tmp_path, capsys):
    transcript_id = _create(sim)
    sim.clock.advance(1000)
    code = main(
        [
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "export",
            transcript_id[:8],
            "--format",
            "json",
            "-o",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr()
    assert code != 0  # the audio never downloaded: the API's message, not a lookup error
    assert "no transcript id starts" not in out.out + out.err


def test_an_unknown_prefix_is_one_line(sim, capsys):
    code = main(
        ["--base-url", sim.base_url, "--api-key", "k", "export", "ffffffff", "--format", "txt"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == ["aai-tui: ffffffff: no transcript id starts with this"]


def test_submit_wait_names_each_file_beside_its_id(tmp_path, capsys):
    from aai_tui.sim.clock import SystemClock

    config = tmp_path / "config.toml"
    config.write_text("poll_interval = 0.5\n")
    wav = write_wav(tmp_path / "standup.wav", 3)
    with running_sim(clock=SystemClock(), speed=100.0) as live:
        code = main(
            [
                "--config",
                str(config),
                "--base-url",
                live.base_url,
                "--api-key",
                "k",
                "submit",
                "--wait",
                str(wav),
            ]
        )
        (job,) = live.engine.jobs()
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("standup.wav" in line and job.id in line and "completed" in line for line in lines)


def test_escape_sequences_in_api_text_never_reach_the_terminal(sim, tmp_path, capsys):
    hostile = "https://foo.bar/\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J.mp3"
    code = main(["--base-url", sim.base_url, "--api-key", "k", "submit", hostile])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]0;pwned" in text or code != 0


def test_wait_takes_a_limit_and_deadline_ends_retries(tmp_path, capsys):
    from aai_tui.sim.clock import SystemClock

    wav = write_wav(tmp_path / "slow.wav", 3)
    with running_sim(clock=SystemClock(), speed=0.001) as live:
        args = ["--base-url", live.base_url, "--api-key", "k", "submit"]
        started = time.monotonic()
        code = main([*args, "--wait=1s", str(wav)])
        assert time.monotonic() - started < 30
        assert code == 1
        assert "stopped waiting after 1 s" in capsys.readouterr().out
        live.server.faults.profile = PROFILES["outage"]
        started = time.monotonic()
        code = main([*args, "--deadline", "1s", str(wav)])
        assert time.monotonic() - started < 30
        out = capsys.readouterr().out
        assert code == 1
        assert "still failing after 1 s of retries" in out and "pending --complete" in out
        assert main([*args, "--deadline", "soon", str(wav)]) == 2
        assert "must be a duration such as 90s, 15m or 2h" in capsys.readouterr().err
