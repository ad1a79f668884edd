"""A local SQLite record of every submission, written before anything is sent.

A submission moves ``recorded → uploaded → creating → created`` (or ``failed`` /
``discarded``, or ``ambiguous`` when two jobs on the server could be its own and
only the user can say which). Anything short of ``created`` after a crash is still
here on the next start, with what is needed to finish it: the local path, the
upload URL and the full request parameters. ``creating`` means the POST may have
reached the server, so finishing it starts by looking for the job rather than
sending again.

A batch is written whole, in one transaction, before its first byte is sent.

Every open submission is owned by one process: a lease (owner, expiry) renewed
while that process lives. Another process takes it over only once the lease has
lapsed or its owner (on this machine) is gone; the step that may create a job
(``mark_creating``) checks the lease in the same transaction, so a process that
lost its lease can never send a create. WAL mode and short transactions make
several aai-tui processes safe together.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
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
CREATE INDEX IF NOT EXISTS submissions_local_path ON submissions (local_path);
CREATE INDEX IF NOT EXISTS submissions_source_url ON submissions (source_url);
CREATE TABLE IF NOT EXISTS batches (
    batch_id   TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    total      INTEGER NOT NULL,
    owner      TEXT
);
CREATE TABLE IF NOT EXISTS preferences (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

#: Longest a journal's set-up waits for another process holding it.
SET_UP_SECONDS = 5.0
#: Longest any later statement waits for the lock (sqlite3's ``timeout``).
BUSY_TIMEOUT_SECONDS = 10.0

#: Columns added after the first release, added in place to older journals.
ADDED_COLUMNS = {
    "owner": "TEXT",  # the process that works on it: host:pid:token
    "lease_until": "REAL",  # that process's claim lapses at this time
    "sent_at": "REAL",  # when the first create request was sent (local clock)
    "candidates": "TEXT",  # JSON list of transcript ids, for an ambiguous match
    "duration": "REAL",  # seconds of audio, when the plan probed it: for ETAs
    # the server's clock when the first create was sent, as last measured before it:
    # a lower bound that holds whatever that clock does afterwards
    "sent_server_at": "REAL",
    # the transcript this submission sends again (a resubmission): never twice by mistake
    "resubmit_of": "TEXT",
}

#: How long a lease lasts without renewal; a live process renews it every third.
LEASE_SECONDS = 60.0


class LeaseLost(Exception):
    """Another process took this submission over: this one must not send anything."""


class AlreadyClaimed(Exception):
    """The transcript is already another submission's."""


def _host() -> str:
    return socket.gethostname() or "localhost"


def new_owner_token() -> str:
    """host:pid:random, unique to one Journal object (two in one process differ)."""
    return f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    """Whether a process runs: a killed one waiting to be reaped (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): the signal said it exists
    return state not in (b"Z", b"X")


def owner_pid(owner: str | None) -> int | None:
    if not owner:
        return None
    parts = owner.rsplit(":", 2)
    try:
        return int(parts[-2]) if len(parts) == 3 else None
    except ValueError:
        return None


def owner_alive(owner: str | None, lease_until: float | None, now: float) -> bool:
    """Whether a lease still holds: not lapsed, and its process (when on this machine)
    still running. A process killed with -9 frees its submissions at once."""
    if not owner or lease_until is None or lease_until < now:
        return False
    host = owner.rsplit(":", 2)[0]
    pid = owner_pid(owner)
    if host == _host() and pid is not None and pid != os.getpid():
        return _pid_alive(pid)
    return True


class SubmissionState(StrEnum):
    RECORDED = "recorded"  # nothing sent yet
    UPLOADED = "uploaded"  # the file is on the server; no job yet
    CREATING = "creating"  # POST /v2/transcript sent: the job may exist
    CREATED = "created"  # the server answered with a transcript id
    FAILED = "failed"  # refused before a job existed (the error says why)
    DISCARDED = "discarded"  # the user gave it up
    AMBIGUOUS = "ambiguous"  # two jobs could be its own: the user says which

    @property
    def unfinished(self) -> bool:
        return self in (
            SubmissionState.RECORDED,
            SubmissionState.UPLOADED,
            SubmissionState.CREATING,
        )

    @property
    def open(self) -> bool:
        """Still in the journal's list of work: unfinished, or waiting for the user."""
        return self.unfinished or self is SubmissionState.AMBIGUOUS


