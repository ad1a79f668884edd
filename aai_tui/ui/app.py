"""The aai-tui application: themes, screens, and the one API client they share."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.theme import Theme

from aai_tui.actions.submit import Submitter
from aai_tui.api.models import Transcript, TranscriptPage, WordSearchResult
from aai_tui.api.ratelimit import RateLimitState
from aai_tui.api.retry import RetryPolicy
from aai_tui.config import ConfigError, Settings, set_setting
from aai_tui.event_log import EntryKind, EventLog, EventLogHandler
from aai_tui.formatting import counted
from aai_tui.journal import Journal
from aai_tui.tracking.budget import RequestBudget
from aai_tui.ui.action_registry import ACCOUNT_ACTIONS, Place, bindings, key_label
from aai_tui.ui.palette import ScreenActions
from aai_tui.ui.presentation import rich_colors
from aai_tui.ui.safe_text import visible
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.first_run import FirstRunScreen
from aai_tui.ui.screens.help import HelpScreen, binding_rows
from aai_tui.ui.themes import DEFAULT_VARIABLES, discover_themes

if TYPE_CHECKING:
    from aai_tui.api.client import AssemblyAIClient

FALLBACK_THEME = "aai-dark"


class DashboardApi(Protocol):
    """What the dashboard needs from an API client (AssemblyAIClient provides it)."""

    rate_limits: RateLimitState

    async def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: Any = None,
        created_on: Any = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
    ) -> TranscriptPage: ...
    async def get_transcript(self, transcript_id: str, *, bulk: bool = True) -> Transcript: ...
    async def word_search(self, transcript_id: str, words: Sequence[str]) -> WordSearchResult: ...


Connector = Callable[[str], tuple[DashboardApi, str]]


class AaiTuiApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "aai-tui"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = bindings(Place.EVERYWHERE)

    def __init__(
        self,
        settings: Settings,
        *,
        api: DashboardApi | None,
        endpoint_label: str,
        api_key: str | None = None,
        config_path: Path,
        connect: Connector | None = None,
        start_demo: Callable[[], tuple[DashboardApi, str, Journal | None]] | None = None,
        demo: bool = False,
        read_only: bool = False,
        journal: Journal | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        theme_dirs: list[tuple[Path, str]] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.api = api
        self.endpoint_label = endpoint_label
        self.config_path = config_path
        self.demo = demo
        self.read_only = read_only
        self.journal = journal
        self.local_names: dict[str, str] = {}
        self.now = now
        self.monotonic = monotonic
        self._connect = connect
        self._api_key = api_key
        self._start_demo = start_demo
        self.theme_sources: dict[str, Path] = {}
        self._colors: dict[str, str] = {}
        self._colors_theme: str | None = None
        self._submitter: Submitter | None = None
        self.budget: RequestBudget | None = None
        self.background_api: DashboardApi | None = None
        #: What the app did and saw, for the event log view (L).
        self.event_log = EventLog()
        self._event_log_handler = EventLogHandler(self.event_log)
        # From now, not from mount: what happens before the first frame (a demo's
        # start, a key check) belongs in the log too. Removed when the app unmounts.
        logging.getLogger("aai_tui").addHandler(self._event_log_handler)
        # Chosen before the stylesheet is first parsed: a theme set once the app runs
        # makes Textual parse every stylesheet a second time before the first frame.
        self._skipped_theme_files, self._missing_theme = self._register_themes(theme_dirs)
        self._skip_queued_theme_refresh = True
        self.set_keymap(settings.keymap)
        if api is not None:
            self._use_api(api)

    def ensure_api(self) -> bool:
        """Connect with the key given at start; the dashboard calls this after its first
        paint, so loading the network stack never delays the first screen."""
        if self.api is None and self._api_key and self._connect:
            api, self.endpoint_label = self._connect(self._api_key)
            self._use_api(api)
        return self.api is not None

    def _use_api(self, api: DashboardApi) -> None:
        """Background polling gets a view that retries briefly, so trouble shows at once."""
        self.api = api
        self.budget = RequestBudget(api.rate_limits, clock=self.monotonic)
        with_policy = getattr(api, "with_retry_policy", None)
        self.background_api = (
            with_policy(RetryPolicy(max_attempts=2, base_delay=0.5)) if with_policy else api
        )

    def run_external(self, command: list[str]) -> int:
        """Run a program in the terminal (a pager, an editor) and come back: the
        dashboard is suspended meanwhile. Tests replace this."""
        import subprocess

        with self.suspend():
            return subprocess.run(command, check=False).returncode

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification also goes to the event log: none is lost with its toast."""
        text = f"{title}: {message}" if title else message
        self.event_log.add(
            EntryKind.NOTIFICATION, " ".join(str(text).split()), severe=severity == "error"
        )
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _quit_on_hangup(self) -> None:
        """A terminal closed under the app (SSH dropped, the window closed) quits it as
        q does: what runs at exit (the demo's scratch journal removed, leases given up)
        runs, instead of the process dying where it stands."""
        import asyncio
        import contextlib
        import signal

        hangup = getattr(signal, "SIGHUP", None)
        if hangup is None:
            return
        # Not in the main thread (some tests), or a platform without it: left as it is.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(hangup, lambda: self.exit())

    async def on_unmount(self) -> None:
        logging.getLogger("aai_tui").removeHandler(self._event_log_handler)
        close = getattr(self.api, "aclose", None)
        if close is not None:
            await close()

    # ------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        self._quit_on_hangup()
        self._report_theme_problems()
        self._report_keymap_problems()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.api is None and not (self._api_key and self._connect):
            self.push_screen(
                FirstRunScreen(self.config_path, demo_available=self._start_demo is not None)
            )
        else:
            self.push_screen(DashboardScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Dialogs give up their padding on short terminals, so their keys stay seen,
        and take the whole width of thin ones, so their text is not wrapped twice."""
        self.set_class(event.size.height < 20, "-short")
        self.set_class(event.size.width < 60, "-thin")

    def _report_keymap_problems(self) -> None:
        """Keymap ids that name no binding, and keys given to two: one notification."""
        from aai_tui.ui.keymap import conflicts, unknown_ids

        keymap = self.settings.keymap
        problems = [f"no binding {binding_id!r}" for binding_id in unknown_ids(keymap)]
        problems += conflicts(keymap)
        if problems:
            self.notify(
                "\n".join(problems) + "\n`aai-tui keys` lists every binding.",
                title=f"Keymap in {self.config_path}",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _register_themes(
        self, theme_dirs: list[tuple[Path, str]] | None
    ) -> tuple[list[str], str | None]:
        """Register the bundled and user themes and switch to the configured one.

        Returns the theme files skipped (one line each) and the configured theme's name
        if it was not found, to be reported once the app runs.
        """
        loaded, errors = discover_themes(theme_dirs)
        for item in loaded:
            self.register_theme(item.theme)
            self.theme_sources[item.theme.name] = item.path
        if FALLBACK_THEME not in self.available_themes:
            self.register_theme(
                Theme(
                    FALLBACK_THEME, primary="#5B8DEF", dark=True, variables=dict(DEFAULT_VARIABLES)
                )
            )
        wanted = self.settings.theme
        missing = None
        if wanted in self.available_themes and wanted in self.theme_sources:
            self.theme = wanted
        else:
            self.theme = FALLBACK_THEME
            missing = wanted if wanted != FALLBACK_THEME else None
        # The stylesheet was made with Textual's default theme; give it ours now.
        self.stylesheet.set_variables(self.get_css_variables())
        return [visible(e, single_line=True) for e in errors], missing

    def refresh_css(self, animate: bool = True) -> None:
        """Skip the one re-parse Textual queues for the theme set in ``__init__``: the
        stylesheet had that theme's variables before it was first parsed, and a
        re-parse of every widget's CSS would delay the first frame."""
        if self._skip_queued_theme_refresh:
            self._skip_queued_theme_refresh = False
            return
        super().refresh_css(animate)

    def _report_theme_problems(self) -> None:
        if self._skipped_theme_files:
            self.notify(
                "\n".join(self._skipped_theme_files),
                title=f"{counted(len(self._skipped_theme_files), 'theme file')} skipped",
                severity="warning",
                markup=False,
                timeout=12,
            )
        if self._missing_theme:
            self.notify(
                f"Theme {self._missing_theme!r} not found; using {FALLBACK_THEME}.",
                severity="warning",
                markup=False,
                timeout=6,
            )

    def theme_colors(self) -> dict[str, str]:
        """The theme's CSS variables (status colours and all), computed once per theme."""
        if self._colors_theme != self.theme:
            self._colors = rich_colors(self.get_css_variables())
            self._colors_theme = self.theme
        return self._colors

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(DEFAULT_VARIABLES)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self.settings.theme or theme.name not in self.theme_sources:
            return
        try:
            set_setting("theme", theme.name, self.config_path)
        except (ConfigError, OSError) as exc:
            self.notify(f"Could not save the theme: {exc}", severity="warning", markup=False)

    # ------------------------------------------------------- connections

    def local_name_for(self, transcript_id: str) -> str | None:
        return self.local_names.get(transcript_id)

    async def load_local_names(self, transcript_ids: list[str]) -> dict[str, str]:
        """Which of these transcripts came from local files: looked up by id, off the
        event loop; returns the names that are new or changed."""
        if self.journal is None or not transcript_ids:
            return {}
        import asyncio

        found = await asyncio.to_thread(self.journal.local_names_for, transcript_ids)
        changed = {k: v for k, v in found.items() if self.local_names.get(k) != v}
        self.local_names.update(changed)
        return changed

    @property
    def client(self) -> AssemblyAIClient | None:
        """The real client, for actions that create, delete or export (not the demo's fakes)."""
        from aai_tui.api.client import AssemblyAIClient

        return self.api if isinstance(self.api, AssemblyAIClient) else None

    @property
    def submitter(self) -> Submitter | None:
        """Actions that send need the real client and the journal."""
        from aai_tui.api.client import AssemblyAIClient

        if self.journal is None or not isinstance(self.api, AssemblyAIClient):
            return None
        if self._submitter is None or self._submitter.client is not self.api:
            self._submitter = Submitter(self.api, self.journal)
        return self._submitter

    def _open_dashboard(self, api: DashboardApi, label: str, *, demo: bool) -> None:
        self._use_api(api)
        self.endpoint_label = label
        self.demo = demo
        self.switch_screen(DashboardScreen())

    def connect_with_key(self, key: str) -> None:
        if self._connect is None:
            return
        api, label = self._connect(key)
        self._open_dashboard(api, label, demo=False)

    def start_demo_mode(self) -> None:
        if self._start_demo is None:
            return
        api, label, journal = self._start_demo()
        if journal is not None:
            # The demo's jobs are not the user's: its own journal, never the real one.
            self.journal = journal
            self._submitter = None
        self._open_dashboard(api, label, demo=True)

    # ------------------------------------------------------------ actions

    def _key_text(self, binding: Binding) -> str:
        """The keys a binding has now, after the user's keymap, as people read them."""
        from aai_tui.ui.keymap import keys_for

        bound = keys_for(binding, self.settings.keymap)
        if bound == [binding]:
            if binding.key_display:
                return binding.key_display
            return " ".join(key_label(key.strip()) for key in binding.key.split(","))
        return " ".join(self.get_key_display(key) for key in bound)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        hidden = ACCOUNT_ACTIONS if self.read_only else frozenset()
        screen_bindings = binding_rows(
            [
                b
                for b in getattr(self.screen, "BINDINGS", [])
                if isinstance(b, Binding) and b.action not in hidden
            ],
            self._key_text,
        )
        everywhere = binding_rows(
            [b for b in self.BINDINGS if isinstance(b, Binding)], self._key_text
        )
        sections = [("This screen", screen_bindings), ("Everywhere", everywhere)]
        from aai_tui.ui.widgets.transcript_table import TranscriptTable

        if isinstance(self.screen, DashboardScreen):
            table_bindings = [b for b in TranscriptTable.BINDINGS if isinstance(b, Binding)]
            sections.insert(1, ("The list", binding_rows(table_bindings, self._key_text)))
        self.push_screen(HelpScreen(sections))

    async def action_quit(self) -> None:
        """Quit; while an upload runs, ask first (what was not created stays in the journal)."""
        dashboard = next((s for s in self.screen_stack if isinstance(s, DashboardScreen)), None)
        if dashboard is None or not dashboard.uploading:
            self.exit()
            return
        from aai_tui.ui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                "An upload is still running. Quit anyway?",
                [
                    "Files not yet created stay in the journal as unfinished submissions:",
                    "U in the dashboard, or `aai-tui pending`, finishes them later.",
                ],
                "Quit",
            ),
            confirmed,
        )

    def ask_for_key(self) -> None:
        """Enter another API key (checked with one request, saved 0600)."""
        if self.demo:
            self.notify("The demo needs no key.", timeout=3)
            return
        from aai_tui.ui.screens.key_entry import KeyEntryScreen

        def chosen(key: str | None) -> None:
            if key:
                self.connect_with_key(key)

        self.push_screen(KeyEntryScreen(self.config_path, self.check_key), chosen)

    async def check_key(self, key: str) -> str | None:
        """One request with ``key``: None when the API accepts it, else why not."""
        if self._connect is None:
            return None
        from aai_tui.api.errors import ApiError

        api, _label = self._connect(key)
        try:
            await api.list_transcripts(limit=1)
        except ApiError as error:
            if error.status in (401, 403):
                return f"The API refused this key: {visible(error.message, single_line=True)}"
            return None  # not a verdict on the key: the network, a 5xx
        finally:
            close = getattr(api, "aclose", None)
            if close is not None:
                await close()
        return None
