"""Resubmit: the jobs it will send, with which options, and what it leaves out.

Enter sends exactly what is shown; ctrl+e edits the options once for the whole
group first (a new model, a language, a threshold: the fix the explanation names).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from aai_tui.actions.inputs import InputError, SubmitOptions
from aai_tui.actions.resubmit import PlannedJob, ResubmitPlan
from aai_tui.api.models import Transcript
from aai_tui.api.request_options import BY_NAME, Kind
from aai_tui.api.validation import RequestRefused, check_request
from aai_tui.formatting import counted, some_of
from aai_tui.troubleshoot.matcher import TroubleEntry
from aai_tui.ui.action_registry import Place, bindings, press
from aai_tui.ui.safe_text import literal, visible
from aai_tui.ui.widgets.options_editor import DIFFERS, OptionsEditor


def options_summary(params: dict[str, Any]) -> str:
    """Options as one line: ``speech_models=a,b · speaker_labels · prompt="…"``."""
    parts: list[str] = []
    for name, value in params.items():
        if value is True:
            parts.append(name)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            parts.append(f"{name}={','.join(value)}")
        elif isinstance(value, list | dict):
            parts.append(f"{name}={json.dumps(value, ensure_ascii=False)}")
        else:
            parts.append(f"{name}={value}")
    return " · ".join(parts) or "the API's defaults (the account's default models)"


def fails_as_it_is(transcript: Transcript) -> bool:
    """Failed in a way that sending it unchanged fails again: a cause an option fixes,
    one in the audio or its URL, or one no resubmission helps (audio too short)."""
    from aai_tui.api.models import TranscriptStatus
    from aai_tui.troubleshoot import explain

    if transcript.status is not TranscriptStatus.ERROR:
        return False
    return not explain(transcript.error or "").entry.retryable


def fail_again(plan: ResubmitPlan) -> list[str]:
    """The planned jobs that failed in a way a resubmission as it is does not help
    ("after the fix" or "no" in the failures view), each as "label (cause)"."""
    from aai_tui.troubleshoot import explain

    return [
        f"{job.label} ({explain(job.transcript.error or '').entry.title})"
        for job in plan.jobs
        if fails_as_it_is(job.transcript)
    ]


def _as_they_are(count: int, failing: int | None = None) -> str:
    """ "As they are, these fail", or "1 of these fails" when not all of them do."""
    if failing is not None and failing < count:
        return f"As they are, {failing} of these {'fails' if failing == 1 else 'fail'}"
    return "As it is, it fails" if count == 1 else "As they are, these fail"


def causes_of(titles: list[str]) -> str:
    """Every cause named, most frequent first, with its count when there are several:
    the first job's cause alone misnamed the rest."""
    counts = Counter(titles)
    if len(counts) == 1:
        return titles[0]
    return ", ".join(f"{title} ({count})" for title, count in counts.most_common())


def still_failing(plan: ResubmitPlan) -> list[tuple[PlannedJob, TroubleEntry, str]]:
    """The planned failures an option fixes that the options they will be sent with do
    not fix, each with its catalog entry and why: none of the options that fix it
    changed (a threshold changed for a group that also held silent files), or the one
    that changed stays past what the error states (a threshold of 0.5 for a language
    detected at 0.42). Sent so, they fail the same way."""
    from aai_tui.api.models import TranscriptStatus
    from aai_tui.troubleshoot import explain, still_fails

    found = []
    for job in plan.jobs:
        if job.transcript.status is not TranscriptStatus.ERROR:
            continue
        explanation = explain(job.transcript.error or "")
        why = still_fails(explanation, job.failed_with, job.params)
        if why is not None:
            found.append((job, explanation.entry, why))
    return found


def _set_aside_unfixed(plan: ResubmitPlan, *, edited: bool = True) -> tuple[ResubmitPlan, str]:
    """The plan without the jobs its options do not fix, each set aside with its cause
    and why, and the line that says so: after an edit that fixes some of them, or on
    Enter beside jobs that go as they are (a server error). Unchanged when none is
    left unfixed, or all are (then Enter waits for an edit)."""
    unfixed = still_failing(plan)
    if not unfixed or len(unfixed) == len(plan.jobs):
        return plan, ""
    not_fixed = "the edit does not fix it" if edited else "as it is, it fails the same way"
    kept = plan.set_aside(
        {job.transcript_id: f"{entry.title}: {not_fixed} ({why})" for job, entry, why in unfixed}
    )
    if not edited:
        return kept, ""
    aside = "it stays" if len(unfixed) == 1 else "they stay"
    return kept, (
        f"The edit fixes {len(kept.jobs)} of {len(plan.jobs)}: "
        f"{counted(len(unfixed), 'job')} set aside (under Left out, said why); "
        f"{aside} failed, to resubmit with another edit later."
    )


