"""``aai-tui list``, ``get``, ``failures``, ``batches`` and ``watch``: the dashboard's
views for scripts, on the same services and journal.

With ``--json`` stdout holds JSON only (one document; ``watch``: one line per change)
with the field names of ``JSON_FIELDS``, which a test holds; without it, lines for a
person, every quoted text shown literally.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aai_tui.actions.queries import (
    NOT_FOUND,
    WATCH_PATIENCE,
    BatchReport,
    FailureReport,
    GaveUp,
    NotFound,
    QueryError,
    UsageReport,
    Window,
    batch_reports,
    batch_transcript_ids,
    failures,
    latest_jobs,
    list_jobs,
    never_sent,
    resolve_id,
    sent_elsewhere,
    usage,
    watch,
)
from aai_tui.api.errors import ApiError
from aai_tui.api.models import Transcript, TranscriptListItem, TranscriptStatus
from aai_tui.formatting import countdown, counted, duration, span
from aai_tui.journal import Journal
from aai_tui.shell_commands import Output
from aai_tui.troubleshoot import explain

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

#: The field names of each command's JSON: scripts depend on them, a test holds them.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "list": ("transcripts", "cut", "gone"),
    "list.transcript": ("id", "status", "created", "completed", "audio_url", "error", "local_name"),
    "get": (
        "id",
        "status",
        "deleted",
        "audio_url",
        "audio_duration",
        "language_code",
        "speech_model_used",
        "error",
        "explanation",
        "local_name",
        "batch_id",
        "resubmitted_as",
        "text",
    ),
    "explanation": ("entry", "title", "meaning", "steps", "resubmit_helps"),
    "failures": ("window", "since", "total", "pages", "cut", "groups", "not_sent", "resubmitted"),
    "failures.group": (
        "entry",
        "title",
        "count",
        "first_seen",
        "last_seen",
        "resubmit_helps",
        "fix",
        "transcript_ids",
        "deleted_ids",
    ),
    "batches": ("batches",),
    "batches.batch": (
        "batch_id",
        "created",
        "files",
        "journal",
        "server",
        "audio_hours",
        "eta_minutes",
        "left",
        "resubmitted",
        "server_error",
    ),
    "batches.left": ("submission", "source", "state", "error"),
    "watch": ("id", "status", "error", "seen_at"),
    "usage": ("periods", "transcripts_read", "cut"),
    "usage.period": (
        "period",
        "since",
        "jobs",
        "audio_hours",
        "hours_by_model",
        "cost",
        "unpriced",
    ),
}


def _iso(moment: datetime | float | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, float | int):
        moment = datetime.fromtimestamp(moment, UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _item_json(item: TranscriptListItem, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "status": str(item.status),
        "created": _iso(item.created),
        "completed": _iso(item.completed),
        "audio_url": item.audio_url,
        "error": item.error,
        "local_name": names.get(item.id),
    }


async def run_list(
    client: AssemblyAIClient,
    journal: Journal,
    *,
    statuses: list[str],
    window: Window | None,
    limit: int,
    as_json: bool,
) -> int:
    output = Output(as_json)
    result = await list_jobs(client, journal, statuses=statuses, window=window, limit=limit)
    names = journal.local_names_for([item.id for item in result.items])
    output.document(
        {
            "transcripts": [_item_json(i, names) for i in result.items],
            "cut": result.cut,
            "gone": list(result.gone),
        }
    )
    if not result.items:
        output.line("No transcripts.")
    for item in result.items:
        when = _iso(item.created) or "-"
        name = names.get(item.id) or item.audio_url
        tail = f"  {item.error}" if item.error else ""
        output.line(f"{item.id}  {item.status!s:<10}  {when}  {name}{tail}")
    if result.cut:
        more = (
            f"more match: listed the newest {len(result.items)}; raise --limit or narrow "
            "--since / --status"
        )
        # On stderr, with or without --json: stdout holds only the jobs (a `while read`
        # loop over the text got this line as one more job).
        output.note(more)
    if result.gone:
        output.note(
            f"{counted(len(result.gone), 'job')} of this batch the API no longer knows "
            f"(deleted, or another account's): {', '.join(result.gone)}"
        )
    return 0


def _explanation_json(message: str, *, deleted: bool = False) -> dict[str, Any]:
    from aai_tui.actions.queries import FailureGroup

    entry = explain(message).entry
    return {
        "entry": entry.id,
        "title": entry.title,
        "meaning": entry.meaning,
        "steps": list(entry.steps),
        # A deleted job's audio is gone from the account: nothing to send again.
        "resubmit_helps": "no" if deleted else FailureGroup(entry).resubmit_helps,
    }


def _sent_here(journal: Journal, transcript_id: str, here: str) -> None:
    """Refuse a job this journal sent to another endpoint, saying where it went: asked
    here, "not found" alone read as deleted."""
    sent = journal.by_transcript(transcript_id)
    if sent is not None and sent.endpoint and sent.endpoint != here:
        raise NotFound(sent_elsewhere(transcript_id, [sent.endpoint], here)) from None


def _get_json(transcript: Transcript, journal: Journal) -> dict[str, Any]:
    submission = journal.by_transcript(transcript.id)
    return {
        "id": transcript.id,
        "status": str(transcript.status),
        # Deleted by its owner: the status stays, the text and audio are gone.
        "deleted": transcript.deleted,
        "audio_url": transcript.audio_url,
        "audio_duration": transcript.audio_duration,
        "language_code": transcript.language_code,
        "speech_model_used": transcript.speech_model_used,
        "error": transcript.error,
        "explanation": _explanation_json(transcript.error, deleted=transcript.deleted)
        if transcript.error
        else None,
        "local_name": submission.display_name if submission and submission.local_path else None,
        "batch_id": submission.batch_id if submission else None,
        # The latest job resubmitted from it by any aai-tui on this journal, following a
        # chain of resubmissions (None when it was not resubmitted).
        "resubmitted_as": latest_jobs(journal, [transcript.id]).get(transcript.id),
        "text": transcript.text,
    }


async def run_get(client: AssemblyAIClient, journal: Journal, text: str, *, as_json: bool) -> int:
    """One transcript: its facts, and for a failure what it means and how to fix it.
    Exit 0, or 1 when the job failed."""
    output = Output(as_json)
    transcript_id = await resolve_id(text, client, journal)
    try:
        transcript = await client.get_transcript(transcript_id)
    except ApiError as error:
        if error.not_found:
            _sent_here(journal, transcript_id, client.base_url)
        raise
    data = _get_json(transcript, journal)
    output.document(data)
    for label, key in (
        ("ID", "id"),
        ("Status", "status"),
        ("Audio", "audio_url"),
        ("File", "local_name"),
        ("Batch", "batch_id"),
        ("Duration", "audio_duration"),
        ("Language", "language_code"),
        ("Model", "speech_model_used"),
        ("Now", "resubmitted_as"),
    ):
        if data[key] is not None:
            # As the dashboard says it (57:40); --json keeps the API's seconds.
            shown = duration(data[key]) if key == "audio_duration" else data[key]
            if key == "resubmitted_as":
                shown = f"resubmitted as {shown} (aai-tui get {shown[:8]})"
            elif key == "status" and transcript.deleted:
                shown = f"{shown}, deleted (its text and audio are gone from the account)"
            output.line(f"{label:<10}{shown}")
    if transcript.error:
        explanation = data["explanation"]
        output.line(f"{'Error':<10}{transcript.error}")
        output.line(f"{'Why':<10}{explanation['title']}: {explanation['meaning']}")
        for step in explanation["steps"]:
            output.line(f"{'Fix':<10}{step}")
        helps = explanation["resubmit_helps"]
        if transcript.deleted:
            helps += " (deleted: its audio is gone from the account)"
        output.line(f"{'Resubmit':<10}{helps}")
    elif transcript.deleted:
        output.line("")
        output.line("(deleted: its text is gone from the account)")
    elif transcript.text:
        output.line("")
        output.line(transcript.text)
    return 1 if transcript.status is TranscriptStatus.ERROR else 0


def _failures_json(report: FailureReport) -> dict[str, Any]:
    return {
        "window": report.window.label,
        "since": _iso(report.window.since),
        "total": report.total,
        "pages": report.scanned_pages,
        "cut": report.cut,
        "groups": [
            {
                "entry": group.entry.id,
                "title": group.entry.title,
                "count": group.count,
                "first_seen": _iso(group.first_seen),
                "last_seen": _iso(group.last_seen),
                "resubmit_helps": group.resubmit_helps,
                "fix": group.fix,
                "transcript_ids": [job.id for job in group.jobs],
                # Of those, the ones deleted since (their audio is gone: not to resend).
                "deleted_ids": [job.id for job in group.jobs if job.deleted],
            }
            for group in report.groups
        ],
        # A batch's files that never became a job (always empty for other windows).
        "not_sent": [
            {"submission": s.id, "source": s.local_path or s.source_url, "error": s.error}
            for s in report.not_sent
        ],
        # Failed jobs of the window resubmitted already (by any aai-tui on this journal):
        # old id -> the new job's id. They stay failures on the server.
        "resubmitted": dict(report.resubmitted),
    }


async def run_failures(
    client: AssemblyAIClient, journal: Journal, window: Window, *, as_json: bool
) -> int:
    """Failed jobs in the window grouped by cause. Exit 0 (1 if the scan was cut short)."""
    output = Output(as_json)

    def progress(pages: int, jobs: int) -> None:
        output.progress(f"scanning failed jobs: {counted(pages, 'page')}, {jobs} found")

    report = await failures(client, journal, window, on_page=progress)
    output.done_progress()
    output.document(_failures_json(report))
    if not report.groups:
        output.line(f"No failed transcripts ({report.window.label}).")
    else:
        again = (
            f" ({len(report.resubmitted)} resubmitted already, marked →)"
            if report.resubmitted
            else ""
        )
        output.line(f"{counted(report.total, 'failed transcript')}, {report.window.label}{again}:")
    for group in report.groups:
        first, last = _iso(group.first_seen) or "?", _iso(group.last_seen) or "?"
        output.line("")
        output.line(f"{group.count:>5}  {group.entry.title}   (first {first}, last {last})")
        output.line(f"       fix: {group.fix}")
        output.line(f"       resubmitting helps: {group.resubmit_helps}")
        shown = ", ".join(
            f"{job.id[:8]}→{report.resubmitted[job.id][:8]}"
            if job.id in report.resubmitted
            else f"{job.id[:8]} (deleted)"
            if job.deleted
            else job.id[:8]
            for job in group.jobs[:8]
        )
        more = f" and {group.count - 8} more" if group.count > 8 else ""
        output.line(f"       jobs: {shown}{more}")
    if report.not_sent:
        output.line("")
        output.line(
            f"{counted(len(report.not_sent), 'file')} of this batch never became a job "
            f"(aai-tui batches --batch {report.window.batch_id} says why)"
        )
    if report.cut:
        output.line(f"(stopped after {report.scanned_pages} pages: narrow the window)")
        return 1
    return 0


def _batch_json(report: BatchReport) -> dict[str, Any]:
    return {
        "batch_id": report.batch_id,
        "created": _iso(report.created_at),
        "files": report.files,
        "journal": report.journal_states,
        "server": report.server_states,
        # None when no file's length is known (a URL is not probed): 0.0 said "no audio".
        "audio_hours": round(report.audio_seconds / 3600, 4) if report.audio_seconds else None,
        "eta_minutes": [round(s / 60, 2) for s in report.eta_seconds]
        if report.eta_seconds
        else None,
        "left": [
            {
                "submission": s.id,
                "source": s.local_path or s.source_url,
                "state": s.state.value,
                "error": s.error,
            }
            for s in report.left
        ],
        "resubmitted": dict(report.resubmitted),
        "server_error": report.server_error,
    }


#: The API could not be asked: the journal's part was shown, the server's was not.
EXIT_UNREACHABLE = 1


def _nothing_created(report: BatchReport) -> str:
    failed = report.journal_states.get("failed", 0)
    if failed == report.files:
        return f"none created: {failed} failed"
    return "nothing created yet"


async def run_batches(
    client: AssemblyAIClient,
    journal: Journal,
    *,
    batch_id: str | None,
    as_json: bool,
    slots: int | None = None,
) -> int:
    """Every batch the journal knows, newest first, with the server's states; ETAs run
    ``slots`` jobs at a time (the configured concurrency limit)."""
    output = Output(as_json)
    # The batches sent to this endpoint, as the dashboard's batch view shows them (a
    # batch asked for by id is shown wherever it went).
    endpoint = None if batch_id else client.base_url
    reports = await batch_reports(
        client, journal, batch_id=batch_id, endpoint=endpoint, here=client.base_url, slots=slots
    )
    output.document({"batches": [_batch_json(r) for r in reports]})
    if not reports:
        others = journal.batches_elsewhere(client.base_url) if endpoint else 0
        elsewhere = (
            f" ({counted(others, 'batch', 'batches')} went to other endpoints: --base-url)"
            if others
            else ""
        )
        output.line(f"No batches in the journal for {client.base_url}.{elsewhere}")
        if others and as_json:  # said on stderr: stdout stays JSON
            output.note(f"no batches for {client.base_url}{elsewhere}")
    unasked = next((r.server_error for r in reports if r.server_error), None)
    if unasked:
        output.note(f"the API was not asked ({unasked}): the journal only")
    for report in reports:
        data = _batch_json(report)
        server = " · ".join(f"{n} {state}" for state, n in sorted(report.server_states.items()))
        eta = report.eta_seconds
        output.line(
            f"{report.batch_id}  {data['created']}  {counted(report.files, 'file')}  "
            + (
                f"{duration(report.audio_seconds)} of audio  "
                if report.audio_seconds
                else "audio length not known  "
            )
            + f"{server or _nothing_created(report)}"
            + (f"  ETA {span(countdown(eta[0]), countdown(eta[1]), '-')}" if eta else "")
        )
        if batch_id:
            # One batch: its files, as the batch view lists them.
            for s in report.submissions:
                job = s.transcript_id or ""
                again = report.resubmitted.get(job)
                server = report.statuses.get(again or job, "")
                if not job:
                    why = f"  {s.error}" if s.error else ""
                elif again:
                    why = f"  resubmitted as {again}"
                else:
                    failed = report.errors.get(job) if server == "error" else None
                    why = f"  failed: {failed}" if failed else ""
                output.line(
                    f"    #{s.id} {s.state.value:<9} {server:<10} {s.display_name}  "
                    f"{job or '-'}{why}"
                )
            continue
        for s in report.left:
            why = f": {s.error}" if s.error else ""
            output.line(f"    left: #{s.id} {s.display_name} ({s.state.value}){why}")
    return EXIT_UNREACHABLE if any(r.unreachable for r in reports) else 0


#: ``watch`` waited out an unreachable API for its whole patience: the jobs' ends are
#: unknown (1 says a job failed).
EXIT_GAVE_UP = 3


async def run_watch(
    client: AssemblyAIClient,
    journal: Journal,
    *,
    ids: list[str],
    batch_id: str | None,
    as_json: bool,
    interval: float,
    patience: float = WATCH_PATIENCE,
) -> int:
    """One line (with --json, one JSON object) per change of status until every job
    has ended. Exit 0 when all completed, 1 when any failed (or, for a batch, any of
    its files never became a job), 3 when the API could not be asked for ``patience``
    seconds (an outage is waited out until then)."""
    output = Output(as_json)
    wanted = batch_transcript_ids(journal, batch_id, client.base_url) if batch_id else []
    for text in ids:
        wanted.append(await resolve_id(text, client, journal))
    for transcript_id in wanted:
        _sent_here(journal, transcript_id, client.base_url)
    if not wanted and batch_id:
        raise NotFound(
            f"batch {batch_id} has no job to watch: none of its files was created "
            f"(aai-tui batches --batch {batch_id} says why)"
        )
    if not wanted:
        raise QueryError("nothing to watch: give transcript ids or --batch ID")
    # Files of the batch that never became a job: no line to stream, but the batch did
    # not all go, so the exit code says so (and stderr why), as a failed job would.
    unsent = never_sent(journal, batch_id) if batch_id else []
    if unsent:
        output.note(
            f"{counted(len(unsent), 'file')} of batch {batch_id} never became a job "
            f"(aai-tui batches --batch {batch_id} says why)"
        )
    failed = bool(unsent)

    def trouble(why: str | None) -> None:
        # On stderr, said once each way: stdout stays one line (or object) per change.
        output.note(
            "the API answers again: still watching"
            if why is None
            else f"the API cannot be asked ({why}): still watching, asking again "
            f"for up to {countdown(patience)}"
        )

    changes = watch(
        client,
        list(dict.fromkeys(wanted)),
        interval=interval,
        patience=patience,
        on_trouble=trouble,
    )
    try:
        async for change in changes:
            failed = failed or change.status in ("error", NOT_FOUND)
            if as_json:
                record = {
                    "id": change.transcript_id,
                    "status": change.status,
                    "error": change.error,
                    "seen_at": _iso(change.seen_at),
                }
                print(json.dumps(record), file=sys.stdout, flush=True)
            else:
                tail = f"  {change.error}" if change.error else ""
                output.line(
                    f"{_iso(change.seen_at)}  {change.transcript_id}  {change.status}{tail}"
                )
    except GaveUp as error:
        output.note(str(error))
        return EXIT_GAVE_UP
    return 1 if failed else 0


def _usage_json(report: UsageReport, prices: dict[str, float]) -> dict[str, Any]:
    periods = []
    for period in report.periods:
        cost, unpriced = period.cost(prices)
        periods.append(
            {
                "period": period.label,
                "since": _iso(period.since),
                "jobs": period.jobs,
                "audio_hours": round(period.hours, 4),
                "hours_by_model": {
                    model: round(seconds / 3600, 4)
                    for model, seconds in sorted(period.seconds_by_model.items())
                },
                "cost": round(cost, 4) if cost is not None else None,
                "unpriced": list(unpriced),
            }
        )
    return {"periods": periods, "transcripts_read": report.read, "cut": report.cut}


async def run_usage(client: AssemblyAIClient, prices: dict[str, float], *, as_json: bool) -> int:
    """Hours of audio transcribed today and in the last 7 days, by model, and an
    estimate from the config's [prices]. Exit 0 (1 when the count was cut short)."""
    output = Output(as_json)

    def progress(pages: int, jobs: int) -> None:
        output.progress(f"reading completed jobs: {counted(pages, 'page')}, {jobs} found")

    report = await usage(client, on_page=progress)
    output.done_progress()
    data = _usage_json(report, prices)
    output.document(data)
    for period in data["periods"]:
        models = ", ".join(f"{m} {h:.2f} h" for m, h in period["hours_by_model"].items())
        cost = period["cost"]
        estimate = f", about {cost:.2f} by your prices" if cost is not None else ""
        missing = period["unpriced"] if prices else []
        unpriced = f" (no price for {', '.join(missing)})" if missing else ""
        output.line(
            f"{period['period']:<12}{period['audio_hours']:.2f} h of audio in "
            f"{counted(period['jobs'], 'job')}{estimate}{unpriced}"
            + (f": {models}" if models else "")
        )
    if not prices:
        output.line("No [prices] in the config: hours only, no cost estimate.")
    if report.cut:
        output.line("(counted the newest 2,000 completed jobs only)")
        return 1
    return 0


__all__ = [
    "JSON_FIELDS",
    "run_batches",
    "run_failures",
    "run_get",
    "run_list",
    "run_usage",
    "run_watch",
]
