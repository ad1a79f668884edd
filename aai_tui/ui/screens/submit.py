"""The submit form: what to transcribe and the options people reach for most."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from aai_tui.actions.inputs import (
    InputError,
    SubmitOptions,
    check_local_file,
    check_params,
    expand_sources,
)
from aai_tui.ui.safe_text import visible
from aai_tui.ui.widgets.options_editor import OptionsEditor


@dataclass(frozen=True)
class SubmitRequest:
    sources: list[str | Path]
    options: SubmitOptions


class SubmitScreen(ModalScreen[SubmitRequest | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="submit.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="submit.go"),
    ]

    def __init__(self, defaults: SubmitOptions) -> None:
        super().__init__()
        self.defaults = defaults

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog submit"):
            yield Static("Submit for transcription", classes="dialog-title")
            yield Label("File, folder, glob or http(s) URL")
            yield Input(placeholder="~/calls/*.mp3  or  https://example.com/a.mp3", id="source")
            yield OptionsEditor(self.defaults, id="options")
            yield Static("", id="submit-error", markup=False)
            yield Static(
                Text("ctrl+s or Enter in the path field submits · Esc cancels", style="dim"),
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#source", Input).focus()

    def _options(self) -> SubmitOptions:
        return self.query_one(OptionsEditor).read()

    def _show_error(self, message: str) -> None:
        self.query_one("#submit-error", Static).update(
            Text(visible(message, single_line=True), style="bold")
        )

    @on(Input.Submitted, "#source")
    def action_submit(self) -> None:
        raw = self.query_one("#source", Input).value.strip()
        try:
            options = self._options()
            check_params(options.to_params())
            sources = expand_sources([raw])
            for source in sources:
                if isinstance(source, Path):
                    check_local_file(source)
        except InputError as error:
            self._show_error(str(error))
            return
        self.dismiss(SubmitRequest(sources, options))

    def action_cancel(self) -> None:
        self.dismiss(None)
