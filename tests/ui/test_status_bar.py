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
        for gauge in ("● live", "rate", "◐ ", "◌ ", "‖ "):
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
