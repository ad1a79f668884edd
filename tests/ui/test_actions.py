"""The dashboard's actions, driven with Pilot against the simulator over loopback HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.widgets import Input

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.journal import BatchEntry, Journal, SubmissionState
from aai_tui.paths import bundled_themes_dir
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.export_dialog import ExportScreen
from aai_tui.ui.screens.pending import PendingScreen
from aai_tui.ui.screens.resubmit import ResubmitScreen
from aai_tui.ui.screens.submit import SubmitScreen
from aai_tui.ui.widgets.key_hints import KeyHints
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.helpers import LiveSim, running_sim, write_wav
from tests.ui.app_factory import next_cycle, notifications, text_of, wait_for

FORMAT_ORDER = ["srt", "vtt", "txt", "json", "sentences", "paragraphs"]


@pytest.fixture
def sim():
    with running_sim(concurrency=5) as live:
        yield live


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def make_app(
    sim: LiveSim,
    journal: Journal,
    tmp_path: Path,
    *,
    read_only: bool = False,
    concurrency_limit: int = 5,
):
    settings = Settings(
        page_size=50,
        poll_interval=3600,
        export_dir=str(tmp_path / "exports"),
        concurrency_limit=concurrency_limit,
    )
    return AaiTuiApp(
        settings,
        api=AssemblyAIClient("ui-actions-key", sim.base_url),
        endpoint_label=sim.base_url,
        config_path=tmp_path / "config.toml",
        journal=journal,
        read_only=read_only,
        theme_dirs=[(bundled_themes_dir(), "bundled")],
    )


async def submit_through_form(pilot, app, source: str) -> list[str]:
    """Fill the form, read the confirmation, confirm; returns the confirmation's lines."""
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
    app.screen.query_one("#source", Input).value = source
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), tries=250)
    lines = list(app.screen.lines)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    return lines


async def submit_and_list(pilot, app, sim, audio: Path, *, finish: bool = True) -> None:
    """Submit one file through the form, let the server finish it, and see it listed."""
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    await submit_through_form(pilot, app, str(audio))
    await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 1, tries=250)
    if finish:
        sim.clock.advance(100)
    await next_cycle(pilot, app)
    await wait_for(pilot, lambda: table_of(app).row_count == 1)


def table_of(app) -> TranscriptTable:
    return app.screen.query_one(TranscriptTable)


async def test_submit_one_file(sim, journal, tmp_path, monkeypatch):
    def whole_journal(self):  # the dashboard looks names up by id, off the event loop
        raise AssertionError("the dashboard read the whole journal")

    monkeypatch.setattr(Journal, "local_names", whole_journal)
    audio = write_wav(tmp_path / "interview.wav", 4)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 1, tries=250)
        await next_cycle(pilot, app)
        table = table_of(app)
        await wait_for(pilot, lambda: table.row_count == 1)
        (row,) = table.rows_by_id.values()
        assert row.audio == "interview.wav"  # the local name, from the journal
    (sub,) = journal.all()
    assert sub.state is SubmissionState.CREATED


async def test_submit_a_batch_of_twenty(sim, journal, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(20):
        write_wav(folder / f"part-{i:02d}.wav", 1 + i % 4)
    # Pacing against the account's limit is held by the submitter's own tests; here the
    # limit is high enough that the frozen server clock never has to move mid-batch.
    app = make_app(sim, journal, tmp_path, concurrency_limit=20)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(folder))
        await wait_for(
            pilot,
            lambda: (
                len(journal.unfinished()) == 0
                and len(journal.all()) == 20
                and all(s.state is SubmissionState.CREATED for s in journal.all())
            ),
            tries=500,
        )
        sim.clock.advance(10_000)
        panel = app.screen.query_one("#activity")

        def completed() -> int:
            return sum(1 for s in panel.state.statuses.values() if s == "completed")

        # The tracker learns how watched jobs ended a bounded number per cycle.
        for _ in range(6):
            if completed() == 20:
                break
            await next_cycle(pilot, app)
        assert panel.state.created == 20
        assert completed() == 20
    assert len(list(sim.engine.jobs())) == 20


