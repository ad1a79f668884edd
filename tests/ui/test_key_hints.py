"""The key hints line: the screen's shown bindings, in order, clickable, and without the
actions read-only mode turns off."""

from __future__ import annotations

from aai_tui.ui.screens.help import HelpScreen
from aai_tui.ui.widgets.key_hints import KeyHints
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


async def test_hints_list_the_shown_bindings_in_order():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        hints = app.screen.query_one(KeyHints)
        described = [(shown, description) for _key, shown, description, _ in hints.hints()]
        assert described[:4] == [
            ("s", "Submit"),
            ("r", "Resubmit"),
            ("d", "Delete"),
            ("e", "Export"),
        ]
        assert ("?", "Help") in described and ("q", "Quit") in described
        assert "Pause" not in {description for _, description in described}  # show=False
        assert str(hints.render()).startswith(" s Submit  r Resubmit ")


async def test_read_only_mode_leaves_out_the_actions_that_change_anything():
    app = make_app()
    app.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        descriptions = {d for _, _, d, _ in app.screen.query_one(KeyHints).hints()}
        assert descriptions.isdisjoint({"Submit", "Resubmit", "Delete"})
        assert {"Export", "Help", "Quit"} <= descriptions


async def test_clicking_a_hint_presses_its_key():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        hints = app.screen.query_one(KeyHints)
        start = str(hints.render()).index(" ? Help")
        await pilot.click(KeyHints, offset=(start + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
