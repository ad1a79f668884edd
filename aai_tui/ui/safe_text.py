"""Untrusted text shown literally: no markup interpreted, no control bytes passed through.

Everything that came from the API, a URL or a file goes through :func:`literal`
before it reaches a widget. Rich ``Text`` objects are never parsed for markup, and
control characters (ANSI escapes included) are shown as visible ``\\xNN`` escapes.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the bidirectional overrides that can reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, single_line: bool = False) -> str:
    """``text`` with every control character replaced by a printable escape."""
    value = "" if text is None else str(text)
    value = value.replace("\t", "    ")
    if single_line:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    else:
        value = value.replace("\r\n", "\n")
    return _CONTROL.sub(_escape, value)


def literal(text: object, style: str = "", *, single_line: bool = False) -> Text:
    """A Rich Text that shows ``text`` exactly, whatever brackets or escapes it holds."""
    return Text(visible(text, single_line=single_line), style=style)
