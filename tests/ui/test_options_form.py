"""The request options form (submit form and resubmit editor): its help is never cut
mid-word, said once, and the field being edited stays in sight when the terminal
changes size."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Checkbox, Input

from aai_tui.api.request_options import FORM_OPTIONS, Kind
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.submit import SubmitScreen
from aai_tui.ui.widgets.options_editor import fitted_words
from tests.ui.app_factory import make_app, wait_for

WORDS = st.lists(st.text("abcdefgh(),;:-", min_size=1, max_size=12), min_size=1, max_size=12)


@given(words=WORDS, width=st.integers(0, 80))
def test_a_cut_help_ends_after_a_whole_word(words, width):
    text = " ".join(words)
    shown = fitted_words(text, width)
    assert len(shown) <= max(width, 0)
    if len(text) <= width:
        assert shown == text
    elif shown:
        assert shown.endswith("…")
        kept = shown[:-1]
        assert text.startswith(kept)
        # cut at a word's end unless the first word alone is wider than the field
        if " " in text[: width - 1].rstrip():
            assert text[len(kept)] in " ,;:("


async def test_placeholders_are_cut_at_a_word_said_once_and_the_focus_stays_in_sight():
    """A helper read "(needs" and "(Medical" at the ends of placeholders, the focused
    field's help twice (label and placeholder), and after a resize to 40x12 the form
    showed fields other than the one he was in."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        await pilot.pause()
        form = app.screen
        texts = [o for o in FORM_OPTIONS if o.kind is not Kind.BOOLEAN]
        for option in texts:
            field = form.query_one(f"#{option.name}", Input)
            shown = field.placeholder
            assert len(shown) < field.content_size.width or not shown
            assert shown == option.help or shown.endswith("…"), (option.name, shown)
        speakers = form.query_one("#speakers_expected", Input)
        speakers.focus()
        await pilot.pause()
        assert speakers.placeholder == ""  # its label says the help, whole
        assert "how many people speak" in str(form.query_one("#speakers_expected-label").render())
        box = form.query_one("#speaker_labels", Checkbox)
        box.focus()
        await pilot.pause()
        assert speakers.placeholder  # back when the field is left
        for size in ((40, 12), (120, 40), (40, 12)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            view = form.query_one(".dialog").content_region
            assert box.has_focus
            assert view.y <= box.region.y < view.bottom, (size, box.region, view)


async def test_esc_from_a_field_closes_the_form_without_a_crash():
    """Esc with a field focused closed the form while the placeholders were still to be
    fitted on the blur: NoMatches, and the dashboard exited with a traceback."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        for tabs in (0, 1, 3, 9, 20):
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
            await pilot.press(*(["tab"] * tabs), "escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
            await pilot.pause(0.1)
        assert app.is_running