OPEN_STATES = tuple(s.value for s in SubmissionState if s.open)


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
    owner: str | None = None
    lease_until: float | None = None
    sent_at: float | None = None
    candidates: tuple[str, ...] = ()
    duration: float | None = None  # seconds of audio, when the plan probed it
    sent_server_at: float | None = None  # the server's clock at the first send, at least
    resubmit_of: str | None = None  # the transcript this one sends again

    def held_elsewhere(self, me: str, now: float | None = None) -> bool:
        """Owned by another live aai-tui: leave it alone."""
        if self.owner is None or self.owner == me or not self.state.open:
            return False
        return owner_alive(self.owner, self.lease_until, time.time() if now is None else now)

    @property
    def owner_pid(self) -> int | None:
        return owner_pid(self.owner)

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


@dataclass(frozen=True, slots=True)
class BatchEntry:
    """One source of a batch as it is written down: ``failure`` when it cannot be sent."""

    local_path: Path | None = None
    size: int | None = None
    source_url: str | None = None
    failure: str | None = None
    duration: float | None = None  # seconds of audio, when probed


@dataclass(frozen=True, slots=True)
class BatchSummary:
    batch_id: str
    created_at: float
    submissions: tuple[Submission, ...]

    def count(self, *states: SubmissionState) -> int:
        return sum(1 for s in self.submissions if s.state in states)

    @property
    def left(self) -> tuple[Submission, ...]:
        return tuple(s for s in self.submissions if s.state.open)


