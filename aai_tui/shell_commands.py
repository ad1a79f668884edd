"""The shell side of the actions: ``aai-tui submit``, ``export`` and ``pending``.

Each returns an exit code and prints either readable lines or, with --json, one
JSON document on stdout; progress goes to stderr so that stdout stays clean.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aai_tui.actions.batch import plan_batch, sent_before_lines
from aai_tui.actions.capacity import GATE_DEPTH, GATE_INTERVAL, CapacityGate
from aai_tui.actions.export import ExportError, ExportExists, export_transcript
from aai_tui.actions.inputs import InputError, SubmitOptions, check_params
from aai_tui.actions.queries import QueryError, resolve_batch_id
from aai_tui.actions.submit import (
    DEFAULT_SUBMIT_DEADLINE,
    IN_ANOTHER,
    BatchProgress,
    SubmitOutcome,
    Submitter,
)
from aai_tui.actions.wait import wait_until_done
from aai_tui.api.errors import ApiError
from aai_tui.formatting import file_size
from aai_tui.journal import AlreadyClaimed, Journal, Submission, SubmissionState
from aai_tui.terminal_text import visible
from aai_tui.troubleshoot import explain

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient


@dataclass
class Output:
    as_json: bool
    # Looked up when used, so that redirected streams (tests, pipes) are honoured.
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def line(self, text: str) -> None:
        """One line for a person; whatever it quotes is shown literally (no escapes)."""
        if not self.as_json:
            print(visible(text), file=self.out, flush=True)

    def progress(self, text: str) -> None:
        if self.err.isatty():
            print(f"\r\x1b[2K{visible(text, single_line=True)}", end="", file=self.err, flush=True)

    def note(self, text: str) -> None:
        """A line for a person on stderr, with or without --json (stdout stays JSON)."""
        print(f"aai-tui: {visible(text, single_line=True)}", file=self.err, flush=True)

    def done_progress(self) -> None:
        if self.err.isatty():
            print("", file=self.err, flush=True)

    def document(self, data: Any) -> None:
        if self.as_json:
            json.dump(data, self.out, indent=2)
            self.out.write("\n")


def _outcome_json(outcome: SubmitOutcome) -> dict[str, Any]:
    sub = outcome.submission
    error = outcome.error
    data: dict[str, Any] = {
        "source": sub.local_path or sub.source_url,
        "transcript_id": sub.transcript_id,
        "state": sub.state.value,
        "upload_url": sub.upload_url,
        "error": sub.error if sub.state is not SubmissionState.CREATED else None,
    }
    if isinstance(error, ApiError):
        data["explanation"] = explain(
            error.message, status=error.status, error_kind=error.kind.value
        ).entry.title
    return data


def fix_hint(error: ApiError | None) -> str | None:
    """What to do about a refused submission, in the shell's terms."""
    if error is None:
        return None
    explanation = explain(error.message, status=error.status, error_kind=error.kind.value)
    models = ",".join(explanation.replacement_models)
    if models:
        return (
            f"{explanation.entry.title}: run again with --speech-models {models}, or make "
            f"them the default: aai-tui config set speech_models {models}"
        )
    if explanation.entry.id in ("unknown", "bad-request"):
        return None
    return f"{explanation.entry.title}: {explanation.advice}"


