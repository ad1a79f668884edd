"""What the first screen must not wait for: the network stack loads after it is painted
(see bench/startup.py), and httpx's command-line client never loads at all."""

from __future__ import annotations

from tests.helpers import modules_loaded_after


def test_dashboard_modules_do_not_load_the_network_stack() -> None:
    loaded = modules_loaded_after(
        "import aai_tui.cli, aai_tui.ui.app", ("httpx", "httpcore", "anyio", "h11")
    )
    assert loaded == []


def test_the_client_loads_without_httpx_command_line_client() -> None:
    loaded = modules_loaded_after(
        "import aai_tui.api.client", ("httpx", "httpx._main", "click", "pygments")
    )
    assert loaded == ["httpx"]


def test_the_client_is_still_reachable_from_the_package() -> None:
    from aai_tui.api import AssemblyAIClient, ProgressCallback
    from aai_tui.api.client import AssemblyAIClient as Direct

    assert AssemblyAIClient is Direct
    assert ProgressCallback is not None
