"""Tables in the views never scroll sideways: columns give way, wrap, or are left out
whole (a batch of 11 files read "1" when the table was cut mid-number)."""

from __future__ import annotations

import random

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from aai_tui.ui.widgets.fitted_table import MIN_WIDTH, fill_fitted

WORDS = ["a", "batch", "created", "日本語", "not-found", "x" * 30, "does not look like audio"]


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="t")


def random_rows(rng: random.Random, columns: int) -> list[tuple[str, tuple[Text, ...]]]:
    return [
        (
            f"r{n}",
            tuple(Text(" ".join(rng.choices(WORDS, k=rng.randint(0, 4)))) for _ in range(columns)),
        )
        for n in range(rng.randint(0, 6))
    ]


async def test_filled_tables_fit_their_room_whatever_they_hold():
    rng = random.Random(4242)
    app = One()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        for _ in range(300):
            columns = rng.randint(1, 7)
            labels = [f"C{i}" * rng.randint(1, 3) for i in range(columns)]
            rows = random_rows(rng, columns)
            give_way = rng.sample(range(columns), rng.randint(0, columns))
            wrap = rng.choice([None, *give_way]) if give_way else None
            room = rng.randint(10, 118)
            middle = [c for c in give_way if c != wrap and rng.random() < 0.5]
            dropped_first = rng.sample(range(columns), rng.randint(0, columns))
            fit = fill_fitted(
                table,
                labels,
                rows,
                give_way=give_way,
                wrap=wrap,
                cut_middle=middle,
                drop_first=dropped_first,
                room=room,
            )
            kept = [c for c in table.ordered_columns]
            total = sum(c.width + 2 * table.cell_padding for c in kept)
            assert total <= room or len(kept) == 1, (labels, room)
            assert [str(c.label) for c in kept] + list(fit.dropped) != [] and {
                str(c.label) for c in kept
            } | set(fit.dropped) == set(labels)
            for key, cells in rows:
                shown = table.get_row(key)
                for column, cell in zip(kept, shown, strict=True):
                    assert isinstance(cell, Text)
                    assert all(line.cell_len <= column.width for line in cell.split())
                    original = cells[labels.index(str(column.label))]
                    if original.cell_len <= column.width:
                        assert cell.plain == original.plain  # untouched when it fits
                    else:
                        assert column.width >= min(MIN_WIDTH, len(str(column.label)))


async def test_a_file_name_cut_to_fit_keeps_its_end_and_the_rest_come_first():
    """Every file showed as "meeting-recordin…": the end is what tells them apart."""
    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        rows = [
            (f"r{n}", (Text(str(n)), Text(f"meeting-recording-2026-12-07-part-{n:02d}.wav")))
            for n in range(3)
        ]
        fill_fitted(table, ["#", "File"], rows, give_way=(1,), cut_middle=(1,), room=30)
        shown = [str(table.get_row(f"r{n}")[1]) for n in range(3)]
        assert len(set(shown)) == 3 and all("…" in name for name in shown)
        assert [name[-6:] for name in shown] == ["00.wav", "01.wav", "02.wav"]
