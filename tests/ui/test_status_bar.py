"""The header line: one row at any width, the fullest form that fits."""

from __future__ import annotations

import pytest

from aai_tui.ui.widgets.status_bar import (
    BARE,
    NARROW_GAPS,
    NO_SCHEME,
    REGION_ONLY,
    StatusBar,
    short_endpoint,
)
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


@pytest.mark.parametrize(
    ("label", "compactness", "expected"),
    [
        ("us · https://api.assemblyai.com", NARROW_GAPS, "us · https://api.assemblyai.com"),
        ("us · https://api.assemblyai.com", NO_SCHEME, "us · api.assemblyai.com"),
        ("eu · https://api.eu.assemblyai.com", REGION_ONLY, "eu"),
        ("http://127.0.0.1:8123/", NO_SCHEME, "127.0.0.1:8123"),
        ("http://127.0.0.1:8123", BARE, "127.0.0.1:8123"),
        ("127.0.0.1:8123 (simulator)", NO_SCHEME, "127.0.0.1:8123 (simulator)"),
        ("127.0.0.1:8123 (simulator)", REGION_ONLY, "127.0.0.1:8123"),
    ],
)
def test_the_endpoint_shortens_as_room_runs_out(label, compactness, expected):
    assert short_endpoint(label, compactness) == expected


@pytest.mark.parametrize(("columns", "rows"), [(160, 40), (120, 40), (80, 24), (60, 20)])
async def test_the_header_is_one_row_and_keeps_every_gauge(columns: int, rows: int):
    app = make_app()
    async with app.run_test(size=(columns, rows)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        await wait_for(pilot, lambda: bar.state.counts is not None and bar.state.budget)
        await pilot.pause()
        line = bar.render_state()
        assert bar.size.height == 1
        assert line.cell_len <= bar.content_size.width
        for gauge in ("● live", "rate", "◐ ", "◌ ", "⊘ "):
            assert gauge in line.plain
        if columns >= 120:
            assert " queued" in line.plain and " throttled" in line.plain
        if columns >= 160:
            assert "https://api.assemblyai.com" in line.plain


async def test_the_header_follows_the_terminal_when_it_is_resized():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert bar.size.height == 1
        assert "https://" not in str(bar.render())
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert "https://api.assemblyai.com" in str(bar.render())


async def test_the_demo_header_fits_80_columns():
    app = make_app()
    app.demo = True
    app.read_only = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        bar.update_state(endpoint="127.0.0.1:38601 (simulator)", demo=True, read_only=True)
        await pilot.pause()
        assert bar.size.height == 1
        assert bar.render_state().cell_len <= bar.content_size.width
        assert "[demo] [read-only]" in bar.render_state().plain


@pytest.mark.parametrize(("columns", "rows"), [(40, 12), (30, 10)])
async def test_a_tiny_terminal_drops_words_before_numbers(columns: int, rows: int):
    app = make_app()
    async with app.run_test(size=(columns, rows)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        await wait_for(pilot, lambda: bar.state.counts is not None and bar.state.budget)
        await pilot.pause()
        line = bar.render_state().plain
        assert len(line) <= bar.content_size.width
        counts = bar.state.counts
        for number in (f"◐ {counts.processing}/", f"◌ {counts.queued}", f"⊘ {counts.throttled}"):
            assert number in line, line
        assert "…" not in line


async def test_paused_and_throttled_have_their_own_symbols():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        await pilot.press("p")
        await pilot.pause()
        line = bar.render_state().plain
        assert "‖ paused" in line
        assert "‖" not in line.replace("‖ paused", "")


async def test_a_rejected_key_turns_the_header_red_once_not_a_toast_per_cycle():
    from aai_tui.api import error_messages as messages
    from aai_tui.api.errors import ApiError
    from tests.fake_api import FakeApi
    from tests.ui.app_factory import next_cycle

    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        notes: list[str] = []
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), original(message, **kw))[1]
        api.fail_with = ApiError(messages.AUTH_INVALID, status=401, method="GET", path="/v2")
        for _ in range(3):
            await next_cycle(pilot, app)
        bar = app.screen.query_one(StatusBar)
        assert bar.state.key_rejected
        assert "✖ key rejected (ctrl+k)" in bar.render_state().plain
        assert "● live" not in bar.render_state().plain
        assert len([n for n in notes if messages.AUTH_INVALID in n]) == 1
        api.fail_with = None
        await next_cycle(pilot, app)
        assert not bar.state.key_rejected


async def test_silence_is_said_instead_of_live():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        bar.update_state(waiting_since=1000.0 - 45)  # the test app's clock reads 1000.0
        assert "◌ no answer for" in bar.render_state().plain
        assert "● live" not in bar.render_state().plain


