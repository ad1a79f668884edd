"""The simulator over real loopback HTTP: every documented answer, verbatim."""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from aai_tui.api import error_messages as messages
from aai_tui.media import probe
from aai_tui.sim.engine import MAX_CONTENT_LENGTH, QUEUE_LATENCY
from tests.helpers import (
    MEDIA,
    SPEECH_MODELS,
    SPRING_2026_MODELS,
    file_server,
    running_sim,
    write_wav,
)


def upload(http: httpx.Client, path: Path) -> str:
    response = http.post("/v2/upload", content=path.read_bytes())
    assert response.status_code == 200, response.text
    return response.json()["upload_url"]


def create(http: httpx.Client, **params) -> dict:
    body = {"speech_models": SPEECH_MODELS, **params}
    response = http.post("/v2/transcript", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def finish(sim, http: httpx.Client, transcript_id: str) -> dict:
    sim.clock.advance(10_000)
    return http.get(f"/v2/transcript/{transcript_id}").json()


# ----------------------------------------------------------------- auth


def test_missing_key_is_401(sim):
    response = httpx.get(f"{sim.base_url}/v2/transcript", trust_env=False)
    assert response.status_code == 401
    assert response.json() == {"error": messages.AUTH_INVALID}


def test_wrong_key_is_401_when_a_key_is_configured():
    with running_sim(api_key="the-right-key") as live:
        url = f"{live.base_url}/v2/transcript"
        wrong = httpx.get(url, headers={"authorization": "nope"}, trust_env=False)
        right = httpx.get(url, headers={"authorization": "the-right-key"}, trust_env=False)
    assert wrong.status_code == 401
    assert wrong.json() == {"error": messages.AUTH_INVALID}
    assert right.status_code == 200


@pytest.mark.parametrize("header", ["authorization", "Authorization", "AUTHORIZATION"])
def test_the_header_name_is_case_insensitive(sim, header):
    response = httpx.get(f"{sim.base_url}/v2/transcript", headers={header: "k"}, trust_env=False)
    assert response.status_code == 200


# ------------------------------------------------------------ validation

VALID = {"audio_url": "https://example.com/a.mp3", "speech_models": SPRING_2026_MODELS}


@pytest.fixture
def spring_http():
    """The API of spring 2026, as the seeds document it (universal-3-pro current)."""
    with (
        running_sim(speech_models=tuple(SPRING_2026_MODELS)) as live,
        httpx.Client(
            base_url=live.base_url, headers={"authorization": "k"}, timeout=10, trust_env=False
        ) as client,
    ):
        yield client


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"speech_models": SPEECH_MODELS}, messages.AUDIO_URL_MISSING),
        ({**VALID, "language_code": "xx"}, messages.language_not_supported("xx")),
        ({**VALID, "speech_models": []}, messages.SPEECH_MODELS_INVALID),
        ({**VALID, "speech_models": ["nano"]}, messages.SPEECH_MODELS_INVALID),
        ({"audio_url": "https://example.com/a.mp3"}, messages.SPEECH_MODELS_INVALID),
        ({**VALID, "speech_model": "universal-2"}, messages.SPEECH_MODEL_DEPRECATED),
        ({**VALID, "speech_model": "slam-1"}, messages.SPEECH_MODEL_DEPRECATED),
        (
            {**VALID, "language_detection": True, "language_code": "en"},
            messages.LANGUAGE_DETECTION_WITH_CODE,
        ),
        ({**VALID, "punctuate": "yes"}, messages.must_be_boolean("punctuate")),
        ({**VALID, "speaker_labels": 1}, messages.must_be_boolean("speaker_labels")),
        ({**VALID, "format_text": "false"}, messages.must_be_boolean("format_text")),
        ({**VALID, "webhook_url": "ftp://hooks"}, messages.WEBHOOK_URL_INVALID),
        ({**VALID, "redact_pii": True}, messages.REDACT_POLICIES_MISSING),
        (
            {**VALID, "redact_pii": True, "redact_pii_policies": ["person_name", "shoe_size"]},
            messages.unsupported_pii_policy(
                __import__("aai_tui.sim.validation", fromlist=["PII_POLICIES"]).PII_POLICIES
            ),
        ),
        ({**VALID, "redact_pii_audio_quality": "ogg"}, messages.REDACT_AUDIO_QUALITY_INVALID),
        (
            {**VALID, "language_code": "sw", "speaker_labels": True},
            messages.models_not_available_in_language(["speaker_labels"]),
        ),
    ],
)
def test_create_rejects_with_the_documented_message(spring_http, body, message):
    """``aai-tui sim --speech-models universal-3-pro,universal-2``: every seed message,
    byte for byte."""
    response = spring_http.post("/v2/transcript", json=body)
    assert response.status_code == 400
    assert response.json() == {"error": message}


