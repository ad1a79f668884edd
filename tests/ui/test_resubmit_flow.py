"""Resubmitting from the dashboard: it shows what it will send and waits for Enter,
carries every option, lets the options be edited first, leaves out failures that
would fail the same way, and turns a retired model into a one-key fix."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from textual.widgets import Checkbox, Input

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.journal import Journal
from aai_tui.paths import bundled_themes_dir
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.model_fix import ModelFixScreen
from aai_tui.ui.screens.resubmit import ResubmitScreen
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.helpers import LiveSim, running_sim, write_wav
from tests.ui.app_factory import next_cycle, notifications, text_of, wait_for


@pytest.fixture
async def journal(tmp_path: Path) -> AsyncIterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def make_app(sim: LiveSim, journal: Journal, tmp_path: Path) -> AaiTuiApp:
    return AaiTuiApp(
        Settings(page_size=50, poll_interval=3600, export_dir=str(tmp_path / "exports")),
        api=AssemblyAIClient("resubmit-key", sim.base_url),
        endpoint_label=sim.base_url,
        config_path=tmp_path / "config.toml",
        journal=journal,
        theme_dirs=[(bundled_themes_dir(), "bundled")],
    )


def create(sim: LiveSim, **params) -> dict:
    response = httpx.post(
        f"{sim.base_url}/v2/transcript",
        json={"audio_url": "https://example.com/a.mp3", **params},
        headers={"authorization": "k"},
        trust_env=False,
    )
    assert response.status_code == 200, response.text
    return response.json()


def upload(sim: LiveSim, data: bytes) -> str:
    """Bytes uploaded to the simulator: its upload URL."""
    response = httpx.post(
        f"{sim.base_url}/v2/upload",
        content=data,
        headers={"authorization": "k"},
        trust_env=False,
    )
    return response.json()["upload_url"]


def server_error_job(sim: LiveSim, tmp_path: Path) -> dict:
    """A job that fails with a server error: worth resubmitting as it is."""
    sim.engine._job_fails = lambda: True
    try:
        return create(sim, audio_url=loopback_audio(sim, tmp_path))
    finally:
        sim.engine._job_fails = lambda: False


def low_confidence_job(sim: LiveSim, tmp_path: Path) -> dict:
    """A job that fails below the language threshold (above any detected confidence):
    an option fixes it."""
    return create(
        sim,
        audio_url=loopback_audio(sim, tmp_path),
        language_detection=True,
        language_confidence_threshold=1.0,
    )


def not_audio_upload(sim: LiveSim, tmp_path: Path) -> str:
    """An upload of an HTML page named .mp3: its job fails in transcoding, the same way
    again if sent as it is."""
    return upload(sim, b"<html><body>not audio</body></html>")


def loopback_audio(sim: LiveSim, tmp_path: Path) -> str:
    """An upload of this simulator: fetchable again on resubmission."""
    return upload(sim, write_wav(tmp_path / "consult.wav", 3).read_bytes())


async def open_dashboard(pilot, app) -> TranscriptTable:
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    await wait_for(pilot, lambda: app.screen.tracker is not None)
    await next_cycle(pilot, app)
    table = app.screen.query_one(TranscriptTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table


async def open_resubmit(pilot, app, key: str = "r", *, mark_two: bool = False) -> ResubmitScreen:
    """The dashboard, then ``key`` (r or R), after marking the first two rows when
    ``mark_two``: the resubmit dialog it opens."""
    await open_dashboard(pilot, app)
    if mark_two:
        await pilot.press("space", "j", "space")
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
    return app.screen


async def open_editor(pilot, screen: ResubmitScreen, field: str = "#language_code") -> None:
    """ctrl+e in the dialog, until the option editor's ``field`` is there."""
    await pilot.press("ctrl+e")
    await wait_for(pilot, lambda: bool(screen.query(field)))


async def test_r_shows_the_options_asks_and_carries_every_one(journal, tmp_path):
    with running_sim() as sim:
        original = create(
            sim,
            audio_url=loopback_audio(sim, tmp_path),
            domain="medical-v1",
            prompt="A cardiology consult.",
            speaker_labels=True,
            speaker_options={"min_speakers_expected": 2, "max_speakers_expected": 3},
        )
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            (job,) = app.screen.plan.jobs
            assert job.params["prompt"] == "A cardiology consult."
            # Pushed is not yet composed: wait for the widget, not only the screen.
            await wait_for(pilot, lambda: bool(app.screen.query("#resubmit-jobs")))
            shown = text_of(app.screen.query_one("#resubmit-jobs"))
            assert "domain=medical-v1" in shown and "speaker_options=" in shown
            await pilot.press("escape")  # nothing is sent without Enter
            await pilot.pause()
            assert len(list(sim.engine.jobs())) == 1
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
        second = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    for name in ("domain", "prompt", "speaker_labels", "speaker_options"):
        assert second.params[name] == original[name], name


