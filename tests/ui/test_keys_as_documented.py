"""Keys do what the README and the help screen say, and a key that cannot act now says
why in one line (issue 14's "keys that do not do what they say")."""

from __future__ import annotations

import sqlite3

from aai_tui.ui.palette import ScreenActions
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


def recording(app) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def record(message, **kw):
        notes.append(str(message))
        return original(message, **kw)

    app.notify = record
    return notes


async def test_tab_and_shift_tab_switch_between_the_list_and_the_detail_pane():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_rows(pilot)
        table = app.screen.query_one(TranscriptTable)
        detail = app.screen.query_one(DetailPane)
        assert table.has_focus
        await pilot.press("tab")
        assert detail.has_focus
        await pilot.press("down", "down", "pagedown")  # the pane scrolls below the fold
        await pilot.press("tab")
        assert table.has_focus
        await pilot.press("shift+tab")
        assert detail.has_focus
        await pilot.press("shift+tab")
        assert table.has_focus


async def test_g_G_home_and_end_move_the_cursor():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        last = table.row_count - 1
        await pilot.press("G")
        assert table.cursor_row == last
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == last
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_keys_that_cannot_act_now_say_why():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        notes = recording(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: any("No upload is running" in n for n in notes))


async def test_read_only_palette_offers_nothing_that_changes_the_account():
    app = make_app(poll_interval=3600)
    app.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        provider = ScreenActions(app.screen)
        offered = {action for _, action, _ in provider._actions()}
        assert "export" in offered and "copy_id" in offered
        assert not offered & {"submit", "resubmit", "resubmit_failed", "delete", "pending"}
        app.read_only = False
        offered = {action for _, action, _ in provider._actions()}
        assert {"submit", "resubmit", "delete"} <= offered


async def test_an_unexpected_failure_in_a_worker_is_a_notification_not_a_crash():
    api = FakeApi()
    app = make_app(api, poll_interval=0.5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        notes = recording(app)
        api.fail_with = sqlite3.OperationalError("database is locked")  # type: ignore[assignment]
        app.screen.tracker.refresh_now()
        await wait_for(pilot, lambda: any("database is locked" in n for n in notes), tries=250)
        assert isinstance(app.screen, DashboardScreen)
        assert app.is_running
        api.fail_with = None
        await pilot.press("j")  # still answering keys
        assert app.screen.query_one(TranscriptTable).cursor_row == 1