TODAY = {"audio_url": "https://example.com/a.mp3"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {**TODAY, "speech_models": ["universal-3-pro", "universal-2"]},
            'The "universal-3-pro" speech model(s) have been deprecated. '
            'Use speech_models: ["universal-3-5-pro", "universal-2"] instead.',
        ),
        (
            {**TODAY, "speech_models": []},
            '"speech_models" must be a non-empty list containing one or more of: '
            '"universal-3-5-pro", "universal-2"',
        ),
        (
            {**TODAY, "speech_models": ["slam-9"]},
            '"speech_models" must be a non-empty list containing one or more of: '
            '"universal-3-5-pro", "universal-2"',
        ),
        ({**TODAY, "speakers_expected": "two"}, "`speakers_expected` must be an Integer"),
        ({**TODAY, "speech_threshold": 5}, "`speech_threshold` must be between 0 and 1"),
        ({**TODAY, "speech_threshold": "x"}, "`speech_threshold` must be a Number"),
        ({**TODAY, "keyterms_prompt": "x"}, "`keyterms_prompt` must be a List of Strings"),
        ({**TODAY, "redact_pii": None}, "`redact_pii` must be a Boolean"),
        (
            {**TODAY, "custom_spelling": [{"from": "a", "to": "b"}]},
            "`custom_spelling.from` must be a List of Strings",
        ),
        ({**TODAY, "custom_spelling": [{"to": "b"}]}, "`custom_spelling.from` is required"),
        (
            {**TODAY, "speaker_options": {"min": 2}, "speaker_labels": True},
            "`speaker_options.min` is not a valid parameter",
        ),
        ({**TODAY, "shoe_size": 42}, "`shoe_size` is not a valid parameter"),
        (
            {
                **TODAY,
                "redact_pii": True,
                "redact_pii_policies": ["person_name"],
                "format_text": False,
            },
            "`redact_pii` requires `format_text` to be `true`.",
        ),
        (
            {**TODAY, "redact_pii_audio": True},
            "`redact_pii_audio` requires `redact_pii` to be `true`.",
        ),
        (
            {**TODAY, "speaker_labels": True, "punctuate": False},
            "`speaker_labels` requires `punctuate` to be `true`.",
        ),
        (
            {**TODAY, "speaker_labels": True, "speakers_expected": 2, "speaker_options": {}},
            "`speakers_expected` cannot be used together with `speaker_options`.",
        ),
        (
            {**TODAY, "webhook_auth_header_name": "X-Key", "webhook_auth_header_value": "v"},
            "`webhook_auth_header_name` requires `webhook_url` to also be set.",
        ),
        (
            {**TODAY, "redact_pii_return_unredacted": True},
            "`redact_pii_return_unredacted` requires `redact_pii` to be `true`.",
        ),
        (
            {**TODAY, "language_detection": True, "language_codes": ["en", "es"]},
            messages.LANGUAGE_DETECTION_WITH_CODES,
        ),
        ({**TODAY, "language_detection": False}, messages.LANGUAGE_CODE_REQUIRED),
        ({**TODAY, "domain": "legal-v9"}, "Invalid `domain` value, choose one of 'medical-v1'"),
    ],
)
def test_todays_api_checks_every_field(http, body, message):
    response = http.post("/v2/transcript", json=body)
    assert response.status_code == 400, response.text
    assert response.json() == {"error": message}


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"speech_model": "universal-2"},
        {"speech_model": "best"},
        {"speech_models": ["universal"]},
        {
            "redact_pii": True,
            "redact_pii_policies": ["location_city", "organization_medical_facility"],
        },
        {"domain": "medical-v1", "prompt": "A consult.", "temperature": 0.3},
        {"speaker_labels": True, "speaker_options": {"min_speakers_expected": 2}},
        {"language_code": "no"},
    ],
)
def test_todays_api_routes_and_accepts(http, extra):
    response = http.post("/v2/transcript", json={**TODAY, **extra})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["speech_models"] == ["universal-3-5-pro", "universal-2"]
    for name, value in extra.items():
        if name not in ("speech_model", "speech_models"):
            assert body[name] == value