async def run_submit(
    client: AssemblyAIClient,
    journal: Journal,
    sources: list[str],
    options: SubmitOptions,
    *,
    wait: bool,
    as_json: bool,
    parallel: int = 4,
    poll_interval: float = 3.0,
    concurrency_limit: int = 5,
    deadline: float = DEFAULT_SUBMIT_DEADLINE,
    wait_limit: float | None = None,
) -> int:
    output = Output(as_json)
    params = check_params(options.to_params())
    # Nothing is journaled when nothing can be sent: one line says why. Otherwise the
    # files that cannot be sent go into the batch as failed, each with its reason.
    plan = await asyncio.to_thread(plan_batch, sources)
    for item in plan.skipped:
        output.note(f"not read: {item.source}: {item.reason}")
    # Sent here before: said (on stderr), not refused; a script may mean it.
    before = await asyncio.to_thread(journal.sent_before, plan.paths, endpoint=client.base_url)
    for line in sent_before_lines(before):
        output.note(line.strip())
    retries = 0

    def notice(submission: Submission, message: str) -> None:
        nonlocal retries
        retries += 1

    submitter = Submitter(client, journal, deadline=deadline, notice=notice)

    def on_progress(progress: BatchProgress, outcome: SubmitOutcome | None) -> None:
        if outcome is not None:
            output.done_progress()
            sub = outcome.submission
            name = sub.display_name
            if outcome.ok:
                output.line(f"✔ {name} → {sub.transcript_id}")
            elif sub.state is SubmissionState.FAILED:
                error = sub.error or "failed"
                named = error.startswith((sub.local_path or name, name))
                output.line(f"✖ {error}" if named else f"✖ {name}: {error}")
                hint = fix_hint(outcome.error if isinstance(outcome.error, ApiError) else None)
                if hint:
                    output.line(f"  → {hint}")
            else:
                output.line(f"… {name}: {_left_because(outcome)}")
        sent = file_size(progress.bytes_sent)
        total = file_size(progress.bytes_total)
        output.progress(
            f"{progress.finished}/{progress.total} submitted · uploaded {sent} of {total}"
            + (f" · {retries} retries" if retries else "")
        )

    # Room for a queue three times the account's concurrency: finished slots refill from
    # the server's own queue at once, and the queue is never flooded.
    gate = CapacityGate(
        client, concurrency_limit * GATE_DEPTH, interval=min(poll_interval, GATE_INTERVAL)
    )
    batch_id, outcomes = await submitter.submit_batch(
        plan.batch_sources,
        params,
        parallel_uploads=parallel,
        on_progress=on_progress,
        gate=gate,
        checked=plan.checked,
    )
    output.done_progress()
    created = [o.submission.transcript_id for o in outcomes if o.ok and o.submission.transcript_id]
    final: dict[str, Any] = {}
    wait_timed_out = False
    if wait and created:

        def on_round(states: dict[str, Any]) -> None:
            counts: dict[str, int] = {}
            for status, _ in states.values():
                counts[str(status)] = counts.get(str(status), 0) + 1
            output.progress(" · ".join(f"{v} {k}" for k, v in sorted(counts.items())))

        waiting = wait_until_done(
            client, created, interval=min(poll_interval, GATE_INTERVAL), on_round=on_round
        )
        try:
            final = await asyncio.wait_for(waiting, wait_limit)
        except TimeoutError:
            output.done_progress()
            output.line(
                f"stopped waiting after {wait_limit:g} s; the jobs go on: aai-tui --demo or "
                "the dashboard shows them"
            )
            wait_timed_out = True
        output.done_progress()
        names = {o.submission.transcript_id: o.submission.display_name for o in outcomes}
        for transcript_id, (status, error) in final.items():
            output.line(
                f"{'✔' if status == 'completed' else '✖'} {names.get(transcript_id, '')} "
                f"{transcript_id} {status}" + (f": {error}" if error else "")
            )
    summary = {
        "batch_id": batch_id,
        "submissions": [
            {
                **_outcome_json(o),
                **(
                    {
                        "status": str(final[o.submission.transcript_id][0]),
                        "transcript_error": final[o.submission.transcript_id][1],
                    }
                    if o.submission.transcript_id in final
                    else {}
                ),
            }
            for o in outcomes
        ],
    }
    output.document(summary)
    failed = [o for o in outcomes if not o.ok]
    failed_jobs = [tid for tid, (status, _) in final.items() if status == "error"]
    output.line(
        f"{len(created)} of {len(outcomes)} submitted (batch {batch_id})"
        + (f", {len(failed_jobs)} failed while processing" if failed_jobs else "")
    )
    return 1 if failed or failed_jobs or wait_timed_out else 0


def _left_because(outcome: SubmitOutcome) -> str:
    """Why a submission is not created yet, and what finishes it."""
    sub = outcome.submission
    if outcome.elsewhere:
        return _elsewhere(sub)
    if sub.state is SubmissionState.AMBIGUOUS:
        return sub.error or "ambiguous"
    return f"not finished ({sub.error}); it stays in the journal: aai-tui pending --complete"


def _elsewhere(sub: Submission) -> str:
    pid = sub.owner_pid
    return IN_ANOTHER + (f" (pid {pid})" if pid is not None else "")


#: What a typed id may hold: anything else never reaches a URL path.
TYPED_ID = re.compile(r"[A-Za-z0-9_-]+")
#: Pages of 200 looked through for an id prefix the journal does not know.
PREFIX_SEARCH_PAGES = 5
FULL_ID_LENGTH = 36


