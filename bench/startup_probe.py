"""One start-up, timed by the parent: ``aai-screen`` opens the dashboard on a simulator
and exits once its first screen is painted, ``aai-data`` once the first page of
transcripts from the API is on it; ``bare`` is a Textual app with a header,
a 25-row table and a footer that exits once mounted."""

from __future__ import annotations

import sys


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Status", "ID", "Created", "Audio")
            for i in range(25):
                table.add_row("completed", f"{i:08x}", "1h ago", f"file-{i}.mp3")
            self.call_after_refresh(self.exit)

    Bare().run(headless=True)


def aai(base_url: str, until: str) -> None:
    from pathlib import Path

    from aai_tui.api import AssemblyAIClient
    from aai_tui.config import Settings
    from aai_tui.ui.app import AaiTuiApp
    from aai_tui.ui.screens.dashboard import DashboardScreen

    if until == "data":
        original = DashboardScreen._apply_page

        def apply_then_exit(self, event):  # type: ignore[no-untyped-def]
            original(self, event)
            self.app.call_after_refresh(self.app.exit)

        DashboardScreen._apply_page = apply_then_exit  # type: ignore[method-assign]
    else:
        mounted = DashboardScreen.on_mount

        def mount_then_exit(self):  # type: ignore[no-untyped-def]
            mounted(self)
            self.app.call_after_refresh(self.app.exit)

        DashboardScreen.on_mount = mount_then_exit  # type: ignore[method-assign]
    app = AaiTuiApp(
        Settings(),
        api=AssemblyAIClient("bench-key", base_url),
        endpoint_label=base_url,
        config_path=Path("/nonexistent/config.toml"),
    )
    app.run(headless=True)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        aai(sys.argv[2], sys.argv[1].removeprefix("aai-"))
