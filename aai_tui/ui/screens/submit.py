"""The submit form: what to transcribe and the options people reach for most."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from aai_tui.actions.inputs import InputError, SubmitOptions, check_params
from aai_tui.ui.action_registry import Place, bindings
from aai_tui.ui.safe_text import visible
from aai_tui.ui.widgets.options_editor import OptionsEditor


@dataclass(frozen=True)
class SubmitRequest:
    """What was typed: expanded and probed later, off the UI loop."""

    entries: list[str]
    options: SubmitOptions


class FormScroll(VerticalScroll, can_focus=False):
    """The form scrolls to the focused field; it is no Tab stop of its own (one that
    showed no focus swallowed what was typed there)."""


#: The path field's examples, longest first: the one that fits is shown.
SOURCE_EXAMPLES = (
    "~/calls/*.mp3  or  https://example.com/a.mp3",
    "~/calls/*.mp3  or  https://…/a.mp3",
    "~/calls/*.mp3",
)


class SubmitScreen(ModalScreen[SubmitRequest | None]):
    BINDINGS = bindings(Place.SUBMIT)
    #: Focused by on_mount without scrolling: Textual's own first focus scrolled the
    #: form to centre the path field, and it opened with its title out of sight.
    AUTO_FOCUS = ""

    def __init__(self, defaults: SubmitOptions) -> None:
        super().__init__()
        self.defaults = defaults

    def compose(self) -> ComposeResult:
        with FormScroll(classes="dialog submit"):
            yield Static("Submit for transcription", classes="dialog-title")
            yield Label("File, folder, glob or http(s) URL")
            yield Input(placeholder=SOURCE_EXAMPLES[0], id="source")
            yield OptionsEditor(self.defaults, id="options")
            yield Static("", id="submit-error", markup=False)
            yield Static(
                Text("ctrl+s or Enter in the path field submits · Esc cancels", style="dim"),
                markup=False,
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        # Not scrolled to: the form opened three lines down, its title and the path
        # field's label out of sight.
        self.query_one("#source", Input).focus(scroll_visible=False)
        self.call_after_refresh(self._fit_example)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_example)

    def _fit_example(self) -> None:
        """The longest example the path field shows whole: a cut one ("https://exa")
        read like a broken value at 40 columns."""
        field = self.query_one("#source", Input)
        room = field.content_region.width - 1  # the cursor's cell
        field.placeholder = next(
            (example for example in SOURCE_EXAMPLES if len(example) <= room),
            SOURCE_EXAMPLES[-1],
        )

    def _options(self) -> SubmitOptions:
        return self.query_one(OptionsEditor).read()

    def _show_error(self, message: str) -> None:
        self.query_one("#submit-error", Static).update(
            Text(visible(message, single_line=True), style="bold")
        )

    @on(Input.Submitted, "#source")
    def action_submit(self) -> None:
        raw = self.query_one("#source", Input).value.strip()
        if not raw:
            self._show_error("Give a file, a folder, a glob or an http(s) URL.")
            return
        try:
            options = self._options()
            check_params(options.to_params())
        except InputError as error:
            self._show_error(str(error))
            return
        self.dismiss(SubmitRequest([raw], options))

    def action_cancel(self) -> None:
        self.dismiss(None)