def _unpressed_hint(editor: OptionsEditor, refusal: str) -> str:
    """A refusal that names a switch the jobs differ on, kept as each job has it: how to
    set it for all (a helper found only the JSON field did)."""
    unpressed = [
        name
        for name in sorted(editor.differing - set(editor.pressed))
        if name in BY_NAME and BY_NAME[name].kind is Kind.BOOLEAN and f"`{name}`" in refusal
    ]
    return (
        f" ({', '.join(unpressed)}: each job's own until its box is pressed)" if unpressed else ""
    )


class ResubmitScreen(ModalScreen[ResubmitPlan | None]):
    BINDINGS = bindings(Place.RESUBMIT)

    def __init__(
        self,
        plan: ResubmitPlan,
        *,
        title: str,
        fix_first: str | None = None,
        fix_in_options: bool = True,
    ) -> None:
        """``fix_first``: why these jobs fail again as they are. When the fix is in the
        options (``fix_in_options``), Enter waits for an edit that changes them (ctrl+e);
        when it is in the audio or its URL, which no option fixes, Enter asks once more
        before sending them as they are."""
        super().__init__()
        self.plan = plan
        self.title_text = title
        self.editing = False
        self.fix_first = fix_first
        self.fix_in_options = fix_in_options
        self.edited = False
        self._warned = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog resubmit"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(id="resubmit-jobs", markup=False)
            yield Static(id="resubmit-left-out", markup=False)
            # Docked together below the plan, always in sight: a refusal said below a
            # long form was cut at the dialog's edge ("… when `language_code` is").
            with Vertical(id="resubmit-footer", classes="dialog-keys"):
                yield Static(id="resubmit-error", markup=False).set_styles("display: none;")
                yield Static(id="resubmit-keys", markup=False)

    def on_mount(self) -> None:
        # The app quitting as the dialog opens removes its parts first: nothing to draw.
        if self.query("#resubmit-jobs"):
            self._render_plan()

    def _keymap(self) -> dict[str, str]:
        settings = getattr(self.app, "settings", None)
        return dict(settings.keymap) if settings is not None else {}

    def _render_plan(self) -> None:
        plan = self.plan
        count = len(plan.jobs)
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style="bold")
        table.add_column(overflow="fold")
        for job in plan.jobs:
            table.add_row(literal(job.transcript_id[:8]), literal(job.label, single_line=True))
            table.add_row("", literal(options_summary(dict(job.params)), style="dim"))
        unfixed = still_failing(plan) if self.fix_first and self.fix_in_options else []
        # Beside jobs that go as they are, Enter sends those and sets these aside.
        partial = len(unfixed) if unfixed and len(unfixed) < count else 0
        kept = f"({'the original is' if count == 1 else 'the originals are'} kept)"
        heading = Text(
            f"Creates {counted(count - partial, 'new paid job')} now, "
            f"{partial} more once {'its' if partial == 1 else 'their'} options are fixed "
            f"{kept}:"
            if partial
            else f"Creates {counted(count, 'new paid job')} {kept}:",
            style="bold",
        )
        self.query_one("#resubmit-jobs", Static).update(Group(heading, table))
        listed: list[RenderableType] = []
        if plan.left_out:
            # A grid: a reason that wraps goes on under its own text, not under the ids.
            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for item in plan.left_out[:20]:
                grid.add_row(
                    literal(f"  {item.transcript_id[:8]}"),
                    literal(f"{item.label}: {item.reason}"),
                )
            if len(plan.left_out) > 20:
                grid.add_row("", Text(f"… and {len(plan.left_out) - 20} more"))
            listed = [Text(f"\nLeft out: {len(plan.left_out)}", style="bold"), grid]
        left = Text()
        keymap = self._keymap()
        waits_for_edit = bool(unfixed) and not partial
        if unfixed and self.edited:
            # An edit was made, but it fixes none of them: they would fail again.
            causes = causes_of([entry.title for _, entry, _ in unfixed])
            whys = "; ".join(dict.fromkeys(why for _, _, why in unfixed))
            fixing = sorted({name for _, entry, _ in unfixed for name in entry.fixed_by})
            left.append(
                f"\nThe edit does not fix {'it' if count == 1 else 'them'}: {visible(causes)} "
                f"({visible(whys)}). Change {', '.join(fixing)} "
                f"({press('resubmit.edit', keymap)}).\n",
                style="bold yellow",
            )
        elif self.fix_first and (unfixed or (not self.fix_in_options and not self.edited)):
            then = (
                f"Change the options first ({press('resubmit.edit', keymap)})."
                if self.fix_in_options
                else "No option fixes this: fix the audio or its URL first, then send "
                + ("it." if count == 1 else "them.")
            )
            failing = len(unfixed) if self.fix_in_options else len(fail_again(plan))
            if partial:
                it = "it" if partial == 1 else "them"
                then += (
                    f" {press('resubmit.go', keymap)} sends the other "
                    f"{count - partial} now and sets {it} aside."
                )
            left.append(
                f"\n{_as_they_are(count, failing)} the same way: {visible(self.fix_first)}. "
                f"{then}\n",
                style="bold yellow",
            )
        elif again := fail_again(plan) if not self.edited else []:
            # Chosen by hand (r on marked jobs): sent if confirmed, but said first.
            left.append(
                f"\nAs they are, {len(again)} of these fail again: "
                + visible(some_of(again, shown=5, sep="; "))
                + ". ctrl+e changes the options; a fix of the audio is yours to make.\n",
                style="bold yellow",
            )
        self.query_one("#resubmit-left-out", Static).update(Group(*listed, left))
        if self.fix_first and self.edited and not unfixed:
            # "once their options are fixed" no longer holds: they are edited now.
            self.title_text = f"Resubmit {counted(count, 'job')} with the options edited"
            self.query_one(".dialog-title", Static).update(Text(self.title_text, style="bold"))
        elif partial:
            # As Enter says it: some go now, the rest once their options are fixed.
            its = "its" if partial == 1 else "their"
            self.title_text = (
                f"Resubmit {counted(count, 'job')}: {count - partial} now, "
                f"{partial} once {its} options are fixed"
            )
            self.query_one(".dialog-title", Static).update(Text(self.title_text, style="bold"))
        # Enter is offered only when it would send: until the edit, it waits.
        twice = (
            bool(self.fix_first)
            and not self.fix_in_options
            and not self.edited
            and not self._warned
        )
        go = (
            ""
            if waits_for_edit
            else f"{press('resubmit.go', keymap)}: resubmit {count - partial} now, "
            f"set {partial} aside   "
            if partial
            else f"{press('resubmit.go', keymap)}{' twice' if twice else ''}: resubmit {count}   "
        )
        keys = Text(
            f"\n{go}{press('resubmit.edit', keymap)}: edit the options"
            f"{' for all' if count > 1 else ''}   "
            f"{press('resubmit.cancel', keymap)}: cancel",
            style="bold",
        )
        self.query_one("#resubmit-keys", Static).update(keys)

    def action_confirm(self) -> None:
        if self.editing:
            self._apply_edit()
            return
        if not self.plan.jobs:
            self.dismiss(None)
            return
        if self.fix_first and self.fix_in_options and still_failing(self.plan):
            sendable, _ = _set_aside_unfixed(self.plan, edited=False)
            if sendable is not self.plan:
                # As the keys said: the others now, these left out and named.
                self.dismiss(sendable)
                return
            keymap = self._keymap()
            self.app.bell()
            self._say(
                Text(
                    f"Nothing sent: Enter waits for an edit"
                    f"{' that fixes every job' if self.edited else ''} "
                    f"({press('resubmit.edit', keymap)}).",
                    style="bold",
                )
            )
            return
        if self.fix_first and not self.fix_in_options and not self.edited and not self._warned:
            self._warned = True
            self._render_plan()
            self._say(
                Text(
                    f"{_as_they_are(len(self.plan.jobs), len(fail_again(self.plan)))} the same way "
                    f"({visible(self.fix_first)}). If the audio or its URL is fixed now, "
                    f"press Enter again to send {'it' if len(self.plan.jobs) == 1 else 'them'}.",
                    style="bold",
                )
            )
            return
        self.dismiss(self.plan)

    def action_edit(self) -> None:
        if self.editing:
            self._apply_edit()
            return
        if not self.plan.jobs:
            return
        self.editing = True
        common = self.plan.common_options()
        editor = OptionsEditor(
            SubmitOptions(common),
            id="resubmit-editor",
            enter_applies=True,
            differing=frozenset(
                name for job in self.plan.jobs for name in job.params if name not in common
            ),
        )
        scroll = self.query_one(VerticalScroll)
        # While the fields are there, the dialog is no Tab stop of its own: one that
        # showed no focus swallowed what was typed.
        scroll.can_focus = False
        scroll.mount(editor, before=self.query_one("#resubmit-footer"))
        if any(job.params != self.plan.jobs[0].params for job in self.plan.jobs[1:]):
            # An unticked box or a blank field is not "off" for all: options the jobs
            # do not share are not in the form, and each keeps its own.
            scroll.mount(
                Static(
                    Text(
                        "The jobs' options differ: the form holds those they share. What "
                        "you change here goes over every job; what they do not share "
                        f"(blank here, or a box marked {DIFFERS}) stays as each job has "
                        "it, until you type in the field or press the box.",
                        style="italic",
                    ),
                    id="resubmit-editor-note",
                ),
                before=editor,
            )
        keymap = self._keymap()
        self.query_one("#resubmit-keys", Static).update(
            Text(
                f"\nEnter: apply{' to every job' if len(self.plan.jobs) > 1 else ''}   "
                f"{press('resubmit.cancel', keymap)}: cancel",
                style="bold",
            )
        )
        if self.plan.left_out:
            # One line while the form is open: a long list left the form 5 lines.
            self.query_one("#resubmit-left-out", Static).update(
                Text(
                    f"\nLeft out: {len(self.plan.left_out)} (listed again once the edit is "
                    "applied or cancelled)",
                    style="bold",
                )
            )
        self.call_after_refresh(self._focus_editor)

    def _focus_editor(self) -> None:
        for field in self.query(Input):
            field.focus()
            break

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_edit()

    def _apply_edit(self) -> None:
        editor = self.query_one(OptionsEditor)
        try:
            params = editor.read().to_params()
            check_request(params)
        except (InputError, RequestRefused) as error:
            self._refuse(str(error))
            return
        before = [job.params for job in self.plan.jobs]
        # The edit started from the options every job shares: what it changed (or
        # removed) goes over each job's own options; a job's other options stay (a
        # group of different models kept each its own when only a language changed).
        common = self.plan.common_options()
        changes: dict[str, Any] = {k: v for k, v in params.items() if common.get(k) != v}
        changes.update({k: None for k in common if k not in params})
        # A box the jobs differ on, pressed: that switch as it reads, for every job (the
        # API's default is no option at all).
        changes.update(
            {
                name: None if value == (BY_NAME[name].default is True) else value
                for name, value in editor.pressed.items()
            }
        )
        edited = self.plan.with_changes(changes)
        # Each job as it will be sent: a language code over a job's own language
        # detection was refused by the API for that job alone, after the others went.
        for job in edited.jobs:
            try:
                check_request(job.params)
            except RequestRefused as error:
                hint = _unpressed_hint(editor, str(error))
                self._refuse(f"{job.transcript_id[:8]} {job.label}: {error}{hint}")
                return
        # An edit that leaves every job's options as they were fixes nothing.
        self.edited = self.edited or [job.params for job in edited.jobs] != before
        news = ""
        if self.fix_first and self.fix_in_options:
            edited, news = _set_aside_unfixed(edited)
        self.plan = edited
        self._close_editor()
        self._say(Text(news, style="bold") if news else "")
        self._render_plan()

    def _say(self, what: Text | str) -> None:
        """The dialog's one line of news above its keys; none takes no room."""
        said = self.query_one("#resubmit-error", Static)
        said.update(what)
        said.display = bool(str(what))

    def _refuse(self, why: str) -> None:
        """The edit is not applied; why, in sight (below a long form it was out of
        sight, and Enter seemed to do nothing)."""
        said = self.query_one("#resubmit-error", Static)
        self._say(Text(visible(why, single_line=True), style="bold"))
        self.app.bell()
        self.call_after_refresh(said.scroll_visible, animate=False)

    def _close_editor(self) -> None:
        """The fields go; the dialog scrolls by keys again (its plan can be long)."""
        self.query_one(OptionsEditor).remove()
        for note in self.query("#resubmit-editor-note"):
            note.remove()
        self.editing = False
        scroll = self.query_one(VerticalScroll)
        scroll.can_focus = True
        scroll.focus()

    def action_cancel(self) -> None:
        if self.editing:
            self._close_editor()
            self._render_plan()
            return
        self.dismiss(None)