def test_the_documented_examples_are_exact():
    assert messages.must_be_boolean("punctuate") == "`punctuate` must be a Boolean"
    assert messages.models_not_available_in_language(["speaker_labels"]) == (
        "The following models are not available in this language: speaker_labels"
    )
    assert messages.unsupported_pii_policy(["a"]).startswith(
        "Unsupported policy name in 'redact_pii_policies', supported policy names are ["
    )


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"'])
def test_malformed_json_is_rejected(http, raw):
    response = http.post(
        "/v2/transcript", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": messages.JSON_INVALID}


@pytest.mark.parametrize("legacy", ["best", "nano", "universal"])
def test_legacy_speech_model_is_silently_ignored(http, legacy):
    body = create(http, audio_url="https://example.com/a.mp3", speech_model=legacy)
    assert body["status"] == "queued"
    assert body["speech_model"] is None


def test_unknown_transcript_id(http):
    for path in ("/v2/transcript/nope", "/v2/transcript/nope/srt", "/v2/transcript/nope/sentences"):
        response = http.get(path)
        assert response.status_code == 400
        assert response.json() == {"error": messages.TRANSCRIPT_NOT_FOUND}
    assert http.delete("/v2/transcript/nope").json() == {"error": messages.TRANSCRIPT_NOT_FOUND}


def test_exports_before_completion_name_what_was_asked(http):
    job = create(http, audio_url="https://example.com/a.mp3")
    tid = job["id"]
    for path, what in (
        ("srt", "captions"),
        ("vtt", "captions"),
        ("sentences", "sentences"),
        ("paragraphs", "paragraphs"),
    ):
        response = http.get(f"/v2/transcript/{tid}/{path}")
        assert response.status_code == 400
        assert response.json() == {"error": messages.export_not_ready("queued", what)}
    assert messages.export_not_ready("queued", "captions") == (
        "This transcript has a status of 'queued'. Transcripts must have a status of "
        "'completed' before requesting captions."
    )


def test_unknown_subtitle_format_is_an_html_404(http):
    job = create(http, audio_url="https://example.com/a.mp3")
    response = http.get(f"/v2/transcript/{job['id']}/docx")
    assert response.status_code == 404
    assert response.text == "404: Not Found"
    assert response.headers["content-type"].startswith("text/html")


def test_empty_upload_is_a_plain_text_422(http):
    response = http.post("/v2/upload", content=b"")
    assert response.status_code == 422
    assert response.text == messages.UPLOAD_EMPTY
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("0", messages.LIMIT_TOO_LOW),
        ("-5", messages.LIMIT_TOO_LOW),
        ("201", messages.LIMIT_TOO_HIGH),
    ],
)
def test_list_limit_bounds(http, limit, message):
    response = http.get("/v2/transcript", params={"limit": limit})
    assert response.status_code == 400
    assert response.json() == {"error": message}


# --------------------------------------------------------- the real thing


