"""Checks on what the user asks to submit, before a single byte is sent.

Options are checked with the API's own rules and messages; local files are
checked for existence, readability, size and whether they look like media.
"""

from __future__ import annotations

import fnmatch
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aai_tui.api.request_options import BY_NAME, type_problem, without_defaults
from aai_tui.api.validation import RequestRefused, check_request
from aai_tui.formatting import file_size
from aai_tui.media import AudioInfo, ProbeProblem, probe

MAX_FILE_BYTES = 5_500_000_000
MEDIA_SUFFIXES = frozenset(
    ".3ga .8svx .aac .ac3 .aif .aiff .alac .amr .ape .au .dss .flac .flv .m4a .m4b .m4p .m4r "
    ".mp3 .mpga .ogg .oga .mogg .opus .qcp .tta .voc .wav .wma .wv .webm .mts .m2ts .ts .mov "
    ".mp2 .mp4 .m4v .mxf .mkv .avi .wmv .3gp".split()
)


class InputError(Exception):
    """Something the user gave that cannot be submitted, said in one line."""


#: What an older aai-tui pinned by default; remembered form options carrying it are read
#: as "no models chosen", so the account's current lineup applies instead.
FORMER_DEFAULT_MODELS = ("universal-3-pro", "universal-2")
OPTIONS_FORMAT = 2


@dataclass(frozen=True)
class SubmitOptions:
    """Request options a person chose, by option name (:mod:`aai_tui.api.request_options`).

    Only what was set is kept; an option left out gets the API's own default, and
    no ``speech_models`` means the account's default lineup.
    """

    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def with_values(self, **changes: Any) -> SubmitOptions:
        merged = {**self.values, **changes}
        return SubmitOptions({k: v for k, v in merged.items() if v is not None})

    def to_params(self) -> dict[str, Any]:
        """The request body, without audio_url: only what differs from the API's defaults."""
        return without_defaults(self.values)

    def to_json(self) -> dict[str, Any]:
        return {"format": OPTIONS_FORMAT, "params": self.to_params()}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> SubmitOptions:
        return cls({k: v for k, v in params.items() if k in BY_NAME and v is not None})

    @classmethod
    def from_json(cls, data: Any) -> SubmitOptions:
        """Remembered options; the first format (one field per option) is read too."""
        if not isinstance(data, Mapping):
            return cls()
        if data.get("format") == OPTIONS_FORMAT and isinstance(data.get("params"), Mapping):
            params = dict(data["params"])
        else:
            params = dict(data)
        if tuple(params.get("speech_models") or ()) == FORMER_DEFAULT_MODELS:
            params.pop("speech_models")
        kept = {k: v for k, v in params.items() if k in BY_NAME and v is not None}
        if type_problem(kept):
            return cls()
        return cls(without_defaults(kept))


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """What is certain from the request itself, in the API's words; the rest is the server's."""
    try:
        return check_request(params)
    except RequestRefused as refused:
        raise InputError(str(refused)) from None


def check_url(url: str) -> str:
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise InputError(
            f"{url}: a URL cannot hold spaces or control characters (encode them, as %20)"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError as exc:
        raise InputError(f"{url}: not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: only http:// and https:// URLs can be transcribed")
    return url


#: "javascript:", "data:", "s3:" - a scheme the API cannot fetch (a Windows drive
#: letter such as "C:" is one letter, and is a path).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


def _path_of(entry: str) -> Path:
    """The path typed, with ``~`` expanded; one clear line for what cannot be a path."""
    try:
        entry.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{entry.encode('utf-8', 'backslashreplace').decode()}: the name is not UTF-8 "
            "text; rename the file"
        ) from None
    try:
        return Path(entry).expanduser()
    except RuntimeError:
        user = entry[1:].split("/", 1)[0]
        raise InputError(f"{entry}: no user {user!r} on this machine") from None


def inspect_local_file(path: Path) -> tuple[int, AudioInfo]:
    """Everything that can be known about a file before uploading it: its size and what
    probing its content found (read once)."""
    try:
        return _inspect(path)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _inspect(path: Path) -> tuple[int, AudioInfo]:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"{str(path).encode('utf-8', 'backslashreplace').decode()}: the name is not "
            "UTF-8 text; rename the file"
        ) from None
    if path.is_symlink() and not path.exists():
        raise InputError(f"{path}: a symbolic link to nothing (or to itself)")
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
    # By content: text (a web page, a note) renamed .mp3 is not audio. Unknown binary
    # data with a media suffix may be a format only the API's transcoder reads.
    looks_like_text = info.mime.startswith("text/")
    not_media = info.problem is ProbeProblem.NOT_MEDIA and (
        looks_like_text or path.suffix.lower() not in MEDIA_SUFFIXES
    )
    if not_media or info.problem is ProbeProblem.NO_AUDIO:
        raise InputError(f"{path}: does not look like audio or video ({info.mime}, {info.detail})")
    if info.problem is ProbeProblem.TOO_SHORT:
        raise InputError(
            f"{path}: audio is {info.duration * 1000:.0f} ms long; the minimum is 160 ms"
        )
    return size, info


