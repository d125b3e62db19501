from conftest import ROOT

from extractor.json_schema import SCHEMAS, schema_text


def test_exported_claim_schema_matches_the_model():
    for name, model in SCHEMAS.items():
        on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert on_disk == schema_text(model), f"schemas/{name} is stale: run `extract schema`"


def test_claim_schema_requires_evidence_and_source():
    import json

    schema = json.loads(schema_text(SCHEMAS["claim.schema.json"]))
    assert {"evidence", "source", "metric", "value", "state"} <= set(schema["required"])
