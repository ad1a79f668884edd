"""Settings: the TOML config file, its validation, and where the API key comes from.

The file lives at ``$XDG_CONFIG_HOME/aai-tui/config.toml``, is read with tomllib,
written with tomli-w, and always has mode 0600 because it may hold the API key.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from aai_tui.api.regions import REGIONS
from aai_tui.paths import config_file, default_export_dir, ensure_private_dir
from aai_tui.redact import mask

ENV_API_KEY = "ASSEMBLYAI_API_KEY"


class ConfigError(Exception):
    """A config problem, already phrased as the one line the user will read."""


@dataclass(frozen=True)
class Settings:
    api_key: str | None = None
    region: str = "us"
    base_url: str | None = None
    poll_interval: float = 3.0
    #: When nothing has changed for a while and nothing is active, refreshes stretch
    #: up to this many seconds (and snap back on any change or key).
    idle_poll_limit: float = 30.0
    page_size: int = 25
    concurrency_limit: int = 5
    theme: str = "aai-dark"
    export_dir: str | None = None
    #: Speech models sent with every new submission; none means the account's default lineup.
    speech_models: tuple[str, ...] = ()
    #: Seconds one submission keeps being retried through faults before it is left to
    #: ``aai-tui pending --complete``.
    submit_deadline: float = 900.0
    #: Binding id -> keys ("ctrl+d" or "x,ctrl+d"); ids are listed by ``aai-tui keys``.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Speech model -> your price per hour of audio, for ``aai-tui usage``'s estimate.
    #: Empty by default: aai-tui ships no prices as facts.
    prices: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={mask(v) if k == 'api_key' else v!r}" for k, v in asdict(self).items()
        )
        return f"Settings({shown})"

    @property
    def export_path(self) -> Path:
        return Path(self.export_dir).expanduser() if self.export_dir else default_export_dir()


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Settings))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return str(value)


def _api_key(value: Any) -> str:
    text = _text(value).strip()
    problem = api_key_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def api_key_problem(key: str) -> str | None:
    """Why this cannot be an API key (it goes in an HTTP header); never quotes the key."""
    if not key:
        return "must not be empty"
    if any(c.isspace() for c in key):
        return "must not contain spaces"
    if not key.isascii() or not key.isprintable():
        return "must be printable ASCII (letters, digits and punctuation)"
    return None


def _region(value: Any) -> str:
    text = _text(value).strip().lower()
    if text not in REGIONS:
        raise ValueError(f"must be one of: {', '.join(REGIONS)}")
    return text


def _base_url(value: Any) -> str:
    text = _text(value).strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL")
    return text.rstrip("/")


def _number(kind: type, low: float, high: float) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"must be a number from {low:g} to {high:g}")
        try:
            number = kind(value)
        except (TypeError, ValueError):
            raise ValueError(f"must be a number from {low:g} to {high:g}") from None
        if kind is int and isinstance(value, float) and not value.is_integer():
            raise ValueError("must be a whole number")
        if not low <= number <= high:
            raise ValueError(f"must be from {low:g} to {high:g}")
        return number

    return convert


DURATION_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(value: Any, *, low: float = 0.0, high: float = 7 * 86400.0) -> float:
    """Seconds from ``90``, ``90s``, ``15m`` or ``2h``."""
    if isinstance(value, bool):
        raise ValueError("must be a duration such as 90s, 15m or 2h")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        unit = DURATION_UNITS.get(text[-1:]) if text else None
        number = text[:-1] if unit is not None else text
        try:
            seconds = float(number) * (unit or 1.0)
        except ValueError:
            raise ValueError("must be a duration such as 90s, 15m or 2h") from None
    if not low <= seconds <= high or seconds != seconds:
        raise ValueError(f"must be from {low:g} s to {high / 86400:g} days")
    return seconds


def _theme(value: Any) -> str:
    text = _text(value).strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", text):
        raise ValueError("must be a theme name (letters, digits, '-', '_', '.')")
    return text


def _export_dir(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def _speech_models(value: Any) -> tuple[str, ...]:
    """A list or comma-separated names; which names exist is the server's to say."""
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",")]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        names = [v.strip() for v in value]
    else:
        raise ValueError("must be model names, such as 'universal-3-5-pro,universal-2'")
    names = [name for name in names if name]
    if any(any(c.isspace() or c in "\"'[]" for c in name) for name in names):
        raise ValueError("must be model names separated by commas, without spaces or quotes")
    return tuple(names)


