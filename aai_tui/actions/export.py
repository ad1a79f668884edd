"""Exports to files: SRT, VTT, plain text, the full JSON, sentences and paragraphs.

Files are named ``<audio-stem>.<first 8 of id>.<ext>``, written to a temporary file
and renamed into place, and never overwrite an existing file unless asked to.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from aai_tui.api import error_messages as messages
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

FORMATS: dict[str, str] = {
    "srt": "srt",
    "vtt": "vtt",
    "txt": "txt",
    "json": "json",
    "sentences": "sentences.json",
    "paragraphs": "paragraphs.json",
}
#: What the API calls each format in its "must be completed" message.
_NOT_READY_NOUN = {"sentences": "sentences", "paragraphs": "paragraphs"}
DELETED_TEXT = "Deleted by user."
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


class ExportError(Exception):
    """An export that could not be written, in one line."""


class ExportExists(ExportError):
    """The target file exists; ask before overwriting."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists")
        self.path = path


@dataclass(frozen=True)
class ExportResult:
    transcript_id: str
    format: str
    path: Path
    bytes_written: int


def safe_stem(name: str) -> str:
    """A file-name stem from untrusted text: no separators, no controls, no leading dot."""
    stem = Path(name).stem if "." in name else name
    stem = _UNSAFE.sub("_", stem).strip(" ._-")
    return stem[:80] or "transcript"


def audio_stem(transcript: Transcript, local_name: str | None = None) -> str:
    if local_name:
        return safe_stem(local_name)
    url_name = unquote(PurePosixPath(urlsplit(transcript.audio_url).path).name)
    return safe_stem(url_name or urlsplit(transcript.audio_url).hostname or "")


def export_name(transcript: Transcript, fmt: str, local_name: str | None = None) -> str:
    """Only safe characters, from every part: a hostile server's id or audio URL cannot
    name a path outside the export folder."""
    return f"{audio_stem(transcript, local_name)}.{safe_stem(transcript.id[:8])}.{FORMATS[fmt]}"


def is_deleted(transcript: Transcript) -> bool:
    return transcript.text == DELETED_TEXT and transcript.deleted


def _shared_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


SHARED_FILE_MODE = _shared_file_mode()


def write_atomically(path: Path, data: bytes, *, overwrite: bool) -> int:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    if path.exists() and not overwrite:
        raise ExportExists(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ExportError(_describe_os_error(path.parent, exc)) from None
    try:
        # Captions and text are meant to be shared: the mode a new file gets from the
        # umask (mkstemp's is 0600), not a private one.
        os.fchmod(fd, SHARED_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite and path.exists():
            raise ExportExists(path)
        os.replace(tmp, path)
    except ExportError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(_describe_os_error(path.parent, exc)) from None
    return len(data)


def _describe_os_error(folder: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{folder}: the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{folder}: cannot write here ({exc.strerror})"
    return f"{folder}: {exc.strerror or exc}"


async def render_export(
    client: AssemblyAIClient,
    transcript: Transcript,
    fmt: str,
    *,
    chars_per_caption: int | None = None,
) -> bytes:
    """The bytes of one export, or the documented message when it cannot be made."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if is_deleted(transcript):
        raise ExportError(f"transcript {transcript.id} was deleted; there is nothing to export")
    if transcript.status != "completed":
        noun = _NOT_READY_NOUN.get(fmt, "captions")
        raise ExportError(messages.export_not_ready(str(transcript.status), noun))
    try:
        if fmt in ("srt", "vtt"):
            text = await client.get_subtitles(
                transcript.id, fmt, chars_per_caption=chars_per_caption
            )
            return text.encode("utf-8")
        if fmt == "txt":
            return ((transcript.text or "") + "\n").encode("utf-8")
        if fmt == "json":
            data: Any = transcript.raw
        else:
            data = await client.get_json(f"/v2/transcript/{transcript.id}/{fmt}")
    except ApiError as error:
        raise ExportError(error.message) from error
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


async def export_transcript(
    client: AssemblyAIClient,
    transcript_id: str,
    fmt: str,
    out_dir: Path,
    *,
    local_name: str | None = None,
    chars_per_caption: int | None = None,
    overwrite: bool = False,
    transcript: Transcript | None = None,
) -> ExportResult:
    """Fetch what is needed and write one export file."""
    if transcript is None or (not transcript.words and transcript.status == "completed"):
        try:
            transcript = await client.get_transcript(transcript_id)
        except ApiError as error:
            raise ExportError(error.message) from error
    data = await render_export(client, transcript, fmt, chars_per_caption=chars_per_caption)
    path = out_dir.expanduser() / export_name(transcript, fmt, local_name)
    written = write_atomically(path, data, overwrite=overwrite)
    return ExportResult(transcript.id, fmt, path, written)
