"""What the whole-screen views (F, B, L) share: j/k (and g/G) move in the table that
has focus."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen
from textual.widgets import DataTable

ResultT = TypeVar("ResultT")


class TableView(ModalScreen[ResultT]):
    """A view of one or two tables: a list, and the rows of the entry opened from it."""

    #: Selectors of the view's tables; the first is the one moved when none has focus.
    TABLES: ClassVar[tuple[str, ...]] = ()

    def _focused_table(self) -> DataTable[object]:
        tables = [self.query_one(selector, DataTable) for selector in self.TABLES]
        return next((table for table in tables if table.has_focus), tables[0])

    def action_cursor_down(self) -> None:
        self._focused_table().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._focused_table().action_cursor_up()

    def action_first(self) -> None:
        table = self._focused_table()
        if table.row_count:
            table.move_cursor(row=0)

    def action_last(self) -> None:
        table = self._focused_table()
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
