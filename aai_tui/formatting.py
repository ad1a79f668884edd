"""How values read on screen and in exports: times, durations, sizes, names from URLs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from aai_tui.api.models import DELETED_AUDIO_URL


def relative_time(then: datetime | None, now: datetime) -> str:
    """'just now', '42s ago', '3m ago', '5h ago', '2d ago'."""
    if then is None:
        return "—"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = (now - then).total_seconds()
    if seconds < 0:
        return "just now"
    if seconds < 5:
        return "just now"
    for limit, unit, size in ((60, "s", 1), (3600, "m", 60), (86400, "h", 3600)):
        if seconds < limit:
            return f"{int(seconds // size)}{unit} ago"
    days = int(seconds // 86400)
    return f"{days}d ago" if days < 365 else f"{days // 365}y ago"


def absolute_time(then: datetime | None) -> str:
    if then is None:
        return "—"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return then.strftime("%Y-%m-%d %H:%M:%S UTC")


def duration(seconds: float | None) -> str:
    """'0:42', '12:05', '1:02:03'."""
    if seconds is None:
        return "—"
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def span(low: str, high: str, dash: str = "–") -> str:
    """A range as read: "1:00–3:00", or one value when both ends read alike ("ETA 1s",
    not "1s–1s")."""
    return low if low == high else f"{low}{dash}{high}"


def countdown(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = max(0, int(seconds + 0.999))
    minutes, secs = divmod(total, 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def file_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def audio_name(url: str) -> str:
    """The file name an audio URL points at, else its host, else the URL; a deleted
    job's URL names no file (its host read "deleted_by_user")."""
    if not url:
        return "—"
    if url == DELETED_AUDIO_URL:
        return "(deleted)"
    parts = urlsplit(url)
    name = unquote(PurePosixPath(parts.path).name)
    return name or parts.hostname or url


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def some_of(items: Sequence[str], shown: int = 3, sep: str = ", ") -> str:
    """'a, b, c, … and 2 more': the first few of a list, and how many it left out."""
    head = sep.join(items[:shown])
    return f"{head}{sep}… and {len(items) - shown} more" if len(items) > shown else head


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """'1 job', '3 jobs', '0 jobs': a count with its noun agreed, where "job(s)" read
    like a form to fill in. ``plural`` for nouns that do not just take an s."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
