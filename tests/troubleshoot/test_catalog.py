"""Every documented message, placeholders filled, finds its intended catalog entry."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aai_tui.api import error_messages as m
from aai_tui.sim.validation import PII_POLICIES
from aai_tui.troubleshoot import explain, load_catalog

URL = "https://storage.example.com/calls/2026-11-18/support%20call.mp3?X-Amz-Signature=ab12"
UPLOAD = "https://cdn.assemblyai.com/upload/f756988d-47e2-4ca3-96ce-04bb168f8f2a"

DOCUMENTED = [
    # request errors (seed 000)
    (m.AUDIO_URL_MISSING, 400, "audio-url-missing"),
    (m.language_not_supported("xx_yy"), 400, "language-code-unsupported"),
    (m.SPEECH_MODELS_INVALID, 400, "speech-models-invalid"),
    (m.SPEECH_MODEL_DEPRECATED, 400, "speech-model-deprecated"),
    # 2026 model errors (api-changes-2026.md)
    (
        m.speech_models_deprecated(["universal-3-pro"], ["universal-3-5-pro", "universal-2"]),
        400,
        "speech-models-retired",
    ),
    (
        m.speech_models_deprecated(["universal-3-pro", "slam-1"], ["universal-3-5-pro"]),
        400,
        "speech-models-retired",
    ),
    ('The speech model "slam-1" is no longer available.', 400, "speech-model-unavailable"),
    ("Unknown speech model: universal-9", 400, "speech-model-unavailable"),
    (
        "`prompt` is not supported with the selected speech models",
        400,
        "option-incompatible-with-model",
    ),
    ("domain is not compatible with the speech model", 400, "option-incompatible-with-model"),
    ("webhook endpoint answered 500", None, "webhook-delivery-failed"),
    (m.LANGUAGE_DETECTION_WITH_CODE, 400, "language-detection-conflict"),
    (
        "`language_detection` is not available when `language_codes` are specified.",
        400,
        "language-detection-conflict",
    ),
    (m.must_be_boolean("punctuate"), 400, "wrong-type"),
    (m.must_be_boolean("speaker_labels"), 400, "wrong-type"),
    ("format_text must be a Boolean", 400, "wrong-type"),  # the older wording (seed 003)
    (m.WEBHOOK_URL_INVALID, 400, "webhook-url-invalid"),
    (m.REDACT_POLICIES_MISSING, 400, "redact-policies-missing"),
    (m.unsupported_pii_policy(PII_POLICIES), 400, "redact-policy-unsupported"),
    (
        "Unsupported policy name in 'redact_pii_policies', supported policy names are [...]",
        400,
        "redact-policy-unsupported",
    ),
    (m.REDACT_AUDIO_QUALITY_INVALID, 400, "redact-audio-quality-invalid"),
    (m.JSON_INVALID, 400, "json-invalid"),
    (m.models_not_available_in_language(["speaker_labels"]), 400, "models-not-in-language"),
    (
        "The following addons are not available in this language: sentiment_analysis",
        400,
        "models-not-in-language",
    ),
    (m.INSUFFICIENT_FUNDS, 400, "insufficient-funds"),
    (m.AUTH_INVALID, 401, "auth-invalid"),
    ("Authentication error, API token missing/invalid.", 401, "auth-invalid"),
    (m.TRANSCRIPT_NOT_FOUND, 400, "transcript-not-found"),
    (m.INTERNAL_SERVER_ERROR, 500, "server-error"),
    (m.SERVER_ERROR_ALERTED, 500, "server-error-alerted"),
    # export and upload errors
    (m.export_not_ready("processing", "captions"), 400, "export-not-ready"),
    (m.export_not_ready("queued", "sentences"), 400, "export-not-ready"),
    (m.export_not_ready("error", "paragraphs"), 400, "export-not-ready"),
    (m.WORDS_REQUIRED, 400, "word-search-words-missing"),
    (m.REDACTED_AUDIO_MISSING, 400, "redacted-audio-missing"),
    (m.SUBTITLE_FORMAT_NOT_FOUND, 404, "subtitle-format-not-found"),
    (m.UPLOAD_EMPTY, 422, "upload-empty"),
    (m.LIMIT_TOO_LOW, 400, "limit-out-of-range"),
    (m.TOO_MANY_REQUESTS, 429, "too-many-requests"),
    # processing errors (status error, no HTTP status)
    (m.transcoding_failed("text/html", "HTML document, ASCII text"), None, "transcoding-failed"),
    (m.transcoding_failed("application/octet-stream", "data"), None, "transcoding-failed"),
    (
        m.no_audio_stream("image/png", "PNG image data, 1920 x 1080, 8-bit/color RGBA"),
        None,
        "no-audio-stream",
    ),
    (m.too_large(URL, 6_120_448_000, 5_500_000_000), None, "file-too-large"),
    (m.no_content(URL), None, "no-content"),
    (m.upload_not_found(UPLOAD), None, "upload-not-found"),
    (m.download_error("https://foo.bar"), None, "download-error"),
    (m.download_error(URL), None, "download-error"),
    (
        "Download error to https://foo.bar, 403 Client Error: Forbidden for url: https://foo.bar",
        None,
        "download-error-http",
    ),
    (
        f"Download error to {URL}, 404 Client Error: Not Found for url: {URL}",
        None,
        "download-error-http",
    ),
    (m.AUDIO_TOO_SHORT, None, "audio-too-short"),
    (m.NO_SPOKEN_AUDIO, None, "no-spoken-audio"),
    (m.low_language_confidence("fr", 0.4213, 0.7), None, "language-confidence-low"),
    (m.SERVER_ERROR_ALERTED, None, "server-error-alerted"),
]


@pytest.mark.parametrize(
    ("message", "status", "entry_id"),
    DOCUMENTED,
    ids=[f"{e}-{i}" for i, (_, _, e) in enumerate(DOCUMENTED)],
)
def test_documented_message_matches_its_entry(message, status, entry_id):
    explanation = explain(message, status=status)
    assert explanation.entry.id == entry_id
    assert explanation.message == message
    assert explanation.entry.meaning and explanation.entry.steps


def test_placeholders_are_captured():
    assert explain(m.too_large(URL, 6_120_448_000, 5_500_000_000)).captures == {
        "bytes": "6120448000",
        "max": "5500000000",
    }
    legacy = explain("Download error to https://foo.bar, 403 Client Error: Forbidden for url: x")
    assert legacy.captures == {"url": "https://foo.bar", "code": "403"}
    assert explain(m.low_language_confidence("fr", 0.42, 0.7)).captures["code"] == "fr"


@pytest.mark.parametrize(
    ("status", "kind", "entry_id"),
    [
        (503, None, "gateway-error"),
        (504, None, "gateway-error"),
        (502, None, "gateway-error"),
        (500, None, "server-error-generic"),
        (400, None, "bad-request"),
        (401, None, "unauthorized"),
        (404, None, "not-found"),
        (418, None, "bad-request"),
        (None, "connect", "offline"),
        (None, "timeout", "network-interrupted"),
        (None, "network", "network-interrupted"),
        (200, "protocol", "not-an-api"),
        (None, None, "unknown"),
    ],
)
def test_unknown_messages_fall_back_by_status_and_class(status, kind, entry_id):
    assert (
        explain("something nobody documented", status=status, error_kind=kind).entry.id == entry_id
    )


def test_resubmit_entries_say_so():
    for entry_id in ("server-error-alerted", "download-error", "upload-not-found"):
        entry = next(e for e in load_catalog() if e.id == entry_id)
        assert entry.resubmit
    explanation = explain(m.SERVER_ERROR_ALERTED)
    assert explanation.advice.endswith("Then resubmit.")
    # which key resubmits is the dashboard's to say (its keymap), never the catalog's
    steps = [step for entry in load_catalog() for step in entry.steps]
    assert not [step for step in steps if re.search(r"\bpress\b|\bwith r\b", step)]


def test_a_retired_model_error_names_the_replacement_lineup():
    message = m.speech_models_deprecated(["universal-3-pro"], ["universal-3-5-pro", "universal-2"])
    assert message == (
        'The "universal-3-pro" speech model(s) have been deprecated. '
        'Use speech_models: ["universal-3-5-pro", "universal-2"] instead.'
    )
    assert explain(message, status=400).replacement_models == ("universal-3-5-pro", "universal-2")
    assert explain(m.SPEECH_MODELS_INVALID, status=400).replacement_models == ()


@given(st.text(max_size=300), st.sampled_from([None, 400, 401, 404, 429, 500, 503]))
def test_every_message_gets_exactly_one_complete_explanation(message, status):
    explanation = explain(message, status=status)
    assert explanation.entry.title and explanation.entry.steps
    assert explanation.message == (message or "").strip()
    assert isinstance(explanation.replacement_models, tuple)


@given(
    st.lists(st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True), min_size=1, max_size=3),
    st.lists(st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True), min_size=1, max_size=4),
)
def test_any_retired_and_replacement_lineup_is_recognised(retired, replacement):
    explanation = explain(m.speech_models_deprecated(retired, replacement), status=400)
    assert explanation.entry.id == "speech-models-retired"
    assert explanation.replacement_models == tuple(replacement)


def test_the_401_entry_gives_the_lowercase_header_advice():
    entry = explain(m.AUTH_INVALID, status=401).entry
    assert any("authorization" in step and "Bearer" in step for step in entry.steps)


def test_catalog_ids_are_unique_and_every_entry_is_complete():
    ids = [e.id for e in load_catalog()]
    assert len(ids) == len(set(ids))
    for entry in load_catalog():
        assert entry.title and entry.meaning and entry.steps
        assert entry.pattern is not None or entry.fallback


def test_failures_a_plain_resubmission_cannot_fix_say_so():
    """R leaves these out: the file or the options must change first."""
    same = {e.id for e in load_catalog() if e.fails_the_same_way}
    assert {"transcoding-failed", "no-spoken-audio", "audio-too-short", "no-audio-stream"} <= same
    assert not same & {"server-error-alerted", "download-error", "upload-not-found"}


def test_a_cause_an_option_fixes_names_the_options_that_fix_it():
    """The resubmit dialog waits until an edit changes one of them: each is a request
    option the API takes (a typo would wait for ever)."""
    from aai_tui.api.request_options import BY_NAME
    from aai_tui.troubleshoot.matcher import load_catalog

    for entry in load_catalog():
        if entry.fixed_by_options:
            assert entry.fixed_by, entry.id
        assert all(name in BY_NAME for name in entry.fixed_by), entry.id
        assert not entry.fixed_by or entry.fixed_by_options, entry.id
