"""A non-editable install works from outside the checkout and finds its themes."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = out.glob("aai_tui-*.whl")
    return built


def test_the_wheel_ships_themes_and_the_catalog(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme in ("aai-dark", "aai-light", "aai-high-contrast"):
        assert f"aai_tui/_bundled_themes/{theme}.toml" in names
    assert "aai_tui/troubleshoot/catalog.toml" in names
    assert "aai_tui/ui/app.tcss" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_copy_runs_from_outside_the_checkout(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_STATE_HOME": str(tmp_path / "st"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = run("-c", "import aai_tui; print(aai_tui.__file__)")
    assert where.stdout.strip().startswith(str(target))
    assert run("-m", "aai_tui", "--help").returncode == 0
    shown = run("-m", "aai_tui", "config", "show")
    assert shown.returncode == 0 and "page_size" in shown.stdout
    themes = run("-m", "aai_tui", "themes")
    assert themes.returncode == 0
    assert "aai-high-contrast" in themes.stdout
    assert str(target / "aai_tui" / "_bundled_themes") in themes.stdout
