"""Themes from TOML files: the bundled ones, then the user's own.

A theme file holds Textual Theme fields and a [variables] table (status colours
and the like). A bad file is reported by name and skipped, never fatal.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from aai_tui.paths import bundled_themes_dir, user_themes_dir

COLOR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)
OTHER_FIELDS = {"name", "dark", "variables", "luminosity_spread", "text_alpha"}
#: Variables every theme gets, so app.tcss can rely on them.
DEFAULT_VARIABLES = {
    "status-queued": "#9AA3AF",
    "status-processing": "#5B8DEF",
    "status-completed": "#5FBF77",
    "status-error": "#E5646B",
    "status-throttled": "#E0A84E",
    "gauge-ok": "#5FBF77",
    "gauge-low": "#E0A84E",
    "gauge-out": "#E5646B",
}


class ThemeError(Exception):
    """One line naming the file and what is wrong with it."""


@dataclass(frozen=True)
class LoadedTheme:
    theme: Theme
    path: Path
    origin: str  # "bundled" or "user"


def _check_color(path: Path, field: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeError(f"{path}: {field} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f"{path}: {field} is not a colour: {value!r}") from None
    return value


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: cannot read: {exc}") from None
    unknown = sorted(set(data) - set(COLOR_FIELDS) - OTHER_FIELDS)
    if unknown:
        raise ThemeError(f"{path}: unknown field {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(f"{path}: a theme needs a name")
    if "primary" not in data:
        raise ThemeError(f"{path}: a theme needs a primary colour")
    colors = {f: _check_color(path, f, data[f]) for f in COLOR_FIELDS if f in data}
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{path}: dark must be true or false")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeError(f"{path}: [variables] must map names to strings")
    for key, value in variables.items():
        if key.startswith(("status-", "gauge-")):
            _check_color(path, key, value)
    return Theme(
        name=name.strip(),
        dark=dark,
        variables={**DEFAULT_VARIABLES, **variables},
        **colors,  # type: ignore[arg-type]  # only colour fields (COLOR_FIELDS), all strings
    )


def discover_themes(
    directories: list[tuple[Path, str]] | None = None,
) -> tuple[list[LoadedTheme], list[str]]:
    """Every theme in the bundled folder, then the user's; and one line per bad file."""
    if directories is None:
        directories = [(bundled_themes_dir(), "bundled"), (user_themes_dir(), "user")]
    loaded: list[LoadedTheme] = []
    errors: list[str] = []
    for directory, origin in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                loaded.append(LoadedTheme(load_theme_file(path), path, origin))
            except ThemeError as exc:
                errors.append(str(exc))
    return loaded, errors
