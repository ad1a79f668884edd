"""The layers are checked by tools, not only described: import-linter's contracts
(pyproject.toml) and mypy --strict over the whole package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_mypy_strict_is_clean():
    result = _run("mypy", "--strict", "aai_tui")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_every_type_ignore_says_why():
    """A ``type: ignore`` stays only with its reason beside it."""
    bare = []
    for path in (ROOT / "aai_tui").rglob("*.py"):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if "type: ignore" in line and "#" not in line.split("type: ignore", 1)[1]:
                bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []
