"""No key yet: paste one (saved 0600) or start the demo."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from textual.widgets import Input

from aai_tui.api import error_messages as messages
from aai_tui.api.errors import ApiError
from aai_tui.ui.screens.dashboard import DashboardScreen
from aai_tui.ui.screens.first_run import FirstRunScreen
from aai_tui.ui.screens.key_entry import KeyEntryScreen
from tests.fake_api import FakeApi
from tests.ui.app_factory import make_app, wait_for, wait_for_rows

KEY = "pasted-key-1234567890"


async def test_pasting_a_key_saves_it_privately_and_opens_the_dashboard(tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, start_demo=lambda: (FakeApi(), "demo", None))
    connected: list[str] = []
    app._connect = lambda key: (connected.append(key), (FakeApi(), "us"))[1]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        app.screen.query_one(Input).value = KEY
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    assert connected == [KEY, KEY]  # one request to check it, then the dashboard's client
    assert tomllib.loads(path.read_text())["api_key"] == KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _refusing_api() -> FakeApi:
    api = FakeApi()
    api.fail_with = ApiError(messages.AUTH_INVALID, status=401, method="GET", path="/v2/transcript")
    return api


async def test_a_wrong_key_is_checked_and_never_saved(tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, start_demo=lambda: (FakeApi(), "demo", None))
    app._connect = lambda key: (_refusing_api(), "us")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(Input).value = "wrong-key-0000"
        await pilot.press("enter")
        error = app.screen.query_one("#key-error")
        await wait_for(pilot, lambda: "refused this key" in str(error.render()), tries=250)
        assert messages.AUTH_INVALID in str(error.render())
        assert isinstance(app.screen, FirstRunScreen)
    assert not path.exists()


async def test_another_key_can_be_entered_from_the_dashboard(tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(FakeApi(), config_path=path)
    good = "new-key-abcdef123456"
    app._connect = lambda key: (FakeApi() if key == good else _refusing_api(), "us")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: isinstance(app.screen, KeyEntryScreen))
        app.screen.query_one(Input).value = "bad-key-0000"
        await pilot.press("enter")
        error = app.screen.query_one("#key-error")
        await wait_for(pilot, lambda: "refused this key" in str(error.render()), tries=250)
        assert not path.exists()
        app.screen.query_one(Input).value = good
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), tries=250)
    assert tomllib.loads(path.read_text())["api_key"] == good
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_an_empty_key_is_refused_with_a_message(tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, start_demo=lambda: (FakeApi(), "demo", None))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert "must not be empty" in str(app.screen.query_one("#key-error").render())
    assert not path.exists()


async def test_the_demo_button_opens_the_dashboard(tmp_path: Path):
    app = make_app(
        config_path=tmp_path / "config.toml",
        start_demo=lambda: (FakeApi(), "127.0.0.1:1 (simulator)", None),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#demo")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.demo


async def test_a_key_given_at_start_connects_after_the_first_paint(tmp_path: Path):
    app = make_app(config_path=tmp_path / "config.toml")
    app._api_key = KEY
    events: list[str] = []
    app.post_display_hook = lambda: events.append("painted")  # type: ignore[method-assign]

    def connect(key: str) -> tuple[FakeApi, str]:
        events.append(f"connect {key}")
        return FakeApi(), "us"

    app._connect = connect
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.api is not None)
        assert isinstance(app.screen, DashboardScreen)
        await wait_for_rows(pilot)
    assert events[0] == "painted"
    assert events.count(f"connect {KEY}") == 1


async def test_a_hangup_quits_the_app_as_q_does():
    """SSH dropped or the window closed: the app ends by its own way out, so the demo's
    scratch journal is removed and leases are given up."""
    import os
    import signal

    from tests.ui.app_factory import wait_for

    app = make_app(poll_interval=3600)
    asked: list[bool] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.exit = lambda *a, **k: asked.append(True)  # type: ignore[method-assign]
        os.kill(os.getpid(), signal.SIGHUP)
        await wait_for(pilot, lambda: asked == [True])
