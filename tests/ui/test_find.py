"""Find any transcript (:): by id or the listed prefix, on this page or not; by file,
folder or batch through the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from aai_tui.journal import BatchEntry, Journal
from aai_tui.ui.screens.find import FindScreen
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import FakeApi, job_id
from tests.ui.app_factory import make_app, wait_for, wait_for_rows


async def open_find(pilot) -> FindScreen:  # type: ignore[no-untyped-def]
    await wait_for_rows(pilot)
    await pilot.press("colon")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FindScreen))
    return pilot.app.screen


async def test_a_prefix_on_this_page_moves_the_cursor_to_it():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        target = job_id(50)  # on the first page of 25 (60 jobs, newest first)
        await pilot.press(*target[:8])
        await wait_for(pilot, lambda: [c.transcript_id for c in screen.candidates] == [target])
        assert screen.candidates[0].where == "this page"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        table = app.screen.query_one(TranscriptTable)
        assert table.selected_id() == target
        assert app.screen.query_one(DetailPane).transcript_id == target


async def test_an_id_on_no_page_shown_is_found_through_the_api_and_shown_in_detail():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_find(pilot)
        target = job_id(3)  # old: not on the first page
        await pilot.press(*target[:8], "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript_id == target)
        table = app.screen.query_one(TranscriptTable)
        assert target not in table.rows
        # no row highlighted while the pane shows a job off the page (r acts on it)
        assert not table.show_cursor
        await pilot.press("k")  # on the first row already: the cursor shows, selecting it
        assert table.show_cursor and table.cursor_row == 0
        assert app.screen.selected_id == table.selected_id() != target
        await wait_for(pilot, lambda: detail.transcript_id == table.selected_id())


async def test_r_d_and_e_act_on_the_job_find_opened_not_the_row_under_the_cursor():
    """A new user found a failed job with :, read "press r" in the detail pane, and r
    offered the completed job under the list's cursor."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_find(pilot)
        target = job_id(3)  # not on the page shown
        await pilot.press(*target[:8], "enter")
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript_id == target)
        cursor_row = app.screen.query_one(TranscriptTable).selected_id()
        assert cursor_row != target
        started: list[tuple[str, list[str]]] = []
        flows = app.screen.flows
        flows.resubmit.start = lambda ids, **_: started.append(("r", list(ids)))  # type: ignore[method-assign]
        flows.delete.start = lambda ids, **_: started.append(("d", list(ids)))  # type: ignore[method-assign]
        flows.export.start = lambda ids, **_: started.append(("e", list(ids)))  # type: ignore[method-assign]
        await pilot.press("r", "d", "e")
        await pilot.pause()
        assert started == [("r", [target]), ("d", [target]), ("e", [target])]


async def test_an_unknown_prefix_says_so_and_stays_open():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        await pilot.press(*"fffff", "enter")
        note = screen.query_one("#find-note", Static)
        await wait_for(pilot, lambda: "no transcript starts with" in str(note.render()))
        assert isinstance(app.screen, FindScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, FindScreen)


def sent_job(journal: Journal, path: str, transcript_id: str, *, endpoint: str) -> None:
    """A file this journal sent, in a batch of its own, that became ``transcript_id``."""
    (sub,) = journal.record_batch(
        [BatchEntry(local_path=Path(path), size=1)], params={}, endpoint=endpoint, batch_id="b"
    )
    journal.mark_uploaded(sub.id, "https://up/1")
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, transcript_id)


async def test_a_file_folder_or_batch_is_found_through_the_journal(tmp_path: Path):
    journal = Journal(tmp_path / "journal.sqlite3")
    (sub,) = journal.record_batch(
        [BatchEntry(local_path=Path("/calls/acme/[b]q3-review.wav"), size=1)],
        params={},
        endpoint="e",
        batch_id="acme-q3",
    )
    journal.mark_uploaded(sub.id, "https://up/1")
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, job_id(2))
    app = make_app(poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        for text in ("q3-review", "acme/", "acme-q3"):
            screen.query_one(Input).value = text
            await wait_for(pilot, lambda: len(screen.candidates) == 1)
            assert screen.candidates[0].transcript_id == job_id(2)
            assert screen.candidates[0].where == "batch acme-q3"
        rows = screen.query_one("#find-results", DataTable)
        assert str(rows.get_row_at(0)[1]) == "[b]q3-review.wav"  # literally
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript_id == job_id(2))
        # found by its file: the pane names the file, on the page or off it
        await wait_for(pilot, lambda: detail.local_name == "[b]q3-review.wav")
        # off the page no list row gives its Created: the journal says when it was sent
        sent = journal.get(sub.id).sent_at
        assert sent is not None
        await wait_for(pilot, lambda: detail.sent_at is not None)
        assert abs(detail.sent_at.timestamp() - sent) < 1e-3
        text = "\n".join(line.text for line in detail._lines)
        assert "Sent" in text and "from here" in text


