"""Deterministic transcript content, and every view of it that the API exports.

Words are generated from the transcript id, spread over the audio's real duration,
and text, words, utterances, SRT, VTT, sentences, paragraphs and word-search are
all derived from that one word list so they always agree.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WORDS_PER_SECOND = 2.5
_ENDINGS = ".?!"
_PHRASES = (
    "thanks everyone for joining the call today",
    "let us start with the quarterly numbers",
    "the transcription pipeline processed every file overnight",
    "we saw a small increase in error rates on tuesday",
    "most of those came from expired download links",
    "the team fixed the upload step and resubmitted the batch",
    "customers in the european region asked about data residency",
    "we should keep the concurrency limit in mind for large batches",
    "the new model improved accuracy on noisy recordings",
    "speaker labels now work well for meetings with four people",
    "please send the exported captions to the video team",
    "the webhook endpoint answered within a second",
    "we will review the rate limit headers next week",
    "that covers the main points for this recording",
    "any questions before we wrap up",
    "the audio quality was good despite the background noise",
    "our support queue is shorter than last month",
    "the product launch is planned for early spring",
)
_FILLERS = ("um", "uh", "hmm")


@dataclass(frozen=True, slots=True)
class ContentOptions:
    speaker_labels: bool = False
    speakers_expected: int | None = None
    punctuate: bool = True
    format_text: bool = True
    disfluencies: bool = False


def _rng(seed: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))


def generate_words(seed: str, duration_s: float, options: ContentOptions) -> list[dict[str, Any]]:
    """The word list of a completed transcript, as the API's TranscriptWord objects."""
    rng = _rng(seed)
    duration_ms = max(1, round(duration_s * 1000))
    count = max(1, int(duration_s * WORDS_PER_SECOND))
    speakers = max(2, min(options.speakers_expected or 2, 10))
    tokens: list[tuple[str, bool, str | None]] = []  # (text, ends sentence, speaker)
    speaker_index = 0
    while len(tokens) < count:
        phrase = rng.choice(_PHRASES).split()
        if options.disfluencies and rng.random() < 0.3:
            phrase.insert(rng.randrange(len(phrase)), rng.choice(_FILLERS))
        speaker = chr(ord("A") + speaker_index) if options.speaker_labels else None
        for i, word in enumerate(phrase):
            tokens.append((word, i == len(phrase) - 1, speaker))
        if options.speaker_labels and rng.random() < 0.5:
            speaker_index = (speaker_index + 1) % speakers
    tokens = tokens[:count]
    tokens[-1] = (tokens[-1][0], True, tokens[-1][2])
    slot = duration_ms / count
    words: list[dict[str, Any]] = []
    capitalize_next = True
    for i, (raw, ends, speaker) in enumerate(tokens):
        text = raw
        if options.format_text and capitalize_next:
            text = text[:1].upper() + text[1:]
        if options.punctuate and ends:
            text += "?" if raw in ("up",) else "."
        capitalize_next = ends
        start = round(i * slot)
        end = max(start + 1, round(i * slot + slot * 0.85))
        words.append(
            {
                "text": text,
                "start": start,
                "end": min(end, duration_ms),
                "confidence": round(0.72 + rng.random() * 0.27, 4),
                "speaker": speaker,
            }
        )
    return words


