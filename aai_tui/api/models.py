"""Typed results of the pre-recorded API.

Each type reads only the fields it knows and keeps the whole JSON in ``raw``, so a
field AssemblyAI adds tomorrow neither breaks parsing nor gets lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlsplit

JSON = Mapping[str, Any]


class TranscriptStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"

    @property
    def is_terminal(self) -> bool:
        return self in (TranscriptStatus.COMPLETED, TranscriptStatus.ERROR)

    @classmethod
    def parse(cls, value: object) -> TranscriptStatus:
        """Known statuses as members; anything else is treated as still in flight."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.QUEUED


def _opt_str(data: JSON, key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _opt_float(data: JSON, key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _opt_int(data: JSON, key: str) -> int | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def parse_timestamp(value: object) -> datetime | None:
    """The list endpoint's ``created``/``completed``: ISO 8601, with or without a zone."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    confidence: float
    speaker: str | None = None
    channel: str | None = None

    @classmethod
    def from_json(cls, data: JSON) -> Word:
        return cls(
            text=str(data.get("text", "")),
            start=_opt_int(data, "start") or 0,
            end=_opt_int(data, "end") or 0,
            confidence=_opt_float(data, "confidence") or 0.0,
            speaker=_opt_str(data, "speaker"),
            channel=_opt_str(data, "channel"),
        )


def _warnings(data: JSON) -> tuple[str, ...]:
    """``metadata.warnings``: a list of ``{"message": ...}`` (plain strings are read too)."""
    metadata = data.get("metadata")
    items = metadata.get("warnings") if isinstance(metadata, Mapping) else None
    if not isinstance(items, list):
        return ()
    found: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("message"), str):
            found.append(item["message"])
        elif isinstance(item, str):
            found.append(item)
    return tuple(found)


#: What the API puts in a deleted transcript's audio_url (and webhook_url); its status
#: stays "completed" and its text reads "Deleted by user.".
DELETED_AUDIO_URL = "http://deleted_by_user"

#: The fields that make a transcript big (its lists and texts): a summary kept for a
#: row leaves them out, and the detail pane does not list the words.
BULK_FIELDS = frozenset(
    {"words", "utterances", "text", "unredacted_text", "unredacted_words", "unredacted_utterances"}
)


#: The parts of a transcript that grow with its length, left out of summaries.
BULK_KEYS = frozenset({"words", "utterances"})


def _words(data: JSON, key: str = "words") -> tuple[Word, ...]:
    items = data.get(key)
    if not isinstance(items, list):
        return ()
    return tuple(Word.from_json(w) for w in items if isinstance(w, Mapping))


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str
    start: int
    end: int
    confidence: float
    speaker: str | None

    @classmethod
    def from_json(cls, data: JSON) -> Utterance:
        return cls(
            text=str(data.get("text", "")),
            start=_opt_int(data, "start") or 0,
            end=_opt_int(data, "end") or 0,
            confidence=_opt_float(data, "confidence") or 0.0,
            speaker=_opt_str(data, "speaker"),
        )


@dataclass(frozen=True, slots=True)
class Transcript:
    """A full transcript as GET /v2/transcript/{id} returns it."""

    id: str
    status: TranscriptStatus
    audio_url: str
    error: str | None = None
    text: str | None = None
    words: tuple[Word, ...] = ()
    utterances: tuple[Utterance, ...] = ()
    audio_duration: float | None = None
    confidence: float | None = None
    language_code: str | None = None
    language_confidence: float | None = None
    speech_model_used: str | None = None
    throttled: bool = False
    #: Speaker labels in order of first turn; kept when the word lists are dropped.
    speakers: tuple[str, ...] = ()
    #: What the API says softly: ``metadata.warnings`` (silent fallbacks and the like).
    warnings: tuple[str, ...] = ()
    domain: str | None = None
    domain_used: str | None = None
    webhook_url: str | None = None
    webhook_status_code: int | None = None
    raw: JSON = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: JSON, *, bulk: bool = True) -> Transcript:
        """``bulk=False``: a summary, without the word and utterance lists (a list's
        row or an unselected job needs neither, and building thousands of objects for
        them cost tens of milliseconds a transcript); the speakers are still read."""
        raw_metadata = data.get("metadata")
        metadata = raw_metadata if isinstance(raw_metadata, Mapping) else None
        raw_utterances = data.get("utterances")
        utterances = (
            tuple(Utterance.from_json(u) for u in raw_utterances if isinstance(u, Mapping))
            if isinstance(raw_utterances, list) and bulk
            else ()
        )
        speakers = tuple(dict.fromkeys(u.speaker for u in utterances if u.speaker))
        if not bulk and isinstance(raw_utterances, list):
            speakers = tuple(
                dict.fromkeys(
                    speaker
                    for u in raw_utterances
                    if isinstance(u, Mapping) and (speaker := _opt_str(u, "speaker"))
                )
            )
        return cls(
            id=str(data.get("id", "")),
            status=TranscriptStatus.parse(data.get("status")),
            audio_url=str(data.get("audio_url") or ""),
            error=_opt_str(data, "error"),
            text=_opt_str(data, "text"),
            words=_words(data) if bulk else (),
            utterances=utterances,
            audio_duration=_opt_float(data, "audio_duration"),
            confidence=_opt_float(data, "confidence"),
            language_code=_opt_str(data, "language_code"),
            language_confidence=_opt_float(data, "language_confidence"),
            speech_model_used=_opt_str(data, "speech_model_used"),
            throttled=data.get("throttled") is True,
            speakers=speakers,
            warnings=_warnings(data),
            domain=_opt_str(data, "domain"),
            domain_used=_opt_str(metadata, "domain_used") if metadata is not None else None,
            webhook_url=_opt_str(data, "webhook_url"),
            webhook_status_code=_opt_int(data, "webhook_status_code"),
            raw=dict(data) if bulk else {k: v for k, v in data.items() if k not in BULK_KEYS},
        )

    @property
    def deleted(self) -> bool:
        """Deleted by its owner: its text and audio are gone from the account."""
        return self.audio_url == DELETED_AUDIO_URL

    @property
    def webhook_failed(self) -> bool:
        """The webhook endpoint answered something other than 2xx."""
        code = self.webhook_status_code
        return code is not None and not 200 <= code < 300

    @property
    def word_count(self) -> int:
        if self.words:
            return len(self.words)
        return len(self.text.split()) if self.text else 0


@dataclass(frozen=True, slots=True)
class TranscriptListItem:
    """One row of GET /v2/transcript."""

    id: str
    status: TranscriptStatus
    audio_url: str
    created: datetime | None
    completed: datetime | None = None
    error: str | None = None
    resource_url: str = ""
    raw: JSON = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: JSON) -> TranscriptListItem:
        return cls(
            id=str(data.get("id", "")),
            status=TranscriptStatus.parse(data.get("status")),
            audio_url=str(data.get("audio_url") or ""),
            created=parse_timestamp(data.get("created")),
            completed=parse_timestamp(data.get("completed")),
            error=_opt_str(data, "error"),
            resource_url=str(data.get("resource_url") or ""),
            raw=dict(data),
        )

    @property
    def deleted(self) -> bool:
        """Deleted by its owner (the list keeps the row, its status unchanged)."""
        return self.audio_url == DELETED_AUDIO_URL


def _cursor(url: str | None, name: str) -> str | None:
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


@dataclass(frozen=True, slots=True)
class PageDetails:
    """Links between pages: ``prev_url`` leads to OLDER transcripts, ``next_url`` to NEWER."""

    limit: int
    result_count: int
    current_url: str
    prev_url: str | None
    next_url: str | None

    @classmethod
    def from_json(cls, data: JSON) -> PageDetails:
        return cls(
            limit=_opt_int(data, "limit") or 0,
            result_count=_opt_int(data, "result_count") or 0,
            current_url=str(data.get("current_url") or ""),
            prev_url=_opt_str(data, "prev_url"),
            next_url=_opt_str(data, "next_url"),
        )

    @property
    def older_cursor(self) -> str | None:
        """The ``before_id`` that ``prev_url`` carries."""
        return _cursor(self.prev_url, "before_id")

    @property
    def newer_cursor(self) -> str | None:
        """The ``after_id`` that ``next_url`` carries."""
        return _cursor(self.next_url, "after_id")


@dataclass(frozen=True, slots=True)
class TranscriptPage:
    transcripts: tuple[TranscriptListItem, ...]
    page_details: PageDetails

    @classmethod
    def from_json(cls, data: JSON) -> TranscriptPage:
        items = data.get("transcripts")
        details = data.get("page_details")
        return cls(
            transcripts=tuple(
                TranscriptListItem.from_json(t) for t in items if isinstance(t, Mapping)
            )
            if isinstance(items, list)
            else (),
            page_details=PageDetails.from_json(details if isinstance(details, Mapping) else {}),
        )


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    confidence: float
    words: tuple[Word, ...]
    speaker: str | None = None

    @classmethod
    def from_json(cls, data: JSON) -> Sentence:
        return cls(
            text=str(data.get("text", "")),
            start=_opt_int(data, "start") or 0,
            end=_opt_int(data, "end") or 0,
            confidence=_opt_float(data, "confidence") or 0.0,
            words=_words(data),
            speaker=_opt_str(data, "speaker"),
        )


@dataclass(frozen=True, slots=True)
class SentencesResponse:
    id: str
    confidence: float | None
    audio_duration: float | None
    sentences: tuple[Sentence, ...]
    raw: JSON = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: JSON, key: str = "sentences") -> SentencesResponse:
        items = data.get(key)
        return cls(
            id=str(data.get("id", "")),
            confidence=_opt_float(data, "confidence"),
            audio_duration=_opt_float(data, "audio_duration"),
            sentences=tuple(Sentence.from_json(s) for s in items if isinstance(s, Mapping))
            if isinstance(items, list)
            else (),
            raw=dict(data),
        )


@dataclass(frozen=True, slots=True)
class ParagraphsResponse:
    id: str
    confidence: float | None
    audio_duration: float | None
    paragraphs: tuple[Sentence, ...]
    raw: JSON = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: JSON) -> ParagraphsResponse:
        parsed = SentencesResponse.from_json(data, key="paragraphs")
        return cls(
            id=parsed.id,
            confidence=parsed.confidence,
            audio_duration=parsed.audio_duration,
            paragraphs=parsed.sentences,
            raw=dict(data),
        )


@dataclass(frozen=True, slots=True)
class WordSearchMatch:
    text: str
    count: int
    timestamps: tuple[tuple[int, int], ...]
    indexes: tuple[int, ...]

    @classmethod
    def from_json(cls, data: JSON) -> WordSearchMatch:
        stamps = data.get("timestamps") or []
        indexes = data.get("indexes") or []
        return cls(
            text=str(data.get("text", "")),
            count=_opt_int(data, "count") or 0,
            timestamps=tuple(
                (int(s[0]), int(s[1])) for s in stamps if isinstance(s, list) and len(s) == 2
            ),
            indexes=tuple(int(i) for i in indexes if isinstance(i, int)),
        )


@dataclass(frozen=True, slots=True)
class WordSearchResult:
    id: str
    total_count: int
    matches: tuple[WordSearchMatch, ...]

    @classmethod
    def from_json(cls, data: JSON) -> WordSearchResult:
        items = data.get("matches")
        return cls(
            id=str(data.get("id", "")),
            total_count=_opt_int(data, "total_count") or 0,
            matches=tuple(WordSearchMatch.from_json(m) for m in items if isinstance(m, Mapping))
            if isinstance(items, list)
            else (),
        )


@dataclass(frozen=True, slots=True)
class RedactedAudio:
    status: str
    redacted_audio_url: str

    @classmethod
    def from_json(cls, data: JSON) -> RedactedAudio:
        return cls(
            status=str(data.get("status", "")),
            redacted_audio_url=str(data.get("redacted_audio_url", "")),
        )
