"""Extract what the tests need from AssemblyAI's OpenAPI spec into the repository.

    python scripts/extract_spec.py [../shared/assemblyai-api-spec-2026-08/openapi.json]

Writes tests/spec/assemblyai-2026-08.json: the paths the simulator serves and every
component schema they reference, structure only (descriptions, examples and x-*
annotations dropped, except ``x-requires``: the spec's own "Requires ..." and "cannot
be used together with ..." sentences, kept so the options table can be held to them).
Two corrections, both stated in tests/spec/SOURCE.md: the language code "no"
(Norwegian) that the JSON rendering of the YAML turned into false, and the fields
the live API sends that the spec leaves out (``metadata``, ``speaker_options``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "assemblyai-api-spec-2026-08" / "openapi.json"
TARGET = ROOT / "tests" / "spec" / "assemblyai-2026-08.json"
PATHS = (
    "/v2/upload",
    "/v2/transcript",
    "/v2/transcript/{transcript_id}",
    "/v2/transcript/{transcript_id}/sentences",
    "/v2/transcript/{transcript_id}/paragraphs",
    "/v2/transcript/{transcript_id}/word-search",
    "/v2/transcript/{transcript_id}/redacted-audio",
    "/v2/transcript/{transcript_id}/{subtitle_format}",
)
DROPPED = {"description", "example", "examples", "summary", "title", "externalDocs"}
#: Fields the live API sends that the 2026-08 spec's Transcript does not list
#: (api-changes-2026.md: metadata.warnings, metadata.domain_used; echoed speaker_options).
LIVE_ADDITIONS = {
    "metadata": {
        "type": "object",
        "properties": {
            "warnings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}},
                    "required": ["message"],
                },
            },
            "domain_used": {"type": ["string", "null"]},
        },
    },
    "speaker_options": {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            "min_speakers_expected": {"type": "integer"},
            "max_speakers_expected": {"type": "integer"},
        },
    },
}
REQUIRES = re.compile(r"(Requires [^.]*\.|[Cc]annot be (?:used|enabled) together with [^.]*\.)")


def _strip(node: Any, *, names: bool = False) -> Any:
    """``names``: the keys of this mapping are names (properties, paths), never dropped."""
    if isinstance(node, dict):
        kept: dict[str, Any] = {}
        for key, value in node.items():
            annotation = key in DROPPED or (key.startswith("x-") and key != "x-requires")
            if annotation and not names:
                continue
            inner = key in ("properties", "schemas", "paths", "responses", "parameters")
            kept[key] = _strip(value, names=inner and not names)
        text = node.get("description")
        if isinstance(text, str) and REQUIRES.search(text):
            kept["x-requires"] = [m.group(0) for m in REQUIRES.finditer(text)]
        return kept
    if isinstance(node, list):
        return [_strip(item) for item in node]
    return node


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(ref)
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= _refs(item)
    return found


def _resolve(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


JSON_TYPES = {"string", "number", "integer", "boolean", "array", "object", "null"}


def _fix_type_names(node: Any) -> None:
    """``"type": "bool"`` (ActionItemsRequestBody.include_decisions) is ``boolean``."""
    if isinstance(node, dict):
        if node.get("type") == "bool":
            node["type"] = "boolean"
        for value in node.values():
            _fix_type_names(value)
    elif isinstance(node, list):
        for item in node:
            _fix_type_names(item)


def _flatten_transcript_params(schemas: dict[str, Any]) -> None:
    """TranscriptParams is ``allOf`` two objects that each forbid the other's properties
    (``additionalProperties: false`` on both), which no body satisfies: one object, with
    ``audio_url`` required and every optional parameter, is what the API takes."""
    params = schemas["TranscriptParams"]
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in params.get("allOf", []):
        if "$ref" in part:
            part = schemas[part["$ref"].rsplit("/", 1)[1]]
        properties.update(part.get("properties", {}))
        required += part.get("required", [])
    schemas["TranscriptParams"] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def extract(spec: dict[str, Any]) -> dict[str, Any]:
    paths = {path: spec["paths"][path] for path in PATHS if path in spec["paths"]}
    wanted: set[str] = set()
    todo = _refs(paths) | {"#/components/schemas/TranscriptParams"}
    while todo:
        ref = todo.pop()
        if ref in wanted:
            continue
        wanted.add(ref)
        todo |= _refs(_resolve(spec, ref)) - wanted
    components: dict[str, dict[str, Any]] = {}
    for ref in sorted(wanted):
        _, section, name = ref.removeprefix("#/").split("/", 2)
        components.setdefault(section, {})[name] = _resolve(spec, ref)
    out = _strip(
        {
            "openapi": spec["openapi"],
            "info": spec["info"],
            "servers": [{"url": "http://127.0.0.1"}],
            "paths": paths,
            "components": components,
        }
    )
    schemas = out["components"]["schemas"]
    codes = schemas["TranscriptLanguageCode"]["enum"]
    schemas["TranscriptLanguageCode"]["enum"] = ["no" if c is False else c for c in codes]
    _fix_type_names(schemas)
    _flatten_transcript_params(schemas)
    transcript = schemas["Transcript"]["properties"]
    transcript.update(LIVE_ADDITIONS)
    # A transcript echoes the models it was made with, retired ones included (every job
    # pinned to universal-3-pro before 2026-09-02): in answers, a model is any name.
    transcript["speech_models"] = {"type": ["array", "null"], "items": {"type": "string"}}
    transcript["speech_model_used"] = {"type": "string"}
    if "securitySchemes" in spec.get("components", {}):
        out["components"]["securitySchemes"] = _strip(spec["components"]["securitySchemes"])
        out["security"] = spec.get("security", [])
    return out


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    raw = source.read_bytes()
    spec = json.loads(raw)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(extract(spec), indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{TARGET.relative_to(ROOT)} from {source} (sha256 {hashlib.sha256(raw).hexdigest()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