def text_of(words: Sequence[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in words)


def mean_confidence(words: Sequence[dict[str, Any]]) -> float:
    if not words:
        return 0.0
    return round(sum(float(w["confidence"]) for w in words) / len(words), 4)


def _group(
    words: Sequence[dict[str, Any]], items: list[list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    groups = []
    for chunk in items:
        group = {
            "text": text_of(chunk),
            "start": chunk[0]["start"],
            "end": chunk[-1]["end"],
            "confidence": mean_confidence(chunk),
            "words": list(chunk),
            "speaker": chunk[0]["speaker"],
        }
        groups.append(group)
    return groups


def _split_sentences(words: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    sentences: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    for word in words:
        if current and word["speaker"] != current[-1]["speaker"]:
            sentences.append(current)
            current = []
        current.append(word)
        if word["text"][-1:] in _ENDINGS or len(current) >= 20:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def sentences(words: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return _group(words, _split_sentences(words))


def paragraphs(words: Sequence[dict[str, Any]], per_paragraph: int = 4) -> list[dict[str, Any]]:
    """Up to ``per_paragraph`` sentences each, broken early when the speaker changes."""
    chunks: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    count = 0
    for sentence in _split_sentences(words):
        if current and (count >= per_paragraph or sentence[0]["speaker"] != current[0]["speaker"]):
            chunks.append(current)
            current, count = [], 0
        current.extend(sentence)
        count += 1
    if current:
        chunks.append(current)
    groups = _group(words, chunks)
    for group in groups:
        group.pop("speaker")
    return groups


def utterances(words: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turns: runs of consecutive words by the same speaker."""
    runs: list[list[dict[str, Any]]] = []
    for word in words:
        if runs and runs[-1][-1]["speaker"] == word["speaker"]:
            runs[-1].append(word)
        else:
            runs.append([word])
    return _group(words, runs)


def _captions(
    words: Sequence[dict[str, Any]], chars_per_caption: int | None
) -> list[list[dict[str, Any]]]:
    limit = chars_per_caption or 80
    captions: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    length = 0
    for word in words:
        extra = len(word["text"]) + (1 if current else 0)
        if current and length + extra > limit:
            captions.append(current)
            current, length = [], 0
            extra = len(word["text"])
        current.append(word)
        length += extra
        if chars_per_caption is None and word["text"][-1:] in _ENDINGS:
            captions.append(current)
            current, length = [], 0
    if current:
        captions.append(current)
    return captions


def _clock(ms: int, separator: str, always_hours: bool) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if always_hours or hours:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def srt(words: Sequence[dict[str, Any]], chars_per_caption: int | None = None) -> str:
    blocks = []
    for number, caption in enumerate(_captions(words, chars_per_caption), start=1):
        start = _clock(caption[0]["start"], ",", True)
        end = _clock(caption[-1]["end"], ",", True)
        blocks.append(f"{number}\n{start} --> {end}\n{text_of(caption)}\n")
    return "\n".join(blocks)


def vtt(words: Sequence[dict[str, Any]], chars_per_caption: int | None = None) -> str:
    blocks = ["WEBVTT\n"]
    for caption in _captions(words, chars_per_caption):
        start = _clock(caption[0]["start"], ".", False)
        end = _clock(caption[-1]["end"], ".", False)
        blocks.append(f"{start} --> {end}\n{text_of(caption)}\n")
    return "\n".join(blocks)


def _normalise(token: str) -> str:
    return token.strip(".,?!;:\"'").lower()


def word_search(words: Sequence[dict[str, Any]], terms: Sequence[str]) -> dict[str, Any]:
    """Matches for each term (a word or a phrase), as the word-search endpoint returns."""
    normalised = [_normalise(w["text"]) for w in words]
    matches = []
    total = 0
    for term in terms:
        parts = [_normalise(p) for p in term.split() if _normalise(p)]
        if not parts:
            continue
        timestamps: list[list[int]] = []
        indexes: list[int] = []
        width = len(parts)
        for i in range(len(normalised) - width + 1):
            if normalised[i : i + width] == parts:
                timestamps.append([words[i]["start"], words[i + width - 1]["end"]])
                indexes.append(i)
        total += len(indexes)
        matches.append(
            {"text": term, "count": len(indexes), "timestamps": timestamps, "indexes": indexes}
        )
    return {"total_count": total, "matches": matches}


# ------------------------------------------------------------ redacted audio


def silent_wav(seconds: float, rate: int = 8000) -> bytes:
    """A mono 16-bit WAV of silence: where redaction leaves no speech, a valid file."""
    import struct

    frames = max(1, int(seconds * rate))
    data = bytes(frames * 2)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


#: One MPEG-1 Layer III frame, 128 kbit/s at 44.1 kHz, no padding: 417 bytes whose side
#: information and main data are all zero, which decodes to silence.
_MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)
_MP3_FRAME_SECONDS = 1152 / 44100


def silent_mp3(seconds: float) -> bytes:
    """A valid MP3 of silence, frame after frame."""
    frames = max(1, round(seconds / _MP3_FRAME_SECONDS))
    return _MP3_FRAME * frames
