"""Bad input through the real CLI: each bad file gets a clear error row (or is
read as well as it can be), the good files are extracted, the run exits 0."""
from __future__ import annotations

import json
import os
import pathlib
import re
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.read import MAX_BYTES
from pipeline.core.write import ARTICLES
from pipeline.run import tasks

GOOD = "市人社局党组书记、局长张华表示，今年将新增城镇就业5万人，开展职业技能培训3000人次。\n"


def _write_inputs(folder: Path) -> None:
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: 50 MB on paper, nothing on disk
    # GB18030 with one byte overwritten mid-file (a bad sector, a cut transfer).
    damaged = bytearray((GOOD * 4).encode("gb18030"))
    damaged[len(damaged) // 2] = 0xFF
    (folder / "damaged.txt").write_bytes(bytes(damaged))
    depth = 50_000
    (folder / "nested.html").write_text(
        "<html><body>" + "<div>" * depth + "<p>" + GOOD + "</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8")
    (folder / "russian.txt").write_text("Министерство труда сообщило, что в этом году будет создано "
                                        "50 тысяч новых рабочих мест.\n", encoding="utf-8")
    (folder / "japanese.txt").write_text("厚生労働省は、今年度中に保育所の定員を5万人分増やすと発表した。\n",
                                         encoding="utf-8")
    (folder / "vanishing.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked.txt").write_text(GOOD, encoding="utf-8")
    (folder / "crashing.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")


def _simulate_trouble(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """What cannot be built as a file: a file deleted while the run goes on,
    one without read permission (we may run as root, who reads anything), and
    an article on which the pipeline itself fails."""
    real_extract_file = tasks.extract_file

    def extract_file(path, doc_id, use_ner=True):
        if doc_id == "good.txt":  # sorted before it: delete it mid-run
            (folder / "vanishing.txt").unlink()
        return real_extract_file(path, doc_id, use_ner)

    real_open = pathlib.Path.open

    def open_(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    real_extract_documents = tasks.extract_documents

    def extract_documents(documents, use_ner=True):
        documents = list(documents)
        if documents[0].doc_id == "crashing.txt":
            raise RuntimeError("boom\nsecond line")
        return real_extract_documents(documents, use_ner)

    monkeypatch.setattr(tasks, "extract_file", extract_file)
    monkeypatch.setattr(pathlib.Path, "open", open_)
    monkeypatch.setattr(tasks, "extract_documents", extract_documents)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """(exit status, seconds, articles by doc_id) of one CLI run over the lot."""
    folder = tmp_path_factory.mktemp("bad")
    out = tmp_path_factory.mktemp("out")
    _write_inputs(folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _simulate_trouble(monkeypatch, folder)
        started = time.monotonic()
        status = main(["extract", str(folder), "-o", str(out), "--jobs", "1", "--no-ner", "-q"])
        seconds = time.monotonic() - started
    rows = [json.loads(line) for line in (out / ARTICLES).read_text(encoding="utf-8").splitlines()]
    return status, seconds, {row["doc_id"]: row for row in rows}


def test_the_run_goes_on_and_exits_zero(run):
    status, seconds, rows = run
    assert status == 0
    assert len(rows) == 13  # one row per file listed, the vanished one included
    assert seconds < 30


def test_good_files_are_extracted(run):
    _, _, rows = run
    assert rows["good.txt"]["error"] is None
    assert rows["good.txt"]["n_commitments"] >= 1


@pytest.mark.parametrize("doc_id, error", [
    ("empty.txt", "empty file"),
    ("blank.md", "empty file"),
    ("binary.txt", "binary file (NUL bytes)"),
    ("huge.txt", "file too large: 50.0 MB > 50 MB limit"),
    ("vanishing.txt", "not found"),
    ("locked.txt", "permission denied"),
    ("pipe.txt", "not a regular file"),
    ("crashing.txt", "extraction failed: RuntimeError: boom"),
])
def test_bad_files_get_a_one_line_error(run, doc_id, error):
    _, _, rows = run
    row = rows[doc_id]
    assert row["error"] == error
    assert row["lang"] is None and row["n_commitments"] == 0


@pytest.mark.parametrize("doc_id", ["nested.html", "russian.txt", "japanese.txt"])
def test_odd_but_readable_files_are_processed(run, doc_id):
    _, _, rows = run
    assert rows[doc_id]["error"] is None
    assert rows[doc_id]["lang"] in ("zh-Hans", "zh-Hant", "en")


def test_a_damaged_file_keeps_its_records_and_says_what_was_replaced(run):
    _, _, rows = run
    row = rows["damaged.txt"]
    assert row["error"] is None and row["lang"] == "zh-Hans"
    assert re.fullmatch(r"damaged file: [12] bytes? invalid in gb18030 replaced with U\+FFFD", row["warning"])
    assert row["n_commitments"] >= 3  # the other copies of the sentence
    assert rows["good.txt"]["warning"] is None


def test_deeply_nested_html_keeps_its_text(run):
    _, _, rows = run
    assert rows["nested.html"]["n_commitments"] == rows["good.txt"]["n_commitments"]
