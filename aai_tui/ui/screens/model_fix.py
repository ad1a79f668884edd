"""A pinned speech model was retired: show the API's answer and offer the fix in one key.

Enter resubmits what failed with the lineup the API named and makes that lineup the
default for new submissions; the screen itself is the confirmation, since it lists
what will be sent again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aai_tui.formatting import counted
from aai_tui.troubleshoot import Explanation
from aai_tui.ui.action_registry import Place, bindings, press
from aai_tui.ui.presentation import theme_colors
from aai_tui.ui.safe_text import literal
from aai_tui.ui.widgets.explanation import explanation_renderable


@dataclass(frozen=True)
class ModelFix:
    """What Enter does: send ``labels`` again with ``models``, and make ``models`` the default."""

    models: tuple[str, ...]
    labels: tuple[str, ...]


class ModelFixScreen(ModalScreen[bool]):
    BINDINGS = bindings(Place.MODEL_FIX)

    def __init__(self, explanation: Explanation, fix: ModelFix) -> None:
        super().__init__()
        self.explanation = explanation
        self.fix = fix

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)
        keymap = dict(settings.keymap) if settings is not None else {}
        models = ", ".join(self.fix.models)
        count = len(self.fix.labels)
        lines: list[RenderableType] = [
            explanation_renderable(
                self.explanation, theme_colors(self.app).get("status-error", "")
            ),
            Text(),
            Text(f"{press('model_fix.go', keymap)} will:", style="bold"),
            literal(
                f"  • resubmit {counted(count, 'job')} with speech_models {models} (new paid jobs):"
            ),
        ]
        lines += [literal(f"      {label}", single_line=True) for label in self.fix.labels[:12]]
        if count > 12:
            lines.append(Text(f"      … and {count - 12} more"))
        lines += [
            literal(
                f"  • make {models} the default for new submissions "
                + (
                    "(for this demo session; it never writes your config)"
                    if getattr(self.app, "demo", False)
                    else "(saved to the config)"
                )
            ),
        ]
        keys = Text(
            f"{press('model_fix.go', keymap)}: do both   "
            f"{press('model_fix.cancel', keymap)}: not now",
            style="bold",
        )
        with VerticalScroll(classes="dialog confirm"):
            yield Static(Group(*lines), markup=False)
            yield Static(keys, markup=False, classes="dialog-keys")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
