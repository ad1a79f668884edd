"""The shell side of the actions: ``aai-tui submit``, ``export`` and ``pending``.

Each returns an exit code and prints either readable lines or, with --json, one
JSON document on stdout; progress goes to stderr so that stdout stays clean.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aai_tui.actions.capacity import CapacityGate
from aai_tui.actions.export import ExportError, ExportExists, export_transcript
from aai_tui.actions.inputs import InputError, SubmitOptions, check_params, expand_sources
from aai_tui.actions.submit import BatchProgress, SubmitOutcome, Submitter
from aai_tui.actions.wait import wait_until_done
from aai_tui.api.errors import ApiError
from aai_tui.formatting import file_size
from aai_tui.journal import Journal, SubmissionState
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
) -> int:
    output = Output(as_json)
    params = check_params(options.to_params())
    expanded = expand_sources(sources)
    submitter = Submitter(client, journal)

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
                output.line(
                    f"… {name}: not finished ({sub.error}); "
                    "it stays in the journal: aai-tui pending"
                )
        sent = file_size(progress.bytes_sent)
        total = file_size(progress.bytes_total)
        output.progress(
            f"{progress.finished}/{progress.total} submitted · uploaded {sent} of {total}"
        )

    gate = CapacityGate(client, concurrency_limit * 2, interval=poll_interval)
    batch_id, outcomes = await submitter.submit_batch(
        expanded, params, parallel_uploads=parallel, on_progress=on_progress, gate=gate
    )
    output.done_progress()
    created = [o.submission.transcript_id for o in outcomes if o.ok and o.submission.transcript_id]
    final: dict[str, Any] = {}
    if wait and created:

        def on_round(states: dict[str, Any]) -> None:
            counts: dict[str, int] = {}
            for status, _ in states.values():
                counts[str(status)] = counts.get(str(status), 0) + 1
            output.progress(" · ".join(f"{v} {k}" for k, v in sorted(counts.items())))

        final = await wait_until_done(client, created, interval=poll_interval, on_round=on_round)
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
    return 1 if failed or failed_jobs else 0


#: Pages of 200 looked through for an id prefix the journal does not know.
PREFIX_SEARCH_PAGES = 5
FULL_ID_LENGTH = 36


async def resolve_ids(client: AssemblyAIClient, journal: Journal, ids: list[str]) -> list[str]:
    """Full transcript ids for what was typed: a full id, or the first characters the
    dashboard shows (8 or more), found in the journal, then in the newest pages."""
    resolved: list[str] = []
    for typed in ids:
        text = typed.strip()
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
) -> int:
    output = Output(as_json)
    unfinished = journal.unfinished(client.base_url)
    if not unfinished:
        output.line("No unfinished submissions.")
        output.document({"pending": []})
        return 0
    submitter = Submitter(client, journal)
    rows = []
    for sub in unfinished:
        if discard:
            sub = journal.mark_discarded(sub.id)
        elif complete:
            try:
                sub = (await submitter.complete(sub)).submission
            except InputError as error:
                sub = journal.mark_failed(sub.id, str(error))
        output.line(
            f"{sub.state.value:10} {sub.display_name}"
            + (f" → {sub.transcript_id}" if sub.transcript_id else "")
            + (f"  ({sub.error})" if sub.error and sub.state.unfinished else "")
        )
        rows.append(
            {
                "id": sub.id,
                "source": sub.local_path or sub.source_url,
                "state": sub.state.value,
                "transcript_id": sub.transcript_id,
                "error": sub.error,
            }
        )
    output.document({"pending": rows})
    if not (complete or discard):
        output.line("Finish them with `aai-tui pending --complete`, or drop them with `--discard`.")
    return 0
