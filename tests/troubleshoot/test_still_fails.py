"""What an edit of the options fixes, measured against the error the job failed with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aai_tui.troubleshoot import explain, still_fails

FAILED_WITH = {"language_detection": True, "language_confidence_threshold": 0.7}
confidences = st.integers(1, 99).map(lambda n: n / 100)


def low_confidence(confidence: float) -> str:
    return (
        f"detected language 'fr', confidence {confidence}, is below the requested "
        "confidence threshold value of '0.7'"
    )


@given(confidence=confidences, threshold=confidences)
def test_a_new_threshold_fixes_it_only_at_or_below_the_confidence_detected(confidence, threshold):
    explanation = explain(low_confidence(confidence))
    params = {**FAILED_WITH, "language_confidence_threshold": threshold}
    why = still_fails(explanation, FAILED_WITH, params)
    if threshold == 0.7:
        assert why is not None and why.startswith("none of ")
    elif threshold <= confidence:
        assert why is None
    else:
        assert why == (
            f"language_confidence_threshold {threshold} is still above the confidence it "
            f"failed with, {confidence}"
        )


@given(confidence=confidences, threshold=confidences)
def test_another_option_that_fixes_it_leaves_the_verdict_to_the_server(confidence, threshold):
    """A language code instead of detection fixes it whatever the threshold says."""
    explanation = explain(low_confidence(confidence))
    params = {"language_code": "fr", "language_confidence_threshold": threshold}
    assert still_fails(explanation, FAILED_WITH, params) is None


def test_no_threshold_at_all_fixes_it():
    explanation = explain(low_confidence(0.42))
    assert still_fails(explanation, FAILED_WITH, {"language_detection": True}) is None


@given(
    message=st.text(max_size=80), params=st.dictionaries(st.sampled_from(["a", "b"]), st.integers())
)
def test_a_failure_no_option_fixes_is_never_judged_here(message, params):
    explanation = explain(message)
    if not explanation.entry.fixed_by_options:
        assert still_fails(explanation, {}, params) is None


def test_a_limit_names_an_option_that_fixes_it_and_a_group_its_pattern_captures():
    from aai_tui.troubleshoot import load_catalog

    limited = [entry for entry in load_catalog() if entry.fixed_at_most is not None]
    assert limited
    for entry in limited:
        limit = entry.fixed_at_most
        assert limit.option in entry.fixed_by
        assert entry.pattern is not None and limit.capture in entry.pattern.groupindex