def test_upload_transcribe_and_export_agree(sim, http, tmp_path):
    url = upload(http, write_wav(tmp_path / "talk.wav", 12.0))
    assert url.startswith(f"{sim.base_url}/v2/uploads/")
    job = create(http, audio_url=url, speaker_labels=True)
    assert job["status"] == "queued"
    sim.clock.advance(QUEUE_LATENCY)
    assert http.get(f"/v2/transcript/{job['id']}").json()["status"] == "processing"
    done = finish(sim, http, job["id"])
    assert done["status"] == "completed"
    assert done["audio_duration"] == 12
    words = done["words"]
    assert done["text"] == " ".join(w["text"] for w in words)
    assert words[0]["start"] >= 0 and words[-1]["end"] <= 12_000
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(words))
    assert {u["speaker"] for u in done["utterances"]} <= {"A", "B"}
    assert done["speech_model_used"] == "universal-3-5-pro"

    srt = http.get(f"/v2/transcript/{job['id']}/srt", params={"chars_per_caption": 20}).text
    blocks = [b for b in srt.strip().split("\n\n") if b]
    srt_words = []
    for number, block in enumerate(blocks, start=1):
        lines = block.split("\n")
        assert lines[0] == str(number)
        assert " --> " in lines[1] and "," in lines[1]
        assert len(lines[2]) <= 20 or " " not in lines[2]
        srt_words += lines[2].split()
    assert srt_words == [w["text"] for w in words]

    vtt = http.get(f"/v2/transcript/{job['id']}/vtt").text
    assert vtt.startswith("WEBVTT\n")
    vtt_words = [w for block in vtt.split("\n\n")[1:] for w in block.split("\n")[1].split()]
    assert vtt_words == [w["text"] for w in words]

    sentences = http.get(f"/v2/transcript/{job['id']}/sentences").json()["sentences"]
    assert " ".join(s["text"] for s in sentences) == done["text"]
    paragraphs = http.get(f"/v2/transcript/{job['id']}/paragraphs").json()["paragraphs"]
    assert " ".join(p["text"] for p in paragraphs) == done["text"]

    target = words[3]["text"].strip(".?!").lower()
    found = http.get(f"/v2/transcript/{job['id']}/word-search", params={"words": target}).json()
    expected = [i for i, w in enumerate(words) if w["text"].strip(".?!").lower() == target]
    assert found["matches"][0]["indexes"] == expected
    assert found["total_count"] == len(expected)
    assert found["matches"][0]["timestamps"][0] == [
        words[expected[0]]["start"],
        words[expected[0]]["end"],
    ]


def test_word_search_needs_words(sim, http, tmp_path):
    job = create(http, audio_url=upload(http, write_wav(tmp_path / "a.wav", 2)))
    finish(sim, http, job["id"])
    response = http.get(f"/v2/transcript/{job['id']}/word-search")
    assert response.status_code == 400
    assert response.json() == {"error": messages.WORDS_REQUIRED}


def test_redacted_audio(sim, http, tmp_path):
    url = upload(http, write_wav(tmp_path / "a.wav", 2))
    plain = create(http, audio_url=url)
    redacted = create(
        http,
        audio_url=url,
        redact_pii=True,
        redact_pii_audio=True,
        redact_pii_policies=["person_name"],
        redact_pii_audio_quality="wav",
    )
    sim.clock.advance(1000)
    missing = http.get(f"/v2/transcript/{plain['id']}/redacted-audio")
    assert missing.status_code == 400
    assert missing.json() == {"error": messages.REDACTED_AUDIO_MISSING}
    ready = http.get(f"/v2/transcript/{redacted['id']}/redacted-audio").json()
    assert ready["status"] == "redacted_audio_ready"
    assert ready["redacted_audio_url"].endswith(".wav")
    # Downloadable as a presigned URL is: no key, a real audio file.
    audio = httpx.get(ready["redacted_audio_url"], trust_env=False)
    assert audio.status_code == 200
    saved = tmp_path / "redacted.wav"
    saved.write_bytes(audio.content)
    info = probe(saved)
    assert info.problem is None and info.duration > 0.5


