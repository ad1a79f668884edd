"""What the screen shows, frozen: main screen, every processing error, help, first run."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from aai_tui.api import error_messages as m
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import NOW, FakeApi, FakeJob, job_id, standard_jobs
from tests.ui.app_factory import make_app as make_live_app
from tests.ui.app_factory import run_before, wait_for

PROCESSING_ERRORS = {
    "transcoding-failed": m.transcoding_failed("text/html", "HTML document, ASCII text"),
    "no-audio-stream": m.no_audio_stream("image/png", "PNG image data"),
    "file-too-large": m.too_large(
        "https://files.example.com/all-hands.mov", 6120448000, 5500000000
    ),
    "no-content": m.no_content("https://files.example.com/empty.mp3"),
    "upload-not-found": m.upload_not_found(
        "https://cdn.assemblyai.com/upload/f756988d-47e2-4ca3-96ce-04bb168f8f2a"
    ),
    "download-error": m.download_error("https://foo.bar"),
    "download-error-http": "Download error to https://foo.bar, 403 Client Error: Forbidden "
    "for url: https://foo.bar",
    "audio-too-short": m.AUDIO_TOO_SHORT,
    "no-spoken-audio": m.NO_SPOKEN_AUDIO,
    "language-confidence-low": m.low_language_confidence("fr", 0.42, 0.7),
    "server-error-alerted": m.SERVER_ERROR_ALERTED,
}


def make_app(api: FakeApi | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """Snapshot apps poll once: a second cycle would race the screenshot."""
    return make_live_app(api, poll_interval=3600, **kwargs)


async def _settle_detail(pilot: Pilot) -> None:
    detail = pilot.app.screen.query_one(DetailPane)
    await wait_for(pilot, lambda: detail.transcript is not None)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(_settle_detail))


def test_main_screen_light_theme(snap_compare):
    assert snap_compare(
        make_app(theme="aai-light"), terminal_size=(120, 40), run_before=run_before(_settle_detail)
    )


def test_completed_detail(snap_compare):
    async def select_completed(pilot: Pilot) -> None:
        table = pilot.app.screen.query_one(TranscriptTable)
        for _ in range(4):
            await pilot.press("j")
        await wait_for(
            pilot,
            lambda: (
                pilot.app.screen.query_one(DetailPane).transcript is not None
                and pilot.app.screen.query_one(DetailPane).transcript.id == table.selected_id()
            ),
        )

    assert snap_compare(
        make_app(), terminal_size=(120, 40), run_before=run_before(select_completed)
    )


@pytest.mark.parametrize("entry_id", list(PROCESSING_ERRORS))
def test_detail_for_each_processing_error(snap_compare, entry_id):
    failed = FakeJob(
        id=job_id(999),
        status="error",
        created=NOW,
        audio_url="https://files.example.com/calls/failed-call.mp3",
        error=PROCESSING_ERRORS[entry_id],
    )
    api = FakeApi([*standard_jobs(8), failed])
    assert snap_compare(
        make_app(api), terminal_size=(120, 40), run_before=run_before(_settle_detail)
    )


def test_help_screen(snap_compare):
    async def open_help(pilot: Pilot) -> None:
        await pilot.press("question_mark")

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before(open_help))


def test_first_run_screen(snap_compare):
    async def no_blink(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one(Input).cursor_blink = False
        await pilot.pause()

    app = make_app(
        config_path=Path("/home/ada/.config/aai-tui/config.toml"), start_demo=lambda: None
    )
    assert snap_compare(app, terminal_size=(100, 30), run_before=no_blink)


def _soft_job() -> FakeJob:
    """A completed job with what the 2026 API says softly: a fallback warning, a domain,
    a webhook that failed, and options that were set."""
    return FakeJob(
        id=job_id(998),
        status="completed",
        created=NOW,
        audio_url="https://files.example.com/clinic/consult-0412.mp3",
        duration=1260,
        text="The patient reports chest pain on exertion since Monday.",
        options={
            "speech_models": ["universal-3-5-pro", "universal-2"],
            "speech_model_used": "universal-2",
            "domain": "medical-v1",
            "prompt": "A cardiology consult between two doctors.",
            "speaker_labels": True,
            "speaker_options": {"min_speakers_expected": 2, "max_speakers_expected": 3},
            "language_code": "ja",
            "webhook_url": "https://hooks.example.com/aai",
            "webhook_status_code": 502,
            "metadata": {
                "warnings": [
                    {
                        "message": "universal-3-5-pro does not support language 'ja'; "
                        "the next model in speech_models was used."
                    }
                ],
                "domain_used": "medical-v1",
            },
        },
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_detail_with_warnings_domain_and_a_failed_webhook(snap_compare, size):
    api = FakeApi([*standard_jobs(8), _soft_job()])
    assert snap_compare(make_app(api), terminal_size=size, run_before=run_before(_settle_detail))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_resubmit_shows_each_job_with_its_options(snap_compare, size):
    from aai_tui.actions.resubmit import plan_resubmit
    from aai_tui.api.models import Transcript
    from aai_tui.ui.screens.resubmit import ResubmitScreen

    api = FakeApi([*standard_jobs(8), _soft_job()])
    jobs = [Transcript.from_json(job.transcript()) for job in api.jobs[-3:]]
    plan = plan_resubmit(jobs, journal=None, local_names={}, failed_only=False)

    async def resubmit(pilot: Pilot) -> None:
        await _settle_detail(pilot)
        pilot.app.push_screen(ResubmitScreen(plan, title=f"Resubmit {len(plan.jobs)} jobs"))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResubmitScreen))

    assert snap_compare(make_app(api), terminal_size=size, run_before=run_before(resubmit))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_resubmit_editor_is_one_form_with_the_focused_fields_help(snap_compare, size):
    """A helper saw tall fields with their placeholders cut and two columns that
    scrolled apart: one-line fields, one scroll, and the focused field's help whole
    in its label (two columns at 120x40, stacked at 80x24)."""
    from aai_tui.actions.resubmit import plan_resubmit
    from aai_tui.api.models import Transcript
    from aai_tui.ui.screens.resubmit import ResubmitScreen

    api = FakeApi([*standard_jobs(8), _soft_job()])
    jobs = [Transcript.from_json(job.transcript()) for job in api.jobs[-2:]]
    plan = plan_resubmit(jobs, journal=None, local_names={}, failed_only=False)

    async def edit(pilot: Pilot) -> None:
        await _settle_detail(pilot)
        pilot.app.push_screen(ResubmitScreen(plan, title=f"Resubmit {len(plan.jobs)} jobs"))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResubmitScreen))
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: pilot.app.focused is not None)
        await pilot.press("tab", "tab")  # language confidence threshold
        await pilot.pause()

    assert snap_compare(make_app(api), terminal_size=size, run_before=run_before(edit))


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_a_retired_model_offers_its_fix(snap_compare, size):
    from aai_tui.troubleshoot import explain
    from aai_tui.ui.screens.model_fix import ModelFix, ModelFixScreen

    message = m.speech_models_deprecated(["universal-3-pro"], ["universal-3-5-pro", "universal-2"])

    async def offer(pilot: Pilot) -> None:
        fix = ModelFix(("universal-3-5-pro", "universal-2"), ("0000000b  weekly-010.mp3",))
        pilot.app.push_screen(ModelFixScreen(explain(message, status=400), fix))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ModelFixScreen))

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(offer))