async def test_a_file_that_cannot_be_sent_is_kept_in_the_batch_as_failed_as_in_the_shell(
    sim, journal, tmp_path
):
    """The confirmation names it; the journal keeps it as failed with the reason, as
    `aai-tui submit` does, so B shows it in what is left; no toast repeats it."""
    folder = tmp_path / "batch"
    folder.mkdir()
    write_wav(folder / "a.wav", 2)
    write_wav(folder / "b.wav", 2)
    (folder / "empty.wav").write_bytes(b"")
    app = make_app(sim, journal, tmp_path, concurrency_limit=20)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), original(message, **kw))
        lines = await submit_through_form(pilot, app, str(folder))
        assert any("Left out: 1 file that cannot be sent" in line for line in lines)
        assert any("empty.wav" in line for line in lines)
        await wait_for(pilot, lambda: len(journal.unfinished()) == 0, tries=500)
        await wait_for(pilot, lambda: any("Submitted 2 of 2" in n for n in notes), tries=200)
        strip = app.screen.query_one("#activity").state
        assert strip.failed_submit == 0 and strip.left_out == 1
        assert strip.title == "Batch of 2"  # no longer "Submitting …" once sent
        logged = [e.text for e in app.event_log.entries()]
        assert "empty.wav: not sent: the file is empty" in logged  # its outcome, in L
    subs = journal.all()
    assert len({s.batch_id for s in subs}) == 1 and len(subs) == 3
    (failed,) = [s for s in subs if s.state is SubmissionState.FAILED]
    assert failed.local_path is not None and Path(failed.local_path).name == "empty.wav"
    assert failed.error == "the file is empty"  # its name is beside it, not in it
    assert not any("empty.wav" in n for n in notes)


async def test_what_cannot_be_right_is_refused_in_the_form(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "a.wav", 2)
    app = make_app(sim, journal, tmp_path)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        screen = app.screen
        screen.query_one("#source", Input).value = str(audio)
        screen.query_one("#speakers_expected", Input).value = "two"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SubmitScreen)
        error = str(screen.query_one("#submit-error").render())
        assert "speakers_expected: not a whole number: 'two'" in error
        screen.query_one("#speakers_expected", Input).value = ""
        screen.query_one("#source", Input).value = str(tmp_path / "missing.wav")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("no such file" in n for n in notes), tries=250)
        assert isinstance(app.screen, DashboardScreen)
    assert journal.all() == []
    assert list(sim.engine.jobs()) == []


async def test_names_the_server_owns_go_to_the_server(sim, journal, tmp_path):
    """A language code is the API's to judge: its answer is shown with the catalog's words."""
    audio = write_wav(tmp_path / "a.wav", 2)
    app = make_app(sim, journal, tmp_path)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        app.screen.query_one("#source", Input).value = str(audio)
        app.screen.query_one("#language_code", Input).value = "xx"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), tries=250)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: any("Language code xx is not supported" in n for n in notes), tries=250
        )
    (sub,) = journal.all()
    assert sub.state is SubmissionState.FAILED
    assert list(sim.engine.jobs()) == []


