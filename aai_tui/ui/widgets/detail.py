"""The detail pane: every useful field of the selected transcript.

Drawn with Textual's line API: the body is rendered to lines once per change, and a
frame paints only the lines in view. A body of another height changes the pane's
virtual size, not the screen's layout, so moving through the list never re-lays out
the screen."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from aai_tui.api.models import (
    BULK_FIELDS,
    DELETED_AUDIO_URL,
    Transcript,
    TranscriptListItem,
    WordSearchResult,
)
from aai_tui.api.request_options import BY_NAME, OPTIONS, without_defaults
from aai_tui.formatting import absolute_time, counted, duration, relative_time
from aai_tui.troubleshoot import explain
from aai_tui.ui.action_registry import app_keymap, press
from aai_tui.ui.presentation import status_text, theme_colors
from aai_tui.ui.safe_text import literal
from aai_tui.ui.widgets.explanation import explanation_renderable

#: The label column's width: the same for every transcript, so values never shift.
LABEL_WIDTH = 13
#: The pane shows the start of a transcript: a few screens of it, not all 20,000
#: characters of a long call on every cursor move (export or copy gives the whole).
TEXT_PREVIEW_CHARS = 3_000
#: Bodies kept drawn: moving back to a job just seen costs no drawing.
DRAWN_KEPT = 8


def _option_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def id_lines(transcript_id: str, width: int) -> str:
    """A transcript id that does not fit on one line, broken after a dash, never inside
    one of its groups of digits."""
    if len(transcript_id) <= width or "-" not in transcript_id:
        return transcript_id
    lines: list[str] = []
    line = ""
    for part in transcript_id.split("-"):
        piece = part if not line else f"-{part}"
        if line and len(line) + len(piece) > width:
            lines.append(line + "-")
            line = part
        else:
            line += piece
    lines.append(line)
    return "\n".join(lines)


def options_set(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The request options a transcript echoes that differ from the API's defaults (a
    switch echoed as off, with no default of its own, is not worth a line)."""
    chosen = without_defaults({o.name: raw.get(o.name) for o in OPTIONS if o.name in raw})
    return {k: v for k, v in chosen.items() if v is not False or BY_NAME[k].default is True}


_PLACEHOLDER = Text("Select a transcript to see its details.", style="dim")


def _visible_part(transcript: Transcript | None) -> object:
    """What of a transcript the pane can show: the same job fetched again with its
    words (which the pane does not list) is not drawn again."""
    if transcript is None:
        return None
    # A cached summary leaves out the bulk and the nulls: the same job all the same.
    raw = {k: v for k, v in transcript.raw.items() if k not in BULK_FIELDS and v is not None}
    return (raw, transcript.text, transcript.word_count, transcript.status, transcript.throttled)


class FieldGrid:
    """Label and value rows drawn as ``Table.grid(padding=(0, 1))`` with a bold label
    column LABEL_WIDTH wide and a folding value column drew them, without the table's
    measuring pass: each value is rendered once, at the width left beside the labels.
    (The grid was half of what a cursor move cost the pane.)"""

    def __init__(self) -> None:
        self.rows: list[tuple[str | Text, RenderableType]] = []

    def add_row(self, label: str | Text, value: RenderableType) -> None:
        self.rows.append((label, value))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        room = max(1, options.max_width - LABEL_WIDTH - 1)
        # The value column is as wide as its widest value, within the room (values are
        # padded to it in their own style, as the table padded them).
        widest = max(
            (Measurement.get(console, options.update_width(room), v).maximum for _, v in self.rows),
            default=1,
        )
        value_options = options.update(
            width=max(1, min(room, widest)), overflow="fold", no_wrap=False, justify="left"
        )
        label_options = options.update(
            width=LABEL_WIDTH, overflow="ellipsis", no_wrap=True, height=None, justify="left"
        )
        bold = console.get_style("bold")
        # The label cell and the gap after it are bold, as the table's column style made
        # them: the same cells and styles, so the screen reads the same.
        gap = Segment(" " * (LABEL_WIDTH + 1), bold)
        for label, value in self.rows:
            head = console.render_lines(label, label_options, pad=False)[0]
            head_segments = list(Segment.apply_style(head, bold))
            head_segments.append(
                Segment(" " * (LABEL_WIDTH - Segment.get_line_length(head) + 1), bold)
            )
            lines = console.render_lines(value, value_options) or [[]]
            for index, line in enumerate(lines):
                yield from head_segments if index == 0 else (gap,)
                yield from line
                yield Segment.line()


#: How a word search hit looks in the transcript text.
SEARCH_HIT_STYLE = "bold reverse"


