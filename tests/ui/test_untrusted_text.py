"""Markup and escape sequences from the API are shown literally, never interpreted."""

from __future__ import annotations

import io

from rich.console import Console

from aai_tui.ui.safe_text import literal, visible
from aai_tui.ui.widgets.detail import DetailPane
from tests.fake_api import NOW, FakeApi, FakeJob, job_id
from tests.ui.app_factory import make_app, wait_for, wait_for_rows

HOSTILE_URL = "https://x.example/[bold red]evil[/]\x1b[31m.mp3"
HOSTILE_ERROR = "[link=https://evil.example]click[/link] \x1b]0;pwned\x07 \x1b[2J done\u202e"


def rendered(renderable: object, width: int = 200) -> str:
    console = Console(width=width, color_system=None, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_visible_escapes_control_characters():
    assert visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert visible("bell\x07") == "bell\\x07"
    assert visible("rtl\u202eoverride") == "rtl\\u202eoverride"
    assert visible("two\nlines", single_line=True) == "two lines"
    assert visible(None) == ""


def test_literal_keeps_markup_as_text():
    text = literal("[bold]not bold[/bold]")
    assert text.plain == "[bold]not bold[/bold]"
    assert text.spans == []


async def test_hostile_text_is_shown_literally_in_list_and_detail():
    hostile = FakeJob(
        id=job_id(7), status="error", created=NOW, audio_url=HOSTILE_URL, error=HOSTILE_ERROR
    )
    app = make_app(FakeApi([hostile]), poll_interval=3600)
    async with app.run_test(size=(200, 40)) as pilot:
        table = await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None)
        error_cell = table.get_cell(hostile.id, "error").plain
        assert "[link=https://evil.example]click[/link]" in error_cell
        assert "\x1b" not in error_cell and "\\x1b" in error_cell
        audio_cell = table.get_cell(hostile.id, "audio").plain
        assert "\x1b" not in audio_cell
        shown = rendered(detail._body(detail.shown))
        assert "[bold red]evil[/]" in shown
        assert "[link=https://evil.example]click[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "\\x1b]0;pwned\\x07" in shown
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x07" not in screenshot


async def test_notifications_show_hostile_errors_literally():
    from aai_tui.api.errors import ApiError

    app = make_app(FakeApi(), poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        app.screen.report_error(ApiError(HOSTILE_ERROR, status=400), "Export")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert "[link=https://evil.example]click[/link]" in note.message
        assert "\x1b" not in note.message and "\x07" not in note.message
        assert note.markup is False


def test_export_file_names_are_safe():
    from aai_tui.actions.export import safe_stem

    for hostile in (
        "../../etc/passwd",
        "a\x1b[31mb.mp3",
        ".hidden",
        "[bold]x[/bold].wav",
        "con:\u202eevil.mp3",
        "",
    ):
        stem = safe_stem(hostile)
        assert stem and "/" not in stem and not stem.startswith(".")
        assert all(ch.isalnum() or ch in "._ -" for ch in stem)