async def test_resubmit_after_a_server_error(sim, journal, tmp_path):
    sim.engine._job_fails = lambda: True
    audio = write_wav(tmp_path / "flaky.wav", 2)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 1, tries=250)
        sim.engine._job_fails = lambda: False
        sim.clock.advance(100)
        await next_cycle(pilot, app)
        table = table_of(app)
        await wait_for(pilot, lambda: any(r.status == "error" for r in table.rows_by_id.values()))
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
        assert [job.label for job in app.screen.plan.jobs] == ["flaky.wav"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
    first, second = sorted(sim.engine.jobs(), key=lambda j: j.seq)
    assert second.audio_url == first.audio_url


async def test_delete_cancelled_then_confirmed(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "gone.wav", 2)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_and_list(pilot, app, sim, audio)
        (job,) = sim.engine.jobs()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert job.id in app.screen.lines[0] and "gone.wav" in app.screen.lines[0]
        await pilot.press("escape")
        await pilot.pause()
        assert not job.deleted
        said = notifications(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: job.deleted, tries=250)
        # The event log keeps which job went, by id and file, not just a count.
        await wait_for(pilot, lambda: any(line.startswith("Deleted") for line in said))
        assert f"Deleted 1 transcript: {job.id[:8]} gone.wav." in said


async def test_export_every_format(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "Quarterly Call.wav", 8)
    app = make_app(sim, journal, tmp_path)
    exports = tmp_path / "exports"
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_and_list(pilot, app, sim, audio)
        (job,) = sim.engine.jobs()
        for index, fmt in enumerate(FORMAT_ORDER):
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
            for _ in range(index):
                await pilot.press("down")
            await pilot.press("enter")
            ext = {"sentences": "sentences.json", "paragraphs": "paragraphs.json"}.get(fmt, fmt)
            target = exports / f"Quarterly Call.{job.id[:8]}.{ext}"
            await wait_for(pilot, target.exists, tries=250)
        # Exporting again asks before replacing.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
    prefix = f"Quarterly Call.{job.id[:8]}"
    srt = (exports / f"{prefix}.srt").read_text()
    assert re.match(r"1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S", srt)
    vtt = (exports / f"{prefix}.vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n") and re.search(r"\d\d:\d\d\.\d{3} --> ", vtt)
    full = json.loads((exports / f"{prefix}.json").read_text())
    assert full["id"] == job.id and full["words"]
    text = (exports / f"{prefix}.txt").read_text()
    assert text.strip() == full["text"]
    assert json.loads((exports / f"{prefix}.sentences.json").read_text())["sentences"]
    assert json.loads((exports / f"{prefix}.paragraphs.json").read_text())["paragraphs"]
    assert not list(exports.glob(".*part"))  # no temporary files left behind


async def test_export_of_an_unfinished_transcript_says_why(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "busy.wav", 60)
    app = make_app(sim, journal, tmp_path)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 1, tries=250)
        await next_cycle(pilot, app)
        await wait_for(pilot, lambda: table_of(app).row_count == 1)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: any("must have a status of 'completed'" in n for n in notes), tries=250
        )
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())


async def test_marked_rows_are_acted_on_together(sim, journal, tmp_path):
    for i in range(3):
        write_wav(tmp_path / f"m{i}.wav", 2)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(tmp_path / "m*.wav"))
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 3, tries=250)
        sim.clock.advance(100)
        await next_cycle(pilot, app)
        table = table_of(app)
        await wait_for(pilot, lambda: table.row_count == 3)
        table.move_cursor(row=0)
        await pilot.press("space", "space")  # marks rows 0 and 1
        assert len(app.screen.marked) == 2
        assert table.get_cell_at((0, 0)).plain.startswith("●")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert len(app.screen.lines) == 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: sum(j.deleted for j in sim.engine.jobs()) == 2, tries=250)
        # the jobs deleted are marked no more, as the README says of d and r
        await wait_for(pilot, lambda: not app.screen.marked)


async def test_read_only_hides_and_refuses_changes(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "ro.wav", 2)
    httpx_body = {"audio_url": "https://foo.bar/a.mp3", "speech_models": ["universal-2"]}
    import httpx

    httpx.post(
        f"{sim.base_url}/v2/transcript",
        json=httpx_body,
        headers={"authorization": "k"},
        trust_env=False,
    )
    app = make_app(sim, journal, tmp_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await wait_for(pilot, lambda: table_of(app).row_count == 1)
        notes: list[str] = []
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]
        for key in ("s", "d", "r", "R", "U"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen), key
        assert len(notes) == 5 and all(n.startswith("Read-only mode:") for n in notes)
        hints = {hint.action for hint in app.screen.query_one(KeyHints).hints()}
        assert not hints & {"submit", "delete", "resubmit"}
        assert "export" in hints
    assert len(list(sim.engine.jobs())) == 1
    assert not any(j.deleted for j in sim.engine.jobs())
    assert audio.exists()


