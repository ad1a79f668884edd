"""The [keymap] table: a binding moved to other keys works there, shows there (hints,
help, ``aai-tui keys``) and no longer works on its old key; mistakes are named once."""

from __future__ import annotations

from aai_tui.cli import main
from aai_tui.config import config_file
from aai_tui.ui.keymap import conflicts, known_bindings, unknown_ids
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.help import HelpScreen
from aai_tui.ui.widgets.key_hints import KeyHints
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


def recording(app):  # type: ignore[no-untyped-def]
    notes: list[tuple[str, str]] = []
    original = app.notify

    def record(message: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        notes.append((kwargs.get("title", ""), message))
        original(message, **kwargs)

    app.notify = record
    return notes


async def test_a_binding_moved_by_the_keymap_works_on_its_new_key_only():
    app = make_app(poll_interval=3600, keymap={"delete": "ctrl+x", "table.down": "n"})
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_for_rows(pilot)
        await pilot.press("n")  # the list's "down", moved from j
        assert table.cursor_row == 1
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def test_hints_and_help_show_the_keys_the_keymap_gives():
    app = make_app(poll_interval=3600, keymap={"delete": "ctrl+x", "table.down": "n"})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        hints = [(hint.shown, hint.description) for hint in app.screen.query_one(KeyHints).hints()]
        # In its declared place, not last, though Textual hands the moved binding back last.
        assert hints[:4] == [("s", "Submit"), ("r", "Resubmit"), ("^x", "Delete"), ("e", "Export")]
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = dict(
            (description, key) for _, rows in help_screen.sections for key, description in rows
        )
        assert listed["Delete"] == "^x"
        assert listed["Submit"] == "s"
        assert listed["Down"] == "n" and listed["Up"] == "k"
        assert listed["First row"] == "g home"


async def test_unknown_ids_and_a_key_given_to_two_bindings_are_said_in_one_note():
    app = make_app(poll_interval=3600, keymap={"delete": "x", "no_such_thing": "z"})
    notes = recording(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        for _ in range(3):
            await pilot.press("x")  # x is also "Cancel upload"; the keymap's binding wins
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
    keymap_notes = [message for title, message in notes if title.startswith("Keymap")]
    assert len(keymap_notes) == 1
    assert keymap_notes[0].splitlines() == [
        "no binding 'no_such_thing'",
        "x is both Delete (delete) and Cancel upload (cancel_activity, dashboard)",
        "`aai-tui keys` lists every binding.",
    ]


def test_every_binding_of_the_app_has_an_id_once():
    ids = [binding.id for binding in known_bindings()]
    assert len(ids) == len(set(ids))
    assert {"delete", "submit", "table.down", "help", "quit", "confirm.yes"} <= set(ids)
    assert unknown_ids({"delete": "x", "tabel.down": "n"}) == ["tabel.down"]


def test_keys_lists_every_binding_with_the_keymap_applied(capsys, isolated_xdg):
    assert main(["config", "set", "keymap.delete", "ctrl+x"]) == 0
    path = config_file()
    path.write_text(path.read_text() + 'nope = "z"\n')  # inside the [keymap] table
    capsys.readouterr()
    assert main(["keys"]) == 0
    out, err = capsys.readouterr()
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:]}
    assert rows["delete"] == "ctrl+x"
    assert rows["submit"] == "s"
    assert set(rows) == {binding.id for binding in known_bindings()}
    assert err.strip() == f"{path}: keymap has no binding 'nope'"


def test_conflicts_are_keys_two_live_bindings_share():
    assert conflicts({"delete": "x", "cancel_activity": "ctrl+u"}) == []  # x moved away too
    assert conflicts({"confirm.yes": "y"}) == []
    assert conflicts({"table.down": "?"}) == [
        "question_mark is both Down (table.down) and Help (help, everywhere)"
    ]
    assert conflicts({"submit.go": "escape"}) == [
        "escape is both Submit (submit.go) and Cancel (submit.cancel, submit form)"
    ]
    # Screens that are never live together do not conflict.
    assert conflicts({"pending.discard": "e"}) == []
    # The app's bindings are live on every screen.
    assert conflicts({"help": "d"}) == ["d is both Help (help) and Delete (delete, dashboard)"]
    # Two bindings the keymap puts on one key: said once.
    assert conflicts({"sort": "Z", "pause": "Z"}) == [
        "Z is both Pause (pause) and Sort (sort, dashboard)"
    ]
