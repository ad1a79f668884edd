"""The submit form: what to transcribe and the options people reach for most."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from aai_tui.actions.inputs import (
    InputError,
    SubmitOptions,
    check_local_file,
    check_params,
    expand_sources,
)
from aai_tui.ui.safe_text import visible


@dataclass(frozen=True)
class SubmitRequest:
    sources: list[str | Path]
    options: SubmitOptions


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


class SubmitScreen(ModalScreen[SubmitRequest | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="submit.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="submit.go"),
    ]

    def __init__(self, defaults: SubmitOptions) -> None:
        super().__init__()
        self.defaults = defaults

    def compose(self) -> ComposeResult:
        d = self.defaults
        with VerticalScroll(classes="dialog submit"):
            yield Static("Submit for transcription", classes="dialog-title")
            yield Label("File, folder, glob or http(s) URL")
            yield Input(placeholder="~/calls/*.mp3  or  https://example.com/a.mp3", id="source")
            with Horizontal(classes="row"):
                with VerticalScroll(classes="column"):
                    yield Label("Speech models (priority order)")
                    yield Input(",".join(d.speech_models), id="speech_models")
                    yield Label("Language code (empty: default)")
                    yield Input(d.language_code or "", placeholder="en_us", id="language_code")
                    yield Label("Webhook URL")
                    yield Input(d.webhook_url or "", placeholder="https://…", id="webhook_url")
                    yield Label("Key terms (comma-separated)")
                    yield Input(",".join(d.keyterms_prompt), id="keyterms_prompt")
                    yield Label("PII policies (comma-separated)")
                    yield Input(
                        ",".join(d.redact_pii_policies),
                        placeholder="person_name,phone_number",
                        id="redact_pii_policies",
                    )
                    yield Label("Redacted audio quality")
                    yield Select(
                        [("mp3", "mp3"), ("wav", "wav")],
                        allow_blank=True,
                        value=d.redact_pii_audio_quality or Select.NULL,
                        id="redact_pii_audio_quality",
                    )
                with VerticalScroll(classes="column"):
                    for name, label in (
                        ("language_detection", "Detect the language"),
                        ("speaker_labels", "Speaker labels"),
                        ("punctuate", "Punctuate"),
                        ("format_text", "Format text"),
                        ("disfluencies", "Keep filler words (disfluencies)"),
                        ("multichannel", "Multichannel"),
                        ("redact_pii", "Redact PII"),
                        ("redact_pii_audio", "Redacted audio too"),
                    ):
                        yield Checkbox(label, value=bool(getattr(d, name)), id=name)
            yield Static("", id="submit-error", markup=False)
            yield Static(
                Text("ctrl+s or Enter in the path field submits · Esc cancels", style="dim"),
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#source", Input).focus()

    def _options(self) -> SubmitOptions:
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        def checked(name: str) -> bool:
            return self.query_one(f"#{name}", Checkbox).value

        quality = self.query_one("#redact_pii_audio_quality", Select).value
        return SubmitOptions(
            speech_models=_csv(text("speech_models")),
            language_code=text("language_code") or None,
            language_detection=checked("language_detection"),
            speaker_labels=checked("speaker_labels"),
            punctuate=checked("punctuate"),
            format_text=checked("format_text"),
            disfluencies=checked("disfluencies"),
            multichannel=checked("multichannel"),
            webhook_url=text("webhook_url") or None,
            redact_pii=checked("redact_pii"),
            redact_pii_policies=_csv(text("redact_pii_policies")),
            redact_pii_audio=checked("redact_pii_audio"),
            redact_pii_audio_quality=quality if isinstance(quality, str) else None,
            keyterms_prompt=_csv(text("keyterms_prompt")),
        )

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
