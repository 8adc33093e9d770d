"""Batch runs: parallel, resumable, journaled, with progress (pipeline/batch.py)."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.write import ARTICLES, COMMITMENTS
from pipeline.run.batch import (
    JOURNAL_DIR,
    BatchError,
    Journal,
    Options,
    ProgressBar,
    list_inputs,
    previous_results,
    run_batch,
)
from pipeline.run import batch
from pipeline.run.extract import extract_text
from pipeline.tools.bench import build_corpus, write_corpus

OUTPUTS = (COMMITMENTS, ARTICLES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Forty small generated articles, the same on every run."""
    folder = tmp_path_factory.mktemp("corpus")
    texts, _ = build_corpus(40, seed=7)
    write_corpus(folder, [text[:400] for text in texts])
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """An uninterrupted in-process run: what every other run must reproduce."""
    out = tmp_path_factory.mktemp("reference")
    assert main(["extract", str(corpus), "-o", str(out), "--jobs", "1", "--no-ner", "-q"]) == 0
    return out


def _outputs(folder: Path) -> list[bytes]:
    return [(folder / name).read_bytes() for name in OUTPUTS]


def _articles(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / ARTICLES).read_text(encoding="utf-8").splitlines()]


def test_two_jobs_write_the_same_bytes_as_one(corpus, reference, tmp_path):
    assert main(["extract", str(corpus), "-o", str(tmp_path), "--jobs", "2", "--no-ner", "-q"]) == 0
    assert _outputs(tmp_path) == _outputs(reference)
    assert not (tmp_path / JOURNAL_DIR).exists()


def test_workers_from_a_fork_server_write_the_same_bytes(corpus, reference, tmp_path, monkeypatch):
    # Another thread running: no fork of this process, a fork server instead.
    monkeypatch.setattr(batch.threading, "active_count", lambda: 2)
    assert batch._worker_context().get_start_method() in ("forkserver", "spawn")
    assert main(["extract", str(corpus), "-o", str(tmp_path), "--jobs", "2", "--no-ner", "-q"]) == 0
    assert _outputs(tmp_path) == _outputs(reference)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork only on Linux")
def test_workers_fork_from_a_process_without_other_threads(monkeypatch):
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    assert batch._worker_context().get_start_method() == "fork"


def test_one_file_is_extracted_in_this_process_whatever_the_jobs(corpus, reference, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "_pool_outputs", lambda *args: pytest.fail("workers started for one file"))
    first = sorted(corpus.iterdir())[0]
    assert main(["extract", str(first), "-o", str(tmp_path), "--jobs", "4", "--no-ner", "-q"]) == 0
    assert _articles(tmp_path)[0]["doc_id"] == first.name


def test_resume_keeps_unchanged_files_and_redoes_changed_ones(corpus, reference, tmp_path):
    copy = tmp_path / "in"
    copy.mkdir()
    for path in corpus.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    run_batch(list_inputs(str(copy), io.StringIO()), out, Options(use_ner=False))
    changed = copy / "00003.txt"
    changed.write_text("市人社局局长张华表示，今年将新增城镇就业5万人。\n", encoding="utf-8")

    summary = run_batch(list_inputs(str(copy), io.StringIO()), out, Options(use_ner=False, resume=True))

    assert (summary.files, summary.kept) == (40, 39)
    fresh = tmp_path / "fresh"
    run_batch(list_inputs(str(copy), io.StringIO()), fresh, Options(use_ner=False))
    assert _outputs(out) == _outputs(fresh)


def test_resume_retries_files_that_failed(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"")
    out = tmp_path / "out"
    run_batch([(source, "a.txt")], out, Options(use_ner=False))
    assert _articles(out)[0]["error"] == "empty file"
    source.write_text("市人社局局长张华表示，今年将新增城镇就业5万人。\n", encoding="utf-8")

    summary = run_batch([(source, "a.txt")], out, Options(use_ner=False, resume=True))

    assert summary.kept == 0
    assert _articles(out)[0]["error"] is None


def test_a_cut_journal_line_is_ignored(tmp_path):
    result = extract_text("市人社局局长张华表示，今年将新增城镇就业5万人。\n", "a.txt", use_ner=False)
    journal = Journal(tmp_path)
    journal.append(result)
    journal.close()
    with journal.path.open("a", encoding="utf-8") as fh:
        fh.write('{"article": {"doc_id": "b.t')  # what a kill mid-write leaves

    assert list(previous_results(tmp_path)) == ["a.txt"]


def _journaled_rows(out: Path) -> int:
    return sum(len(path.read_text(encoding="utf-8").splitlines())
               for path in (out / JOURNAL_DIR).glob("*.jsonl"))


