"""A transcript as text to read in a pager or an editor: utterances by speaker with
their times, every control character escaped (a pager passes escape sequences to the
terminal; text from the API must not reach it raw)."""

from __future__ import annotations

import os
import shlex
import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path

from aai_tui.api.models import Transcript
from aai_tui.formatting import duration
from aai_tui.terminal_text import visible

#: Columns the text is wrapped to, at word boundaries (pagers cut words).
WRAP = 88


def clock(milliseconds: int) -> str:
    seconds = max(0, milliseconds // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def reading_text(transcript: Transcript, local_name: str | None = None) -> str:
    """The transcript for a person: a short header, then one paragraph per speaker turn
    (``[0:01:23] Speaker A``), or the plain text when there are no speaker labels.
    ``local_name``: the file this machine sent, named before the upload URL."""
    lines = [f"Transcript {transcript.id}"]
    if local_name:
        lines.append(f"File       {visible(local_name, single_line=True)}")
    lines += [
        f"Audio      {visible(transcript.audio_url, single_line=True)}",
        f"Duration   {duration(transcript.audio_duration)}",
    ]
    if transcript.language_code:
        lines.append(f"Language   {visible(transcript.language_code, single_line=True)}")
    lines.append("")
    if transcript.utterances:
        for turn in transcript.utterances:
            speaker = visible(turn.speaker or "?", single_line=True)
            lines.append(f"[{clock(turn.start)}] Speaker {speaker}")
            lines.append(_wrapped(turn.text))
            lines.append("")
    elif transcript.text:
        lines.append(_wrapped(transcript.text))
    else:
        lines.append(f"(no text: the transcript is {transcript.status})")
    return "\n".join(lines).rstrip("\n") + "\n"


def _wrapped(text: str) -> str:
    return "\n".join(
        textwrap.fill(part, WRAP, break_long_words=False, break_on_hyphens=False)
        for part in visible(text).split("\n")
    )


class NoProgram(Exception):
    """The pager or editor named cannot be run: one line for the user."""


def program(kind: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """The command for ``pager`` ($PAGER, else less, else more) or ``editor`` ($VISUAL,
    $EDITOR, else vi, else nano), split as a shell would."""
    env = os.environ if environ is None else environ
    if kind == "pager":
        named, fallbacks = env.get("PAGER", ""), ("less", "more")
    else:
        named, fallbacks = env.get("VISUAL") or env.get("EDITOR", ""), ("vi", "nano")
    try:
        words = shlex.split(named) if named.strip() else []
    except ValueError:
        raise NoProgram(f"cannot read the {kind} command {named!r}") from None
    if words:
        if shutil.which(words[0]) is None:
            raise NoProgram(f"the {kind} {words[0]!r} was not found")
        return words
    for fallback in fallbacks:
        if shutil.which(fallback):
            return [fallback]
    variable = "PAGER" if kind == "pager" else "EDITOR"
    raise NoProgram(f"no {kind} found: set ${variable}")


def keep_edits(copy: Path, given: str, folder: Path, stem: str) -> Path | None:
    """The editor's copy, when the user changed it: kept in ``folder`` as
    ``<stem>.edited.txt`` (``-2``, ``-3`` … beside an earlier one), its path returned;
    None when it is as it was given (or gone). The transcript itself is never changed:
    the API has no way to, and a fix typed in the editor was lost with the copy."""
    try:
        now = copy.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if now == given:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.edited.txt"
    number = 2
    while target.exists():
        target = folder / f"{stem}.edited-{number}.txt"
        number += 1
    shutil.copyfile(copy, target)
    return target
