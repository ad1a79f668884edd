"""Enter another API key without quitting: checked with one request, then saved 0600."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from aai_tui.config import ConfigError, set_setting, validate
from aai_tui.ui.action_registry import Place, bindings

KeyCheck = Callable[[str], Awaitable[str | None]]


async def check_and_save(
    key_text: str, config_path: Path, check: KeyCheck
) -> tuple[str | None, str]:
    """(the key, "") once the API accepted it and it is saved; else (None, why not)."""
    try:
        key = validate("api_key", key_text, source="API key")
    except ConfigError as exc:
        return None, str(exc)
    problem = await check(key)
    if problem:
        return None, problem
    try:
        set_setting("api_key", key, config_path)
    except ConfigError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"Could not save {config_path}: {exc.strerror}"
    return key, ""


class KeyEntryScreen(ModalScreen[str | None]):
    BINDINGS = bindings(Place.KEY_ENTRY)

    def __init__(self, config_path: Path, check: KeyCheck) -> None:
        super().__init__()
        self.config_path = config_path
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog first-run"):
            yield Static(Text("Enter another API key", style="bold"), markup=False)
            yield Static(
                Text(
                    "It is checked with one request, then saved to "
                    f"{self.config_path} (readable only by you)."
                ),
                markup=False,
            )
            yield Input(placeholder="API key", password=True, id="api-key")
            yield Static("", id="key-error", markup=False)
            yield Static(Text("Enter: check and save   Esc: cancel", style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#api-key")
    def _submitted(self) -> None:
        self._check(self.query_one("#api-key", Input).value)

    @work(exclusive=True, exit_on_error=False)
    async def _check(self, text: str) -> None:
        error = self.query_one("#key-error", Static)
        error.update(Text("Checking the key…", style="dim"))
        key, problem = await check_and_save(text, self.config_path, self.check)
        if key is None:
            error.update(Text(problem, style="bold"))
            return
        self.query_one("#api-key", Input).value = ""
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
