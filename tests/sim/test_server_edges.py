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
