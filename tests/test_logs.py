"""The log file: requests and retries recorded, secrets scrubbed, mode 0600."""

from __future__ import annotations

import logging
import random
import stat

import httpx
import respx

from aai_tui.api import AssemblyAIClient, RetryPolicy
from aai_tui.logs import configure_logging
from aai_tui.paths import log_file
from aai_tui.redact import register_secret

KEY = "log-secret-key-0000aaaa"


def flush() -> None:
    for handler in logging.getLogger("aai_tui").handlers:
        handler.flush()


@respx.mock
async def test_requests_and_retries_are_logged_without_the_key(fake_sleep):
    path = configure_logging("INFO")
    assert path == log_file()
    respx.get("https://api.assemblyai.com/v2/transcript/t1").mock(
        side_effect=[
            httpx.Response(503, json={"error": f"echo {KEY}"}),
            httpx.Response(200, json={"id": "t1", "status": "queued", "audio_url": "u"}),
        ]
    )
    policy = RetryPolicy(rng=random.Random(0))
    async with AssemblyAIClient(KEY, retry_policy=policy, sleep=fake_sleep) as client:
        await client.get_transcript("t1")
    logging.getLogger("aai_tui.test").error("the key was %s", KEY)
    flush()
    text = path.read_text()
    assert "GET /v2/transcript/t1 -> 503" in text
    assert "GET /v2/transcript/t1 -> 200" in text
    assert "retrying GET /v2/transcript/t1" in text and "HTTP 503" in text
    assert KEY not in text
    assert "log-…" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_tracebacks_are_scrubbed_too():
    register_secret(KEY)
    path = configure_logging("DEBUG")
    try:
        raise RuntimeError(f"boom {KEY}")
    except RuntimeError:
        logging.getLogger("aai_tui.test").exception("failed")
    flush()
    text = path.read_text()
    assert "RuntimeError" in text
    assert KEY not in text


def test_nothing_reaches_the_terminal(capsys):
    configure_logging("DEBUG")
    logging.getLogger("aai_tui.api").warning("quiet please")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