async def test_the_options_can_be_edited_for_the_whole_group_first(journal, tmp_path):
    with running_sim() as sim:
        create(sim, audio_url=loopback_audio(sim, tmp_path), speech_threshold=0.9)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_editor(pilot, await open_resubmit(pilot, app), "#speech_threshold")
            app.screen.query_one("#speech_threshold", Input).value = "0.2"
            app.screen.query_one("#language_code", Input).value = "es"
            app.screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")  # apply to every job of the plan
            await pilot.pause()
            assert app.screen.plan.jobs[0].params["speech_threshold"] == 0.2
            assert "language_code=es" in text_of(app.screen.query_one("#resubmit-jobs"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
        second = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    assert second.params["speech_threshold"] == 0.2
    assert second.params["language_code"] == "es"


async def test_R_sends_passing_faults_and_leaves_out_what_needs_a_fix_first(journal, tmp_path):
    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # a server error: worth retrying
        create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.engine._job_fails = lambda: False
        create(sim, audio_url="https://foo.bar/unreachable.mp3")  # download error
        create(sim, audio_url=not_audio_upload(sim, tmp_path))  # fails the same way again
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("R")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            plan = app.screen.plan
            assert len(plan.jobs) == 1  # the server error: a passing fault
            reasons = sorted(item.reason for item in plan.left_out)
            assert len(reasons) == 2
            assert "download" in reasons[0] and "only after the fix" in reasons[0]
            assert "not audio AssemblyAI can decode" in reasons[1]
            assert "fails the same way" in reasons[1]
            await wait_for(pilot, lambda: bool(app.screen.query("#resubmit-left-out")))
            left = app.screen.query_one("#resubmit-left-out")
            await wait_for(pilot, lambda: "Left out: 2" in text_of(left))


async def test_R_acts_on_the_failures_the_text_filter_shows_and_says_so(journal, tmp_path):
    """A helper's R offered failures the text filter hid: it acts on what is shown."""
    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # server errors: worth retrying
        shown = create(sim, audio_url="https://files.example.com/sales-1.mp3")
        create(sim, audio_url="https://files.example.com/support-2.mp3")
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("slash", *"sales", "enter")
            await pilot.press("R")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            assert [job.transcript_id for job in app.screen.plan.jobs] == [shown["id"]]
            assert "shown under the filter" in app.screen.title_text
            await wait_for(pilot, lambda: bool(app.screen.query("#resubmit-jobs")))


async def test_a_retired_model_gets_the_explanation_and_the_one_key_fix(journal, tmp_path):
    # A job made in spring 2026, pinned to universal-3-pro ...
    with running_sim(speech_models=("universal-3-pro", "universal-2")) as spring:
        url = loopback_audio(spring, tmp_path)
        old = create(spring, audio_url=url, speech_models=["universal-3-pro", "universal-2"])
        old_job = spring.engine.get(old["id"])
    # ... on today's account, which has retired that model.
    with running_sim() as sim:
        sim.engine.seed_finished(
            dict(old_job.params, audio_url="https://example.com/spring.mp3"),
            info=old_job.info,
            submitted_at=sim.clock() - 86400 * 90,
            processing_seconds=10,
        )
        sim.engine.known_media["https://example.com/spring.mp3"] = old_job.info
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            assert app.screen.plan.jobs[0].params["speech_models"] == [
                "universal-3-pro",
                "universal-2",
            ]
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ModelFixScreen), tries=250)
            screen = app.screen
            assert screen.fix.models == ("universal-3-5-pro", "universal-2")
            await wait_for(pilot, lambda: bool(screen.query("Static")))
            text = text_of(screen.query_one("Static"))
            assert 'The "universal-3-pro" speech model(s) have been deprecated.' in text
            assert "A pinned speech model has been retired" in text
            assert len(list(sim.engine.jobs())) == 1  # the refused request created nothing
            await pilot.press("enter")  # one key: resubmit with the new lineup, and keep it
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
            assert app.settings.speech_models == ("universal-3-5-pro", "universal-2")
        new = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    assert new.params["speech_models"] == ["universal-3-5-pro", "universal-2"]
    saved = tomllib.loads((tmp_path / "config.toml").read_text())
    assert saved["speech_models"] == ["universal-3-5-pro", "universal-2"]


async def test_failures_fixed_by_other_options_are_offered_to_edit_never_sent_as_they_are(
    journal, tmp_path
):
    """R (and r on a group in F) with only failures a change of options fixes: the
    dialog opens with them, Enter refuses until the options are edited."""
    with running_sim() as sim:
        low_confidence_job(sim, tmp_path)
        sim.clock.advance(1000)
        (failed,) = sim.engine.jobs()
        answer = httpx.get(
            f"{sim.base_url}/v2/transcript/{failed.id}",
            headers={"authorization": "k"},
            trust_env=False,
        ).json()
        assert "language" in answer["error"]  # below the confidence threshold
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("R")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            screen = app.screen
            assert len(screen.plan.jobs) == 1 and screen.fix_first
            # Said once in the plan; Enter is not offered while it would send nothing.
            assert "Change the options first (ctrl+e)" in text_of(
                screen.query_one("#resubmit-left-out")
            )
            assert "enter: resubmit" not in text_of(screen.query_one("#resubmit-keys")).lower()
            await pilot.press("enter")  # as it is: refused, and said why
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            refused = text_of(screen.query_one("#resubmit-error"))
            assert refused == "Nothing sent: Enter waits for an edit (ctrl+e).\n"
            assert len(list(sim.engine.jobs())) == 1
            await open_editor(pilot, screen)  # an edit that changes nothing fixes nothing
            screen.query_one("#language_code", Input).focus()
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen) and not screen.edited
            assert len(list(sim.engine.jobs())) == 1
            await open_editor(pilot, screen)
            screen.query_one("#language_code", Input).value = "en"
            screen.query_one("#language_detection", Checkbox).value = False
            screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")  # apply the edit
            await pilot.pause()
            await pilot.press("enter")  # now it is sent, once
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
        second = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    assert second.params["language_code"] == "en"


