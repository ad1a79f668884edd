"""The command palette lists every action of the screen in front, by its description."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from aai_tui.ui.action_registry import ACCOUNT_ACTIONS


class ScreenActions(Provider):
    """One command per described binding of the active screen and the app."""

    def _actions(self) -> list[tuple[str, str, str]]:
        seen: set[str] = set()
        found: list[tuple[str, str, str]] = []
        read_only = bool(getattr(self.app, "read_only", False))
        screen = self.screen.app.screen if self.screen.is_modal else self.screen
        for owner in (screen, self.app):
            for binding in getattr(owner, "BINDINGS", []):
                description = getattr(binding, "description", "")
                action = getattr(binding, "action", "")
                if not description or action in seen or action == "command_palette":
                    continue
                if read_only and action in ACCOUNT_ACTIONS:
                    continue  # read-only mode: nothing that changes the account is offered
                seen.add(action)
                key = getattr(binding, "key_display", None) or binding.key
                found.append((description, action, key))
        return found

    def _runner(self, action: str) -> Callable[[], Any]:
        screen = self.screen.app.screen if self.screen.is_modal else self.screen
        return partial(self.app.run_action, action, screen)

    async def discover(self) -> Hits:
        for description, action, key in self._actions():
            yield DiscoveryHit(description, self._runner(action), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, key in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(description), self._runner(action), help=f"key: {key}"
                )
