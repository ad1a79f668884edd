"""Every action of the dashboard, declared once.

Each entry says what an action is called (its binding id, the name the keymap
uses), its default keys, what it does, where it lives, and whether it changes
the account. Screens take their bindings from here; the keymap, the help screen,
the key hints, the command palette (read-only mode leaves out what changes the
account) and every "press X" in the text are derived from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from textual.binding import Binding, BindingType


class Place(StrEnum):
    """Where a binding is live; ``aai-tui keys`` and the help screen name it so."""

    EVERYWHERE = "everywhere"
    DASHBOARD = "dashboard"
    LIST = "list"
    SUBMIT = "submit form"
    EXPORT = "export dialog"
    CONFIRM = "confirmation"
    RESUBMIT = "resubmit"
    PENDING = "unfinished submissions"
    WORD_SEARCH = "word search"
    HELP = "help"
    FIRST_RUN = "first run"
    KEY_ENTRY = "API key"
    MODEL_FIX = "retired model"
    BATCHES = "batches"
    FAILURES = "failures"
    EVENT_LOG = "event log"
    FIND = "find"
    VIEWS = "saved views"
    STATUSES = "statuses"
    DATE = "created on"
    USAGE = "hours and cost"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    keys: str  # Textual key names, comma-separated
    description: str
    place: Place
    action: str = ""  # the Textual action; defaults to the id
    #: Creates, changes or deletes something on the account: confirmed first, and
    #: hidden and refused in read-only mode.
    changes_account: bool = False
    show: bool = True  # in the key hints
    palette: bool = True  # in the command palette
    key_display: str | None = None
    priority: bool = False

    @property
    def action_name(self) -> str:
        return self.action or self.id.rsplit(".", 1)[-1]

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action_name,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
        )


D, L, E = Place.DASHBOARD, Place.LIST, Place.EVERYWHERE

ACTIONS: tuple[ActionSpec, ...] = (
    # everywhere
    ActionSpec("quit", "q", "Quit", E),
    ActionSpec("help", "question_mark", "Help", E, key_display="?"),
    ActionSpec("command_palette", "ctrl+p", "Commands", E, palette=False),
    # the dashboard, in the order the key hints show them
    ActionSpec("submit", "s", "Submit", D, changes_account=True),
    ActionSpec("resubmit", "r", "Resubmit", D, changes_account=True),
    ActionSpec("delete", "d", "Delete", D, changes_account=True),
    ActionSpec("export", "e", "Export", D),
    ActionSpec("status_filter", "f", "Status", D, action="cycle_status"),
    ActionSpec("choose_statuses", "S", "Several statuses at once", D, show=False),
    ActionSpec("filter", "slash", "Filter", D, key_display="/"),
    ActionSpec(
        "date_filter",
        "D",
        "Created on: today, yesterday, a date",
        D,
        action="cycle_date",
        show=False,
    ),
    ActionSpec("views", "V", "Saved views", D, show=False),
    ActionSpec(
        "page_size", "z", "Page size: 25, 50, 100, 200", D, action="cycle_page_size", show=False
    ),
    ActionSpec(
        "reset_view",
        "0",
        "Reset the view: every status, any day, no filter, newest first",
        D,
        show=False,
    ),
    ActionSpec("older_page", "right_square_bracket", "Older", D, key_display="]"),
    ActionSpec("newer_page", "left_square_bracket", "Newer", D, key_display="["),
    ActionSpec(
        "resubmit_failed",
        "R",
        "Resubmit all failed worth retrying",
        D,
        changes_account=True,
        show=False,
    ),
    ActionSpec("copy_id", "c", "Copy id", D, show=False),
    ActionSpec("copy_text", "C", "Copy text", D, show=False),
    ActionSpec("view_text", "v", "Read in $PAGER", D, show=False),
    ActionSpec("edit_text", "E", "Open in $EDITOR", D, show=False),
    ActionSpec("mark", "space", "Mark", D, action="toggle_mark", show=False),
    ActionSpec("pending", "U", "Unfinished submissions", D, changes_account=True, show=False),
    ActionSpec("batches", "B", "Batches", D, show=False),
    ActionSpec("failures", "F", "Failures by cause", D, show=False),
    ActionSpec("event_log", "L", "Event log", D, show=False),
    ActionSpec("usage", "H", "Hours and cost", D, show=False),
    ActionSpec("find", "colon", "Find a transcript", D, key_display=":", show=False),
    ActionSpec("cancel_activity", "x", "Cancel upload", D, show=False),
    ActionSpec("refresh", "ctrl+r", "Refresh", D, show=False),
    ActionSpec("pause", "p", "Pause", D, action="toggle_pause", show=False),
    ActionSpec("word_search", "w", "Word search", D, show=False),
    ActionSpec("sort", "o", "Sort", D, action="cycle_sort", show=False),
    ActionSpec("reverse_sort", "O", "Reverse sort", D, show=False),
    ActionSpec("switch_pane", "tab", "Switch pane", D, show=False),
    ActionSpec("switch_pane_back", "shift+tab", "Switch pane back", D, show=False, palette=False),
    ActionSpec("clear_filter", "escape", "Clear filter", D, action="dismiss_transient", show=False),
    ActionSpec("change_key", "ctrl+k", "Enter another API key", D, show=False),
    ActionSpec("follow_newest", "n", "Follow the newest job", D, show=False),
    # the list
    ActionSpec("table.down", "j", "Down", L, action="cursor_down", show=False, palette=False),
    ActionSpec("table.up", "k", "Up", L, action="cursor_up", show=False, palette=False),
    ActionSpec("table.first", "g,home", "First row", L, action="cursor_first", show=False),
    ActionSpec("table.last", "G,end", "Last row", L, action="cursor_last", show=False),
    # dialogs
    ActionSpec("submit.cancel", "escape", "Cancel", Place.SUBMIT, action="cancel"),
    ActionSpec("submit.go", "ctrl+s", "Submit", Place.SUBMIT, action="submit"),
    ActionSpec("export.cancel", "escape", "Cancel", Place.EXPORT, action="cancel"),
    ActionSpec("export.go", "ctrl+s", "Export", Place.EXPORT, action="export"),
    ActionSpec("confirm.yes", "enter", "Confirm", Place.CONFIRM, action="confirm"),
    ActionSpec("confirm.no", "escape", "Cancel", Place.CONFIRM, action="cancel"),
    ActionSpec("resubmit.go", "enter", "Resubmit", Place.RESUBMIT, action="confirm"),
    ActionSpec("resubmit.edit", "ctrl+e", "Edit the options", Place.RESUBMIT, action="edit"),
    ActionSpec("resubmit.cancel", "escape", "Cancel", Place.RESUBMIT, action="cancel"),
    ActionSpec(
        "pending.complete", "enter", "Finish them", Place.PENDING, action="choose('complete')"
    ),
    ActionSpec("pending.discard", "x", "Discard them", Place.PENDING, action="choose('discard')"),
    ActionSpec("pending.later", "escape", "Later", Place.PENDING, action="choose('later')"),
    ActionSpec("word_search.cancel", "escape", "Cancel", Place.WORD_SEARCH, action="cancel"),
    ActionSpec("help.close", "escape,q,question_mark", "Close", Place.HELP, action="close"),
    ActionSpec("first_run.demo", "ctrl+d", "Start the demo", Place.FIRST_RUN, action="demo"),
    ActionSpec("key_entry.cancel", "escape", "Cancel", Place.KEY_ENTRY, action="cancel"),
    ActionSpec("model_fix.go", "enter", "Use the new models", Place.MODEL_FIX, action="confirm"),
    ActionSpec("model_fix.cancel", "escape", "Not now", Place.MODEL_FIX, action="cancel"),
    ActionSpec("batches.refresh", "ctrl+r", "Read again", Place.BATCHES, action="refresh"),
    ActionSpec("batches.close", "escape,B", "Close", Place.BATCHES, action="close"),
    ActionSpec("batches.failures", "F", "This batch's failures", Place.BATCHES, action="failures"),
    ActionSpec("batches.down", "j", "Down", Place.BATCHES, action="cursor_down", show=False),
    ActionSpec("batches.up", "k", "Up", Place.BATCHES, action="cursor_up", show=False),
    ActionSpec("batches.first", "g", "First", Place.BATCHES, action="first", show=False),
    ActionSpec("batches.last", "G", "Last", Place.BATCHES, action="last", show=False),
    ActionSpec("failures.window", "w", "Next window", Place.FAILURES, action="next_window"),
    ActionSpec(
        "failures.resubmit",
        "r",
        "Resubmit this group",
        Place.FAILURES,
        action="resubmit_group",
        changes_account=True,
    ),
    ActionSpec("failures.refresh", "ctrl+r", "Scan again", Place.FAILURES, action="refresh"),
    ActionSpec("failures.down", "j", "Down", Place.FAILURES, action="cursor_down", show=False),
    ActionSpec("failures.up", "k", "Up", Place.FAILURES, action="cursor_up", show=False),
    ActionSpec("failures.first", "g", "First", Place.FAILURES, action="first", show=False),
    ActionSpec("failures.last", "G", "Last", Place.FAILURES, action="last", show=False),
    ActionSpec("failures.close", "escape,F", "Close", Place.FAILURES, action="close"),
    ActionSpec("event_log.kind", "tab", "Next kind", Place.EVENT_LOG, action="next_kind"),
    ActionSpec(
        "event_log.filter", "slash", "Filter", Place.EVENT_LOG, action="filter", key_display="/"
    ),
    ActionSpec("event_log.down", "j", "Down", Place.EVENT_LOG, action="cursor_down", show=False),
    ActionSpec("event_log.up", "k", "Up", Place.EVENT_LOG, action="cursor_up", show=False),
    ActionSpec("event_log.first", "g", "First", Place.EVENT_LOG, action="first", show=False),
    ActionSpec("event_log.last", "G", "Last", Place.EVENT_LOG, action="last", show=False),
    ActionSpec("event_log.close", "escape", "Close", Place.EVENT_LOG, action="close"),
    ActionSpec("find.results", "down", "The matches", Place.FIND, action="results"),
    ActionSpec("find.cancel", "escape", "Cancel", Place.FIND, action="cancel"),
    # The name box keeps the focus (typing is naming): these reach the list from it.
    ActionSpec("views.down", "down", "Next view", Place.VIEWS, action="cursor_down", show=False),
    ActionSpec("views.up", "up", "Previous view", Place.VIEWS, action="cursor_up", show=False),
    ActionSpec(
        "views.delete", "ctrl+d", "Delete the view", Place.VIEWS, action="delete", priority=True
    ),
    ActionSpec("views.cancel", "escape", "Close", Place.VIEWS, action="cancel"),
    ActionSpec("statuses.go", "enter", "Show them", Place.STATUSES, action="show", priority=True),
    ActionSpec("statuses.cancel", "escape", "Cancel", Place.STATUSES, action="cancel"),
    # j/k as on the list (the arrows are the list's own).
    ActionSpec("statuses.down", "j", "Down", Place.STATUSES, action="down", show=False),
    ActionSpec("statuses.up", "k", "Up", Place.STATUSES, action="up", show=False),
    ActionSpec("date.cancel", "escape", "Cancel", Place.DATE, action="cancel"),
    ActionSpec("usage.refresh", "ctrl+r", "Count again", Place.USAGE, action="refresh"),
    ActionSpec("usage.close", "escape,H", "Close", Place.USAGE, action="close"),
)

BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}
#: Action names that change the account, for check_action and the palette.
ACCOUNT_ACTIONS = frozenset(spec.action_name for spec in ACTIONS if spec.changes_account)


def specs(place: Place) -> Iterator[ActionSpec]:
    return (spec for spec in ACTIONS if spec.place is place)


def bindings(place: Place) -> list[BindingType]:
    """The Textual bindings of one place, in declared order."""
    return [spec.binding() for spec in specs(place)]


def keys_of(action_id: str, keymap: Mapping[str, str]) -> list[str]:
    """The keys an action has now: the keymap's, else its defaults."""
    spec = BY_ID[action_id]
    return [k.strip() for k in keymap.get(action_id, spec.keys).split(",") if k.strip()]


KEY_SYMBOLS = {
    "question_mark": "?",
    "slash": "/",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "space": "space",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}


def key_label(key: str) -> str:
    """A key as people read it: "?" for question_mark, "Esc" for escape."""
    return KEY_SYMBOLS.get(key, key)


def app_keymap(app: object) -> Mapping[str, str]:
    """The user's keymap from the app's settings (none before they are loaded)."""
    settings = getattr(app, "settings", None)
    return settings.keymap if settings is not None else {}


def press(action_id: str, keymap: Mapping[str, str]) -> str:
    """The key to name in "press X" texts, after the user's keymap."""
    keys = keys_of(action_id, keymap)
    return key_label(keys[0]) if keys else BY_ID[action_id].description