#: A binding id as aai-tui names them: "delete", "table.down", "submit.go".
BINDING_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
#: One key as Textual names it: "x", "X", "?", "f5", "ctrl+shift+d", "question_mark".
KEY_NAME = re.compile(r"[^\s,]+")
KEYMAP_PREFIX = "keymap."
PRICES_PREFIX = "prices."


def _keys(value: Any) -> str:
    keys = [part.strip() for part in _text(value).split(",")]
    if not all(KEY_NAME.fullmatch(key) for key in keys):
        raise ValueError("must be keys separated by commas, such as 'x' or 'ctrl+d,f5'")
    return ",".join(keys)


def _binding_id(value: str) -> str:
    """``value`` if it has the form of a binding id; which ids exist, the app knows."""
    if not BINDING_ID.fullmatch(value):
        raise ValueError(f"has {value!r}, which is not a binding id (such as 'delete')")
    return value


def _flat_keymap(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Binding ids to keys; ``table.down = "n"`` (a nested table in TOML) is the id
    "table.down", as is the quoted ``"table.down" = "n"``."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat_keymap(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _keymap(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("must be a table of binding ids and keys, such as [keymap] delete = 'x'")
    keymap: dict[str, str] = {}
    for binding_id, keys in _flat_keymap(value).items():
        _binding_id(binding_id)
        try:
            keymap[binding_id] = _keys(keys)
        except ValueError as exc:
            raise ValueError(f"{binding_id} {exc}") from None
    return keymap


def _prices(value: Any) -> dict[str, float]:
    """A [prices] table: speech model name = price per hour of audio (0 or more)."""
    if not isinstance(value, dict):
        raise ValueError(
            "must be a table of speech models and prices per audio hour, such as "
            '[prices] "universal-3-5-pro" = 0.21'
        )
    prices: dict[str, float] = {}
    for model, price in value.items():
        if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
            raise ValueError(f"{model!r} must have a price of 0 or more, not {price!r}")
        prices[str(model)] = float(price)
    return prices


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "api_key": _api_key,
    "region": _region,
    "base_url": _base_url,
    "poll_interval": _number(float, 0.5, 3600),
    "idle_poll_limit": _number(float, 0.5, 3600),
    "page_size": _number(int, 1, 200),
    "concurrency_limit": _number(int, 1, 100_000),
    "theme": _theme,
    "export_dir": _export_dir,
    "speech_models": _speech_models,
    "submit_deadline": parse_duration,
    "keymap": _keymap,
    "prices": _prices,
}


def validate(key: str, value: Any, *, source: str) -> Any:
    """One setting, checked and converted; errors name ``source`` and the key."""
    if key not in VALIDATORS:
        raise ConfigError(
            f"{source}: unknown setting {key!r}; known settings: {', '.join(SETTING_NAMES)}"
        )
    try:
        return VALIDATORS[key](value)
    except ValueError as exc:
        raise ConfigError(f"{source}: {key} {exc}") from None


def settings_from_mapping(data: Mapping[str, Any], *, source: str) -> Settings:
    values = {key: validate(key, value, source=source) for key, value in data.items()}
    return Settings(**values)


def _describe_toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    # tomllib's message ends with "(at line L, column C)"; keep it, name the file first.
    return f"{path}: invalid TOML: {exc}"


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file; a missing file means defaults."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_describe_toml_error(path, exc)) from None
    return settings_from_mapping(data, source=str(path))


