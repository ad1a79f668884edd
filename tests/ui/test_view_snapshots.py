"""What the views of the dashboard show, frozen at 80x24 and 120x40: batches (B), the
event log (L), find (:), saved views (V) and several statuses (S). The failures view
has its own in test_failures_view.py. Clock, time zone and journal times are fixed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from aai_tui.event_log import EntryKind, EventLog
from aai_tui.journal import BatchEntry, Journal
from aai_tui.ui.screens.batches import BatchesScreen
from aai_tui.ui.screens.event_log import EventLogScreen
from aai_tui.ui.screens.find import FindScreen
from aai_tui.ui.screens.statuses import StatusChoiceScreen
from aai_tui.ui.screens.views import VIEWS_KEY, SavedView, ViewsScreen
from tests.fake_api import NOW, FakeApi, job_id
from tests.ui.app_factory import make_app, run_before, wait_for

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
AT = NOW.timestamp()


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local times are printed: the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def journal_with_batches(path: Path) -> Journal:
    journal = Journal(path, clock=lambda: AT - 3600, owner="snapshot")
    subs = journal.record_batch(
        [
            BatchEntry(local_path=Path("/audio/board-meeting.wav"), size=1, duration=1800),
            BatchEntry(local_path=Path("/audio/sales-call.mp3"), size=1, duration=600),
            BatchEntry(local_path=Path("/audio/notes.txt"), failure="does not look like audio"),
        ],
        params={"speech_models": ["universal-3-pro"]},
        endpoint="https://api.assemblyai.com",
        batch_id="b-2026-11-22",
    )
    for n, sub in enumerate(subs[:2]):
        journal.mark_uploaded(sub.id, f"https://cdn.assemblyai.com/upload/{n}")
        journal.mark_creating(sub.id)
        journal.mark_created(sub.id, job_id(57 + n))  # a processing job, then a queued one
    return journal


def app_with(journal: Journal | None = None):  # type: ignore[no-untyped-def]
    app = make_app(FakeApi(), poll_interval=3600)
    app.journal = journal
    app.event_log = EventLog(clock=lambda: AT)
    app._event_log_handler.log = app.event_log  # the handler added at construction
    return app


@SIZES
def test_batches_view(snap_compare, size, tmp_path):
    async def open_batches(pilot: Pilot) -> None:
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BatchesScreen))
        files = pilot.app.screen.query_one("#batch-files", DataTable)
        await wait_for(pilot, lambda: files.row_count == 3)

    app = app_with(journal_with_batches(tmp_path / "j.sqlite3"))
    assert snap_compare(app, terminal_size=size, run_before=run_before(open_batches))


@SIZES
def test_event_log_view(snap_compare, size):
    app = app_with()

    async def open_log(pilot: Pilot) -> None:
        log = pilot.app.event_log  # type: ignore[attr-defined]
        log.add(EntryKind.FAILURE, "GET /v2/transcript failed after 10003 ms: ReadTimeout")
        log.add(EntryKind.RETRY, "retrying GET /v2/transcript in 1.00 s (attempt 2 of 4)")
        log.add(EntryKind.RATE_LIMIT, "POST /v2/transcript -> 429 in 3 ms", severe=True)
        log.add(EntryKind.SUBMISSION, "board-meeting.wav: created 00000039 [b]not markup[/b]")
        log.add(EntryKind.NOTIFICATION, "Live updates paused.")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, EventLogScreen))

    assert snap_compare(app, terminal_size=size, run_before=run_before(open_log))


@SIZES
def test_find_view(snap_compare, size, tmp_path):
    app = app_with(journal_with_batches(tmp_path / "j.sqlite3"))

    async def find(pilot: Pilot) -> None:
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FindScreen))
        await pilot.press(*"sales")
        screen = pilot.app.screen
        await wait_for(pilot, lambda: bool(screen.candidates))  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=size, run_before=run_before(find))


@SIZES
def test_saved_views(snap_compare, size, tmp_path):
    journal = Journal(tmp_path / "j.sqlite3", clock=lambda: AT, owner="snapshot")
    journal.remember(
        VIEWS_KEY,
        {
            "failures today": SavedView(statuses=("error",), day="today").to_json(),
            "in flight": SavedView(statuses=("queued", "processing"), page_size=50).to_json(),
        },
    )
    app = app_with(journal)

    async def open_views(pilot: Pilot) -> None:
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ViewsScreen))

    assert snap_compare(app, terminal_size=size, run_before=run_before(open_views))


@SIZES
def test_several_statuses(snap_compare, size):
    async def choose(pilot: Pilot) -> None:
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatusChoiceScreen))
        await pilot.press("space", "down", "space", "down")  # queued and processing ticked

    assert snap_compare(app_with(), terminal_size=size, run_before=run_before(choose))


@SIZES
def test_usage_view(snap_compare, size):
    from aai_tui.ui.screens.usage import UsageScreen

    app = make_app(FakeApi(), poll_interval=3600, prices={"universal-3-pro": 0.21})
    app.event_log = EventLog(clock=lambda: AT)

    async def open_usage(pilot: Pilot) -> None:
        await pilot.press("H")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, UsageScreen))
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.report is not None, tries=300)  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=size, run_before=run_before(open_usage))
