"""The yardstick for start-up: a bare Textual app with a header, a 25-row table and a
footer, run as any Textual app runs (``python -m bench.bare_app``)."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Status", "ID", "Created", "Audio")
        for i in range(25):
            table.add_row("completed", f"{i:08x}", "1h ago", f"file-{i}.mp3")


class PollingBareApp(BareApp):
    """The bare app polling the list endpoint every 3 s and showing the page: the
    least an AssemblyAI dashboard can do (``python -m bench.bare_app URL KEY``)."""

    def __init__(self, base_url: str, key: str) -> None:
        super().__init__()
        self.base_url = base_url
        self.key = key

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(3.0, self.poll)

    async def poll(self) -> None:
        import httpx

        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            answer = await client.get(
                f"{self.base_url}/v2/transcript",
                params={"limit": 25},
                headers={"authorization": self.key},
            )
        table = self.query_one(DataTable)
        for i, item in enumerate(answer.json().get("transcripts", [])[:25]):
            status = item.get("status", "")
            if table.get_cell_at((i, 0)) != status:  # draw only what changed
                table.update_cell_at((i, 0), status)


WORDS = (
    "the quarterly numbers customers asked about data residency the team fixed the upload "
    "step and resubmitted the batch speaker labels now work well for meetings"
).split()


class DetailBareApp(App[None]):
    """The like-for-like yardstick for key to screen: a bare Textual app with a 25-row
    table and, beside it, a plain pane that shows the highlighted row's id and the
    first 3,000 of its 20,000 characters, as aai-tui's detail pane does; nothing else
    (``python -m bench.bare_app --detail``)."""

    CSS = "#rows { width: 70; } #pane { width: 1fr; border: round $accent; }"

    def __init__(self) -> None:
        super().__init__()
        rng = random.Random(25)
        self.ids = [f"{i:08x}-0000-4000-8000-{i:012x}" for i in range(25)]
        self.texts = [" ".join(rng.choice(WORDS) for _ in range(3500))[:20_000] for _ in self.ids]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="rows", cursor_type="row")
            with VerticalScroll(id="pane"):
                yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Status", "ID", "Created", "Audio")
        for i, transcript_id in enumerate(self.ids):
            table.add_row("completed", transcript_id[:8], "1h ago", f"file-{i}.mp3")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        self.query_one("#detail", Static).update(
            f"Status  completed\nID      {self.ids[index]}\n\nTranscript\n"
            f"{self.texts[index][:3000]} …"
        )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--detail"]:
        DetailBareApp().run()
    elif len(sys.argv) == 3:
        PollingBareApp(sys.argv[1], sys.argv[2]).run()
    else:
        BareApp().run()
