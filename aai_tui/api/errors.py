"""The one error type every API call raises."""

from __future__ import annotations

import json
from enum import StrEnum

from aai_tui.redact import redact

#: Statuses where the same request may succeed later.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_BODY_CHARS = 500


class ErrorKind(StrEnum):
    """What went wrong, in the terms a retry decision needs."""

    HTTP = "http"  # the server answered with a 4xx or 5xx
    CONNECT = "connect"  # the request never left: nothing reached the server
    TIMEOUT = "timeout"  # sent, but no answer in time: the server may have acted
    NETWORK = "network"  # the connection broke mid-way: the server may have acted
    PROTOCOL = "protocol"  # the answer was not what the API sends (HTML where JSON was due)


class ApiError(Exception):
    """A failed API call: the status, the API's own words, and whether a retry can help.

    ``message`` is the server's text verbatim (the JSON ``error`` field, or the
    plain-text or HTML body), with any registered secret masked.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str = "",
        path: str = "",
        kind: ErrorKind = ErrorKind.HTTP,
        retryable: bool | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.message = redact(message)
        self.status = status
        self.method = method
        self.path = path
        self.kind = kind
        self.retry_after = retry_after
        if retryable is None:
            retryable = (
                status in RETRYABLE_STATUSES
                if kind is ErrorKind.HTTP
                else kind is not ErrorKind.PROTOCOL
            )
        self.retryable = retryable
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.method} {self.path}".strip()
        status = f"HTTP {self.status}" if self.status is not None else self.kind.value
        prefix = f"{where}: {status}" if where else status
        return f"{prefix}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"ApiError(status={self.status!r}, kind={self.kind.value!r}, method={self.method!r}, "
            f"path={self.path!r}, retryable={self.retryable!r}, message={self.message!r})"
        )

    @property
    def unreachable(self) -> bool:
        """No answer at all: the network, a refused connection, a timeout."""
        return self.kind in (ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.NETWORK)

    @property
    def outage(self) -> bool:
        """Trouble on the way (no answer, a 5xx, a 429) rather than an answer about the
        request: worth waiting out, not reporting as the request's fault."""
        if self.unreachable:
            return True
        return self.status is not None and (self.status >= 500 or self.status == 429)

    @property
    def not_found(self) -> bool:
        """The API has no such transcript (deleted, another account's or region's id):
        asking again only repeats the answer."""
        if self.status == 404:
            return True
        return self.status == 400 and "not found" in self.message.lower()

    @property
    def may_have_reached_server(self) -> bool:
        """False only when the failure proves the request never left this machine."""
        return self.kind is not ErrorKind.CONNECT


def message_from_body(body: bytes, content_type: str) -> tuple[str, bool]:
    """The API's message from an error body, and whether the body was the API's JSON shape.

    AssemblyAI answers most errors with ``{"error": "..."}`` but some with plain text
    (422 on an empty upload) or an HTML page (404 on an unknown subtitle format).
    """
    text = body.decode("utf-8", errors="replace").strip()
    if "json" in content_type or text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            pass
        else:
            if isinstance(data, dict) and isinstance(data.get("error"), str):
                return data["error"], True
    if len(text) > _MAX_BODY_CHARS:
        text = text[:_MAX_BODY_CHARS] + "…"
    return text, False
