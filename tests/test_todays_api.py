"""Against today's API (the simulator with the 2026-08 lineup): what the live API
refused last spring's aai-tui for now goes through, and what only the server can
judge is left to the server."""

from __future__ import annotations

import json

import httpx
import pytest

from aai_tui.actions.resubmit import plan_resubmit, run_resubmit
from aai_tui.actions.submit import Submitter
from aai_tui.api import AssemblyAIClient
from aai_tui.api.request_options import CLI_OPTIONS, FORM_OPTIONS, RESUBMIT_OPTIONS
from aai_tui.cli import build_parser, main
from aai_tui.journal import Journal
from tests.helpers import running_sim, write_wav


@pytest.fixture
def sim():
    with running_sim() as live:
        yield live


def _submit(sim, *args: str) -> tuple[int, dict]:
    code = main(["--base-url", sim.base_url, "--api-key", "k", "submit", "--json", *args])
    jobs = list(sim.engine.jobs())
    return code, (jobs[-1].params if jobs else {})


def test_a_default_submission_sends_no_model_and_gets_the_accounts_lineup(sim, tmp_path, capsys):
    code, params = _submit(sim, str(write_wav(tmp_path / "a.wav", 2)))
    assert code == 0, capsys.readouterr().err
    assert "speech_models" not in params or params["speech_models"] != [
        "universal-3-pro",
        "universal-2",
    ]
    (job,) = sim.engine.jobs()
    done = sim.engine.transcript_json(job)
    assert done["speech_models"] == ["universal-3-5-pro", "universal-2"]


def test_the_new_lineup_goes_through(sim, tmp_path, capsys):
    code, params = _submit(
        sim,
        "--speech-models",
        "universal-3-5-pro,universal-2",
        str(write_wav(tmp_path / "a.wav", 2)),
    )
    assert code == 0, capsys.readouterr().err
    assert params["speech_models"] == ["universal-3-5-pro", "universal-2"]


def test_a_new_pii_policy_goes_to_the_server(sim, tmp_path, capsys):
    code, params = _submit(
        sim, "--redact-pii", "location_city", str(write_wav(tmp_path / "a.wav", 2))
    )
    assert code == 0, capsys.readouterr().err
    assert params["redact_pii"] is True
    assert params["redact_pii_policies"] == ["location_city"]


def test_a_retired_model_is_refused_by_the_server_with_the_fix(sim, tmp_path, capsys):
    code = main(
        [
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "submit",
            "--speech-models",
            "universal-3-pro,universal-2",
            str(write_wav(tmp_path / "a.wav", 2)),
        ]
    )
    out = capsys.readouterr()
    assert code != 0
    assert 'The "universal-3-pro" speech model(s) have been deprecated.' in out.out + out.err
    assert "--speech-models universal-3-5-pro,universal-2" in out.out + out.err
    assert list(sim.engine.jobs()) == []


def test_a_model_name_the_client_has_never_heard_of_is_the_servers_to_judge(sim, tmp_path, capsys):
    code = main(
        [
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "submit",
            "--speech-models",
            "assemblyai-stt-3-7",
            str(write_wav(tmp_path / "a.wav", 2)),
        ]
    )
    out = capsys.readouterr()
    assert code != 0
    # the request reached the server (the journal recorded it first): its answer is shown
    (submission,) = Journal().all()
    assert submission.state.value == "failed"
    assert submission.params["speech_models"] == ["assemblyai-stt-3-7"]
    assert submission.error and submission.error in out.out + out.err


async def test_a_resubmission_carries_every_option_the_original_echoes(sim, tmp_path):
    wav = write_wav(tmp_path / "medical.wav", 3)
    original = {
        "domain": "medical-v1",
        "prompt": "A cardiology consult between two doctors.",
        "speaker_labels": True,
        "speaker_options": {"min_speakers_expected": 2, "max_speakers_expected": 3},
        "keyterms_prompt": ["echocardiogram"],
        "temperature": 0.2,
        "remove_audio_tags": "speaker",
        "redact_pii": True,
        "redact_pii_policies": ["person_name", "location_city"],
        "redact_pii_return_unredacted": True,
        "language_detection": True,
        "language_detection_options": {"expected_languages": ["en", "es"]},
    }
    async with AssemblyAIClient("k", sim.base_url) as client:
        upload_url = await client.upload(wav)
        created = await client.create_transcript({"audio_url": upload_url, **original})
        sim.clock.advance(100)
        transcript = await client.get_transcript(created.id)
        journal = Journal(tmp_path / "journal.sqlite3")
        try:
            plan = plan_resubmit([transcript], journal=journal, local_names={})
            (job,) = plan.jobs
            for name, value in original.items():
                assert job.params[name] == value, name
            (result,) = await run_resubmit(Submitter(client, journal), plan)
        finally:
            journal.close()
    assert result.ok, result.failure
    second = sorted(sim.engine.jobs(), key=lambda j: j.seq)[-1]
    for name, value in original.items():
        assert second.params[name] == value, name


