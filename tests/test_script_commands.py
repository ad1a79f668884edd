"""``aai-tui list / get / failures / batches / watch`` against the real simulator."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from aai_tui.actions.queries import QueryError, parse_window
from aai_tui.cli import main
from aai_tui.journal import BatchEntry, Journal
from aai_tui.script_commands import JSON_FIELDS
from aai_tui.sim.demo import documented_failures
from aai_tui.troubleshoot import explain
from tests.helpers import running_sim, write_wav

KEY = "scripts-key"


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    with running_sim(demo_data=True, seed=3) as live:
        yield live


def run(sim, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    return ["--base-url", sim.base_url, "--api-key", KEY, *args]


def jobs_on(sim) -> list[dict]:  # type: ignore[no-untyped-def]
    answer = httpx.get(
        f"{sim.base_url}/v2/transcript?limit=200", headers={"authorization": KEY}, timeout=10
    )
    return answer.json()["transcripts"]


async def test_failures_groups_every_documented_processing_error_under_its_entry(demo, capsys):
    code = await asyncio.to_thread(main, run(demo, "failures", "--window", "all", "--json"))
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert tuple(report) == JSON_FIELDS["failures"]
    by_id = {job["id"]: job for job in jobs_on(demo)}
    grouped = {tid: group["entry"] for group in report["groups"] for tid in group["transcript_ids"]}
    for _url, message in documented_failures():
        (job,) = [j for j in by_id.values() if j["error"] == message]
        assert grouped[job["id"]] == explain(message).entry.id
    entries = [group["entry"] for group in report["groups"]]
    assert "unknown" not in entries
    assert len(entries) == len(set(entries))
    assert report["total"] == sum(group["count"] for group in report["groups"])
    for group in report["groups"]:
        assert tuple(group) == JSON_FIELDS["failures.group"]
        assert group["resubmit_helps"] in ("yes", "after the fix", "no")
        assert group["first_seen"] <= group["last_seen"]


async def test_failures_say_which_failed_jobs_were_resubmitted_already(demo, capsys):
    """A helper saw F count "13 resubmitted already" while `aai-tui failures` counted
    originals and resubmissions alike with nothing to tell them apart."""
    failed = next(job for job in jobs_on(demo) if job["status"] == "error")
    journal = Journal()
    sub = journal.record(
        params={}, endpoint=demo.base_url, source_url="https://a/x.mp3", resubmit_of=failed["id"]
    )
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, "5f0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58")
    journal.close()
    code = await asyncio.to_thread(main, run(demo, "failures", "--window", "all", "--json"))
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["resubmitted"] == {failed["id"]: "5f0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58"}
    code = await asyncio.to_thread(main, run(demo, "failures", "--window", "all"))
    out = capsys.readouterr().out
    assert "(1 resubmitted already, marked →)" in out
    assert f"{failed['id'][:8]}→5f0c7a1e" in out
    # get says it too: where the failed job went on
    code = await asyncio.to_thread(main, run(demo, "get", failed["id"], "--json"))
    assert json.loads(capsys.readouterr().out)["resubmitted_as"] == (
        "5f0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58"
    )
    code = await asyncio.to_thread(main, run(demo, "get", failed["id"]))
    assert "Now       resubmitted as 5f0c7a1e-8d2b" in capsys.readouterr().out


async def test_a_deleted_job_reads_deleted_in_get_and_failures(demo, capsys):
    """Deleting keeps a job's status on the server: "error" alone hid that it was gone."""
    failed = next(job for job in jobs_on(demo) if job["status"] == "error")
    answer = httpx.delete(
        f"{demo.base_url}/v2/transcript/{failed['id']}", headers={"authorization": KEY}
    )
    assert answer.status_code == 200
    await asyncio.to_thread(main, run(demo, "get", failed["id"], "--json"))
    data = json.loads(capsys.readouterr().out)
    assert data["deleted"] is True and data["status"] == "error"
    await asyncio.to_thread(main, run(demo, "get", failed["id"]))
    out = capsys.readouterr().out
    assert "Status    error, deleted (its text and audio are gone" in out
    assert "Resubmit  no (deleted: its audio is gone from the account)" in out
    assert data["explanation"]["resubmit_helps"] == "no"  # its audio is gone
    await asyncio.to_thread(main, run(demo, "failures", "--window", "all"))
    assert f"{failed['id'][:8]} (deleted)" in capsys.readouterr().out
    await asyncio.to_thread(main, run(demo, "failures", "--window", "all", "--json"))
    groups = json.loads(capsys.readouterr().out)["groups"]
    (group,) = [g for g in groups if failed["id"] in g["transcript_ids"]]
    assert group["deleted_ids"] == [failed["id"]]


