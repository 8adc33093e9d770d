"""JSON Schema files generated from the Pydantic models.

The models are the one definition of the output; `schemas/*.schema.json` are
derived from them for people and tools outside Python (validators, DuckDB,
other languages) and committed so that a change to the contract shows up in
review. Regenerate with `python -m schemas.export`; a test fails when the
committed files are stale.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schemas.models import Article, Commitment
from schemas.track import OfficialRow, TrackRow

SCHEMA_DIR = Path(__file__).resolve().parent
MODELS: dict[str, type[BaseModel]] = {"commitment": Commitment, "article": Article,
                                      "track": TrackRow, "official": OfficialRow}
DIALECT = "https://json-schema.org/draft/2020-12/schema"  # the dialect Pydantic generates


def schema(which: str) -> dict:
    return {"$schema": DIALECT, **MODELS[which].model_json_schema()}


def schema_text(which: str) -> str:
    """The schema as committed: stable key order, readable Chinese examples."""
    return json.dumps(schema(which), ensure_ascii=False, indent=2) + "\n"


def schema_path(which: str, folder: Path = SCHEMA_DIR) -> Path:
    return folder / f"{which}.schema.json"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    paths = []
    for which in MODELS:
        path = schema_path(which, folder)
        path.write_text(schema_text(which), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_schemas():
        print(written)