def test_every_option_is_declared_once_and_reachable():
    parsed = vars(build_parser().parse_args(["submit", "a.wav"]))
    for option in CLI_OPTIONS:
        assert f"option_{option.name}" in parsed
    names = {o.name for o in FORM_OPTIONS}
    assert {"speech_models", "domain", "prompt", "redact_pii_return_unredacted"} <= names
    carried = {o.name for o in RESUBMIT_OPTIONS}
    assert {
        "prompt",
        "domain",
        "speaker_options",
        "language_detection_options",
        "language_codes",
        "remove_audio_tags",
        "temperature",
        "redact_pii_return_unredacted",
    } <= carried


def test_wrong_types_are_refused_in_one_line_before_anything_is_sent(sim, tmp_path, capsys):
    wav = write_wav(tmp_path / "a.wav", 2)
    for flags, said in (
        (["--speakers-expected", "two"], "speakers_expected: not a whole number: 'two'"),
        (["--speaker-options", "[1]"], "speaker_options must be an Object"),
        (["--speech-threshold", "x"], "speech_threshold: not a number: 'x'"),
    ):
        code = main(["--base-url", sim.base_url, "--api-key", "k", "submit", *flags, str(wav)])
        err = capsys.readouterr().err
        assert code == 2, flags
        assert said in err and len(err.strip().splitlines()) == 1, err
    assert list(sim.engine.jobs()) == []


def test_the_speech_models_setting_is_the_default(sim, tmp_path, capsys):
    config = tmp_path / "config.toml"
    assert main(["--config", str(config), "config", "set", "speech_models", "universal-2"]) == 0
    capsys.readouterr()
    code = main(
        [
            "--config",
            str(config),
            "--base-url",
            sim.base_url,
            "--api-key",
            "k",
            "submit",
            str(write_wav(tmp_path / "a.wav", 2)),
        ]
    )
    assert code == 0, capsys.readouterr().err
    (job,) = sim.engine.jobs()
    assert job.params["speech_models"] == ["universal-2"]
    assert main(["--config", str(config), "config", "show"]) == 0
    assert "universal-2" in capsys.readouterr().out
    assert main(["--config", str(config), "config", "set", "speech_models", ""]) == 0
    assert "speech_models" not in config.read_text()


def test_raw_http_default_request_is_accepted(sim):
    """The 2026-08 spec: speech_models is optional."""
    response = httpx.post(
        f"{sim.base_url}/v2/transcript",
        json={"audio_url": "https://example.com/a.mp3"},
        headers={"authorization": "k"},
        trust_env=False,
    )
    assert response.status_code == 200, response.text
    assert json.loads(response.text)["speech_models"] == ["universal-3-5-pro", "universal-2"]


def test_remembered_form_options_of_the_former_default_are_read_as_none():
    from aai_tui.actions.inputs import SubmitOptions

    old = {
        "speech_models": ["universal-3-pro", "universal-2"],
        "speaker_labels": True,
        "punctuate": True,
        "format_text": True,
        "redact_pii_policies": [],
        "keyterms_prompt": [],
    }
    options = SubmitOptions.from_json(old)
    assert options.to_params() == {"speaker_labels": True}
    assert SubmitOptions.from_json(options.to_json()) == options


def test_a_deleted_transcript_is_never_planned_for_resubmission():
    """Its audio_url is the API's marker, not audio: sending it would only fail."""
    from aai_tui.api.models import DELETED_AUDIO_URL, Transcript

    deleted = Transcript.from_json(
        {
            "id": "d1",
            "status": "completed",
            "audio_url": DELETED_AUDIO_URL,
            "text": "Deleted by user.",
        }
    )
    plan = plan_resubmit([deleted], journal=None, local_names={})
    assert plan.jobs == () and [i.reason for i in plan.left_out] == ["deleted: its audio is gone"]
