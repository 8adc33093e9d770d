"""Batch extraction at scale: parallel, resumable, robust to bad input.

`run_batch` extracts a list of files in-process (one job), in worker
processes (several jobs) or on a Dask cluster (`pipeline.run.dask_engine`). Every
finished file is appended to a journal in `OUT/.partial/` as it completes;
at the end the results are sorted and the two JSON Lines files written
atomically, then the journal is deleted. An interrupted run therefore leaves
the previous output intact and its finished files in the journal, and a run
with `resume` keeps every file whose bytes and doc_id are already recorded
without error (in the final files or a journal) instead of extracting it again.

A file that fails becomes an `error` row and the run goes on; only problems
with the run as a whole (no input, unwritable output, a dead worker) raise
`BatchError`.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol, TextIO

from pipeline.core.read import iter_inputs
from pipeline.core.write import ARTICLES, COMMITMENTS, read_jsonl
from pipeline.run.extract import Result, Summary, write_results
from pipeline.run.tasks import (
    BatchError,
    ChunkOutput,
    Item,
    Options,
    extract_chunk,
    load_pipelines,
)
from schemas import Article, Commitment

JOURNAL_DIR = ".partial"

# Files per task sent to a worker: small enough that the workers stay
# evenly loaded and the journal close to what is done, large enough that
# sending tasks costs nothing next to extracting them.
MAX_CHUNK = 8

@dataclass(frozen=True)
class BatchSummary(Summary):
    kept: int = 0  # files whose rows were kept from an earlier run (--resume)
    peak_rss_mb: float = 0.0  # the largest peak resident memory of a worker


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

def list_inputs(target: str, stdin: TextIO) -> list[Item]:
    """The files to extract: a folder (recursively), one file, or "-" for a
    list of paths on `stdin`, one per line, whose doc_id is the path as given."""
    if target == "-":
        return _stdin_inputs(stdin)
    path = Path(target)
    if not path.exists():
        raise BatchError(f"input not found: {target}")
    try:
        return iter_inputs(path)
    except OSError as e:
        raise BatchError(f"cannot list {e.filename or target}: {e.strerror or e}") from e


def _stdin_inputs(stdin: TextIO) -> list[Item]:
    # A path listed twice would give two rows with the same doc_id.
    names = dict.fromkeys(line.rstrip("\r\n") for line in stdin)
    items = [(Path(name), name) for name in names if name.strip()]
    if not items:
        raise BatchError("no input: the list of paths on standard input is empty")
    return sorted(items, key=lambda item: item[1])


def _init_worker(use_ner: bool) -> None:
    # Ctrl-C reaches the whole process group: the main process reports the
    # interruption, a worker just stops (no traceback per worker).
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))
    _exit_when_orphaned()
    load_pipelines(use_ner)


def _exit_when_orphaned(interval: float = 1.0) -> None:
    # A worker blocked on its task queue never notices that the main process
    # was killed (SIGKILL runs no clean-up); without this it would live on.
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


# --------------------------------------------------------------------------
# Engines: each yields ChunkOutputs as tasks complete
# --------------------------------------------------------------------------

def _chunks(items: list[Item], workers: int) -> list[list[Item]]:
    # In-process, one file per task keeps the journal exactly up to date.
    size = 1 if workers <= 1 else max(1, min(MAX_CHUNK, len(items) // (workers * 4)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _outputs(items: list[Item], options: Options) -> Iterator[ChunkOutput]:
    if not items:
        return iter(())
    if options.engine == "dask":
        from pipeline.run.dask_engine import dask_outputs  # optional dependency

        return dask_outputs(_chunks(items, options.jobs), options)
    # More workers than files would only pay their start-up; one file runs
    # in this process, which starts as fast as a worker would.
    jobs = min(options.jobs, len(items))
    chunks = _chunks(items, jobs)
    if jobs <= 1:
        return (extract_chunk(chunk, options.use_ner) for chunk in chunks)
    return _pool_outputs(chunks, jobs, options)


def _worker_context() -> multiprocessing.context.BaseContext:
    """How the workers start. On Linux, when no thread runs in this process
    (a Dask client's or a caller's would be copied in the middle of its work),
    a fork of this process after it has built the pipelines: every worker
    starts with them, sharing their memory, instead of building its own.
    Otherwise a fork server (a fresh single-threaded process that imports
    this module once, so the workers forked from it start with spaCy and
    the language packs imported), or spawn where there is none."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _pool_outputs(chunks: list[list[Item]], jobs: int, options: Options) -> Iterator[ChunkOutput]:
    context = _worker_context()
    forking = context.get_start_method() == "fork"
    if forking:
        load_pipelines(options.use_ner)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_init_worker, initargs=(options.use_ner,))
    try:
        with _frozen_objects(forking):  # with fork, the first submit starts every worker
            futures = [pool.submit(extract_chunk, chunk, options.use_ner) for chunk in chunks]
        for future in as_completed(futures):
            yield future.result()
    except BrokenProcessPool as e:
        raise BatchError("a worker process died (out of memory?); "
                         "finished files are journaled: rerun with --resume") from e
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _frozen_objects(freeze: bool) -> Iterator[None]:
    """The garbage collector of a forked worker would write into every
    object it inherits and so copy the pages it shares with this process;
    objects frozen before the fork are left alone (the gc module's own
    advice). This process unfreezes its own at once."""
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()


# --------------------------------------------------------------------------
# Journal and resume
# --------------------------------------------------------------------------

def journal_dir(out_dir: Path) -> Path:
    return out_dir / JOURNAL_DIR


