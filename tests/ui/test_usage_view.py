"""H: hours of audio today and in the last 7 days, by model, with the estimate from
the config's [prices] (none shipped), counted through the request budget."""

from __future__ import annotations

from textual.widgets import DataTable

from aai_tui.ui.screens.usage import UsageScreen
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, text_of, wait_for, wait_for_rows


async def open_usage(pilot) -> UsageScreen:  # type: ignore[no-untyped-def]
    await wait_for_rows(pilot)
    await pilot.press("H")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, UsageScreen))
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.report is not None, tries=300)
    return screen


async def test_hours_by_model_and_the_estimate_from_the_prices():
    api = FakeApi()
    app = make_app(api, poll_interval=3600, prices={"universal-3-pro": 0.5})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_usage(pilot)
        table = screen.query_one("#usage-periods", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "today",
            "last 7 days",
        ]
        week = screen.report.periods[1]
        assert week.jobs > 0 and week.hours > 0
        estimate = str(table.get_row_at(1)[3])
        assert estimate == f"{week.hours * 0.5:,.2f}"
        assert "universal-3-pro" in str(table.get_row_at(1)[4])
        # summaries only: the word lists are not read for a count of hours
        assert all(name in ("list", "get") for name, _ in api.calls)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, UsageScreen))


async def test_without_prices_it_says_hours_only_and_how_to_add_them():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usage(pilot)
        table = screen.query_one("#usage-periods", DataTable)
        assert str(table.get_row_at(1)[3]) == "—"
        assert "No [prices] in the config" in text_of(screen.query_one("#usage-note"))
