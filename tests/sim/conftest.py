from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.helpers import LiveSim, running_sim


@pytest.fixture
def sim() -> Iterator[LiveSim]:
    with running_sim() as live:
        yield live


@pytest.fixture
def http(sim: LiveSim) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sim.base_url, headers={"authorization": "sim-key-1"}, timeout=10, trust_env=False
    ) as client:
        yield client
