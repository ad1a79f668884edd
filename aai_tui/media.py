"""Read what a media file really is: its type, duration, and whether anyone speaks.

WAV is read chunk by chunk here (which also lets us measure silence),
MP3, FLAC, OGG and MP4/M4A through mutagen, and WebM/Matroska through a small
EBML reader, because mutagen does not read that container.
"""

from __future__ import annotations

import array
import contextlib
import struct
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from aai_tui.formatting import counted

MIN_DURATION_SECONDS = 0.16
#: Peak amplitude below this share of full scale counts as silence.
SILENCE_PEAK = 0.01
_HEADER_BYTES = 4096
#: At most this many 64k-frame chunks are scanned for sound (about 5 min at 16 kHz).
_SILENCE_SCAN_CHUNKS = 80


class ProbeProblem(StrEnum):
    EMPTY = "empty"
    NOT_MEDIA = "not_media"  # transcoding fails: HTML page, text, unknown bytes
    NO_AUDIO = "no_audio"  # a real file with no audio stream: image, PDF, silent video
    TOO_SHORT = "too_short"


@dataclass(frozen=True, slots=True)
class AudioInfo:
    mime: str
    detail: str
    duration: float = 0.0
    channels: int = 1
    silent: bool = False
    problem: ProbeProblem | None = None
    #: The language spoken and how sure detection is of it, when known (the
    #: simulator's media library); a probe of a local file never knows.
    spoken: tuple[str, float] | None = None


_NON_AUDIO_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG image data"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG image data"),
    (b"GIF87a", "image/gif", "GIF image data"),
    (b"GIF89a", "image/gif", "GIF image data"),
    (b"%PDF-", "application/pdf", "PDF document"),
)


def probe(path: Path) -> AudioInfo:
    """Inspect the file at ``path``; never raises for bad content, only for I/O."""
    size = path.stat().st_size
    if size == 0:
        return AudioInfo("application/x-empty", "empty", problem=ProbeProblem.EMPTY)
    with path.open("rb") as handle:
        header = handle.read(_HEADER_BYTES)
    for signature, mime, detail in _NON_AUDIO_SIGNATURES:
        if header.startswith(signature):
            return AudioInfo(mime, detail, problem=ProbeProblem.NO_AUDIO)
    if header[:4] == b"RIFF" and header[8:12] == b"WAVE":
        info = _probe_wav(path)
    elif header[:4] == b"\x1a\x45\xdf\xa3":
        info = _probe_matroska(path)
    else:
        info = _probe_with_mutagen(path, header)
    if info.problem is None and info.duration < MIN_DURATION_SECONDS:
        return AudioInfo(
            info.mime,
            info.detail,
            info.duration,
            info.channels,
            info.silent,
            ProbeProblem.TOO_SHORT,
        )
    return info


def _describe_text(header: bytes) -> tuple[str, str]:
    lowered = header.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "text/html", "HTML document, ASCII text"
    if lowered.startswith(b"<?xml"):
        return "text/xml", "XML document text"
    if lowered.startswith((b"{", b"[")):
        return "application/json", "JSON data"
    return "text/plain", "ASCII text"


def _looks_like_text(header: bytes) -> bool:
    try:
        header.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 0x20 or b in b"\t\r\n" for b in header[:512])


def _not_media(header: bytes) -> AudioInfo:
    if _looks_like_text(header):
        mime, detail = _describe_text(header)
    else:
        mime, detail = "application/octet-stream", "data"
    return AudioInfo(mime, detail, problem=ProbeProblem.NOT_MEDIA)


#: WAVE format tags that hold audio a transcoder reads: PCM, IEEE float, A-law, mu-law,
#: and WAVE_FORMAT_EXTENSIBLE (what sox and ffmpeg write for 24- and 32-bit audio).
WAVE_FORMATS = {
    0x0001: "PCM",
    0x0003: "IEEE float",
    0x0006: "A-law",
    0x0007: "mu-law",
    0xFFFE: "WAVE_FORMAT_EXTENSIBLE",
}


@dataclass(frozen=True, slots=True)
class _WavLayout:
    format_tag: int
    channels: int
    rate: int
    block_align: int
    bits: int
    data_offset: int
    data_size: int


