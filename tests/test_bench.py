"""`minsheng bench` smoke test, and its stage-by-stage pass against the real one."""
from __future__ import annotations

import json
from collections import Counter

from pipeline.cli import main
from pipeline.core.normalize import normalize
from pipeline.run.batch import Options, run_batch
from pipeline.tools.bench import (
    STAGE_NAMES,
    build_corpus,
    jobs_comparison,
    stage_seconds,
    startup_article,
    timed_extract,
    write_corpus,
)

KEYS = {"chars_per_s", "segment_only_chars_per_s", "ratio", "speedup_jobs2", "jobs1_s", "jobs2_s", "startup_s",
        "startup_cpu_s", "peak_rss_mb", "stages"}


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


def test_bench_corpus_benches_a_folder_as_it_is(tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    for year, figure in ((2023, 1200), (2024, 1256)):
        (tmp_path / "reports" / f"{year}.txt").write_text(
            f"{year}年政府工作报告\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n\n"
            f"今年发展主要预期目标是：城镇新增就业{figure}万人以上，城镇调查失业率5.5%左右。\n", encoding="utf-8")
    (tmp_path / "reports" / "broken.txt").write_bytes(b"\x00\x01")  # unreadable: left out
    assert main(["bench", "--corpus", str(tmp_path / "reports"), "--json", "--no-ner"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["corpus"] == str(tmp_path / "reports") and report["articles"] == 2
    assert report["ratio"] > 0 and report["segment_only_chars_per_s"] > 0
    assert report["english_length_ratio"] is None


def test_bench_corpus_without_articles_is_an_error(tmp_path, capsys):
    assert main(["bench", "--corpus", str(tmp_path), "--no-ner"]) == 2
    assert "no readable articles" in capsys.readouterr().err


def test_the_startup_article_is_one_short_chinese_article():
    text = startup_article()
    assert 200 < len(text) < 3000
    assert normalize(text).lang == "zh-Hans"


def test_jobs_comparison_runs_fresh_processes_and_compares_their_bytes(tmp_path):
    (tmp_path / "corpus").mkdir()
    items = write_corpus(tmp_path / "corpus", build_corpus(6, seed=3)[0])
    run_batch(items, tmp_path / "jobs1", Options(use_ner=False, jobs=1))
    figures = jobs_comparison(tmp_path, use_ner=False, rounds=1)
    assert figures["jobs2_identical"] is True
    assert figures["speedup_jobs2"] == figures["jobs1_s"] / figures["jobs2_s"]
    assert figures["worker_peak_rss_mb"] > 0
