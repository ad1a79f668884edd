"""The API's own words: every error string AssemblyAI documents, verbatim.

Kept in one place so that the simulator, the client-side checks before a submission,
and the troubleshooting catalog's tests all agree on the exact text.
"""

from __future__ import annotations

SUPPORTED_FORMATS_URL = (
    "https://www.assemblyai.com/docs/faq/what-audio-and-video-file-types-are-supported-by-your-api"
)

# ------------------------------------------------------------- request errors
AUTH_INVALID = "Authentication error, API token missing/invalid"
AUDIO_URL_MISSING = "Transcript creation error, audio_url not found"
JSON_INVALID = "Error processing request, json data invalid"
SPEECH_MODELS_INVALID = (
    '"speech_models" must be a non-empty list containing one or more of: '
    '"universal-3-pro", "universal-2"'
)
SPEECH_MODEL_DEPRECATED = (
    'speech_model is deprecated. Use "speech_models" instead. See documentation: '
    "https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model"
)
LANGUAGE_DETECTION_WITH_CODE = (
    "`language_detection` is not available when `language_code` is specified."
)
LANGUAGE_DETECTION_WITH_CODES = (
    "`language_detection` is not available when `language_codes` are specified."
)
#: The 2026-08 rule: ``language_code`` has no default any more.
LANGUAGE_CODE_REQUIRED = (
    "`language_code` is required when `language_detection` is `false`; "
    "set a `language_code`, or set `language_detection` to `true`."
)
WEBHOOK_URL_INVALID = "Invalid `webhook_url`, `webhook_url` should start with http."
REDACT_POLICIES_MISSING = "You must explicitly define 'redact_pii_policies'"
REDACT_AUDIO_QUALITY_INVALID = "Invalid `redact_pii_audio_quality` value, choose 'mp3' or 'wav'"
TRANSCRIPT_NOT_FOUND = "Transcript lookup error, transcript id not found"
WORDS_REQUIRED = "`words` is a required query parameter"
REDACTED_AUDIO_MISSING = (
    "A redacted audio file for this transcript ID doesn't exist. Try submitting the "
    "transcript again with`redact_pii_audio`set to`true`."
)
SUBTITLE_FORMAT_NOT_FOUND = "404: Not Found"
UPLOAD_EMPTY = (
    "Upload failed, please try again. If you continue to have issues please reach out to "
    "support@assemblyai.com"
)
LIMIT_TOO_LOW = "'limit' must be greater than or equal to 1"
LIMIT_TOO_HIGH = "'limit' must be less than or equal to 200"
INTERNAL_SERVER_ERROR = (
    "Internal server error. Please retry your request. If the error persists, please contact "
    "support@assemblyai.com for more information."
)
TOO_MANY_REQUESTS = "Too Many Requests"
NOT_FOUND = "Not found"
INSUFFICIENT_FUNDS = (
    "Your current account balance is negative. Please top up to continue using the API."
)


def speech_models_deprecated(retired: list[str], replacement: list[str]) -> str:
    """The 400 since 2026-09-02 for a request pinning a retired model; names the lineup to use."""
    names = ", ".join(f'"{name}"' for name in retired)
    lineup = ", ".join(f'"{name}"' for name in replacement)
    return (
        f"The {names} speech model(s) have been deprecated. Use speech_models: [{lineup}] instead."
    )


def must_be_boolean(field: str) -> str:
    return f"`{field}` must be a Boolean"


def language_not_supported(code: str) -> str:
    return (
        f"Language code {code} is not supported. "
        "See https://www.assemblyai.com/docs/concepts/supported-languages."
    )


def unsupported_pii_policy(supported: list[str]) -> str:
    listed = ", ".join(f"'{name}'" for name in supported)
    return (
        f"Unsupported policy name in 'redact_pii_policies', supported policy names are [{listed}]"
    )


def models_not_available_in_language(features: list[str]) -> str:
    return f"The following models are not available in this language: {', '.join(features)}"


def export_not_ready(status: str, what: str) -> str:
    """``what`` is captions, sentences or paragraphs."""
    return (
        f"This transcript has a status of '{status}'. Transcripts must have a status of "
        f"'completed' before requesting {what}."
    )


# ----------------------------------------------------------- processing errors
AUDIO_TOO_SHORT = "Audio duration is too short."
NO_SPOKEN_AUDIO = "language_detection cannot be performed on files with no spoken audio."
SERVER_ERROR_ALERTED = "Server error, developers have been alerted."


def transcoding_failed(mime: str, detail: str) -> str:
    return (
        f"Transcoding failed. File type {mime} ({detail}) may be unsupported or an unexpected "
        f"error occurred. See supported formats at {SUPPORTED_FORMATS_URL}. If your file "
        "format is supported and you're still encountering this error, contact us at "
        "support@assemblyai.com."
    )


def no_audio_stream(mime: str, detail: str) -> str:
    return f"No audio stream found in the file. File type is {mime} ({detail})."


def too_large(url: str, length: int, maximum: int) -> str:
    return f"{url} length={length} exceeds max_content_length={maximum}"


def no_content(url: str) -> str:
    return f"No content found at {url}. Please make sure the file exists and is not empty."


def upload_not_found(url: str) -> str:
    return (
        f"File not found at {url}. Make sure the file was uploaded recently and that you're "
        "transcribing from the same region."
    )


def download_error(url: str) -> str:
    return (
        f"Download error, unable to download {url}. Please make sure the file exists and is "
        "accessible from the internet."
    )


def low_language_confidence(code: str, confidence: float, threshold: float) -> str:
    return (
        f"detected language '{code}', confidence {confidence}, is below the requested "
        f"confidence threshold value of '{threshold}'"
    )
