"""The key never reaches a log, the journal, an export or the screen; files are 0600."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from aai_tui.cli import main
from aai_tui.paths import journal_file, log_file
from tests.helpers import running_sim, write_wav
from tests.ui.app_factory import make_app, wait_for_rows

KEY = "sk-live-0123456789abcdefSECRET"


def test_the_key_is_nowhere_on_disk_but_where_it_was_saved(isolated_xdg: Path, tmp_path, capsys):
    exports = tmp_path / "exports"
    with running_sim(faults="flaky", seed=4) as sim:
        audio = write_wav(tmp_path / "s.wav", 2)
        base = ["--base-url", sim.base_url, "--api-key", KEY, "--log-level", "DEBUG"]
        assert main([*base, "submit", str(audio), "--json"]) in (0, 1)
        sim.clock.advance(1000)
        out = capsys.readouterr().out
        ids = [s["transcript_id"] for s in json.loads(out)["submissions"] if s["transcript_id"]]
        for transcript_id in ids:
            for fmt in ("srt", "json", "txt"):
                main([*base, "export", transcript_id, "--format", fmt, "-o", str(exports)])
        main([*base, "export", "missing-id", "--format", "txt", "-o", str(exports)])
    captured = capsys.readouterr()
    assert KEY not in captured.out + captured.err
    written = [p for p in [*isolated_xdg.rglob("*"), *tmp_path.rglob("*")] if p.is_file()]
    assert log_file() in written and journal_file() in written
    for path in written:
        assert KEY.encode() not in path.read_bytes(), f"the key is in {path}"
    for private in (log_file(), journal_file()):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert "POST /v2/upload" in log_file().read_text()  # the log was really written


async def test_the_screen_never_shows_the_key():
    from tests.fake_api import FakeApi

    api = FakeApi()
    app = make_app(api, poll_interval=3600)
    app.endpoint_label = "us · https://api.assemblyai.com"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert KEY not in app.export_screenshot()