async def resolve_ids(client: AssemblyAIClient, journal: Journal, ids: list[str]) -> list[str]:
    """Full transcript ids for what was typed: a full id, or the first characters the
    dashboard shows (8 or more), found in the journal, then in the newest pages."""
    resolved: list[str] = []
    for typed in ids:
        text = typed.strip()
        if not text:
            raise InputError(
                "an empty transcript id: give the id, or the first 8 characters the dashboard shows"
            )
        if len(text) > 100 or not TYPED_ID.fullmatch(text):
            raise InputError(
                f"{text}: not a transcript id (letters, digits and dashes, such as the "
                "first 8 characters the dashboard shows)"
            )
        looks_like_prefix = 4 <= len(text) < FULL_ID_LENGTH and all(
            c in "0123456789abcdef-" for c in text.lower()
        )
        if not looks_like_prefix:
            resolved.append(text)  # a full id, or something only the API can judge
            continue
        matches = journal.transcript_ids_with_prefix(text)
        if not matches:
            matches = await _ids_on_the_server(client, text)
        if len(matches) == 1:
            resolved.append(matches[0])
        elif not matches:
            raise InputError(f"{text}: no transcript id starts with this")
        else:
            shown = ", ".join(m[:13] for m in matches[:3])
            raise InputError(
                f"{text}: {len(matches)} transcripts start with this ({shown}…); "
                "give more of the id"
            )
    return resolved


async def _ids_on_the_server(client: AssemblyAIClient, prefix: str) -> list[str]:
    found: list[str] = []
    before: str | None = None
    for _ in range(PREFIX_SEARCH_PAGES):
        page = await client.list_transcripts(limit=200, before_id=before)
        found += [t.id for t in page.transcripts if t.id.startswith(prefix)]
        before = page.page_details.older_cursor
        if before is None:
            break
    return sorted(set(found))


async def run_export(
    client: AssemblyAIClient,
    journal: Journal,
    ids: list[str],
    fmt: str,
    out_dir: Path,
    *,
    chars_per_caption: int | None,
    overwrite: bool,
    as_json: bool,
) -> int:
    output = Output(as_json)
    results: list[dict[str, Any]] = []
    names = journal.local_names()
    for transcript_id in await resolve_ids(client, journal, ids):
        try:
            result = await export_transcript(
                client,
                transcript_id,
                fmt,
                out_dir,
                local_name=names.get(transcript_id),
                chars_per_caption=chars_per_caption,
                overwrite=overwrite,
            )
        except ExportExists as exists:
            output.line(f"✖ {transcript_id}: {exists.path} exists (use --force to replace it)")
            results.append(
                {"transcript_id": transcript_id, "path": str(exists.path), "error": "exists"}
            )
            continue
        except ExportError as error:
            output.line(f"✖ {transcript_id}: {error}")
            results.append({"transcript_id": transcript_id, "path": None, "error": str(error)})
            continue
        output.line(f"✔ {transcript_id} → {result.path}")
        results.append(
            {
                "transcript_id": transcript_id,
                "path": str(result.path),
                "bytes": result.bytes_written,
                "error": None,
            }
        )
    output.document({"format": fmt, "exports": results})
    return 1 if any(r["error"] for r in results) else 0


