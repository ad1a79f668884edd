"""The ``aai-tui`` command: argument parsing and subcommands.

Every failure a user can cause ends in one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

from aai_tui import __version__
from aai_tui.actions.export import FORMATS as EXPORT_FORMATS
from aai_tui.config import (
    SETTING_NAMES,
    ConfigError,
    Settings,
    api_key_problem,
    load_settings,
    render_settings,
    resolve_api_key,
    set_setting,
    validate,
    with_overrides,
)
from aai_tui.logs import LEVELS
from aai_tui.paths import config_file
from aai_tui.sim.faults import PROFILES

if TYPE_CHECKING:
    from aai_tui.actions.inputs import SubmitOptions
    from aai_tui.actions.queries import Window
    from aai_tui.api import AssemblyAIClient
    from aai_tui.journal import Journal
    from aai_tui.ui.app import DashboardApi

#: The command line, config, key or files are wrong: the same command fails again.
EXIT_USAGE = 2
#: An item the API refused or does not have, or an API that could not be reached.
EXIT_REFUSED = 1
#: The reader of the output went away (a pipe into `head`): the shell's own code.
EXIT_BROKEN_PIPE = 141


class UserError(Exception):
    """Something the user can fix, phrased as one line; exit code 2 for the command
    line, config or files, 1 for an item the API refused or could not be asked about."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _add_connection_options(parser: argparse.ArgumentParser, *, after: bool = False) -> None:
    """``after``: the same options on a subcommand (``aai-tui list --base-url URL``), given
    no default there, so that they override the ones before it only when written."""
    unset: dict[str, Any] = {"default": argparse.SUPPRESS} if after else {}
    parser.add_argument(
        "--api-key",
        help="AssemblyAI API key (else $ASSEMBLYAI_API_KEY, else the config file)",
        **unset,
    )
    parser.add_argument(
        "--region",
        choices=("us", "eu"),
        help="API region (default: from config, else us)",
        **unset,
    )
    parser.add_argument("--base-url", help="talk to this API root instead of the region's", **unset)
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.upper,
        help="level of the log file (default INFO)",
        **(unset or {"default": "INFO"}),
    )
    if after:
        parser.add_argument("--config", type=Path, help="config file", **unset)


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one line (what is wrong, and where help is), exit code 2."""

    def error(self, message: str) -> NoReturn:
        from aai_tui.terminal_text import visible

        self.exit(
            2,
            f"{self.prog}: {visible(message, single_line=True)} (see {self.prog} --help)\n",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="aai-tui",
        description="A keyboard-driven dashboard for AssemblyAI pre-recorded transcription jobs.",
        epilog="Run without a subcommand to open the dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"aai-tui {__version__}")
    parser.add_argument(
        "--config", type=Path, default=None, help=f"config file (default: {config_file()})"
    )
    _add_connection_options(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the dashboard on a built-in simulated account: no key, no network",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="hide and refuse every action that changes anything",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    config = sub.add_parser("config", help="show or change settings")
    config_sub = config.add_subparsers(
        dest="config_command", metavar="ACTION", required=True, parser_class=OneLineParser
    )
    config_sub.add_parser("show", help="print every setting, the API key masked")
    setter = config_sub.add_parser("set", help="validate and save one setting")
    setter.add_argument(
        "key",
        metavar="KEY",
        help=f"one of: {', '.join(SETTING_NAMES)}; or keymap.ID (ids: `aai-tui keys`)",
    )
    setter.add_argument("value", metavar="VALUE")
    config_sub.add_parser("path", help="print the config file's path")

    sim = sub.add_parser(
        "sim",
        help="run a local AssemblyAI API simulator",
        description="Serve a faithful local AssemblyAI pre-recorded API on loopback.",
    )
    sim.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    sim.add_argument("--port", type=_port, default=8000, help="port (default 8000; 0 picks one)")
    sim.add_argument(
        "--api-key",
        dest="sim_api_key",
        metavar="KEY",
        help="accept only this key (default: any non-empty key)",
    )
    sim.add_argument(
        "--speed",
        type=_positive_float,
        default=1.0,
        help="processing runs this many times faster than real (default 1)",
    )
    sim.add_argument(
        "--concurrency",
        type=_positive_int,
        default=5,
        help="jobs processed at once; the rest queue throttled (default 5)",
    )
    sim.add_argument(
        "--rate-limit",
        type=_positive_int,
        default=20_000,
        help="requests allowed per window (default 20000)",
    )
    sim.add_argument(
        "--rate-window",
        type=_positive_float,
        default=300.0,
        metavar="SECONDS",
        help="rate-limit window in seconds (default 300)",
    )
    sim.add_argument(
        "--faults",
        default="none",
        choices=sorted(PROFILES),
        # argparse formats help with %: a literal "10%" must be written "10%%".
        help="inject trouble: "
        + "; ".join(f"{p.name}: {p.description}" for p in PROFILES.values()).replace("%", "%%"),
    )
    sim.add_argument("--seed", type=int, default=None, help="seed for faults and demo data")
    sim.add_argument(
        "--demo-data",
        action="store_true",
        help="start with a realistic account: history, errors, live jobs",
    )
    sim.add_argument(
        "--speech-models",
        type=_names,
        default=None,
        metavar="A,B",
        help="the account's model lineup, in default order "
        "(default: universal-3-5-pro,universal-2, today's)",
    )
    sim.add_argument(
        "--retired-models",
        type=_names,
        default=None,
        metavar="A,B",
        help="models refused with a message naming the lineup (default: universal-3-pro, "
        "unless the lineup has it; '' for none: the API of spring 2026)",
    )
    sim.add_argument(
        "--strict-auth",
        action="store_true",
        help='refuse "authorization: Bearer KEY", as the real API does (on in --demo)',
    )
    sim.add_argument(
        "--balance-hours",
        type=_non_negative_float,
        default=None,
        metavar="HOURS",
        help="audio hours the account can pay for; past them a create gets the "
        "documented balance error and the concurrency limit drops to 1",
    )

    sim.add_argument(
        "--latency",
        dest="latency_ms",
        type=_non_negative_float,
        default=0.0,
        metavar="MS",
        help="milliseconds added before every answer, as a real network's round trip (default 0)",
    )

    sub.add_parser("themes", help="list the themes and the file each came from")
    sub.add_parser(
        "keys", help="list every key binding by id, for the [keymap] table of the config"
    )

    submit = sub.add_parser(
        "submit",
        help="submit files, folders, globs or URLs for transcription",
        description="Submit audio for transcription. Every submission is journaled before "
        "anything is sent, so none is lost and none is sent twice.",
    )
    submit.add_argument(
        "sources",
        nargs="+",
        metavar="PATH",
        help="a file, a folder (its media files), a glob, or an http(s) URL",
    )
    submit.add_argument(
        "--wait",
        action="store_true",
        help="wait until every job has ended (--wait=15m: for at most 15 minutes)",
    )
    submit.add_argument(
        "--wait-limit",
        type=_duration,
        default=None,
        metavar="DURATION",
        help="stop waiting after this long (90s, 15m, 2h); implies --wait",
    )
    submit.add_argument(
        "--deadline",
        type=_duration,
        default=None,
        metavar="DURATION",
        help="how long each file keeps being retried through faults "
        "(default: submit_deadline from the config, 15m)",
    )
    submit.add_argument("--json", action="store_true", help="print one JSON document")
    submit.add_argument(
        "--parallel", type=_positive_int, default=4, help="uploads at once (default 4)"
    )
    _add_request_option_flags(submit)

    export = sub.add_parser("export", help="export transcripts to files")
    export.add_argument("ids", nargs="+", metavar="ID")
    export.add_argument(
        "--format", required=True, dest="export_format", choices=sorted(EXPORT_FORMATS)
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="folder (default: export_dir from the config)",
    )
    export.add_argument("--chars-per-caption", type=_positive_int, default=None)
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.add_argument("--json", action="store_true", help="print one JSON document")

    pending = sub.add_parser("pending", help="show, finish or drop unfinished submissions")
    choice = pending.add_mutually_exclusive_group()
    choice.add_argument("--complete", action="store_true", help="finish them now")
    choice.add_argument("--discard", action="store_true", help="give them up")
    choice.add_argument(
        "--assign",
        nargs=2,
        metavar=("SUBMISSION", "TRANSCRIPT_ID"),
        help="settle an ambiguous match: this job is that submission's",
    )
    choice.add_argument("--batch", metavar="ID", help="every file of one batch")
    pending.add_argument(
        "--deadline",
        type=_duration,
        default=None,
        metavar="DURATION",
        help="with --complete: how long each keeps being retried (default 15m)",
    )
    pending.add_argument(
        "--parallel", type=_positive_int, default=4, help="uploads at once (default 4)"
    )
    pending.add_argument("--json", action="store_true", help="print one JSON document")
    _add_script_commands(sub)
    return parser


def _add_script_commands(sub: Any) -> None:
    """The dashboard's views for scripts: list, get, failures, batches, watch."""
    listing = sub.add_parser("list", help="list transcripts by status, date or batch")
    listing.add_argument(
        "--status",
        action="append",
        choices=["queued", "processing", "completed", "error"],
        default=[],
        help="this status (repeat for several)",
    )
    listing.add_argument(
        "--since", metavar="WHEN", help="today, yesterday, 7d, 24h or a date (2026-11-20)"
    )
    listing.add_argument("--batch", metavar="ID", help="the jobs of one batch (the journal's)")
    listing.add_argument(
        "--limit", type=_positive_int, default=100, help="at most this many (default 100)"
    )
    listing.add_argument("--json", action="store_true", help="print one JSON document")

    get = sub.add_parser("get", help="one transcript: its facts, or why it failed and the fix")
    get.add_argument("id", metavar="ID", help="a transcript id, or the 8 characters the list shows")
    get.add_argument("--json", action="store_true", help="print one JSON document")

    failures = sub.add_parser("failures", help="failed transcripts grouped by cause")
    failures.add_argument(
        "--window",
        default="7d",
        metavar="WHEN",
        help="today, yesterday, 7d, 90d, 24h, a date, all or batch:ID (default 7d)",
    )
    failures.add_argument("--json", action="store_true", help="print one JSON document")

    batches = sub.add_parser("batches", help="every batch the journal knows, with its states")
    batches.add_argument("--batch", metavar="ID", help="only this batch")
    batches.add_argument("--json", action="store_true", help="print one JSON document")

    usage = sub.add_parser(
        "usage", help="hours of audio transcribed today and in 7 days, and an estimate"
    )
    usage.add_argument("--json", action="store_true", help="print one JSON document")

    watching = sub.add_parser("watch", help="print each change of status until the jobs end")
    watching.add_argument("ids", nargs="*", metavar="ID")
    watching.add_argument("--batch", metavar="ID", help="the jobs of one batch")
    watching.add_argument("--json", action="store_true", help="one JSON object per line")
    watching.add_argument(
        "--give-up-after",
        type=_positive_float,
        default=10.0,
        metavar="MINUTES",
        help="wait out an unreachable API this long, then exit 3 (default 10)",
    )
    # The connection options are taken after the subcommand too: `aai-tui list
    # --base-url URL` as well as `aai-tui --base-url URL list`.
    for name, command in sub.choices.items():
        if name not in ("config", "sim", "themes", "keys"):
            _add_connection_options(command, after=True)