def highlight_hits(text: Text, words: list[str]) -> int:
    """Mark the searched words and phrases in ``text`` as whole words, case aside, as
    the API counted them ("recording" is not a hit inside "recordings"); how many."""
    hits = sorted({re.escape(w.strip()) for w in words if w.strip()}, key=len, reverse=True)
    if not hits:
        return 0
    pattern = rf"(?i)(?<!\w)(?:{'|'.join(hits)})(?!\w)"
    return text.highlight_regex(pattern, style=SEARCH_HIT_STYLE)


@dataclass(frozen=True)
class PaneState:
    """What the pane shows of one job, as the screen gives it: drawn the same whether
    it is shown now or prepared ahead of a move."""

    transcript_id: str | None
    item: TranscriptListItem | None = None
    transcript: Transcript | None = None
    local_name: str | None = None
    #: When this machine sent a job that no list row shows (found with ``:``).
    sent_at: datetime | None = None
    #: The API answered that it does not know this id.
    missing: bool = False
    #: The job that repeats this one ("" while its resubmission is under way).
    resubmitted_as: str | None = None
    #: The endpoint this machine sent the job to, when it is not this one.
    sent_elsewhere: str | None = None
    search: WordSearchResult | None = None


class DetailPane(ScrollView):
    """Shows one transcript; the screen feeds it, it never fetches."""

    DEFAULT_CSS = """
    DetailPane {
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    """

    can_focus = True

    def __init__(self, *, now: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        #: What the pane shows, as the screen last gave it.
        self.shown = PaneState(None)
        self._last_shown: tuple[object, ...] | None = None
        #: The last few bodies drawn, newest first, with what they showed.
        self._drawn: list[tuple[tuple[object, ...], RenderableType, list[Strip]]] = []
        #: What the pane shows, and the lines it was rendered to at the last width.
        self.content: RenderableType = _PLACEHOLDER
        self._lines: list[Strip] = []

    def on_resize(self) -> None:
        """A new width may break the id differently."""
        if self.transcript_id is not None:
            self.refresh_body()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def _recolour(self, _theme: object) -> None:
        """Status and error colours come from the theme: draw them in the new one."""
        self.refresh_body()

    def show(self, transcript_id: str | None) -> None:
        """Show a job of which nothing is read yet."""
        self.show_state(PaneState(transcript_id))

    def show_state(self, state: PaneState) -> None:
        """Show ``state``; the same job again without a transcript keeps the one shown,
        and its word search (another job starts without one)."""
        before = self.shown
        same_job = state.transcript_id == before.transcript_id
        if not same_job:
            self.scroll_home(animate=False)
        self.shown = replace(
            state,
            transcript=state.transcript
            if state.transcript is not None
            or state.transcript_id != getattr(before.transcript, "id", None)
            else before.transcript,
            search=before.search if same_job else None,
        )
        self.refresh_body()

    def show_search(self, result: WordSearchResult) -> None:
        self.shown = replace(self.shown, search=result)
        self.refresh_body()

    # What is shown, read-only: the screen changes it through show_state.
    @property
    def transcript_id(self) -> str | None:
        return self.shown.transcript_id

    @property
    def transcript(self) -> Transcript | None:
        return self.shown.transcript

    @property
    def item(self) -> TranscriptListItem | None:
        return self.shown.item

    @property
    def local_name(self) -> str | None:
        return self.shown.local_name

    @property
    def sent_at(self) -> datetime | None:
        return self.shown.sent_at

    @property
    def sent_elsewhere(self) -> str | None:
        return self.shown.sent_elsewhere

    @property
    def resubmitted_as(self) -> str | None:
        return self.shown.resubmitted_as

    @property
    def search(self) -> WordSearchResult | None:
        return self.shown.search

    def _drawn_key(self, state: PaneState, width: int) -> tuple[object, ...]:
        """Everything visible of ``state`` at ``width``: one key, one drawing."""
        now = self._now()
        item = state.item
        return (
            state.transcript_id,
            item,
            _visible_part(state.transcript),
            state.local_name,
            state.search,
            width,
            self.app.theme,
            relative_time(item.created, now) if item is not None else None,
            relative_time(state.sent_at, now) if state.sent_at is not None else None,
            state.missing,
            state.resubmitted_as,
            state.sent_elsewhere,
        )

    def _draw(
        self, state: PaneState, key: tuple[object, ...], width: int
    ) -> tuple[tuple[object, ...], RenderableType, list[Strip]]:
        content = self._body(state)
        console = self.app.console
        lines = console.render_lines(content, console.options.update_width(width))
        return key, content, [Strip(line, width) for line in lines]

    def prepare(self, state: PaneState) -> None:
        """Draw ``state`` ahead, while the user reads, so that moving to it costs
        only its paint: the lines in view are cropped and styled for this pane too."""
        width = self.scrollable_content_region.width
        if width <= 0 or state.transcript_id is None:
            return
        key = self._drawn_key(state, width)
        if any(entry[0] == key for entry in self._drawn):
            return
        drawn = self._draw(state, key, width)
        # After what is on screen, before what was seen longest ago.
        self._drawn = [*self._drawn[:1], drawn, *self._drawn[1:]][:DRAWN_KEPT]
        style = self.rich_style
        for strip in drawn[2][: self.scrollable_content_region.height]:
            strip.crop_extend(0, width, style).apply_style(style)

    def refresh_body(self) -> None:
        """Render the body to lines, only when something visible changed; a frame then
        paints the lines in view (``render_line``)."""
        width = self.scrollable_content_region.width
        state = self.shown
        shown = self._drawn_key(state, width)
        if shown == self._last_shown:
            return  # nothing visible changed: no repaint, no bytes to the terminal
        self._last_shown = shown
        if width <= 0:
            self.content = self._body(state)
            return  # not laid out yet: on_resize renders it
        drawn = next((entry for entry in self._drawn if entry[0] == shown), None)
        if drawn is None:
            drawn = self._draw(state, shown, width)
        else:
            self._drawn.remove(drawn)  # back and forth over rows: drawn once, kept
        self._drawn = [drawn, *self._drawn[: DRAWN_KEPT - 1]]
        _, self.content, self._lines = drawn
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            # the pane's own scroll range, without a layout of the whole screen
            self.set_reactive(DetailPane.virtual_size, size)
            self._scroll_update(size)
        self.refresh()
        # Ask the screen now, not when this pane's (and its scrollbar's) queue next goes
        # idle: a cursor move paints the list at once, and the pane would otherwise be
        # painted a frame (tens of ms) behind it.
        self._check_refresh()
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar._check_refresh()

    _frame_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # The pane's style, worked out from the CSS once a frame instead of once a line.
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        style = self._frame_style or self.rich_style
        if 0 <= index < len(self._lines):
            return (
                self._lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
            )
        return Strip.blank(width, style)

    # ------------------------------------------------------------- render

    def _value_width(self) -> int:
        """Cells left for a value beside the label column (the pane's padding aside)."""
        if not self.size.width:
            return 36  # not laid out yet: one line, until the first resize says otherwise
        return max(8, self.size.width - LABEL_WIDTH - 4)

    def _resubmit_hint(self, state: PaneState) -> str | None:
        """Which keys resubmit, after the user's keymap (none in read-only mode, where
        they are turned off); a job resubmitted already names the job that repeats it."""
        if state.resubmitted_as is not None:
            if not state.resubmitted_as:
                return "Resubmitted already: that resubmission is not finished."
            keymap = app_keymap(self.app)
            return (
                f"Resubmitted already as {state.resubmitted_as[:8]} ({press('find', keymap)} "
                "finds it): look there, and resubmit that one if it failed too."
            )
        if getattr(self.app, "read_only", False):
            return None
        keymap = app_keymap(self.app)
        return (
            f"Once fixed, resubmit it: press {press('resubmit', keymap)} (it shows the options "
            f"first, to edit); {press('resubmit_failed', keymap)} resubmits every failed job "
            "worth retrying."
        )

    def _var(self, name: str) -> str:
        return theme_colors(self.app).get(name, "")

    def _body(self, state: PaneState) -> RenderableType:
        if state.transcript_id is None:
            return _PLACEHOLDER
        t = state.transcript
        item = state.item
        status = t.status if t else item.status if item else "queued"
        throttled = t.throttled if t else False
        grid = FieldGrid()
        variables = theme_colors(self.app)
        audio = (t.audio_url if t else item.audio_url if item else "") or ""
        deleted = audio == DELETED_AUDIO_URL
        if state.missing and t is None:
            status = "not found"
            grid.add_row(
                "Status",
                Text(
                    "not found: the API at this endpoint does not know this id",
                    style=self._var("status-error"),
                ),
            )
        elif t is None and item is None:
            # Nothing read yet (a job found off the page, the API not answering): its
            # state is not known, and "queued" said what the server never did.
            grid.add_row("Status", Text("… not read yet", style="dim italic"))
        else:
            grid.add_row(
                "Status", status_text(status, variables, throttled=throttled, deleted=deleted)
            )
        grid.add_row("ID", literal(id_lines(state.transcript_id, self._value_width())))
        audio_url = (t.audio_url if t else item.audio_url if item else "") or "—"
        if state.local_name:
            grid.add_row("Local file", literal(state.local_name))
        grid.add_row("Audio URL", literal(audio_url))
        if item is not None:
            created = item.created
            grid.add_row(
                "Created",
                Text(f"{absolute_time(created)}  ({relative_time(created, self._now())})"),
            )
            if item.completed:
                grid.add_row("Completed", Text(absolute_time(item.completed)))
        elif state.sent_at is not None:
            sent = state.sent_at
            grid.add_row(
                "Sent",
                Text(f"{absolute_time(sent)}  ({relative_time(sent, self._now())}) from here"),
            )
        elif state.sent_elsewhere is not None:
            # Found through the journal, sent to another endpoint: this one may never
            # know it (offline, a helper's job of another simulator read "queued").
            grid.add_row(
                "Sent to",
                literal(f"{state.sent_elsewhere} (another endpoint than this one)"),
            )
        if t is not None:
            grid.add_row("Duration", Text(duration(t.audio_duration)))
            if t.speech_model_used:
                grid.add_row("Speech model", literal(t.speech_model_used))
            if t.domain or t.domain_used:
                used = t.domain_used or "—"
                shown_domain = t.domain or "—"
                domain_text = (
                    shown_domain if used == shown_domain else f"{shown_domain} (used: {used})"
                )
                grid.add_row("Domain", literal(domain_text))
            if t.language_code:
                language = t.language_code
                if t.language_confidence is not None:
                    language += f"  (confidence {t.language_confidence:.2f})"
                grid.add_row("Language", literal(language))
            if t.status == "completed":
                grid.add_row("Words", Text(f"{t.word_count:,}"))
                if t.confidence is not None:
                    grid.add_row("Confidence", Text(f"{t.confidence:.2%}"))
                if t.speakers:
                    grid.add_row("Speakers", literal(", ".join(t.speakers)))
            if t.webhook_url:
                hook = literal(t.webhook_url)
                if t.webhook_status_code is not None:
                    style = self._var("status-error") if t.webhook_failed else "dim"
                    hook.append(f"  → HTTP {t.webhook_status_code}", style=style)
                grid.add_row("Webhook", hook)
            for warning in t.warnings:
                grid.add_row(
                    Text("Warning", style=f"bold {self._var('status-throttled')}"),
                    literal("⚠ " + warning),
                )
            # One option a line, "name  value", using the value column's whole width:
            # a nested table left values too narrow and split them mid-word.
            chosen = [(k, v) for k, v in options_set(t.raw).items() if k != "webhook_url"]
            for index, (key, value) in enumerate(chosen):
                line = Text(key, style="dim")
                line.append("  ")
                line.append_text(literal(_option_value(value)))
                grid.add_row("Options" if index == 0 else "", line)
        parts: list[RenderableType] = [grid]
        error = (t.error if t else None) or (item.error if item else None)
        if str(status) == "error" and error is not None:
            parts += [
                Text(),
                explanation_renderable(
                    explain(error),
                    self._var("status-error"),
                    resubmit_hint=self._resubmit_hint(state),
                ),
            ]
        if t is not None and t.webhook_failed:
            webhook = explain(f"webhook endpoint answered {t.webhook_status_code}")
            parts += [Text(), explanation_renderable(webhook, self._var("status-error"))]
        if str(status) in ("queued", "processing") and (t is not None or item is not None):
            # Only for a state read from the API ("… not read yet" is not "queued").
            parts += [Text(), Text("Polling for updates…", style="dim italic")]
        if state.search is not None:
            parts += [Text(), self._search_render(state.search)]
        if t is not None and t.status == "completed" and t.text:
            parts += [Text(), Text("Transcript", style="bold underline")]
            text = t.text
            more = len(text) - TEXT_PREVIEW_CHARS
            if more > 0:
                text = text[:TEXT_PREVIEW_CHARS] + " …"
            body = literal(text)
            if state.search is not None:
                # Word search hits stand out in the text itself, not only in the counts.
                highlight_hits(body, [m.text for m in state.search.matches])
            parts.append(body)
            if more > 0:
                keymap = app_keymap(self.app)
                parts.append(
                    Text(
                        f"{more:,} more characters: {press('copy_text', keymap)} copies the "
                        f"whole text, {press('export', keymap)} exports it",
                        style="dim italic",
                    )
                )
        return Group(*parts)

    def _search_render(self, result: WordSearchResult) -> RenderableType:
        lines = [
            Text(
                f"Word search: {counted(result.total_count, 'match', 'matches')}",
                style="bold underline",
            )
        ]
        for match in result.matches:
            stamps = ", ".join(duration(start / 1000) for start, _ in match.timestamps[:12])
            more = " …" if len(match.timestamps) > 12 else ""
            line = literal(f"{match.text}: {match.count}")
            if stamps:
                line.append(f"  at {stamps}{more}", style="dim")
            lines.append(line)
        return Group(*lines)
