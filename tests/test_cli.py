"""End to end: the real CLI on the sample articles in data/raw/."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemas import Article, Commitment

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def raw_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = _run("extract", str(RAW), "-o", str(out), "--no-ner")
    assert proc.returncode == 0, proc.stderr
    return out


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_input_file_has_an_article_row(raw_output):
    articles = [Article.model_validate(r) for r in _rows(raw_output / "articles.jsonl")]
    inputs = sorted(p.relative_to(RAW).as_posix() for p in RAW.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    assert [a.doc_id for a in articles] == inputs
    assert all(a.error is None for a in articles)


def test_records_validate_and_point_into_their_source(raw_output):
    from pipeline.core.read import read_document

    records = [Commitment.model_validate(r) for r in _rows(raw_output / "commitments.jsonl")]
    assert records, "the sample articles must yield commitments"
    sources = {}
    for rec in records:
        if rec.doc_id not in sources:
            sources[rec.doc_id] = read_document(RAW / rec.doc_id, rec.doc_id).text
        source = sources[rec.doc_id]
        assert source[rec.span.start:rec.span.end] == rec.text
        for t in rec.targets:
            assert source[t.span.start:t.span.end] == t.text


def test_output_is_byte_identical_between_runs(raw_output, tmp_path):
    proc = _run("extract", str(RAW), "-o", str(tmp_path), "--no-ner")
    assert proc.returncode == 0, proc.stderr
    for name in ("commitments.jsonl", "articles.jsonl"):
        assert (tmp_path / name).read_bytes() == (raw_output / name).read_bytes()


def test_missing_input_is_a_clear_error(tmp_path):
    proc = _run("extract", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert "nope" in proc.stderr
