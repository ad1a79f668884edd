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


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 3:
        PollingBareApp(sys.argv[1], sys.argv[2]).run()
    else:
        BareApp().run()
