"""An error shown verbatim beside what it means and how to fix it."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from aai_tui.troubleshoot import Explanation
from aai_tui.ui.safe_text import literal


def explanation_renderable(
    explanation: Explanation, error_color: str = "", *, resubmit_hint: str | None = None
) -> Group:
    """``resubmit_hint`` names the keys that resubmit (the caller knows the keymap)."""
    entry = explanation.entry
    parts: list[Text] = []
    heading = Text("✖ ", style=f"bold {error_color}")
    heading.append(entry.title, style="bold")
    if explanation.status is not None:
        heading.append(f"  (HTTP {explanation.status})")
    parts.append(heading)
    parts.append(Text("Message from the API:", style="dim"))
    parts.append(literal(explanation.message or "(no message)", style=f"{error_color}"))
    parts.append(Text())
    parts.append(Text("What it means", style="bold underline"))
    parts.append(Text(entry.meaning))
    parts.append(Text())
    parts.append(Text("How to fix it", style="bold underline"))
    for number, step in enumerate(entry.steps, start=1):
        parts.append(Text(f" {number}. {step}"))
    if entry.resubmit and resubmit_hint:
        parts.append(Text())
        parts.append(Text(resubmit_hint, style="bold"))
    return Group(*parts)
