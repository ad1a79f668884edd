"""Each endpoint's request and parsing, against respx."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx

from aai_tui.api import ApiError, AssemblyAIClient, TranscriptStatus
from aai_tui.api.errors import ErrorKind

BASE = "https://api.assemblyai.com"
KEY = "test-key-0123456789abcdef"
TID = "5551722-f677-48a6-9287-39c0aafd9ac1"

TRANSCRIPT = {
    "id": TID,
    "status": "completed",
    "audio_url": "https://example.com/a.mp3",
    "text": "Hello world.",
    "words": [
        {"text": "Hello", "start": 0, "end": 400, "confidence": 0.9, "speaker": "A"},
        {"text": "world.", "start": 400, "end": 900, "confidence": 0.8, "speaker": "A"},
    ],
    "utterances": [
        {
            "text": "Hello world.",
            "start": 0,
            "end": 900,
            "confidence": 0.85,
            "speaker": "A",
            "words": [],
        },
    ],
    "audio_duration": 1,
    "confidence": 0.85,
    "language_code": "en_us",
    "speech_model_used": "universal-3-pro",
    "a_field_from_the_future": {"nested": True},
}


@pytest.fixture
async def client(fake_sleep):
    async with AssemblyAIClient(KEY, BASE, sleep=fake_sleep) as c:
        yield c


def _sent(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1
    return route.calls.last.request


@respx.mock
async def test_auth_header_is_the_raw_key_without_bearer(client):
    route = respx.get(f"{BASE}/v2/transcript/{TID}").respond(json=TRANSCRIPT)
    await client.get_transcript(TID)
    request = _sent(route)
    assert request.headers["authorization"] == KEY
    assert "Bearer" not in request.headers["authorization"]


@respx.mock
async def test_get_transcript_parses_known_fields_and_keeps_unknown(client):
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(json=TRANSCRIPT)
    transcript = await client.get_transcript(TID)
    assert transcript.status is TranscriptStatus.COMPLETED
    assert transcript.text == "Hello world."
    assert [w.text for w in transcript.words] == ["Hello", "world."]
    assert transcript.words[1].start == 400
    assert transcript.speakers == ("A",)
    assert transcript.word_count == 2
    assert transcript.audio_duration == 1.0
    assert transcript.raw["a_field_from_the_future"] == {"nested": True}


@respx.mock
async def test_unknown_status_and_missing_fields_do_not_break_parsing(client):
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(json={"id": TID, "status": "new-thing"})
    transcript = await client.get_transcript(TID)
    assert transcript.status is TranscriptStatus.QUEUED
    assert transcript.words == ()
    assert transcript.audio_url == ""


@respx.mock
async def test_create_transcript_posts_the_params_as_json(client):
    route = respx.post(f"{BASE}/v2/transcript").respond(
        json={**TRANSCRIPT, "status": "queued", "text": None, "words": None}
    )
    params = {"audio_url": "https://example.com/a.mp3", "speech_models": ["universal-3-pro"]}
    transcript = await client.create_transcript(params)
    request = _sent(route)
    assert json.loads(request.content) == params
    assert request.headers["content-type"] == "application/json"
    assert transcript.status is TranscriptStatus.QUEUED


@respx.mock
async def test_delete_transcript(client):
    route = respx.delete(f"{BASE}/v2/transcript/{TID}").respond(
        json={**TRANSCRIPT, "audio_url": "http://deleted_by_user", "text": "Deleted by user."}
    )
    transcript = await client.delete_transcript(TID)
    _sent(route)
    assert transcript.text == "Deleted by user."


@respx.mock
async def test_list_transcripts_sends_every_filter(client):
    page = {
        "page_details": {
            "limit": 2,
            "result_count": 1,
            "current_url": f"{BASE}/v2/transcript?limit=2",
            "prev_url": f"{BASE}/v2/transcript?limit=2&before_id=older-id",
            "next_url": f"{BASE}/v2/transcript?limit=2&after_id=newer-id",
        },
        "transcripts": [
            {
                "id": TID,
                "resource_url": f"{BASE}/v2/transcript/{TID}",
                "status": "error",
                "created": "2026-11-20T10:00:00.123456",
                "completed": None,
                "audio_url": "https://example.com/a.mp3",
                "error": "Audio duration is too short.",
            }
        ],
    }
    route = respx.get(f"{BASE}/v2/transcript").respond(json=page)
    result = await client.list_transcripts(
        limit=2, status="error", created_on="2026-11-20", before_id="b", after_id="a"
    )
    request = _sent(route)
    assert dict(request.url.params) == {
        "limit": "2",
        "status": "error",
        "created_on": "2026-11-20",
        "before_id": "b",
        "after_id": "a",
    }
    item = result.transcripts[0]
    assert item.status is TranscriptStatus.ERROR
    assert item.error == "Audio duration is too short."
    assert item.created is not None and item.created.year == 2026
    assert result.page_details.older_cursor == "older-id"
    assert result.page_details.newer_cursor == "newer-id"


@respx.mock
async def test_page_links_are_followed_on_our_own_host_only(client):
    route = respx.get(f"{BASE}/v2/transcript").respond(json={"page_details": {}, "transcripts": []})
    await client.list_transcripts_at("https://elsewhere.example/v2/transcript?limit=5&before_id=x")
    request = _sent(route)
    assert request.url.host == "api.assemblyai.com"
    assert dict(request.url.params) == {"limit": "5", "before_id": "x"}
    with pytest.raises(ApiError):
        await client.list_transcripts_at(f"{BASE}/v2/upload")


@respx.mock
@pytest.mark.parametrize("fmt", ["srt", "vtt"])
async def test_subtitles_with_chars_per_caption(client, fmt):
    route = respx.get(f"{BASE}/v2/transcript/{TID}/{fmt}").respond(text="1\n00:00:00,000 --> ...")
    text = await client.get_subtitles(TID, fmt, chars_per_caption=32)
    request = _sent(route)
    assert request.url.params["chars_per_caption"] == "32"
    assert text.startswith("1\n")


@respx.mock
async def test_sentences_and_paragraphs(client):
    body = {"id": TID, "confidence": 0.9, "audio_duration": 1.0}
    respx.get(f"{BASE}/v2/transcript/{TID}/sentences").respond(
        json={
            **body,
            "sentences": [
                {
                    "text": "Hello world.",
                    "start": 0,
                    "end": 900,
                    "confidence": 0.9,
                    "words": TRANSCRIPT["words"],
                    "speaker": None,
                }
            ],
        }
    )
    respx.get(f"{BASE}/v2/transcript/{TID}/paragraphs").respond(
        json={
            **body,
            "paragraphs": [
                {"text": "Hello world.", "start": 0, "end": 900, "confidence": 0.9, "words": []}
            ],
        }
    )
    sentences = await client.get_sentences(TID)
    paragraphs = await client.get_paragraphs(TID)
    assert sentences.sentences[0].words[0].text == "Hello"
    assert paragraphs.paragraphs[0].end == 900


@respx.mock
async def test_word_search_joins_words_with_commas(client):
    route = respx.get(f"{BASE}/v2/transcript/{TID}/word-search").respond(
        json={
            "id": TID,
            "total_count": 1,
            "matches": [{"text": "hello", "count": 1, "timestamps": [[0, 400]], "indexes": [0]}],
        }
    )
    result = await client.word_search(TID, ["hello", "world"])
    assert _sent(route).url.params["words"] == "hello,world"
    assert result.matches[0].timestamps == ((0, 400),)


@respx.mock
async def test_redacted_audio(client):
    respx.get(f"{BASE}/v2/transcript/{TID}/redacted-audio").respond(
        json={"status": "redacted_audio_ready", "redacted_audio_url": "https://x/y.mp3"}
    )
    result = await client.get_redacted_audio(TID)
    assert result.redacted_audio_url == "https://x/y.mp3"


@respx.mock
async def test_upload_streams_the_file_in_chunks_with_progress(client, tmp_path: Path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"x" * 2500)
    route = respx.post(f"{BASE}/v2/upload").respond(
        json={"upload_url": "https://cdn.assemblyai.com/upload/abc"}
    )
    seen: list[tuple[int, int]] = []
    url = await client.upload(
        audio, progress=lambda sent, total: seen.append((sent, total)), chunk_size=1000
    )
    request = _sent(route)
    assert url == "https://cdn.assemblyai.com/upload/abc"
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.headers["content-length"] == "2500"
    assert "transfer-encoding" not in request.headers
    assert request.content == b"x" * 2500
    assert seen == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


async def test_upload_body_is_a_stream_not_a_buffer(client, tmp_path: Path):
    """The request body is an async iterator read chunk by chunk, never the whole file."""
    audio = tmp_path / "big.bin"
    audio.write_bytes(b"\0" * (3 * 1024 * 1024))
    chunk_sizes: list[int] = []

    class StreamingTransport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            async for chunk in request.stream:
                chunk_sizes.append(len(chunk))
            return httpx.Response(200, json={"upload_url": "https://cdn/x"})

    async with AssemblyAIClient(KEY, BASE, transport=StreamingTransport()) as c:
        await c.upload(audio, chunk_size=1024 * 1024)
    assert chunk_sizes == [1024 * 1024] * 3


@pytest.mark.parametrize(
    ("status", "body", "content_type", "message"),
    [
        (
            400,
            {"error": "Transcript lookup error, transcript id not found"},
            None,
            "Transcript lookup error, transcript id not found",
        ),
        (
            401,
            {"error": "Authentication error, API token missing/invalid"},
            None,
            "Authentication error, API token missing/invalid",
        ),
        (404, "404: Not Found", "text/html; charset=utf-8", "404: Not Found"),
        (
            422,
            "Upload failed, please try again. If you continue to have issues please reach "
            "out to support@assemblyai.com",
            "text/plain",
            "Upload failed, please try again. If you continue to have issues please reach out "
            "to support@assemblyai.com",
        ),
    ],
)
@respx.mock
async def test_error_carries_status_message_method_and_path(
    client, status, body, content_type, message
):
    if isinstance(body, dict):
        respx.get(f"{BASE}/v2/transcript/{TID}").respond(status, json=body)
    else:
        respx.get(f"{BASE}/v2/transcript/{TID}").respond(
            status, text=body, headers={"content-type": content_type}
        )
    with pytest.raises(ApiError) as caught:
        await client.get_transcript(TID)
    error = caught.value
    assert error.status == status
    assert error.message == message
    assert error.method == "GET"
    assert error.path == f"/v2/transcript/{TID}"
    assert error.retryable is False
    assert error.kind is ErrorKind.HTTP


@respx.mock
async def test_html_where_json_was_due_is_a_protocol_error(client):
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(
        200,
        text="<html><body>Welcome to nginx</body></html>",
        headers={"content-type": "text/html"},
    )
    with pytest.raises(ApiError) as caught:
        await client.get_transcript(TID)
    assert caught.value.kind is ErrorKind.PROTOCOL
    assert "expected JSON" in caught.value.message
    assert "text/html" in caught.value.message


async def test_the_key_is_in_no_repr_or_error(tmp_path):
    async def handler(request: httpx.Request) -> httpx.Response:
        # A hostile server echoing the key back must not get it into our messages.
        return httpx.Response(400, json={"error": f"bad key {request.headers['authorization']}"})

    async with AssemblyAIClient(KEY, BASE, transport=httpx.MockTransport(handler)) as c:
        assert KEY not in repr(c)
        with pytest.raises(ApiError) as caught:
            await c.get_transcript(TID)
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value)
    assert "test…" in caught.value.message


async def test_transcript_ids_cannot_escape_the_path(client):
    with respx.mock:
        route = respx.get(f"{BASE}/v2/transcript/..%2Fupload").respond(json=TRANSCRIPT)
        await client.get_transcript("../upload")
        assert route.called


@respx.mock
async def test_a_summary_leaves_out_the_lists_and_keeps_the_rest(client):
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(json=TRANSCRIPT)
    full = await client.get_transcript(TID)
    summary = await client.get_transcript(TID, bulk=False)
    assert summary.words == () and summary.utterances == ()
    assert "words" not in summary.raw and "utterances" not in summary.raw
    assert summary.speakers == full.speakers == ("A",)
    assert summary.word_count == full.word_count == 2
    for name in ("id", "status", "text", "audio_duration", "language_code", "warnings"):
        assert getattr(summary, name) == getattr(full, name)
    assert summary.raw["a_field_from_the_future"] == {"nested": True}


@respx.mock
async def test_a_long_transcript_is_parsed_off_the_event_loop(client, monkeypatch):
    """30 minutes of audio is 400 KB of JSON: its decoding must not hold the screen."""
    import asyncio

    from aai_tui.api import client as client_module

    words = [
        {"text": f"w{n}", "start": n, "end": n + 1, "confidence": 0.9, "speaker": "A"}
        for n in range(client_module.PARSE_OFF_LOOP_BYTES // 40)
    ]
    long = {**TRANSCRIPT, "words": words}
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(json=long)
    threads: list[object] = []
    real = asyncio.to_thread

    async def to_thread(function, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(function)
        return await real(function, *args, **kwargs)

    monkeypatch.setattr(client_module.asyncio, "to_thread", to_thread)
    transcript = await client.get_transcript(TID)
    assert len(transcript.words) == len(words) and len(threads) == 1
    threads.clear()
    respx.get(f"{BASE}/v2/transcript/{TID}").respond(json=TRANSCRIPT)
    await client.get_transcript(TID)  # a short one: no thread to hop to
    assert threads == []
