"""How ranges read: one value when both ends read alike."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aai_tui.formatting import audio_name, countdown, some_of, span


@given(low=st.floats(0, 10_000), high=st.floats(0, 10_000))
def test_a_range_reads_as_one_value_when_its_ends_read_alike(low, high):
    shown = span(countdown(low), countdown(high))
    if countdown(low) == countdown(high):
        assert shown == countdown(low)  # "ETA 1s", never "1s–1s"
    else:
        assert shown == f"{countdown(low)}–{countdown(high)}"


def test_the_shell_keeps_its_ascii_dash():
    assert span("1:00", "3:00", "-") == "1:00-3:00"


def test_some_of_names_the_first_few_and_counts_the_rest():
    assert some_of([]) == ""
    assert some_of(["a"]) == "a"
    assert some_of(["a", "b", "c"]) == "a, b, c"
    assert some_of(["a", "b", "c", "d", "e"]) == "a, b, c, … and 2 more"
    assert some_of(["a", "b", "c"], shown=1, sep="; ") == "a; … and 2 more"


def test_audio_name_is_the_files_name_and_a_deleted_job_names_none():
    assert audio_name("https://cdn.example.com/calls/Q3%20call.mp3?sig=1") == "Q3 call.mp3"
    assert audio_name("https://cdn.example.com/") == "cdn.example.com"
    assert audio_name("") == "—"
    assert audio_name("http://deleted_by_user") == "(deleted)"