async def test_unfinished_submissions_are_offered_at_start(sim, journal, tmp_path):
    audio = write_wav(tmp_path / "half.wav", 2)
    async with AssemblyAIClient("k", sim.base_url) as client:
        upload_url = await client.upload(audio)
    sub = journal.record(
        params={"speech_models": ["universal-2"]},
        endpoint=sim.base_url,
        local_path=audio,
        size=audio.stat().st_size,
    )
    journal.mark_uploaded(sub.id, upload_url)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PendingScreen))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: journal.get(sub.id).state is SubmissionState.CREATED, tries=250
        )
    assert len(list(sim.engine.jobs())) == 1


async def test_resubmit_uploads_the_local_file_again_when_its_url_is_gone(sim, journal, tmp_path):
    import time as wall

    audio = write_wav(tmp_path / "expired.wav", 2)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 1, tries=250)
        (first,) = journal.all()
        with journal._transaction() as db:  # a day later: the upload URL has expired
            db.execute(
                "UPDATE submissions SET updated_at = ? WHERE id = ?",
                (wall.time() - 25 * 3600, first.id),
            )
        await next_cycle(pilot, app)
        await wait_for(pilot, lambda: table_of(app).row_count == 1)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
    second = journal.all()[-1]
    assert second.upload_url != first.upload_url
    assert second.local_path == first.local_path
    assert len(list(sim.server.store.root.iterdir())) == 2  # the file really went up twice


async def test_an_upload_can_be_cancelled(sim, journal, tmp_path):
    from aai_tui.sim.faults import FaultProfile

    audio = write_wav(tmp_path / "long.wav", 30)
    # Another batch left unfinished earlier (by a process gone since): not this upload's.
    earlier = journal.record_batch(
        [BatchEntry(source_url=f"https://media.example.com/earlier-{i}.mp3") for i in range(3)],
        params={},
        endpoint=sim.base_url,
        batch_id="earlier",
    )
    journal.release([s.id for s in earlier])
    # Every answer is held back: the upload is still going when x is pressed.
    sim.server.faults.profile = FaultProfile("stall", "", slow=1.0, slow_seconds=3)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PendingScreen))
        await pilot.press("escape")  # offered at start: later
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: len(journal.all()) == 4, tries=250)
        await pilot.press("x")
        await wait_for(
            pilot, lambda: journal.all()[-1].state is SubmissionState.DISCARDED, tries=250
        )
        panel = app.screen.query_one("#activity")
        assert panel.state is None
    sim.server.faults.profile = FaultProfile("none", "")
    assert list(sim.engine.jobs()) == []
    # Cancelling touched only its own batch.
    assert [s.state for s in journal.batch("earlier")] == [SubmissionState.RECORDED] * 3


async def test_q_during_an_upload_asks_first(sim, journal, tmp_path):
    from aai_tui.sim.faults import FaultProfile

    audio = write_wav(tmp_path / "long.wav", 30)
    sim.server.faults.profile = FaultProfile("stall", "", slow=1.0, slow_seconds=3)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: app.screen.uploading, tries=250)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "upload is still running" in app.screen.title_text
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        await pilot.press("x")  # cancel the upload; q then quits at once
        await wait_for(pilot, lambda: not app.screen.uploading, tries=250)
    sim.server.faults.profile = FaultProfile("none", "")


