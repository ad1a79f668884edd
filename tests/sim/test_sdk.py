"""The official AssemblyAI SDK cannot tell the simulator from the real API."""

from __future__ import annotations

import assemblyai as aai
import pytest

from tests.helpers import SPEECH_MODELS, write_wav


@pytest.fixture
def sdk(sim):
    saved = (aai.settings.base_url, aai.settings.api_key, aai.settings.polling_interval)
    aai.settings.base_url = sim.base_url
    aai.settings.api_key = "sdk-test-key"
    aai.settings.polling_interval = 0.01
    yield aai
    aai.settings.base_url, aai.settings.api_key, aai.settings.polling_interval = saved


def test_sdk_round_trip(sim, sdk, tmp_path):
    audio = write_wav(tmp_path / "meeting.wav", 20.0)
    config = sdk.TranscriptionConfig(speech_models=SPEECH_MODELS, speaker_labels=True)
    transcriber = sdk.Transcriber(config=config)
    submitted = transcriber.submit(str(audio))
    assert submitted.status == sdk.TranscriptStatus.queued

    sim.clock.advance(10_000)
    transcript = sdk.Transcript.get_by_id(submitted.id)
    assert transcript.status == sdk.TranscriptStatus.completed
    assert transcript.audio_duration == 20
    assert transcript.text == " ".join(w.text for w in transcript.words)
    assert transcript.utterances

    srt = transcript.export_subtitles_srt(chars_per_caption=32)
    assert srt.startswith("1\n00:00:00,")
    vtt = transcript.export_subtitles_vtt()
    assert vtt.startswith("WEBVTT")
    sentences = transcript.get_sentences()
    assert " ".join(s.text for s in sentences) == transcript.text
    paragraphs = transcript.get_paragraphs()
    assert " ".join(p.text for p in paragraphs) == transcript.text
    word = transcript.words[0].text.strip(".?!")
    matches = transcript.word_search([word])
    assert matches[0].count >= 1

    for _ in range(14):
        transcriber.submit("https://example.com/a.mp3")
    first = transcriber.list_transcripts(sdk.ListTranscriptParameters(limit=10))
    assert len(first.transcripts) == 10
    older = transcriber.list_transcripts(
        sdk.ListTranscriptParameters(
            limit=10, before_id=first.page_details.prev_url.split("before_id=")[1]
        )
    )
    assert len(older.transcripts) == 5
    assert {t.id for t in first.transcripts}.isdisjoint({t.id for t in older.transcripts})

    deleted = sdk.Transcript.delete_by_id(submitted.id)
    assert deleted.text == "Deleted by user."


def test_sdk_waits_through_the_lifecycle(sim, sdk, tmp_path, monkeypatch):
    """The SDK's own polling loop sees queued, processing, then completed.

    Its sleep is replaced by a step of the simulator's clock: no real waiting.
    """
    from assemblyai.prerecorded.v2 import transcript as sdk_transcript

    seen: list[str] = []
    real_get = sdk_transcript.api.get_transcript

    def recording_get(client, transcript_id):
        response = real_get(client, transcript_id)
        seen.append(response.status.value)
        return response

    monkeypatch.setattr(sdk_transcript.api, "get_transcript", recording_get)
    monkeypatch.setattr(sdk_transcript.time, "sleep", lambda seconds: sim.clock.advance(1.0))
    audio = write_wav(tmp_path / "a.wav", 30.0)
    config = sdk.TranscriptionConfig(speech_models=SPEECH_MODELS)
    transcript = sdk.Transcriber(config=config).transcribe(str(audio))
    assert transcript.status == sdk.TranscriptStatus.completed
    assert seen[0] == "queued"
    assert "processing" in seen
    assert seen[-1] == "completed"
    assert 4 <= seen.count("processing") <= 10  # 15-30% of 30 s, in 1 s steps


def test_sdk_surfaces_documented_errors(sim, sdk):
    transcriber = sdk.Transcriber(config=sdk.TranscriptionConfig(speech_models=SPEECH_MODELS))
    failed = transcriber.submit("https://foo.bar")
    sim.clock.advance(60)
    transcript = sdk.Transcript.get_by_id(failed.id)
    assert transcript.status == sdk.TranscriptStatus.error
    assert transcript.error.startswith("Download error, unable to download https://foo.bar.")
    with pytest.raises(sdk.types.TranscriptError, match="transcript id not found"):
        sdk.Transcript.get_by_id("no-such-id")


def test_sdk_full_flow_with_redaction_and_no_model_pinned(sim, sdk, tmp_path, monkeypatch):
    """Upload, transcribe with redaction (today's default lineup: no model pinned), wait,
    captions, sentences, paragraphs, word search, the redacted audio saved to a file,
    list both ways, delete: all through the official SDK."""
    from assemblyai.prerecorded.v2 import transcript as sdk_transcript

    from aai_tui.media import probe

    monkeypatch.setattr(sdk_transcript.time, "sleep", lambda seconds: sim.clock.advance(5.0))
    audio = write_wav(tmp_path / "call.wav", 12.0)
    config = sdk.TranscriptionConfig(speaker_labels=True).set_redact_pii(
        policies=[sdk.PIIRedactionPolicy.person_name, sdk.PIIRedactionPolicy.phone_number],
        redact_audio=True,
        return_unredacted=True,
    )
    transcript = sdk.Transcriber(config=config).transcribe(str(audio))
    assert transcript.status == sdk.TranscriptStatus.completed, transcript.error
    assert transcript.json_response["speech_models"] == ["universal-3-5-pro", "universal-2"]
    assert transcript.json_response["speech_model_used"] == "universal-3-5-pro"
    assert transcript.unredacted_text == transcript.text
    assert transcript.export_subtitles_srt().startswith("1\n")
    assert transcript.export_subtitles_vtt().startswith("WEBVTT")
    assert transcript.get_sentences() and transcript.get_paragraphs()
    assert transcript.word_search([transcript.words[1].text.strip(".,?!")])[0].count >= 1
    saved = tmp_path / "redacted.mp3"
    transcript.save_redacted_audio(str(saved))
    assert probe(saved).mime == "audio/mpeg" and probe(saved).duration > 5

    transcriber = sdk.Transcriber()
    for _ in range(4):
        transcriber.submit("https://example.com/a.mp3")
    newest = transcriber.list_transcripts(sdk.ListTranscriptParameters(limit=2))
    older = transcriber.list_transcripts(
        sdk.ListTranscriptParameters(
            limit=2, before_id=newest.page_details.prev_url.split("before_id=")[1]
        )
    )
    newer = transcriber.list_transcripts(
        sdk.ListTranscriptParameters(
            limit=2, after_id=older.page_details.next_url.split("after_id=")[1]
        )
    )
    assert {t.id for t in newer.transcripts} == {t.id for t in newest.transcripts}
    assert sdk.Transcript.delete_by_id(transcript.id).text == "Deleted by user."


def test_sdk_sees_a_retired_model_refused(sim, sdk):
    config = sdk.TranscriptionConfig(speech_models=["universal-3-pro", "universal-2"])
    with pytest.raises(sdk.types.TranscriptError, match=r"universal-3-pro.*deprecated"):
        sdk.Transcriber(config=config).submit("https://example.com/a.mp3")