def test_redacted_audio_as_mp3_is_a_real_mp3(sim, http, tmp_path):
    url = upload(http, write_wav(tmp_path / "a.wav", 3))
    job = create(
        http,
        audio_url=url,
        redact_pii=True,
        redact_pii_audio=True,
        redact_pii_policies=["person_name"],
    )
    sim.clock.advance(1000)
    ready = http.get(f"/v2/transcript/{job['id']}/redacted-audio").json()
    audio = httpx.get(ready["redacted_audio_url"], trust_env=False)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    saved = tmp_path / "redacted.mp3"
    saved.write_bytes(audio.content)
    assert probe(saved).mime == "audio/mpeg" and probe(saved).duration > 2
    other = httpx.get(ready["redacted_audio_url"].replace(job["id"], "nope"), trust_env=False)
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("silent-video.mp4", messages.no_audio_stream("video/mp4", "ISO Media, MP4 Base Media")),
        ("silent-video.webm", messages.no_audio_stream("video/webm", "WebM")),
    ],
)
def test_video_without_audio_fails_with_no_audio_stream(sim, http, name, error):
    job = create(http, audio_url=upload(http, MEDIA / name))
    assert finish(sim, http, job["id"])["error"] == error


def test_uploaded_html_fails_transcoding(sim, http, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body>not audio</body></html>")
    job = create(http, audio_url=upload(http, page))
    done = finish(sim, http, job["id"])
    assert done["status"] == "error"
    assert done["error"] == messages.transcoding_failed("text/html", "HTML document, ASCII text")


def test_short_audio_fails(sim, http, tmp_path):
    job = create(http, audio_url=upload(http, write_wav(tmp_path / "a.wav", 0.1)))
    assert finish(sim, http, job["id"])["error"] == "Audio duration is too short."


def test_silence_with_language_detection_fails(sim, http, tmp_path):
    url = upload(http, write_wav(tmp_path / "a.wav", 3, silent=True))
    job = create(http, audio_url=url, language_detection=True)
    assert finish(sim, http, job["id"])["error"] == messages.NO_SPOKEN_AUDIO


def test_external_hosts_are_never_fetched(sim, http):
    job = create(http, audio_url="https://foo.bar")
    done = finish(sim, http, job["id"])
    assert done["error"] == (
        "Download error, unable to download https://foo.bar. Please make sure the file exists "
        "and is accessible from the internet."
    )


def test_forgotten_upload_url_is_file_not_found(sim, http, tmp_path):
    url = upload(http, write_wav(tmp_path / "a.wav", 2))
    first = create(http, audio_url=url)
    finish(sim, http, first["id"])
    deleted = http.delete(f"/v2/transcript/{first['id']}").json()
    assert deleted["text"] == "Deleted by user."
    assert deleted["audio_url"] == "http://deleted_by_user"
    again = create(http, audio_url=url)
    assert finish(sim, http, again["id"])["error"] == messages.upload_not_found(url)


def test_another_servers_upload_url_is_a_region_mismatch(sim, http):
    other = "http://127.0.0.1:1/v2/uploads/0c4f1b8e-7d7e-4b8a-9a39-5f6e2a1d9c10"
    job = create(http, audio_url=other)
    assert finish(sim, http, job["id"])["error"] == messages.upload_not_found(other)


def test_loopback_audio_urls_are_fetched_and_inspected(sim, http, tmp_path):
    wav = write_wav(tmp_path / "a.wav", 4).read_bytes()
    with file_server() as (base, routes):
        routes["/talk.wav"] = (200, {"Content-Type": "audio/wav"}, wav)
        routes["/empty.mp3"] = (200, {}, b"")
        routes["/page"] = (200, {"Content-Type": "text/html"}, b"<html><p>hello</p></html>")
        routes["/huge.mp4"] = (200, {"Content-Length": str(MAX_CONTENT_LENGTH + 1)}, b"")
        routes["/flac"] = (200, {}, (MEDIA / "tone.flac").read_bytes())
        cases = {
            "/talk.wav": None,
            "/flac": None,
            "/empty.mp3": messages.no_content(f"{base}/empty.mp3"),
            "/page": messages.transcoding_failed("text/html", "HTML document, ASCII text"),
            "/huge.mp4": messages.too_large(
                f"{base}/huge.mp4", MAX_CONTENT_LENGTH + 1, MAX_CONTENT_LENGTH
            ),
            "/missing.mp3": messages.download_error(f"{base}/missing.mp3"),
        }
        jobs = {path: create(http, audio_url=f"{base}{path}")["id"] for path in cases}
        for path, expected in cases.items():
            for _ in range(200):  # wait for the real download to land, not for job timing
                job = sim.engine.get(jobs[path])
                if job.probe_ready_at is not None:
                    break
                threading.Event().wait(0.02)
            done = finish(sim, http, jobs[path])
            if expected is None:
                assert done["status"] == "completed", (path, done.get("error"))
            else:
                assert done["error"] == expected, path


# -------------------------------------------------------------- listing


def test_list_pages_both_ways_through_page_details(sim, http):
    ids = []
    for i in range(25):
        ids.append(create(http, audio_url=f"https://example.com/{i}.mp3")["id"])
        sim.clock.advance(1)
    newest_first = list(reversed(ids))
    first = http.get("/v2/transcript", params={"limit": 10}).json()
    assert [t["id"] for t in first["transcripts"]] == newest_first[:10]
    assert first["page_details"]["next_url"] is None
    second = httpx.get(
        first["page_details"]["prev_url"], headers=http.headers, trust_env=False
    ).json()
    assert [t["id"] for t in second["transcripts"]] == newest_first[10:20]
    third = httpx.get(
        second["page_details"]["prev_url"], headers=http.headers, trust_env=False
    ).json()
    assert [t["id"] for t in third["transcripts"]] == newest_first[20:]
    assert third["page_details"]["prev_url"] is None
    back = httpx.get(
        third["page_details"]["next_url"], headers=http.headers, trust_env=False
    ).json()
    assert [t["id"] for t in back["transcripts"]] == newest_first[10:20]
    assert second["page_details"]["result_count"] == 10


def test_list_default_limit_status_and_date_filters(sim, http):
    for i in range(12):
        create(http, audio_url=f"https://example.com/{i}.mp3")
    assert len(http.get("/v2/transcript").json()["transcripts"]) == 10
    sim.clock.advance(10_000)
    errors = http.get("/v2/transcript", params={"status": "error", "limit": 200}).json()
    assert len(errors["transcripts"]) == 12  # every example.com download fails
    assert "status=error" in (errors["page_details"]["current_url"])
    queued = http.get("/v2/transcript", params={"status": "queued"}).json()
    assert queued["transcripts"] == []
    day = errors["transcripts"][0]["created"][:10]
    dated = http.get("/v2/transcript", params={"created_on": day, "limit": 200}).json()
    assert len(dated["transcripts"]) == 12
    other = http.get("/v2/transcript", params={"created_on": "2001-01-01"}).json()
    assert other["transcripts"] == []


# ------------------------------------------------------------ rate limit


def test_every_response_carries_rate_limit_headers_and_429_past_the_limit():
    with running_sim(rate_limit=3, rate_window=60) as live:
        client = httpx.Client(
            base_url=live.base_url, headers={"authorization": "k"}, trust_env=False
        )
        answers = [client.get("/v2/transcript") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["x-ratelimit-remaining"] for a in answers] == ["2", "1", "0", "0"]
        assert all(a.headers["x-ratelimit-limit"] == "3" for a in answers)
        assert answers[3].json() == {"error": "Too Many Requests"}
        assert int(answers[3].headers["retry-after"]) == 60
        live.clock.advance(61)
        assert client.get("/v2/transcript").status_code == 200
        unauth = httpx.get(f"{live.base_url}/v2/transcript", trust_env=False)
        assert "x-ratelimit-limit" in unauth.headers
        client.close()


# --------------------------------------------------------------- faults


def test_outage_profile_answers_503():
    with running_sim(faults="outage") as live:
        response = httpx.get(
            f"{live.base_url}/v2/transcript", headers={"authorization": "k"}, trust_env=False
        )
    assert response.status_code == 503


def test_fault_rolls_are_reproducible_with_a_seed():
    from aai_tui.sim.faults import FaultInjector, get_profile

    def rolls(seed: int) -> list[str]:
        injector = FaultInjector(get_profile("chaos"), seed)
        return [injector.request_fault(acts=True).value for _ in range(300)]

    assert rolls(5) == rolls(5)
    assert rolls(5) != rolls(6)
    faults = rolls(5)
    assert {"500", "503", "429", "none"} <= set(faults)


@pytest.mark.parametrize(
    ("fault", "jobs_created"),
    [({"drop_after_act": 1.0}, 1), ({"drop": 1.0}, 0)],
    ids=["after-acting-the-job-exists", "before-acting-nothing-happened"],
)
def test_a_dropped_connection_never_answers(fault, jobs_created):
    from aai_tui.sim.faults import FaultProfile

    with running_sim() as live:
        live.server.faults.profile = FaultProfile("drop-all", "", **fault)
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.post(
                f"{live.base_url}/v2/transcript",
                headers={"authorization": "k"},
                json={**TODAY},
                trust_env=False,
            )
        assert len(list(live.engine.jobs())) == jobs_created


# ------------------------------------------------------------- webhooks


def test_webhook_is_posted_on_completion(sim, http, tmp_path):
    headers_seen: list[dict] = []
    received: list[dict] = []
    arrived = threading.Event()

    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            headers_seen.append(dict(self.headers))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            arrived.set()

        def log_message(self, *args) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
        job = create(
            http, audio_url=upload(http, write_wav(tmp_path / "a.wav", 2)), webhook_url=hook
        )
        sim.clock.advance(1000)
        assert arrived.wait(10), "no webhook arrived"
    finally:
        server.shutdown()
        server.server_close()
    assert received == [{"transcript_id": job["id"], "status": "completed"}]
    assert headers_seen[0].get("X-Hook-Secret") is None
    for _ in range(250):  # the simulator records the answer just after our handler returns
        code = http.get(f"/v2/transcript/{job['id']}").json()["webhook_status_code"]
        if code is not None:
            break
        threading.Event().wait(0.02)
    assert code == 200


def test_webhook_carries_the_auth_header_the_transcript_promises(sim, http, tmp_path):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[dict] = []
    arrived = threading.Event()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()
            arrived.set()

        def log_message(self, *args) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        job = create(
            http,
            audio_url=upload(http, write_wav(tmp_path / "a.wav", 2)),
            webhook_url=f"http://127.0.0.1:{server.server_address[1]}/hook",
            webhook_auth_header_name="X-Hook-Secret",
            webhook_auth_header_value="s3cret",
        )
        assert job["webhook_auth"] is True
        sim.clock.advance(1000)
        assert arrived.wait(10), "no webhook arrived"
    finally:
        server.shutdown()
        server.server_close()
    assert seen[0]["X-Hook-Secret"] == "s3cret"


def test_strict_auth_refuses_a_bearer_key():
    with running_sim(strict_auth=True) as live:
        url = f"{live.base_url}/v2/transcript"
        bearer = httpx.get(url, headers={"authorization": "Bearer k"}, trust_env=False)
        bare = httpx.get(url, headers={"authorization": "k"}, trust_env=False)
    assert bearer.status_code == 401
    assert bearer.json() == {"error": messages.AUTH_INVALID}
    assert bare.status_code == 200


def test_without_strict_auth_any_key_is_taken(sim):
    url = f"{sim.base_url}/v2/transcript"
    assert httpx.get(url, headers={"authorization": "Bearer k"}, trust_env=False).status_code == 200


def test_a_balance_spent_mid_run_drops_the_limit_to_1_and_refuses_new_jobs(tmp_path):
    """As AssemblyAI's bulk guide says: jobs already queued stay and run one at a time;
    a new create gets the documented 400 once the balance is spent."""
    with (
        running_sim(balance_hours=100 / 3600, concurrency=3) as live,
        httpx.Client(
            base_url=live.base_url, headers={"authorization": "k"}, timeout=10, trust_env=False
        ) as client,
    ):
        url = upload(client, write_wav(tmp_path / "a.wav", 60))
        ids = [create(client, audio_url=url)["id"] for _ in range(6)]
        live.clock.advance(QUEUE_LATENCY + 0.1)
        counts = live.engine.counts()
        assert counts["processing"] == 3 and counts["queued"] == 3
        live.clock.advance(20)  # the first three (9-18 s each) ended: 180 s billed of 100
        counts = live.engine.counts()
        assert live.engine.concurrency == 1
        assert counts["completed"] == 3 and counts["queued"] >= 1
        refused = client.post(
            "/v2/transcript", json={"audio_url": url, "speech_models": SPEECH_MODELS}
        )
        assert refused.status_code == 400
        assert refused.json() == {"error": messages.INSUFFICIENT_FUNDS}
        live.clock.advance(120)  # the jobs already queued are not lost: they run, one by one
        statuses = [client.get(f"/v2/transcript/{i}").json()["status"] for i in ids]
        assert statuses == ["completed"] * 6


def test_a_client_that_aborts_an_upload_is_one_log_line(sim):
    import logging
    import socket

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    # Straight on the simulator's logger: the app's log set-up (other tests) may stop
    # records from reaching pytest's root handler.
    logger = logging.getLogger("aai_tui.sim")
    handler = Keep(logging.INFO)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        host, port = sim.base_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as raw:
            raw.sendall(
                b"POST /v2/upload HTTP/1.1\r\nHost: x\r\nauthorization: k\r\n"
                b"Content-Length: 1000000\r\n\r\n" + b"x" * 1000
            )
        for _ in range(400):  # up to 20 s on a busy machine
            if any("upload abandoned" in r.getMessage() for r in records):
                break
            threading.Event().wait(0.05)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = [r for r in records if "upload abandoned" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert not [r for r in records if r.levelno >= logging.ERROR]
    assert list(sim.server.store.root.iterdir()) == []


def test_an_audio_url_with_control_characters_ends(sim, http):
    job = create(http, audio_url="http://127.0.0.1:9/a\x07b\nc.mp3")
    done = finish(sim, http, job["id"])
    for _ in range(100):
        if done["status"] in ("completed", "error"):
            break
        threading.Event().wait(0.05)
        done = finish(sim, http, job["id"])
    assert done["status"] == "error"
    assert done["error"].startswith("Download error, unable to download")


def test_a_language_the_first_model_lacks_leaves_a_warning(sim, http, tmp_path):
    job = create(http, audio_url=upload(http, write_wav(tmp_path / "a.wav", 2)), language_code="ja")
    done = finish(sim, http, job["id"])
    assert done["speech_model_used"] == "universal-2"
    (warning,) = done["metadata"]["warnings"]
    assert "universal-3-5-pro does not support language 'ja'" in warning["message"]


def test_latency_is_added_before_every_answer():
    """``aai-tui sim --latency MS``: a real network's round trip, on loopback."""
    with (
        running_sim(latency=0.25) as slow,
        httpx.Client(
            base_url=slow.base_url, headers={"authorization": "k"}, timeout=10, trust_env=False
        ) as client,
    ):
        started = time.perf_counter()
        assert client.get("/v2/transcript?limit=1").status_code == 200
        assert time.perf_counter() - started >= 0.25


def test_the_simulator_stopped_by_sigterm_removes_the_uploaded_audio(tmp_path):
    """A helper's `kill` of `aai-tui sim` left /tmp/aai-sim-uploads-* with the audio
    in it; Ctrl-C removed it."""
    import os
    import re
    import signal
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "TMPDIR": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aai_tui", "sim", "--port", "0"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        url = re.search(r"http://\S+", first)
        assert url is not None, first
        answer = httpx.post(
            f"{url.group(0)}/v2/upload",
            content=b"RIFF....WAVE",
            headers={"authorization": "k"},
            trust_env=False,
            timeout=10,
        )
        assert answer.status_code == 200
        assert list(tmp_path.glob("aai-sim-uploads-*"))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert list(tmp_path.glob("aai-sim-uploads-*")) == []
    assert proc.returncode in (0, 128 + signal.SIGTERM)
