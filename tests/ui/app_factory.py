"""Apps for UI tests: the fake API, a frozen clock, the bundled themes only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from aai_tui.config import Settings
from aai_tui.journal import Journal
from aai_tui.paths import bundled_themes_dir
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.fake_api import NOW, FakeApi


def make_app(
    api: FakeApi | None = None,
    *,
    config_path: Path | None = None,
    start_demo: Callable | None = None,
    theme_dirs: list[tuple[Path, str]] | None = None,
    journal: Journal | None = None,
    **settings: object,
) -> AaiTuiApp:
    """The app on a fake API (or ``api``), its clocks frozen; ``journal`` set as the
    tests always set it, after construction."""
    values = {"page_size": 25, "poll_interval": 3.0, **settings}
    app = AaiTuiApp(
        Settings(**values),  # type: ignore[arg-type]
        api=api if api is not None else (FakeApi() if config_path is None else None),
        endpoint_label="us · https://api.assemblyai.com",
        config_path=config_path or Path("/nonexistent/config.toml"),
        start_demo=start_demo,
        now=lambda: NOW,
        monotonic=lambda: 1000.0,
        theme_dirs=theme_dirs or [(bundled_themes_dir(), "bundled")],
    )
    if journal is not None:
        app.journal = journal
    return app


async def wait_for(pilot: Pilot, condition: Callable[[], bool], tries: int = 100) -> None:
    """Let the app run until ``condition`` holds (a bounded number of short pauses)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def next_cycle(pilot: Pilot, app: AaiTuiApp, tries: int = 1000) -> None:
    """Run one more tracker cycle now, instead of waiting for the poll timer."""
    tracker = app.screen.tracker  # type: ignore[attr-defined]
    done = tracker.cycles
    tracker.refresh_now()
    await wait_for(pilot, lambda: tracker.cycles > done, tries=tries)
    await pilot.pause()


async def wait_for_rows(pilot: Pilot) -> TranscriptTable:
    table = pilot.app.screen.query_one(TranscriptTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table


def run_before(*steps: Callable[[Pilot], Awaitable[None]]):  # type: ignore[no-untyped-def]
    """Wait for the first full tracker cycle, then run ``steps``; with the snapshot apps'
    long poll interval no second cycle can change the screen afterwards."""

    async def run(pilot: Pilot) -> None:
        await wait_for_rows(pilot)
        tracker = pilot.app.screen.tracker  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: tracker.cycles >= 1 and tracker.api.in_flight == 0)
        for step in steps:
            await step(pilot)
        # A focused input's cursor blinks: a shot taken in its "off" half read as a
        # changed screen (a CI run's find view). Shown steady, as at rest.
        from textual.widgets import Input

        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run


def text_of(widget: object) -> str:
    """What a Static shows, as plain text (its content rendered, 200 columns wide)."""
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), color_system=None, legacy_windows=False)
    console.print(widget.content)  # type: ignore[attr-defined]
    return console.file.getvalue()  # type: ignore[attr-defined]


def notifications(app: AaiTuiApp) -> list[str]:
    """Every notification the app shows from now on, in order, as text."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: object) -> None:
        said.append(str(message))
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return said
