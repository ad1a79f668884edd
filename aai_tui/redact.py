"""Keep the API key out of everything a person or a file can see.

The key is registered once; every log record and every error message built from
server text passes through :func:`redact`, which replaces any registered secret
with its masked form.
"""

from __future__ import annotations

import logging
import threading

_ELLIPSIS = "…"
_lock = threading.Lock()
_secrets: set[str] = set()


def mask(secret: str | None) -> str:
    """Show only the first four characters of a secret: enough to tell keys apart."""
    if not secret:
        return "(not set)"
    return secret[:4] + _ELLIPSIS


def register_secret(secret: str | None) -> None:
    """Remember a secret so that :func:`redact` hides it wherever it turns up."""
    if secret and len(secret) >= 4:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """Replace every registered secret in ``text`` with its mask."""
    if not _secrets or not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that renders each record once and scrubs secrets from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now so that it can be scrubbed too.
            formatter = logging.Formatter()
            cleaned += "\n" + redact(formatter.formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        record.msg = cleaned
        record.args = None
        return True


def hide_in_command_line(secret: str | None) -> bool:
    """Overwrite ``secret`` with ``*`` where it stands in this process's own command
    line, which ``ps`` and ``/proc/PID/cmdline`` show to every user of the machine for
    as long as the process runs (``--api-key KEY``). Linux only: the argument area's
    addresses come from ``/proc/self/stat``; elsewhere, or if anything is unexpected,
    nothing is touched. Whether it was hidden."""
    if not secret or len(secret) < 4:
        return False
    try:
        import ctypes

        with open("/proc/self/stat", "rb") as stat:
            # Fields after the command name (which may hold spaces) in parentheses;
            # arg_start and arg_end are fields 48 and 49.
            fields = stat.read().rsplit(b")", 1)[1].split()
        arg_start, arg_end = int(fields[45]), int(fields[46])
        with open("/proc/self/cmdline", "rb") as cmdline:
            shown = cmdline.read()
        if arg_end <= arg_start or arg_end - arg_start != len(shown):
            return False
        area = ctypes.string_at(arg_start, arg_end - arg_start)
        if area != shown:
            return False
        needle = secret.encode()
        found = False
        at = area.find(needle)
        while at != -1:
            ctypes.memset(arg_start + at, ord("*"), len(needle))
            found = True
            at = area.find(needle, at + len(needle))
        return found
    except (OSError, ValueError, IndexError, AttributeError):
        return False
