from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from aai_tui.api import AssemblyAIClient
from aai_tui.journal import Journal
from tests.helpers import LiveSim, running_sim


@pytest.fixture
def sim() -> Iterator[LiveSim]:
    with running_sim(concurrency=5) as live:
        yield live


@pytest.fixture
async def client(sim: LiveSim) -> AsyncIterator[AssemblyAIClient]:
    async with AssemblyAIClient("actions-test-key", sim.base_url) as c:
        yield c


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()
