"""Choose an export format (and caption length for subtitles)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from aai_tui.actions.export import FORMATS
from aai_tui.ui.action_registry import Place, bindings

DESCRIPTIONS = {
    "srt": "SRT subtitles",
    "vtt": "WebVTT subtitles",
    "txt": "Plain text",
    "json": "Full transcript JSON",
    "sentences": "Sentences JSON",
    "paragraphs": "Paragraphs JSON",
}


@dataclass(frozen=True)
class ExportRequest:
    format: str
    chars_per_caption: int | None


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS = bindings(Place.EXPORT)

    def __init__(self, count: int, folder: str) -> None:
        super().__init__()
        self.count = count
        self.folder = folder

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog export"):
            what = "1 transcript" if self.count == 1 else f"{self.count} transcripts"
            yield Static(f"Export {what}", classes="dialog-title")
            yield OptionList(
                *(Option(f"{DESCRIPTIONS[key]}  (.{ext})", id=key) for key, ext in FORMATS.items()),
                id="formats",
            )
            yield Label("Characters per caption (SRT/VTT, empty: default)")
            yield Input(placeholder="32", id="chars", type="integer")
            yield Static(
                Text(f"Into {self.folder} · Enter or ctrl+s exports · Esc cancels", style="dim"),
                markup=False,
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._export(str(event.option.id))

    @on(Input.Submitted, "#chars")
    def action_export(self) -> None:
        """Enter in the caption field (or ctrl+s) exports the highlighted format."""
        formats = self.query_one(OptionList)
        index = formats.highlighted if formats.highlighted is not None else 0
        option = formats.get_option_at_index(index)
        self._export(str(option.id))

    def _export(self, format_id: str) -> None:
        raw = self.query_one("#chars", Input).value.strip()
        chars = int(raw) if raw.isdigit() and int(raw) > 0 else None
        self.dismiss(ExportRequest(format_id, chars))

    def action_cancel(self) -> None:
        self.dismiss(None)