async def test_failures_for_a_person_name_the_cause_the_fix_and_whether_to_resubmit(demo, capsys):
    code = await asyncio.to_thread(main, run(demo, "failures", "--window", "all"))
    out = capsys.readouterr().out
    assert code == 0
    assert re.search(r"\n?\d+ failed transcripts?, all time:", out)
    assert "Server error on AssemblyAI's side" in out
    assert "resubmitting helps: yes" in out
    assert "fix: Resubmit the file" in out


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("today", datetime(2026, 11, 22, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 21, tzinfo=UTC)),
        ("7d", datetime(2026, 11, 15, 15, 30, tzinfo=UTC)),
        ("24h", datetime(2026, 11, 21, 15, 30, tzinfo=UTC)),
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
        ("all", None),
    ],
)
def test_windows(text: str, since: datetime | None) -> None:
    now = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    assert parse_window(text, now=now).since == since


@pytest.mark.parametrize(
    "text", ["bogus", "7x", "2026-13-01", "", "batch:", "0d", "0h", "tomorrow", "2999-01-01"]
)
def test_a_bad_window_is_one_line(text: str) -> None:
    with pytest.raises(QueryError):
        parse_window(text)


def test_since_offers_only_times() -> None:
    """``list --since`` takes times: its refusal does not offer ``all`` or ``batch:ID``."""
    with pytest.raises(QueryError) as refused:
        parse_window("tomorrow", since_only=True)
    assert "all" not in str(refused.value) and "batch:" not in str(refused.value)
    with pytest.raises(QueryError):
        parse_window("batch:abc", since_only=True)
    with pytest.raises(QueryError) as empty:
        parse_window("0d")
    assert "empty window" in str(empty.value)


