"""A seeded key fuzzer: random sequences of every binding (and of keys bound to
nothing), at random terminal sizes from 40x12 to 200x60, against the simulator with
faults on, through Pilot.

After every key: no exception escaped, the app answers the next key, the list's
title agrees with the rows, the selection is a row that exists (or the job kept in
the detail pane), and the server received no create or delete beyond what a
confirmation showed.

CI runs a few short seeds. By hand, any seed and length:

    AAI_FUZZ_SEEDS=1-50 AAI_FUZZ_KEYS=3000 .venv/bin/python -m pytest tests/ui/test_key_fuzzer.py

A failure prints the seed and the key sequence that reproduces it.
"""

from __future__ import annotations

import ctypes
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from textual.widgets import Input

from aai_tui.api import AssemblyAIClient
from aai_tui.config import Settings
from aai_tui.journal import Journal
from aai_tui.paths import bundled_themes_dir
from aai_tui.ui.action_registry import ACTIONS
from aai_tui.ui.app import AaiTuiApp
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.model_fix import ModelFixScreen
from aai_tui.ui.screens.pending import PendingScreen
from aai_tui.ui.screens.resubmit import ResubmitScreen
from aai_tui.ui.widgets.detail import DetailPane
from aai_tui.ui.widgets.transcript_table import TranscriptTable
from tests.helpers import running_sim, write_wav

#: Every key any binding has, plus keys bound to nothing and text a person types.
BOUND_KEYS = sorted({key.strip() for spec in ACTIONS for key in spec.keys.split(",")} - {"q"})
UNBOUND_KEYS = ["Z", "1", "ctrl+z", "f5", "up", "down", "pageup", "pagedown", "left", "right"]
TYPED = ["a", "w", "slash", "enter", "backspace", "tab", "escape", "escape"]
SIZES = [(40, 12), (80, 24), (120, 40), (200, 60), (57, 19)]
#: In a dialog, half the keys are a person's keys there: moving between its fields,
#: typing, ticking, leaving. Bound keys alone rarely reached a field of the submit
#: form before Esc (a crash on Esc from a focused field went unseen).
DIALOG_KEYS = [
    "tab",
    "tab",
    "shift+tab",
    "escape",
    "enter",
    "space",
    "down",
    "up",
    "a",
    "backspace",
    "ctrl+e",
]


def _seeds() -> list[int]:
    raw = os.environ.get("AAI_FUZZ_SEEDS", "")
    if not raw:
        return [1, 2, 3]
    if "-" in raw:
        low, high = raw.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(part) for part in raw.split(",")]


KEYS_PER_SEED = int(os.environ.get("AAI_FUZZ_KEYS", "120"))
#: A key that takes longer than this to be answered counts as a freeze.
FREEZE_SECONDS = float(os.environ.get("AAI_FUZZ_FREEZE_SECONDS", "20"))


class FuzzerFreeze(Exception):
    """Raised into the event loop's thread when it stopped answering keys."""


