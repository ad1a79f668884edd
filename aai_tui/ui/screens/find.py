"""Find any transcript (``:``): by full id or the 8 characters the list shows, or by
local file name, folder or batch through the journal (the API cannot search those).

Candidates come from the rows loaded and the journal as you type; Enter on an id or a
prefix resolves it through what is loaded, the journal, then the API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from aai_tui.actions.queries import ID_PREFIX, QueryError
from aai_tui.api.errors import ApiError
from aai_tui.formatting import counted
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal, visible
from aai_tui.ui.widgets.fitted_table import fill_fitted

#: Seconds of no typing before the journal is searched.
SEARCH_SETTLE = 0.15
#: Below this height the note under the matches may be out of sight.
SHORT_HEIGHT = 20
#: The matches: where it was found wraps first (never narrower than a batch id), then
#: the file gives way, its ends kept (call-a.wav and call-b.wav stay apart), to no less
#: than 12 cells; past that, where it was found is left out (the note says it).
RESULT_COLUMNS = ("ID", "File or audio", "Where")


@dataclass(frozen=True, slots=True)
class Candidate:
    transcript_id: str  # "" for a file the journal holds that never became a job
    name: str  # local file, or the audio URL's name
    where: str  # "this page", "batch <id>", "journal"
    #: Why it never became a job (a file refused, a submission still open).
    not_created: str | None = None


Search = Callable[[str], Awaitable[list[Candidate]]]
Resolve = Callable[[str], Awaitable[str]]


class FindScreen(ModalScreen[str | None]):
    """Dismissed with the transcript id chosen, or None."""

    BINDINGS = bindings(Place.FIND)

    def __init__(
        self, search: Search, resolve: Resolve, *, offline: Callable[[], bool] = lambda: False
    ) -> None:
        """``offline``: whether the header says the API is not answering now."""
        super().__init__()
        self._search = search
        self._resolve = resolve
        self._offline = offline
        self.candidates: list[Candidate] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog find"):
            yield Static("Find a transcript", classes="dialog-title", markup=False)
            yield Input(placeholder="id, the 8 characters the list shows, file, folder or batch")
            yield DataTable(id="find-results", cursor_type="row")
            yield Static("", id="find-note", markup=False)
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"enter: go   {press('find.results', keymap)}: the matches   "
            f"{press('find.cancel', keymap)}: cancel",
            style="bold",
        )

    def on_mount(self) -> None:
        self.query_one("#find-results", DataTable).add_columns(*RESULT_COLUMNS)
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        """The matches follow the width: names and places give way, never scroll."""
        if self.candidates:
            self._fill(self.candidates)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._look(event.value)

    # A decorated worker is started from a function, not a coroutine: a look replaced
    # before it starts leaves nothing un-awaited behind.
    @work(exclusive=True, group="find", exit_on_error=False)
    async def _look(self, text: str) -> None:
        import asyncio

        await asyncio.sleep(SEARCH_SETTLE)  # typing on: this look is replaced
        self.show(await self._search(text) if text.strip() else [], text)

    def show(self, candidates: list[Candidate], text: str = "") -> None:
        self.candidates = candidates
        self._fill(candidates)
        if candidates:
            self.query_one("#find-note", Static).update(
                counted(len(candidates), "match", "matches")
            )
        elif not text.strip():
            self.query_one("#find-note", Static).update("")
        elif ID_PREFIX.match(text.strip()):
            self._note(
                "Nothing loaded, or sent to this endpoint, starts so; the API is not "
                "answering (offline): Enter asks it all the same."
                if self._offline()
                else "Nothing loaded, or sent to this endpoint, starts so: Enter asks the API."
            )
        else:
            self._note(f"Nothing in the journal matches {text.strip()!r}.")

    def _fill(self, candidates: list[Candidate]) -> None:
        rows = []
        for index, candidate in enumerate(candidates):
            where = candidate.where
            if candidate.not_created is not None:
                where = f"{where}: not created, {candidate.not_created}"
            cells = (
                Text(candidate.transcript_id[:8] or "—"),
                literal(candidate.name, single_line=True),
                literal(where, single_line=True),
            )
            rows.append((candidate.transcript_id or f"not-created-{index}", cells))
        table = self.query_one("#find-results", DataTable)
        fill_fitted(
            table,
            RESULT_COLUMNS,
            rows,
            give_way=(2, 1),
            wrap=2,
            cut_middle=(1,),
            floors={2: len("batch 0123456789ab"), 1: 12},
            drop_then=(2,),
        )

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        jobs = [c for c in self.candidates if c.transcript_id]
        by_id = [c for c in jobs if c.transcript_id.startswith(text.lower())]
        # Hex that starts no listed id (a batch id, a folder named in hex) goes to the
        # first match shown, as any other text does: "no transcript starts with" it
        # beside eight matches, after reading a thousand jobs, was a helper's finding.
        if ID_PREFIX.match(text) and (by_id or not self.candidates):
            self.run_worker(self._go_to_id(text), exclusive=True, group="find", exit_on_error=False)
        elif jobs:
            self.dismiss(jobs[0].transcript_id)
        elif self.candidates:
            self._never_created(self.candidates[0])
        else:
            self._note(f"Nothing in the journal matches {text!r}.")

    async def _go_to_id(self, text: str) -> None:
        offline = self._offline()
        self._note("Asking the API, which was not answering…" if offline else "Looking…")
        try:
            self.dismiss(await self._resolve(text))
        except (QueryError, ApiError) as error:
            # The API's own words, after what they mean here when it is unreachable.
            self._note(f"The API is not answering: {error}" if offline else str(error))

    def _note(self, text: str) -> None:
        self.query_one("#find-note", Static).update(Text(text, style="yellow"))

    @on(DataTable.RowSelected, "#find-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        candidate = self.candidates[index] if 0 <= index < len(self.candidates) else None
        if candidate is not None and not candidate.transcript_id:
            self._never_created(candidate)
        elif event.row_key.value:
            self.dismiss(event.row_key.value)

    def _never_created(self, candidate: Candidate) -> None:
        """A file the journal holds that never became a job: there is nothing to go to,
        so say why, and where its batch is."""
        said = (
            f"{candidate.name} never became a transcript ({candidate.not_created}): "
            f"{press('batches', app_keymap(self.app))} shows its batch."
        )
        self._note(said)
        # On a short screen the note is below the matches, out of sight: a toast is not.
        if self.app.size.height < SHORT_HEIGHT:
            self.notify(visible(said), severity="warning", markup=False, timeout=8)

    def action_results(self) -> None:
        table = self.query_one("#find-results", DataTable)
        if table.row_count:
            table.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