async def test_the_unfinished_dialog_leaves_another_aai_tuis_work_alone(sim, journal, tmp_path):
    other = Journal(journal.path)  # a second aai-tui, alive, with a batch in flight
    (theirs,) = other.record_batch(
        [BatchEntry(source_url="https://media.example.com/theirs.mp3")],
        params={},
        endpoint=sim.base_url,
        batch_id="theirs",
    )
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.pause(0.3)
        assert not isinstance(app.screen, PendingScreen)  # nothing to offer at start
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, PendingScreen))
        screen = app.screen
        assert isinstance(screen, PendingScreen)
        assert screen.submissions[0].held_elsewhere(screen.me)
        shown = "\n".join(str(line.text) for line in screen._rows_text())
        assert "in progress in another aai-tui" in shown
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await wait_for(
            pilot,
            lambda: any("1 left to another aai-tui" in str(n.message) for n in app._notifications),
        )
    assert journal.get(theirs.id).state is SubmissionState.RECORDED
    assert list(sim.engine.jobs()) == []
    other.close()


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 40)])
async def test_the_submit_form_shows_a_whole_example_and_each_checkboxs_help(size):
    """The form opened three lines down, at 40x12 the path field's example was cut
    ("https://exa"), and a checkbox had no help at all. The form opens at its top,
    the example that fits is shown whole, and the focused checkbox's help is said
    just below it, in view."""
    from textual.widgets import Checkbox, Label

    from aai_tui.api.request_options import BY_NAME
    from aai_tui.ui.screens.submit import SOURCE_EXAMPLES
    from tests.ui import app_factory

    app = app_factory.make_app(poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        await pilot.pause()
        field = app.screen.query_one("#source", Input)
        # It opens at its top: the title and the path field's label were scrolled out
        # of sight by Textual's first focus, which centres the field.
        assert app.screen.query_one(".dialog").scroll_y == 0
        assert field.has_focus
        assert field.placeholder in SOURCE_EXAMPLES
        assert len(field.placeholder) < field.content_region.width
        if size[0] >= 80:
            assert field.placeholder == SOURCE_EXAMPLES[0]
        said = app.screen.query_one("#flag-help", Label)
        assert not said.display  # nothing focused that needs it
        for box in app.screen.query(Checkbox):
            box.focus()
            await pilot.pause()
            option = BY_NAME[str(box.id)]
            assert said.display and text_of(said).strip() == f"{option.label}: {option.help}"
            # the box and its help are both on screen, inside the dialog's view
            view = app.screen.query_one(".dialog").content_region
            for widget in (box, said):
                assert view.y <= widget.region.y < view.bottom, (box.id, widget.region, view)
        app.screen.query_one("#source", Input).focus()
        await pilot.pause()
        assert not said.display


async def test_a_file_sent_before_is_named_before_it_makes_another_paid_job(sim, journal, tmp_path):
    """A helper submitted a folder again; the confirmation said "5 paid jobs" and not
    that all five had made jobs already. It says so, with the jobs they made."""
    audio = write_wav(tmp_path / "interview.wav", 4)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_and_list(pilot, app, sim, audio)
        (job,) = sim.engine.jobs()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        app.screen.query_one("#source", Input).value = str(audio)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), tries=250)
        confirm = app.screen
        assert confirm.title_text == "Submit 1 file? This creates 1 paid job (1 sent before)."
        assert confirm.lines[0].startswith("Sent before: 1 of these files made a job already")
        assert confirm.lines[1].startswith(f"  interview.wav → {job.id[:8]}, batch ")
        await pilot.press("escape")
    assert len(list(sim.engine.jobs())) == 1  # nothing sent


async def test_a_refused_create_says_to_submit_the_file_again_not_to_resubmit(
    sim, journal, tmp_path
):
    """A helper's balance ran out: the toast ended "Then resubmit (r)", but the file
    never became a job, so r could not reach it; only s sends it again."""
    sim.engine.balance_seconds = 0.0  # spent: new jobs are refused
    audio = write_wav(tmp_path / "call-0.wav", 2)
    app = make_app(sim, journal, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        said = notifications(app)
        await submit_through_form(pilot, app, str(audio))
        await wait_for(pilot, lambda: any("balance" in line for line in said), tries=250)
        from aai_tui.ui.widgets.activity import ActivityPanel

        panel = app.screen.query_one(ActivityPanel)
        await wait_for(pilot, lambda: panel.state is not None and panel.state.done)
        strip = panel.describe(panel.state).plain
        assert strip.startswith("Not sent: ")  # not "Sent"
        assert "(Your current account balance is negative" in strip  # why, in sight
    (refused,) = [line for line in said if "balance" in line]
    assert refused.endswith("Then submit it again (s).") and "(r)" not in refused
    assert list(sim.engine.jobs()) == []
