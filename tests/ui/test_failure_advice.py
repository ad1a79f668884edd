"""The advice beside a failure points at the key that sends it again, for what failed."""

from __future__ import annotations

import pytest

from aai_tui.api.errors import ApiError
from aai_tui.ui.flows.base import failure_text

BALANCE = "Your current account balance is negative. Please top up to continue using AssemblyAI."
KEYMAP: dict[str, str] = {}


@pytest.mark.parametrize(
    ("again", "said"),
    [
        ("resubmit", "Then resubmit (r)."),
        # A file whose create was refused never became a job: r could not reach it.
        ("submit", "Then submit it again (s)."),
        ("pending", "Then finish it (U)."),
    ],
)
def test_a_refused_create_says_how_to_send_that_file_again(again: str, said: str) -> None:
    title, body = failure_text(ApiError(BALANCE, status=400), KEYMAP, again=again)
    assert title == "Account balance is negative"
    assert body.startswith(BALANCE)
    assert body.endswith(said)


def test_a_failure_with_no_fix_to_send_again_names_no_key() -> None:
    _, body = failure_text(ApiError("Something else entirely", status=400), KEYMAP)
    assert "Then" not in body