async def test_the_header_is_drawn_only_when_its_text_changes(monkeypatch):
    from textual.widgets import Static

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        await wait_for(pilot, lambda: bar.state.counts is not None)
        drawn: list[object] = []
        update = Static.update

        def spying(self, content="", *, layout=True):  # type: ignore[no-untyped-def]
            if self is bar:
                drawn.append(content)
            update(self, content, layout=layout)

        monkeypatch.setattr(Static, "update", spying)
        for _ in range(5):
            bar._tick()  # the one-second tick, with nothing changed
        assert drawn == []
        bar.update_state(paused=True)
        assert len(drawn) == 1


async def test_counts_from_a_long_scan_say_how_old_they_are():
    from aai_tui.tracking.events import JobCounts

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        bar.update_state(counts=JobCounts(3, 9000, 12, False, age=2))
        assert "old)" not in bar.render_state().plain
        bar.update_state(counts=JobCounts(3, 9000, 12, False, age=42))
        assert "(42s old)" in bar.render_state().plain


async def test_the_age_of_counts_grows_on_the_bars_clock_not_the_trackers():
    """The tracker's clock and the screen's are different clocks (in tests, one is
    frozen): an age is carried across, never a time."""
    from aai_tui.tracking.events import JobCounts

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        screen_now = [5000.0]
        bar._clock = lambda: screen_now[0]
        bar.update_state(counts=JobCounts(3, 9000, 12, False, age=10))
        assert "old)" not in bar.render_state().plain
        screen_now[0] += 20
        assert "(30s old)" in bar.render_state().plain


async def test_the_limit_seen_is_shown_against_the_configured_one_and_its_fall_said():
    from aai_tui.tracking.events import CapacityDropped, JobCounts

    app = make_app(poll_interval=3600, concurrency_limit=5)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        bar.update_state(counts=JobCounts(5, 9, 4, False, limit_seen=5))
        assert "(seen)" not in bar.render_state().plain  # as configured: nothing to add
        bar.update_state(counts=JobCounts(1, 9, 8, False, limit_seen=1))
        assert "◐ 1/5 limit 1 (seen)" in bar.render_state().plain
        app.screen._publish(CapacityDropped(before=5, now=1))
        await wait_for(
            pilot,
            lambda: any("concurrency limit fell" in n.title for n in app._notifications),
        )
        (note,) = [n for n in app._notifications if "concurrency limit fell" in n.title]
        assert "balance" in note.message and "1 at a time (it was 5)" in note.message


async def test_a_throttled_wait_the_queue_does_not_explain_is_a_warning():
    from aai_tui.tracking.events import ThrottledTooLong

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_rows(pilot)
        app.screen._publish(ThrottledTooLong(waited=7200, expected=240, throttled=4, processing=1))
        await wait_for(
            pilot, lambda: any("longer than the queue" in n.title for n in app._notifications)
        )
        notes = [n for n in app._notifications if "longer than the queue" in n.title]
        assert len(notes) == 1  # the fake account's own queue is explained: only this one
        note = notes[0]
        assert "120m00s" in note.message and "4m00s" in note.message


async def test_every_short_form_of_the_header_is_explained_in_help():
    from textual.widgets import Static

    from aai_tui.ui.screens.help import HEADER_SYMBOLS, HelpScreen
    from tests.ui.app_factory import text_of

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = "".join(text_of(s) for s in app.screen.query(Static))
        for symbol, meaning in HEADER_SYMBOLS:
            assert symbol in shown and meaning.split(",")[0] in " ".join(shown.split())
        assert {"≤3", "↻37s"} <= {symbol for symbol, _ in HEADER_SYMBOLS}


@pytest.mark.parametrize("width", [100, 120])
async def test_the_limit_seen_is_spelled_out_at_common_widths(width: int):
    """A new user saw only "≤2" at 120 columns; the issue promises "limit 5 (seen)"."""
    from aai_tui.tracking.budget import BudgetView
    from aai_tui.tracking.events import JobCounts

    app = make_app(poll_interval=3600, concurrency_limit=5)
    async with app.run_test(size=(width, 40)) as pilot:
        await wait_for_rows(pilot)
        bar = app.screen.query_one(StatusBar)
        budget = BudgetView(20_000, 19_873, 212.0, 0.0, 1.0, True)
        bar.update_state(
            endpoint="127.0.0.1:8765 (simulator)",
            budget=budget,
            budget_seen_at=bar._clock(),
            counts=JobCounts(2, 8, 8, False, limit_seen=2, history=(0, 1, 0), per_minute=0),
        )
        assert "◐ 2/5 limit 2 (seen)" in bar.render_state().plain
