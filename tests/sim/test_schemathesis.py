"""Schemathesis on the 2026-08 spec (the repository's copy) against the simulator:
generated requests, valid and invalid, and every answer checked against the schema.

Checks: no 5xx, documented status codes and content types, every body conforming to
its schema, and no schema-violating request accepted (negative data gets a 4xx).
Bounded and seeded so CI runs it in well under a minute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from aai_tui.sim.clock import SystemClock
from tests.helpers import LiveSim, running_sim

SPEC_PATH = Path(__file__).resolve().parents[1] / "spec" / "assemblyai-2026-08.json"
EXAMPLES = 30

# The upload's body is raw audio bytes: tests/sim/test_http.py holds it.
schema = schemathesis.openapi.from_dict(json.loads(SPEC_PATH.read_text("utf-8"))).exclude(
    path="/v2/upload"
)
schema.config.generation.update(
    max_examples=EXAMPLES,
    deterministic=True,
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def live() -> Iterator[LiveSim]:
    with running_sim(clock=SystemClock(), speed=50.0, rate_limit=1_000_000) as sim:
        yield sim


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_simulator_answers_as_the_spec_says(case, live):
    case.call_and_validate(
        base_url=live.base_url, headers={"authorization": "schemathesis-key"}, checks=CHECKS
    )
