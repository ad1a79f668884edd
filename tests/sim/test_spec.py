"""Every JSON body the simulator sends validates against the 2026-08 OpenAPI spec
(the repository's own copy: tests/spec/, see its SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.helpers import write_wav

SPEC = Path(__file__).resolve().parents[1] / "spec" / "assemblyai-2026-08.json"


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC.read_text("utf-8"))


def validator(spec: dict, schema_name: str) -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("spec", resource)
    schema = {"$ref": f"spec#/components/schemas/{schema_name}"}
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def check(spec: dict, schema_name: str, body: object) -> None:
    errors = sorted(validator(spec, schema_name).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_every_endpoint_body_matches_its_schema(spec, sim, http, tmp_path):
    upload = http.post("/v2/upload", content=write_wav(tmp_path / "a.wav", 6).read_bytes())
    check(spec, "UploadedFile", upload.json())
    url = upload.json()["upload_url"]
    queued = http.post(
        "/v2/transcript",
        json={
            "audio_url": url,
            "speech_models": ["universal-3-5-pro", "universal-2"],
            "speaker_labels": True,
            "speaker_options": {"min_speakers_expected": 1, "max_speakers_expected": 3},
            "domain": "medical-v1",
            "prompt": "A support call.",
            "temperature": 0.2,
            "redact_pii_return_unredacted": True,
            "language_code": "ja",
            "redact_pii": True,
            "redact_pii_audio": True,
            "redact_pii_policies": ["person_name", "location_city"],
            "redact_pii_sub": "hash",
            "webhook_url": "http://127.0.0.1:9/hook",
            "keyterms_prompt": ["AssemblyAI"],
        },
    ).json()
    check(spec, "Transcript", queued)
    failing = http.post(
        "/v2/transcript",
        json={
            "audio_url": "https://foo.bar",
            "speech_models": ["universal-2"],
            "language_detection": True,
        },
    ).json()
    sim.clock.advance(0.5)
    check(spec, "Transcript", http.get(f"/v2/transcript/{queued['id']}").json())
    sim.clock.advance(10_000)
    tid = queued["id"]
    completed = http.get(f"/v2/transcript/{tid}").json()
    assert completed["status"] == "completed"
    check(spec, "Transcript", completed)
    errored = http.get(f"/v2/transcript/{failing['id']}").json()
    assert errored["status"] == "error"
    check(spec, "Transcript", errored)
    check(spec, "TranscriptList", http.get("/v2/transcript", params={"limit": 1}).json())
    check(spec, "SentencesResponse", http.get(f"/v2/transcript/{tid}/sentences").json())
    check(spec, "ParagraphsResponse", http.get(f"/v2/transcript/{tid}/paragraphs").json())
    check(
        spec,
        "WordSearchResponse",
        http.get(f"/v2/transcript/{tid}/word-search", params={"words": "the,call"}).json(),
    )
    check(spec, "RedactedAudioResponse", http.get(f"/v2/transcript/{tid}/redacted-audio").json())
    check(spec, "Error", http.get("/v2/transcript/unknown").json())
    check(spec, "Transcript", http.delete(f"/v2/transcript/{tid}").json())


def test_demo_account_bodies_match_the_spec(spec):
    import httpx

    from tests.helpers import running_sim

    with running_sim(demo_data=True, speed=8.0) as live:
        client = httpx.Client(
            base_url=live.base_url, headers={"authorization": "k"}, trust_env=False
        )
        page = client.get("/v2/transcript", params={"limit": 200}).json()
        check(spec, "TranscriptList", page)
        for item in page["transcripts"][:12]:
            check(spec, "Transcript", client.get(f"/v2/transcript/{item['id']}").json())
        client.close()
