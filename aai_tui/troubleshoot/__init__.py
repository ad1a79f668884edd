"""Errors explained: the troubleshooting catalog as data, and the matcher."""

from aai_tui.troubleshoot.matcher import (
    Explanation,
    TroubleEntry,
    explain,
    load_catalog,
    still_fails,
)

__all__ = ["Explanation", "TroubleEntry", "explain", "load_catalog", "still_fails"]
