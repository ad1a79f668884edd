"""The journal: records first, survives restarts, safe with two processes, 0600."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from aai_tui.journal import BatchEntry, Journal, SubmissionState
from aai_tui.paths import journal_file


def test_lifecycle_and_restart(tmp_path: Path):
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    sub = journal.record(
        params={"speech_models": ["universal-2"], "audio_url": "x"},
        endpoint="http://127.0.0.1:1",
        local_path=tmp_path / "a.wav",
        size=10,
        batch_id="b1",
    )
    assert sub.state is SubmissionState.RECORDED
    assert "audio_url" not in sub.params
    journal.mark_uploaded(sub.id, "http://127.0.0.1:1/v2/uploads/t")
    journal.mark_creating(sub.id)
    journal.close()
    reopened = Journal(path)
    (pending,) = reopened.unfinished("http://127.0.0.1:1")
    assert pending.state is SubmissionState.CREATING
    assert pending.audio_url == "http://127.0.0.1:1/v2/uploads/t"
    reopened.mark_created(sub.id, "tid-1")
    assert reopened.unfinished() == []
    assert reopened.by_transcript("tid-1").display_name == "a.wav"
    assert reopened.local_names() == {"tid-1": "a.wav"}
    assert [s.id for s in reopened.batch("b1")] == [sub.id]


def test_files_are_private_and_in_xdg_data(isolated_xdg: Path):
    journal = Journal()
    journal.record(params={}, endpoint="e")
    assert journal.path == journal_file()
    assert str(journal.path).startswith(str(isolated_xdg / "data"))
    for candidate in (journal.path, Path(f"{journal.path}-wal")):
        if candidate.exists():
            assert stat.S_IMODE(candidate.stat().st_mode) == 0o600


def test_preferences_round_trip(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal.recall("k", {"default": 1}) == {"default": 1}
    journal.remember("k", {"speaker_labels": True})
    journal.remember("k", {"speaker_labels": False})
    assert journal.recall("k") == {"speaker_labels": False}


def test_two_processes_write_at_once(tmp_path: Path):
    path = tmp_path / "shared.sqlite3"
    Journal(path).close()
    script = (
        "import sys; from pathlib import Path; from aai_tui.journal import Journal\n"
        "j = Journal(Path(sys.argv[1]))\n"
        "for i in range(150):\n"
        "    s = j.record(params={'i': i}, endpoint=sys.argv[2])\n"
        "    j.mark_created(s.id, f'{sys.argv[2]}-{i}')\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name]) for name in ("one", "two")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    rows = Journal(path).all()
    assert len(rows) == 300
    assert {r.transcript_id for r in rows} == {
        f"{n}-{i}" for n in ("one", "two") for i in range(150)
    }


def test_local_names_are_looked_up_by_id(tmp_path):
    from aai_tui.journal import Journal

    journal = Journal(tmp_path / "j.sqlite3")
    try:
        for i in range(1200):
            sub = journal.record(
                params={}, endpoint="e", local_path=tmp_path / f"call-{i}.wav", size=1
            )
            journal.mark_created(sub.id, f"id-{i}")
        names = journal.local_names_for(["id-3", "id-1100", "nope"])
        assert names == {"id-3": "call-3.wav", "id-1100": "call-1100.wav"}
        assert journal.local_names_for([f"id-{i}" for i in range(1200)])["id-999"] == "call-999.wav"
    finally:
        journal.close()


def test_a_killed_owner_not_yet_reaped_holds_nothing():
    """kill -9 leaves a zombie until its parent reaps it: its lease is free already."""
    import os
    import signal
    import time

    from aai_tui.journal import owner_alive

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = f"{__import__('socket').gethostname()}:{child.pid}:abcd1234"
        assert owner_alive(owner, time.time() + 60, time.time())
        os.kill(child.pid, signal.SIGKILL)
        time.sleep(0.3)  # dead, not reaped: a zombie
        assert not owner_alive(owner, time.time() + 60, time.time())
    finally:
        child.wait()


def test_processes_opening_a_new_journal_at_once_all_get_it(tmp_path):
    """Two aai-tui starting together (the dashboard and a script) both set the journal
    up: the second must not add a column the first just added."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for attempt in range(4):
        path = tmp_path / f"j{attempt}.sqlite3"
        with context.Pool(6) as pool:
            results = pool.map(_open_journal, [str(path)] * 6)
        assert results == ["ok"] * 6, results


def _open_journal(path: str) -> str:
    try:
        Journal(Path(path)).close()
    except Exception as error:  # reported, not raised: the pool would hide which
        return f"{type(error).__name__}: {error}"
    return "ok"


def test_search_finds_refused_files_and_keeps_to_one_endpoint(tmp_path: Path):
    journal = Journal(tmp_path / "j.sqlite3")
    for endpoint in ("https://api.assemblyai.com", "http://127.0.0.1:8782"):
        journal.record_batch(
            [BatchEntry(local_path=Path("/calls/echo.wav"), failure="the file is empty")],
            params={},
            endpoint=endpoint,
            batch_id=f"b-{endpoint[-4:]}",
        )
    assert len(journal.search("echo")) == 2  # never created, found all the same
    (here,) = journal.search("echo", endpoint="https://api.assemblyai.com")
    assert here.endpoint == "https://api.assemblyai.com" and here.transcript_id is None
    journal.close()


def test_when_a_job_was_sent_is_said_for_its_own_endpoint_only(tmp_path):
    """Offline against another endpoint, a job sent elsewhere read "Sent … from here"."""
    from aai_tui.journal import Journal

    journal = Journal(tmp_path / "j.sqlite3")
    sub = journal.record(params={}, endpoint="http://a", source_url="https://x/1.mp3")
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, "t-1")
    assert journal.sent_at_for("t-1") is not None
    assert journal.sent_at_for("t-1", "http://a") == journal.sent_at_for("t-1")
    assert journal.sent_at_for("t-1", "http://b") is None
    journal.close()


def test_sent_before_names_the_newest_job_of_each_file_at_this_endpoint(tmp_path: Path):
    journal = Journal(tmp_path / "journal.sqlite3")
    a, b = Path("/calls/a.wav"), Path("/calls/b.wav")

    def sent(path: Path | None, transcript_id: str | None, endpoint: str = "e", url=None):
        sub = journal.record(params={}, endpoint=endpoint, local_path=path, source_url=url)
        journal.mark_creating(sub.id)
        if transcript_id:
            journal.mark_created(sub.id, transcript_id)
        else:
            journal.mark_failed(sub.id, "refused")
        return sub

    sent(a, "t-old")
    newest = sent(a, "t-new")
    sent(b, None)  # refused: it made no job
    sent(b, "t-elsewhere", endpoint="other")  # another endpoint's job
    sent(None, "t-url", url="https://x/c.mp3")
    found = journal.sent_before([a, b, "https://x/c.mp3", "/calls/never.wav"], endpoint="e")
    assert {k: v.transcript_id for k, v in found.items()} == {
        str(a): "t-new",
        "https://x/c.mp3": "t-url",
    }
    assert found[str(a)].id == newest.id
    journal.close()