async def test_a_group_resubmitted_from_F_is_confirmed_over_it_and_esc_comes_back(
    journal, tmp_path
):
    """r on a group opens the resubmit dialog over the failures view: Esc there comes
    back to the view, where it was; Enter on one of the group's jobs shows that job."""
    from textual.widgets import DataTable

    from aai_tui.ui.screens.failures import FailuresScreen

    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # server errors: worth retrying
        for _ in range(2):
            create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        app.now = lambda: datetime.fromtimestamp(sim.clock(), UTC)  # the window's "7 days"
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("F")
            await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen))
            view = app.screen
            await wait_for(pilot, lambda: view.report is not None and bool(view.report.groups))
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            assert len(app.screen.plan.jobs) == 2
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is view)
            await pilot.press("enter")  # the group's jobs
            jobs = view.query_one("#failure-jobs", DataTable)
            assert jobs.has_focus and jobs.row_count == 2
            await pilot.press("j", "enter")  # the second job: the dashboard shows it
            wanted = view.report.groups[0].jobs[1].id
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
            await wait_for(pilot, lambda: app.screen.selected_id == wanted)


async def test_failures_no_option_fixes_name_each_cause_and_ask_twice(journal, tmp_path):
    """A file that is not audio: no option fixes it. R (a page's failures, gathered)
    leaves such failures out, said why: a helper's R offered eleven, an expired upload
    URL and a web page's among them, on "Enter twice". Picked by hand, r says to fix
    the audio first, names the cause, and sends only on a second Enter."""
    with running_sim() as sim:
        for _ in range(5):
            create(sim, audio_url=not_audio_upload(sim, tmp_path))  # transcoding failed
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            said = notifications(app)
            await pilot.press("R")
            await wait_for(pilot, lambda: any("Nothing to resubmit" in s for s in said), tries=250)
            assert not isinstance(app.screen, ResubmitScreen)
            assert "resubmitting as it is fails the same way" in said[-1]
            assert said[-1].startswith("Nothing to resubmit: left out 5 (")
            assert said[-1].endswith("; … and 2 more).")  # three named, the rest counted
            await pilot.press("space", "space", "r")  # two, picked
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            screen = app.screen
            assert not screen.fix_in_options and screen.fix_first
            left = screen.query_one("#resubmit-left-out")
            await wait_for(pilot, lambda: "fix the audio or its URL first" in text_of(left))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            assert "press Enter again" in text_of(screen.query_one("#resubmit-error"))
            assert len(list(sim.engine.jobs())) == 5
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 7, tries=250)


def test_mixed_causes_are_each_named_with_their_count():
    from aai_tui.ui.flows.resubmitting import causes_of

    assert causes_of(["Transcoding failed", "No audio stream", "Transcoding failed"]) == (
        "Transcoding failed (2), No audio stream (1)"
    )
    assert causes_of(["Transcoding failed"]) == "Transcoding failed"


async def test_a_private_url_is_after_the_fix_too_never_sent_on_one_enter(journal, tmp_path):
    """The failures view says "after the fix" for a download error: R leaves it out,
    said why, and r on it asks for the fix first, as for a file that is not audio."""
    with running_sim() as sim:
        create(sim, audio_url="https://foo.bar/private.mp3")  # download error
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            said = notifications(app)
            await pilot.press("R")
            await wait_for(pilot, lambda: any("Nothing to resubmit" in s for s in said), tries=250)
            assert "resubmitting helps only after the fix" in said[-1]
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            screen = app.screen
            assert "download" in screen.fix_first.lower() and not screen.fix_in_options
            # no option fixes it: the title says the audio, as the body does
            assert screen.title_text.endswith("once its audio is fixed")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen) and len(list(sim.engine.jobs())) == 1


async def test_r_on_a_failure_in_the_audio_names_it_and_asks_twice(journal, tmp_path):
    """r sends what the user chose, but a job that fails again as it is (the audio is
    not audio) is named, as R names it, and only a second Enter sends it."""
    with running_sim() as sim:
        create(sim, audio_url=not_audio_upload(sim, tmp_path))  # transcoding failed
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "r")
            assert screen.title_text == "Resubmit 1 job once its audio is fixed"
            left = screen.query_one("#resubmit-left-out")
            await wait_for(pilot, lambda: "fix the audio or its URL first" in text_of(left))
            assert "As it is, it fails the same way: The file is not audio" in text_of(left)
            keys = screen.query_one("#resubmit-keys")
            assert "Enter twice: resubmit 1" in text_of(keys)
            await pilot.press("enter")
            await pilot.pause()
            assert "Enter: resubmit 1" in text_of(keys)  # the next one sends
            assert "press Enter again" in text_of(screen.query_one("#resubmit-error"))
            assert len(list(sim.engine.jobs())) == 1
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)


