"""The header line: endpoint, live state, rate-limit budget and job gauges."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual.widgets import Static

from aai_tui.formatting import countdown
from aai_tui.tracking.budget import BudgetView
from aai_tui.tracking.events import JobCounts
from aai_tui.ui.presentation import theme_colors
from aai_tui.ui.safe_text import visible


@dataclass(frozen=True)
class GaugeState:
    endpoint: str = ""
    demo: bool = False
    paused: bool = False
    offline_until: float | None = None  # monotonic time of the next retry
    budget: BudgetView | None = None
    budget_seen_at: float = 0.0
    counts: JobCounts | None = None
    concurrency_limit: int = 5
    read_only: bool = False
    #: The API refused the key (401): said instead of "live" until another key works.
    key_rejected: bool = False
    #: Monotonic time requests went out with no answer since (None: answered).
    waiting_since: float | None = None


_BARS = "▁▂▃▄▅▆▇█"
#: The header's forms, fullest first: each step shortens one more part of the line.
NARROW_GAPS, NO_SCHEME, SHORT_RATE, REGION_ONLY, TERSE_JOBS, BARE, NO_ENDPOINT, NO_RATE, SYMBOLS = (
    range(1, 10)
)
COMPACTNESS_LEVELS = SYMBOLS + 1
#: Seconds without any answer before "● live" becomes "no answer for N s".
QUIET_AFTER = 20.0


def short_endpoint(label: str, compactness: int) -> str:
    """The endpoint label, shorter as room runs out: "us · https://api.assemblyai.com"
    loses its scheme, then its address (the region says it); a base URL of its own
    keeps its host and port, and then loses any note such as "(simulator)"."""
    if compactness < NO_SCHEME:
        return label
    region, _, address = label.rpartition(" · ")
    for scheme in ("https://", "http://"):
        address = address.removeprefix(scheme)
    address = address.rstrip("/")
    if compactness >= REGION_ONLY:
        return region or address.split(" (", 1)[0]
    return f"{region} · {address}" if region else address


def sparkline(values: tuple[int, ...]) -> str:
    """One block character per value, scaled to the largest."""
    top = max(values, default=0)
    if top <= 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1)))] for v in values)


#: Counts older than this say their age (a scan of thousands of active jobs).
COUNTS_STALE_AFTER = 15.0


class StatusBar(Static):
    """Re-rendered once a second so that countdowns count down."""

    DEFAULT_CLASSES = "status-bar"

    def __init__(
        self,
        state: GaugeState,
        *,
        clock: Callable[[], float] = time.monotonic,
        id: str | None = None,
    ) -> None:
        super().__init__("", id=id, markup=False)
        self.state = state
        self._clock = clock
        #: When the counts shown arrived, on this bar's clock: their age grows from it.
        self._counts_arrived = clock()

    _shown: tuple[object, ...] = ()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._tick()

    def on_resize(self) -> None:
        self._shown = ()
        self._tick()

    def update_state(self, **changes: object) -> None:
        if "counts" in changes:
            self._counts_arrived = self._clock()
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]  # fields by name
        self._tick()

    def _tick(self) -> None:
        # Always one row (render_state fits the width), so no screen-wide layout; and
        # drawn only when its text changed: an idle dashboard writes nothing.
        line = self.render_state()
        shown = (line.plain, tuple(line.spans), str(line.style))
        if shown == self._shown:
            return
        self._shown = shown
        self.update(line, layout=False)

    def _var(self, name: str) -> str:
        return theme_colors(self.app).get(name, "")

    def render_state(self) -> Text:
        """The fullest form of the line that fits the bar's width on one row."""
        width = self.content_size.width
        for compactness in range(COMPACTNESS_LEVELS):
            line = self._line(compactness)
            if not width or line.cell_len <= width:
                break
        return line

    def _line(self, compactness: int) -> Text:
        """The header at ``compactness`` 0 (everything, spelled out) to BARE (numbers)."""
        s = self.state
        now = self._clock()
        gap = "  │  " if compactness < NARROW_GAPS else " │ "
        line = Text(no_wrap=True, overflow="ellipsis")
        where: list[tuple[str, str]] = []
        if compactness < BARE:
            where.append(("aai-tui", "bold"))
        if not ((s.demo and compactness >= BARE) or compactness >= NO_ENDPOINT):
            where.append((visible(short_endpoint(s.endpoint, compactness), single_line=True), ""))
        if s.demo:
            where.append(("[demo]", f"bold {self._var('accent')}"))
        if s.read_only:
            where.append(("[read-only]", "bold"))
        for index, (text, style) in enumerate(where):
            line.append(f" {text}" if index else text, style=style)
        if where:
            line.append(gap)
        words = compactness < SYMBOLS
        quiet = (
            now - s.waiting_since
            if s.waiting_since is not None and now - s.waiting_since > QUIET_AFTER
            else None
        )
        if s.key_rejected:
            line.append(
                "✖ key rejected (ctrl+k)" if words else "✖ key",
                style=f"bold {self._var('gauge-out')}",
            )
        elif s.offline_until is not None:
            retry = max(0.0, s.offline_until - now)
            line.append(
                f"⚠ offline, retrying in {countdown(retry)}", style=f"bold {self._var('gauge-out')}"
            )
        elif s.paused:
            line.append("‖ paused" if words else "‖", style=f"bold {self._var('gauge-low')}")
        elif quiet is not None:
            line.append(
                f"◌ no answer for {countdown(quiet)}" if words else "◌ …",
                style=f"bold {self._var('gauge-low')}",
            )
        elif s.budget and s.budget.holding_back_for > 0:
            left = s.budget.holding_back_for - (now - s.budget_seen_at)
            line.append(
                f"◷ holding back {countdown(max(0.0, left))}",
                style=f"bold {self._var('gauge-low')}",
            )
        else:
            line.append("● live" if words else "●", style=self._var("gauge-ok"))
        line.append(gap)
        if compactness < NO_RATE:
            line.append_text(self._rate_text(now, compactness))
            line.append(gap)
        line.append_text(self._jobs_text(compactness))
        return line

    def _rate_text(self, now: float, compactness: int) -> Text:
        budget = self.state.budget
        if budget is None:
            return Text("rate …")
        if not budget.reported or budget.limit is None or budget.remaining is None:
            return Text("rate: no limit reported" if compactness < SHORT_RATE else "rate: none")
        fraction = budget.remaining / budget.limit if budget.limit else 0
        color = self._var(
            "gauge-ok" if fraction > 0.25 else "gauge-low" if fraction > 0 else "gauge-out"
        )
        text = Text("rate ")
        text.append(f"{budget.remaining:,}/{budget.limit:,}", style=color)
        if budget.reset_in is not None and compactness < SHORT_RATE:
            left = budget.reset_in - (now - self.state.budget_seen_at)
            text.append(f" ↻{countdown(max(0.0, left))}")
        if budget.slowdown > 1:
            text.append(f" slowed ×{budget.slowdown:g}", style=self._var("gauge-low"))
        return text

    def _jobs_text(self, compactness: int) -> Text:
        counts = self.state.counts
        if counts is None:
            return Text("jobs …")
        queued, throttled, gap = (
            (" queued", " throttled", " · ") if compactness < TERSE_JOBS else ("", "", " ")
        )
        plus = "+" if counts.capped else ""
        limit = self.state.concurrency_limit
        full = counts.processing >= limit
        text = Text()
        text.append(
            f"◐ {counts.processing}{plus}/{limit}",
            style=self._var("gauge-low" if full else "gauge-ok"),
        )
        if counts.limit_seen is not None and counts.limit_seen != limit:
            # The account's real limit, learnt from throttling, against the configured.
            # Spelled out until the numbers alone are left (BARE): it is what the
            # account really allows, worth the room more than the words around it.
            seen = (
                f" limit {counts.limit_seen} (seen)"
                if compactness < BARE
                else (f" ≤{counts.limit_seen}")
            )
            low = counts.limit_seen < limit
            text.append(seen, style=self._var("gauge-low") if low else "")
        text.append(f"{gap}◌ {counts.queued}{plus}{queued}{gap}")
        text.append(
            f"⊘ {counts.throttled}{plus}{throttled}",
            style=self._var("status-throttled") if counts.throttled else "",
        )
        if counts.history:
            text.append(f"{gap}✔ {counts.per_minute:g}/min")
            if compactness < BARE:
                text.append(" ")
                text.append(sparkline(counts.history), style=self._var("status-completed"))
        age = counts.age + max(0.0, self._clock() - self._counts_arrived)
        if age >= COUNTS_STALE_AFTER:
            # A big scan is spread over cycles: say how old its counts are.
            text.append(f"{gap}({countdown(age)} old)", style="dim")
        return text
