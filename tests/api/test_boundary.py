"""The core never imports Textual: only aai_tui.ui may."""

from __future__ import annotations

import ast
from pathlib import Path

import aai_tui
from tests.helpers import modules_loaded_after

PACKAGE = Path(aai_tui.__file__).parent
UI_PACKAGE = PACKAGE / "ui"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_ui_imports_textual() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if UI_PACKAGE in path.parents or path.name in ("cli.py", "__main__.py"):
            continue
        for name in _imported_modules(path):
            if name == "textual" or name.startswith(("textual.", "rich")):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_importing_the_api_loads_no_textual() -> None:
    # Any textual.* module loads the textual package first.
    code = "import aai_tui.api, aai_tui.config, aai_tui.logs"
    assert modules_loaded_after(code, ("textual",)) == []