async def test_r_on_a_failure_an_option_fixes_waits_for_the_edit(journal, tmp_path):
    """A helper pressed r on a job that failed below the language threshold: one
    Enter sent it again as it was, to fail the same way. r now waits for the edit that
    fixes it, as R does; after it, Enter sends the job once, edited."""
    with running_sim() as sim:
        low_confidence_job(sim, tmp_path)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "r")
            assert screen.fix_in_options and "language" in screen.fix_first.lower()
            assert screen.title_text == "Resubmit 1 job once its options are fixed"
            assert "enter: resubmit" not in text_of(screen.query_one("#resubmit-keys")).lower()
            for _ in range(2):
                await pilot.press("enter")
                await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            assert len(list(sim.engine.jobs())) == 1
            await open_editor(pilot, screen, "#language_confidence_threshold")
            screen.query_one("#language_confidence_threshold", Input).value = "0.1"
            screen.query_one("#language_confidence_threshold", Input).focus()
            await pilot.press("enter")  # apply the edit
            await pilot.pause()
            assert screen.edited
            assert screen.title_text == "Resubmit 1 job with the options edited"
            keys = text_of(screen.query_one("#resubmit-keys"))
            assert "enter: resubmit 1" in keys.lower() and "for all" not in keys
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)
        second = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    assert second.params["language_confidence_threshold"] == 0.1


async def test_a_group_resubmitted_once_is_not_offered_again_from_F(journal, tmp_path):
    """A new user resubmitted a group from F, restarted, pressed r on the same group:
    the same jobs were offered (and sent) again. Now they are left out, with the job
    that repeats each, and nothing is sent."""
    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # server errors: worth retrying
        originals = [create(sim, audio_url=loopback_audio(sim, tmp_path))["id"] for _ in range(2)]
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        first = await r_on_the_first_group_of_F(sim, journal, tmp_path, confirm=True)
        assert sorted(first.planned) == sorted(originals)
        assert first.jobs_made == 2 and any("Resubmitted 2" in n for n in first.notes)
        again = await r_on_the_first_group_of_F(sim, journal, tmp_path, confirm=False)
        assert again.planned == [] and again.jobs_made == 0
        (said,) = [n for n in again.notes if "Nothing to resubmit" in n]
        assert "left out 2" in said and "already resubmitted as" in said


class FromF:
    def __init__(self) -> None:
        self.planned: list[str] = []
        self.notes: list[str] = []
        self.jobs_made = 0


async def r_on_the_first_group_of_F(sim, journal, tmp_path, *, confirm: bool) -> FromF:
    """A fresh dashboard (a restart): F, r on the first group, Enter if a plan shows."""
    from aai_tui.ui.screens.failures import FailuresScreen

    seen = FromF()
    app = make_app(sim, journal, tmp_path)
    app.now = lambda: datetime.fromtimestamp(sim.clock(), UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot, app)
        original = app.notify
        app.notify = lambda m, **kw: (seen.notes.append(str(m)), original(m, **kw))
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen))
        view = app.screen
        await wait_for(pilot, lambda: view.report is not None and bool(view.report.groups))
        before = len(list(sim.engine.jobs()))
        await pilot.press("r")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ResubmitScreen)
                or any("Nothing to resubmit" in n for n in seen.notes)
            ),
            tries=250,
        )
        if isinstance(app.screen, ResubmitScreen):
            seen.planned = [job.transcript_id for job in app.screen.plan.jobs]
            if confirm:
                await pilot.press("enter")
                await wait_for(
                    pilot, lambda: any("Resubmitted" in n for n in seen.notes), tries=250
                )
        await pilot.pause(0.3)
        seen.jobs_made = len(list(sim.engine.jobs())) - before
    return seen


async def test_an_edit_the_options_refuse_says_why_in_sight(journal, tmp_path):
    """language_code with language_detection on: the error was below the fold of the
    form, and Enter seemed to do nothing."""
    with running_sim() as sim:
        create(sim, audio_url=loopback_audio(sim, tmp_path), language_detection=True)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_editor(pilot, await open_resubmit(pilot, app))
            app.screen.query_one("#language_detection", Checkbox).value = True
            app.screen.query_one("#language_code", Input).value = "en_us"
            app.screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")
            await pilot.pause(0.3)
            said = app.screen.query_one("#resubmit-error")
            assert "language_detection" in text_of(said)
            scroller = said.parent
            top, bottom = scroller.scroll_offset.y, scroller.scroll_offset.y + scroller.size.height
            assert top <= said.virtual_region.y < bottom  # in sight
            assert len(list(sim.engine.jobs())) == 1


async def test_the_pane_of_a_failed_job_resubmitted_already_names_the_new_job(journal, tmp_path):
    """It kept saying "Once fixed, resubmit it: press r" after the job was resubmitted."""
    with running_sim() as sim:
        sim.engine._job_fails = lambda: True
        original = create(sim, audio_url=loopback_audio(sim, tmp_path))["id"]
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        first = await r_on_the_first_group_of_F(sim, journal, tmp_path, confirm=True)
        assert first.jobs_made == 1
        (made,) = [s.transcript_id for s in journal.all() if s.resubmit_of == original]
        assert made is not None
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            app.screen.go_to(original)
            detail = app.screen.query_one("#detail")
            await wait_for(pilot, lambda: detail.resubmitted_as == made, tries=250)
            text = " ".join(" ".join(line.text for line in detail._lines).split())
            assert f"Resubmitted already as {made[:8]}" in text
            assert "Once fixed, resubmit it" not in text


