"""The dashboard's views for scripts (list, get, failures, batches, watch, usage) against
the demo account behind a chaos profile: every run ends with a documented exit code,
stdout holds JSON only (whole, or nothing), stderr one line per problem, no traceback,
no key."""

from __future__ import annotations

import asyncio
import json

import pytest

from aai_tui.cli import main
from aai_tui.sim.faults import PROFILES, Fault
from tests.helpers import running_sim

KEY = "chaos-commands-key-51d0e2"


@pytest.fixture
def chaos():  # type: ignore[no-untyped-def]
    with running_sim(demo_data=True, seed=8, faults="chaos") as live:
        injector = live.server.faults
        roll = injector.request_fault
        live.faults_seen = []  # type: ignore[attr-defined]

        def counted(*, acts: bool) -> Fault:
            fault = roll(acts=acts)
            if fault is not Fault.NONE:
                live.faults_seen.append(fault)  # type: ignore[attr-defined]
            return fault

        injector.request_fault = counted
        yield live


def ids_on(sim) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(id, status) of the demo account's jobs, read with the faults off."""
    profile = sim.server.faults.profile
    sim.server.faults.profile = PROFILES["none"]
    try:
        return [(j.id, j.status) for j in sim.engine.jobs()]
    finally:
        sim.server.faults.profile = profile


async def run(sim, capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = await asyncio.to_thread(
        main, ["--base-url", sim.base_url, "--api-key", KEY, *args, "--json"]
    )
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "Traceback" not in stream and KEY not in stream
    return code, captured.out, captured.err


async def test_every_script_command_ends_cleanly_under_chaos(chaos, capsys):
    jobs = ids_on(chaos)
    failed = next(i for i, status in jobs if status == "error")
    done = [i for i, status in jobs if status == "completed"][:3]
    commands = [
        (("list", "--status", "error", "--status", "queued"), {0}),
        (("list", "--since", "7d"), {0}),
        (("get", failed[:8]), {1}),
        (("get", done[0]), {0}),
        (("failures", "--window", "all"), {0, 1}),
        (("batches",), {0}),
        (("watch", *done), {0}),
        (("usage",), {0, 1}),
    ]
    outcomes: dict[str, int] = {}
    for _round in range(3):  # other dice each time
        for args, expected in commands:
            code, out, err = await run(chaos, capsys, *args)
            name = " ".join(args[:2])
            outcomes[name] = outcomes.get(name, 0) + (code in expected)
            if code in expected:
                lines = out.strip().splitlines() if args[0] == "watch" else [out]
                for line in lines:
                    json.loads(line)  # whole JSON, nothing mixed in
            else:
                # the API kept failing past every retry: one line, exit 1, no JSON
                assert code == 1, (args, code, err)
                assert out == ""
                assert len(err.strip().splitlines()) == 1, err
    assert len(chaos.faults_seen) >= 5, "the chaos profile injected (almost) nothing"
    # the retries carry nearly every run through the faults
    assert sum(outcomes.values()) >= len(commands) * 3 - 2, outcomes
