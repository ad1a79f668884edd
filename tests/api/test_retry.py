"""Retries, backoff and the never-duplicate rule, on a fake clock."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
import respx

from aai_tui.api import ApiError, AssemblyAIClient, RetryPolicy
from aai_tui.api.errors import ErrorKind

BASE = "https://api.assemblyai.com"
TID = "abc"
OK = {"id": TID, "status": "queued", "audio_url": "https://x/a.mp3"}


def make_client(fake_sleep, attempts: int = 4) -> AssemblyAIClient:
    policy = RetryPolicy(max_attempts=attempts, base_delay=1.0, max_delay=8.0, rng=random.Random(7))
    return AssemblyAIClient("key-123456", BASE, retry_policy=policy, sleep=fake_sleep)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
@respx.mock
async def test_get_is_retried_on_transient_statuses(fake_sleep, status):
    route = respx.get(f"{BASE}/v2/transcript/{TID}").mock(
        side_effect=[httpx.Response(status, json={"error": "x"}), httpx.Response(200, json=OK)]
    )
    async with make_client(fake_sleep) as client:
        transcript = await client.get_transcript(TID)
    assert transcript.id == TID
    assert route.call_count == 2
    assert len(fake_sleep.calls) == 1


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
@respx.mock
async def test_get_and_delete_are_retried_on_connect_and_read_errors(fake_sleep, exc):
    get = respx.get(f"{BASE}/v2/transcript/{TID}").mock(
        side_effect=[exc, httpx.Response(200, json=OK)]
    )
    delete = respx.delete(f"{BASE}/v2/transcript/{TID}").mock(
        side_effect=[exc, httpx.Response(200, json=OK)]
    )
    async with make_client(fake_sleep) as client:
        await client.get_transcript(TID)
        await client.delete_transcript(TID)
    assert get.call_count == 2
    assert delete.call_count == 2


@pytest.mark.parametrize("status", [400, 401, 404])
@respx.mock
async def test_client_errors_are_not_retried(fake_sleep, status):
    route = respx.get(f"{BASE}/v2/transcript/{TID}").respond(status, json={"error": "no"})
    async with make_client(fake_sleep) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_transcript(TID)
    assert route.call_count == 1
    assert caught.value.retryable is False
    assert fake_sleep.calls == []


@respx.mock
async def test_backoff_is_exponential_capped_and_jittered(fake_sleep):
    route = respx.get(f"{BASE}/v2/transcript/{TID}").respond(503, json={"error": "busy"})
    async with make_client(fake_sleep, attempts=6) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_transcript(TID)
    assert route.call_count == 6
    assert caught.value.status == 503
    assert caught.value.retryable is True
    ceilings = [1, 2, 4, 8, 8]
    assert len(fake_sleep.calls) == 5
    for delay, ceiling in zip(fake_sleep.calls, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(fake_sleep.calls)) > 1


@respx.mock
async def test_retry_after_is_honoured_even_beyond_the_cap(fake_sleep):
    respx.get(f"{BASE}/v2/transcript/{TID}").mock(
        side_effect=[
            httpx.Response(429, json={"error": "Too many requests"}, headers={"Retry-After": "42"}),
            httpx.Response(200, json=OK),
        ]
    )
    async with make_client(fake_sleep) as client:
        await client.get_transcript(TID)
    assert fake_sleep.calls == [42.0]


@respx.mock
async def test_ratelimit_reset_is_waited_on_a_429_without_retry_after(fake_sleep):
    respx.get(f"{BASE}/v2/transcript/{TID}").mock(
        side_effect=[
            httpx.Response(
                429,
                json={"error": "Too many requests"},
                headers={
                    "X-RateLimit-Limit": "100",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": "17",
                },
            ),
            httpx.Response(200, json=OK),
        ]
    )
    async with make_client(fake_sleep) as client:
        await client.get_transcript(TID)
    assert len(fake_sleep.calls) == 1
    assert 16.5 <= fake_sleep.calls[0] <= 17.0


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500, json={"error": "Internal server error."}),
        httpx.Response(503, json={"error": "unavailable"}),
        httpx.Response(429, json={"error": "Too many requests"}, headers={"Retry-After": "1"}),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.WriteError("broken pipe"),
    ],
    ids=["500", "503", "429", "read-timeout", "disconnect", "write-error"],
)
@respx.mock
async def test_create_transcript_is_never_sent_twice(fake_sleep, failure):
    route = respx.post(f"{BASE}/v2/transcript").mock(
        side_effect=[failure, httpx.Response(200, json=OK)]
    )
    async with make_client(fake_sleep) as client:
        with pytest.raises(ApiError) as caught:
            await client.create_transcript({"audio_url": "https://x/a.mp3"})
    assert route.call_count == 1
    assert fake_sleep.calls == []
    assert caught.value.may_have_reached_server


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(502, json={"error": "bad gateway"}),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected"),
    ],
    ids=["502", "read-timeout", "disconnect"],
)
@respx.mock
async def test_upload_is_never_sent_twice(fake_sleep, tmp_path: Path, failure):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF....")
    route = respx.post(f"{BASE}/v2/upload").mock(
        side_effect=[failure, httpx.Response(200, json={"upload_url": "https://cdn/x"})]
    )
    async with make_client(fake_sleep) as client:
        with pytest.raises(ApiError):
            await client.upload(audio)
    assert route.call_count == 1


@respx.mock
async def test_posts_are_retried_when_the_connection_never_opened(fake_sleep, tmp_path: Path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF....")
    create = respx.post(f"{BASE}/v2/transcript").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=OK)]
    )
    upload = respx.post(f"{BASE}/v2/upload").mock(
        side_effect=[
            httpx.ConnectTimeout("no route"),
            httpx.Response(200, json={"upload_url": "https://cdn/x"}),
        ]
    )
    async with make_client(fake_sleep) as client:
        await client.create_transcript({"audio_url": "https://x/a.mp3"})
        assert await client.upload(audio) == "https://cdn/x"
    assert create.call_count == 2
    assert upload.call_count == 2
    # The retried upload sent the whole body again, not an exhausted stream.
    assert upload.calls.last.request.content == b"RIFF...."


@respx.mock
async def test_connect_failure_that_persists_says_so(fake_sleep):
    respx.get(f"{BASE}/v2/transcript/{TID}").mock(side_effect=httpx.ConnectError("refused"))
    async with make_client(fake_sleep, attempts=3) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_transcript(TID)
    assert caught.value.kind is ErrorKind.CONNECT
    assert caught.value.status is None
    assert not caught.value.may_have_reached_server
    assert "could not connect" in str(caught.value)
    assert len(fake_sleep.calls) == 2


def test_policy_delay_never_below_server_wait():
    policy = RetryPolicy(base_delay=0.5, max_delay=4, rng=random.Random(1))
    assert policy.delay(1, server_wait=60) == 60
    assert 0.25 <= policy.delay(1) <= 0.5
    assert 2 <= policy.delay(10) <= 4
