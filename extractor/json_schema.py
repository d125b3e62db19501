"""JSON Schema of the public records, exported from the pydantic models (a test keeps the files in sync)."""
from __future__ import annotations

import json
from pathlib import Path

from .records import Claim, Flag

SCHEMAS = {"claim.schema.json": Claim, "flag.schema.json": Flag}


def schema_text(model) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export_schemas(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
