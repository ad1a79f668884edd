"""The command itself: version, help, module entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_the_demo_keeps_its_own_journal_and_forgets_it_at_exit():
    """Demo jobs never enter the user's journal: `aai-tui batches` and the dashboard's
    batches of the real account never show the demo's, and a demo's unfinished
    submission is never offered against a real account."""
    from aai_tui.cli import start_demo_backend
    from aai_tui.journal import BatchEntry
    from aai_tui.paths import journal_file

    client, label, journal, stop = start_demo_backend()
    try:
        assert "(simulator)" in label
        assert journal.path != journal_file()
        assert not journal.path.is_relative_to(journal_file().parent)
        journal.record_batch(
            [BatchEntry(local_path=Path("/a/b.wav"), size=1)],
            params={},
            endpoint=str(client.base_url),
            batch_id="demo",
        )
        assert not journal_file().exists()
    finally:
        stop()
    assert not journal.path.parent.exists()


def test_connection_options_are_taken_before_or_after_the_subcommand(capsys):
    from aai_tui.cli import main

    for argv in (
        ["list", "--base-url", "http://127.0.0.1:9", "--api-key", "k"],
        ["--base-url", "http://127.0.0.1:9", "list", "--api-key", "k"],
        ["--base-url", "http://127.0.0.1:9", "--api-key", "k", "list"],
    ):
        assert main(argv) == 1, argv  # the closed port was asked: understood each way
        assert "could not connect" in capsys.readouterr().err
