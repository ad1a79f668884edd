"""Settings: precedence, validation, file mode, and the config commands."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from aai_tui.cli import main
from aai_tui.config import (
    ConfigError,
    Settings,
    load_settings,
    resolve_api_key,
    set_setting,
)
from aai_tui.paths import config_file

KEY = "file-key-abcdef123456"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_config_file_follows_xdg(isolated_xdg: Path):
    assert config_file() == isolated_xdg / "config" / "aai-tui" / "config.toml"


def test_key_precedence_flag_then_environment_then_file():
    settings = Settings(api_key="from-file")
    env = {"ASSEMBLYAI_API_KEY": "from-env"}
    assert resolve_api_key("from-flag", settings, env) == ("from-flag", "--api-key")
    assert resolve_api_key(None, settings, env) == ("from-env", "ASSEMBLYAI_API_KEY")
    assert resolve_api_key(None, settings, {}) == ("from-file", "config file")
    assert resolve_api_key(None, Settings(), {}) == (None, "not set")


def test_set_writes_a_0600_file_and_keeps_other_settings():
    set_setting("api_key", KEY)
    set_setting("page_size", "50")
    path = config_file()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    settings = load_settings()
    assert settings.api_key == KEY
    assert settings.page_size == 50


def test_set_tightens_an_existing_loose_file():
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text('region = "eu"\n')
    path.chmod(0o644)
    set_setting("theme", "aai-light")
    assert mode(path) == 0o600
    assert load_settings().region == "eu"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("region", "EU", "eu"),
        ("base_url", "http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("poll_interval", "1.5", 1.5),
        ("page_size", "200", 200),
        ("concurrency_limit", "32", 32),
        ("theme", "aai-high-contrast", "aai-high-contrast"),
        ("export_dir", "~/exports", "~/exports"),
    ],
)
def test_valid_values_are_converted(key, value, expected):
    assert getattr(set_setting(key, value), key) == expected


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("region", "mars", "region must be one of: us, eu"),
        ("base_url", "ftp://x", "base_url must be an http:// or https:// URL"),
        ("poll_interval", "fast", "poll_interval must be a number"),
        ("page_size", "0", "page_size must be from 1 to 200"),
        ("page_size", "201", "page_size must be from 1 to 200"),
        ("api_key", "  ", "api_key must not be empty"),
        ("colour", "red", "unknown setting 'colour'"),
        ("keymap.delete", "ctrl+x, a b", "keymap delete must be keys separated by commas"),
        ("keymap.Delete Now", "x", "keymap has 'Delete Now', which is not a binding id"),
    ],
)
def test_invalid_values_are_refused_with_one_line(key, value, fragment):
    with pytest.raises(ConfigError) as caught:
        set_setting(key, value)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert not config_file().exists()


def test_malformed_toml_names_the_file_and_line():
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text('region = "us"\npage_size = = 3\n')
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert str(path) in message
    assert "line 2" in message


def test_unknown_key_in_file_is_named():
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text('colour = "red"\n')
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings()


def test_wrong_type_in_file_is_named():
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text("page_size = true\n")
    with pytest.raises(ConfigError, match="page_size must be a number"):
        load_settings()


def test_settings_repr_masks_the_key():
    assert KEY not in repr(Settings(api_key=KEY))
    assert "file…" in repr(Settings(api_key=KEY))


def test_config_show_masks_the_key(capsys):
    set_setting("api_key", KEY)
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert KEY not in out
    assert "file…" in out
    assert "(from config file)" in out
    for name in (
        "region",
        "base_url",
        "poll_interval",
        "page_size",
        "concurrency_limit",
        "theme",
        "export_dir",
    ):
        assert name in out


def test_config_show_reports_the_environment_key(capsys, monkeypatch):
    monkeypatch.setenv("ASSEMBLYAI_API_KEY", "envkey-999999")
    main(["config", "show"])
    out = capsys.readouterr().out
    assert "envk…" in out and "envkey-999999" not in out
    assert "ASSEMBLYAI_API_KEY" in out


def test_config_set_never_echoes_the_key(capsys):
    assert main(["config", "set", "api_key", KEY]) == 0
    assert KEY not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("contents", "fragment"),
    [("page_size = [\n", "invalid TOML"), ("nope = 1\n", "unknown setting 'nope'")],
)
def test_cli_reports_bad_config_in_one_line_without_traceback(contents, fragment):
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text(contents)
    result = subprocess.run(
        [sys.executable, "-m", "aai_tui", "config", "show"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert fragment in lines[0] and str(path) in lines[0]


def test_cli_set_rejects_an_unknown_key(capsys):
    assert main(["config", "set", "colour", "red"]) == 2
    assert "unknown setting 'colour'" in capsys.readouterr().err


def test_keymap_entries_are_set_one_by_one_and_removed_by_an_empty_value(capsys):
    set_setting("region", "eu")
    set_setting("keymap.delete", "ctrl+x, f8")
    settings = set_setting("keymap.table.down", "n")
    assert settings.keymap == {"delete": "ctrl+x,f8", "table.down": "n"}
    assert settings.region == "eu"
    assert load_settings().keymap == settings.keymap  # "table.down" is quoted, not nested
    assert main(["config", "show"]) == 0
    assert "keymap             delete = ctrl+x,f8, table.down = n" in capsys.readouterr().out
    assert set_setting("keymap.delete", "").keymap == {"table.down": "n"}
    assert "keymap" not in set_setting("keymap.table.down", "").keymap
    assert "keymap" not in config_file().read_text()


@pytest.mark.parametrize(
    ("contents", "fragment"),
    [
        ('keymap = "x"\n', "keymap must be a table of binding ids and keys"),
        ("[keymap]\ndelete = 3\n", "keymap delete must be a string"),
        ('[keymap]\n"Bad Id" = "x"\n', "keymap has 'Bad Id', which is not a binding id"),
    ],
)
def test_a_bad_keymap_in_the_file_is_one_line(contents, fragment):
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text(contents)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert fragment in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_nested_keymap_table_means_dotted_ids():
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text('[keymap]\ntable.down = "n"\ndelete = "x"\n')
    assert load_settings().keymap == {"table.down": "n", "delete": "x"}


def test_a_price_is_set_one_model_at_a_time_and_removed_when_empty(tmp_path):
    path = tmp_path / "config.toml"
    set_setting("prices.universal-3-5-pro", "0.21", path)
    settings = set_setting("prices.universal-2", "0.12", path)
    assert settings.prices == {"universal-3-5-pro": 0.21, "universal-2": 0.12}
    assert set_setting("prices.universal-2", "", path).prices == {"universal-3-5-pro": 0.21}
    with pytest.raises(ConfigError, match="must have a price of 0 or more"):
        set_setting("prices.universal-2", "cheap", path)
    with pytest.raises(ConfigError, match="must have a price of 0 or more"):
        set_setting("prices.universal-2", "-1", path)
