"""The action registry is the one declaration of every action: bindings, the keymap,
the help screen, the key hints and the palette all come from it, and every action it
names exists where it is bound."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding

from aai_tui.ui.action_registry import ACTIONS, BY_ID, Place, bindings, press
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.keymap import known_bindings
from aai_tui.ui.screens.batches import BatchesScreen
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.date_choice import DateChoiceScreen
from aai_tui.ui.screens.event_log import EventLogScreen
from aai_tui.ui.screens.export_dialog import ExportScreen
from aai_tui.ui.screens.failures import FailuresScreen
from aai_tui.ui.screens.find import FindScreen
from aai_tui.ui.screens.first_run import FirstRunScreen
from aai_tui.ui.screens.help import HelpScreen
from aai_tui.ui.screens.key_entry import KeyEntryScreen
from aai_tui.ui.screens.model_fix import ModelFixScreen
from aai_tui.ui.screens.pending import PendingScreen
from aai_tui.ui.screens.resubmit import ResubmitScreen
from aai_tui.ui.screens.statuses import StatusChoiceScreen
from aai_tui.ui.screens.submit import SubmitScreen
from aai_tui.ui.screens.usage import UsageScreen
from aai_tui.ui.screens.views import ViewsScreen
from aai_tui.ui.screens.word_search import WordSearchScreen
from aai_tui.ui.widgets.transcript_table import TranscriptTable

OWNERS: dict[Place, type] = {
    Place.EVERYWHERE: AaiTuiApp,
    Place.DASHBOARD: DashboardScreen,
    Place.LIST: TranscriptTable,
    Place.SUBMIT: SubmitScreen,
    Place.EXPORT: ExportScreen,
    Place.CONFIRM: ConfirmScreen,
    Place.RESUBMIT: ResubmitScreen,
    Place.PENDING: PendingScreen,
    Place.WORD_SEARCH: WordSearchScreen,
    Place.HELP: HelpScreen,
    Place.FIRST_RUN: FirstRunScreen,
    Place.KEY_ENTRY: KeyEntryScreen,
    Place.MODEL_FIX: ModelFixScreen,
    Place.BATCHES: BatchesScreen,
    Place.FAILURES: FailuresScreen,
    Place.EVENT_LOG: EventLogScreen,
    Place.FIND: FindScreen,
    Place.VIEWS: ViewsScreen,
    Place.STATUSES: StatusChoiceScreen,
    Place.DATE: DateChoiceScreen,
    Place.USAGE: UsageScreen,
}


def test_every_place_has_an_owner_and_takes_its_bindings_from_the_registry():
    assert set(OWNERS) == set(Place)
    for place, owner in OWNERS.items():
        declared = [b for b in owner.BINDINGS if isinstance(b, Binding)]
        assert [b.id for b in declared] == [spec.id for spec in ACTIONS if spec.place is place]


@pytest.mark.parametrize("spec", ACTIONS, ids=[spec.id for spec in ACTIONS])
def test_every_bound_action_exists_where_it_is_bound(spec):
    owner = OWNERS[spec.place]
    name = spec.action_name.split("(")[0]
    assert callable(getattr(owner, f"action_{name}", None)), f"{owner.__name__} has no {name}"


def test_ids_are_unique_and_the_keymap_knows_every_one():
    assert len(BY_ID) == len(ACTIONS)
    assert [b.id for b in known_bindings()] == [spec.id for spec in ACTIONS]


def test_press_names_the_key_after_the_keymap():
    assert press("resubmit", {}) == "r"
    assert press("resubmit", {"resubmit": "ctrl+y,f9"}) == "ctrl+y"
    assert press("help", {}) == "?"


def test_the_catalog_and_the_screens_never_hard_code_a_key_in_their_text():
    """Every "press X" in the dashboard's own text comes from the registry."""
    from pathlib import Path

    import aai_tui

    root = Path(aai_tui.__file__).parent
    offenders = []
    for path in [
        *root.glob("ui/**/*.py"),
        *root.glob("troubleshoot/*.py"),
        *root.glob("troubleshoot/*.toml"),
    ]:
        text = path.read_text("utf-8")
        for match in re.finditer(r"press (?!X\b)[a-zA-Z]\b|resubmit with r\b", text):
            offenders.append(f"{path.name}: {match.group(0)}")
    assert offenders == []


def test_changing_actions_are_marked():
    changing = {spec.id for spec in ACTIONS if spec.changes_account}
    assert {"submit", "resubmit", "resubmit_failed", "delete", "pending"} <= changing
    assert not changing & {"export", "copy_id", "copy_text", "help", "quit"}
    assert all(b.id in BY_ID for b in bindings(Place.DASHBOARD))
