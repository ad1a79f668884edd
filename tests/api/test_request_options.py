"""The options table is the spec's TranscriptOptionalParams, declared once: held to the
repository's copy of the 2026-08 spec, and its checks held by properties."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aai_tui.api.request_options import (
    BY_NAME,
    OPTIONS,
    Kind,
    OptionTypeError,
    carried_options,
    check_type,
    is_kind,
    option_text,
    parse_option_text,
    requirement_problem,
    type_problem,
    without_defaults,
)

SPEC = json.loads(
    (Path(__file__).resolve().parents[1] / "spec" / "assemblyai-2026-08.json").read_text()
)
SCHEMAS = SPEC["components"]["schemas"]
PARAMS = SCHEMAS["TranscriptOptionalParams"]["properties"]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = {
            **SCHEMAS[node["$ref"].rsplit("/", 1)[1]],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
    return node


def _kind_and_nullable(node: dict[str, Any]) -> tuple[Kind, bool]:
    node = _resolve(node)
    if "oneOf" in node or "anyOf" in node:
        branches = [_resolve(b) for b in node.get("oneOf", node.get("anyOf"))]
        nullable = any(b.get("type") == "null" for b in branches)
        rest = [b for b in branches if b.get("type") != "null"]
        kind, _ = _kind_and_nullable(rest[0])
        return kind, nullable
    types = node.get("type")
    if "enum" in node and types is None:
        types = "string"
    if isinstance(types, list):
        nullable = "null" in types
        types = next(t for t in types if t != "null")
    else:
        nullable = False
    if types == "array":
        item = _resolve(node.get("items", {}))
        return (Kind.STRINGS if item.get("type", "string") == "string" else Kind.OBJECTS), nullable
    return {
        "boolean": Kind.BOOLEAN,
        "integer": Kind.INTEGER,
        "number": Kind.NUMBER,
        "string": Kind.STRING,
        "object": Kind.OBJECT,
    }[types], nullable


def test_the_table_has_every_option_of_the_spec_and_no_other():
    assert set(BY_NAME) == set(PARAMS)


@pytest.mark.parametrize("option", OPTIONS, ids=[o.name for o in OPTIONS])
def test_each_option_has_the_spec_s_type_default_and_bounds(option):
    node = PARAMS[option.name]
    kind, nullable = _kind_and_nullable(node)
    assert option.kind is kind
    assert option.nullable == nullable
    resolved = _resolve(node)
    if "default" in resolved and option.name != "speech_models":
        # speech_models: the spec's default is the server's lineup, the server's to say
        assert option.default == resolved["default"]
    assert option.minimum == resolved.get("minimum")
    assert option.maximum == resolved.get("maximum")
    if option.kind is Kind.OBJECT and "properties" in resolved:
        assert set(option.fields) == set(resolved["properties"])
        for name, sub in resolved["properties"].items():
            assert option.fields[name] is _kind_and_nullable(sub)[0], name
    if option.kind is Kind.OBJECTS:
        item = _resolve(resolved["items"])
        assert set(option.fields) == set(item["properties"])
        assert set(option.required_fields) == set(item.get("required", []))
    assert option.deprecated == bool(resolved.get("deprecated", False))


def test_every_requires_sentence_of_the_spec_is_in_the_table():
    for name, node in PARAMS.items():
        option = BY_NAME[name]
        for sentence in node.get("x-requires", []):
            needed = re.findall(r"`([a-z_]+)`", sentence.split("cannot")[0])
            excluded = re.findall(r"`([a-z_]+)`", sentence.split("together with")[-1])
            if sentence.startswith("Requires"):
                for other in needed:
                    if other in BY_NAME and other != name:
                        known = option.requires + option.ignored_without
                        assert other in known, (name, sentence)
                        if "ignored" in sentence:
                            assert other in option.ignored_without, (name, sentence)
            if "together with" in sentence:
                for other in excluded:
                    if other in BY_NAME:
                        assert other in option.excludes, (name, sentence)


def test_the_rules_answered_with_400_are_the_documented_ones():
    """api-changes-2026.md lists the "requires" rules the API answers with a 400; every
    other "Requires" sentence of the spec only means the option is ignored."""
    hard = {(o.name, other) for o in OPTIONS for other in o.requires}
    assert {
        ("redact_pii", "format_text"),
        ("redact_pii_audio", "redact_pii"),
        ("speaker_labels", "punctuate"),
        ("sentiment_analysis", "punctuate"),
        ("webhook_auth_header_name", "webhook_url"),
        ("webhook_auth_header_value", "webhook_url"),
        ("redact_pii_return_unredacted", "redact_pii"),
    } <= hard
    assert ("content_safety_confidence", "content_safety") not in hard


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(st.sampled_from(OPTIONS), JSON)
def test_check_type_accepts_exactly_its_kind(option, value):
    try:
        check_type(option, value)
    except (OptionTypeError, ValueError):
        accepted = False
    else:
        accepted = True
    if value is None:
        assert accepted == option.nullable
    elif not is_kind(value, option.kind):
        assert not accepted


@given(st.dictionaries(st.sampled_from(sorted(BY_NAME)), JSON, max_size=6))
def test_type_problem_names_a_field_of_the_body(body):
    problem = type_problem(body)
    if problem is not None:
        assert problem.startswith("`") and problem.split("`")[1].split(".")[0] in body
    else:
        for name, value in body.items():
            check_type(BY_NAME[name], value)


@given(st.dictionaries(st.sampled_from(sorted(BY_NAME)), st.booleans() | st.just("x"), max_size=8))
def test_requirement_problem_names_a_rule_that_is_broken(body):
    problem = requirement_problem(body)
    if problem is None:
        return
    name = problem.split("`")[1]
    assert name in body


@given(st.sampled_from([o for o in OPTIONS if o.kind is not Kind.OBJECT]), JSON)
def test_typed_text_round_trips(option, value):
    try:
        check_type(option, value)
    except ValueError:
        return
    if value is None or (option.kind is Kind.STRING and value != value.strip()):
        return
    if option.kind is Kind.STRINGS and (not value or any(v != v.strip() or not v for v in value)):
        return  # an empty list is "not set"; a blank name is not a name
    if option.kind is Kind.STRING and value == "":
        return
    assert parse_option_text(option, option_text(option, value)) == value


def test_carried_options_keep_what_was_chosen_and_drop_what_the_api_filled_in():
    echoed = {
        "speech_models": ["universal-3-pro", "universal-2"],
        "language_detection": True,
        "language_code": "en",  # detected, not chosen
        "punctuate": True,
        "format_text": True,
        "webhook_url": "http://deleted_by_user",
        "webhook_auth_header_name": "X-Key",
        "prompt": "A consult.",
        "speaker_options": {"min_speakers_expected": 2},
        "speaker_labels": True,
        "domain": "medical-v1",
        "text": "not an option",
    }
    assert carried_options(echoed) == {
        "speech_models": ["universal-3-pro", "universal-2"],
        "language_detection": True,
        "prompt": "A consult.",
        "speaker_options": {"min_speakers_expected": 2},
        "speaker_labels": True,
        "domain": "medical-v1",
    }
    assert without_defaults({"punctuate": False, "temperature": 0, "speech_threshold": 0.5}) == {
        "punctuate": False,
        "speech_threshold": 0.5,
    }
