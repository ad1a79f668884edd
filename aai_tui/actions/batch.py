"""Planning a submission before anything is sent: what will go, and what will not.

What the user typed is expanded once (URLs, files, folders, globs) and every file
is probed once, by its content. Files that cannot be sent are listed together with
their reasons while the good ones go on; the plan is what the confirmation shows
and exactly what the submission sends.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aai_tui.actions.inputs import (
    MEDIA_SUFFIXES,
    Cancelled,
    InputError,
    expand_sources,
    inspect_local_file,
    real_path,
)

if TYPE_CHECKING:
    from aai_tui.journal import Submission

#: Files probed at once while planning a batch.
PROBE_THREADS = 8


@dataclass(frozen=True, slots=True)
class PlannedSource:
    source: str | Path
    size: int | None = None  # bytes, for a local file
    duration: float = 0.0  # seconds of audio, when probing found it


@dataclass(frozen=True, slots=True)
class Rejected:
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class BatchPlan:
    sources: tuple[PlannedSource, ...]
    rejected: tuple[Rejected, ...] = ()
    #: What a folder held that is not read: other files by name, and folders inside
    #: (one level is read). Named, so that nothing is left out silently; never sent.
    skipped: tuple[Rejected, ...] = ()

    @property
    def audio_seconds(self) -> float:
        return sum(item.duration for item in self.sources)

    @property
    def total_bytes(self) -> int:
        return sum(item.size or 0 for item in self.sources)

    @property
    def paths(self) -> list[str | Path]:
        return [item.source for item in self.sources]

    @property
    def batch_sources(self) -> list[str | Path]:
        """What the batch records, in the dashboard and the shell alike: the files to
        send, then those that cannot be sent, which the journal keeps as failed with
        their reason, so the batch names them (B, ``aai-tui batches``)."""
        return [
            *self.paths,
            *(r.source if "://" in r.source else Path(r.source) for r in self.rejected),
        ]

    @property
    def checked(self) -> dict[Path, PlannedSource]:
        """The local files this plan already probed: recording the batch need not
        read them again, and their durations go to the journal."""
        return {
            item.source: item
            for item in self.sources
            if isinstance(item.source, Path) and item.size is not None
        }


def plan_batch(entries: Sequence[str], *, cancel: threading.Event | None = None) -> BatchPlan:
    """Expand and check ``entries``. Raises InputError only when nothing can be sent.

    Slow for big folders (it reads every file's header): run it off the UI loop, with
    ``cancel`` to stop it.
    """
    expanded = expand_sources(entries, cancel=cancel)
    unique: list[str | Path] = []
    seen: set[str] = set()
    for source in expanded:
        key = str(real_path(source)) if isinstance(source, Path) else source
        if key not in seen:
            seen.add(key)
            unique.append(source)

    def probe(source: str | Path) -> PlannedSource | Rejected:
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        if not isinstance(source, Path):
            return PlannedSource(source)
        try:
            size, info = inspect_local_file(source)
        except InputError as error:
            return Rejected(str(source), _reason(str(error), source))
        return PlannedSource(source, size, info.duration)

    # Probing reads each file's header: a few threads overlap the waits on the disk.
    with ThreadPoolExecutor(max_workers=PROBE_THREADS) as pool:
        probed = list(pool.map(probe, unique))
    sources = [item for item in probed if isinstance(item, PlannedSource)]
    rejected = [item for item in probed if isinstance(item, Rejected)]
    if not sources:
        if len(rejected) == 1:
            raise InputError(f"{rejected[0].source}: {rejected[0].reason}")
        raise InputError(
            f"none of the {len(rejected)} files can be sent; first: "
            f"{rejected[0].source}: {rejected[0].reason}"
        )
    return BatchPlan(tuple(sources), tuple(rejected), tuple(_skipped_in_folders(entries)))


#: Entries of a folder named as not read, at most (a count says the rest).
MAX_SKIPPED_NAMED = 200


def _skipped_in_folders(entries: Sequence[str]) -> list[Rejected]:
    skipped: list[Rejected] = []
    for entry in entries:
        folder = Path(entry.strip()).expanduser()
        if "://" in entry or not folder.is_dir():
            continue
        try:
            children = sorted(folder.iterdir())
        except OSError:
            continue
        for child in children:
            if len(skipped) >= MAX_SKIPPED_NAMED:
                return skipped
            if child.is_dir():
                skipped.append(Rejected(str(child), "a folder inside: one level is read"))
            elif child.suffix.lower() not in MEDIA_SUFFIXES:
                skipped.append(Rejected(str(child), "not an audio or video file name"))
    return skipped


def _reason(message: str, path: Path) -> str:
    """The reason without the path in front (the plan shows the path beside it)."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def sent_before_lines(found: Mapping[str, Submission], shown: int = 5) -> list[str]:
    """What a confirmation says of files that made jobs before (``Journal.sent_before``):
    one line, then up to ``shown`` of them with the job each made. Empty when none."""
    if not found:
        return []
    subs = sorted(found.values(), key=lambda sub: sub.id, reverse=True)
    lines = [
        f"Sent before: {len(subs)} of these files made "
        f"{'a job' if len(subs) == 1 else 'jobs'} already (this journal): sent again, "
        f"{'it makes' if len(subs) == 1 else 'each makes'} another paid job for the same audio."
    ]
    for sub in subs[:shown]:
        where = f", batch {sub.batch_id}" if sub.batch_id else ""
        lines.append(f"  {sub.display_name} → {(sub.transcript_id or '')[:8]}{where}")
    if len(subs) > shown:
        lines.append(f"  … and {len(subs) - shown} more")
    return lines
