"""`minsheng bench` smoke test, and its stage-by-stage pass against the real one."""
from __future__ import annotations

import json
from collections import Counter

from pipeline.cli import main
from pipeline.tools.bench import STAGE_NAMES, build_corpus, stage_seconds, timed_extract

KEYS = {"chars_per_s", "segment_only_chars_per_s", "ratio", "speedup_jobs2", "startup_s", "peak_rss_mb", "stages"}


def test_bench_json_has_the_figures(capsys):
    assert main(["bench", "--articles", "20", "--json", "--no-ner"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert KEYS <= report.keys()
    assert report["articles"] == 20 and report["chars_per_s"] > 0
    assert {"normalize", "layout", "segment", "recognize", "targets", "link", "records"} <= report["stages"].keys()


def test_the_corpus_is_seeded():
    assert build_corpus(5, seed=1) == build_corpus(5, seed=1)
    assert build_corpus(5, seed=1) != build_corpus(5, seed=2)


def test_stage_pass_runs_every_component():
    texts, _ = build_corpus(3, seed=1)
    stages = stage_seconds(texts, use_ner=False)
    assert set(STAGE_NAMES.values()) - {"ner"} <= stages.keys()


def test_timed_extract_gives_the_records_of_extract_text(extract):
    for text in build_corpus(3, seed=1)[0]:
        timed = timed_extract(text, "t.txt", Counter(), use_ner=False)
        real = extract(text, "t.txt")
        assert timed.commitments == real.commitments
        assert timed.article.model_copy(update={"sha256": None}) == real.article.model_copy(update={"sha256": None})


def test_without_sample_articles_the_corpus_comes_from_the_templates(tmp_path, extract):
    texts, origin = build_corpus(5, source_dir=tmp_path / "empty")
    assert origin == "built-in templates"
    assert sum(len(extract(text).commitments) for text in texts) > 0
