"""Every option of ``POST /v2/transcript``, declared once.

The table follows ``TranscriptOptionalParams`` of AssemblyAI's 2026-08 spec (a
test holds the two together). The CLI's flags, the submit form, the local type
checks, the detail pane's options, resubmission and the simulator's own checks
are all built from it.

What the table never holds is a list of names the server owns: speech models,
PII policies, language codes, domains. Those change every few months and differ
per account, so the client sends them as given and shows the API's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aai_tui.api.models import DELETED_AUDIO_URL


class Kind(StrEnum):
    """The JSON type of an option, as the spec declares it."""

    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"
    STRING = "string"
    STRINGS = "array of strings"
    OBJECT = "object"
    OBJECTS = "array of objects"


#: How the API names a type in its wrong-type messages ("`punctuate` must be a Boolean").
TYPE_NAMES: dict[Kind, str] = {
    Kind.BOOLEAN: "a Boolean",
    Kind.INTEGER: "an Integer",
    Kind.NUMBER: "a Number",
    Kind.STRING: "a String",
    Kind.STRINGS: "a List of Strings",
    Kind.OBJECT: "an Object",
    Kind.OBJECTS: "a List of Objects",
}


class Shown(StrEnum):
    """Where an option can be set by a person."""

    FORM = "form"  # the submit form and the resubmit editor
    CLI = "cli"  # only as a command-line flag (and in the resubmit editor as JSON)


@dataclass(frozen=True, slots=True)
class RequestOption:
    name: str
    kind: Kind
    label: str
    #: The API's default: a value equal to it is left out of a request.
    default: Any = None
    nullable: bool = False
    #: Where a person sets it; the CLI has a flag for every option that is not deprecated.
    shown: Shown = Shown.CLI
    #: Carried by a resubmission when the original transcript echoes it.
    resubmit: bool = True
    #: Other options that must be set (true, or present) for this one to be accepted.
    requires: tuple[str, ...] = ()
    #: Options that cannot be sent together with this one.
    excludes: tuple[str, ...] = ()
    #: Options without which the API ignores this one (no error): shown, never refused.
    ignored_without: tuple[str, ...] = ()
    #: Documented bounds of a number; checked by the server (the simulator), not the client.
    minimum: float | None = None
    maximum: float | None = None
    #: For objects: each field's kind. For arrays of objects: each item's fields.
    fields: Mapping[str, Kind] = field(default_factory=dict)
    #: Fields an array item must have.
    required_fields: tuple[str, ...] = ()
    #: The name of a server-owned set of values (models, policies, languages, ...).
    server_set: str | None = None
    deprecated: bool = False
    help: str = ""
    #: For a boolean: its flag may also take this other option's value (``--redact-pii a,b``).
    flag_value_of: str | None = None

    @property
    def flag(self) -> str:
        """``--speaker-labels``; ``--no-punctuate`` for a boolean that defaults to true."""
        stem = self.name.replace("_", "-")
        if self.kind is Kind.BOOLEAN and self.default is True:
            return f"--no-{stem}"
        return f"--{stem}"


def _opt(name: str, kind: Kind, label: str, **kwargs: Any) -> RequestOption:
    return RequestOption(name, kind, label, **kwargs)


BOOL, INT, NUM, STR, STRS, OBJ, OBJS = (
    Kind.BOOLEAN,
    Kind.INTEGER,
    Kind.NUMBER,
    Kind.STRING,
    Kind.STRINGS,
    Kind.OBJECT,
    Kind.OBJECTS,
)
FORM = Shown.FORM

#: In the order the submit form and the detail pane show them.
OPTIONS: tuple[RequestOption, ...] = (
    _opt(
        "speech_models",
        STRS,
        "Speech models (priority order)",
        shown=FORM,
        server_set="speech_models",
        help="comma-separated, in priority order; none sends the account's default lineup",
    ),
    _opt(
        "language_code",
        STR,
        "Language code",
        nullable=True,
        shown=FORM,
        server_set="language_codes",
        excludes=("language_detection",),
        help="for example en_us; without one the language is detected",
    ),
    _opt(
        "language_detection",
        BOOL,
        "Detect the language",
        shown=FORM,
        help="the server picks the language; set no language code with it",
    ),
    _opt(
        "language_codes",
        STRS,
        "Language codes (code switching)",
        nullable=True,
        server_set="language_codes",
        help="comma-separated languages expected in the audio",
    ),
    _opt(
        "language_confidence_threshold",
        NUM,
        "Language confidence threshold",
        default=0,
        shown=FORM,
        minimum=0,
        maximum=1,
        help="0-1: fail the job when the detected language is less certain than this",
    ),
    _opt(
        "language_detection_options",
        OBJ,
        "Language detection options",
        fields={
            "expected_languages": STRS,
            "fallback_language": STR,
            "code_switching": BOOL,
            "code_switching_confidence_threshold": NUM,
            "localization": STRS,
        },
        help="JSON object: expected_languages, fallback_language, code_switching, ...",
    ),
    _opt(
        "domain",
        STR,
        "Domain",
        nullable=True,
        shown=FORM,
        server_set="domains",
        help="a specialised model, such as medical-v1 (Medical Mode)",
    ),
    _opt(
        "prompt",
        STR,
        "Prompt",
        shown=FORM,
        help="instructions for the model; the server decides which models take one",
    ),
    _opt("temperature", NUM, "Temperature", default=0, minimum=0, maximum=1, help="0-1"),
    _opt(
        "keyterms_prompt",
        STRS,
        "Key terms",
        shown=FORM,
        help="comma-separated words or phrases to boost",
    ),
    _opt(
        "speaker_labels",
        BOOL,
        "Speaker labels",
        default=False,
        shown=FORM,
        requires=("punctuate",),
        help="say who speaks when (utterances by speaker); needs Punctuate",
    ),
    _opt(
        "speakers_expected",
        INT,
        "Speakers expected",
        nullable=True,
        shown=FORM,
        excludes=("speaker_options",),
        ignored_without=("speaker_labels",),
        help="how many people speak, when known exactly (needs speaker labels)",
    ),
    _opt(
        "speaker_options",
        OBJ,
        "Speaker options",
        excludes=("speakers_expected",),
        ignored_without=("speaker_labels",),
        fields={"min_speakers_expected": INT, "max_speakers_expected": INT},
        help='JSON object, such as {"min_speakers_expected": 2, "max_speakers_expected": 4}',
    ),
    _opt(
        "punctuate",
        BOOL,
        "Punctuate",
        default=True,
        shown=FORM,
        help="punctuation marks; on unless unticked",
    ),
    _opt(
        "format_text",
        BOOL,
        "Format text",
        default=True,
        shown=FORM,
        help="casing, and numbers written as digits; on unless unticked",
    ),
    _opt(
        "disfluencies",
        BOOL,
        "Keep filler words",
        default=False,
        shown=FORM,
        help='transcribe "umm" and "uh"; the server decides which models do',
    ),
    _opt(
        "multichannel",
        BOOL,
        "Multichannel",
        default=False,
        shown=FORM,
        help="transcribe each audio channel on its own (a speaker per channel)",
    ),
    _opt(
        "remove_audio_tags",
        STR,
        "Remove audio tags",
        default="all",
        nullable=True,
        server_set="audio_tags",
        help="all or speaker",
    ),
    _opt("filter_profanity", BOOL, "Filter profanity", default=False),
    _opt(
        "speech_threshold",
        NUM,
        "Speech threshold",
        nullable=True,
        default=0,
        shown=FORM,
        minimum=0,
        maximum=1,
        help="0-1: fail files with less speech than this share",
    ),
    _opt("audio_start_from", INT, "Start at (ms)"),
    _opt("audio_end_at", INT, "End at (ms)"),
    _opt(
        "custom_spelling",
        OBJS,
        "Custom spelling",
        fields={"from": STRS, "to": STR},
        required_fields=("from", "to"),
        help='JSON list, such as [{"from": ["aai"], "to": "AssemblyAI"}]',
    ),
    _opt(
        "webhook_url",
        STR,
        "Webhook URL",
        shown=FORM,
        help="called when the job ends",
    ),
    _opt(
        "webhook_auth_header_name",
        STR,
        "Webhook auth header name",
        nullable=True,
        requires=("webhook_url", "webhook_auth_header_value"),
        resubmit=False,
    ),
    _opt(
        "webhook_auth_header_value",
        STR,
        "Webhook auth header value",
        nullable=True,
        requires=("webhook_url", "webhook_auth_header_name"),
        resubmit=False,
    ),
    _opt(
        "redact_pii",
        BOOL,
        "Redact PII",
        default=False,
        shown=FORM,
        requires=("format_text",),
        flag_value_of="redact_pii_policies",
        help="turn on PII redaction; may name the policies too (--redact-pii person_name,...)",
    ),
    _opt(
        "redact_pii_policies",
        STRS,
        "PII policies",
        shown=FORM,
        server_set="pii_policies",
        help="comma-separated, such as person_name,phone_number",
    ),
    _opt(
        "redact_pii_sub",
        STR,
        "PII substitution",
        nullable=True,
        default="hash",
        server_set="pii_substitutions",
        help="hash or entity_name",
    ),
    _opt(
        "redact_pii_audio",
        BOOL,
        "Redacted audio too",
        default=False,
        shown=FORM,
        requires=("redact_pii",),
        help="a copy of the audio with the PII beeped out; needs Redact PII",
    ),
    _opt(
        "redact_pii_audio_quality",
        STR,
        "Redacted audio quality",
        default="mp3",
        server_set="audio_qualities",
        ignored_without=("redact_pii_audio",),
        help="mp3 or wav",
    ),
    _opt(
        "redact_pii_audio_options",
        OBJ,
        "Redacted audio options",
        ignored_without=("redact_pii_audio",),
        fields={"return_redacted_no_speech_audio": BOOL, "override_audio_redaction_method": STR},
    ),
    _opt(
        "redact_pii_return_unredacted",
        BOOL,
        "Also return the unredacted text",
        default=False,
        shown=FORM,
        requires=("redact_pii",),
        help="the original text beside the redacted one; needs Redact PII",
    ),
    _opt(
        "redact_static_entities",
        OBJ,
        "Static entities to redact",
        requires=("redact_pii",),
        help='JSON object of lists, such as {"project": ["Falcon"]}',
    ),
    _opt("auto_highlights", BOOL, "Key phrases", default=False),
    _opt("content_safety", BOOL, "Content moderation", default=False),
    _opt(
        "content_safety_confidence",
        INT,
        "Content moderation confidence",
        default=50,
        minimum=25,
        maximum=100,
        ignored_without=("content_safety",),
    ),
    _opt("iab_categories", BOOL, "Topic detection", default=False),
    _opt(
        "sentiment_analysis",
        BOOL,
        "Sentiment analysis",
        default=False,
        requires=("punctuate",),
    ),
    _opt("entity_detection", BOOL, "Entity detection", default=False),
    _opt(
        "speech_understanding",
        OBJ,
        "Speech understanding",
        fields={"request": OBJ},
        help="JSON object: the speech understanding request",
    ),
    # Deprecated: accepted, echoed and carried, never offered.
    _opt(
        "auto_chapters",
        BOOL,
        "Auto chapters",
        default=False,
        deprecated=True,
        requires=("punctuate",),
        excludes=("summarization",),
    ),
    _opt(
        "summarization",
        BOOL,
        "Summarization",
        default=False,
        deprecated=True,
        requires=("punctuate", "format_text"),
        excludes=("auto_chapters",),
    ),
    _opt("summary_model", STR, "Summary model", default="informative", deprecated=True),
    _opt("summary_type", STR, "Summary type", default="bullets", deprecated=True),
    _opt("custom_topics", BOOL, "Custom topics", default=False, deprecated=True),
    _opt("topics", STRS, "Topics", deprecated=True),
    _opt(
        "speech_model",
        STR,
        "Speech model (singular, legacy)",
        nullable=True,
        deprecated=True,
        resubmit=False,
        server_set="speech_models",
    ),
)

BY_NAME: dict[str, RequestOption] = {option.name: option for option in OPTIONS}
FORM_OPTIONS: tuple[RequestOption, ...] = tuple(o for o in OPTIONS if o.shown is Shown.FORM)
CLI_OPTIONS: tuple[RequestOption, ...] = tuple(o for o in OPTIONS if not o.deprecated)
RESUBMIT_OPTIONS: tuple[RequestOption, ...] = tuple(o for o in OPTIONS if o.resubmit)

#: Values the transcript shows in place of a deleted webhook URL.
DELETED_WEBHOOK_URL = DELETED_AUDIO_URL  # the API's one marker for what was deleted


class OptionTypeError(ValueError):
    """A value whose JSON type is not the one the spec declares, in the API's words."""

    def __init__(self, name: str, kind: Kind) -> None:
        self.name = name
        self.kind = kind
        super().__init__(f"`{name}` must be {TYPE_NAMES[kind]}")


