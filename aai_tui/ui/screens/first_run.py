"""First run: no key yet. Paste one (saved 0600) or start the demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from aai_tui.ui.action_registry import Place, bindings
from aai_tui.ui.screens.key_entry import check_and_save
from aai_tui.ui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from aai_tui.ui.app import AaiTuiApp

KEY_PAGE = "https://www.assemblyai.com/app/account"


class FirstRunScreen(Screen[None]):
    BINDINGS = bindings(Place.FIRST_RUN)

    def __init__(self, config_path: Path, *, demo_available: bool) -> None:
        super().__init__()
        self.config_path = config_path
        self.demo_available = demo_available

    def compose(self) -> ComposeResult:
        intro = Text()
        intro.append("Welcome to aai-tui\n", style="bold")
        intro.append("Paste your AssemblyAI API key to see your transcripts. Find it at ")
        intro.append(KEY_PAGE, style="underline")
        intro.append(". It is saved to ")
        intro.append(str(self.config_path), style="bold")
        intro.append(", readable only by you (or set ASSEMBLYAI_API_KEY, or pass --api-key).")
        with Vertical(classes="dialog first-run"):
            yield Static(intro, markup=False)
            yield Input(placeholder="API key", password=True, id="api-key")
            yield Static("", id="key-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save key and continue", variant="primary", id="save")
                if self.demo_available:
                    yield Button("Try the demo (offline)", id="demo")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#api-key")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self._check_and_save(self.query_one("#api-key", Input).value)

    @work(exclusive=True, exit_on_error=False)
    async def _check_and_save(self, text: str) -> None:
        """One request with the key before it is saved: a wrong key is never kept."""
        error = self.query_one("#key-error", Static)
        error.update(Text("Checking the key…", style="dim"))
        app = cast("AaiTuiApp", self.app)
        key, problem = await check_and_save(text, self.config_path, app.check_key)
        if key is None:
            error.update(Text(problem, style="bold"))
            return
        self.query_one("#api-key", Input).value = ""
        app.connect_with_key(key)

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        if self.demo_available:
            cast("AaiTuiApp", self.app).start_demo_mode()