def real_path(path: Path) -> Path:
    """The path with links resolved, or as given when they loop or cannot be read."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()


def check_local_file(path: Path) -> int:
    """Everything that can be known about a file before uploading it. Returns its size."""
    return inspect_local_file(path)[0]


#: A glob stops with a clear message past this many files, or this many entries seen.
MAX_GLOB_FILES = 10_000
MAX_GLOB_ENTRIES = 500_000


class Cancelled(InputError):
    """The expansion was cancelled before it ended."""


def _split_magic(pattern: Path) -> tuple[Path, tuple[str, ...]]:
    parts = pattern.parts
    for index, part in enumerate(parts):
        if any(ch in part for ch in "*?["):
            return Path(*parts[:index]) if index else Path("."), parts[index:]
    return pattern, ()


def _matches(names: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Path segments against glob segments; ``**`` is any number of folders."""
    if not pattern:
        return not names
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_matches(names[i:], rest) for i in range(len(names) + 1))
    return bool(names) and fnmatch.fnmatchcase(names[0], head) and _matches(names[1:], rest)


def expand_glob(pattern: Path, *, cancel: threading.Event | None = None) -> list[Path]:
    """The files a glob matches, sorted, each once. Symlinked folders are not followed and
    a symlinked file counts only when it points inside the tree; past
    :data:`MAX_GLOB_FILES` files (or :data:`MAX_GLOB_ENTRIES` entries seen) it stops with
    a clear message. ``cancel`` stops it from another thread."""
    root, rest = _split_magic(pattern)
    if not root.is_dir():
        return []
    top = root.resolve()
    found: dict[Path, Path] = {}
    seen = 0
    recursive = "**" in rest
    for folder, dirs, files in os.walk(root, followlinks=False):
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"{pattern}: cancelled")
        relative = Path(folder).relative_to(root).parts
        if not recursive and len(relative) >= len(rest) - 1:
            dirs[:] = []
        seen += len(dirs) + len(files)
        if seen > MAX_GLOB_ENTRIES:
            raise InputError(
                f"{pattern}: more than {MAX_GLOB_ENTRIES:,} entries to look through; "
                "give a narrower pattern or a folder"
            )
        for name in files:
            if not _matches((*relative, name), rest):
                continue
            path = Path(folder) / name
            real = path.resolve()
            if path.is_symlink() and top not in real.parents:
                continue  # a link out of the tree
            if real.is_file() and real not in found:
                found[real] = path
                if len(found) > MAX_GLOB_FILES:
                    raise InputError(
                        f"{pattern}: matches more than {MAX_GLOB_FILES:,} files; submit it in parts"
                    )
    return sorted(found.values())


def expand_sources(
    entries: Iterable[str], *, cancel: threading.Event | None = None
) -> list[str | Path]:
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
        path = _path_of(entry)
        try:
            # Absolute: the journal keeps them, and a submission finished after a
            # restart, or a batch read from another folder, must find the same file.
            found.extend(p.absolute() for p in _expand_path(entry, path, cancel))
        except OSError as exc:
            raise InputError(f"{entry}: {exc.strerror or exc}") from None
    if not found:
        raise InputError("nothing to submit: give a file, a folder, a glob or a URL")
    return found


def _expand_path(entry: str, path: Path, cancel: threading.Event | None) -> list[Path]:
    """One typed entry: a glob's files, a folder's media files, or the file itself."""
    if _SCHEME.match(entry) and not path.exists():
        raise InputError(f"{entry}: only http:// and https:// URLs can be transcribed")
    if any(ch in entry for ch in "*?[") and not path.exists():
        # A path that exists is that file, brackets and all: "talk [2024-05-01].mp3".
        files = expand_glob(path, cancel=cancel)
        if not files:
            raise InputError(f"{entry}: no files match")
        return files
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in MEDIA_SUFFIXES
        )
        if not files:
            raise InputError(f"{path}: no audio or video files in this folder")
        return files
    return [path]