def is_kind(value: Any, kind: Kind) -> bool:
    """Whether ``value`` (decoded JSON) has the JSON type ``kind``."""
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is Kind.STRING:
        return isinstance(value, str)
    if kind is Kind.STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind is Kind.OBJECT:
        return isinstance(value, Mapping)
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def check_type(option: RequestOption, value: Any) -> None:
    """Raise :class:`OptionTypeError` unless ``value`` has the option's declared shape."""
    if value is None:
        if option.nullable:
            return
        raise OptionTypeError(option.name, option.kind)
    if not is_kind(value, option.kind):
        raise OptionTypeError(option.name, option.kind)
    if option.kind is Kind.OBJECT and option.fields:
        for key, item in value.items():
            kind = option.fields.get(key)
            if kind is None:
                raise UnknownFieldError(f"{option.name}.{key}")
            if item is not None and not is_kind(item, kind):
                raise OptionTypeError(f"{option.name}.{key}", kind)
    if option.kind is Kind.OBJECT and option.name == "redact_static_entities":
        for key, item in value.items():
            if not is_kind(item, Kind.STRINGS):
                raise OptionTypeError(f"{option.name}.{key}", Kind.STRINGS)
    if option.kind is Kind.OBJECTS:
        for item in value:
            for key, sub in item.items():
                kind = option.fields.get(key)
                if kind is None:
                    raise UnknownFieldError(f"{option.name}.{key}")
                if not is_kind(sub, kind):
                    raise OptionTypeError(f"{option.name}.{key}", kind)
            for key in option.required_fields:
                if key not in item:
                    raise MissingFieldError(f"{option.name}.{key}")


