"""Saved views (``V``): the list's status and day filters, text filter, sort and page
size under a name, recalled with Enter; the last one used comes back at start.

Kept in the journal's preferences (this machine's state, beside the submissions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.presentation import sort_label, statuses_label
from aai_tui.ui.safe_text import literal
from aai_tui.ui.widgets.fitted_table import fill_fitted

#: Preference keys in the journal.
VIEWS_KEY = "views"
LAST_VIEW_KEY = "last_view"
#: Days a view can name: relative, so "today" stays today.
DAYS = ("today", "yesterday")


@dataclass(frozen=True, slots=True)
class SavedView:
    statuses: tuple[str, ...] = ()  # none: all
    day: str | None = None  # "today", "yesterday", "YYYY-MM-DD" or None
    sort: str = "created"
    reverse: bool = True
    text_filter: str = ""
    page_size: int = 25

    def summary(self) -> str:
        parts = [
            f"status {statuses_label(self.statuses)}",
            f"created {self.day or 'any day'}",
            f"sort {sort_label(self.sort, self.reverse)}",
            f"{self.page_size} a page",
        ]
        if self.text_filter:
            parts.append(f"filter {self.text_filter!r}")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> SavedView | None:
        """A view from stored JSON, or None when it is not one (an older or hand-edited
        journal must not break the start)."""
        if not isinstance(data, dict):
            return None
        stored = data.get("statuses", data.get("status"))  # "status": views saved before
        if isinstance(stored, str):
            stored = [stored]
        if not isinstance(stored, list):
            stored = []
        statuses = tuple(s for s in stored if isinstance(s, str))
        try:
            view = cls(
                statuses=statuses,
                day=data.get("day") if _a_day(data.get("day")) else None,
                sort=str(data.get("sort") or "created"),
                reverse=bool(data.get("reverse", True)),
                text_filter=str(data.get("text_filter") or ""),
                page_size=int(data.get("page_size", 25)),
            )
        except (TypeError, ValueError):
            return None
        return view if 1 <= view.page_size <= 200 else None


def _a_day(value: Any) -> bool:
    """ "today", "yesterday" or a fixed ``YYYY-MM-DD``."""
    if value in DAYS:
        return True
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


Choice = tuple[str, str]  # ("save" | "recall", name)


class ViewsScreen(ModalScreen[Choice | None]):
    BINDINGS = bindings(Place.VIEWS)
    #: The name box, never the list first (typing is naming).
    AUTO_FOCUS = "#view-name"

    def __init__(
        self,
        views: dict[str, SavedView],
        current: SavedView,
        forget: Callable[[str], None],
    ) -> None:
        """``forget``: deletes a view where the views are kept; the dialog stays open
        (deleting two views took two openings)."""
        super().__init__()
        self.views = dict(views)
        self.current = current
        self.forget = forget

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog views"):
            yield Static("Saved views", classes="dialog-title", markup=False)
            yield DataTable(id="view-list", cursor_type="row")
            yield Static(
                Text(f"Now: {self.current.summary()}", style="dim"), markup=False, id="view-now"
            )
            # Not selected on focus: a letter typed on the list moves here and stays.
            yield Input(
                placeholder="save the current view as…", id="view-name", select_on_focus=False
            )
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        if not self.views:
            return Text(
                f"type a name, enter: save   {press('views.cancel', keymap)}: close", style="bold"
            )
        return Text(
            f"type a name, enter: save   {press('views.down', keymap)}/"
            f"{press('views.up', keymap)}, enter: use a view   "
            f"{press('views.delete', keymap)}: delete it   {press('views.cancel', keymap)}: close",
            style="bold",
        )

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#view-list", DataTable).show_cursor = False
        # Always the name box: a helper typed a name into the list (which had the focus
        # once a view existed) and Enter recalled another view instead of saving his.
        self.query_one("#view-name", Input).focus()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """Every view whole: the description wraps to the width, never cut."""
        rows = [
            (name, (literal(name, single_line=True), Text(view.summary())))
            for name, view in sorted(self.views.items())
        ]
        table = self.query_one("#view-list", DataTable)
        fill_fitted(table, ("Name", "View"), rows, give_way=(1, 0), wrap=1)

    def on_key(self, event: events.Key) -> None:
        """Typing on the list (reached with tab) names a view: the letters go to the box."""
        field = self.query_one("#view-name", Input)
        if event.is_printable and event.character and not field.has_focus:
            event.stop()
            event.prevent_default()
            field.focus()
            field.insert_text_at_cursor(event.character)

    def _highlighted(self) -> str | None:
        """The view picked with the arrows; None until one is (no row shows a cursor
        before: a helper took the first view for already picked, and ↓ skipped it)."""
        table = self.query_one("#view-list", DataTable)
        if not table.row_count or not table.show_cursor:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.value

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Tab onto the list: its cursor shows, for the arrows to move."""
        if event.widget.id == "view-list":
            self.query_one("#view-list", DataTable).show_cursor = True

    @on(DataTable.RowSelected, "#view-list")
    def _recall(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.dismiss(("recall", event.row_key.value))

    @on(Input.Submitted, "#view-name")
    def _save(self, event: Input.Submitted) -> None:
        """A name: save the current view under it. None: use the highlighted view."""
        name = " ".join(event.value.split())
        if name:
            self.dismiss(("save", name[:60]))
        elif (highlighted := self._highlighted()) is not None:
            self.dismiss(("recall", highlighted))
        elif self.views:
            self.notify("Type a name to save, or ↓ to pick a view.", timeout=3)
        else:
            self.notify("Type a name for the view.", severity="warning", timeout=3)

    def _pick(self, step: int) -> None:
        """The first press shows the first (↓) or last (↑) view; the next ones move."""
        table = self.query_one("#view-list", DataTable)
        if not table.row_count:
            return
        if not table.show_cursor:
            table.show_cursor = True
            table.move_cursor(row=0 if step > 0 else table.row_count - 1)
        elif step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_cursor_down(self) -> None:
        self._pick(1)

    def action_cursor_up(self) -> None:
        self._pick(-1)

    def action_delete(self) -> None:
        highlighted = self._highlighted()
        if highlighted is not None:
            table = self.query_one("#view-list", DataTable)
            row = table.cursor_row
            self.forget(highlighted)
            self.views.pop(highlighted, None)
            self._fill()
            # The next view is picked (the one below, else the new last one).
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1))
            else:
                table.show_cursor = False
            self.query_one(".dialog-keys", Static).update(self._keys())
            self.notify(f"Deleted the view {highlighted!r}.", markup=False, timeout=3)
        elif self.views:
            self.notify("↓ or ↑ first, to pick the view to delete.", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)
