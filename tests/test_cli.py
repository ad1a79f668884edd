"""The command itself: version, help, module entry point."""

from __future__ import annotations

import subprocess
import sys

from aai_tui import __version__


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aai_tui", *args], capture_output=True, text=True, timeout=60
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"aai-tui {__version__}"


def test_help_lists_the_options():
    result = run("--help")
    assert result.returncode == 0
    for flag in ("--api-key", "--region", "--base-url", "--log-level", "config"):
        assert flag in result.stdout


def test_unknown_option_is_one_usage_error():
    result = run("--frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