def _add_request_option_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per request option, from the options table (aai_tui.api.request_options)."""
    from aai_tui.api.request_options import CLI_OPTIONS, Kind

    METAVARS = {
        Kind.INTEGER: "N",
        Kind.NUMBER: "X",
        Kind.STRING: "TEXT",
        Kind.STRINGS: "A,B",
        Kind.OBJECT: "JSON",
        Kind.OBJECTS: "JSON",
    }

    group = parser.add_argument_group(
        "request options",
        "Sent as given: the API decides which model names, PII policies and language codes "
        "exist, and its answer is shown with an explanation.",
    )
    for option in CLI_OPTIONS:
        dest = f"option_{option.name}"
        help_text = (option.help or option.label).replace("%", "%%")
        if option.kind is Kind.BOOLEAN and option.flag_value_of:
            group.add_argument(
                option.flag,
                dest=dest,
                nargs="?",
                const="true",
                default=None,
                metavar=option.flag_value_of.upper(),
                help=help_text,
            )
        elif option.kind is Kind.BOOLEAN:
            value = "false" if option.default is True else "true"
            group.add_argument(
                option.flag,
                dest=dest,
                action="store_const",
                const=value,
                default=None,
                help=help_text,
            )
        else:
            group.add_argument(
                option.flag, dest=dest, default=None, metavar=METAVARS[option.kind], help=help_text
            )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


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


def cmd_sim(args: argparse.Namespace) -> int:
    from aai_tui.logs import configure_logging
    from aai_tui.sim.server import SimConfig, SimServer

    configure_logging(args.log_level)
    config = SimConfig(
        host=args.host,
        port=args.port,
        api_key=args.sim_api_key,
        speed=args.speed,
        concurrency=args.concurrency,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        faults=args.faults,
        seed=args.seed,
        demo_data=args.demo_data,
        speech_models=args.speech_models,
        retired_models=args.retired_models,
        strict_auth=args.strict_auth,
        balance_hours=args.balance_hours,
        latency=args.latency_ms / 1000,
    )
    try:
        server = SimServer(config)
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    print(f"AssemblyAI simulator listening on {server.base_url}", flush=True)
    print(
        f"  key: {'any non-empty key' if not args.sim_api_key else 'the one given'}; "
        f"concurrency {args.concurrency}; speed x{args.speed:g}; faults {args.faults}; "
        f"rate limit {args.rate_limit}/{args.rate_window:g}s",
        flush=True,
    )
    print("  Ctrl-C stops it.", flush=True)
    server.serve_forever()
    return 0


def endpoint_label(settings: Settings) -> str:
    from aai_tui.api.regions import base_url_for

    if settings.base_url:
        return settings.base_url
    return f"{settings.region} · {base_url_for(settings.region)}"


def start_demo_backend() -> tuple[AssemblyAIClient, str, Journal, Callable[[], None]]:
    """The simulator in this process, on a free loopback port, with a demo account, and
    a journal of its own in a scratch folder: the demo's jobs never enter the user's
    journal (its batches and unfinished submissions are of an account that is gone at
    exit), and the folder is removed by ``stop``."""
    import shutil
    import tempfile

    from aai_tui.api import AssemblyAIClient
    from aai_tui.journal import Journal
    from aai_tui.sim.demo import DEMO_SPEED
    from aai_tui.sim.server import SimConfig, SimServer

    server = SimServer(SimConfig(port=0, demo_data=True, speed=DEMO_SPEED, strict_auth=True))
    server.start_in_thread()
    client = AssemblyAIClient("demo-key-not-secret", server.base_url)
    folder = Path(tempfile.mkdtemp(prefix="aai-tui-demo-"))
    journal = Journal(folder / "journal.sqlite3")

    def stop() -> None:
        server.stop()
        journal.close()
        shutil.rmtree(folder, ignore_errors=True)

    return client, f"{server.base_url.removeprefix('http://')} (simulator)", journal, stop


def cmd_dashboard(args: argparse.Namespace) -> int:
    from aai_tui.logs import configure_logging

    configure_logging(args.log_level)
    path = _config_path(args)
    settings = with_overrides(load_settings(path), region=args.region, base_url=args.base_url)
    stops: list[Callable[[], None]] = []

    def start_demo() -> tuple[DashboardApi, str, Journal]:
        client, label, demo_journal, stop = start_demo_backend()
        stops.append(stop)
        return client, label, demo_journal

    def connect(key: str) -> tuple[DashboardApi, str]:
        from aai_tui.api import AssemblyAIClient
        from aai_tui.api.regions import base_url_for

        return AssemblyAIClient(key, base_url_for(settings.region, settings.base_url)), (
            endpoint_label(settings)
        )

    from aai_tui.journal import Journal
    from aai_tui.ui.app import AaiTuiApp

    api: DashboardApi | None = None
    key: str | None = None
    label = endpoint_label(settings)
    if args.demo:
        api, label, journal = start_demo()
    else:
        # The client is made by the app once its first screen is painted.
        key, _source = resolve_api_key(args.api_key, settings)
        journal = Journal()
    app = AaiTuiApp(
        settings,
        journal=journal,
        api=api,
        api_key=key,
        endpoint_label=label,
        config_path=path,
        connect=connect,
        start_demo=start_demo,
        demo=args.demo,
        read_only=args.read_only,
    )
    # What is loaded by now lives as long as the app: frozen, no garbage collection
    # scans it again, which spares the first paint and every later key press a pause.
    gc.freeze()
    try:
        app.run()
    finally:
        journal.close()
        for stop in stops:
            stop()
    return app.return_code or 0


def cmd_themes(args: argparse.Namespace) -> int:
    from aai_tui.ui.themes import discover_themes

    loaded, errors = discover_themes()
    width = max((len(item.theme.name) for item in loaded), default=4)
    for item in loaded:
        print(f"{item.theme.name.ljust(width)}  {item.origin:7}  {item.path}")
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from aai_tui.ui.keymap import conflicts, known_bindings, unknown_ids

    path = _config_path(args)
    keymap = load_settings(path).keymap
    rows = [(b.id, keymap.get(b.id, b.keys), b.description, b.where) for b in known_bindings()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"# keys after the keymap in {path}; change one with: aai-tui config set keymap.ID KEYS")
    for row in rows:
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*padded, row[3]]))
    for binding_id in unknown_ids(keymap):
        print(f"{path}: keymap has no binding {binding_id!r}", file=sys.stderr)
    for conflict in conflicts(keymap):
        print(f"{path}: keymap: {conflict}", file=sys.stderr)
    return 0


def submit_options(args: argparse.Namespace, settings: Settings) -> SubmitOptions:
    """The request options given as flags; ``speech_models`` falls back to the config's."""
    from aai_tui.actions.inputs import SubmitOptions
    from aai_tui.api.request_options import BY_NAME, CLI_OPTIONS, Kind, parse_option_text

    values: dict[str, object] = {}
    for option in CLI_OPTIONS:
        text = getattr(args, f"option_{option.name}", None)
        if text is None:
            continue
        if option.kind is Kind.BOOLEAN and option.flag_value_of and text != "true":
            values[option.name] = True
            text_option = BY_NAME[option.flag_value_of]
            values[text_option.name] = _parse(parse_option_text, text_option, text)
            continue
        values[option.name] = _parse(parse_option_text, option, text)
    if "speech_models" not in values and settings.speech_models:
        values["speech_models"] = list(settings.speech_models)
    return SubmitOptions.from_params(values)