class Journal:
    """One append-only JSON Lines file per run in OUT/.partial/, a line per
    finished file. Each run writes its own file, so a line cut short by a
    kill is never continued by a later run."""

    def __init__(self, out_dir: Path):
        folder = journal_dir(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        # The time prefix orders the journals of successive runs by name.
        fd, name = tempfile.mkstemp(prefix=f"journal-{time.time_ns()}-", suffix=".jsonl", dir=folder)
        self._file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.path = Path(name)

    def append(self, result: Result) -> None:
        row = {"article": result.article.model_dump(mode="json"),
               "commitments": [c.model_dump(mode="json") for c in result.commitments]}
        self._file.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        # Flushed per file: a killed process loses nothing already written.
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def read_journals(out_dir: Path) -> Iterator[Result]:
    """Results journaled by earlier runs, oldest first."""
    for path in sorted(journal_dir(out_dir).glob("journal-*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                    yield Result(Article.model_validate(row["article"]),
                                 [Commitment.model_validate(c) for c in row["commitments"]])
                except (ValueError, KeyError, TypeError):
                    continue  # the last line of a killed run may be cut short


def previous_results(out_dir: Path) -> dict[str, Result]:
    """Error-free results of earlier runs by doc_id: the final files, then
    the journals, whose newer results win."""
    try:
        by_doc: dict[str, list[Commitment]] = {}
        for row in read_jsonl(out_dir / COMMITMENTS):
            commitment = Commitment.model_validate(row)
            by_doc.setdefault(commitment.doc_id, []).append(commitment)
        articles = [Article.model_validate(row) for row in read_jsonl(out_dir / ARTICLES)]
    except ValueError as e:  # invalid JSON or records of another schema
        raise BatchError(f"cannot resume: the output in {out_dir} is unreadable ({type(e).__name__}); "
                         "run without --resume") from e
    found = {a.doc_id: Result(a, by_doc.get(a.doc_id, [])) for a in articles}
    found.update((r.article.doc_id, r) for r in read_journals(out_dir))
    return {doc_id: r for doc_id, r in found.items() if r.article.error is None}


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # extracting it again reports the problem
    return digest.hexdigest()


def split_done(items: list[Item], previous: dict[str, Result]) -> tuple[list[Result], list[Item]]:
    """(results to keep, files to extract): a file is kept when an earlier
    result has its doc_id and the sha256 of its current bytes."""
    kept, todo = [], []
    for path, doc_id in items:
        done = previous.get(doc_id)
        if done is not None and done.article.sha256 == _file_sha256(path):
            kept.append(done)
        else:
            todo.append((path, doc_id))
    return kept, todo


# --------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------

class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, result: Result) -> None: ...
    def finish(self) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, result: Result) -> None:
        pass

    def finish(self) -> None:
        pass


class ProgressBar:
    """One redrawn line: bar, files done/total, articles per second, ETA."""

    def __init__(self, stream: TextIO, clock=time.monotonic, width: int = 24, interval: float = 0.1):
        self.stream = stream
        self.clock = clock
        self.width = width
        self.interval = interval  # redraws at most this often: a terminal is slow
        self.total = self.done = 0
        self.started = self.drawn = 0.0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.started = self.clock()
        self._draw()

    def advance(self, result: Result) -> None:
        self.done += 1
        if self.done == self.total or self.clock() - self.drawn >= self.interval:
            self._draw()

    def finish(self) -> None:
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def line(self) -> str:
        elapsed = self.clock() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        filled = self.width * self.done // self.total if self.total else self.width
        eta = _clock_time((self.total - self.done) / rate) if rate else "--:--"
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} files  "
                f"{rate:.1f} articles/s  ETA {eta}")

    def _draw(self) -> None:
        self.drawn = self.clock()
        # \r returns to the line start, \x1b[K clears what a longer line left.
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()


def _clock_time(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """OSErrors while writing the output are fatal, with a one-line message."""
    try:
        yield
    except OSError as e:
        raise BatchError(f"cannot write output to {out_dir}: {e.strerror or e}") from e


def run_batch(items: list[Item], out_dir: Path, options: Options = Options(),
              progress: Progress | None = None) -> BatchSummary:
    started = time.monotonic()
    with _writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        if not options.resume:
            # A fresh run: a journal left by an interrupted one is stale.
            shutil.rmtree(journal_dir(out_dir), ignore_errors=True)
    kept, todo = split_done(items, previous_results(out_dir)) if options.resume else ([], items)
    results, peak = _extract(todo, out_dir, options, progress or _Silent())
    everything = kept + results
    with _writing(out_dir):
        write_results(out_dir, everything)
        shutil.rmtree(journal_dir(out_dir))
    return BatchSummary(files=len(everything), commitments=sum(len(r.commitments) for r in everything),
                        errors=sum(1 for r in everything if r.article.error), seconds=time.monotonic() - started,
                        kept=len(kept), peak_rss_mb=peak)


def run(target: Path, out_dir: Path, use_ner: bool = True, jobs: int = 1) -> Summary:
    """A folder (or one file) into the two JSON Lines files."""
    return run_batch(iter_inputs(target), out_dir, Options(use_ner=use_ner, jobs=jobs))


def _extract(todo: list[Item], out_dir: Path, options: Options, progress: Progress) -> tuple[list[Result], float]:
    results: list[Result] = []
    peak = 0.0
    with _writing(out_dir):
        journal = Journal(out_dir)
    progress.start(len(todo))
    try:
        for output in _outputs(todo, options):
            for result in output.results:
                with _writing(out_dir):
                    journal.append(result)
                progress.advance(result)
            results.extend(output.results)
            peak = max(peak, output.peak_rss_mb)
    finally:
        progress.finish()
        journal.close()
    return results, peak