async def test_an_edit_for_the_group_keeps_each_jobs_other_options(journal, tmp_path):
    """A new user changed the language for a group; a job's own speech_models (not
    shared by the group) were dropped without a word."""
    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # server errors: worth retrying
        create(sim, audio_url=loopback_audio(sim, tmp_path), speech_models=["universal-3-5-pro"])
        create(
            sim,
            audio_url=loopback_audio(sim, tmp_path),
            speech_models=["universal-3-5-pro", "universal-2"],
        )
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "R")
            own = {job.transcript_id: job.params.get("speech_models") for job in screen.plan.jobs}
            assert len(set(map(tuple, own.values()))) == 2
            await open_editor(pilot, screen)
            screen.query_one("#language_code", Input).value = "es"
            screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            for job in screen.plan.jobs:
                assert job.params["language_code"] == "es"
                assert job.params.get("speech_models") == own[job.transcript_id]


async def test_enter_on_a_checkbox_of_the_option_editor_applies_the_edit(journal, tmp_path):
    """The hint says "Enter: apply to every job"; on a checkbox Enter ticked it instead
    (space ticks it)."""
    with running_sim() as sim:
        create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app)
            await open_editor(pilot, screen, "#speaker_labels")
            box = screen.query_one("#speaker_labels", Checkbox)
            box.focus()
            await pilot.press("space")
            await pilot.pause()
            assert box.value is True  # space ticks
            await pilot.press("enter")  # applies, as the hint says
            await pilot.pause()
            assert not screen.editing and screen.edited
            assert all(job.params.get("speaker_labels") is True for job in screen.plan.jobs)


async def test_a_group_resubmitted_from_f_shows_as_resubmitted_there_at_once(journal, tmp_path):
    """A helper resubmitted from the failures view and it went on counting the job as
    if nothing had happened until w came round: it scans again and names the new job."""
    from aai_tui.ui.screens.failures import FailuresScreen

    with running_sim() as sim:
        sim.engine._job_fails = lambda: True  # a server error: worth retrying
        failed = create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.engine._job_fails = lambda: False
        sim.clock.advance(1000)
        app = AaiTuiApp(
            Settings(page_size=50, poll_interval=3600, export_dir=str(tmp_path / "exports")),
            api=AssemblyAIClient("resubmit-key", sim.base_url),
            endpoint_label=sim.base_url,
            config_path=tmp_path / "config.toml",
            journal=journal,
            theme_dirs=[(bundled_themes_dir(), "bundled")],
            # the failures window is counted back from now: the simulator's now
            now=lambda: datetime.fromtimestamp(sim.clock(), UTC),
        )
        async with app.run_test(size=(160, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("F")
            await wait_for(pilot, lambda: isinstance(app.screen, FailuresScreen), tries=250)
            view = app.screen
            await wait_for(pilot, lambda: getattr(view, "report", None) is not None, tries=250)
            assert view.report.total == 1, text_of(view.query_one(".dialog-title"))
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.screen is view, tries=250)
            await wait_for(pilot, lambda: failed["id"] in view.report.resubmitted, tries=250)
            title = text_of(view.query_one(".dialog-title"))
            assert "1 resubmitted already" in title
            await pilot.press("enter")  # the group's jobs: the new job named beside the old
            jobs = view.query_one("#failure-jobs")
            new_id = view.report.resubmitted[failed["id"]]
            await wait_for(pilot, lambda: jobs.row_count == 1)
            assert f"resubmitted as {new_id[:8]}" in str(jobs.get_row_at(0)[-1])


async def test_mixed_causes_offer_what_an_option_fixes_and_set_the_audio_aside(journal, tmp_path):
    """Two helpers' R offered a language-threshold failure beside a file that is not
    audio: first a second Enter would have sent both as they were; then one edit sent
    both on one Enter, the one in the audio to fail again. A failure in the audio is
    set aside beside one an option fixes (said why), and only the other is sent,
    edited, once."""
    with running_sim() as sim:
        low_confidence_job(sim, tmp_path)
        create(sim, audio_url=not_audio_upload(sim, tmp_path))  # no option fixes it
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "R")
            assert len(screen.plan.jobs) == 1 and screen.fix_in_options
            assert "threshold" in screen.fix_first and "audio" not in screen.fix_first
            assert screen.title_text.startswith("Resubmit 1 failed job")
            (aside,) = screen.plan.left_out
            # its cause first, then why: R never offers a failure only the audio fixes
            assert aside.reason == (
                "The file is not audio AssemblyAI can decode: resubmitting as it is fails "
                "the same way"
            )
            left = text_of(screen.query_one("#resubmit-left-out"))
            assert "Left out: 1" in left and "fails the same way" in left
            for _ in range(2):  # neither one Enter nor two sends anything
                await pilot.press("enter")
                await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            assert len(list(sim.engine.jobs())) == 2
            await open_editor(pilot, screen, "#language_confidence_threshold")
            # the form's room: the list left out is one line while it is open
            left = text_of(screen.query_one("#resubmit-left-out")).strip()
            assert left == "Left out: 1 (listed again once the edit is applied or cancelled)"
            screen.query_one("#language_confidence_threshold", Input).value = "0.1"
            screen.query_one("#language_confidence_threshold", Input).focus()
            await pilot.press("enter")  # apply
            await pilot.pause()
            assert "fails the same way" in text_of(screen.query_one("#resubmit-left-out"))
            await pilot.press("enter")  # send
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 3, tries=250)
            await pilot.pause(0.3)
        jobs = sorted(sim.engine.jobs(), key=lambda j: j.seq)
    assert len(jobs) == 3  # the file that is not audio was not sent again
    assert jobs[-1].params["language_confidence_threshold"] == 0.1