def _read_table(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_describe_toml_error(path, exc)) from None


def write_private_toml(path: Path, data: Mapping[str, Any]) -> None:
    """Write TOML atomically with mode 0600: a temporary file, then a rename."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            tomli_w.dump(dict(data), handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)


def set_setting(key: str, value: Any, path: Path | None = None) -> Settings:
    """Validate one value and write it to the config file, keeping the others.

    ``keymap.<binding id>`` sets the keys of one binding; an empty value removes it,
    back to the default keys. ``prices.<speech model>`` sets that model's price per
    audio hour; an empty value removes it.
    """
    path = path or config_file()
    table = _read_table(path)
    settings_from_mapping(table, source=str(path))  # refuse to rewrite a broken file
    if key.startswith(KEYMAP_PREFIX):
        binding_id = key.removeprefix(KEYMAP_PREFIX)
        keymap = _flat_keymap(table.get("keymap", {}))
        if str(value).strip():
            keymap.update(validate("keymap", {binding_id: value}, source=str(path)))
        else:
            try:
                keymap.pop(_binding_id(binding_id), None)
            except ValueError as exc:
                raise ConfigError(f"{path}: keymap {exc}") from None
        if keymap:
            table["keymap"] = keymap
        else:
            table.pop("keymap", None)
    elif key.startswith(PRICES_PREFIX) and len(key) > len(PRICES_PREFIX):
        model = key.removeprefix(PRICES_PREFIX)
        prices = dict(table.get("prices", {}))
        text = str(value).strip()
        if text:
            try:
                price: Any = float(text)
            except ValueError:
                price = text  # refused below, in the words of the [prices] check
            prices.update(validate("prices", {model: price}, source=str(path)))
        else:
            prices.pop(model, None)
        if prices:
            table["prices"] = prices
        else:
            table.pop("prices", None)
    else:
        checked = validate(key, value, source=str(path))
        if isinstance(checked, tuple):
            checked = list(checked)
        if checked == []:
            table.pop(key, None)  # empty: back to the default
        else:
            table[key] = checked
    try:
        write_private_toml(path, table)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return settings_from_mapping(table, source=str(path))


def resolve_api_key(
    cli_key: str | None, settings: Settings, environ: Mapping[str, str] | None = None
) -> tuple[str | None, str]:
    """The key to use and where it came from: --api-key, then the environment, then the file."""
    environ = os.environ if environ is None else environ
    if cli_key:
        return cli_key.strip(), "--api-key"
    env_key = environ.get(ENV_API_KEY, "").strip()
    if env_key:
        return env_key, ENV_API_KEY
    if settings.api_key:
        return settings.api_key, "config file"
    return None, "not set"


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """Settings with the non-None overrides applied (command-line flags)."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    return replace(settings, **changes) if changes else settings


def render_settings(settings: Settings, key_source: str) -> list[tuple[str, str]]:
    """Rows for ``config show``: every setting, the key masked."""
    rows: list[tuple[str, str]] = []
    for name in SETTING_NAMES:
        value = getattr(settings, name)
        if name == "api_key":
            shown = f"{mask(value)}  (from {key_source})" if value else "(not set)"
        elif name == "export_dir":
            shown = str(settings.export_path)
        elif name == "speech_models":
            shown = ",".join(value) or "(not set: the account's default lineup)"
        elif name == "keymap":
            shown = ", ".join(f"{k} = {v}" for k, v in value.items()) or "(default keys)"
        elif name == "prices":
            shown = (
                ", ".join(f"{k} = {v:g} per hour" for k, v in value.items())
                or "(none: usage shows hours, no cost)"
            )
        elif value is None:
            shown = "(not set)"
        else:
            shown = str(value)
        rows.append((name, shown))
    return rows