class UnknownFieldError(ValueError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"`{path}` is not a valid parameter")


class MissingFieldError(ValueError):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"`{path}` is required")


def is_set(params: Mapping[str, Any], name: str) -> bool:
    """An option counts as set when it is true (a boolean) or present and not null."""
    value = params.get(name)
    if isinstance(value, bool):
        return value
    return value is not None and value != [] and value != ""


def requirement_problem(params: Mapping[str, Any]) -> str | None:
    """The first documented combination rule ``params`` break, in the API's style."""
    for option in OPTIONS:
        if not is_set(params, option.name):
            continue
        for needed in option.requires:
            needed_option = BY_NAME[needed]
            if needed_option.kind is Kind.BOOLEAN:
                # an on-by-default boolean counts as set unless sent as false
                value = params.get(needed, needed_option.default)
                if value is not True:
                    return f"`{option.name}` requires `{needed}` to be `true`."
            elif not is_set(params, needed):
                return f"`{option.name}` requires `{needed}` to also be set."
        for other in option.excludes:
            if is_set(params, other):
                return f"`{option.name}` cannot be used together with `{other}`."
    return None


def type_problem(params: Mapping[str, Any]) -> str | None:
    """The first option whose value has the wrong JSON type, in the API's words."""
    for name, value in params.items():
        option = BY_NAME.get(name)
        if option is None:
            continue
        try:
            check_type(option, value)
        except ValueError as exc:
            return str(exc)
    return None


