"""A key given as ``--api-key KEY`` is in every user's ``ps`` for as long as the
process runs; aai-tui overwrites it there as soon as it has read its arguments."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="the command line is read from /proc"
)

ROOT = Path(__file__).resolve().parents[1]
SECRET = "sk-live-0123456789abcdef"


def test_the_helper_overwrites_the_secret_in_this_process_command_line():
    code = (
        "from aai_tui.redact import hide_in_command_line as hide\n"
        f"assert hide({SECRET!r})\n"
        "print(open('/proc/self/cmdline', 'rb').read().decode().replace(chr(0), ' '))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--api-key", SECRET, "--other", "kept"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
        check=True,
    ).stdout
    assert SECRET not in out
    assert "*" * len(SECRET) in out and "--other kept" in out


def test_a_running_aai_tui_never_shows_its_key_in_the_process_listing(tmp_path: Path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aai_tui", "sim", "--port", "0", "--api-key", SECRET],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        shown = b""
        while time.monotonic() < deadline:
            shown = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            if b"*" * len(SECRET) in shown:
                break
            time.sleep(0.05)
        assert SECRET.encode() not in shown
        assert b"*" * len(SECRET) in shown and b"sim" in shown
    finally:
        proc.terminate()
        proc.wait(timeout=20)
