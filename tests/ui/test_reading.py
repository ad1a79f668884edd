"""v and E: the selected transcript, utterances by speaker with times, in $PAGER or
$EDITOR, and back to the dashboard; text from the API reaches the program escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from aai_tui.actions.reading import NoProgram, program, reading_text
from aai_tui.api.models import Transcript
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


def test_utterances_by_speaker_with_times_and_escaped():
    transcript = Transcript.from_json(
        {
            "id": "t1",
            "status": "completed",
            "audio_url": "https://a.example/x\x1b]0;pwn\x07.mp3",
            "audio_duration": 3723,
            "language_code": "en_us",
            "text": "Hi. Hello.",
            "utterances": [
                {
                    "text": "Hi \x1b[2J there.",
                    "start": 1500,
                    "end": 2000,
                    "speaker": "A",
                    "confidence": 0.9,
                    "words": [],
                },
                {
                    "text": "Hello.",
                    "start": 3_723_000,
                    "end": 3_724_000,
                    "speaker": "B",
                    "confidence": 0.9,
                    "words": [],
                },
            ],
        }
    )
    text = reading_text(transcript)
    assert "[0:00:01] Speaker A\nHi \\x1b[2J there." in text
    assert "[1:02:03] Speaker B\nHello." in text
    assert "\x1b" not in text and "\x07" not in text
    assert "Duration   1:02:03" in text
    named = reading_text(transcript, "board\x1b[31m meeting.wav")
    assert "File       board\\x1b[31m meeting.wav\nAudio" in named  # the file first, literally


def test_the_program_comes_from_the_environment_or_a_fallback(tmp_path: Path):
    assert program("pager", {"PAGER": "cat -v"}) == ["cat", "-v"]
    assert program("editor", {"VISUAL": "cat", "EDITOR": "nope"}) == ["cat"]
    with pytest.raises(NoProgram, match="not found"):
        program("editor", {"EDITOR": "no-such-editor-here"})
    with pytest.raises(NoProgram):
        program("pager", {"PAGER": "'unclosed"})


async def on_a_completed_job(pilot, api: FakeApi):  # type: ignore[no-untyped-def]
    """The dashboard's rows, then the cursor on the newest completed job: that job."""
    await wait_for_rows(pilot)
    done = next(j for j in api.jobs[::-1] if j.status == "completed")
    pilot.app.screen.go_to(done.id)
    return done


@pytest.mark.parametrize(("key", "variable"), [("v", "PAGER"), ("E", "EDITOR")])
async def test_v_and_e_open_the_selected_transcript_and_come_back(key, variable, monkeypatch):
    monkeypatch.setenv(variable, "cat")
    monkeypatch.delenv("VISUAL", raising=False)
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    ran: list[tuple[list[str], str]] = []

    def run_external(command: list[str]) -> int:
        ran.append((command, Path(command[-1]).read_text()))
        return 0

    app.run_external = run_external  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        done = await on_a_completed_job(pilot, api)
        await pilot.press(key)
        await wait_for(pilot, lambda: bool(ran))
        command, text = ran[0]
        assert command[0] == "cat" and command[-1].endswith(f"{done.id[:8]}.txt")
        assert f"Transcript {done.id}" in text and "Speaker A" in text
        await pilot.pause()
        assert not Path(command[-1]).exists()  # the private copy is gone
        assert app.is_running


async def test_edits_made_in_the_editor_are_kept_and_said_where(monkeypatch, tmp_path):
    """A helper's editor changed the copy: it was removed with nothing said. A copy the
    user changed is their work: kept in the export folder, and the path is said."""
    monkeypatch.setenv("EDITOR", "ed")
    monkeypatch.delenv("VISUAL", raising=False)
    api = FakeApi()
    app = make_app(api, poll_interval=3600, export_dir=str(tmp_path / "exports"))
    edits = ["Speaker A: a name fixed by hand\n", None]  # the second time, no change

    def run_external(command: list[str]) -> int:
        edit = edits.pop(0)
        if edit is not None:
            with Path(command[-1]).open("a", encoding="utf-8") as copy:
                copy.write(edit)
        return 0

    app.run_external = run_external  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        done = await on_a_completed_job(pilot, api)
        await pilot.press("E")
        kept = tmp_path / "exports" / f"transcript.{done.id[:8]}.edited.txt"
        await wait_for(pilot, kept.exists)
        assert kept.read_text().endswith("a name fixed by hand\n")
        await wait_for(
            pilot,
            lambda: any(
                f"Your edits are kept in {kept}" in str(n.message) for n in app._notifications
            ),
        )
        await pilot.press("E")  # closed without a change: nothing kept, nothing said
        await wait_for(pilot, lambda: not edits)
        await pilot.pause(0.1)
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [kept.name]
    assert sum("Your edits" in str(n.message) for n in app._notifications) == 1


async def test_an_editor_that_fails_says_so(monkeypatch):
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("VISUAL", raising=False)
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    app.run_external = lambda command: 1  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await on_a_completed_job(pilot, api)
        await pilot.press("E")
        await wait_for(
            pilot,
            lambda: any(
                "false ended with exit code 1." in str(n.message) for n in app._notifications
            ),
        )


async def test_a_missing_pager_is_one_notification(monkeypatch):
    monkeypatch.setenv("PAGER", "no-such-pager-here")
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("v")
        await wait_for(
            pilot, lambda: any("no-such-pager-here" in str(n.message) for n in app._notifications)
        )


@pytest.mark.parametrize("status", ["error", "processing"])
async def test_v_on_a_job_without_text_says_why_instead_of_an_empty_pager(status, monkeypatch):
    monkeypatch.setenv("PAGER", "cat")
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    ran: list[list[str]] = []
    app.run_external = lambda command: ran.append(command) or 0  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        job = next(j for j in api.jobs[::-1] if j.status == status)
        app.screen.go_to(job.id)
        await pilot.press("v")
        said = f"Nothing to read in {job.id[:8]}: it {'failed' if status == 'error' else 'is'}"
        await wait_for(pilot, lambda: any(said in str(n.message) for n in app._notifications))
        assert ran == []


def test_a_second_edit_is_kept_beside_the_first(tmp_path: Path):
    from aai_tui.actions.reading import keep_edits

    copy = tmp_path / "copy.txt"
    folder = tmp_path / "out"
    copy.write_text("changed")
    assert keep_edits(copy, "changed", folder, "call.1a2b3c4d") is None
    first = keep_edits(copy, "given", folder, "call.1a2b3c4d")
    second = keep_edits(copy, "given", folder, "call.1a2b3c4d")
    assert first is not None and first.name == "call.1a2b3c4d.edited.txt"
    assert second is not None and second.name == "call.1a2b3c4d.edited-2.txt"
    assert keep_edits(tmp_path / "gone.txt", "given", folder, "x") is None
