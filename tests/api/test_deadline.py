"""Every request has a deadline: a server that trickles its answer one byte at a time
(which never trips a read timeout) ends in one clear timeout, not a hang."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from aai_tui.api import AssemblyAIClient
from aai_tui.api.errors import ApiError, ErrorKind
from aai_tui.api.retry import RetryPolicy


@pytest.fixture
def trickling_server():
    """Loopback: answers headers, then one body byte every 0.3 s, for ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                b"content-length: 100000\r\n\r\n{"
            )
            while not stop.is_set():
                try:
                    conn.sendall(b" ")
                except OSError:
                    break
                time.sleep(0.3)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=3)
    server.close()


async def test_a_trickling_server_is_a_timeout_within_the_deadline(trickling_server):
    client = AssemblyAIClient(
        "k", trickling_server, deadline=1.5, retry_policy=RetryPolicy(max_attempts=1)
    )
    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        await client.get_transcript("abc")
    await client.aclose()
    assert time.monotonic() - started < 5
    assert raised.value.kind is ErrorKind.TIMEOUT
    assert "no whole answer within 1.5 s" in raised.value.message


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"id": 42, "status": ["x"]}, "the transcript id is 42"),
        ({"status": "queued"}, "the transcript id is None"),
        ({"id": "../../etc/passwd", "status": "queued"}, "the transcript id is '../../etc/passwd'"),
        ({"id": "abc", "status": "done"}, "the transcript status is 'done'"),
    ],
)
async def test_an_answer_that_is_not_the_api_s_is_not_believed(body, said):

    import respx

    with respx.mock(base_url="https://api.example.test") as mock:
        mock.post("/v2/transcript").respond(200, json=body)
        client = AssemblyAIClient("k", "https://api.example.test")
        with pytest.raises(ApiError) as raised:
            await client.create_transcript({"audio_url": "https://x.test/a.mp3"})
        await client.aclose()
    assert raised.value.kind is ErrorKind.PROTOCOL
    assert raised.value.message.startswith("not an AssemblyAI answer")
    assert said in raised.value.message
