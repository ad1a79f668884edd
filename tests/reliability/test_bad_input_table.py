"""Bad input, exhaustively: every case gets one clear line on stderr, the right exit
code, no traceback and no hang. Each row is (what, argv, setup, exit code, words the
line must hold); ``{sim}`` in argv is the simulator's URL, ``{tmp}`` a scratch folder.
The lines were read and judged once; the words held here are what makes each clear."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aai_tui.cli import main
from aai_tui.paths import config_file, journal_file
from tests.helpers import running_sim, write_wav

KEY = "table-key"
Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    what: str
    argv: tuple[str, ...]
    code: int
    words: str
    setup: Setup | None = None


CASES: list[Case] = []


def case(what: str, argv: str | tuple[str, ...], code: int, words: str, setup: Setup | None = None):
    parts = tuple(argv.split()) if isinstance(argv, str) else argv
    CASES.append(Case(what, parts, code, words, setup))


def api(*rest: str) -> tuple[str, ...]:
    return ("--base-url", "{sim}", "--api-key", KEY, *rest)


def write_config(text: str | bytes) -> Setup:
    def setup(tmp: Path) -> None:
        config_file().parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            config_file().write_bytes(text)
        else:
            config_file().write_text(text)

    return setup


def make(name: str, content: bytes = b"") -> Setup:
    def setup(tmp: Path) -> None:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(content)

    return setup


def wav(name: str) -> Setup:
    def setup(tmp: Path) -> None:
        write_wav(tmp / name, 1)

    return setup


def both(*setups: Setup) -> Setup:
    def setup(tmp: Path) -> None:
        for one in setups:
            one(tmp)

    return setup


# --------------------------------------------------------------- arguments
for flag, value, words in [
    ("--parallel", "0", "--parallel: must be at least 1"),
    ("--parallel", "-3", "--parallel: must be at least 1"),
    ("--parallel", "many", "--parallel: not a whole number"),
    ("--parallel", "1.5", "--parallel: not a whole number"),
    ("--deadline", "soon", "must be a duration such as 90s, 15m or 2h"),
    ("--deadline", "-5", "must be from 0 s"),
    ("--deadline", "nan", "must be from 0 s"),
    ("--deadline", "inf", "must be from 0 s"),
    ("--deadline", "99999h", "must be from 0 s"),
    ("--deadline", "", "must be a duration"),
    ("--wait-limit", "later", "must be a duration"),
    ("--wait-limit", "-1m", "--wait-limit: expected one argument"),
    ("--speakers-expected", "two", "speakers_expected"),
    ("--speakers-expected", "1.5", "speakers_expected"),
    ("--temperature", "hot", "temperature"),
    ("--speech-threshold", "high", "speech_threshold"),
    ("--audio-start-from", "-", "audio_start_from"),
    ("--language-detection-options", "{", "language_detection_options"),
    ("--language-detection-options", "[1]", "language_detection_options"),
    ("--speaker-options", "nope", "speaker_options"),
    ("--custom-spelling", "{", "custom_spelling"),
    ("--speech-understanding", "[]", "speech_understanding"),
    ("--redact-pii-audio-options", "1", "redact_pii_audio_options"),
    ("--content-safety-confidence", "x", "content_safety_confidence"),
    ("--language-confidence-threshold", "very", "language_confidence_threshold"),
]:
    case(
        f"submit {flag} {value!r}",
        api("submit", flag, value, "{tmp}/a.wav"),
        2,
        words,
        wav("a.wav"),
    )

for argv, words in [
    ("--region mars", "invalid choice: 'mars'"),
    ("--log-level LOUD", "invalid choice: 'LOUD'"),
    ("nosuchcommand", "invalid choice: 'nosuchcommand'"),
    ("submit", "the following arguments are required: PATH"),
    ("export", "the following arguments are required: ID"),
    ("export x", "the following arguments are required: --format"),
    ("export x --format doc", "invalid choice: 'doc'"),
    ("export x --format srt --chars-per-caption 0", "must be at least 1"),
    ("export x --format srt --chars-per-caption ten", "not a whole number"),
    ("pending --complete --discard", "not allowed with argument"),
    ("pending --assign 1", "expected 2 arguments"),
    ("pending --parallel 0", "must be at least 1"),
    ("pending --deadline never", "must be a duration"),
    ("config", "the following arguments are required: ACTION"),
    ("config set", "the following arguments are required: KEY"),
    ("config set page_size", "the following arguments are required: VALUE"),
    ("config nope", "invalid choice: 'nope'"),
    ("--config", "expected one argument"),
    ("sim --port 99999", "a port is from 0 to 65535, not 99999"),
    ("sim --port -1", "a port is from 0 to 65535, not -1"),
    ("sim --port http", "port"),
    ("sim --speed 0", "speed"),
    ("sim --speed -2", "speed"),
    ("sim --speed fast", "speed"),
    ("sim --concurrency 0", "concurrency"),
    ("sim --rate-limit 0", "rate-limit"),
    ("sim --rate-window 0", "rate-window"),
    ("sim --faults lots", "invalid choice: 'lots'"),
    ("sim --balance-hours -1", "balance-hours"),
    ("sim --host 8.8.8.8", "loopback"),
    ("sim --host example.com", "loopback"),
    ("sim --seed x", "seed"),
]:
    case(argv, tuple(argv.split()), 2, words)

# ------------------------------------------------------------------ config
for key, value, words in [
    ("page_size", "0", "page_size must be from 1 to 200"),
    ("page_size", "500", "page_size must be from 1 to 200"),
    ("page_size", "1.5", "page_size must be a number from 1 to 200"),
    ("page_size", "many", "page_size must be a number from 1 to 200"),
    ("poll_interval", "0", "poll_interval must be from 0.5 to 3600"),
    ("poll_interval", "nan", "poll_interval must be from 0.5 to 3600"),
    ("poll_interval", "-1", "poll_interval must be from 0.5 to 3600"),
    ("concurrency_limit", "0", "concurrency_limit must be from 1"),
    ("region", "mars", "region must be one of: us, eu"),
    ("base_url", "ftp://x", "base_url must be an http:// or https:// URL"),
    ("base_url", "http://", "base_url must be an http:// or https:// URL"),
    ("base_url", "nothing", "base_url must be an http:// or https:// URL"),
    ("api_key", "two words", "api_key must not contain spaces"),
    ("api_key", "", "api_key must not be empty"),
    ("theme", "../../etc/passwd", "theme must be a theme name"),
    ("theme", "", "theme must be a theme name"),
    ("export_dir", "", "export_dir must not be empty"),
    ("speech_models", "a b", "speech_models must be model names separated by commas"),
    ("speech_models", '"x"', "speech_models must be model names separated by commas"),
    ("submit_deadline", "whenever", "submit_deadline must be a duration"),
    ("submit_deadline", "-1", "submit_deadline must be from 0 s"),
    ("colour", "red", "unknown setting 'colour'"),
    ("keymap", "x", "keymap"),
    ("keymap.delete", "a b", "keymap"),
]:
    case(f"config set {key} {value!r}", ("config", "set", key, value), 2, words)

for what, text, words in [
    ("config: invalid TOML", "page_size = = 3\n", "invalid TOML"),
    ("config: not UTF-8", b"page_size = 3\n\xff\xfe\n", "not UTF-8"),
    ("config: unknown key", "colour = 'red'\n", "unknown setting 'colour'"),
    ("config: wrong type", "page_size = 'ten'\n", "page_size must be a number"),
    ("config: a table where a value goes", "[region]\nx = 1\n", "region must be a string"),
    ("config: keymap not a table", "keymap = 3\n", "keymap must be a table"),
    ("config: keymap bad id", "[keymap]\n'Not An Id' = 'x'\n", "not a binding id"),
    ("config: duplicate key", "page_size = 3\npage_size = 4\n", "invalid TOML"),
    ("config: NUL byte", b"page_size = 3\x00\n", "invalid TOML"),
    ("config: huge number", "page_size = 99999999999999999999999\n", "page_size"),
]:
    case(what, ("config", "show"), 2, words, write_config(text))
    if what in ("config: invalid TOML", "config: not UTF-8", "config: unknown key"):
        case(
            f"{what} (config set)",
            ("config", "set", "page_size", "5"),
            2,
            words,
            write_config(text),
        )
        case(
            f"{what} (submit)",
            api("submit", "{tmp}/a.wav"),
            2,
            words,
            both(write_config(text), wav("a.wav")),
        )


def config_is_a_folder(tmp: Path) -> None:
    config_file().mkdir(parents=True)


case("config file is a folder", ("config", "show"), 2, "cannot read", config_is_a_folder)
case("--config names a folder", ("--config", "{tmp}", "config", "show"), 2, "cannot read")
case(
    "--config that does not exist is defaults",
    ("--config", "{tmp}/none.toml", "config", "path"),
    0,
    "",
)

# ----------------------------------------------------------------- sources
LONG = "x" * 300
for what, source, setup, words in [
    ("nonexistent path", "{tmp}/nope.wav", None, "no such file"),
    ("empty file", "{tmp}/empty.wav", make("empty.wav"), "the file is empty"),
    ("text file", "{tmp}/notes.txt", make("notes.txt", b"hello"), "does not look like audio"),
    (
        "text renamed .mp3",
        "{tmp}/fake.mp3",
        make("fake.mp3", b"just words, no frames " * 20),
        "does not look like audio",
    ),
    (
        "folder without media",
        "{tmp}/docs",
        make("docs/readme.txt", b"hi"),
        "no audio or video files",
    ),
    ("glob matching nothing", "{tmp}/*.flac", None, "no files match"),
    ("name over 255 bytes", "{tmp}/" + LONG + ".wav", None, "File name too long"),
    (
        "path over 4096 bytes",
        "{tmp}/" + "/".join(["d" * 200] * 25) + "/a.wav",
        None,
        "File name too long",
    ),
    ("unknown user", "~nosuchuser/a.wav", None, "no user 'nosuchuser' on this machine"),
    ("ftp URL", "ftp://files.example.com/a.mp3", None, "only http:// and https:// URLs"),
    ("file URL", "file:///etc/passwd", None, "only http:// and https:// URLs"),
    ("javascript URL", "javascript:alert(1)", None, "only http:// and https:// URLs"),
    ("data URL", "data:audio/wav;base64,AAAA", None, "only http:// and https:// URLs"),
    ("URL without host", "http:///a.mp3", None, "only http:// and https:// URLs"),
    ("URL with bad IPv6", "http://[::1/a.mp3", None, "not a valid URL"),
    (
        "URL with spaces",
        "http://example.com/a b.mp3",
        None,
        "cannot hold spaces or control characters",
    ),
    (
        "URL with control chars",
        "http://example.com/a\x1b]0;pwned\x07.mp3",
        None,
        "cannot hold spaces or control characters",
    ),
    ("URL with a port out of range", "http://example.com:99999/a.mp3", None, "not a valid URL"),
    ("a device", "/dev/zero", None, "not a regular file"),
    ("a fifo", "{tmp}/pipe.wav", "fifo", "not a regular file"),
    ("broken symlink", "{tmp}/dangling.wav", "dangling", "a symbolic link to nothing"),
    ("symlink loop", "{tmp}/loop.wav", "loop", "a symbolic link to nothing (or to itself)"),
    ("empty path", "", None, "nothing to submit"),
    ("only spaces", "   ", None, "nothing to submit"),
    ("name with escapes", "{tmp}/\x1b[2Jclear.wav", None, "no files match"),
]:
    setups: list[Setup] = []
    if setup == "fifo":
        setups.append(lambda tmp: os.mkfifo(tmp / "pipe.wav"))
    elif setup == "dangling":
        setups.append(lambda tmp: (tmp / "dangling.wav").symlink_to(tmp / "gone.wav"))
    elif setup == "loop":
        setups.append(lambda tmp: (tmp / "loop.wav").symlink_to(tmp / "loop.wav"))
    elif callable(setup):
        setups.append(setup)
    case(f"submit: {what}", api("submit", source), 2, words, both(*setups) if setups else None)

case(
    "submit: many bad, none good",
    api("submit", "{tmp}/a.txt", "{tmp}/b.txt"),
    2,
    "none of the 2 files can be sent",
    both(make("a.txt", b"a"), make("b.txt", b"b")),
)
case(
    "submit: non-UTF-8 name",
    api("submit", os.fsdecode(b"/tmp/\xff\xfe-nope.wav")),
    2,
    "the name is not UTF-8 text",
)

# ------------------------------------------------------------------ export
EXPORT_EXIT = {"id too short": 1, "full id unknown": 1}
for what, ident, words in [
    ("empty id", "", "an empty transcript id"),
    ("id with slashes", "../../etc/passwd", "not a transcript id"),
    ("id with escapes", "\x1b]52;c;aGk=\x07", "not a transcript id"),
    ("id too short", "abc", "Transcript lookup error, transcript id not found"),
    ("id unknown", "0" * 8, "no transcript id starts with this"),
    (
        "full id unknown",
        "00000000-0000-0000-0000-000000000000",
        "Transcript lookup error, transcript id not found",
    ),
    ("id with spaces", "a b c d e f g h", "not a transcript id"),
    ("unicode id", "ёжик-ёжик-ёжик", "not a transcript id"),
]:
    case(
        f"export: {what}",
        api("export", ident, "--format", "txt", "-o", "{tmp}"),
        EXPORT_EXIT.get(what, 2),
        words,
    )

case(
    "export: folder is a file",
    api("export", "00000000", "--format", "txt", "-o", "{tmp}/f"),
    2,
    "",
    make("f", b"x"),
)
case("export: -o empty", api("export", "00000000", "--format", "txt", "-o", ""), 2, "")

# -------------------------------------------------------------- keys / URLs
for what, argv, words in [
    (
        "non-ASCII key",
        ("--base-url", "{sim}", "--api-key", "ключ", "export", "00000000", "--format", "txt"),
        "the API key from --api-key must be printable ASCII",
    ),
    (
        "key with a newline",
        ("--base-url", "{sim}", "--api-key", "a\nb", "export", "00000000", "--format", "txt"),
        "the API key from --api-key must not contain spaces",
    ),
    (
        "empty key",
        ("--base-url", "{sim}", "--api-key", "", "export", "00000000", "--format", "txt"),
        "no API key",
    ),
    (
        "wrong key",
        ("--base-url", "{sim}", "--api-key", "wrong", "export", "00000000", "--format", "txt"),
        "Authentication error",
    ),
    (
        "base URL ftp",
        ("--base-url", "ftp://x", "--api-key", KEY, "export", "00000000", "--format", "txt"),
        "http:// or https://",
    ),
    (
        "base URL garbage",
        ("--base-url", "not a url", "--api-key", KEY, "export", "00000000", "--format", "txt"),
        "http:// or https://",
    ),
    (
        "base URL port 99999",
        (
            "--base-url",
            "http://127.0.0.1:99999",
            "--api-key",
            KEY,
            "export",
            "00000000",
            "--format",
            "txt",
        ),
        "not a valid URL",
    ),
    (
        "base URL bad IPv6",
        ("--base-url", "http://[::1", "--api-key", KEY, "export", "00000000", "--format", "txt"),
        "is not a valid URL",
    ),
]:
    case(what, argv, 2, words)

# A well-formed command the API could not be asked: 1, as for an item it refuses (the
# same command may work later; 2 says it never will).
case(
    "base URL closed port",
    ("--base-url", "http://127.0.0.1:9", "--api-key", KEY, "export", "00000000", "--format", "txt"),
    1,
    "could not connect",
)
case(
    "get: a prefix too short to look for",
    ("--base-url", "http://127.0.0.1:9", "--api-key", KEY, "get", "abc"),
    2,
    "too short",
)

# ----------------------------------------------------------------- journal


def corrupt_journal(tmp: Path) -> None:
    journal_file().parent.mkdir(parents=True, exist_ok=True)
    journal_file().write_bytes(b"SQLite format 3\x00" + os.urandom(4096))


def journal_is_a_folder(tmp: Path) -> None:
    journal_file().mkdir(parents=True)


def _replace_with_file(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where a folder belongs")


def data_home_is_a_file(tmp: Path) -> None:
    _replace_with_file(Path(os.environ["XDG_DATA_HOME"]))


def state_home_is_a_file(tmp: Path) -> None:
    _replace_with_file(Path(os.environ["XDG_STATE_HOME"]))


def config_home_is_a_file(tmp: Path) -> None:
    _replace_with_file(Path(os.environ["XDG_CONFIG_HOME"]))


def journal_of_text(tmp: Path) -> None:
    journal_file().parent.mkdir(parents=True, exist_ok=True)
    journal_file().write_text("not a database at all\n" * 100)


LOCKS: list[sqlite3.Connection] = []


def locked_journal(tmp: Path) -> None:
    journal_file().parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(journal_file(), isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    LOCKS.append(holder)


for what, setup, words in [
    ("corrupt journal", corrupt_journal, "journal"),
    ("journal of plain text", journal_of_text, "journal"),
    ("journal path is a folder", journal_is_a_folder, "journal"),
    ("XDG_DATA_HOME is a file", data_home_is_a_file, "journal"),
    ("locked journal", locked_journal, "journal"),
]:
    case(f"pending: {what}", api("pending"), 2, words, setup)
    case(f"submit: {what}", api("submit", "{tmp}/a.wav"), 2, words, both(setup, wav("a.wav")))

case(
    "XDG_CONFIG_HOME is a file (config set)",
    ("config", "set", "page_size", "5"),
    2,
    "cannot",
    config_home_is_a_file,
)
case(
    "XDG_CONFIG_HOME is a file (show)",
    ("config", "show"),
    2,
    "cannot read: Not a directory",
    config_home_is_a_file,
)
case("XDG_STATE_HOME is a file", api("pending"), 0, "", state_home_is_a_file)

# ----------------------------------------------------------------- pending
for argv, words in [
    (api("pending", "--assign", "one", "00000000"), "is not a submission number"),
    (api("pending", "--assign", "999", "00000000"), "no submission 999"),
]:
    case(f"pending {' '.join(argv[4:])!r}", argv, 2, words)
# A batch the journal does not have is an item not there: 1, as for list --batch.
for argv, words in [
    (api("pending", "--batch", "nosuchbatch"), "no batch 'nosuchbatch'"),
    (api("pending", "--batch", "\x1b[31mred"), "no batch"),
    (api("list", "--batch", "nosuchbatch"), "no batch 'nosuchbatch'"),
]:
    case(f"{' '.join(argv[4:])!r}", argv, 1, words)

IDS = [c.what for c in CASES]


@pytest.fixture(scope="module")
def sim() -> Iterator:
    with running_sim(api_key=KEY) as live:
        yield live


def run_main(argv: list[str], timeout: float = 30.0) -> int:
    """main() with a watchdog: a case that hangs fails instead of stalling the suite."""
    result: list[int] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(main(argv))
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"hung for {timeout:g} s"
    if failure:
        raise failure[0]
    return result[0]


def test_the_table_has_at_least_150_cases():
    assert len(CASES) >= 150
    assert len(set(IDS)) == len(IDS), "two cases share a name"


@pytest.mark.parametrize("bad", CASES, ids=IDS)
def test_bad_input_is_one_clear_line(bad: Case, sim, tmp_path: Path, capsys):
    if bad.setup is not None:
        bad.setup(tmp_path)
    argv = [a.replace("{sim}", sim.base_url).replace("{tmp}", str(tmp_path)) for a in bad.argv]
    try:
        code = run_main(argv)
    finally:
        while LOCKS:
            LOCKS.pop().close()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert code == bad.code, (captured.err, captured.out)
    if bad.code == 0:
        return
    lines = [line for line in (captured.err + captured.out).splitlines() if line.strip()]
    assert len(lines) == 1, captured.err + captured.out
    (line,) = lines
    # A usage error, or an API not reached, speaks as aai-tui; a refusal of one item
    # names the item first.
    assert line.startswith(("aai-tui",) if bad.code == 2 else ("✖", "aai-tui")), line
    assert "\x1b" not in line and "\x07" not in line, repr(line)
    assert bad.words in line, line
