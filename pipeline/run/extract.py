"""The library entry point: articles in, contract records out.

`extract_text` runs every stage on one text; `extract_documents` runs a batch
through `nlp.pipe`, one language at a time; `write_results` writes the two JSON Lines files
(`pipeline.run.batch.run` does a whole folder). The CLI is a thin shell over these.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc

from pipeline.core import records
from pipeline.core.metadata import analyze
from pipeline.core.normalize import normalize
from pipeline.core.read import Document
from pipeline.core.write import ARTICLES, COMMITMENTS, dumps, write_jsonl_atomic
from pipeline.run.languages import nlp_for
from schemas import Article, Commitment


@dataclass(frozen=True)
class Result:
    """What one input file yields."""

    article: Article
    commitments: list[Commitment]


@dataclass(frozen=True)
class Summary:
    files: int
    commitments: int
    errors: int
    seconds: float


def prepare(source: str, doc_id: str, use_ner: bool = True) -> Doc:
    """Stages 2-4: normalize, read the layout, segment; returns an unprocessed Doc."""
    norm = normalize(source)
    nlp = nlp_for(norm.lang, use_ner)
    doc = nlp.make_doc(norm.text)
    doc._.source = source
    doc._.lang = norm.lang
    doc._.doc_id = doc_id
    doc._.layout = analyze(source, norm.text, norm.lang)
    return doc


def _result(doc: Doc, sha256: str) -> Result:
    commitments = records.commitments(doc)
    return Result(records.article(doc, sha256, len(commitments)), commitments)


def process(source: str, doc_id: str, use_ner: bool = True) -> Doc:
    """Every stage up to the linked Doc: prepare, then the language's pipeline."""
    doc = prepare(source, doc_id, use_ner)
    return nlp_for(doc._.lang, use_ner)(doc)


def extract_text(source: str, doc_id: str = "text", use_ner: bool = True) -> Result:
    return _result(process(source, doc_id, use_ner), hashlib.sha256(source.encode("utf-8")).hexdigest())


def extract_documents(documents: Iterable[Document], use_ner: bool = True) -> Iterator[Result]:
    """Extract a batch, in input order."""
    for document in documents:
        yield _result(process(document.text, document.doc_id, use_ner), document.sha256)


def sort_key(record: Commitment) -> tuple:
    return (record.doc_id, record.span.start, record.span.end, record.id)


def write_results(out_dir: Path, results: list[Result]) -> None:
    articles = sorted((r.article for r in results), key=lambda a: a.doc_id)
    commitments = sorted((c for r in results for c in r.commitments), key=sort_key)
    write_jsonl_atomic(out_dir / COMMITMENTS, (dumps(c) for c in commitments))
    write_jsonl_atomic(out_dir / ARTICLES, (dumps(a) for a in articles))
