"""Custom keys: every binding aai-tui has, by id, and the user's keymap checked
against them. The keymap itself is applied by Textual (``App.set_keymap``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class KnownBinding:
    id: str
    keys: str  # Textual's names, comma-separated: "escape,q,question_mark"
    description: str
    where: str


def known_bindings() -> list[KnownBinding]:
    """Every binding, from the action registry, in the order it declares them."""
    from aai_tui.ui.action_registry import ACTIONS

    return [
        KnownBinding(spec.id, spec.keys, spec.description, spec.place.value) for spec in ACTIONS
    ]


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The keymap's ids that name no binding (typos, or ids from another version)."""
    if not keymap:
        return []
    known = {binding.id for binding in known_bindings()}
    return [binding_id for binding_id in keymap if binding_id not in known]


def keys_for(binding: Binding, keymap: Mapping[str, str]) -> list[Binding]:
    """The binding as it is bound now: one per key the keymap gives it, else itself."""
    keys = keymap.get(binding.id or "")
    if not keys:
        return [binding]
    return [binding.with_key(key=key, key_display=None) for key in keys.split(",")]


#: Bindings that can meet on one key press: the list's, the dashboard's and the app's
#: are all live at once; every other screen is live with the app's.
SHARED_WITH = {"list": {"dashboard", "everywhere"}, "dashboard": {"list", "everywhere"}}


def key_name(key: str) -> str:
    """A key as Textual names it: "?" and "question_mark" are one key."""
    key = key.strip()
    if len(key) == 1 and not key.isalnum():
        return unicodedata.name(key, key).lower().replace(" ", "_").replace("-", "_")
    return key


def _meets(where: str, other: str) -> bool:
    shared = SHARED_WITH.get(where, {"everywhere"}) | SHARED_WITH.get(other, {"everywhere"})
    return where == other or other in shared or where in shared


def conflicts(keymap: Mapping[str, str]) -> list[str]:
    """One line per key the keymap gives a binding that another one there also has."""
    if not keymap:
        return []
    bindings = known_bindings()
    bound = {b.id: {key_name(key) for key in keymap.get(b.id, b.keys).split(",")} for b in bindings}
    lines: list[str] = []
    said: set[tuple[frozenset[str], str]] = set()  # two moved onto one key: said once
    for moved in bindings:
        if moved.id not in keymap:
            continue
        for other in bindings:
            if other.id == moved.id or not _meets(moved.where, other.where):
                continue
            for key in sorted(bound[moved.id] & bound[other.id]):
                pair = (frozenset((moved.id, other.id)), key)
                if pair in said:
                    continue
                said.add(pair)
                lines.append(
                    f"{key} is both {moved.description} ({moved.id}) and "
                    f"{other.description} ({other.id}, {other.where})"
                )
    return lines
