"""The yardstick for start-up: a bare Textual app with a header, a 25-row table and a
footer, run as any Textual app runs (``python -m bench.bare_app``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


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


if __name__ == "__main__":
    BareApp().run()
