"""What the client checks in a POST /v2/transcript body before sending it.

Only what is certain from the request itself: the JSON type of each option (from
:mod:`aai_tui.api.request_options`), the fields the API requires, and the
combinations AssemblyAI documents. Names the server owns (speech models, PII
policies, language codes, domains) are never judged here: they go to the API, and
its answer is shown with the catalog's explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aai_tui.api import error_messages as messages
from aai_tui.api.request_options import is_set, requirement_problem, type_problem


class RequestRefused(ValueError):
    """A request that cannot be right whatever the server knows, in the API's words."""


def check_request(params: Mapping[str, Any]) -> dict[str, Any]:
    """Check a request body (with or without ``audio_url``); return it as a dict."""
    problem = type_problem(params)
    if problem:
        raise RequestRefused(problem)
    if "audio_url" in params and (
        not isinstance(params["audio_url"], str) or not params["audio_url"].strip()
    ):
        raise RequestRefused(messages.AUDIO_URL_MISSING)
    if params.get("language_detection") is True and is_set(params, "language_code"):
        raise RequestRefused(messages.LANGUAGE_DETECTION_WITH_CODE)
    webhook_url = params.get("webhook_url")
    if isinstance(webhook_url, str) and not webhook_url.startswith("http"):
        raise RequestRefused(messages.WEBHOOK_URL_INVALID)
    if params.get("redact_pii") is True and not params.get("redact_pii_policies"):
        raise RequestRefused(messages.REDACT_POLICIES_MISSING)
    problem = requirement_problem(params)
    if problem:
        raise RequestRefused(problem)
    return dict(params)