def silent_upload(sim: LiveSim, tmp_path: Path) -> str:
    """An upload of digital silence: language detection fails on it (no speech)."""
    return upload(sim, write_wav(tmp_path / "quiet.wav", 3, silent=True).read_bytes())


async def test_an_edit_that_fixes_one_cause_of_two_sets_the_other_aside(journal, tmp_path):
    """A helper's R held a low-confidence failure and a silent file, both fixed by
    options: a lower threshold fixes the first only. The one it does not fix is set
    aside, said why; Enter sends exactly the one the dialog still shows (a helper found
    no way to send only the part an edit fixes)."""
    with running_sim() as sim:
        low_confidence_job(sim, tmp_path)
        silent = create(sim, audio_url=silent_upload(sim, tmp_path), language_detection=True)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "R")
            assert len(screen.plan.jobs) == 2 and screen.fix_in_options
            await open_editor(pilot, screen, "#language_confidence_threshold")
            screen.query_one("#language_confidence_threshold", Input).value = "0.1"
            screen.query_one("#language_confidence_threshold", Input).focus()
            await pilot.press("enter")  # applied: it changes the options
            await pilot.pause()
            assert screen.edited
            (job,) = screen.plan.jobs
            assert job.params["language_confidence_threshold"] == 0.1
            (aside,) = [i for i in screen.plan.left_out if i.transcript_id == silent["id"]]
            assert aside.reason.startswith("No speech for language detection: the edit does")
            left = text_of(screen.query_one("#resubmit-left-out"))
            assert "No speech for language detection: the edit does not fix it" in left
            # a reason that wraps goes on under its own text, not under the ids
            import io

            from rich.console import Console

            narrow = Console(width=60, file=io.StringIO(), color_system=None)
            narrow.print(screen.query_one("#resubmit-left-out").content)
            lines = narrow.file.getvalue().splitlines()  # type: ignore[attr-defined]
            at = next(i for i, line in enumerate(lines) if silent["id"][:8] in line)
            column = lines[at].index(silent["id"][:8]) + 8 + 2
            assert lines[at + 1][:column].strip() == "" and lines[at + 1][column] != " "
            said = text_of(screen.query_one("#resubmit-error"))
            assert "The edit fixes 1 of 2: 1 job set aside" in said
            assert "Enter: resubmit 1" in text_of(screen.query_one("#resubmit-keys"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 3, tries=250)
            await pilot.pause(0.3)
        jobs = sorted(sim.engine.jobs(), key=lambda j: j.seq)
    assert len(jobs) == 3  # the one shown, and nothing else
    assert jobs[-1].params.get("language_confidence_threshold") == 0.1


async def test_a_threshold_still_above_the_confidence_it_failed_with_fixes_nothing(
    journal, tmp_path
):
    """A helper lowered a group's threshold to 0.5 for a job whose language was
    detected at 0.42, as its error said: it was sent and failed again, paid. A threshold
    above the confidence the error states is no fix: Enter waits, and the dialog says
    why, with both numbers."""
    with running_sim() as sim:
        failed = low_confidence_job(sim, tmp_path)
        sim.clock.advance(1000)
        error = sim.engine.transcript_json(sim.engine.get(failed["id"]))["error"]
        confidence = float(error.split("confidence ")[1].split(",")[0])
        above = f"{confidence + 0.005:.4f}".rstrip("0")
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, "R")
            await open_editor(pilot, screen, "#language_confidence_threshold")
            screen.query_one("#language_confidence_threshold", Input).value = above
            screen.query_one("#language_confidence_threshold", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            left = text_of(screen.query_one("#resubmit-left-out"))
            assert "The edit does not fix it: Detected language below the confidence" in left
            assert (
                f"language_confidence_threshold {float(above)} is still above the confidence "
                f"it failed with, {confidence:g}" in left
            )
            assert "Enter: resubmit" not in text_of(screen.query_one("#resubmit-keys"))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            assert len(list(sim.engine.jobs())) == 1  # nothing sent
            await open_editor(pilot, screen, "#language_confidence_threshold")
            screen.query_one("#language_confidence_threshold", Input).value = "0.5"
            screen.query_one("#language_confidence_threshold", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert "Enter: resubmit 1" in text_of(screen.query_one("#resubmit-keys"))
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 2, tries=250)


async def r_on_two_that_differ_on_detection(pilot, app, sim, tmp_path) -> ResubmitScreen:  # type: ignore[no-untyped-def]
    """Two failed jobs, one with language detection and one without, both marked,
    then r: the dialog it opens."""
    low_confidence_job(sim, tmp_path)
    create(sim, audio_url=loopback_audio(sim, tmp_path), speaker_labels=True)
    sim.clock.advance(1000)
    return await open_resubmit(pilot, app, mark_two=True)


async def test_an_edit_is_checked_against_each_jobs_own_options_before_it_applies(
    journal, tmp_path
):
    """A helper's group did not share language detection, so the form showed it
    unticked; a language code typed there went over the two jobs that had it, and
    the API refused those two after the others were sent. The edit is checked
    against each job as it will be sent, the job is named, and nothing applies."""
    with running_sim() as sim:
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await r_on_two_that_differ_on_detection(pilot, app, sim, tmp_path)
            assert len(screen.plan.jobs) == 2 and screen.fix_in_options
            before = [job.params for job in screen.plan.jobs]
            await open_editor(pilot, screen)
            note = text_of(screen.query_one("#resubmit-editor-note"))
            assert "stays as each job" in note
            assert screen.query_one("#language_detection", Checkbox).value is False
            screen.query_one("#language_code", Input).value = "en"
            screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            refused = text_of(screen.query_one("#resubmit-error"))
            detecting = next(j for j in screen.plan.jobs if j.params.get("language_detection"))
            assert refused.startswith(detecting.transcript_id[:8])  # the job is named
            assert "`language_detection` is not available when `language_code`" in refused
            assert "(language_detection: each job's own until its box is pressed)" in refused
            # said whole, in sight: a helper read it cut after "is"
            said = screen.query_one("#resubmit-error")
            view = screen.query_one(".dialog").content_region
            assert said.size.height >= 2 and said.region.bottom <= view.bottom
            assert not screen.edited and screen.editing  # nothing applied, the form stays
            assert [job.params for job in screen.plan.jobs] == before
            assert len(list(sim.engine.jobs())) == 2


async def test_a_switch_the_jobs_differ_on_is_set_for_all_by_pressing_its_box(journal, tmp_path):
    """A helper could not turn language detection off for a group where one job had
    it: the box read unticked (not shared), unticking changed nothing, and the API's
    refusal came back each time. The box says the jobs differ; pressed, even back to
    where it was, it sets the switch for every job."""
    with running_sim() as sim:
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await r_on_two_that_differ_on_detection(pilot, app, sim, tmp_path)
            await open_editor(pilot, screen)
            box = screen.query_one("#language_detection", Checkbox)
            assert str(box.label).endswith(" (differs)")
            assert "(differs" not in str(screen.query_one("#punctuate", Checkbox).label)
            assert "a box marked (differs)" in text_of(screen.query_one("#resubmit-editor-note"))
            box.focus()
            await pilot.press("space", "space")  # on, and off again: off for all
            assert box.value is False and "(differs" not in str(box.label)
            screen.query_one("#language_code", Input).value = "en"
            screen.query_one("#language_code", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert not screen.editing and screen.edited  # applied, nothing refused
            for job in screen.plan.jobs:
                assert job.params.get("language_code") == "en"
                assert "language_detection" not in job.params
            speakers = [job for job in screen.plan.jobs if job.params.get("speaker_labels")]
            assert len(speakers) == 1  # a switch not pressed stays each job's own


async def test_every_tab_stop_of_the_option_forms_is_a_field(journal, tmp_path):
    """A helper found a Tab stop that showed no focus (the dialog itself): what he
    typed there was lost. Tab and shift+tab go from field to field, in the submit
    form and in the resubmit editor."""
    from textual.widgets import Checkbox

    from aai_tui.ui.screens.submit import SubmitScreen

    with running_sim() as sim:
        create(sim, audio_url="https://foo.bar/private.mp3")
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
            for key in ["tab"] * 28 + ["shift+tab"] * 3:
                await pilot.press(key)
                assert isinstance(app.focused, Input | Checkbox), (key, app.focused)
            await pilot.press("escape")
            await pilot.pause()
            screen = await open_resubmit(pilot, app)
            await open_editor(pilot, screen)
            for key in ["tab"] * 28 + ["shift+tab"] * 3:
                await pilot.press(key)
                assert isinstance(app.focused, Input | Checkbox), (key, app.focused)


async def test_r_on_a_completed_job_and_a_failure_in_the_audio_sets_the_failure_aside(
    journal, tmp_path
):
    """A helper's r on a failed and a completed job read "these fail the same way"; then
    one Enter twice sent both. The completed job goes as it is; the failure only a fix
    of its audio helps is set aside, said why, and counted apart."""
    with running_sim() as sim:
        create(sim, audio_url=loopback_audio(sim, tmp_path))  # completes
        create(sim, audio_url=not_audio_upload(sim, tmp_path))  # fails in the audio
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, mark_two=True)
            left = screen.query_one("#resubmit-left-out")
            await wait_for(pilot, lambda: "Left out: 1" in text_of(left))
            assert "no option fixes it" in text_of(left)
            assert "these fail" not in text_of(left)
            assert "Creates 1 new paid job (the original is kept)" in text_of(
                screen.query_one("#resubmit-jobs")
            )
            keys = text_of(screen.query_one("#resubmit-keys"))
            assert "Enter: resubmit 1" in keys and "twice" not in keys


async def test_r_sets_aside_a_failure_no_resubmission_helps_beside_one_an_option_fixes(
    journal, tmp_path
):
    """A helper marked a too-short file beside a language-threshold failure and
    pressed r: one edit later, one Enter sent the too-short file again (paid) and it
    failed again. Any failure that fails the same way and no option fixes is set aside
    beside one an option fixes; alone it is named and asks twice."""
    wav = write_wav(tmp_path / "blip.wav", 0.05)
    with running_sim() as sim:
        create(sim, audio_url=upload(sim, wav.read_bytes()))  # too short: nothing helps
        low_confidence_job(sim, tmp_path)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, mark_two=True)
            assert len(screen.plan.jobs) == 1 and screen.fix_in_options
            (aside,) = screen.plan.left_out
            assert aside.reason.startswith("Audio too short: no option fixes it")
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, ResubmitScreen))
            await pilot.press("escape")  # the marks go
            table = app.screen.query_one(TranscriptTable)
            short_id = aside.transcript_id
            table.move_cursor(row=table.get_row_index(short_id))
            await wait_for(pilot, lambda: app.screen.selected_id == short_id)
            await pilot.press("r")  # alone: named, and asked twice
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            screen = app.screen
            assert not screen.fix_in_options and "too short" in screen.fix_first.lower()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResubmitScreen)
            assert len(list(sim.engine.jobs())) == 2


