"""The AssemblyAI pre-recorded API: client, typed results, errors, rate-limit state.

Nothing beneath this package imports Textual; ``tests/api/test_boundary.py`` holds that.
The client (and with it httpx) is imported on first use, so the dashboard can paint
its first screen before the network stack is loaded.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from aai_tui.api.errors import ApiError
from aai_tui.api.models import (
    PageDetails,
    ParagraphsResponse,
    RedactedAudio,
    SentencesResponse,
    Transcript,
    TranscriptListItem,
    TranscriptPage,
    TranscriptStatus,
    Word,
    WordSearchMatch,
    WordSearchResult,
)
from aai_tui.api.ratelimit import RateLimitSnapshot, RateLimitState
from aai_tui.api.regions import REGIONS, base_url_for
from aai_tui.api.retry import RetryPolicy

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient, ProgressCallback

_FROM_CLIENT = ("AssemblyAIClient", "ProgressCallback")

# httpx imports its own command-line client (click, pygments, rich.progress) whenever
# click is installed, as uvicorn makes it; aai-tui never uses it, and loading it costs
# about 35 ms of every start. A None entry makes that optional import fail, as httpx
# expects when its CLI extras are missing. The package runs before any of its modules,
# so this is in place before the client imports httpx.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None blocks the import


def __getattr__(name: str) -> Any:
    if name in _FROM_CLIENT:
        from aai_tui.api import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "REGIONS",
    "ApiError",
    "AssemblyAIClient",
    "PageDetails",
    "ParagraphsResponse",
    "ProgressCallback",
    "RateLimitSnapshot",
    "RateLimitState",
    "RedactedAudio",
    "RetryPolicy",
    "SentencesResponse",
    "Transcript",
    "TranscriptListItem",
    "TranscriptPage",
    "TranscriptStatus",
    "Word",
    "WordSearchMatch",
    "WordSearchResult",
    "base_url_for",
]
