"""A local SQLite record of every submission, written before anything is sent.

A submission moves ``recorded → uploaded → creating → created`` (or ``failed`` /
``discarded``). Anything short of ``created`` after a crash is still here on the
next start, with what is needed to finish it: the local path, the upload URL and
the full request parameters. ``creating`` means the POST may have reached the
server, so finishing it starts by looking for the job rather than sending again.

WAL mode and short transactions make two aai-tui processes safe together.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from aai_tui.paths import create_private_file, journal_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id      TEXT,
    local_path    TEXT,
    size          INTEGER,
    source_url    TEXT,
    upload_url    TEXT,
    params        TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    transcript_id TEXT,
    state         TEXT NOT NULL,
    error         TEXT,
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_transcript ON submissions (transcript_id);
CREATE INDEX IF NOT EXISTS submissions_state ON submissions (state);
CREATE INDEX IF NOT EXISTS submissions_batch ON submissions (batch_id);
CREATE TABLE IF NOT EXISTS preferences (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class SubmissionState(StrEnum):
    RECORDED = "recorded"  # nothing sent yet
    UPLOADED = "uploaded"  # the file is on the server; no job yet
    CREATING = "creating"  # POST /v2/transcript sent: the job may exist
    CREATED = "created"  # the server answered with a transcript id
    FAILED = "failed"  # refused before a job existed (the error says why)
    DISCARDED = "discarded"  # the user gave it up

    @property
    def unfinished(self) -> bool:
        return self in (
            SubmissionState.RECORDED,
            SubmissionState.UPLOADED,
            SubmissionState.CREATING,
        )


@dataclass(frozen=True)
class Submission:
    id: int
    batch_id: str | None
    local_path: str | None
    size: int | None
    source_url: str | None
    upload_url: str | None
    params: dict[str, Any]
    endpoint: str
    transcript_id: str | None
    state: SubmissionState
    error: str | None
    created_at: float
    updated_at: float

    @property
    def audio_url(self) -> str | None:
        return self.upload_url or self.source_url

    @property
    def display_name(self) -> str:
        if self.local_path:
            return Path(self.local_path).name
        return self.source_url or "?"


def new_batch_id() -> str:
    return uuid.uuid4().hex[:12]


class Journal:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or journal_file()
        create_private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=10, check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        for suffix in ("-wal", "-shm"):
            sidecar = Path(f"{self.path}{suffix}")
            if sidecar.exists():
                os.chmod(sidecar, 0o600)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ------------------------------------------------------------ writing

    def record(
        self,
        *,
        params: Mapping[str, Any],
        endpoint: str,
        local_path: Path | None = None,
        size: int | None = None,
        source_url: str | None = None,
        batch_id: str | None = None,
    ) -> Submission:
        """Write down a submission before a single byte of it is sent."""
        now = time.time()
        stored = {k: v for k, v in params.items() if k != "audio_url"}
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO submissions (batch_id, local_path, size, source_url, params, "
                "endpoint, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    batch_id,
                    str(local_path) if local_path else None,
                    size,
                    source_url,
                    json.dumps(stored, sort_keys=True),
                    endpoint,
                    SubmissionState.RECORDED.value,
                    now,
                    now,
                ),
            )
            row_id = cursor.lastrowid
        return self.get(int(row_id or 0))

    def _update(self, submission_id: int, **fields: Any) -> Submission:
        fields["updated_at"] = time.time()
        assignments = ", ".join(f"{name} = ?" for name in fields)
        values = [v.value if isinstance(v, StrEnum) else v for v in fields.values()]
        with self._transaction() as db:
            db.execute(
                f"UPDATE submissions SET {assignments} WHERE id = ?", (*values, submission_id)
            )
        return self.get(submission_id)

    def mark_uploaded(self, submission_id: int, upload_url: str) -> Submission:
        return self._update(
            submission_id, upload_url=upload_url, state=SubmissionState.UPLOADED, error=None
        )

    def mark_creating(self, submission_id: int) -> Submission:
        return self._update(submission_id, state=SubmissionState.CREATING)

    def mark_created(self, submission_id: int, transcript_id: str) -> Submission:
        return self._update(
            submission_id, transcript_id=transcript_id, state=SubmissionState.CREATED, error=None
        )

    def mark_failed(self, submission_id: int, error: str) -> Submission:
        return self._update(submission_id, state=SubmissionState.FAILED, error=error)

    def mark_discarded(self, submission_id: int) -> Submission:
        return self._update(submission_id, state=SubmissionState.DISCARDED)

    def step_back(self, submission_id: int, state: SubmissionState, error: str) -> Submission:
        """Return to an earlier state when a step provably did not happen."""
        return self._update(submission_id, state=state, error=error)

    def note_error(self, submission_id: int, error: str) -> Submission:
        """Keep the state, remember the last error (an unfinished step to retry)."""
        return self._update(submission_id, error=error)

    def remember(self, key: str, value: Any) -> None:
        """Keep a small JSON value across runs (the last-used submit options)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, sort_keys=True)),
            )

    def recall(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM preferences WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    # ------------------------------------------------------------ reading

    def _from_row(self, row: sqlite3.Row) -> Submission:
        return Submission(
            id=row["id"],
            batch_id=row["batch_id"],
            local_path=row["local_path"],
            size=row["size"],
            source_url=row["source_url"],
            upload_url=row["upload_url"],
            params=json.loads(row["params"]),
            endpoint=row["endpoint"],
            transcript_id=row["transcript_id"],
            state=SubmissionState(row["state"]),
            error=row["error"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Submission]:
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [self._from_row(row) for row in rows]

    def get(self, submission_id: int) -> Submission:
        found = self._query("SELECT * FROM submissions WHERE id = ?", (submission_id,))
        if not found:
            raise KeyError(submission_id)
        return found[0]

    def by_transcript(self, transcript_id: str) -> Submission | None:
        found = self._query(
            "SELECT * FROM submissions WHERE transcript_id = ? ORDER BY id DESC LIMIT 1",
            (transcript_id,),
        )
        return found[0] if found else None

    def unfinished(self, endpoint: str | None = None) -> list[Submission]:
        states = tuple(s.value for s in SubmissionState if s.unfinished)
        sql = f"SELECT * FROM submissions WHERE state IN ({', '.join('?' * len(states))})"
        args: tuple[Any, ...] = states
        if endpoint is not None:
            sql += " AND endpoint = ?"
            args += (endpoint,)
        return self._query(sql + " ORDER BY id", args)

    def batch(self, batch_id: str) -> list[Submission]:
        return self._query("SELECT * FROM submissions WHERE batch_id = ? ORDER BY id", (batch_id,))

    def all(self) -> list[Submission]:
        return self._query("SELECT * FROM submissions ORDER BY id")

    def transcript_ids_with_prefix(self, prefix: str) -> list[str]:
        """Transcript ids this journal knows that start with ``prefix`` (hex and dashes)."""
        if not prefix or any(c not in "0123456789abcdef-" for c in prefix.lower()):
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT transcript_id FROM submissions "
                "WHERE transcript_id >= ? AND transcript_id < ? ORDER BY transcript_id",
                (prefix.lower(), prefix.lower() + "\uffff"),
            ).fetchall()
        return [row[0] for row in rows]

    def local_names_for(self, transcript_ids: list[str]) -> dict[str, str]:
        """Local file names of these transcripts only (the rows shown): an indexed
        lookup whose cost does not grow with the journal's history."""
        names: dict[str, str] = {}
        for start in range(0, len(transcript_ids), 500):
            chunk = transcript_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    "SELECT transcript_id, local_path FROM submissions "
                    f"WHERE transcript_id IN ({marks}) AND local_path IS NOT NULL ORDER BY id",
                    tuple(chunk),
                ).fetchall()
            names.update({row[0]: Path(row[1]).name for row in rows})
        return names

    def local_names(self) -> dict[str, str]:
        """Transcript id → local file name, for the list's audio column."""
        with self._lock:
            rows = self._db.execute(
                "SELECT transcript_id, local_path FROM submissions "
                "WHERE transcript_id IS NOT NULL AND local_path IS NOT NULL ORDER BY id"
            ).fetchall()
        return {row[0]: Path(row[1]).name for row in rows}
