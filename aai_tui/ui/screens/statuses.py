"""Several statuses at once (``S``): tick them, Enter shows their jobs in one list.

The list endpoint filters by one status; the tracker asks once per ticked status and
merges the answers, so paging works as it does for one."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.presentation import STATUS_FILTERS, STATUS_MEANINGS

#: The statuses the list endpoint can filter by, in the order ``f`` cycles them.
CHOICES: tuple[str, ...] = tuple(s for s in STATUS_FILTERS if s)


def _prompt(status: str) -> Text:
    return Text.assemble((status, "bold"), f"  {STATUS_MEANINGS[status]}")


class TickList(SelectionList[str]):
    """Textual draws an X in every box, ticked or not, told apart by colour alone: here
    a ticked box holds ✔ and an unticked one is blank, in any terminal's capture."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == Checkbox.BUTTON_INNER:
            try:
                option = self.get_option_at_index(self.scroll_offset.y + y)
            except OptionDoesNotExist:
                return strip
            mark = "✔" if option.value in self._selected else " "
            segments[1] = Segment(mark, segments[1].style)
            return Strip(segments, strip.cell_length)
        return strip


class StatusChoiceScreen(ModalScreen[tuple[str, ...] | None]):
    """Dismisses with the ticked statuses (none ticked: all), or None to keep the list."""

    BINDINGS = bindings(Place.STATUSES)

    def __init__(self, current: tuple[str, ...]) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog statuses"):
            yield Static("Show transcripts that are…", classes="dialog-title", markup=False)
            yield TickList(
                *(Selection(_prompt(status), status, status in self.current) for status in CHOICES),
                id="status-choices",
            )
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"space: tick   {press('statuses.go', keymap)}: show them (none ticked: all)   "
            f"{press('statuses.cancel', keymap)}: cancel",
            style="bold",
        )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_down(self) -> None:
        self.query_one(TickList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(TickList).action_cursor_up()

    def action_show(self) -> None:
        ticked = set(self.query_one("#status-choices", SelectionList).selected)
        self.dismiss(tuple(s for s in CHOICES if s in ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)
