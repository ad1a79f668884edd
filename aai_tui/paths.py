"""Where aai-tui keeps its files, following the XDG base directories."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "aai-tui"
_dirs = PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return Path(_dirs.user_config_dir)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def state_dir() -> Path:
    return Path(_dirs.user_state_dir)


def log_file() -> Path:
    return state_dir() / "aai-tui.log"


def data_dir() -> Path:
    return Path(_dirs.user_data_dir)


def journal_file() -> Path:
    return data_dir() / "journal.sqlite3"


def default_export_dir() -> Path:
    return Path.home() / "aai-tui-exports"


def bundled_themes_dir() -> Path:
    """The themes shipped with aai-tui: inside the installed package, or the checkout's themes/."""
    installed = Path(__file__).parent / "_bundled_themes"
    if installed.is_dir():
        return installed
    return Path(__file__).parent.parent / "themes"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by this user only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def create_private_file(path: Path) -> None:
    """Create ``path`` with mode 0600 if it does not exist yet, and tighten it if it does."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
