"""The AssemblyAI pre-recorded API: client, typed results, errors, rate-limit state.

Nothing beneath this package imports Textual; ``tests/api/test_boundary.py`` holds that.
"""

from aai_tui.api.client import AssemblyAIClient, ProgressCallback
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