def without_defaults(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` less every option equal to the API's default (or empty)."""
    kept: dict[str, Any] = {}
    for name, value in params.items():
        option = BY_NAME.get(name)
        if value is None or value == [] or value == {} or value == "":
            continue
        same_type = isinstance(value, bool) == isinstance(option.default, bool) if option else False
        if (
            option is not None
            and option.default is not None
            and value == option.default
            and same_type
        ):
            continue
        kept[name] = value
    return kept


def carried_options(transcript: Mapping[str, Any]) -> dict[str, Any]:
    """The options a transcript echoes, as the body of a new request (no ``audio_url``).

    Everything the original was created with comes back, except what the API
    filled in itself: a detected language, a deleted webhook URL.
    """
    params = without_defaults(
        {o.name: transcript.get(o.name) for o in RESUBMIT_OPTIONS if o.name in transcript}
    )
    if params.get("language_detection"):
        params.pop("language_code", None)
    elif "language_detection" in params:
        params.pop("language_detection")  # false is the default once a language is given
    if params.get("webhook_url") == DELETED_WEBHOOK_URL:
        params.pop("webhook_url")
    if not params.get("webhook_url"):
        for name in ("webhook_auth_header_name", "webhook_auth_header_value"):
            params.pop(name, None)
    return params


_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def parse_option_text(option: RequestOption, text: str) -> Any:
    """A value typed by a person (a flag, a form field) as the option's JSON value.

    Empty text means "not set" (None). Raises ValueError with a one-line reason.
    """
    import json

    text = text.strip()
    if not text:
        return None
    kind = option.kind
    if kind is Kind.BOOLEAN:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"{option.name}: not true or false: {text!r}")
    if kind is Kind.INTEGER:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{option.name}: not a whole number: {text!r}") from None
    if kind is Kind.NUMBER:
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{option.name}: not a number: {text!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{option.name}: not a number: {text!r}")
        return int(number) if number.is_integer() and "." not in text else number
    if kind is Kind.STRING:
        return text
    if kind is Kind.STRINGS:
        if text.startswith("["):
            return _json_value(option, text, json)
        return [part.strip() for part in text.split(",") if part.strip()]
    return _json_value(option, text, json)


def _json_value(option: RequestOption, text: str, json: Any) -> Any:
    try:
        value = json.loads(text)
    except ValueError:
        raise ValueError(f"{option.name}: not valid JSON: {text!r}") from None
    try:
        check_type(option, value)
    except ValueError as exc:
        raise ValueError(str(exc).replace("`", "")) from None
    return value


def option_text(option: RequestOption, value: Any) -> str:
    """The inverse of :func:`parse_option_text`: a value as a person would type it."""
    import json

    if value is None:
        return ""
    if option.kind is Kind.BOOLEAN:
        return "true" if value else "false"
    plain = isinstance(value, list) and all(isinstance(v, str) and "," not in v for v in value)
    if option.kind is Kind.STRINGS and plain:
        return ",".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