def test_resume_after_a_kill_gives_the_uninterrupted_output(corpus, reference, tmp_path):
    out = tmp_path / "out"
    earlier = sorted(corpus.iterdir())[:10]
    run_batch([(path, path.name) for path in earlier], out, Options(use_ner=False))
    previous = _outputs(out)
    command = [sys.executable, "-m", "pipeline.cli", "extract", str(corpus), "-o", str(out),
               "--jobs", "1", "--no-ner", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while (out / JOURNAL_DIR).exists() is False or _journaled_rows(out) < 5:
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no journal rows after 120 s"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()

    assert _outputs(out) == previous, "a killed run must leave the previous output intact"
    assert main(["extract", str(corpus), "-o", str(out), "--jobs", "1", "--no-ner", "-q", "--resume"]) == 0
    assert _outputs(out) == _outputs(reference)
    assert not (out / JOURNAL_DIR).exists()


def test_paths_on_stdin_keep_the_path_as_given_for_doc_id(corpus, tmp_path, monkeypatch, capsys):
    paths = [str(corpus / "00001.txt"), str(corpus / "00000.txt"), str(corpus / "00001.txt")]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(paths) + "\n"))

    assert main(["extract", "-", "-o", str(tmp_path), "--jobs", "1", "--no-ner"]) == 0

    assert [a["doc_id"] for a in _articles(tmp_path)] == sorted(set(paths))
    assert capsys.readouterr().err.startswith("2 files, ")


def test_an_empty_list_on_stdin_is_fatal(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["extract", "-", "-o", str(tmp_path), "--jobs", "1"]) == 2
    assert "no input" in capsys.readouterr().err


def test_missing_input_and_unwritable_output_are_fatal(corpus, tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 2
    assert "input not found" in capsys.readouterr().err
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert main(["extract", str(corpus), "-o", str(a_file / "out"), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: cannot write output to") and err.count("\n") == 1


def test_resume_refuses_unreadable_previous_output(corpus, tmp_path):
    (tmp_path / ARTICLES).write_text("not json\n")
    with pytest.raises(BatchError, match="cannot resume"):
        run_batch([], tmp_path, Options(resume=True))


def test_summary_line_and_quiet(corpus, tmp_path, capsys):
    one = corpus / "00000.txt"
    assert main(["extract", str(one), "-o", str(tmp_path), "--jobs", "1", "--no-ner"]) == 0
    assert capsys.readouterr().err.startswith("1 files, ")
    assert main(["extract", str(one), "-o", str(tmp_path), "--jobs", "1", "--no-ner", "-q"]) == 0
    assert capsys.readouterr().err == ""


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_shows_files_rate_and_eta():
    stream, clock = io.StringIO(), _Clock()
    bar = ProgressBar(stream, clock=clock, width=10)
    bar.start(4)
    clock.now = 2.0
    bar.advance(None)
    assert bar.line() == "[##........] 1/4 files  0.5 articles/s  ETA 0:06"
    bar.finish()
    assert stream.getvalue().endswith("\n") and "\r" in stream.getvalue()


def test_progress_bar_redraws_at_most_ten_times_a_second():
    stream, clock = io.StringIO(), _Clock()
    bar = ProgressBar(stream, clock=clock)
    bar.start(1000)
    for _ in range(500):
        bar.advance(None)
    assert stream.getvalue().count("\r") == 1  # the clock never moved: only the first draw


def test_text_prints_what_spans_index(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>标题</title><script>x()</script></head>"
                    "<body><p>第一段。</p><p>第二段。</p></body></html>", encoding="utf-8")
    assert main(["text", str(page)]) == 0
    assert capsys.readouterr().out == "标题\n\n第一段。\n\n第二段。"
    assert main(["text", str(tmp_path / "nope.txt")]) == 2
    assert "not found" in capsys.readouterr().err


def test_library_run_delegates_to_the_batch(corpus, reference, tmp_path):
    from pipeline.run.batch import run

    summary = run(corpus, tmp_path, use_ner=False)
    assert summary.files == 40
    assert _outputs(tmp_path) == _outputs(reference)


def _alive(pid: int) -> bool:
    # An exited child nobody reaped yet is a zombie ("Z"): it counts as gone.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_orphaned_workers_exit():
    # A worker's watchdog ends it once its parent is gone: start a child that
    # arms the watchdog and sleeps, kill the child's parent shell, and see it go.
    code = ("import time; from pipeline.run.batch import _exit_when_orphaned; "
            "_exit_when_orphaned(0.05); print('armed', flush=True); time.sleep(30)")
    with subprocess.Popen(["sh", "-c", f'{sys.executable} -c "{code}" & echo $!; wait'],
                          stdout=subprocess.PIPE, text=True) as shell:
        child = int(shell.stdout.readline())
        assert shell.stdout.readline().strip() == "armed"
        shell.kill()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the orphaned worker did not exit")
