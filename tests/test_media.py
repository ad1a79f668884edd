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
