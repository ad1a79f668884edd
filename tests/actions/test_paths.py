"""What people type as a source: exact names with brackets, globs over trees with
symlinks, text renamed .mp3, and a bound on what a glob may cost."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from aai_tui.actions import inputs
from aai_tui.actions.batch import plan_batch
from aai_tui.actions.export import write_atomically
from aai_tui.actions.inputs import Cancelled, InputError, check_local_file, expand_sources
from tests.helpers import write_wav


def test_an_existing_name_with_brackets_is_that_file(tmp_path):
    talk = write_wav(tmp_path / "talk [2024-05-01].mp3", 1)
    assert expand_sources([str(talk)]) == [talk]


def test_globs_do_not_follow_symlinks_out_of_the_tree_or_count_twice(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    wav = write_wav(tree / "one.wav", 1)
    (tree / "parent").symlink_to(tmp_path, target_is_directory=True)  # a loop
    (tree / "again.wav").symlink_to(wav)  # the same file twice
    outside = write_wav(tmp_path / "outside.wav", 1)
    (tree / "out.wav").symlink_to(outside)  # a link out of the tree
    found = expand_sources([str(tree / "**" / "*.wav")])
    assert [p.resolve() for p in found] == [wav.resolve()]


def test_a_glob_that_matches_too_much_says_so(tmp_path, monkeypatch):
    for i in range(5):
        write_wav(tmp_path / f"{i}.wav", 0.2)
    monkeypatch.setattr(inputs, "MAX_GLOB_FILES", 3)
    with pytest.raises(InputError, match="matches more than 3 files"):
        expand_sources([str(tmp_path / "*.wav")])


def test_a_glob_can_be_cancelled(tmp_path):
    write_wav(tmp_path / "a.wav", 0.5)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        plan_batch([str(tmp_path / "**" / "*.wav")], cancel=cancel)


def test_text_renamed_mp3_is_not_audio(tmp_path):
    fake = tmp_path / "notes.mp3"
    fake.write_text("meeting notes: call Anna back\n" * 20)
    with pytest.raises(InputError, match="does not look like audio or video"):
        check_local_file(fake)


def test_bad_files_are_listed_together_while_the_good_ones_go_on(tmp_path):
    good = write_wav(tmp_path / "good.wav", 1)
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "page.mp3").write_text("<html><body>hi</body></html>")
    plan = plan_batch([str(tmp_path)])
    assert [item.source for item in plan.sources] == [good]
    assert sorted(Path(r.source).name for r in plan.rejected) == ["empty.wav", "page.mp3"]
    assert all(r.reason and str(tmp_path) not in r.reason for r in plan.rejected)


def test_exports_get_the_shared_mode_not_a_private_one(tmp_path):
    target = tmp_path / "call.srt"
    write_atomically(target, b"1\n", overwrite=False)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_files_typed_relative_are_recorded_absolute(tmp_path, monkeypatch):
    """A helper's `aai-tui submit files/batch1` left `files/batch1/empty.wav` in the
    journal: from another folder (a restart finishing a submission, `batches` run
    elsewhere) that names another file, or none. Every file of a batch, sent or left
    out, is recorded by its absolute path; the link names are kept (not resolved)."""
    folder = tmp_path / "files" / "batch1"
    folder.mkdir(parents=True)
    write_wav(folder / "a.wav", 1)
    (folder / "empty.wav").write_bytes(b"")
    (tmp_path / "link.wav").symlink_to(write_wav(tmp_path / "b.wav", 1))
    monkeypatch.chdir(tmp_path)
    plan = plan_batch(["files/batch1", "link.wav"])
    sources = plan.batch_sources
    assert sources == [folder / "a.wav", tmp_path / "link.wav", folder / "empty.wav"]
    assert all(isinstance(s, Path) and s.is_absolute() for s in sources)
    assert [r.source for r in plan.rejected] == [str(folder / "empty.wav")]