def _parse(parse: Callable[..., object], option: object, text: str) -> object:
    try:
        return parse(option, text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _run_with_client(
    args: argparse.Namespace, work: Callable[[AssemblyAIClient, Journal, Settings], Awaitable[int]]
) -> int:
    """Resolve settings and key, open the client and journal, run, close."""
    import asyncio

    from aai_tui.actions.export import ExportError
    from aai_tui.actions.inputs import InputError
    from aai_tui.actions.queries import NotFound, QueryError
    from aai_tui.api import AssemblyAIClient
    from aai_tui.api.errors import ApiError
    from aai_tui.api.regions import base_url_for
    from aai_tui.logs import configure_logging
    from aai_tui.troubleshoot import explain

    configure_logging(args.log_level)
    settings = with_overrides(
        load_settings(_config_path(args)), region=args.region, base_url=args.base_url
    )
    key, source = resolve_api_key(args.api_key, settings)
    if not key:
        raise UserError(
            "no API key: run `aai-tui config set api_key KEY`, set "
            "ASSEMBLYAI_API_KEY, or pass --api-key"
        )
    problem = api_key_problem(key)
    if problem:
        raise UserError(f"the API key from {source} {problem}")
    if settings.base_url is not None:
        try:
            validate("base_url", settings.base_url, source="--base-url")
            port = urlsplit(settings.base_url).port
        except ValueError:
            raise UserError(f"--base-url {settings.base_url}: not a valid URL") from None
        del port

    async def run() -> int:
        journal = open_journal()
        try:
            async with AssemblyAIClient(
                key, base_url_for(settings.region, settings.base_url)
            ) as client:
                return await work(client, journal, settings)
        finally:
            journal.close()

    try:
        return asyncio.run(run())
    except NotFound as exc:
        raise UserError(str(exc), EXIT_REFUSED) from None
    except (InputError, ExportError, QueryError) as exc:
        raise UserError(str(exc)) from None
    except ApiError as exc:
        # A rejected key is the user's to fix, like a bad flag (2: the same command fails
        # again); otherwise the API refused this item or could not be reached (1).
        explanation = explain(exc.message, status=exc.status, error_kind=exc.kind.value)
        raise UserError(
            f"{exc.message} ({explanation.entry.title}: {explanation.advice})",
            EXIT_USAGE if exc.status == 401 else EXIT_REFUSED,
        ) from None


def open_journal() -> Journal:
    """The journal, or one line saying what is wrong with it and what to do."""
    import sqlite3

    from aai_tui.journal import Journal
    from aai_tui.paths import journal_file

    path = journal_file()
    try:
        return Journal(path)
    except (sqlite3.Error, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UserError(
            f"the journal {path} cannot be opened ({reason}); if it is damaged, move it "
            "aside and aai-tui starts a new one"
        ) from None


def _refuse_in_read_only(args: argparse.Namespace, what: str) -> None:
    if args.read_only:
        raise UserError(f"read-only mode: {what} is turned off")


def cmd_submit(args: argparse.Namespace) -> int:
    from aai_tui.shell_commands import run_submit

    _refuse_in_read_only(args, "submit")
    return _run_with_client(
        args,
        lambda client, journal, settings: run_submit(
            client,
            journal,
            args.sources,
            submit_options(args, settings),
            wait=args.wait or args.wait_limit is not None,
            wait_limit=args.wait_limit,
            as_json=args.json,
            parallel=args.parallel,
            poll_interval=settings.poll_interval,
            concurrency_limit=settings.concurrency_limit,
            deadline=args.deadline if args.deadline is not None else settings.submit_deadline,
        ),
    )


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is from 0 to 65535, not {port}")
    return port


def _duration(text: str) -> float:
    from aai_tui.config import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_export(args: argparse.Namespace) -> int:
    from aai_tui.shell_commands import run_export

    return _run_with_client(
        args,
        lambda client, journal, settings: run_export(
            client,
            journal,
            args.ids,
            args.export_format,
            args.output or settings.export_path,
            chars_per_caption=args.chars_per_caption,
            overwrite=args.force,
            as_json=args.json,
        ),
    )


def cmd_pending(args: argparse.Namespace) -> int:
    from aai_tui.shell_commands import run_pending

    if args.complete or args.discard or args.assign:
        _refuse_in_read_only(args, "finishing or dropping submissions")
    assign = None
    if args.assign:
        number, transcript = args.assign
        if not number.isdigit():
            raise UserError(f"--assign: {number!r} is not a submission number (aai-tui pending)")
        assign = (int(number), transcript)
    return _run_with_client(
        args,
        lambda client, journal, settings: run_pending(
            client,
            journal,
            complete=args.complete,
            discard=args.discard,
            as_json=args.json,
            assign=assign,
            batch=args.batch,
            deadline=args.deadline if args.deadline is not None else settings.submit_deadline,
            parallel=args.parallel,
        ),
    )


def _window(text: str | None, flag: str) -> Window | None:
    from aai_tui.actions.queries import QueryError, parse_window

    if text is None:
        return None
    try:
        return parse_window(text, since_only=flag == "--since")
    except QueryError as exc:
        raise UserError(f"{flag}: {exc}") from None


def cmd_list(args: argparse.Namespace) -> int:
    from aai_tui.actions.queries import Window
    from aai_tui.script_commands import run_list

    if args.batch and args.since:
        raise UserError("--batch and --since cannot be used together")
    window = Window(f"batch {args.batch}", batch_id=args.batch) if args.batch else None
    window = window or _window(args.since, "--since")
    return _run_with_client(
        args,
        lambda client, journal, settings: run_list(
            client,
            journal,
            statuses=list(dict.fromkeys(args.status)),
            window=window,
            limit=args.limit,
            as_json=args.json,
        ),
    )


def cmd_get(args: argparse.Namespace) -> int:
    from aai_tui.script_commands import run_get

    return _run_with_client(
        args, lambda client, journal, settings: run_get(client, journal, args.id, as_json=args.json)
    )


def cmd_failures(args: argparse.Namespace) -> int:
    from aai_tui.script_commands import run_failures

    window = _window(args.window, "--window")
    assert window is not None
    return _run_with_client(
        args,
        lambda client, journal, settings: run_failures(client, journal, window, as_json=args.json),
    )


def cmd_batches(args: argparse.Namespace) -> int:
    from aai_tui.script_commands import run_batches

    return _run_with_client(
        args,
        lambda client, journal, settings: run_batches(
            client,
            journal,
            batch_id=args.batch,
            as_json=args.json,
            slots=settings.concurrency_limit,
        ),
    )


def cmd_usage(args: argparse.Namespace) -> int:
    from aai_tui.script_commands import run_usage

    return _run_with_client(
        args,
        lambda client, journal, settings: run_usage(client, settings.prices, as_json=args.json),
    )


def cmd_watch(args: argparse.Namespace) -> int:
    from aai_tui.script_commands import run_watch

    if not args.ids and not args.batch:
        raise UserError("watch what? give transcript ids or --batch ID")
    if args.ids and args.batch:
        raise UserError("watch transcript ids or --batch ID, not both")
    return _run_with_client(
        args,
        lambda client, journal, settings: run_watch(
            client,
            journal,
            ids=args.ids,
            batch_id=args.batch,
            as_json=args.json,
            interval=settings.poll_interval,
            patience=args.give_up_after * 60,
        ),
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "config": cmd_config,
    "sim": cmd_sim,
    "themes": cmd_themes,
    "keys": cmd_keys,
    "submit": cmd_submit,
    "export": cmd_export,
    "pending": cmd_pending,
    "list": cmd_list,
    "get": cmd_get,
    "failures": cmd_failures,
    "batches": cmd_batches,
    "watch": cmd_watch,
    "usage": cmd_usage,
}


def _spelled_out(argv: Sequence[str]) -> list[str]:
    """``--wait=15m`` is ``--wait --wait-limit 15m``."""
    words: list[str] = []
    for word in argv:
        if word.startswith("--wait="):
            words += ["--wait", "--wait-limit", word.split("=", 1)[1]]
        else:
            words.append(word)
    return words


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(_spelled_out(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    if argv is None:
        # A key given on the command line is in every user's `ps` for as long as
        # the process runs: it is overwritten there at once (the parsed copy stays).
        from aai_tui.redact import hide_in_command_line

        for secret in (getattr(args, "api_key", None), getattr(args, "sim_api_key", None)):
            hide_in_command_line(secret)
    handler = COMMANDS.get(args.command or "", cmd_dashboard)
    try:
        return handler(args)
    except (ConfigError, UserError) as exc:
        from aai_tui.terminal_text import visible

        print(f"aai-tui: {visible(exc, single_line=True)}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, UserError) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `aai-tui list | head`: the reader has gone. End quietly, as `yes | head`
        # does (128 + SIGPIPE), and keep the final flush from raising again.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
