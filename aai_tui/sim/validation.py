"""The server's POST /v2/transcript validation, answering exactly as AssemblyAI does.

This is the simulator's side: it knows the model lineup, PII policies and language
codes a server owns. The client never refuses those (see aai_tui.api.validation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aai_tui.api import messages

SPEECH_MODELS = ("universal-3-pro", "universal-2")
#: Singular ``speech_model`` values that are current names: rejected with a deprecation.
CURRENT_SINGULAR_MODELS = frozenset({"universal-2", "universal-3-pro", "slam-1", "conformer-2"})
#: Legacy singular values: accepted and silently ignored.
LEGACY_SINGULAR_MODELS = frozenset({"best", "nano", "universal"})

LANGUAGE_CODES = frozenset(
    "en en_au en_uk en_us es fr de it pt nl af sq am ar hy as az ba eu be bn bs br bg my "
    "ca zh hr cs da et fo fi gl ka el gu ht ha haw he hi hu is id ja jw kn kk km ko lo la "
    "lv ln lt lb mk mg ms ml mt mi mr mn ne no nn oc pa ps fa pl ro ru sa sr sn sd si sk "
    "sl so su sw sv tl tg ta tt te th bo tr tk uk ur uz vi cy yi yo".split()
)
#: Languages where speaker labels are available; English-only features are listed apart.
SPEAKER_LABEL_LANGUAGES = frozenset(
    "en en_au en_uk en_us es fr de it pt nl hi ja zh fi ko pl ru tr uk vi".split()
)
ENGLISH = frozenset({"en", "en_au", "en_uk", "en_us"})
ENGLISH_ONLY_FEATURES = (
    "auto_highlights",
    "content_safety",
    "iab_categories",
    "sentiment_analysis",
    "summarization",
    "auto_chapters",
)
PII_POLICIES = [
    "account_number",
    "banking_information",
    "blood_type",
    "credit_card_cvv",
    "credit_card_expiration",
    "credit_card_number",
    "date",
    "date_interval",
    "date_of_birth",
    "drivers_license",
    "drug",
    "duration",
    "email_address",
    "event",
    "filename",
    "gender_sexuality",
    "healthcare_number",
    "injury",
    "ip_address",
    "language",
    "location",
    "marital_status",
    "medical_condition",
    "medical_process",
    "money_amount",
    "nationality",
    "number_sequence",
    "occupation",
    "organization",
    "passport_number",
    "password",
    "person_age",
    "person_name",
    "phone_number",
    "physical_attribute",
    "political_affiliation",
    "religion",
    "statistics",
    "time",
    "url",
    "us_social_security_number",
    "username",
    "vehicle_id",
    "zodiac_sign",
]
BOOLEAN_FIELDS = (
    "auto_chapters",
    "auto_highlights",
    "content_safety",
    "custom_topics",
    "disfluencies",
    "entity_detection",
    "filter_profanity",
    "format_text",
    "iab_categories",
    "language_detection",
    "multichannel",
    "punctuate",
    "redact_pii",
    "redact_pii_audio",
    "sentiment_analysis",
    "speaker_labels",
    "summarization",
)


@dataclass(frozen=True, slots=True)
class RequestRejected(Exception):
    """A request the API refuses: the status and its exact message."""

    status: int
    message: str


def _reject(message: str, status: int = 400) -> RequestRejected:
    return RequestRejected(status, message)


def validate_create(body: Any) -> dict[str, Any]:
    """Check a POST /v2/transcript body; return the parameters the job runs with."""
    if not isinstance(body, Mapping):
        raise _reject(messages.JSON_INVALID)
    params = dict(body)
    audio_url = params.get("audio_url")
    if not isinstance(audio_url, str) or not audio_url.strip():
        raise _reject(messages.AUDIO_URL_MISSING)

    singular = params.pop("speech_model", None)
    if isinstance(singular, str) and singular in CURRENT_SINGULAR_MODELS:
        raise _reject(messages.SPEECH_MODEL_DEPRECATED)
    # Legacy singular values (best, nano, universal) are ignored without a word.

    models = params.get("speech_models")
    if (
        not isinstance(models, list)
        or not models
        or any(not isinstance(m, str) or m not in SPEECH_MODELS for m in models)
    ):
        raise _reject(messages.SPEECH_MODELS_INVALID)

    for field in BOOLEAN_FIELDS:
        if field in params and params[field] is not None and not isinstance(params[field], bool):
            raise _reject(messages.must_be_boolean(field))

    language_code = params.get("language_code")
    if language_code is not None:
        if not isinstance(language_code, str) or language_code not in LANGUAGE_CODES:
            raise _reject(messages.language_not_supported(str(language_code)))
        if params.get("language_detection") is True:
            raise _reject(messages.LANGUAGE_DETECTION_WITH_CODE)

    webhook_url = params.get("webhook_url")
    if webhook_url is not None and (
        not isinstance(webhook_url, str) or not webhook_url.startswith("http")
    ):
        raise _reject(messages.WEBHOOK_URL_INVALID)

    if params.get("redact_pii") is True:
        policies = params.get("redact_pii_policies")
        if not policies:
            raise _reject(messages.REDACT_POLICIES_MISSING)
        if not isinstance(policies, list) or any(p not in PII_POLICIES for p in policies):
            raise _reject(messages.unsupported_pii_policy(PII_POLICIES))
    quality = params.get("redact_pii_audio_quality")
    if quality is not None and quality not in ("mp3", "wav"):
        raise _reject(messages.REDACT_AUDIO_QUALITY_INVALID)

    if isinstance(language_code, str):
        unavailable = _features_unavailable(language_code, params)
        if unavailable:
            raise _reject(messages.models_not_available_in_language(unavailable))
    return params


def _features_unavailable(language_code: str, params: Mapping[str, Any]) -> list[str]:
    missing: list[str] = []
    if params.get("speaker_labels") is True and language_code not in SPEAKER_LABEL_LANGUAGES:
        missing.append("speaker_labels")
    if language_code not in ENGLISH:
        missing.extend(f for f in ENGLISH_ONLY_FEATURES if params.get(f) is True)
    return missing
