"""The simulator reads real media: type, duration, silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from aai_tui.media import ProbeProblem, probe
from tests.helpers import MEDIA, write_wav


@pytest.mark.parametrize(
    ("name", "mime", "low", "high"),
    [
        ("tone.mp3", "audio/mpeg", 1.4, 1.7),
        ("tone.flac", "audio/flac", 1.49, 1.51),
        ("tone.ogg", "audio/ogg", 1.49, 1.51),
        ("tone.m4a", "audio/mp4", 1.45, 1.7),
        ("tone.webm", "audio/webm", 1.45, 1.55),
    ],
)
def test_compressed_formats_report_their_duration(name, mime, low, high):
    info = probe(MEDIA / name)
    assert info.problem is None
    assert info.mime == mime
    assert low <= info.duration <= high


@pytest.mark.parametrize("name", ["silent-video.mp4", "silent-video.webm"])
def test_video_without_audio_has_no_audio_stream(name):
    info = probe(MEDIA / name)
    assert info.problem is ProbeProblem.NO_AUDIO
    assert info.mime.startswith("video/")


def test_wav_duration_and_silence(tmp_path: Path):
    loud = probe(write_wav(tmp_path / "loud.wav", 2.0))
    quiet = probe(write_wav(tmp_path / "quiet.wav", 2.0, silent=True))
    assert loud.duration == pytest.approx(2.0)
    assert loud.silent is False
    assert quiet.silent is True
    assert loud.mime == "audio/x-wav"


def test_audio_under_160_ms_is_too_short(tmp_path: Path):
    assert probe(write_wav(tmp_path / "a.wav", 0.1)).problem is ProbeProblem.TOO_SHORT
    assert probe(write_wav(tmp_path / "b.wav", 0.2)).problem is None


@pytest.mark.parametrize(
    ("data", "problem", "mime"),
    [
        (b"", ProbeProblem.EMPTY, "application/x-empty"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", ProbeProblem.NOT_MEDIA, "text/html"),
        (b"just some words\n", ProbeProblem.NOT_MEDIA, "text/plain"),
        (bytes(range(256)) * 4, ProbeProblem.NOT_MEDIA, "application/octet-stream"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ProbeProblem.NO_AUDIO, "image/png"),
        (b"%PDF-1.7\n" + b"\0" * 64, ProbeProblem.NO_AUDIO, "application/pdf"),
    ],
)
def test_non_media_is_recognised(tmp_path: Path, data, problem, mime):
    path = tmp_path / "file"
    path.write_bytes(data)
    info = probe(path)
    assert info.problem is problem
    assert info.mime == mime


def _extensible_wav(path, *, bits: int, seconds: float, rate: int = 48000, silent=False):
    """A WAVE_FORMAT_EXTENSIBLE file, as sox and ffmpeg write 24- and 32-bit audio."""
    import math
    import struct

    channels, width = 2, bits // 8
    frames = int(seconds * rate)
    peak = 0 if silent else (2 ** (bits - 1) - 1) // 4
    samples = bytearray()
    for i in range(frames):
        value = int(peak * math.sin(2 * math.pi * 440 * i / rate))
        sample = value.to_bytes(4, "little", signed=True)[:width]
        samples += sample * channels
    guid_pcm = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    fmt = (
        struct.pack(
            "<HHIIHHHHI",
            0xFFFE,
            channels,
            rate,
            rate * channels * width,
            channels * width,
            bits,
            22,
            bits,
            0x3,
        )
        + guid_pcm
    )
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(samples)) + bytes(samples)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


@pytest.mark.parametrize("bits", [24, 32])
def test_wave_format_extensible_is_audio(tmp_path, bits):
    info = probe(_extensible_wav(tmp_path / f"x{bits}.wav", bits=bits, seconds=1.5))
    assert info.problem is None
    assert info.mime == "audio/x-wav"
    assert abs(info.duration - 1.5) < 0.01
    assert info.channels == 2


def test_ieee_float_wav_is_audio(tmp_path):
    import struct

    rate, frames = 16000, 16000
    data = struct.pack(f"<{frames}f", *([0.25] * frames))
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path = tmp_path / "float.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    info = probe(path)
    assert info.problem is None and abs(info.duration - 1.0) < 0.01
