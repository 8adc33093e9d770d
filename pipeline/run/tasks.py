"""One task of a batch: a few files extracted in one process, never raising
for bad input. The local engine (`pipeline.run.batch`) and the Dask engine
(`pipeline.run.dask_engine`) both run these in their workers.
"""
from __future__ import annotations

import resource
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.core import records
from pipeline.core.read import ReadError, read_document
from pipeline.run.extract import Result, extract_documents, extract_text
from pipeline.run.languages import load_models

Item = tuple[Path, str]  # (path, doc_id)


class BatchError(Exception):
    """The run as a whole cannot go on; the message is one line for a user."""


@dataclass(frozen=True)
class Options:
    use_ner: bool = True
    jobs: int = 1
    resume: bool = False
    engine: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # Dask scheduler address; None starts a local cluster


@dataclass(frozen=True)
class ChunkOutput:
    """What a worker sends back for one task."""

    results: list[Result]
    peak_rss_mb: float


def extract_file(path: Path, doc_id: str, use_ner: bool = True) -> Result:
    """One file, never raising for bad input: a failed file becomes an error row.
    A text of any length is extracted (a long one piece by piece, see
    `pipeline.run.extract`); a damaged one carries its read warning."""
    try:
        document = read_document(path, doc_id)
    except ReadError as e:
        return _failed(doc_id, str(e))
    try:
        return next(extract_documents([document], use_ner))
    except Exception as e:  # noqa: BLE001 - one odd article must not stop a batch of thousands
        return _failed(doc_id, f"extraction failed: {type(e).__name__}: {e}", document.sha256)


def _failed(doc_id: str, error: str, sha256: str | None = None) -> Result:
    first_line = error.splitlines()[0] if error else "unknown error"
    return Result(records.failed_article(doc_id, first_line, sha256), [])


def extract_chunk(items: list[Item], use_ner: bool = True) -> ChunkOutput:
    results = [extract_file(path, doc_id, use_ner) for path, doc_id in items]
    return ChunkOutput(results, peak_rss_mb())


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# One short article per pipeline, run once at start-up: the rule tables
# (gazetteer, title lists) are compiled on first use, which would otherwise
# add seconds to a worker's first article.
_WARM_UP = ("市人社局局长张华表示，今年将新增城镇就业5万人。\n",
            "The city's labour bureau said it will add 5,000 jobs this year.\n")


def load_pipelines(use_ner: bool = True) -> None:
    """Build both spaCy pipelines and their rule tables now (all cached per
    process), so a worker pays its start-up once, before its first task, and
    load the models a pipeline loads on first need, so forked workers share
    them."""
    for text in _WARM_UP:
        extract_text(text, "warm-up", use_ner)
    load_models(use_ner)
