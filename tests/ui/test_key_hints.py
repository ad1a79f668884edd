"""The key hints line: the screen's shown bindings, in order, clickable, and without the
actions read-only mode turns off."""

from __future__ import annotations

from aai_tui.ui.screens.help import HelpScreen
from aai_tui.ui.widgets.key_hints import Hint, KeyHints, fit_hints
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


async def test_hints_list_the_shown_bindings_in_order():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        hints = app.screen.query_one(KeyHints)
        described = [(hint.shown, hint.description) for hint in hints.hints()]
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
        descriptions = {hint.description for hint in app.screen.query_one(KeyHints).hints()}
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


def _hint(action: str, description: str) -> Hint:
    return Hint(action[0], action[0], description, True, action)


def test_when_hints_do_not_fit_the_last_go_first_but_help_and_quit_stay():
    hints = [
        _hint("submit", "Submit"),
        _hint("export", "Export"),
        _hint("filter", "Filter"),
        _hint("quit", "Quit"),
        _hint("help", "Help"),
    ]
    assert fit_hints(hints, 200) == hints
    width = sum(h.cells for h in hints) - 1
    assert [h.action for h in fit_hints(hints, width)] == ["submit", "export", "quit", "help"]
    assert [h.action for h in fit_hints(hints, 1)] == ["quit", "help"]


async def test_at_80_columns_the_hints_fit_and_still_offer_help():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_rows(pilot)
        hints = app.screen.query_one(KeyHints)
        line = hints.render()
        assert line.cell_len <= hints.content_size.width
        assert str(line).startswith(" s Submit ")
        assert " ? Help " in str(line) and " q Quit " in str(line)
        every = hints.hints()
        drawn = [h for h in every if f" {h.shown} {h.description} " in str(line)]
        assert len(drawn) < len(every)  # the ones at the end make room for Help and Quit