class Journal:
    def __init__(
        self,
        path: Path | None = None,
        *,
        owner: str | None = None,
        clock: Any = time.time,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        """``clock``: wall time, for every time written (leases, when a submission was
        recorded, sent, updated), so a test can fix them all."""
        self.path = path or journal_file()
        self.owner = owner or new_owner_token()
        self._clock = clock
        self.lease_seconds = lease_seconds
        create_private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._set_up()
        self._keeper: threading.Thread | None = None
        self._keeper_stop = threading.Event()
        for suffix in ("-wal", "-shm"):
            sidecar = Path(f"{self.path}{suffix}")
            if sidecar.exists():
                os.chmod(sidecar, 0o600)

    def _set_up(self) -> None:
        """WAL, the tables, and the columns added since the first release, in one write
        transaction: processes opening a new journal at once (the dashboard and a
        script) must not both add the same column."""
        # Bounded: a journal another program keeps locked is one clear error in
        # seconds, never a hang (each wait below is short, the whole set-up ~5 s).
        deadline = time.monotonic() + SET_UP_SECONDS
        self._db.execute("PRAGMA busy_timeout = 200")
        while True:
            try:  # switching to WAL may not wait on a busy database: ask again
                self._db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(f"PRAGMA busy_timeout = {int(SET_UP_SECONDS * 1000)}")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        try:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            present = {row[1] for row in self._db.execute("PRAGMA table_info(submissions)")}
            for column, kind in ADDED_COLUMNS.items():
                if column not in present:
                    self._db.execute(f"ALTER TABLE submissions ADD COLUMN {column} {kind}")
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS submissions_resubmit ON submissions (resubmit_of)"
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Stop, giving up this process's leases: whatever it leaves open is free
        for the next aai-tui at once."""
        self.stop_renewing()
        try:
            with self._transaction() as db:
                db.execute(
                    "UPDATE submissions SET lease_until = NULL WHERE owner = ?", (self.owner,)
                )
        except sqlite3.Error:
            pass  # closed already, or locked: the lease lapses by itself
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ leases

    def start_renewing(self) -> None:
        """Renew this process's leases from a thread every third of their life, so
        they hold while the process lives whatever its event loop is doing."""
        if self._keeper is not None:
            return
        self._keeper_stop.clear()

        def keep() -> None:
            while not self._keeper_stop.wait(self.lease_seconds / 3):
                try:
                    self.renew()
                except sqlite3.Error:
                    continue  # busy or closed: the next round tries again

        self._keeper = threading.Thread(target=keep, name="aai-journal-lease", daemon=True)
        self._keeper.start()

    def stop_renewing(self) -> None:
        if self._keeper is not None:
            self._keeper_stop.set()
            self._keeper.join(timeout=2)
            self._keeper = None

    def renew(self) -> int:
        """Extend every lease this process holds on open work; how many."""
        marks = ", ".join("?" * len(OPEN_STATES))
        with self._transaction() as db:
            cursor = db.execute(
                f"UPDATE submissions SET lease_until = ? WHERE owner = ? AND state IN ({marks})",
                (self._clock() + self.lease_seconds, self.owner, *OPEN_STATES),
            )
        return cursor.rowcount

    def claim(self, submission_ids: list[int]) -> list[Submission]:
        """Take the lease of each open submission no live process holds; the ones taken."""
        now = self._clock()
        taken: list[int] = []
        with self._transaction() as db:
            for submission_id in submission_ids:
                row = db.execute(
                    "SELECT state, owner, lease_until FROM submissions WHERE id = ?",
                    (submission_id,),
                ).fetchone()
                if row is None or row["state"] not in OPEN_STATES:
                    continue
                if row["owner"] not in (None, self.owner) and owner_alive(
                    row["owner"], row["lease_until"], now
                ):
                    continue
                db.execute(
                    "UPDATE submissions SET owner = ?, lease_until = ? WHERE id = ?",
                    (self.owner, now + self.lease_seconds, submission_id),
                )
                taken.append(submission_id)
        return [self.get(i) for i in taken]

    def release(self, submission_ids: list[int]) -> None:
        """Give up this process's leases (it stopped working on them)."""
        with self._transaction() as db:
            for submission_id in submission_ids:
                db.execute(
                    "UPDATE submissions SET lease_until = NULL WHERE id = ? AND owner = ?",
                    (submission_id, self.owner),
                )

    def _check_lease(self, db: sqlite3.Connection, submission_id: int) -> None:
        """This process may act on the row: it owns it (taking over is :meth:`claim`'s
        alone) and the row is still open. Anything else means another process took it
        over, or finished it, while this one was not looking."""
        row = db.execute(
            "SELECT owner, state FROM submissions WHERE id = ?", (submission_id,)
        ).fetchone()
        if row is None:
            raise KeyError(submission_id)
        if row["owner"] not in (None, self.owner):
            raise LeaseLost(f"submission {submission_id} was taken over by another aai-tui")
        if row["state"] not in OPEN_STATES:
            raise LeaseLost(f"submission {submission_id} is {row['state']} already")

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
        resubmit_of: str | None = None,
    ) -> Submission:
        """Write down a submission before a single byte of it is sent. ``resubmit_of``:
        the transcript it sends again, so that it is not sent again by mistake."""
        now = self._clock()
        stored = {k: v for k, v in params.items() if k != "audio_url"}
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO submissions (batch_id, local_path, size, source_url, params, "
                "endpoint, state, created_at, updated_at, owner, lease_until, resubmit_of) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    self.owner,
                    self._clock() + self.lease_seconds,
                    resubmit_of,
                ),
            )
            row_id = cursor.lastrowid
        return self.get(int(row_id or 0))

    def record_batch(
        self,
        entries: list[BatchEntry],
        *,
        params: Mapping[str, Any],
        endpoint: str,
        batch_id: str,
    ) -> list[Submission]:
        """Write a whole batch in one transaction, owned by this process: a crash
        before the first byte leaves every file of it here, never a part."""
        now = self._clock()
        lease = self._clock() + self.lease_seconds
        stored = json.dumps({k: v for k, v in params.items() if k != "audio_url"}, sort_keys=True)
        ids: list[int] = []
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO batches (batch_id, created_at, total, owner) "
                "VALUES (?, ?, ?, ?)",
                (batch_id, now, len(entries), self.owner),
            )
            for entry in entries:
                state = SubmissionState.FAILED if entry.failure else SubmissionState.RECORDED
                cursor = db.execute(
                    "INSERT INTO submissions (batch_id, local_path, size, source_url, params, "
                    "endpoint, state, error, created_at, updated_at, owner, lease_until, "
                    "duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        batch_id,
                        str(entry.local_path) if entry.local_path else None,
                        entry.size,
                        entry.source_url,
                        stored,
                        endpoint,
                        state.value,
                        entry.failure,
                        now,
                        now,
                        self.owner,
                        lease,
                        entry.duration,
                    ),
                )
                ids.append(int(cursor.lastrowid or 0))
        return (
            self._query(
                f"SELECT * FROM submissions WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id",
                tuple(ids),
            )
            if ids
            else []
        )

    def _update(self, submission_id: int, *, leased: bool = False, **fields: Any) -> Submission:
        """Change a row; ``leased``: only while no other live process holds it (and
        this one takes, or keeps, its lease)."""
        fields["updated_at"] = self._clock()
        if leased:
            fields["owner"] = self.owner
            fields["lease_until"] = self._clock() + self.lease_seconds
        assignments = ", ".join(f"{name} = ?" for name in fields)
        values = [v.value if isinstance(v, StrEnum) else v for v in fields.values()]
        with self._transaction() as db:
            if leased:
                self._check_lease(db, submission_id)
            db.execute(
                f"UPDATE submissions SET {assignments} WHERE id = ?", (*values, submission_id)
            )
        return self.get(submission_id)

    def mark_uploaded(self, submission_id: int, upload_url: str) -> Submission:
        return self._update(
            submission_id,
            leased=True,
            upload_url=upload_url,
            state=SubmissionState.UPLOADED,
            error=None,
        )

    def mark_creating(
        self, submission_id: int, *, server_offset: float | None = None
    ) -> Submission:
        """The last step before a create is sent: raises LeaseLost when another live
        process owns the submission, so only one process ever sends its create.
        ``server_offset``: the server's clock minus this one, as measured before the send
        (kept with the first send: a job found later must be no older than that)."""
        now = self._clock()
        server_now = now + server_offset if server_offset is not None else None
        with self._transaction() as db:
            self._check_lease(db, submission_id)
            db.execute(
                "UPDATE submissions SET state = ?, sent_at = COALESCE(sent_at, ?), "
                "sent_server_at = CASE WHEN sent_at IS NULL THEN ? ELSE sent_server_at END, "
                "owner = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                (
                    SubmissionState.CREATING.value,
                    now,
                    server_now,
                    self.owner,
                    self._clock() + self.lease_seconds,
                    now,
                    submission_id,
                ),
            )
        return self.get(submission_id)

    def mark_created(
        self, submission_id: int, transcript_id: str, *, found: bool = False
    ) -> Submission:
        """Record the job. ``found`` (matched on the server, not answered): refused with
        AlreadyClaimed when another submission holds that job. A direct answer is the
        server's word: a submission that had matched the same job by search goes back
        to ``creating`` and is looked for again."""
        now = self._clock()
        with self._transaction() as db:
            others = db.execute(
                "SELECT id FROM submissions WHERE transcript_id = ? AND id != ?",
                (transcript_id, submission_id),
            ).fetchall()
            if others and found:
                raise AlreadyClaimed(f"{transcript_id} is already submission {others[0]['id']}'s")
            for other in others:
                db.execute(
                    "UPDATE submissions SET transcript_id = NULL, state = ?, error = ?, "
                    "updated_at = ? WHERE id = ?",
                    (
                        SubmissionState.CREATING.value,
                        f"the job it was matched with is submission {submission_id}'s",
                        now,
                        other["id"],
                    ),
                )
            db.execute(
                "UPDATE submissions SET transcript_id = ?, state = ?, error = NULL, "
                "candidates = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
                (transcript_id, SubmissionState.CREATED.value, now, submission_id),
            )
        return self.get(submission_id)

    def mark_ambiguous(self, submission_id: int, candidates: list[str], why: str) -> Submission:
        """Two or more jobs could be this submission's: keep them all and ask."""
        return self._update(
            submission_id,
            state=SubmissionState.AMBIGUOUS,
            candidates=json.dumps(candidates),
            error=why,
        )

    def assign(self, submission_id: int, transcript_id: str) -> Submission:
        """The user's answer to an ambiguous match (or any open submission)."""
        submission = self.get(submission_id)
        if not submission.state.open:
            raise ValueError(f"submission {submission_id} is {submission.state.value}")
        return self.mark_created(submission_id, transcript_id, found=True)

    def mark_failed(self, submission_id: int, error: str) -> Submission:
        return self._update(submission_id, state=SubmissionState.FAILED, error=error)

    def discard(self, submission_ids: list[int]) -> list[Submission]:
        """Give up these open submissions, save those another live process owns."""
        return [self.mark_discarded(sub.id) for sub in self.claim(submission_ids)]

    def mark_discarded(self, submission_id: int) -> Submission:
        return self._update(submission_id, leased=True, state=SubmissionState.DISCARDED)

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
            owner=row["owner"],
            lease_until=row["lease_until"],
            sent_at=row["sent_at"],
            candidates=tuple(json.loads(row["candidates"])) if row["candidates"] else (),
            duration=row["duration"],
            sent_server_at=row["sent_server_at"],
            resubmit_of=row["resubmit_of"],
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
        """Open work: unfinished submissions and ambiguous matches, whoever owns them."""
        states = OPEN_STATES
        sql = f"SELECT * FROM submissions WHERE state IN ({', '.join('?' * len(states))})"
        args: tuple[Any, ...] = states
        if endpoint is not None:
            sql += " AND endpoint = ?"
            args += (endpoint,)
        return self._query(sql + " ORDER BY id", args)

    def claimed_by_others(self, transcript_ids: list[str], submission_id: int) -> set[str]:
        """Which of these jobs another submission already holds."""
        if not transcript_ids:
            return set()
        marks = ", ".join("?" * len(transcript_ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT transcript_id FROM submissions WHERE transcript_id IN ({marks}) "
                "AND id != ?",
                (*transcript_ids, submission_id),
            ).fetchall()
        return {row[0] for row in rows}

    def batch(self, batch_id: str) -> list[Submission]:
        return self._query("SELECT * FROM submissions WHERE batch_id = ? ORDER BY id", (batch_id,))

    def batch_ids_starting(self, prefix: str, limit: int = 5) -> list[str]:
        """The batch ids that start with ``prefix`` (at most ``limit``), as ``:`` finds
        a batch by the first characters of its id."""
        escaped = _like_escaped(prefix.strip())
        if not escaped:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT batch_id FROM submissions WHERE batch_id LIKE ? ESCAPE '\\' "
                "ORDER BY batch_id LIMIT ?",
                (f"{escaped}%", limit),
            ).fetchall()
        return [row[0] for row in rows]

    def batches(
        self, *, endpoint: str | None = None, open_only: bool = False, limit: int = 50
    ) -> list[BatchSummary]:
        """The newest batches with their submissions; ``open_only``: those with work left."""
        sql = (
            "SELECT batch_id, MIN(created_at) AS started FROM submissions "
            "WHERE batch_id IS NOT NULL"
        )
        args: tuple[Any, ...] = ()
        if endpoint is not None:
            sql += " AND endpoint = ?"
            args += (endpoint,)
        if open_only:
            marks = ", ".join("?" * len(OPEN_STATES))
            sql += f" AND batch_id IN (SELECT batch_id FROM submissions WHERE state IN ({marks}))"
            args += OPEN_STATES
        sql += " GROUP BY batch_id ORDER BY started DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*args, limit)).fetchall()
        return [BatchSummary(row[0], row[1], tuple(self.batch(row[0]))) for row in rows]

    def batches_elsewhere(self, endpoint: str) -> int:
        """How many batches went to other endpoints: an empty batch view for this one
        must not read as an empty journal."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(DISTINCT batch_id) FROM submissions "
                "WHERE batch_id IS NOT NULL AND endpoint != ?",
                (endpoint,),
            ).fetchone()
        return int(row[0] or 0)

    def all_of(self, submission_ids: list[int]) -> list[Submission]:
        found: list[Submission] = []
        for start in range(0, len(submission_ids), 500):
            chunk = tuple(submission_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            found += self._query(f"SELECT * FROM submissions WHERE id IN ({marks})", chunk)
        return sorted(found, key=lambda s: s.id)

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

    def search(
        self, text: str, limit: int = 50, *, endpoint: str | None = None
    ) -> list[Submission]:
        """Submissions whose local file or folder holds ``text``, whose batch id starts
        with it, or whose transcript id does: newest first, those never created too (a
        refused file is found, with why). The API cannot search by any of these; the
        journal can."""
        needle = text.strip()
        if not needle:
            return []
        escaped = _like_escaped(needle)
        # ``endpoint``: those sent there only (a job of another endpoint is not there).
        where = " AND endpoint = ?" if endpoint is not None else ""
        return self._query(
            "SELECT * FROM submissions WHERE ("
            "local_path LIKE ? ESCAPE '\\' OR source_url LIKE ? ESCAPE '\\' "
            f"OR batch_id LIKE ? ESCAPE '\\' OR transcript_id LIKE ? ESCAPE '\\'){where} "
            "ORDER BY id DESC LIMIT ?",
            (
                f"%{escaped}%",
                f"%{escaped}%",
                f"{escaped}%",
                f"{escaped.lower()}%",
                *((endpoint,) if endpoint is not None else ()),
                limit,
            ),
        )

    def sent_before(self, sources: Sequence[str | Path], *, endpoint: str) -> dict[str, Submission]:
        """The newest submission to ``endpoint`` of each of these files or URLs that
        made a job: sending one again makes another paid job for the same audio."""
        wanted = [str(source) for source in sources]
        found: dict[str, Submission] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            marks = ", ".join("?" * len(chunk))
            for sub in self._query(
                "SELECT * FROM submissions WHERE transcript_id IS NOT NULL AND endpoint = ? "
                f"AND (local_path IN ({marks}) OR source_url IN ({marks})) ORDER BY id",
                (endpoint, *chunk, *chunk),
            ):
                found[sub.local_path or sub.source_url or ""] = sub  # the newest stays
        return found

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

    def resubmissions_of(self, transcript_ids: list[str]) -> dict[str, Submission]:
        """The newest resubmission of each of these transcripts that created a job or
        may still: a failed or dropped one does not count (nothing was made)."""
        found: dict[str, Submission] = {}
        gone = (SubmissionState.FAILED.value, SubmissionState.DISCARDED.value)
        for start in range(0, len(transcript_ids), 500):
            chunk = transcript_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for sub in self._query(
                f"SELECT * FROM submissions WHERE resubmit_of IN ({marks}) "
                "AND state NOT IN (?, ?) ORDER BY id",
                (*chunk, *gone),
            ):
                if sub.resubmit_of is not None:
                    found[sub.resubmit_of] = sub
        return found

    def sent_at_for(self, transcript_id: str, endpoint: str | None = None) -> float | None:
        """When this journal first sent the job (on the server's clock when it was
        measured, else this machine's): close to the Created time of a job the list does
        not show, which only list rows carry. ``endpoint``: sent there only (a job of
        another endpoint was not sent "from here" to this one)."""
        sql = (
            "SELECT MIN(COALESCE(sent_server_at, sent_at)) FROM submissions WHERE transcript_id = ?"
        )
        args: tuple[Any, ...] = (transcript_id,)
        if endpoint is not None:
            sql += " AND endpoint = ?"
            args += (endpoint,)
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return row[0] if row and row[0] is not None else None

    def durations_for(self, transcript_ids: list[str]) -> dict[str, float]:
        """Seconds of audio of these transcripts, where the journal knows them: the
        tracker looks more often near each job's expected end."""
        found: dict[str, float] = {}
        for start in range(0, len(transcript_ids), 500):
            chunk = transcript_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    "SELECT transcript_id, duration FROM submissions "
                    f"WHERE transcript_id IN ({marks}) AND duration > 0",
                    tuple(chunk),
                ).fetchall()
            found.update({row[0]: float(row[1]) for row in rows})
        return found

    def local_names(self) -> dict[str, str]:
        """Transcript id → local file name, for the list's audio column."""
        with self._lock:
            rows = self._db.execute(
                "SELECT transcript_id, local_path FROM submissions "
                "WHERE transcript_id IS NOT NULL AND local_path IS NOT NULL ORDER BY id"
            ).fetchall()
        return {row[0]: Path(row[1]).name for row in rows}


def _like_escaped(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