async def test_list_several_statuses_newest_first_with_stable_fields(demo, capsys):
    code = await asyncio.to_thread(
        main, run(demo, "list", "--status", "error", "--status", "completed", "--json")
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert tuple(data) == JSON_FIELDS["list"]
    statuses = {item["status"] for item in data["transcripts"]}
    assert statuses == {"error", "completed"}
    created = [item["created"] for item in data["transcripts"]]
    assert created == sorted(created, reverse=True)
    assert all(tuple(item) == JSON_FIELDS["list.transcript"] for item in data["transcripts"])


async def test_get_by_the_listed_prefix_explains_a_failure_and_exits_1(demo, capsys):
    failed = next(j for j in jobs_on(demo) if j["status"] == "error")
    code = await asyncio.to_thread(main, run(demo, "get", failed["id"][:8], "--json"))
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert tuple(data) == JSON_FIELDS["get"]
    assert data["id"] == failed["id"]
    assert tuple(data["explanation"]) == JSON_FIELDS["explanation"]
    assert data["explanation"]["entry"] == explain(failed["error"]).entry.id


async def test_get_of_an_unknown_prefix_or_id_is_one_line_and_exit_1(demo, capsys):
    """The command was right, the item is not there: 1, as for an id the API refuses."""
    code = await asyncio.to_thread(main, run(demo, "get", "deadbeef-0000-4000-8000-000000000000"))
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    code = await asyncio.to_thread(main, run(demo, "get", "ffffffff"))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "no transcript starts with 'ffffffff'" in captured.err


async def test_a_batch_is_listed_by_batches_list_and_watched_to_its_end(tmp_path, capsys):
    with running_sim(speed=50) as sim:
        files = [write_wav(tmp_path / f"w{i}.wav", 1 + i) for i in range(3)]
        code = await asyncio.to_thread(main, run(sim, "submit", *map(str, files), "--json"))
        assert code == 0
        capsys.readouterr()
        await asyncio.to_thread(main, run(sim, "batches", "--json"))
        batches = json.loads(capsys.readouterr().out)
        assert tuple(batches) == JSON_FIELDS["batches"]
        (batch,) = batches["batches"]
        assert tuple(batch) == JSON_FIELDS["batches.batch"]
        assert batch["files"] == 3 and batch["journal"] == {"created": 3}
        assert batch["audio_hours"] == pytest.approx((1 + 2 + 3) / 3600, abs=1e-4)
        # Seconds of work left read as hundredths of a minute, never [0.0, 0.0] beside a
        # text form that says "ETA 1s-2s".
        low, high = batch["eta_minutes"]
        assert 0 < low <= high < 0.1
        # The first characters of a batch id do, as in the dashboard's find.
        short = batch["batch_id"][:4]
        assert await asyncio.to_thread(main, run(sim, "batches", "--batch", short, "--json")) == 0
        (same,) = json.loads(capsys.readouterr().out)["batches"]
        assert same["batch_id"] == batch["batch_id"]
        assert await asyncio.to_thread(main, run(sim, "list", "--batch", short, "--json")) == 0
        assert len(json.loads(capsys.readouterr().out)["transcripts"]) == 3
        code = await asyncio.to_thread(
            main, run(sim, "failures", "--window", f"batch:{short}", "--json")
        )
        assert code == 0
        assert json.loads(capsys.readouterr().out)["window"] == f"batch {batch['batch_id']}"

        async def finish() -> None:
            for _ in range(200):
                sim.clock.advance(5)
                await asyncio.sleep(0.02)

        mover = asyncio.ensure_future(finish())
        code = await asyncio.to_thread(
            main, [*run(sim, "watch", "--batch", batch["batch_id"], "--json")]
        )
        mover.cancel()
        lines = capsys.readouterr().out.strip().splitlines()
        changes = [json.loads(line) for line in lines]
        assert code == 0
        assert all(tuple(change) == JSON_FIELDS["watch"] for change in changes)
        last = {change["id"]: change["status"] for change in changes}
        assert len(last) == 3 and set(last.values()) == {"completed"}

        await asyncio.to_thread(main, run(sim, "list", "--batch", batch["batch_id"], "--json"))
        listed = json.loads(capsys.readouterr().out)
        assert {item["local_name"] for item in listed["transcripts"]} == {
            "w0.wav",
            "w1.wav",
            "w2.wav",
        }
        # The list's rows, not the transcript objects: they say when (never null).
        assert all(item["created"] and item["completed"] for item in listed["transcripts"])
        assert listed["gone"] == []

        # One job gone from the account (expired, deleted elsewhere): the others are
        # listed all the same, the gone one named; batches says "not found" for it.
        gone = listed["transcripts"][0]["id"]
        assert sim.engine.forget(gone)
        code = await asyncio.to_thread(
            main, run(sim, "list", "--batch", batch["batch_id"], "--json")
        )
        captured = capsys.readouterr()
        listed = json.loads(captured.out)
        assert code == 0 and listed["gone"] == [gone]
        assert len(listed["transcripts"]) == 2 and gone in captured.err
        await asyncio.to_thread(main, run(sim, "batches", "--json"))
        (batch,) = json.loads(capsys.readouterr().out)["batches"]
        assert batch["server"] == {"completed": 2, "not found": 1}
        # One deleted by its owner: still "completed" on the server, "deleted" here.
        deleted = listed["transcripts"][1]["id"]
        sim.engine.delete(deleted)
        await asyncio.to_thread(main, run(sim, "batches", "--json"))
        (batch,) = json.loads(capsys.readouterr().out)["batches"]
        assert batch["server"] == {"completed": 1, "deleted": 1, "not found": 1}


async def test_watch_without_anything_to_watch_is_one_line(capsys):
    code = await asyncio.to_thread(main, ["--api-key", KEY, "watch"])
    assert code == 2
    assert "watch what?" in capsys.readouterr().err


async def test_text_from_the_api_reaches_the_shell_literally(demo, capsys):
    hostile = "https://media.example.com/\x1b]0;pwned\x07a.mp3"
    created = httpx.post(
        f"{demo.base_url}/v2/transcript",
        headers={"authorization": KEY},
        json={"audio_url": hostile},
        timeout=10,
    )
    assert created.status_code == 200
    await asyncio.to_thread(main, run(demo, "list", "--limit", "5"))
    out = capsys.readouterr().out
    assert created.json()["id"] in out
    assert "\x1b" not in out and "\x07" not in out
    assert "pwned" in out  # shown, as text


async def test_usage_counts_hours_by_model_and_estimates_from_the_configs_prices(capsys):
    """Hours of audio today and in 7 days from the transcripts themselves; a cost only
    from the [prices] the user wrote (aai-tui ships none)."""
    import time

    from aai_tui.config import config_file
    from aai_tui.sim.clock import ManualClock

    with running_sim(clock=ManualClock(time.time()), demo_data=True, seed=4) as sim:
        sim.clock.advance(3600)  # the live jobs end too
        code = await asyncio.to_thread(main, run(sim, "usage", "--json"))
        plain = json.loads(capsys.readouterr().out)
        assert code == 0 and tuple(plain) == JSON_FIELDS["usage"]
        today, week = plain["periods"]
        assert tuple(week) == JSON_FIELDS["usage.period"]
        assert week["jobs"] >= today["jobs"] > 0
        assert week["audio_hours"] == pytest.approx(sum(week["hours_by_model"].values()), abs=1e-3)
        assert week["cost"] is None  # no prices: no estimate
        model = next(iter(week["hours_by_model"]))
        config = config_file()
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'[prices]\n"{model}" = 0.5\n')
        await asyncio.to_thread(main, run(sim, "usage", "--json"))
        priced = json.loads(capsys.readouterr().out)["periods"][1]
        assert priced["cost"] == pytest.approx(priced["hours_by_model"][model] * 0.5, abs=1e-3)
        await asyncio.to_thread(main, run(sim, "usage"))
        out = capsys.readouterr().out
        assert "h of audio in" in out and "by your prices" in out