async def run_pending(
    client: AssemblyAIClient,
    journal: Journal,
    *,
    complete: bool,
    discard: bool,
    as_json: bool,
    assign: tuple[int, str] | None = None,
    batch: str | None = None,
    deadline: float = DEFAULT_SUBMIT_DEADLINE,
    parallel: int = 4,
) -> int:
    """Open work by batch: what is left and why; ``complete`` finishes what no other
    live aai-tui owns, ``discard`` drops it, ``assign`` settles an ambiguous match."""
    output = Output(as_json)
    if assign is not None:
        return await _assign(client, journal, output, *assign)
    if batch is not None:
        return _show_batch(journal, output, batch)
    open_work = await asyncio.to_thread(journal.unfinished, client.base_url)
    if not open_work:
        output.line("No unfinished submissions.")
        output.document({"pending": [], "batches": []})
        return 0
    mine = [s for s in open_work if not s.held_elsewhere(journal.owner)]
    if discard:
        await asyncio.to_thread(journal.discard, [sub.id for sub in mine])
    elif complete:
        submitter = Submitter(client, journal, deadline=deadline)
        workable = [s for s in mine if s.state.unfinished]
        await submitter.complete_batch(workable, parallel_uploads=parallel)
    by_id = {s.id: s for s in await asyncio.to_thread(journal.all_of, [s.id for s in open_work])}
    rows: list[dict[str, Any]] = []
    batches: list[dict[str, Any]] = []
    for batch_id, members in _grouped(list(by_id.values())):
        summary = await asyncio.to_thread(journal.batch, batch_id) if batch_id else members
        counts = _counts(summary)
        if batch_id:
            output.line(f"batch {batch_id} · {_when(summary)} · {len(summary)} files: {counts}")
            batches.append({"batch_id": batch_id, "files": len(summary), "counts": counts})
        else:
            output.line(f"single submissions · {len(members)}")
        for sub in members:
            held = sub.held_elsewhere(journal.owner)
            output.line(
                f"  {sub.id:>5} {sub.state.value:10} {sub.display_name}"
                + (f" → {sub.transcript_id}" if sub.transcript_id else "")
                + (f"  · {_elsewhere(sub)}" if held else "")
                + (f"  ({sub.error})" if sub.error and not held else "")
            )
            rows.append(
                {
                    "id": sub.id,
                    "batch_id": sub.batch_id,
                    "source": sub.local_path or sub.source_url,
                    "state": sub.state.value,
                    "transcript_id": sub.transcript_id,
                    "candidates": list(sub.candidates),
                    "in_another_process": held,
                    "error": sub.error,
                }
            )
    output.document({"pending": rows, "batches": batches})
    left = [s for s in by_id.values() if s.state.open]
    if not (complete or discard):
        output.line(
            "Finish them with `aai-tui pending --complete`, drop them with `--discard`; "
            "`--batch ID` shows every file of a batch."
        )
        return 0
    if left:
        output.line(f"{len(left)} still open.")
        return 1
    return 0


def _grouped(subs: list[Submission]) -> list[tuple[str | None, list[Submission]]]:
    groups: dict[str | None, list[Submission]] = {}
    for sub in subs:
        groups.setdefault(sub.batch_id, []).append(sub)
    return list(groups.items())


def _counts(subs: Sequence[Submission]) -> str:
    tally: dict[str, int] = {}
    for sub in subs:
        tally[sub.state.value] = tally.get(sub.state.value, 0) + 1
    return ", ".join(f"{n} {state}" for state, n in sorted(tally.items()))


def _when(subs: Sequence[Submission]) -> str:
    started = min((s.created_at for s in subs), default=0.0)
    return datetime.fromtimestamp(started).strftime("%Y-%m-%d %H:%M")


def _show_batch(journal: Journal, output: Output, batch_id: str) -> int:
    try:
        batch_id = resolve_batch_id(journal, batch_id)
    except QueryError as error:
        # Not there is exit 1, as for list --batch; an ambiguous prefix is bad input (2).
        said = str(error).replace("aai-tui batches", "aai-tui pending")
        raise type(error)(said) from None
    members = journal.batch(batch_id)
    output.line(f"batch {batch_id} · {_when(members)} · {len(members)} files: {_counts(members)}")
    for sub in members:
        output.line(
            f"  {sub.id:>5} {sub.state.value:10} {sub.display_name}"
            + (f" → {sub.transcript_id}" if sub.transcript_id else "")
            + (f"  ({sub.error})" if sub.error and sub.state is not SubmissionState.CREATED else "")
        )
    output.document(
        {
            "batch_id": batch_id,
            "submissions": [
                {
                    "id": s.id,
                    "source": s.local_path or s.source_url,
                    "state": s.state.value,
                    "transcript_id": s.transcript_id,
                    "error": s.error,
                }
                for s in members
            ],
        }
    )
    return 0


async def _assign(
    client: AssemblyAIClient, journal: Journal, output: Output, submission_id: int, typed: str
) -> int:
    try:
        sub = journal.get(submission_id)
    except KeyError:
        raise InputError(f"no submission {submission_id} in the journal") from None
    (transcript_id,) = await resolve_ids(client, journal, [typed])
    if sub.candidates and transcript_id not in sub.candidates:
        raise InputError(
            f"{transcript_id} is not one of submission {submission_id}'s candidates: "
            + ", ".join(sub.candidates)
        )
    await client.get_transcript(transcript_id)  # it exists, on this account
    try:
        sub = journal.assign(submission_id, transcript_id)
    except (AlreadyClaimed, ValueError) as error:
        raise InputError(str(error)) from None
    output.line(f"submission {submission_id} ({sub.display_name}) → {transcript_id}")
    output.document({"id": submission_id, "transcript_id": transcript_id})
    return 0
