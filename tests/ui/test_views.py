"""Saved views (V): the list's filters, sort and page size under a name, recalled with
Enter; the last view comes back at the next start."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from aai_tui.journal import Journal
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.views import SavedView, ViewsScreen
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


async def test_a_view_is_saved_recalled_and_deleted(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        table = await wait_for_rows(pilot)
        screen = app.screen
        await pilot.press("f")  # status: queued (the first filter after all)
        await pilot.press("o")  # another sort
        await wait_for(pilot, lambda: screen.tracker.statuses != ())
        wanted = screen.current_view()
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        app.screen.query_one("#view-name", Input).value = "[b]my queue"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ViewsScreen))
        await pilot.press("f")  # change it all again
        await pilot.press("O")
        assert screen.current_view() != wanted
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        views = app.screen.query_one("#view-list")
        assert views.row_count == 1 and str(views.get_row_at(0)[0]) == "[b]my queue"
        await pilot.press("down", "enter")  # the first view picked, then recalled
        await wait_for(pilot, lambda: screen.current_view() == wanted)
        assert table.sort_column == wanted.sort
        # on the bottom border, literally, while the list shows exactly it (the border
        # keeps its text as escaped markup; _shown_view_name is the text)
        assert screen._shown_view_name == "view: [b]my queue"
        assert "status: queued" in screen._shown_title
        await pilot.press("o")
        await wait_for(pilot, lambda: screen._shown_view_name == "")
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        await pilot.press("down", "ctrl+d")
        await wait_for(pilot, lambda: journal.recall("views") == {})
        assert isinstance(app.screen, ViewsScreen)  # it stays open
        assert app.screen.query_one("#view-list").row_count == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ViewsScreen))
    journal.close()


async def test_the_last_view_comes_back_at_start(tmp_path: Path):
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_rows(pilot)
        screen = app.screen
        await pilot.press("f", "D")
        await wait_for(pilot, lambda: screen.tracker.created_on is not None)
        left = screen.current_view()
        await app.action_quit()
    assert left.day == "today" and left.statuses != ()
    again = make_app(poll_interval=3600)
    again.journal = journal
    async with again.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(again.screen, "tracker", None) is not None)
        screen = again.screen
        await wait_for(pilot, lambda: screen.current_view() == left)
        assert "created: today" in str(screen.query_one(TranscriptTable).border_title)
        said = [n.message for n in again._notifications]
        assert any(m.startswith("The last view is back: status queued") for m in said), said
    journal.close()


async def test_the_last_view_is_kept_for_each_endpoint(tmp_path: Path):
    """A filter left on a simulator came back on the account's own list: one journal
    serves every endpoint, and each keeps its own last view."""
    journal = Journal(tmp_path / "j.sqlite3")

    def on(endpoint: str) -> AaiTuiApp:
        api = FakeApi()
        api.base_url = endpoint  # type: ignore[attr-defined]
        return make_app(api, poll_interval=3600, journal=journal)

    first = on("http://127.0.0.1:8765")
    async with first.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(first.screen, "tracker", None) is not None)
        await pilot.press("f")  # one status only
        await wait_for(pilot, lambda: first.screen.current_view().statuses != ())
        left = first.screen.current_view()
        await wait_for(pilot, lambda: journal.recall("last_view http://127.0.0.1:8765"))
        await first.action_quit()
    other = on("https://api.assemblyai.com")
    async with other.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(other.screen, "tracker", None) is not None)
        await pilot.pause(0.2)
        assert other.screen.current_view().statuses == ()
    again = on("http://127.0.0.1:8765")
    async with again.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(again.screen, "tracker", None) is not None)
        await wait_for(pilot, lambda: again.screen.current_view() == left)
    journal.close()


async def test_a_saved_view_left_on_screen_comes_back_under_its_name(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    errors = SavedView(statuses=("error",), sort="status", reverse=False)
    journal.remember("views", {"failures": errors.to_json()})
    journal.remember("last_view", errors.to_json())
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "tracker", None) is not None)
        screen = app.screen
        await wait_for(pilot, lambda: screen.current_view() == errors)
        assert screen._shown_view_name == "view: failures"
        await wait_for(pilot, lambda: "status: error" in screen._shown_title)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("The view 'failures' is back:") for m in said), said
    journal.close()


async def test_every_time_v_opens_a_typed_name_is_saved_and_never_recalls_another(
    tmp_path: Path,
):
    """A helper opened V a second time, typed a name and pressed Enter: the list had
    the focus, so the letters went nowhere and Enter recalled the highlighted view."""
    journal = Journal(tmp_path / "j.sqlite3")
    journal.remember("views", {"aa": SavedView(statuses=("queued",)).to_json()})
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        screen = app.screen
        await pilot.press("o")  # a view of its own
        wanted = screen.current_view()
        for name in ("bb", "cc"):
            await pilot.press("V")
            await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
            assert app.screen.query_one("#view-name", Input).has_focus
            await pilot.press("tab", *name[:1])  # on the list, typing still names
            await pilot.press(*name[1:], "enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, ViewsScreen))
            assert screen.current_view() == wanted  # nothing recalled
        assert set(journal.recall("views")) == {"aa", "bb", "cc"}
        # nothing is picked before an arrow: Enter on an empty name says so
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ViewsScreen)
        # the first ↓ picks the first view, the next moves on; ctrl+d deletes the
        # picked one even from the name box, and the dialog stays open on the next one
        await pilot.press("down", "down", "ctrl+d")
        await wait_for(pilot, lambda: set(journal.recall("views")) == {"aa", "cc"})
        assert isinstance(app.screen, ViewsScreen)
        assert app.screen._highlighted() == "cc"
        await pilot.press("ctrl+d")  # a second one in the same opening
        await wait_for(pilot, lambda: set(journal.recall("views")) == {"aa"})
        assert app.screen._highlighted() == "aa"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ViewsScreen))
        table = screen.query_one(TranscriptTable)
        done = next(r.id for r in table.shown_rows() if r.status == "completed")
        table.move_cursor(row=table.get_row_index(done))
        await wait_for(pilot, lambda: screen.selected_id == done)
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        await pilot.press("down", "enter")  # "aa", the first
        await wait_for(pilot, lambda: screen.current_view().statuses == ("queued",))
        assert screen._shown_view_name == "view: aa"
        # the recalled list's first row is the selection, not a job it does not list
        await wait_for(pilot, lambda: screen.selected_id == table.selected_id() is not None)
        assert screen.items[screen.selected_id].status == "queued"
    journal.close()


def test_a_stored_view_that_is_not_one_is_ignored():
    assert SavedView.from_json({"page_size": 0}) is None
    assert SavedView.from_json("nonsense") is None
    assert SavedView.from_json({"day": "last year"}) == SavedView()


def test_views_keep_several_statuses_and_read_those_saved_with_one():
    view = SavedView(statuses=("queued", "error"))
    assert SavedView.from_json(json.loads(json.dumps(view.to_json()))) == view
    assert SavedView.from_json({"status": "error"}) == SavedView(statuses=("error",))
    assert SavedView.from_json({"statuses": "error"}) == SavedView(statuses=("error",))
    assert SavedView.from_json({"statuses": [1, "queued"]}) == SavedView(statuses=("queued",))
    assert "status queued+error" in view.summary()


async def test_the_name_box_stays_on_screen_at_40x12(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.remember(
        "views", {f"view {n}": {"statuses": ["error"], "page_size": 25} for n in range(6)}
    )
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        await pilot.pause()
        box = app.screen.query_one("#view-name", Input)
        screen = app.screen.region
        assert box.region.height == 3 and screen.contains_region(box.region)
    journal.close()


async def test_a_restored_page_size_over_the_configs_is_said(tmp_path: Path):
    """A helper set page_size = 100; the restored view kept 25 with no word why."""
    journal = Journal(tmp_path / "j.sqlite3")
    journal.remember("last_view", SavedView(statuses=("error",), page_size=25).to_json())
    app = make_app(poll_interval=3600, page_size=100, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "tracker", None) is not None)
        said = [n.message for n in app._notifications]
        await wait_for(pilot, lambda: any("is back" in n.message for n in app._notifications))
        said = [n.message for n in app._notifications if "is back" in n.message]
        assert "Its page size (25) is used over page_size = 100 from the config." in said[0]
    journal.close()


async def test_a_view_restored_while_offline_says_its_filters_before_any_page(tmp_path: Path):
    """A helper started offline: the title read "status: all" for a restored view of
    completed+error (the sort came back, the statuses seemed not to)."""
    from aai_tui.api.errors import ApiError
    from tests.fake_api import FakeApi

    journal = Journal(tmp_path / "j.sqlite3")
    view = SavedView(statuses=("completed", "error"), sort="duration", reverse=True)
    journal.remember("last_view", view.to_json())
    api = FakeApi()
    api.fail_with = ApiError("connect: could not connect", status=None, method="GET")
    app = make_app(api, poll_interval=3600, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "tracker", None) is not None)
        screen = app.screen
        await wait_for(pilot, lambda: "status: completed+error" in screen._shown_title)
        assert screen.last_page is None  # no answer has come
        assert screen.current_view() == view
    journal.close()


def test_a_view_names_a_sort_of_the_page_as_the_title_does():
    """A helper's V read "sort created ↑" where the list's title said "(page)"."""
    assert "sort created ↓ ·" in SavedView().summary()
    assert "sort created ↑ (page) ·" in SavedView(reverse=False).summary()
    assert "sort duration ↓ (page) ·" in SavedView(sort="duration").summary()


async def test_z_changes_the_page_size_and_0_resets_the_view(tmp_path: Path):
    """A helper found no way to change the page size in the dashboard though views keep
    it, and took Esc, S, D and o five times to get back to the whole list."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_rows(pilot)
        screen = app.screen
        tracker = screen.tracker
        await pilot.press("z")
        await wait_for(pilot, lambda: tracker.page_size == 50)
        await wait_for(pilot, lambda: screen.query_one(TranscriptTable).row_count > 25)
        await pilot.press("z", "z")
        await wait_for(pilot, lambda: tracker.page_size == 200)
        await pilot.press("z")  # round again
        await wait_for(pilot, lambda: tracker.page_size == 25)
        await pilot.press("z", "f", "o", "slash", *"call", "enter")
        await wait_for(pilot, lambda: screen.current_view().text_filter == "call")
        assert screen.current_view() != SavedView(page_size=25)
        await pilot.press("0")
        await wait_for(pilot, lambda: screen.current_view() == SavedView(page_size=25))
        assert "status: all" in str(screen.query_one(TranscriptTable).border_title)


async def test_saving_under_a_name_in_use_says_it_replaced_that_view(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.remember("views", {"mine": SavedView(statuses=("error",)).to_json()})
    app = make_app(poll_interval=3600, journal=journal)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ViewsScreen))
        app.screen.query_one("#view-name", Input).value = "mine"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any("Replaced the view 'mine'." in str(n.message) for n in app._notifications),
        )
        assert SavedView.from_json(journal.recall("views")["mine"]).statuses == ()
    journal.close()
