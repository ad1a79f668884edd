"""Themes from files: bundled ones registered, bad files named once and skipped."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from aai_tui.cli import main
from aai_tui.paths import bundled_themes_dir, config_file
from aai_tui.ui.presentation import status_key
from aai_tui.ui.themes import ThemeError, discover_themes, load_theme_file
from aai_tui.ui.widgets.detail import DetailPane
from tests.ui.app_factory import make_app, wait_for_rows

SHIPPED = {"aai-dark", "aai-light", "aai-high-contrast"}


def test_shipped_themes_load_and_carry_status_colours():
    loaded, errors = discover_themes([(bundled_themes_dir(), "bundled")])
    assert errors == []
    assert {item.theme.name for item in loaded} == SHIPPED
    for item in loaded:
        for status in ("queued", "processing", "completed", "error", "throttled"):
            assert f"status-{status}" in item.theme.variables


@pytest.mark.parametrize(
    ("contents", "fragment"),
    [
        ("name = 'x'\nprimary = \n", "invalid TOML"),
        ("name = 'x'\nprimary = 'not-a-colour'\n", "primary is not a colour"),
        ("primary = '#fff'\n", "needs a name"),
        ("name = 'x'\n", "needs a primary colour"),
        ("name = 'x'\nprimary = '#fff'\nsparkle = true\n", "unknown field 'sparkle'"),
        (
            "name = 'x'\nprimary = '#fff'\n[variables]\nstatus-error = 'blood'\n",
            "status-error is not a colour",
        ),
    ],
)
def test_bad_theme_files_are_named(tmp_path: Path, contents, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(contents)
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)


async def test_a_bad_user_theme_is_reported_in_one_notification(tmp_path: Path):
    (tmp_path / "broken.toml").write_text("name = 'broken'\nprimary = 'nope'\n")
    (tmp_path / "also-broken.toml").write_text("this is not toml")
    (tmp_path / "mine.toml").write_text("name = 'mine'\nprimary = '#FF8800'\n")
    app = make_app(
        poll_interval=3600, theme_dirs=[(bundled_themes_dir(), "bundled"), (tmp_path, "user")]
    )
    notes: list[tuple[str, str]] = []
    original = app.notify

    def record(message: str, **kwargs) -> None:
        notes.append((kwargs.get("title", ""), message))
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        assert "mine" in app.available_themes
        assert app.theme_sources["mine"] == tmp_path / "mine.toml"
        skipped = [n for n in notes if "skipped" in n[0]]
        assert len(skipped) == 1
        assert "broken.toml" in skipped[0][1] and "also-broken.toml" in skipped[0][1]


async def test_the_chosen_theme_is_remembered(tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(poll_interval=3600)
    app.config_path = path
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        app.theme = "aai-high-contrast"
        await pilot.pause()
    assert tomllib.loads(path.read_text())["theme"] == "aai-high-contrast"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_themes_command_lists_names_and_files(capsys, isolated_xdg):
    user_dir = config_file().parent / "themes"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text("name = 'mine'\nprimary = '#FF8800'\n")
    (user_dir / "bad.toml").write_text("oops")
    assert main(["themes"]) == 0
    out, err = capsys.readouterr()
    for name in SHIPPED:
        assert name in out
    assert "mine" in out and str(user_dir / "mine.toml") in out
    assert "bad.toml" in err


async def test_the_configured_theme_is_in_the_first_frame_and_later_switches_apply(
    monkeypatch: pytest.MonkeyPatch,
):
    """The theme is chosen before the stylesheet is first parsed, so start-up needs no
    second parse; a switch made later still re-parses and restyles."""
    from textual.css.stylesheet import Stylesheet

    reparses: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = make_app(poll_interval=3600, theme="aai-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        light = app.get_theme("aai-light")
        assert app.theme == "aai-light" and light is not None
        assert reparses == []
        assert app.screen.styles.background.hex.upper() == light.background.upper()

        app.theme = "aai-dark"
        await pilot.pause()
        dark = app.get_theme("aai-dark")
        assert dark is not None
        assert reparses == [1]
        assert app.screen.styles.background.hex.upper() == dark.background.upper()


async def test_a_theme_switch_recolours_the_list_and_the_detail_pane_at_once():
    app = make_app(poll_interval=3600, theme="aai-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.pause()
        row = table.rows_by_id[table.selected_id() or ""]
        key = status_key(row.status, row.throttled)
        body = app.screen.query_one(DetailPane)

        def colours() -> tuple[str, str]:
            """The status colour in the list's cell and in the detail pane."""
            cell = table.get_cell(row.id, "status")
            shown = [s for s in app.console.render(body.content) if key in s.text]
            assert cell.style.color is not None and shown and shown[0].style is not None
            return cell.style.color.name, shown[0].style.color.name  # type: ignore[union-attr]

        dark = colours()
        assert dark == (app.theme_colors()[f"status-{key}"].lower(),) * 2
        app.theme = "aai-light"
        await pilot.pause()
        light = colours()
        assert light == (app.theme_colors()[f"status-{key}"].lower(),) * 2
        assert light != dark


async def test_every_textual_theme_can_be_switched_to_without_a_crash():
    """ctrl+p, theme, ansi-dark used to exit with StyleSyntaxError ('ansi_magenta')."""
    from tests.ui.app_factory import make_app, wait_for_rows

    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()
            assert app.is_running, name
            assert app._exception is None, (name, app._exception)
        assert {"ansi-dark", "ansi-light"} <= set(app.available_themes)