async def test_a_bad_price_table_is_one_line(capsys):
    from aai_tui.config import config_file

    config = config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[prices]\n"universal-2" = -1\n')
    code = await asyncio.to_thread(main, ["--api-key", KEY, "usage"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "prices" in err


async def test_list_says_when_more_match_than_it_listed(demo, capsys):
    total = len(jobs_on(demo))
    assert total > 3
    code = await asyncio.to_thread(main, run(demo, "list", "--limit", "3", "--json"))
    seen = capsys.readouterr()
    data = json.loads(seen.out)
    assert code == 0 and len(data["transcripts"]) == 3 and data["cut"] is True
    assert "more match: listed the newest 3" in seen.err  # the README's "a line saying so"
    code = await asyncio.to_thread(main, run(demo, "list", "--limit", "3"))
    seen = capsys.readouterr()
    assert "more match: listed the newest 3" in seen.err  # never in the listed jobs
    assert "more match" not in seen.out
    code = await asyncio.to_thread(main, run(demo, "list", "--limit", "200", "--json"))
    data = json.loads(capsys.readouterr().out)
    assert data["cut"] is (total > 200)


def test_a_reader_that_goes_away_ends_the_command_quietly(demo):
    """`aai-tui list | head -1`: no traceback, the shell's own 141."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "aai_tui", *run(demo, "list", "--json")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 141


async def test_get_says_the_duration_as_the_dashboard_does(demo, capsys):
    done = next(j for j in jobs_on(demo) if j["status"] == "completed")
    code = await asyncio.to_thread(main, run(demo, "get", done["id"]))
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if line.startswith("Duration")]
    assert code == 0 and re.fullmatch(r"Duration\s+\d+:\d\d(:\d\d)?", line), line


async def test_watching_a_batch_none_of_whose_files_was_created_says_so(demo, capsys):
    from pathlib import Path

    from aai_tui.journal import BatchEntry, Journal

    journal = Journal()
    journal.record_batch(
        [BatchEntry(local_path=Path("/a/empty.wav"), failure="the file is empty")],
        params={},
        endpoint=demo.base_url,
        batch_id="refused",
    )
    journal.close()
    code = await asyncio.to_thread(main, run(demo, "watch", "--batch", "refused"))
    err = capsys.readouterr().err
    assert code == 1 and "none of its files was created" in err and len(err.splitlines()) == 1


async def test_batches_are_those_of_this_endpoint_and_the_journal_answers_offline(demo, capsys):
    from pathlib import Path

    from aai_tui.journal import BatchEntry, Journal

    journal = Journal()
    for batch_id, endpoint in (("here", demo.base_url), ("elsewhere", "http://127.0.0.1:9")):
        journal.record_batch(
            [BatchEntry(local_path=Path(f"/a/{batch_id}.wav"), failure="the file is empty")],
            params={},
            endpoint=endpoint,
            batch_id=batch_id,
        )
    journal.close()
    code = await asyncio.to_thread(main, run(demo, "batches", "--json"))
    listed = json.loads(capsys.readouterr().out)["batches"]
    assert code == 0 and [b["batch_id"] for b in listed] == ["here"]  # as B shows them
    (left,) = listed[0]["left"]
    assert left["state"] == "failed" and left["error"] == "the file is empty"
    code = await asyncio.to_thread(main, run(demo, "batches", "--batch", "elsewhere"))
    out = capsys.readouterr().out
    assert code == 0 and "none created: 1 failed" in out and "elsewhere.wav" in out
    offline = ["--base-url", "http://127.0.0.1:9", "--api-key", KEY, "batches", "--json"]
    journal = Journal()
    (sub,) = journal.record_batch(
        [BatchEntry(local_path=Path("/a/sent.wav"), size=1)],
        params={},
        endpoint="http://127.0.0.1:9",
        batch_id="sent",
    )
    journal.mark_uploaded(sub.id, "https://up/1")
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, "5551722f-f677-48a6-9287-39c0aafd9ac1")
    journal.close()
    code = await asyncio.to_thread(main, offline)
    captured = capsys.readouterr()
    batches = json.loads(captured.out)["batches"]
    assert code == 1  # the API could not be asked: the journal's part is shown all the same
    assert {b["batch_id"] for b in batches} == {"elsewhere", "sent"}
    sent = next(b for b in batches if b["batch_id"] == "sent")
    assert sent["server"] == {"unknown": 1} and "could not connect" in sent["server_error"]
    assert "the journal only" in captured.err
    # a batch sent to another endpoint is not asked about here: unknown, not "not found"
    code = await asyncio.to_thread(main, run(demo, "batches", "--batch", "sent", "--json"))
    (sent,) = json.loads(capsys.readouterr().out)["batches"]
    assert code == 0 and sent["server"] == {"unknown": 1}
    assert sent["server_error"] == "sent to http://127.0.0.1:9"
    code = await asyncio.to_thread(main, run(demo, "batches", "--batch", "nope"))
    assert code == 1 and "no batch 'nope'" in capsys.readouterr().err


def test_each_demo_failure_carries_the_options_that_failed_it(demo):
    """A threshold missed shows the threshold: the job's own options explain it, and
    resubmitting can change them."""
    paris = next(j for j in jobs_on(demo) if j["audio_url"].endswith("paris-street.mp3"))
    answer = httpx.get(
        f"{demo.base_url}/v2/transcript/{paris['id']}", headers={"authorization": KEY}, timeout=10
    ).json()
    assert "confidence threshold value of '0.7'" in answer["error"]
    assert answer["language_detection"] is True
    assert answer["language_confidence_threshold"] == 0.7


def test_the_readmes_json_examples_name_every_field_the_commands_write():
    """The README shows one example per command: each names every field of its kind,
    and no field the command does not write."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = readme[readme.index("```jsonc") : readme.index("```", readme.index("```jsonc") + 8)]
    examples = re.split(r"^// aai-tui (\w+)", block, flags=re.M)[1:]
    shown = {name: text for name, text in zip(examples[::2], examples[1::2], strict=True)}
    assert set(shown) == {"list", "get", "failures", "batches", "usage", "watch"}
    for kind, fields in JSON_FIELDS.items():
        command = {"explanation": "get", "transcript": "list"}.get(kind, kind.split(".")[0])
        for name in fields:
            assert f'"{name}":' in shown[command], (kind, name)
    written = {name for fields in JSON_FIELDS.values() for name in fields}
    states = {"created", "completed", "queued", "processing", "error", "failed", "uploaded"}
    for command, text in shown.items():
        for name in re.findall(r'"(\w+)":', text):
            assert name in written | states, (command, name)  # a state is a count's key


async def test_submit_names_on_stderr_what_a_folder_holds_that_is_not_read(demo, capsys, tmp_path):
    folder = tmp_path / "calls"
    (folder / "inner").mkdir(parents=True)
    write_wav(folder / "talk.wav", 1)
    (folder / "notes.txt").write_text("not audio")
    code = await asyncio.to_thread(main, run(demo, "submit", str(folder), "--json"))
    captured = capsys.readouterr()
    assert code == 0 and json.loads(captured.out)  # stdout stays JSON
    assert (
        "not read:" in captured.err and "notes.txt: not an audio or video file name" in captured.err
    )
    assert "inner: a folder inside" in captured.err


async def test_a_batch_with_a_file_never_sent_says_so_in_failures_and_watch(tmp_path, capsys):
    """A new user's batch held an empty .wav: F and `failures` said "none" and `watch`
    exited 0, as if the whole batch had gone."""
    with running_sim(speed=50) as sim:
        good = write_wav(tmp_path / "good.wav", 1)
        empty = tmp_path / "empty.wav"
        empty.write_bytes(b"")
        code = await asyncio.to_thread(main, run(sim, "submit", str(good), str(empty), "--json"))
        assert code == 1  # a file could not be sent
        batch_id = Journal().all()[0].batch_id
        capsys.readouterr()
        code = await asyncio.to_thread(main, run(sim, "failures", "--window", f"batch:{batch_id}"))
        out = capsys.readouterr().out
        assert code == 0
        assert f"1 file of this batch never became a job (aai-tui batches --batch {batch_id}" in out
        code = await asyncio.to_thread(
            main, run(sim, "failures", "--window", f"batch:{batch_id}", "--json")
        )
        (unsent,) = json.loads(capsys.readouterr().out)["not_sent"]
        assert unsent["error"] == "the file is empty" and unsent["source"].endswith("empty.wav")

        async def finish() -> None:
            for _ in range(200):
                sim.clock.advance(5)
                await asyncio.sleep(0.02)

        mover = asyncio.ensure_future(finish())
        code = await asyncio.to_thread(main, run(sim, "watch", "--batch", batch_id, "--json"))
        mover.cancel()
        seen = capsys.readouterr()
        assert code == 1
        assert all(json.loads(line)["status"] for line in seen.out.strip().splitlines())
        assert f"1 file of batch {batch_id} never became a job" in seen.err


async def test_batches_for_an_endpoint_with_none_say_how_many_went_elsewhere(demo, capsys):
    journal = Journal()
    journal.record_batch(
        [BatchEntry(local_path=Path("/calls/a.wav"), size=1)],
        params={},
        endpoint="https://api.assemblyai.com",
        batch_id="elsewhere",
    )
    journal.close()
    code = await asyncio.to_thread(main, run(demo, "batches"))
    out = capsys.readouterr().out
    assert code == 0
    assert f"No batches in the journal for {demo.base_url}. (1 batch went to other" in out
    code = await asyncio.to_thread(main, run(demo, "batches", "--json"))
    seen = capsys.readouterr()
    assert json.loads(seen.out) == {"batches": []}
    assert "(1 batch went to other endpoints: --base-url)" in seen.err


async def test_a_batch_of_urls_says_its_audio_length_is_not_known(tmp_path, capsys):
    """A helper's batch of one URL read "0:00 of audio" (and 0.0 hours) where the
    dashboard said "—": a URL is not probed, so its length is not known, not zero."""
    with running_sim() as sim:
        url = f"{sim.base_url}/media/not-probed.mp3"
        code = await asyncio.to_thread(main, run(sim, "submit", url, "--json"))
        assert code == 0
        capsys.readouterr()
        await asyncio.to_thread(main, run(sim, "batches", "--json"))
        (batch,) = json.loads(capsys.readouterr().out)["batches"]
        assert batch["audio_hours"] is None
        await asyncio.to_thread(main, run(sim, "batches"))
        out = capsys.readouterr().out
        assert "audio length not known" in out and "0:00 of audio" not in out


async def test_submitting_a_file_again_says_it_was_sent_before_on_stderr(tmp_path, capsys):
    """A helper's second `submit batch2 --json` made three more paid jobs without a word.
    It says so, on stderr, and the JSON on stdout stays JSON only."""
    with running_sim() as sim:
        audio = write_wav(tmp_path / "again.wav", 1)
        assert await asyncio.to_thread(main, run(sim, "submit", str(audio), "--json")) == 0
        first = capsys.readouterr()
        assert "Sent before" not in first.err
        assert await asyncio.to_thread(main, run(sim, "submit", str(audio), "--json")) == 0
        second = capsys.readouterr()
        assert "Sent before: 1 of these files made a job already" in second.err
        assert "again.wav → " in second.err
        json.loads(second.out)  # stdout: JSON only


async def test_watch_waits_out_an_unreachable_api_then_gives_up_with_its_own_code(capsys):
    """1 says a job failed; an API that stayed unreachable is 3, said on stderr, with
    stdout left to the changes (none here)."""
    offline = ["--base-url", "http://127.0.0.1:9", "--api-key", KEY]
    job = "5f0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58"
    code = await asyncio.to_thread(
        main, [*offline, "watch", job, "--json", "--give-up-after", "0.01"]
    )
    captured = capsys.readouterr()
    assert code == 3 and captured.out == ""
    said = captured.err.strip().splitlines()
    assert "cannot be asked" in said[0] and "still watching" in said[0]
    assert "gave up watching" in said[-1]


async def test_watch_takes_ids_or_a_batch_not_both(capsys):
    code = await asyncio.to_thread(main, ["--api-key", KEY, "watch", "--batch", "b1", "abcd1234"])
    assert code == 2
    assert "not both" in capsys.readouterr().err


async def test_get_of_a_deleted_completed_job_says_its_text_is_gone(demo, capsys):
    done = next(job for job in jobs_on(demo) if job["status"] == "completed")
    httpx.delete(f"{demo.base_url}/v2/transcript/{done['id']}", headers={"authorization": KEY})
    code = await asyncio.to_thread(main, run(demo, "get", done["id"]))
    out = capsys.readouterr().out
    assert code == 0 and "(deleted: its text is gone from the account)" in out
    assert "Deleted by user." not in out  # the API's placeholder is not the transcript


async def test_watch_gives_a_job_the_api_does_not_have_its_own_line(demo, capsys):
    """A helper's `watch --json` wrote nothing for a job that had vanished, then exited
    with the reason on stderr only."""
    done = next(job for job in jobs_on(demo) if job["status"] == "completed")
    gone = "5f0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58"
    code = await asyncio.to_thread(main, run(demo, "watch", done["id"], gone, "--json"))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1  # not every job completed
    assert {line["id"]: line["status"] for line in lines} == {
        done["id"]: "completed",
        gone: "not found",
    }
    (missing,) = [line for line in lines if line["id"] == gone]
    assert "not found" in missing["error"].lower()
    assert all(tuple(line) == JSON_FIELDS["watch"] for line in lines)


async def test_a_batch_or_job_sent_to_another_endpoint_says_where_it_went(demo, capsys):
    """A helper's `list --batch` called such a batch's jobs "gone", `watch` and `get`
    said "not found" and `failures` found none: this endpoint never had them."""
    from pathlib import Path

    from aai_tui.journal import BatchEntry, Journal

    elsewhere = "http://127.0.0.1:9"
    job = "6a0c7a1e-8d2b-4e6a-9c3f-2b7d1e0a4c58"
    journal = Journal()
    (sub,) = journal.record_batch(
        [BatchEntry(local_path=Path("/calls/far.wav"), size=1)],
        params={},
        endpoint=elsewhere,
        batch_id="farbatch0001",
    )
    journal.mark_uploaded(sub.id, "https://cdn/x")
    journal.mark_creating(sub.id)
    journal.mark_created(sub.id, job)
    journal.close()
    for argv in (
        ["list", "--batch", "farb"],
        ["watch", "--batch", "farb"],
        ["failures", "--window", "batch:farb"],
        ["get", job],
        ["watch", job],
    ):
        code = await asyncio.to_thread(main, run(demo, *argv))
        err = capsys.readouterr().err
        assert code == 1, argv
        assert f"was sent to {elsewhere}" in err and f"--base-url {elsewhere}" in err, argv


def test_watch_waits_ten_minutes_for_an_api_it_cannot_reach_unless_told():
    """The README's default for --give-up-after, and what watch() is given by it."""
    from aai_tui.actions.queries import WATCH_PATIENCE
    from aai_tui.cli import build_parser

    args = build_parser().parse_args(["watch", "abcd1234"])
    assert args.give_up_after == 10.0 and args.give_up_after * 60 == WATCH_PATIENCE
    assert build_parser().parse_args(["watch", "x", "--give-up-after", "2"]).give_up_after == 2.0
