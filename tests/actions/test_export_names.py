"""Export file names come only from safe characters and stay inside the export folder,
whatever the server's id, audio URL or the local file name hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aai_tui.actions.export import FORMATS, export_name
from aai_tui.api.models import Transcript

HOSTILE = st.text(
    alphabet=st.sampled_from(list("abc./\\\x00\x1b\n ~$:%?#*\u202eё")),
    max_size=60,
)


@given(
    transcript_id=HOSTILE,
    url_tail=HOSTILE,
    local=st.none() | HOSTILE,
    fmt=st.sampled_from(sorted(FORMATS)),
)
def test_a_name_never_leaves_the_folder(transcript_id, url_tail, local, fmt):
    transcript = Transcript.from_json(
        {"id": transcript_id, "status": "completed", "audio_url": f"https://h.example/{url_tail}"}
    )
    name = export_name(transcript, fmt, local)
    folder = Path("/exports")
    assert (folder / name).parent == folder
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(ch.isprintable() and ch not in "\x00\x1b" for ch in name)
    assert name.endswith(f".{FORMATS[fmt]}")
