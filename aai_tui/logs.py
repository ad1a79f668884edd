"""The rotating log file: every request, every retry, never the terminal."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

from aai_tui.paths import create_private_file, log_file
from aai_tui.redact import RedactingFilter

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_HANDLER_NAME = "aai-tui-file"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotates like its parent; every file it opens is created 0600."""

    def _open(self) -> Any:  # the parent's stream type is private to the stdlib stubs
        create_private_file(Path(self.baseFilename))
        return super()._open()


def configure_logging(level: str = "INFO", path: Path | None = None) -> Path:
    """Send aai-tui's and the servers' logs to the rotating file only.

    Nothing is printed to the terminal: while the dashboard runs, a stray line
    would tear the screen.
    """
    path = path or log_file()
    handler: logging.Handler
    try:
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8", delay=False
        )
    except OSError as exc:
        # The log is a help, not a need: say once why there is none, and go on.
        print(
            f"aai-tui: no log file ({path}: {exc.strerror or exc}); going on without one",
            file=sys.stderr,
        )
        handler = logging.NullHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    for name in ("aai_tui", "uvicorn", "uvicorn.error", "uvicorn.access", "httpx"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
            logger.removeHandler(old)
            old.close()
        logger.propagate = False
    root = logging.getLogger("aai_tui")
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.access"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel("WARNING")
    # httpx logs full URLs at INFO; our own client logs what matters.
    logging.getLogger("httpx").setLevel("WARNING")
    logging.getLogger("httpx").addHandler(handler)
    return path