async def test_the_marked_jobs_resubmitted_are_marked_no_more(journal, tmp_path):
    """A helper's marks stayed after r had sent them: a second r would have offered
    the same jobs again (left out then, but a trap all the same)."""
    with running_sim() as sim:
        for _ in range(2):
            create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            dashboard = app.screen
            await pilot.press("space", "space")  # mark both
            assert len(dashboard.marked) == 2
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 4, tries=250)
            await wait_for(pilot, lambda: not dashboard.marked)
            assert "marked" not in str(dashboard.query_one(TranscriptTable).border_title)


async def test_r_says_it_is_reading_the_jobs_when_the_api_is_slow(journal, tmp_path):
    """Under a chaos run a helper's r did nothing he could see (the jobs were being
    read through 429s and 500s) and he pressed it again. A slow read says so."""
    from aai_tui.ui.flows.resubmitting import SLOW_PLAN_S

    with running_sim() as sim:
        create(sim, audio_url=loopback_audio(sim, tmp_path))
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_dashboard(pilot, app)
            said = notifications(app)
            read = app.client.get_transcript

            async def slow_read(*args, **kwargs):  # type: ignore[no-untyped-def]
                await asyncio.sleep(SLOW_PLAN_S + 0.5)
                return await read(*args, **kwargs)

            app.client.get_transcript = slow_read  # type: ignore[method-assign]
            await pilot.press("r")
            await wait_for(pilot, lambda: any("Reading 1 job to resubmit" in s for s in said))
            assert not isinstance(app.screen, ResubmitScreen)  # still reading
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            said.clear()
            await pilot.press("escape")
            app.client.get_transcript = read  # type: ignore[method-assign]
            await pilot.press("r")  # quick: nothing said, the dialog comes
            await wait_for(pilot, lambda: isinstance(app.screen, ResubmitScreen), tries=250)
            await pilot.pause(SLOW_PLAN_S + 0.2)
            assert not any("Reading" in s for s in said)


