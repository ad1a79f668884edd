"""The bottom line of key hints: the screen's shown bindings, drawn as one widget.

Textual's Footer mounts and styles a widget per key, which on the dashboard cost
about a sixth of the time to the first screen (see bench/startup.py); the hints
here are one line of text, redrawn when the screen's bindings change. A click on
a hint presses its key, as on the Footer.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from aai_tui.ui.action_registry import ACCOUNT_ACTIONS
from aai_tui.ui.presentation import theme_colors

#: Shown whatever the width: Help lists every key the line has no room for.
ALWAYS_SHOWN = frozenset({"help", "quit"})


class Hint(NamedTuple):
    key: str
    shown: str  # the key as displayed
    description: str
    enabled: bool
    action: str

    @property
    def cells(self) -> int:
        return cell_len(f" {self.shown} {self.description} ")


def fit_hints(hints: list[Hint], width: int) -> list[Hint]:
    """The hints that fit in ``width`` cells: all of them if they can, else the first
    ones in order plus Help and Quit, dropping from the end."""
    kept = list(hints)
    while sum(hint.cells for hint in kept) > width:
        droppable = [i for i, hint in enumerate(kept) if hint.action not in ALWAYS_SHOWN]
        if not droppable:
            break
        del kept[droppable[-1]]
    return kept


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def hints(self) -> list[Hint]:
        """Every shown action of the screen, in the order its owner declares them."""
        hidden = ACCOUNT_ACTIONS if getattr(self.app, "read_only", False) else frozenset()
        found: dict[str, Hint] = {}
        for _node, binding, enabled in self._declared_order():
            if binding.show and binding.action not in found and binding.action not in hidden:
                shown = self.app.get_key_display(binding)
                found[binding.action] = Hint(
                    binding.key, shown, binding.description, enabled, binding.action
                )
        return list(found.values())

    def _declared_order(self) -> list[tuple[DOMNode, Binding, bool]]:
        """The active bindings, each node's in the order of its BINDINGS: a key the
        user's keymap moves comes back to Textual last, but keeps its place here."""
        entries = [
            (node, binding, enabled)
            for node, binding, enabled, _tooltip in self.screen.active_bindings.values()
        ]
        node_rank: dict[int, int] = {}
        for node, _binding, _enabled in entries:
            node_rank.setdefault(id(node), len(node_rank))

        def declared(entry: tuple[DOMNode, Binding, bool]) -> tuple[int, int]:
            node, binding, _enabled = entry
            names = [b.id or b.action for b in node.BINDINGS if isinstance(b, Binding)]
            name = binding.id or binding.action
            return node_rank[id(node)], names.index(name) if name in names else len(names)

        return sorted(entries, key=declared)

    def render(self) -> Text:
        colors = theme_colors(self.app)
        key_style = Style.parse(f"bold {colors.get('footer-key-foreground', '')}".strip())
        description_style = Style.parse(colors.get("footer-description-foreground", "") or "")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        width = self.content_size.width
        hints = self.hints()
        for key, shown, description, enabled, _action in (
            fit_hints(hints, width) if width else hints
        ):
            start = line.cell_len
            dim = Style(dim=not enabled)
            line.append(f" {shown} ", key_style + dim)
            line.append(f"{description} ", description_style + dim)
            self._spans.append((start, line.cell_len, key, enabled))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
