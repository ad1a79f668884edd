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
