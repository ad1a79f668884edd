"""The ``aai-tui`` command: argument parsing and subcommands.

Every failure a user can cause ends in one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from aai_tui import __version__
from aai_tui.config import (
    SETTING_NAMES,
    ConfigError,
    load_settings,
    render_settings,
    resolve_api_key,
    set_setting,
)
from aai_tui.logs import LEVELS
from aai_tui.paths import config_file

EXIT_USAGE = 2


class UserError(Exception):
    """Something the user can fix, phrased as one line."""


def _add_connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-key", help="AssemblyAI API key (else $ASSEMBLYAI_API_KEY, else the config file)"
    )
    parser.add_argument(
        "--region", choices=("us", "eu"), help="API region (default: from config, else us)"
    )
    parser.add_argument("--base-url", help="talk to this API root instead of the region's")
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.upper,
        default="INFO",
        help="level of the log file (default INFO)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aai-tui",
        description="A keyboard-driven dashboard for AssemblyAI pre-recorded transcription jobs.",
        epilog="Run without a subcommand to open the dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"aai-tui {__version__}")
    parser.add_argument(
        "--config", type=Path, default=None, help=f"config file (default: {config_file()})"
    )
    _add_connection_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    config = sub.add_parser("config", help="show or change settings")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("show", help="print every setting, the API key masked")
    setter = config_sub.add_parser("set", help="validate and save one setting")
    setter.add_argument("key", metavar="KEY", help=f"one of: {', '.join(SETTING_NAMES)}")
    setter.add_argument("value", metavar="VALUE")
    config_sub.add_parser("path", help="print the config file's path")
    return parser


def _config_path(args: argparse.Namespace) -> Path:
    return args.config or config_file()


def cmd_config(args: argparse.Namespace) -> int:
    path = _config_path(args)
    if args.config_command == "path":
        print(path)
        return 0
    if args.config_command == "set":
        set_setting(args.key, args.value, path)
        shown = "(hidden)" if args.key == "api_key" else args.value
        print(f"{args.key} = {shown}  (saved to {path})")
        return 0
    settings = load_settings(path)
    key, source = resolve_api_key(args.api_key, settings)
    from dataclasses import replace

    rows = render_settings(replace(settings, api_key=key), source)
    width = max(len(name) for name, _ in rows)
    print(f"# {path}")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "config": cmd_config,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command or "")
    try:
        if handler is None:
            parser.print_help()
            return 0
        return handler(args)
    except (ConfigError, UserError) as exc:
        print(f"aai-tui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
