"""Hours and cost (``H``): audio hours transcribed today and in the last 7 days, by
speech model, from the transcripts themselves, and an estimate from the config's
``[prices]`` (none shipped: without them, hours only).

The count runs in a worker through the service (``aai_tui.actions.queries.usage``),
paced by the request budget; the screen renders the report it gets back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from aai_tui.actions.queries import UsageReport
from aai_tui.formatting import counted
from aai_tui.ui.action_registry import Place, app_keymap, bindings, press
from aai_tui.ui.safe_text import literal
from aai_tui.ui.widgets.fitted_table import fill_fitted

Progress = Callable[[int, int], None]
Counter = Callable[[Progress], Awaitable[UsageReport]]


PERIOD_COLUMNS = ("Period", "Jobs", "Audio", "Estimate", "By model")


class UsageScreen(ModalScreen[None]):
    BINDINGS = bindings(Place.USAGE)

    def __init__(self, count: Counter, prices: dict[str, float]) -> None:
        super().__init__()
        self._count = count
        self.prices = prices
        self.report: UsageReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog view usage"):
            yield Static("Hours and cost", classes="dialog-title", markup=False)
            yield DataTable(id="usage-periods", cursor_type="row", zebra_stripes=True)
            yield Static("", id="usage-note", markup=False)
            yield Static(self._keys(), markup=False, classes="dialog-keys")

    def _keys(self) -> Text:
        keymap = app_keymap(self.app)
        return Text(
            f"{press('usage.refresh', keymap)}: count again   "
            f"{press('usage.close', keymap)}: close",
            style="bold",
        )

    def on_mount(self) -> None:
        table = self.query_one("#usage-periods", DataTable)
        table.add_columns(*PERIOD_COLUMNS)
        self.action_refresh()

    def on_resize(self) -> None:
        if self.report is not None:
            self.show(self.report)

    def action_refresh(self) -> None:
        self._title("Hours and cost · counting…")
        self.run_worker(self._reload(), exclusive=True, group="usage", exit_on_error=False)

    async def _reload(self) -> None:
        def progress(pages: int, found: int) -> None:
            self._title(
                f"Hours and cost · reading completed jobs: {counted(pages, 'page')}, {found}"
            )

        try:
            report = await self._count(progress)
        except Exception as error:  # one line on the screen, never a crash
            self._title(f"Hours and cost · could not count: {' '.join(str(error).split())}")
            return
        self.show(report)

    def _title(self, text: str) -> None:
        self.query_one(".dialog-title", Static).update(Text(text))

    def show(self, report: UsageReport) -> None:
        self.report = report
        table = self.query_one("#usage-periods", DataTable)
        rows = []
        for period in report.periods:
            cost, unpriced = period.cost(self.prices)
            estimate = "—" if cost is None else f"{cost:,.2f}"
            if cost is not None and unpriced:
                estimate += " (part)"
            models = ", ".join(
                f"{model} {seconds / 3600:.2f} h"
                for model, seconds in sorted(period.seconds_by_model.items())
            )
            cells = (
                Text(period.label),
                Text(str(period.jobs), justify="right"),
                Text(f"{period.hours:.2f} h", justify="right"),
                Text(estimate, justify="right"),
                literal(models or "—", single_line=True),
            )
            rows.append((period.label, cells))
        # The hours by model wrap to the width rather than run off it.
        fill_fitted(table, PERIOD_COLUMNS, rows, give_way=(4,), wrap=4)
        cut = " (the newest 2,000 completed jobs only)" if report.cut else ""
        self._title(f"Hours and cost · {counted(report.read, 'completed job')} read{cut}")
        missing = sorted({m for p in report.periods for m in p.cost(self.prices)[1]})
        if not self.prices:
            note = (
                "No [prices] in the config: hours only. Add a price per audio hour for each "
                "model under [prices] in config.toml (aai-tui ships none as facts)."
            )
        elif missing:
            note = f"No price for {', '.join(missing)}: those hours are not in the estimate."
        else:
            note = "The estimate is hours × your [prices], per model."
        self.query_one("#usage-note", Static).update(literal(note))

    def action_close(self) -> None:
        self.dismiss(None)
