"""The server's POST /v2/transcript validation, answering exactly as AssemblyAI does.

This is the simulator's side: it owns the model lineup, the retired models, the PII
policies, the language codes and the other sets a server decides. The client never
refuses those (see :mod:`aai_tui.api.validation`). Every field is type-checked as
the 2026-08 spec types it, from the one options table both sides share.

With a lineup that still has ``universal-3-pro`` (and so nothing retired), the
server answers as it did in spring 2026: ``speech_models`` required, the singular
``speech_model`` refused with the seed's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aai_tui.api import error_messages as messages
from aai_tui.api.request_options import BY_NAME, is_set, requirement_problem, type_problem

#: The lineup since 2026-09-02 (the 2026-08 spec's SpeechModel enum, in default order).
TODAYS_MODELS = ("universal-3-5-pro", "universal-2")
RETIRED_MODELS = ("universal-3-pro",)
#: Singular ``speech_model`` values of spring 2026 that were current names: refused then.
CURRENT_SINGULAR_MODELS = frozenset({"universal-2", "universal-3-pro", "slam-1", "conformer-2"})
#: ``["universal"]`` and the legacy singular names are routed to the default lineup.
UPGRADED_MODELS = frozenset({"universal", "best", "nano"})

#: The 2026-08 spec's TranscriptLanguageCode enum (its JSON rendering turned "no",
#: Norwegian, into false: YAML's Norway problem; it is "no" here).
LANGUAGE_CODES = frozenset(
    "en en_au en_uk en_us es fr de it pt nl af sq am ar hy as az ba eu be bn bs br bg my "
    "ca zh hr cs da et fo fi gl ka el gu ht ha haw he hi hu is id ja jw kn kk km ko lo la "
    "lv ln lt lb mk mg ms ml mt mi mr mn ne no nn oc pa ps fa pl ro ru sa sr sn sd si sk "
    "sl so su sw sv tl tg ta tt te th bo tr tk uk ur uz vi cy yi yo".split()
)
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
#: The 2026-08 spec's PiiPolicy enum.
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
    "gender",
    "gender_sexuality",
    "healthcare_number",
    "injury",
    "ip_address",
    "language",
    "location",
    "location_address",
    "location_address_street",
    "location_city",
    "location_coordinate",
    "location_country",
    "location_state",
    "location_zip",
    "marital_status",
    "medical_condition",
    "medical_process",
    "money_amount",
    "nationality",
    "number_sequence",
    "occupation",
    "organization",
    "organization_medical_facility",
    "passport_number",
    "password",
    "person_age",
    "person_name",
    "phone_number",
    "physical_attribute",
    "political_affiliation",
    "religion",
    "sexuality",
    "statistics",
    "time",
    "url",
    "us_social_security_number",
    "username",
    "vehicle_id",
    "zodiac_sign",
]
#: The other sets a server owns, by the options table's ``server_set`` names.
SERVER_SETS: dict[str, frozenset[str]] = {
    "language_codes": LANGUAGE_CODES,
    "pii_policies": frozenset(PII_POLICIES),
    "domains": frozenset({"medical-v1"}),
    "audio_tags": frozenset({"all", "speaker"}),
    "pii_substitutions": frozenset({"hash", "entity_name"}),
    "audio_qualities": frozenset({"mp3", "wav"}),
}


@dataclass(frozen=True, slots=True)
class ServerRules:
    """What this simulated account accepts: its model lineup, in default order, and
    the models it has retired (refused with a message naming the lineup)."""

    speech_models: tuple[str, ...] = TODAYS_MODELS
    retired_models: tuple[str, ...] = RETIRED_MODELS

    @property
    def spring_2026(self) -> bool:
        """Nothing retired yet: the rules of the seeds (speech_models required)."""
        return not self.retired_models

    @classmethod
    def for_lineup(
        cls, speech_models: tuple[str, ...] | None, retired: tuple[str, ...] | None
    ) -> ServerRules:
        """Rules for a lineup; by default the retired models are those not in it."""
        lineup = speech_models or TODAYS_MODELS
        if retired is None:
            retired = tuple(m for m in RETIRED_MODELS if m not in lineup)
        return cls(tuple(lineup), tuple(retired))


@dataclass(frozen=True, slots=True)
class RequestRejected(Exception):
    """A request the API refuses: the status and its exact message."""

    status: int
    message: str


def _reject(message: str, status: int = 400) -> RequestRejected:
    return RequestRejected(status, message)


def speech_models_invalid(lineup: tuple[str, ...]) -> str:
    names = ", ".join(f'"{name}"' for name in lineup)
    return f'"speech_models" must be a non-empty list containing one or more of: {names}'


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def validate_create(body: Any, rules: ServerRules | None = None) -> dict[str, Any]:
    """Check a POST /v2/transcript body; return the parameters the job runs with."""
    rules = rules or ServerRules()
    if not isinstance(body, Mapping):
        raise _reject(messages.JSON_INVALID)
    params = dict(body)
    audio_url = params.get("audio_url")
    if not isinstance(audio_url, str) or not audio_url.strip():
        raise _reject(messages.AUDIO_URL_MISSING)
    unknown = [name for name in params if name != "audio_url" and name not in BY_NAME]
    if unknown:
        raise _reject(f"`{unknown[0]}` is not a valid parameter")
    problem = type_problem(params)
    if problem:
        raise _reject(problem)

    _speech_models(params, rules)

    for name, value in params.items():
        option = BY_NAME.get(name)
        if option is None or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        low, high = option.minimum, option.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                raise _reject(f"`{name}` must be at least {_number_text(low or 0)}")
            raise _reject(
                f"`{name}` must be between {_number_text(low or 0)} and {_number_text(high)}"
            )

    language_code = params.get("language_code")
    if language_code is not None and language_code not in LANGUAGE_CODES:
        raise _reject(messages.language_not_supported(str(language_code)))
    for code in params.get("language_codes") or []:
        if code not in LANGUAGE_CODES:
            raise _reject(messages.language_not_supported(str(code)))
    if params.get("language_detection") is True:
        if language_code is not None:
            raise _reject(messages.LANGUAGE_DETECTION_WITH_CODE)
        if params.get("language_codes"):
            raise _reject(messages.LANGUAGE_DETECTION_WITH_CODES)
    if (
        params.get("language_detection") is False
        and language_code is None
        and not rules.spring_2026
    ):
        raise _reject(messages.LANGUAGE_CODE_REQUIRED)

    webhook_url = params.get("webhook_url")
    if webhook_url is not None and not webhook_url.startswith("http"):
        raise _reject(messages.WEBHOOK_URL_INVALID)

    if params.get("redact_pii") is True:
        policies = params.get("redact_pii_policies")
        if not policies:
            raise _reject(messages.REDACT_POLICIES_MISSING)
        if any(p not in PII_POLICIES for p in policies):
            raise _reject(messages.unsupported_pii_policy(PII_POLICIES))
    quality = params.get("redact_pii_audio_quality")
    if quality is not None and quality not in SERVER_SETS["audio_qualities"]:
        raise _reject(messages.REDACT_AUDIO_QUALITY_INVALID)
    for name in ("domain", "remove_audio_tags", "redact_pii_sub"):
        option = BY_NAME[name]
        value = params.get(name)
        allowed = SERVER_SETS.get(option.server_set or "", frozenset())
        if value is not None and value not in allowed:
            listed = ", ".join(f"'{v}'" for v in sorted(allowed))
            raise _reject(f"Invalid `{name}` value, choose one of {listed}")

    requirement = requirement_problem(params)
    if requirement:
        raise _reject(requirement)

    if isinstance(language_code, str):
        unavailable = _features_unavailable(language_code, params)
        if unavailable:
            raise _reject(messages.models_not_available_in_language(unavailable))
    return params


def _speech_models(params: dict[str, Any], rules: ServerRules) -> None:
    """Route, refuse or default the models: the part of the API that moves most."""
    singular = params.pop("speech_model", None)
    if rules.spring_2026:
        if isinstance(singular, str) and singular in CURRENT_SINGULAR_MODELS:
            raise _reject(messages.SPEECH_MODEL_DEPRECATED)
        # Legacy singular values (best, nano, universal) were ignored without a word.
        models = params.get("speech_models")
        if not models or any(m not in rules.speech_models for m in models):
            raise _reject(speech_models_invalid(rules.speech_models))
        return
    models = params.get("speech_models")
    if models is None:
        # Since 2026-09-02: no speech_models, or the singular speech_model, is routed to
        # the account's default lineup.
        params["speech_models"] = list(rules.speech_models)
        return
    if not models:
        raise _reject(speech_models_invalid(rules.speech_models))
    retired = [m for m in models if m in rules.retired_models]
    if retired:
        raise _reject(messages.speech_models_deprecated(retired, list(rules.speech_models)))
    if all(m in UPGRADED_MODELS for m in models):
        params["speech_models"] = list(rules.speech_models)  # ["universal"] is upgraded
        return
    if any(m not in rules.speech_models for m in models):
        raise _reject(speech_models_invalid(rules.speech_models))


def _features_unavailable(language_code: str, params: Mapping[str, Any]) -> list[str]:
    missing: list[str] = []
    if is_set(params, "speaker_labels") and language_code not in SPEAKER_LABEL_LANGUAGES:
        missing.append("speaker_labels")
    if language_code not in ENGLISH:
        missing.extend(f for f in ENGLISH_ONLY_FEATURES if params.get(f) is True)
    return missing
