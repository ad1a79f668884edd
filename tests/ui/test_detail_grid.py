"""The detail pane's field grid draws what Rich's Table.grid drew (bold fixed label
column, folding values), character for character and style for style, without the
table's measuring pass."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from aai_tui.ui.widgets.detail import LABEL_WIDTH, FieldGrid

labels = st.one_of(
    st.sampled_from(["Status", "ID", "Audio URL", "Speech model", "", "Options"]),
    st.builds(lambda s: Text(s, style="bold red"), st.sampled_from(["Warning", "Webhook"])),
)
values = st.builds(
    lambda text, style: Text(text, style=style),
    st.text(alphabet=st.sampled_from("abc def-/.:⚠日本\n"), max_size=120),
    st.sampled_from(["", "dim", "yellow", "bold green"]),
)


def drawn(renderable: object, width: int) -> list[list[tuple[str, object]]]:
    console = Console(width=width, file=io.StringIO(), force_terminal=True, legacy_windows=False)
    lines = console.render_lines(renderable, console.options.update_width(width))
    return [[(s.text, s.style) for s in Segment.simplify(line)] for line in lines]


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(labels, values), min_size=1, max_size=8), width=st.integers(16, 120))
def test_the_field_grid_draws_what_the_table_grid_drew(rows, width):
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, width=LABEL_WIDTH)
    table.add_column(overflow="fold")
    grid = FieldGrid()
    for label, value in rows:
        table.add_row(label, value)
        grid.add_row(label, value)
    assert drawn(grid, width) == drawn(table, width)


def test_search_hits_are_whole_words_as_the_api_counts_them():
    from aai_tui.ui.widgets.detail import SEARCH_HIT_STYLE, highlight_hits

    text = Text("Recording the recordings; a recording. The video team met (video teams).")
    assert highlight_hits(text, ["recording", "video team", " "]) == 3
    hits = [text.plain[s.start : s.end] for s in text.spans if s.style == SEARCH_HIT_STYLE]
    assert hits == ["Recording", "recording", "video team"]
    assert highlight_hits(Text("a.b (x) axb"), ["a.b", "(x)"]) == 2  # regex characters are text
