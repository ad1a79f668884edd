"""The event log (L): failed requests, retries, 429s, submissions and every
notification, with time, filterable; nothing is lost when a toast goes."""

from __future__ import annotations

import logging

import pytest
from textual.widgets import DataTable, Input

from aai_tui.event_log import EntryKind, EventLog, EventLogHandler, classify
from aai_tui.redact import register_secret
from aai_tui.ui.screens.event_log import EventLogScreen
from tests.ui.app_factory import make_app, text_of, wait_for, wait_for_rows


def record(name: str, level: int, message: str) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


@pytest.mark.parametrize(
    ("name", "level", "message", "kind"),
    [
        ("aai_tui.api.client", logging.INFO, "GET /v2/transcript -> 200 in 12 ms", None),
        (
            "aai_tui.api.client",
            logging.INFO,
            "GET /v2/transcript -> 503 in 12 ms",
            EntryKind.FAILURE,
        ),
        (
            "aai_tui.api.client",
            logging.INFO,
            "POST /v2/transcript -> 429 in 3 ms",
            EntryKind.RATE_LIMIT,
        ),
        (
            "aai_tui.api.client",
            logging.WARNING,
            "retrying GET /v2/transcript in 1.00 s (attempt 2 of 4) because HTTP 429",
            EntryKind.RATE_LIMIT,
        ),
        (
            "aai_tui.api.client",
            logging.WARNING,
            "retrying POST /v2/upload in 0.50 s (attempt 2 of 4) because HTTP 500",
            EntryKind.RETRY,
        ),
        (
            "aai_tui.api.client",
            logging.WARNING,
            "GET /x failed after 3 ms: refused",
            EntryKind.FAILURE,
        ),
        ("aai_tui.actions.submit", logging.INFO, "a.wav: created 1234", EntryKind.SUBMISSION),
        (
            "aai_tui.actions.submit",
            logging.INFO,
            "a.wav: HTTP 503; trying again in 2.0 s",
            EntryKind.RETRY,
        ),
        ("aai_tui.actions.submit", logging.WARNING, "a.wav: not created: x", EntryKind.SUBMISSION),
        (
            "aai_tui.tracking",
            logging.WARNING,
            "tracker offline, retrying in 4 s",
            EntryKind.CONNECTION,
        ),
        (
            "aai_tui.tracking",
            logging.INFO,
            "tracker back online after 3 failed cycles",
            EntryKind.CONNECTION,  # the way back is a connection event too, not only a toast
        ),
        (
            "aai_tui.actions.submit",
            logging.WARNING,
            "empty.wav: not sent: the file is empty",
            EntryKind.FAILURE,
        ),
        ("aai_tui.tracking", logging.INFO, "job 1a2b completed", EntryKind.SUBMISSION),
        ("aai_tui.tracking", logging.WARNING, "job 1a2b failed: Server error", EntryKind.FAILURE),
        ("aai_tui.ui", logging.DEBUG, "anything", None),
    ],
)
def test_records_are_sorted_into_kinds(name, level, message, kind):
    assert classify(record(name, level, message)) == kind


def test_the_log_is_bounded_and_redacts_keys():
    log = EventLog(limit=3)
    handler = EventLogHandler(log)
    for n in range(5):
        handler.emit(
            record("aai_tui.api.client", logging.WARNING, f"GET /{n} failed after 1 ms: x")
        )
    assert [e.text for e in log.entries()] == [f"GET /{n} failed after 1 ms: x" for n in (2, 3, 4)]
    register_secret("0123456789abcdef0123456789abcdef")  # the key in use is registered
    log.add(EntryKind.FAILURE, "authorization: 0123456789abcdef0123456789abcdef refused")
    assert "0123456789abcdef0123456789abcdef" not in log.entries()[-1].text


async def test_l_shows_notifications_and_log_lines_and_filters_them():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        app.notify("First toast", title="One")
        app.notify("Second toast")
        logging.getLogger("aai_tui.api.client").warning(
            "GET /v2/transcript failed after 5 ms: boom"
        )
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        screen = app.screen
        assert isinstance(screen, EventLogScreen)
        table = screen.query_one("#log-entries", DataTable)
        texts = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert "One: First toast" in texts and "Second toast" in texts
        assert any("boom" in t for t in texts)
        await pilot.press("tab")  # failures only
        assert screen.kind is EntryKind.FAILURE
        assert [e.kind for e in screen.shown] == [EntryKind.FAILURE]
        await pilot.press("tab")
        await pilot.press("slash")
        assert screen.query_one("#log-filter", Input).has_focus
        await pilot.press(*"toast")
        await pilot.pause()
        assert screen.shown == []  # the kind is retries: no toast is one
        for _ in range(len(EntryKind) - 1):
            screen.action_next_kind()
        assert screen.kind is None
        assert {e.text for e in screen.shown} == {"One: First toast", "Second toast"}
        await pilot.press("escape")  # out of the filter box
        assert isinstance(app.screen, EventLogScreen)
        logging.getLogger("aai_tui.api.client").warning("GET /late failed after 1 ms: toast")
        await wait_for(pilot, lambda: len(screen.shown) == 3)  # new entries arrive while open
        await pilot.press("escape")
        assert not isinstance(app.screen, EventLogScreen)


async def test_a_long_entry_is_read_whole_below_the_table_and_the_log_starts_with_it():
    app = make_app(poll_interval=3600)
    long = "POST /v2/transcript failed after 30001 ms: " + "a very long reason " * 20 + "END"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_rows(pilot)
        logging.getLogger("aai_tui.api.client").warning(long)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        screen = app.screen
        first = screen.shown[0]
        assert first.kind is EntryKind.CONNECTION and "watching us" in first.text
        whole = screen.query_one("#log-entry")
        await wait_for(pilot, lambda: "END" in text_of(whole))  # the newest, whole
        await pilot.press("k")  # as in every list of the app
        await wait_for(pilot, lambda: "END" not in text_of(whole))
        await pilot.press("slash", "j", "k")  # in the filter box they are letters
        assert screen.text_filter == "jk"


def test_log_lines_from_before_the_first_frame_are_kept():
    app = make_app(poll_interval=3600)
    logging.getLogger("aai_tui.api.client").warning("GET /early failed after 1 ms: x")
    assert any("/early" in e.text for e in app.event_log.entries())
    logging.getLogger("aai_tui").removeHandler(app._event_log_handler)


async def test_g_and_G_go_to_the_first_and_last_entry():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        for n in range(3):
            app.notify(f"toast {n}")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        table = app.screen.query_one("#log-entries", DataTable)
        await wait_for(pilot, lambda: table.row_count >= 3)
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
