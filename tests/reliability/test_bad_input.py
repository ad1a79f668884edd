"""Bad input of every kind gets one clear line, never a traceback, and loses nothing."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from aai_tui.actions.export import ExportError, write_atomically
from aai_tui.cli import main
from aai_tui.paths import config_file
from tests.helpers import file_server, running_sim, write_wav


@pytest.fixture
def sim():
    with running_sim(api_key="the-only-key") as live:
        yield live


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, (captured.err + captured.out).strip()


def write_config(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text)


def completed_and_queued(sim, tmp_path: Path) -> tuple[str, str]:
    headers = {"authorization": "the-only-key"}
    audio = write_wav(tmp_path / "fixture.wav", 2).read_bytes()
    upload = httpx.post(
        f"{sim.base_url}/v2/upload", headers=headers, content=audio, trust_env=False
    ).json()["upload_url"]
    done = httpx.post(
        f"{sim.base_url}/v2/transcript",
        headers=headers,
        trust_env=False,
        json={"audio_url": upload, "speech_models": ["universal-2"]},
    ).json()["id"]
    sim.clock.advance(100)
    busy = httpx.post(
        f"{sim.base_url}/v2/transcript",
        headers=headers,
        trust_env=False,
        json={"audio_url": "http://127.0.0.1:9/never.mp3", "speech_models": ["universal-2"]},
    ).json()["id"]
    return done, busy


CASES: dict[str, Callable] = {}


def case(name: str):  # type: ignore[no-untyped-def]
    def register(fn):  # type: ignore[no-untyped-def]
        CASES[name] = fn
        return fn

    return register


@case("invalid key")
def _(sim, tmp_path):
    return (
        "--base-url",
        sim.base_url,
        "--api-key",
        "wrong-key",
        "export",
        "x",
        "--format",
        "txt",
        "-o",
        str(tmp_path),
    ), "Authentication error, API token missing/invalid"


@case("missing key")
def _(sim, tmp_path):
    return ("--base-url", sim.base_url, "export", "x", "--format", "txt"), "no API key"


@case("unreachable host")
def _(sim, tmp_path):
    return (
        "--base-url",
        "http://127.0.0.1:9",
        "--api-key",
        "k",
        "export",
        "x",
        "--format",
        "txt",
        "-o",
        str(tmp_path),
    ), "could not connect"


@case("not an AssemblyAI API")
def _(sim, tmp_path):
    return (
        "--base-url",
        "{html}",
        "--api-key",
        "k",
        "export",
        "x",
        "--format",
        "txt",
        "-o",
        str(tmp_path),
    ), "expected JSON"


@case("malformed config")
def _(sim, tmp_path):
    write_config("page_size = = 3\n")
    return ("config", "show"), "invalid TOML"


@case("unknown config key")
def _(sim, tmp_path):
    write_config("colour = 'red'\n")
    return ("config", "show"), "unknown setting 'colour'"


@case("nonexistent path")
def _(sim, tmp_path):
    return _submit(sim, tmp_path / "nope.wav"), "no such file"


@case("empty file")
def _(sim, tmp_path):
    (tmp_path / "empty.wav").write_bytes(b"")
    return _submit(sim, tmp_path / "empty.wav"), "the file is empty"


@case("directory without media")
def _(sim, tmp_path):
    (tmp_path / "docs").mkdir()
    return _submit(sim, tmp_path / "docs"), "no audio or video files in this folder"


@case("non-audio file")
def _(sim, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    return _submit(sim, tmp_path / "notes.txt"), "does not look like audio or video"


@case("oversized file")
def _(sim, tmp_path):
    big = tmp_path / "huge.wav"
    with big.open("wb") as handle:
        handle.truncate(6_000_000_000)  # sparse: no disk is used
    return _submit(sim, big), "is over the 5.5 GB limit"


@case("unreadable file")
def _(sim, tmp_path):
    path = write_wav(tmp_path / "locked.wav", 1)
    real_access = os.access
    os.access = lambda p, mode: False if Path(p) == path else real_access(p, mode)  # type: ignore[assignment]
    return _submit(sim, path), "not readable"


@case("URL with another scheme")
def _(sim, tmp_path):
    return _submit(sim, "ftp://files.example.com/a.mp3"), "only http:// and https:// URLs"


@case("invalid option combination")
def _(sim, tmp_path):
    return (
        *_submit(sim, write_wav(tmp_path / "a.wav", 1)),
        "--language-code",
        "en_us",
        "--language-detection",
    ), "`language_detection` is not available"


@case("transcript id that does not exist")
def _(sim, tmp_path):
    return _export(sim, "no-such-id", tmp_path), "transcript id not found"


@case("export of an unfinished transcript")
def _(sim, tmp_path):
    _, busy = completed_and_queued(sim, tmp_path)
    return _export(sim, busy, tmp_path), "must have a status of 'completed'"


@case("export of a deleted transcript")
def _(sim, tmp_path):
    done, _ = completed_and_queued(sim, tmp_path)
    httpx.delete(
        f"{sim.base_url}/v2/transcript/{done}",
        trust_env=False,
        headers={"authorization": "the-only-key"},
    )
    return _export(sim, done, tmp_path), "was deleted"


@case("export folder that cannot be written")
def _(sim, tmp_path):
    done, _ = completed_and_queued(sim, tmp_path)
    return _export(sim, done, Path("/proc/aai-tui-exports")), "cannot create /proc"


def _submit(sim, path) -> tuple[str, ...]:
    return ("--base-url", sim.base_url, "--api-key", "the-only-key", "submit", str(path))


def _export(sim, transcript_id: str, folder: Path) -> tuple[str, ...]:
    return (
        "--base-url",
        sim.base_url,
        "--api-key",
        "the-only-key",
        "export",
        transcript_id,
        "--format",
        "srt",
        "-o",
        str(folder),
    )


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_one_clear_line(name, sim, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(os, "access", os.access)  # restored after cases that replace it
    with file_server() as (html_base, routes):
        routes["/v2/transcript/x"] = (
            200,
            {"Content-Type": "text/html"},
            b"<html><body>Welcome to nginx!</body></html>",
        )
        args, expected = CASES[name](sim, tmp_path)
        args = tuple(a.replace("{html}", html_base) for a in args)
        code, output = cli(capsys, *args)
    assert code != 0
    assert "Traceback" not in output
    assert expected in output
    problem_lines = [line for line in output.splitlines() if line.startswith(("aai-tui:", "✖"))]
    assert len(problem_lines) == 1, output


def test_a_full_disk_is_one_line(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("aai_tui.actions.export.tempfile.mkstemp", full)
    folder = tmp_path / "exports"
    with pytest.raises(ExportError, match="the disk is full"):
        write_atomically(folder / "out.srt", b"data", overwrite=False)
    assert list(folder.iterdir()) == []


def test_a_bad_theme_file_is_skipped_with_its_name(tmp_path, capsys):
    themes = config_file().parent / "themes"
    themes.mkdir(parents=True)
    (themes / "broken.toml").write_text("name = 'broken'\nprimary = 'not a colour'\n")
    assert main(["themes"]) == 0
    err = capsys.readouterr().err
    assert "broken.toml" in err and "Traceback" not in err


async def test_a_tiny_terminal_still_works():
    from tests.ui.app_factory import make_app, wait_for_rows

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for_rows(pilot)
        for key in ("j", "k", "question_mark", "escape", "f", "slash", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("size", [(12, 8), (20, 6), (12, 24)])
async def test_every_dialog_opens_in_a_terminal_12_columns_wide(size):
    from aai_tui.ui.action_registry import ACTIONS
    from tests.ui.app_factory import make_app, wait_for_rows

    app = make_app(poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await wait_for_rows(pilot)
        for spec in ACTIONS:
            if spec.place.name not in ("DASHBOARD", "LIST") or spec.id in ("quit", "help.quit"):
                continue
            await pilot.press(spec.keys.split(",")[0])
            await pilot.pause()
            assert app.is_running, spec.id
            for _ in range(3):
                await pilot.press("escape")
            await pilot.pause()
        assert app.is_running
