"""Untrusted text made safe for a terminal: every control character (ANSI and OSC
escapes included, which could retitle the terminal, write the clipboard or clear the
screen) and every bidirectional override becomes a visible escape.

Used by the dashboard (through :mod:`aai_tui.ui.safe_text`) and by every shell command
that prints text from the API, from files or from URLs.
"""

from __future__ import annotations

import re

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