async def test_r_on_a_server_error_and_a_failure_an_option_fixes_sends_the_first_on_enter(
    journal, tmp_path
):
    """A helper marked a server error beside a language-threshold failure and pressed
    r: Enter waited for an edit, though the server error could go as it was. Enter
    now sends it and sets the other aside, as its key says; the edit still fixes both."""
    with running_sim() as sim:
        server_error_job(sim, tmp_path)
        low = low_confidence_job(sim, tmp_path)
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, mark_two=True)
            assert len(screen.plan.jobs) == 2 and screen.fix_in_options
            keys = text_of(screen.query_one("#resubmit-keys"))
            assert "Enter: resubmit 1 now, set 1 aside" in keys
            assert screen.title_text == "Resubmit 2 jobs: 1 now, 1 once its options are fixed"
            assert text_of(screen.query_one("#resubmit-jobs")).startswith(
                "Creates 1 new paid job now, 1 more once its options are fixed"
            )
            left = text_of(screen.query_one("#resubmit-left-out"))
            assert "Enter sends the other 1 now and sets it aside." in left
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 3, tries=250)
        jobs = sorted(sim.engine.jobs(), key=lambda j: j.seq)
    # The new job repeats the server error's request, not the threshold's.
    assert "language_confidence_threshold" not in jobs[-1].params
    assert jobs[-1].audio_url != low["audio_url"]


async def test_r_on_a_server_error_beside_a_failure_in_the_audio_sets_that_aside(journal, tmp_path):
    """A helper marked a server error and a too-short file and pressed r: "Enter twice:
    resubmit 2", two presses from paying for a job certain to fail again. Beside one
    that goes as it is, a failure only a fix of the audio helps is set aside."""
    wav = write_wav(tmp_path / "blip.wav", 0.05)
    with running_sim() as sim:
        server_error_job(sim, tmp_path)
        create(sim, audio_url=upload(sim, wav.read_bytes()))  # too short: nothing helps
        sim.clock.advance(1000)
        app = make_app(sim, journal, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_resubmit(pilot, app, mark_two=True)
            assert len(screen.plan.jobs) == 1 and not screen.fix_first
            (aside,) = screen.plan.left_out
            assert aside.reason.startswith("Audio too short: no option fixes it")
            keys = text_of(screen.query_one("#resubmit-keys"))
            assert "Enter: resubmit 1" in keys and "twice" not in keys
            await pilot.press("enter")
            await wait_for(pilot, lambda: len(list(sim.engine.jobs())) == 3, tries=250)
