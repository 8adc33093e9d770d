"""The JSON Schema files, `minsheng schema`, and the loading snippets of docs/loading.md."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.write import COMMITMENTS, read_jsonl
from schemas.export import MODELS, schema_path, schema_text, write_schemas

ROOT = Path(__file__).resolve().parent.parent
LOADING = ROOT / "docs" / "loading.md"


@pytest.mark.parametrize("which", sorted(MODELS))
def test_committed_schema_is_up_to_date(which):
    path = schema_path(which)
    assert path.exists() and path.read_text(encoding="utf-8") == schema_text(which), (
        f"{path.relative_to(ROOT)} is stale: run `python -m schemas.export` and commit the result")


@pytest.mark.parametrize("which", sorted(MODELS))
def test_cli_prints_the_schema(which, capsys):
    assert main(["schema", "--which", which]) == 0
    assert capsys.readouterr().out == schema_text(which)


def test_the_contract_fields_are_in_the_schema():
    commitment = json.loads(schema_text("commitment"))
    assert {"schema_version", "id", "doc_id", "lang", "text", "span", "modality", "areas", "actor",
            "targets"} <= set(commitment["properties"])
    assert commitment["additionalProperties"] is False
    article = json.loads(schema_text("article"))
    assert {"doc_id", "lang", "title", "published", "source", "officials", "n_commitments",
            "error"} <= set(article["properties"])


def test_write_schemas_writes_one_file_per_model(tmp_path):
    assert sorted(p.name for p in write_schemas(tmp_path)) == ["article.schema.json", "commitment.schema.json",
                                                             "official.schema.json", "track.schema.json"]


# --------------------------------------------------------------------------- docs/loading.md

def _snippet(library: str) -> str:
    """The python block of docs/loading.md that imports `library`."""
    blocks = re.findall(r"```python\n(.*?)```", LOADING.read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith(f"import {library}"))


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory) -> Path:
    from pipeline.run.batch import run

    out = tmp_path_factory.mktemp("out")
    run(ROOT / "data" / "raw", out)
    return out


@pytest.mark.parametrize("library", ["pandas", "duckdb"])
def test_loading_snippets_are_three_lines(library):
    assert len(_snippet(library).strip().splitlines()) == 3


def _installed(library: str):
    # A mark rather than a skip inside the test: the extraction fixture then does not run for nothing.
    return pytest.param(library, marks=pytest.mark.skipif(
        importlib.util.find_spec(library) is None, reason=f"{library} is not installed (it is not a dependency)"))


@pytest.mark.parametrize("library", [_installed("pandas"), _installed("duckdb")])
def test_loading_snippets_run(library, sample_output, capsys):
    code = _snippet(library).replace("data/extracted", sample_output.as_posix())
    namespace: dict = {}
    exec(compile(code, str(LOADING), "exec"), namespace)  # noqa: S102 - our own documentation
    records = read_jsonl(sample_output / COMMITMENTS)
    if library == "pandas":
        assert len(namespace["commitments"]) == len(records)
        assert len(namespace["targets"]) == sum(len(r["targets"]) for r in records)
    else:
        assert "modality" in capsys.readouterr().out