def _wav_layout(path: Path) -> _WavLayout:
    """The fmt and data chunks of a RIFF/WAVE file, read directly: the stdlib ``wave``
    module of Python 3.11 refuses WAVE_FORMAT_EXTENSIBLE and float files."""
    with path.open("rb") as handle:
        riff = handle.read(12)
        if len(riff) < 12 or riff[:4] != b"RIFF" or riff[8:12] != b"WAVE":
            raise ValueError("not a RIFF/WAVE file")
        fmt: tuple[int, int, int, int, int] | None = None
        while True:
            head = handle.read(8)
            if len(head) < 8:
                raise ValueError("no data chunk")
            name, size = head[:4], struct.unpack("<I", head[4:])[0]
            if name == b"fmt ":
                body = handle.read(size)
                if len(body) < 16:
                    raise ValueError("fmt chunk too short")
                tag, channels, rate, _rate_bytes, align, bits = struct.unpack("<HHIIHH", body[:16])
                if tag == 0xFFFE and len(body) >= 26:
                    tag = struct.unpack("<H", body[24:26])[0]  # the sub-format's tag
                fmt = (tag, channels, rate, align, bits)
            elif name == b"data":
                if fmt is None:
                    raise ValueError("data before fmt")
                tag, channels, rate, align, bits = fmt
                total = path.stat().st_size
                available = max(0, total - handle.tell())
                return _WavLayout(
                    tag, channels, rate, align, bits, handle.tell(), min(size, available)
                )
            else:
                handle.seek(size + (size & 1), 1)


def _probe_wav(path: Path) -> AudioInfo:
    detail = "RIFF (little-endian) data, WAVE audio"
    try:
        layout = _wav_layout(path)
    except (ValueError, struct.error, OSError) as exc:
        return AudioInfo("audio/x-wav", f"{detail}, {exc}", problem=ProbeProblem.NOT_MEDIA)
    if not layout.rate or not layout.block_align or not layout.channels:
        return AudioInfo("audio/x-wav", f"{detail}, bad fmt chunk", problem=ProbeProblem.NOT_MEDIA)
    detail = f"{detail}, {layout.bits} bit, {counted(layout.channels, 'channel')} {layout.rate} Hz"
    frames = layout.data_size // layout.block_align
    duration = frames / layout.rate
    if frames == 0:
        return AudioInfo("audio/x-wav", detail, 0.0, layout.channels, True, ProbeProblem.NO_AUDIO)
    silent = _wav_is_silent(path, layout)
    return AudioInfo("audio/x-wav", detail, duration, layout.channels, silent)


#: Only every this many samples is looked at when deciding whether a WAV is silent.
SILENCE_STRIDE = 16


def _wav_is_silent(path: Path, layout: _WavLayout) -> bool:
    """True when no sample rises above :data:`SILENCE_PEAK` of full scale (8- and 16-bit
    PCM; other sample formats are taken to hold sound rather than guessed at)."""
    width = layout.bits // 8
    pcm = layout.format_tag == 0x0001
    if not pcm or width not in (1, 2) or layout.block_align != width * layout.channels:
        return False
    full_scale = 128 if width == 1 else 32768
    threshold = SILENCE_PEAK * full_scale
    with path.open("rb") as handle:
        handle.seek(layout.data_offset)
        left = layout.data_size
        for _ in range(_SILENCE_SCAN_CHUNKS):
            chunk = handle.read(min(left, 65536 * layout.block_align))
            if not chunk:
                return True
            left -= len(chunk)
            # Every 16th sample (sound lasts far longer than 16 samples), by slicing and
            # max/min, which run in C: a silent hour is checked in milliseconds.
            if width == 1:
                bytes_seen = chunk[::SILENCE_STRIDE]
                peak = max(max(bytes_seen) - 128, 128 - min(bytes_seen))
            else:
                samples = array.array("h")
                samples.frombytes(chunk[: len(chunk) - len(chunk) % 2])
                if sys.byteorder == "big":
                    samples.byteswap()
                every = samples[::SILENCE_STRIDE]
                peak = max(max(every), -min(every)) if every else 0
            if peak > threshold:
                return False
    return True  # the first minutes are silent: treat the file as silent


_MUTAGEN_KINDS: dict[str, tuple[str, str]] = {
    "MP3": ("audio/mpeg", "Audio file with ID3 version 2.4.0, MPEG ADTS, layer III"),
    "FLAC": ("audio/flac", "FLAC audio bitstream data"),
    "OggVorbis": ("audio/ogg", "Ogg data, Vorbis audio"),
    "OggOpus": ("audio/ogg", "Ogg data, Opus audio"),
    "OggFLAC": ("audio/ogg", "Ogg data, FLAC audio"),
    "OggSpeex": ("audio/ogg", "Ogg data, Speex audio"),
    "MP4": ("audio/mp4", "ISO Media, MP4 Base Media"),
    "AAC": ("audio/aac", "MPEG ADTS, AAC"),
    "AIFF": ("audio/x-aiff", "IFF data, AIFF audio"),
    "WavPack": ("audio/x-wavpack", "WavPack audio"),
    "ASF": ("audio/x-ms-asf", "Microsoft ASF"),
}


