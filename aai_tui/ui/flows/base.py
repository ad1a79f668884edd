"""What every flow shares: a typed reference to the dashboard, and how to report."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.notifications import SeverityLevel

from aai_tui.actions.export import ExportError
from aai_tui.actions.inputs import InputError
from aai_tui.api.errors import ApiError
from aai_tui.troubleshoot import explain
from aai_tui.ui.action_registry import press
from aai_tui.ui.safe_text import visible

if TYPE_CHECKING:
    from aai_tui.ui.app import AaiTuiApp
    from aai_tui.ui.screens.dashboard import DashboardScreen

T = TypeVar("T")


#: How a failure is sent again, by action: a job resubmits (r); a file that never
#: became a job is submitted again (s) or, still open in the journal, finished (U):
#: "resubmit (r)" pointed at a row that was not it.
AGAIN = {
    "resubmit": "Then resubmit ({}).",
    "submit": "Then submit it again ({}).",
    "pending": "Then finish it ({}).",
}


def failure_text(
    error: BaseException | str, keymap: dict[str, str], *, again: str = "resubmit"
) -> tuple[str, str]:
    """(title suffix, body) for a failure: the message verbatim and what to do.
    ``again``: the action that sends it again (a key of :data:`AGAIN`)."""
    if isinstance(error, ApiError):
        explanation = explain(error.message, status=error.status, error_kind=error.kind.value)
        message = error.message
    else:
        message = str(error) or type(error).__name__
        explanation = explain(message)
    advice = explanation.advice
    if explanation.entry.resubmit:
        advice = advice.replace("Then resubmit.", AGAIN[again].format(press(again, keymap)))
    hint = "" if explanation.entry.id == "unknown" else f"\n→ {advice}"
    return explanation.entry.title, f"{visible(message, single_line=True)}{hint}"


class Flow:
    """A flow of the dashboard: it holds the screen, never the other way round."""

    def __init__(self, screen: DashboardScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> AaiTuiApp:
        return self.screen.aai

    @property
    def keymap(self) -> dict[str, str]:
        return dict(self.app.settings.keymap)

    def fail(
        self,
        context: str,
        error: ApiError | InputError | ExportError | str,
        *,
        again: str = "resubmit",
    ) -> None:
        title, body = failure_text(error, self.keymap, again=again)
        self.app.notify(
            body,
            title=f"{context}: {title}" if title != "Unknown error" else context,
            severity="error",
            markup=False,
            timeout=10,
        )

    def tell(
        self, text: str, *, timeout: float = 5, severity: SeverityLevel = "information"
    ) -> None:
        self.app.notify(visible(text), markup=False, timeout=timeout, severity=severity)

    async def off_loop(self, work: Callable[..., T], *args: Any) -> T:
        """Run blocking work (the journal, probing media) in a thread, not on the UI loop."""
        return await asyncio.to_thread(work, *args)
