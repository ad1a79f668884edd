"""The documented processing time (15-30% of the audio) and the ETA of jobs sharing
an account's concurrency limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aai_tui.api.processing import PROCESSING_SHARE, processing_eta

durations = st.lists(st.floats(0, 36_000, allow_nan=False), max_size=40)
slots = st.one_of(st.none(), st.integers(1, 50))


def test_jobs_queue_behind_the_limit():
    # four jobs of ten minutes, three at a time: two rounds
    assert processing_eta([600.0] * 4, 3) == (2 * 600 * 0.15, 2 * 600 * 0.30)
    # longest first: 600 and 300 + 300 on two slots end together
    assert processing_eta([300.0, 600.0, 300.0], 2) == (600 * 0.15, 600 * 0.30)
    assert processing_eta([600.0] * 4, None) == (90.0, 180.0)
    assert processing_eta([], 5) is None
    assert processing_eta([0.0, 0.0], 5) is None  # no duration known


@given(durations=durations, slots=slots)
def test_the_eta_lies_between_the_longest_job_and_all_of_them_in_a_row(durations, slots):
    eta = processing_eta(durations, slots)
    known = [d for d in durations if d > 0]
    if not known:
        assert eta is None
        return
    assert eta is not None
    low, high = eta
    share_low, share_high = PROCESSING_SHARE
    assert low <= high
    span = low / share_low
    assert abs(high / share_high - span) <= 1e-6 * max(1.0, span)
    assert max(known) - 1e-6 <= span <= sum(known) * (1 + 1e-9)
    if slots is not None:
        # no schedule on ``slots`` slots is shorter than the work shared evenly
        assert span >= sum(known) / slots - 1e-6 * max(1.0, span)
    if slots == 1:
        assert abs(span - sum(known)) <= 1e-6 * max(1.0, span)


def test_a_job_being_processed_counts_down_and_holds_its_slot():
    """A helper's ETA stayed at 2m15s-4m30s until the job ended."""
    assert processing_eta([], 5, running=[(600.0, 30.0)]) == (60.0, 150.0)
    assert processing_eta([], 5, running=[(600.0, 100.0)]) == (0.0, 80.0)  # past its low
    # one slot, held by a job with 60-150 s left: a queued one of 600 s comes after
    assert processing_eta([600.0], 1, running=[(600.0, 30.0)]) == (150.0, 330.0)
    # the same with two slots: side by side
    assert processing_eta([600.0], 2, running=[(600.0, 30.0)]) == (90.0, 180.0)