def _probe_with_mutagen(path: Path, header: bytes) -> AudioInfo:
    # Imported here: mutagen costs start-up time and only submissions need it.
    import mutagen
    from mutagen.mp4 import MP4StreamInfoError

    is_mp4 = header[4:8] == b"ftyp"
    try:
        media = mutagen.File(str(path))
    except MP4StreamInfoError:
        return AudioInfo("video/mp4", "ISO Media", problem=ProbeProblem.NO_AUDIO)
    except mutagen.MutagenError:
        media = None
    if media is None or getattr(media, "info", None) is None:
        if is_mp4:
            return AudioInfo("video/mp4", "ISO Media", problem=ProbeProblem.NO_AUDIO)
        return _not_media(header)
    kind = type(media).__name__
    mime, detail = _MUTAGEN_KINDS.get(kind, ("application/octet-stream", kind))
    if is_mp4:
        mime = "audio/mp4" if header[8:12] == b"M4A " else "video/mp4"
        # mutagen reports the movie's length even when no track carries sound.
        if not getattr(media.info, "codec", ""):
            return AudioInfo("video/mp4", detail, problem=ProbeProblem.NO_AUDIO)
    duration = float(getattr(media.info, "length", 0.0) or 0.0)
    channels = int(getattr(media.info, "channels", 1) or 1)
    return AudioInfo(mime, detail, duration, channels)


# --------------------------------------------------------------- Matroska/WebM

_EBML_HEADER = 0x1A45DFA3
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMECODE_SCALE = 0x2AD7B1
_DURATION = 0x4489
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_TYPE = 0x83
_DOC_TYPE = 0x4282
_AUDIO_TRACK = 2
_CONTAINERS = {_SEGMENT, _INFO, _TRACKS, _TRACK_ENTRY, _EBML_HEADER}


def _read_vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: its value, the next position, and whether it is
    the all-ones "unknown size" marker."""
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8:
        raise ValueError("invalid EBML variable-length integer")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    all_ones = not keep_marker and value == (1 << (7 * length)) - 1
    return value, pos + length, all_ones


@dataclass
class _MatroskaFacts:
    doc_type: str = "webm"
    scale: int = 1_000_000  # nanoseconds per timecode tick
    duration_ticks: float = 0.0
    track_types: list[int] | None = None


def _walk_ebml(data: bytes, start: int, end: int, facts: _MatroskaFacts) -> None:
    pos = start
    while pos < end - 1:
        element_id, pos, _ = _read_vint(data, pos, keep_marker=True)
        size, pos, unknown_size = _read_vint(data, pos, keep_marker=False)
        stop = end if unknown_size or pos + size > end else pos + size
        payload = data[pos:stop]
        if element_id in _CONTAINERS:
            _walk_ebml(data, pos, stop, facts)
        elif element_id == _TIMECODE_SCALE:
            facts.scale = int.from_bytes(payload, "big")
        elif element_id == _DURATION and len(payload) in (4, 8):
            facts.duration_ticks = struct.unpack(">f" if len(payload) == 4 else ">d", payload)[0]
        elif element_id == _TRACK_TYPE:
            facts.track_types = [*(facts.track_types or []), int.from_bytes(payload, "big")]
        elif element_id == _DOC_TYPE:
            facts.doc_type = payload.decode("ascii", "replace")
        pos = stop


def _probe_matroska(path: Path, max_bytes: int = 4 * 1024 * 1024) -> AudioInfo:
    with path.open("rb") as handle:
        data = handle.read(max_bytes)
    facts = _MatroskaFacts()
    with contextlib.suppress(ValueError, IndexError, struct.error):
        _walk_ebml(data, 0, len(data), facts)  # a truncated file: use what was read
    webm = facts.doc_type == "webm"
    track_types = facts.track_types or []
    audio_only = track_types == [_AUDIO_TRACK]
    mime = ("audio/" if audio_only else "video/") + ("webm" if webm else "x-matroska")
    detail = "WebM" if webm else "Matroska data"
    if _AUDIO_TRACK not in track_types:
        return AudioInfo(mime, detail, problem=ProbeProblem.NO_AUDIO)
    return AudioInfo(mime, detail, facts.duration_ticks * facts.scale / 1e9)
