"""Match an error message to the catalog entry that explains it.

Patterns are tried in catalog order; when none matches, an entry is chosen by
HTTP status, then by error class, so every error gets an explanation.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class OptionLimit:
    """A fixing option whose new value fixes the failure only up to a number the error
    states: a language_confidence_threshold above the confidence detected fails again."""

    option: str
    #: The pattern's group that captured the number.
    capture: str


@dataclass(frozen=True)
class TroubleEntry:
    id: str
    kind: str
    title: str
    meaning: str
    steps: tuple[str, ...]
    pattern: re.Pattern[str] | None = None
    statuses: frozenset[int] = frozenset()
    error_kinds: frozenset[str] = frozenset()
    resubmit: bool = False
    #: Sending the same audio with the same options again fails the same way.
    fails_the_same_way: bool = False
    retryable: bool = False
    fallback: bool = False
    #: What fixes it is a change of the request's options (a model, a language, a
    #: threshold), not of the audio or its URL.
    fixed_by_options: bool = False
    #: The options whose change can fix it (when ``fixed_by_options``).
    fixed_by: tuple[str, ...] = ()
    #: One of ``fixed_by`` that fixes it only at or below a number in the error.
    fixed_at_most: OptionLimit | None = None


@dataclass(frozen=True)
class Explanation:
    """The entry that explains one error, with what its pattern captured."""

    message: str
    entry: TroubleEntry
    captures: dict[str, str] = field(default_factory=dict)
    status: int | None = None

    @property
    def advice(self) -> str:
        """A one-line hint for notifications."""
        hint = self.entry.steps[0] if self.entry.steps else self.entry.meaning
        if self.entry.resubmit:
            hint += " Then resubmit."
        return hint

    @property
    def replacement_models(self) -> tuple[str, ...]:
        """The speech_models list a retired-model error names, if it names one."""
        raw = self.captures.get("replacement")
        if not raw:
            return ()
        try:
            names = json.loads(raw)
        except ValueError:
            return ()
        if not isinstance(names, list):
            return ()
        return tuple(n for n in names if isinstance(n, str) and n)


def _entry(raw: dict[str, Any]) -> TroubleEntry:
    pattern = raw.get("pattern")
    return TroubleEntry(
        id=raw["id"],
        kind=raw["kind"],
        title=raw["title"],
        meaning=raw["meaning"],
        steps=tuple(raw.get("steps", ())),
        pattern=re.compile(pattern) if pattern else None,
        statuses=frozenset(raw.get("statuses", ())),
        error_kinds=frozenset(raw.get("error_kinds", ())),
        resubmit=bool(raw.get("resubmit", False)),
        fails_the_same_way=bool(raw.get("fails_the_same_way", False)),
        retryable=bool(raw.get("retryable", False)),
        fallback=bool(raw.get("fallback", False)),
        fixed_by_options=bool(raw.get("fixed_by_options", False)),
        fixed_by=tuple(str(name) for name in raw.get("fixed_by", ())),
        fixed_at_most=OptionLimit(**limit) if (limit := raw.get("fixed_at_most")) else None,
    )


@cache
def load_catalog() -> tuple[TroubleEntry, ...]:
    text = resources.files("aai_tui.troubleshoot").joinpath("catalog.toml").read_text("utf-8")
    return tuple(_entry(raw) for raw in tomllib.loads(text)["entry"])


def explain(
    message: str, *, status: int | None = None, error_kind: str | None = None
) -> Explanation:
    """The catalog entry for an error message, its HTTP status and its error class."""
    catalog = load_catalog()
    text = (message or "").strip()
    for entry in catalog:
        if entry.pattern is None:
            continue
        if entry.statuses and status is not None and status not in entry.statuses:
            continue
        found = entry.pattern.search(text)
        if found:
            captures = {k: v for k, v in found.groupdict().items() if v is not None}
            return Explanation(text, entry, captures, status)
    fallbacks = [e for e in catalog if e.fallback]
    if error_kind and error_kind != "http":
        for entry in fallbacks:
            if error_kind in entry.error_kinds:
                return Explanation(text, entry, {}, status)
    if status is not None:
        for entry in fallbacks:
            if status in entry.statuses:
                return Explanation(text, entry, {}, status)
        if status >= 500:
            return Explanation(text, _by_id("server-error-generic"), {}, status)
        if status >= 400:
            return Explanation(text, _by_id("bad-request"), {}, status)
    return Explanation(text, _by_id("unknown"), {}, status)


def still_fails(
    explanation: Explanation, failed_with: Mapping[str, Any], params: Mapping[str, Any]
) -> str | None:
    """Why sending ``params`` fails the way ``explanation`` says the job did with
    ``failed_with``, or None when the change may fix it: none of the options that fix
    it changed, or the one that can changed past the limit the error itself states. Only
    for failures an option fixes; the API has the last word on what it accepts."""
    entry = explanation.entry
    if not entry.fixed_by_options or entry.retryable:
        return None
    changed = {name for name in entry.fixed_by if failed_with.get(name) != params.get(name)}
    if not changed:
        return f"none of {', '.join(entry.fixed_by)} changed"
    limit = entry.fixed_at_most
    if limit is None or changed != {limit.option}:
        return None  # another option that fixes it changed: the server decides
    value, stated = params.get(limit.option), explanation.captures.get(limit.capture)
    try:
        if value is None or stated is None or float(value) <= float(stated):
            return None
    except (TypeError, ValueError):
        return None  # not numbers: not for this check to say
    return f"{limit.option} {value} is still above the {limit.capture} it failed with, {stated}"


def _by_id(entry_id: str) -> TroubleEntry:
    for entry in load_catalog():
        if entry.id == entry_id:
            return entry
    raise KeyError(entry_id)
