"""The simulator at the edges of HTTP: clients that leave half way."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import pytest

from tests.helpers import running_sim


def test_a_client_that_leaves_mid_body_is_no_traceback(caplog: pytest.LogCaptureFixture):
    """A killed submitter leaves a create half sent: the simulator says nothing loud
    and creates nothing."""
    with running_sim() as sim, caplog.at_level(logging.INFO):
        parts = urlsplit(sim.base_url)
        assert parts.hostname and parts.port
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as raw:
            raw.sendall(
                b"POST /v2/transcript HTTP/1.1\r\nHost: x\r\nauthorization: k\r\n"
                b'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"audio_'
            )
        time.sleep(0.5)
        assert list(sim.engine.jobs()) == []
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert loud == []


def test_answers_go_out_at_once_on_a_kept_alive_connection():
    """A helper timed 44 ms a GET over keep-alive against 10 ms for curl: the server's
    body waited for the client's delayed ACK (Nagle's algorithm). Its sockets send
    at once, as the API's do."""
    import httpx

    with running_sim() as sim, httpx.Client(base_url=sim.base_url) as client:
        client.get("/v2/transcript", headers={"authorization": "k"})
        transports = list(sim.server.connections._by_peer.values())
        assert transports
        for transport in transports:
            sock = transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
