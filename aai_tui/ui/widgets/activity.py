"""The activity strip: upload progress, and a batch's counts and ETA."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from aai_tui.api.processing import processing_eta
from aai_tui.formatting import countdown, file_size, span
from aai_tui.ui.safe_text import visible


@dataclass
class ActivityState:
    title: str = ""
    total: int = 0
    bytes_total: int = 0
    bytes_sent: int = 0
    uploaded: int = 0
    created: int = 0
    failed_submit: int = 0
    #: Files the confirmation named as not sendable: kept in the batch, not in ``total``.
    left_out: int = 0
    statuses: dict[str, str] = field(default_factory=dict)
    audio_seconds: float = 0.0
    #: Audio seconds of each job created (by transcript id), from the plan's probes.
    durations: dict[str, float] = field(default_factory=dict)
    #: Jobs the account processes at once (its limit, as seen or configured).
    slots: int | None = None
    started_at: float = field(default_factory=time.monotonic)
    done: bool = False
    #: The account's jobs waiting (queued or throttled) that are not this batch's.
    ahead: int = 0
    #: When each of the batch's jobs was first seen processing (the panel's clock).
    processing_since: dict[str, float] = field(default_factory=dict)


class ActivityPanel(Vertical):
    """Hidden while idle; shows one running submission or batch."""

    DEFAULT_CLASSES = "activity hidden"

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._clock = clock
        self.state: ActivityState | None = None
        self._shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="activity-text", markup=False)
        yield ProgressBar(total=100, show_eta=False, id="activity-bar")

    def now(self) -> float:
        """The clock the strip's times are on."""
        return self._clock()

    def start(self, state: ActivityState) -> None:
        self.state = state
        self.remove_class("hidden")
        self.refresh_view()

    def finish(self) -> None:
        if self.state:
            self.state.done = True
        self.refresh_view()

    def clear(self) -> None:
        self.state = None
        self.add_class("hidden")

    @staticmethod
    def eta(s: ActivityState, now: float | None = None) -> tuple[float, float] | None:
        """The documented 15-30% of each unfinished job's audio, ``slots`` jobs at a
        time: the jobs queued, those processing for what is left of their share since
        they were seen to start (``now``: the panel's clock), and the files not yet
        created (their share of the audio not yet accounted for, evenly)."""
        pending = [
            s.durations.get(tid, 0.0) for tid, status in s.statuses.items() if status == "queued"
        ]
        running = [
            (
                s.durations.get(tid, 0.0),
                now - s.processing_since[tid]
                if now is not None and tid in s.processing_since
                else 0.0,
            )
            for tid, status in s.statuses.items()
            if status == "processing"
        ]
        to_create = s.total - s.created - s.failed_submit
        if to_create > 0:
            rest = max(0.0, s.audio_seconds - sum(s.durations.values()))
            pending += [rest / to_create] * to_create
        return processing_eta(pending, s.slots, running)

    def refresh_view(self) -> None:
        state = self.state
        if state is None:
            return
        bar = self.query_one(ProgressBar)
        if state.bytes_total:
            bar.update(total=state.bytes_total, progress=state.bytes_sent)
        text = self.describe(state)
        if text != self._shown:  # a countdown's tick repaints only when its text moves
            self._shown = text
            self.query_one("#activity-text", Static).update(text)

    def describe(self, s: ActivityState) -> Text:
        elapsed = max(0.001, self._clock() - s.started_at)
        line = Text(visible(s.title, single_line=True) + "  ", style="bold")
        if s.bytes_total and s.bytes_sent < s.bytes_total:
            rate = s.bytes_sent / elapsed
            eta = (s.bytes_total - s.bytes_sent) / rate if rate > 0 else None
            line.append(
                f"uploading {file_size(s.bytes_sent)} of {file_size(s.bytes_total)} "
                f"· {file_size(int(rate))}/s · ETA {countdown(eta)}  "
            )
        counts = {"queued": 0, "processing": 0, "completed": 0, "error": 0}
        for status in s.statuses.values():
            counts[status] = counts.get(status, 0) + 1
        unfinished = s.total - counts["completed"] - counts["error"] - s.failed_submit
        if s.total > 1 or s.statuses:
            # Only the counts that say something: one line at 120 columns, even done.
            parts = [
                (f"uploaded {s.uploaded}", s.uploaded < s.total and unfinished > 0),
                (f"queued {counts['queued']}", counts["queued"] > 0),
                (f"processing {counts['processing']}", counts["processing"] > 0),
                (f"completed {counts['completed']}", True),
                (f"failed {counts['error'] + s.failed_submit}", counts["error"] + s.failed_submit),
            ]
            line.append(" · ".join(text for text, shown in parts if shown) + f" of {s.total}")
            if s.left_out:
                line.append(f" · {s.left_out} left out")
            batch_eta = self.eta(s, self._clock()) if unfinished > 0 else None
            if batch_eta is not None:
                low, high = batch_eta
                # Its own processing: jobs of the account waiting before it come first.
                after = (
                    f" once {s.ahead} ahead {'has' if s.ahead == 1 else 'have'} started"
                    if s.ahead and counts["queued"]
                    else ""
                )
                line.append(f" · ETA {span(countdown(low), countdown(high))}{after}", style="dim")
        if s.done:
            # Sent is not done while its jobs are still queued or processing.
            line.append(
                f"  ({'done' if unfinished <= 0 else 'sent'} · Esc hides this)", style="dim"
            )
        else:
            line.append("  (x cancels)", style="dim")
        return line
