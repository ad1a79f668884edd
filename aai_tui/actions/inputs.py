"""Checks on what the user asks to submit, before a single byte is sent.

Options are checked with the API's own rules and messages; local files are
checked for existence, readability, size and whether they look like media.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aai_tui.api.validation import RequestRefused, check_request
from aai_tui.formatting import file_size
from aai_tui.media import ProbeProblem, probe

MAX_FILE_BYTES = 5_500_000_000
DEFAULT_SPEECH_MODELS = ("universal-3-pro", "universal-2")
MEDIA_SUFFIXES = frozenset(
    ".3ga .8svx .aac .ac3 .aif .aiff .alac .amr .ape .au .dss .flac .flv .m4a .m4b .m4p .m4r "
    ".mp3 .mpga .ogg .oga .mogg .opus .qcp .tta .voc .wav .wma .wv .webm .mts .m2ts .ts .mov "
    ".mp2 .mp4 .m4v .mxf .mkv .avi .wmv .3gp".split()
)


class InputError(Exception):
    """Something the user gave that cannot be submitted, said in one line."""


@dataclass(frozen=True)
class SubmitOptions:
    """The options people reach for most, as the submit form and ``aai-tui submit`` take them."""

    speech_models: tuple[str, ...] = DEFAULT_SPEECH_MODELS
    language_code: str | None = None
    language_detection: bool = False
    speaker_labels: bool = False
    punctuate: bool = True
    format_text: bool = True
    disfluencies: bool = False
    multichannel: bool = False
    webhook_url: str | None = None
    redact_pii: bool = False
    redact_pii_policies: tuple[str, ...] = ()
    redact_pii_audio: bool = False
    redact_pii_audio_quality: str | None = None
    keyterms_prompt: tuple[str, ...] = field(default=())

    def to_params(self) -> dict[str, Any]:
        """The request body, without audio_url; only what differs from the API's defaults."""
        params: dict[str, Any] = {"speech_models": list(self.speech_models)}
        if self.language_code:
            params["language_code"] = self.language_code
        for name in (
            "language_detection",
            "speaker_labels",
            "disfluencies",
            "multichannel",
            "redact_pii",
            "redact_pii_audio",
        ):
            if getattr(self, name):
                params[name] = True
        for name in ("punctuate", "format_text"):
            if not getattr(self, name):
                params[name] = False
        if self.webhook_url:
            params["webhook_url"] = self.webhook_url
        if self.redact_pii_policies:
            params["redact_pii_policies"] = list(self.redact_pii_policies)
        if self.redact_pii_audio_quality:
            params["redact_pii_audio_quality"] = self.redact_pii_audio_quality
        if self.keyterms_prompt:
            params["keyterms_prompt"] = list(self.keyterms_prompt)
        return params

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: Any) -> SubmitOptions:
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("speech_models", "redact_pii_policies", "keyterms_prompt"):
            if isinstance(known.get(key), list):
                known[key] = tuple(str(v) for v in known[key])
        try:
            return cls(**known)
        except TypeError:
            return cls()


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """What is certain from the request itself, in the API's words; the rest is the server's."""
    try:
        return check_request(params)
    except RequestRefused as refused:
        raise InputError(str(refused)) from None


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: only http:// and https:// URLs can be transcribed")
    return url


def check_local_file(path: Path) -> int:
    """Everything that can be known about a file before uploading it. Returns its size."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(
            f"{path}: is a folder; give a file, or the folder to submit all its media files"
        )
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: not readable (permission denied)")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: {file_size(size)} is over the 5.5 GB limit")
    try:
        info = probe(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    not_media = info.problem is ProbeProblem.NOT_MEDIA and path.suffix.lower() not in MEDIA_SUFFIXES
    if not_media or info.problem is ProbeProblem.NO_AUDIO:
        raise InputError(f"{path}: does not look like audio or video ({info.mime}, {info.detail})")
    if info.problem is ProbeProblem.TOO_SHORT:
        raise InputError(
            f"{path}: audio is {info.duration * 1000:.0f} ms long; the minimum is 160 ms"
        )
    return size


def expand_sources(entries: Iterable[str]) -> list[str | Path]:
    """Turn what the user typed into a list of URLs and files.

    An entry is an http(s) URL, a file, a folder (its media files, sorted), or a glob.
    """
    found: list[str | Path] = []
    for raw in entries:
        entry = raw.strip()
        if not entry:
            continue
        if "://" in entry:
            found.append(check_url(entry))
            continue
        path = Path(entry).expanduser()
        if any(ch in entry for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            files = [p for p in matches if p.is_file()]
            if not files:
                raise InputError(f"{entry}: no files match")
            found.extend(files)
        elif path.is_dir():
            files = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in MEDIA_SUFFIXES
            )
            if not files:
                raise InputError(f"{path}: no audio or video files in this folder")
            found.extend(files)
        else:
            found.append(path)
    if not found:
        raise InputError("nothing to submit: give a file, a folder, a glob or a URL")
    return found
