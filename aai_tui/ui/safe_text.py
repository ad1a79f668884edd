"""Untrusted text shown literally: no markup interpreted, no control bytes passed through.

Everything that came from the API, a URL or a file goes through :func:`literal`
before it reaches a widget. Rich ``Text`` objects are never parsed for markup, and
control characters (ANSI escapes included) are shown as visible ``\\xNN`` escapes.
"""

from __future__ import annotations

from rich.text import Text

from aai_tui.terminal_text import visible

__all__ = ["literal", "visible"]


def literal(text: object, style: str = "", *, single_line: bool = False) -> Text:
    """A Rich Text that shows ``text`` exactly, whatever brackets or escapes it holds."""
    return Text(visible(text, single_line=single_line), style=style)
