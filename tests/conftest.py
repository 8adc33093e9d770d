"""Shared fixtures: the pipelines load once per test session."""
from __future__ import annotations

import pytest

from pipeline.run.extract import extract_text


@pytest.fixture(scope="session")
def extract():
    """extract(text) -> Result, through every stage (rules only, so the tests
    of the rule stages do not depend on the trained model)."""
    def run(text: str, doc_id: str = "t.txt", use_ner: bool = False):
        return extract_text(text, doc_id, use_ner=use_ner)
    return run


def assert_spans_reproduce(source: str, result) -> None:
    """LangExtract's invariant: every span indexes its own text in the source."""
    for rec in result.commitments:
        assert source[rec.span.start:rec.span.end] == rec.text
        for t in rec.targets:
            assert source[t.span.start:t.span.end] == t.text
    for o in result.article.officials:
        assert source[o.span.start:o.span.end] == o.name