class Watchdog:
    """A thread that notices when the event loop stops answering (a busy loop starves
    every timeout inside it) and breaks it, so the run reports the keys instead of
    hanging."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.busy = False
        self.froze = False
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def key_sent(self) -> None:
        self.started = time.monotonic()
        self.busy = True

    def key_answered(self) -> None:
        self.busy = False

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            if self.busy and time.monotonic() - self.started > FREEZE_SECONDS and not self.froze:
                self.froze = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._main or 0), ctypes.py_object(FuzzerFreeze)
                )


class CountingClient(AssemblyAIClient):
    """The real client, noting the jobs it asked to delete. Creates are counted where
    they cost money, at the server: a create the server refused (a 500 of the flaky
    simulator made nothing) may rightly be sent again; a second job may not."""

    deleted: ClassVar[set[str]] = set()

    async def delete_transcript(self, transcript_id):  # type: ignore[no-untyped-def]
        CountingClient.deleted.add(transcript_id)
        return await super().delete_transcript(transcript_id)


class Ledger:
    """Creates and deletes the confirmations allowed, against the requests sent."""

    def __init__(self) -> None:
        self.allowed = 0
        self.created = 0  # jobs the server made for POST /v2/transcript

    def grant(self, screen: object) -> None:
        if isinstance(screen, ResubmitScreen):
            self.allowed += len(screen.plan.jobs)
        elif isinstance(screen, ModelFixScreen):
            self.allowed += len(screen.fix.labels)
        elif isinstance(screen, PendingScreen):
            self.allowed += len(screen.submissions)
        elif isinstance(screen, ConfirmScreen):
            found = re.match(r"(Submit|Delete) (\d+)", screen.title_text)
            if found:
                self.allowed += int(found.group(2))


def _patch_confirmations(monkeypatch: pytest.MonkeyPatch, ledger: Ledger) -> None:
    for screen_class, action in (
        (ConfirmScreen, "action_confirm"),
        (ResubmitScreen, "action_confirm"),
        (ModelFixScreen, "action_confirm"),
    ):
        original = getattr(screen_class, action)

        def confirm(self, _original=original):  # type: ignore[no-untyped-def]
            if not getattr(self, "editing", False):
                ledger.grant(self)
            return _original(self)

        monkeypatch.setattr(screen_class, action, confirm)
    original_choose = PendingScreen.action_choose

    def choose(self, choice):  # type: ignore[no-untyped-def]
        if choice == "complete":
            ledger.grant(self)
        return original_choose(self, choice)

    monkeypatch.setattr(PendingScreen, "action_choose", choose)


def _check_invariants(app: AaiTuiApp, sim, ledger: Ledger, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    where = f"keys so far: {keys!r}"
    assert app.is_running, where
    assert app._exception is None, f"{app._exception!r}; {where}"
    jobs = list(sim.engine.jobs())
    sent = ledger.created + len(CountingClient.deleted)
    assert sent <= ledger.allowed, f"{sent} creates/deletes, {ledger.allowed} confirmed; {where}"
    dashboard = next((s for s in app.screen_stack if isinstance(s, DashboardScreen)), None)
    if dashboard is None:
        return
    table = dashboard.query_one(TranscriptTable)
    title = str(table.border_title or "")
    shown = re.search(r"(\d+)(?: of (\d+))? shown", title)
    if shown:
        assert int(shown.group(1)) == table.row_count, f"title {title!r}; {where}"
        if shown.group(2) is not None:
            assert int(shown.group(1)) <= int(shown.group(2)), f"title {title!r}; {where}"
    selected = table.selected_id()
    detail = dashboard.query_one(DetailPane)
    if selected is not None:
        assert selected in table.rows_by_id, where
    if detail.transcript_id is not None and detail.transcript_id not in table.rows_by_id:
        # a job that left the page is kept in the detail pane: it must still be a job
        assert any(j.id == detail.transcript_id for j in jobs), where


async def _fuzz(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    audio = write_wav(tmp_path / f"fuzz-{seed}.wav", 2)
    ledger = Ledger()
    _patch_confirmations(monkeypatch, ledger)
    keys: list[str] = []
    with running_sim(concurrency=3, faults="flaky", seed=seed, demo_data=True) as sim:
        CountingClient.deleted = set()
        submit = sim.engine.submit

        def counted_submit(*args, **kwargs):  # type: ignore[no-untyped-def]
            made = submit(*args, **kwargs)
            if "resolve_upload" in kwargs:  # from POST /v2/transcript, not the demo's arrivals
                ledger.created += 1
            return made

        sim.engine.submit = counted_submit
        journal = Journal(tmp_path / f"journal-{seed}.sqlite3")
        app = AaiTuiApp(
            Settings(page_size=20, poll_interval=0.5, export_dir=str(tmp_path / "exports")),
            api=CountingClient("fuzz-key", sim.base_url),
            endpoint_label=sim.base_url,
            config_path=tmp_path / "config.toml",
            journal=journal,
            read_only=rng.random() < 0.2,
            theme_dirs=[(bundled_themes_dir(), "bundled")],
        )
        try:
            with Watchdog() as watchdog:
                async with app.run_test(size=rng.choice(SIZES)) as pilot:
                    await pilot.pause(0.2)
                    for _ in range(KEYS_PER_SEED):
                        roll = rng.random()
                        if roll < 0.03:
                            size = rng.choice(SIZES)
                            keys.append(f"<resize {size[0]}x{size[1]}>")
                            await pilot.resize_terminal(*size)
                            continue
                        if roll < 0.06 and isinstance(app.focused, Input):
                            keys.append("<type path>")
                            app.focused.value = str(audio)
                            continue
                        if roll < 0.08:
                            sim.clock.advance(rng.choice([1, 10, 100]))
                            keys.append("<server time>")
                            continue
                        pool = BOUND_KEYS if roll < 0.8 else (UNBOUND_KEYS if roll < 0.9 else TYPED)
                        in_dialog = not isinstance(app.screen, DashboardScreen)
                        if in_dialog and rng.random() < 0.5:
                            pool = DIALOG_KEYS
                        key = rng.choice(pool)
                        keys.append(key)
                        watchdog.key_sent()
                        await pilot.press(key)
                        watchdog.key_answered()
                        assert not watchdog.froze, (
                            f"the app froze (no answer in {FREEZE_SECONDS} s)"
                        )
                        _check_invariants(app, sim, ledger, keys)
                    await pilot.pause(0.1)
                    # the app still answers: the help screen opens on ?
                    await pilot.press("escape", "escape", "escape")
                    _check_invariants(app, sim, ledger, keys)
        except BaseException as error:
            raise AssertionError(
                f"key fuzzer failed: seed {seed}, {len(keys)} keys: {keys!r}\n{error!r}"
            ) from error
        finally:
            journal.close()


@pytest.mark.parametrize("seed", _seeds())
async def test_random_keys_never_break_the_dashboard(seed, tmp_path, monkeypatch):
    await _fuzz(seed, tmp_path, monkeypatch)
