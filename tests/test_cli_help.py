"""Every help text prints: the top level's and every subcommand's, at any depth."""

from __future__ import annotations

import argparse

import pytest

from aai_tui.cli import build_parser, main


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))


COMMANDS = list(_commands(build_parser()))


def test_every_subcommand_is_found():
    assert {("sim",), ("submit",), ("config", "set"), ("export",), ("pending",)} <= set(COMMANDS)


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(c) or "aai-tui" for c in COMMANDS])
def test_help_prints_and_exits_0(words, capsys):
    assert main([*words, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: aai-tui")
    assert "Traceback" not in out