async def test_enter_on_a_hex_batch_id_goes_to_its_first_match(tmp_path: Path):
    """A batch id is hex, as an id prefix is: Enter treated it as one, asked the API
    for a thousand jobs and said no transcript starts with it, beside its matches.
    Hex that starts no listed id goes to the first match, as any text does."""
    journal = Journal(tmp_path / "journal.sqlite3")
    subs = journal.record_batch(
        [BatchEntry(local_path=Path(f"/calls/{n}.wav"), size=1) for n in (1, 2)],
        params={},
        endpoint="e",
        batch_id="da680d886f35",
    )
    for n, sub in zip((3, 4), subs, strict=True):
        journal.mark_uploaded(sub.id, f"https://up/{n}")
        journal.mark_creating(sub.id)
        journal.mark_created(sub.id, job_id(n))
    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        screen.query_one(Input).value = "da680d88"
        await wait_for(pilot, lambda: len(screen.candidates) == 2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        detail = app.screen.query_one(DetailPane)
        first = screen.candidates[0].transcript_id
        await wait_for(pilot, lambda: detail.transcript_id == first)
    assert first in (job_id(3), job_id(4))


async def test_text_that_matches_nothing_says_so():
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        note = screen.query_one("#find-note", Static)
        await pilot.press(*"paris")
        await wait_for(
            pilot, lambda: "Nothing in the journal matches 'paris'" in str(note.render())
        )
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "Nothing in the journal matches 'paris'" in str(note.render())
        await pilot.press("ctrl+u", *"abcdef12")
        await wait_for(pilot, lambda: "Enter asks the API" in str(note.render()))


async def test_at_40x12_the_matches_have_the_room_one_line_each():
    """A new user at 40x12 saw two matches, each on two lines ("this / page"), in a
    dialog 32 columns wide: the dialog takes the width, the box is one line, names
    are cut in the middle before the place wraps."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_find(pilot)
        await pilot.press("0")  # every fake id has a 0
        await wait_for(pilot, lambda: len(screen.candidates) >= 5)
        await pilot.pause()
        dialog = screen.query_one(".dialog")
        assert dialog.region.width == 40
        assert screen.query_one(Input).region.height == 1
        rows = screen.query_one("#find-results", DataTable)
        assert rows.region.height >= 5  # the header and four matches or more
        assert all(row.height == 1 for row in rows.rows.values())
        assert rows.max_scroll_x == 0
        keys = screen.query_one(".dialog-keys")
        assert screen.region.contains_region(keys.region)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (40, 12)])
async def test_a_file_name_keeps_its_room_beside_a_long_reason(tmp_path: Path, size):
    """A helper saw call-a.wav and call-b.wav both as "cal….wav" while the place
    beside them kept 70 columns: the place wraps first, the names stay apart."""
    journal = Journal(tmp_path / "journal.sqlite3")
    reason = "the file is empty, and this reason goes on long enough to need wrapping" * 2
    subs = journal.record_batch(
        [
            BatchEntry(local_path=Path("/calls/call-a.wav"), size=1),
            BatchEntry(local_path=Path("/calls/call-b.wav"), size=1),
            BatchEntry(local_path=Path("/calls/empty.wav"), failure=reason),
        ],
        params={},
        endpoint="e",
        batch_id="d456a34b028f",
    )
    for n, sub in enumerate(subs[:2]):
        journal.mark_uploaded(sub.id, "https://up")
        journal.mark_creating(sub.id)
        journal.mark_created(sub.id, job_id(n + 1))
    app = make_app(poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=size) as pilot:
        screen = await open_find(pilot)
        screen.query_one(Input).value = "d456a34b028f"
        await wait_for(pilot, lambda: len(screen.candidates) == 3)
        await pilot.pause()
        rows = screen.query_one("#find-results", DataTable)
        names = [str(rows.get_row_at(i)[1]) for i in range(3)]
        assert {"call-a.wav", "call-b.wav"} <= set(names), names
        assert rows.max_scroll_x == 0
        # a batch id is never broken over lines where it is shown
        for i in range(3):
            cells = rows.get_row_at(i)
            assert len(cells) < 3 or "batch d456a34b028f" in str(cells[2]).split("\n")[0]
    journal.close()


@pytest.mark.parametrize("size", [(120, 40), (40, 12)])
async def test_a_file_that_never_became_a_job_is_found_with_why(tmp_path: Path, size):
    """At 40x12 the note under the matches is out of sight: a toast says it too."""
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.record_batch(
        [BatchEntry(local_path=Path("/calls/empty.wav"), failure="the file is empty")],
        params={},
        endpoint="e",
        batch_id="b-empty",
    )
    app = make_app(poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=size) as pilot:
        screen = await open_find(pilot)
        screen.query_one(Input).value = "empty"
        await wait_for(pilot, lambda: len(screen.candidates) == 1)
        (found,) = screen.candidates
        assert found.transcript_id == "" and found.not_created == "the file is empty"
        rows = screen.query_one("#find-results", DataTable)
        if size[0] >= 80:  # at 40 columns the place wraps and is cut: the note says it
            assert "not created, the file is empty" in str(rows.get_row_at(0)[2])
        await pilot.press("enter")  # nothing to go to: it says why, and stays
        note = screen.query_one("#find-note", Static)
        await wait_for(pilot, lambda: "never became a transcript" in str(note.render()))
        assert isinstance(app.screen, FindScreen)
        toasts = [n.message for n in app._notifications if "never became" in n.message]
        assert len(toasts) == (1 if size[1] < 20 else 0)
    journal.close()


async def test_an_id_the_api_does_not_know_says_so_in_the_pane_and_is_not_polled():
    """A journal's job that this server does not have (another endpoint's, or the
    simulator restarted) showed "queued" and "Polling for updates…" for ever."""
    from tests.fake_api import FakeApi

    api = FakeApi()
    app = make_app(api, poll_interval=0.3)
    unknown = "0badc0de-0000-4000-8000-000000000000"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        app.screen.go_to(unknown)
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.shown.missing, tries=100)
        text = " ".join(" ".join(line.text for line in detail._lines).split())
        assert "not found: the API at this endpoint does not know this id" in text
        assert "Polling for updates" not in text and "queued" not in text
        asked = api.gets_for(unknown)
        await pilot.pause(1.0)  # three more cycles
        assert api.gets_for(unknown) == asked


async def test_a_job_found_off_the_page_keeps_when_it_was_sent_once_its_text_arrives(
    tmp_path: Path,
):
    """A helper's job found by its prefix showed neither Created nor "Sent … from
    here": the pane was drawn again without them when the transcript arrived."""
    journal = Journal(tmp_path / "journal.sqlite3")
    sent_job(journal, "/calls/x.wav", job_id(3), endpoint="e")
    app = make_app(poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        screen.query_one(Input).value = job_id(3)[:8]
        await wait_for(pilot, lambda: len(screen.candidates) == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.transcript is not None and detail.sent_at is not None)
        await pilot.pause(0.2)
        assert detail.transcript is not None and detail.sent_at is not None
        text = "\n".join(line.text for line in detail._lines)
        assert "from here" in text and "Local file    x.wav" in text
    journal.close()


async def test_a_job_not_read_yet_is_not_said_to_be_queued():
    """Offline, a job found through the journal read "◌ queued" (it had completed):
    until the API answers, its state is not known and the pane says so."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        detail = app.screen.query_one(DetailPane)
        detail.show(job_id(999))
        await pilot.pause()
        text = "\n".join(line.text for line in detail._lines)
        assert "… not read yet" in text and "queued" not in text


async def test_space_on_a_job_found_off_the_page_marks_that_job():
    """A helper opened a job with : (on no page) and pressed space: a hidden row was
    marked instead, and r then offered it."""
    app = make_app(poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_find(pilot)
        target = job_id(3)
        await pilot.press(*target[:8], "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        await wait_for(pilot, lambda: app.screen.selected_id == target)
        await pilot.press("space")
        assert app.screen.marked == {target}
        assert app.screen._targets() == [target]
        assert app.screen.selected_id == target  # the pane stays on it


async def test_a_job_this_machine_sent_to_another_endpoint_says_where(tmp_path: Path):
    """Offline against one endpoint, a helper found a job he had sent to another: the
    pane did not say where it went (and had said "from here")."""
    journal = Journal(tmp_path / "journal.sqlite3")
    sent_job(journal, "/calls/t1.wav", job_id(3), endpoint="http://127.0.0.1:8775")
    app = make_app(poll_interval=3600)
    app.journal = journal
    app.api.base_url = "http://127.0.0.1:8799"  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_find(pilot)
        await pilot.press(*job_id(3)[:8], "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindScreen))
        detail = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: detail.sent_elsewhere is not None)
        text = "\n".join(line.text for line in detail._lines)
        assert "Sent to" in text and "http://127.0.0.1:8775" in text
        assert "from here" not in text
        # nothing read from any API: not "polling", which said it was queued here
        assert "Polling for updates" not in text and "not read yet" in text
        # found by its file name too, saying where it went ("nothing matches", it said)
        screen = await open_find(pilot)
        await pilot.press(*"t1.wav")
        await wait_for(pilot, lambda: len(screen.candidates) == 1)
        assert screen.candidates[0].transcript_id == job_id(3)
        assert screen.candidates[0].where == "sent to http://127.0.0.1:8775"
        # a file refused before any upload went nowhere: its batch, not "sent to"
        (refused,) = journal.record_batch(
            [BatchEntry(local_path=Path("/calls/t2-short.wav"), size=1)],
            params={},
            endpoint="http://127.0.0.1:8775",
            batch_id="b2",
        )
        journal.mark_failed(refused.id, "audio is 50 ms long")
        screen.query_one(Input).value = "t2-short"
        await wait_for(pilot, lambda: [c.name for c in screen.candidates] == ["t2-short.wav"])
        assert screen.candidates[0].where == "batch b2"
        assert screen.candidates[0].not_created == "audio is 50 ms long"
    journal.close()


async def test_a_resubmission_found_by_its_file_names_the_job_it_repeats(tmp_path: Path):
    """A helper's : listed a resubmission as "journal", like any job: which of two
    quiet.wav jobs was the repeat could not be told."""
    journal = Journal(tmp_path / "journal.sqlite3")
    sent_job(journal, "/calls/quiet.wav", job_id(7), endpoint="e")
    again = journal.record(
        params={}, endpoint="e", local_path=Path("/calls/quiet.wav"), resubmit_of=job_id(7)
    )
    journal.mark_creating(again.id)
    journal.mark_created(again.id, job_id(8))
    app = make_app(poll_interval=3600)
    app.journal = journal
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(pilot)
        await pilot.press(*"quiet")
        await wait_for(pilot, lambda: len(screen.candidates) == 2)
        where = {c.transcript_id: c.where for c in screen.candidates}
        assert where == {job_id(8): f"resubmits {job_id(7)[:8]}", job_id(7): "batch b"}
    journal.close()


async def test_offline_a_prefix_says_the_api_is_not_answering_before_and_after_enter():
    """Offline, a helper's : said "Enter asks the API", then "Looking…" for 10 s, then
    a bare connection error. It says at once that the API is not answering."""
    from aai_tui.api.errors import ApiError, ErrorKind
    from aai_tui.ui.widgets.status_bar import StatusBar
    from tests.ui.app_factory import next_cycle

    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        api.fail_with = ApiError("connect: could not connect", method="GET", kind=ErrorKind.CONNECT)
        await next_cycle(pilot, app)
        bar = app.screen.query_one(StatusBar)
        await wait_for(pilot, lambda: bar.state.offline_until is not None)
        screen = await open_find(pilot)
        await pilot.press(*"fc9c709f")
        note = lambda: str(screen.query_one("#find-note", Static).render())  # noqa: E731
        await wait_for(pilot, lambda: "not answering" in note())
        assert "the API is not answering (offline): Enter asks it all the same" in note()
        await pilot.press("enter")
        await wait_for(pilot, lambda: note().startswith("The API is not answering: "))
        assert "could not connect" in note()  # the error itself, verbatim
        assert isinstance(app.screen, FindScreen)
