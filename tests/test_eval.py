"""`minsheng eval`: the shared scorer's figures, and the gold of data/raw."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.write import ARTICLES, COMMITMENTS, read_jsonl
from pipeline.run.batch import run
from pipeline.tools.evaluate import (
    EvalError,
    GoldCommitment,
    evaluate,
    gold_hit,
    norm,
    titles_match,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_FORMAT = ROOT / "docs" / "gold_format.md"
SHARED = ROOT.parent / "shared"
SEEDS, SHARED_GOLD, SCORER = SHARED / "seeds", SHARED / "gold", SHARED / "tools" / "score.py"
RAW, RAW_GOLD = ROOT / "data" / "raw", ROOT / "tests" / "gold"

needs_shared = pytest.mark.skipif(not (SEEDS.is_dir() and SHARED_GOLD.is_dir() and SCORER.is_file()),
                                  reason="the shared development set (../shared) is not here")


def shared_scorer(out: Path, gold: Path, source: Path) -> dict:
    proc = subprocess.run([sys.executable, str(SCORER), "--pred", str(out), "--gold", str(gold),
                           "--source", str(source), "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def seeds_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds_out")
    run(SEEDS, out)
    return out


def _write(folder: Path, commitments: list[dict], articles: list[dict]) -> Path:
    folder.mkdir()
    for name, rows in ((COMMITMENTS, commitments), (ARTICLES, articles)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return folder


def damaged(out: Path, folder: Path) -> Path:
    """The same output with errors of every kind the scorer counts: records
    dropped, values, units, places, titles, modalities and spans changed."""
    commitments = read_jsonl(out / COMMITMENTS)
    articles = read_jsonl(out / ARTICLES)
    kept = [c for i, c in enumerate(commitments) if i % 4 != 1]
    for i, c in enumerate(kept):
        if i % 3 == 0:
            c["modality"] = "directive" if c["modality"] != "directive" else "pledge"
        if i % 5 == 0:
            c["span"] = {"start": c["span"]["start"] + 1, "end": c["span"]["end"]}
        if i % 7 == 0:
            c["actor"] = {**c["actor"], "kind": "official", "name": f"某{i}", "agency": None, "place": None}
        for j, t in enumerate(c["targets"]):
            if (i + j) % 4 == 0:
                t["value"] = t["value"] * 10
            elif (i + j) % 4 == 1:
                t["unit"] = None
            elif (i + j) % 4 == 2:
                t["metric"], t["comparator"] = "别的", "approx"
    for a in articles:
        for k, o in enumerate(a["officials"]):
            if k % 2:
                o["place"], o["titles"] = "别处", o["titles"][:1] + ["主任"]
        a["officials"] = a["officials"][1:]
        a["title"] = None
    return _write(folder, kept, articles)


@needs_shared
def test_eval_equals_the_shared_scorer_on_the_seeds(seeds_output):
    ours = evaluate(seeds_output, SHARED_GOLD, SEEDS).figures
    assert ours == shared_scorer(seeds_output, SHARED_GOLD, SEEDS)


@needs_shared
def test_eval_equals_the_shared_scorer_on_a_damaged_output(seeds_output, tmp_path):
    bad = damaged(seeds_output, tmp_path / "bad")
    ours = evaluate(bad, SHARED_GOLD, SEEDS).figures
    assert ours == shared_scorer(bad, SHARED_GOLD, SEEDS)
    # the damage shows in every count the scorer keeps
    assert ours["officials"]["fp"] and ours["targets"]["fp"] and ours["commitments"]["records_wrong"]
    assert ours["spans_wrong"] and ours["target_comparator_ok"] < 1 and ours["commitment_modality_ok"] < 1


@needs_shared
def test_cli_json_and_verbose_log(seeds_output, capsys):
    assert main(["eval", str(seeds_output), "--gold", str(SHARED_GOLD), "--source", str(SEEDS),
                 "--format", "json", "-v"]) == 0
    captured = capsys.readouterr()
    expected = evaluate(seeds_output, SHARED_GOLD, SEEDS)
    assert json.loads(captured.out) == expected.figures
    assert captured.err == "".join(line + "\n" for line in expected.log)  # the log stays off stdout


@pytest.mark.skipif(not list(RAW_GOLD.glob("*.json")), reason="tests/gold holds no gold files")
def test_eval_on_the_gold_of_data_raw(tmp_path, capsys):
    out = tmp_path / "out"
    run(RAW, out)
    figures = evaluate(out, RAW_GOLD, RAW).figures
    # Every gold file is scored, including the Big5 and GBK articles, which
    # are read with the extractor's own decoding.
    assert figures["docs"] == len(list(RAW_GOLD.glob("*.json")))
    assert figures["spans_wrong"] == 0 and figures["spans_checked"] > 0
    assert main(["eval", str(out), "--gold", str(RAW_GOLD), "--source", str(RAW)]) == 0
    assert capsys.readouterr().out.startswith("officials    P ")


# --------------------------------------------------------------------------- the matching rules

@pytest.mark.parametrize("raw, expected", [
    ("黃海華", "黄海华"),
    ("副厅长(正厅长级)", "副厅长"),
    (" 太原市 人社局 ", "太原市人社局"),
    ("Deputy  Mayor.", "deputy mayor"),
    ("“、”", None),
    (None, None),
])
def test_norm(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize("pred, gold, ok", [
    (["党组书记", "局长"], ["党组书记", "局长"], True),
    (["常委", "副市长"], ["市委常委", "副市长"], True),  # one ends with the other
    (["局长"], ["党组书记", "局长"], False),
    (["党组书记", "局长", "主任"], ["党组书记", "局长"], False),  # an extra title
    ([], [], True),
])
def test_titles_match(pred, gold, ok):
    assert titles_match(pred, gold) is ok


def test_a_required_gold_commitment_wins_over_optional_ones():
    golds = [GoldCommitment({"actor": "白进联", "optional": True}, 0, 100),
             GoldCommitment({"actor": "白进联"}, 0, 100),
             GoldCommitment({"actor": "白进联", "optional": True}, 0, 100)]
    record = {"span": {"start": 10, "end": 30}, "actor": {"kind": "official", "name": "白进联"}}
    assert gold_hit(record, golds) == 1
    assert gold_hit(record, [golds[0], golds[2]]) == 1  # else the last optional one
    outside = {"span": {"start": 90, "end": 130}, "actor": {"kind": "official", "name": "白进联"}}
    assert gold_hit(outside, golds) is None  # less than half inside the evidence


def test_evidence_missing_from_the_source_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("市人社局将继续做好就业工作。", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.txt.json").write_text(json.dumps(
        {"doc_id": "a.txt", "officials": [], "targets": [],
         "commitments": [{"actor": "市人社局", "modality": "pledge", "evidence": "不在文中"}]}),
        encoding="utf-8")
    out = _write(tmp_path / "out", [], [])
    with pytest.raises(EvalError, match="a.txt.json: evidence not found"):
        evaluate(out, tmp_path / "gold", tmp_path / "src")


def test_the_documented_gold_example_scores_a_matching_output_as_perfect(tmp_path):
    gold = json.loads(re.search(r"```json\n(.*?)```", GOLD_FORMAT.read_text(encoding="utf-8"), re.S).group(1))
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / f"{gold['doc_id']}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "src").mkdir()
    source = (f"{gold['title']}\n"
              "太原市人社局党组书记、局长白进联表示，"
              "将认真学习贯彻会议精神，筑牢民生之本，建成就业帮扶车间1900个以上。")
    (tmp_path / "src" / gold["doc_id"]).write_text(source, encoding="utf-8")
    start, target_start = source.index("将认真"), source.index("1900")
    actor = {"kind": "official", "name": "白进联", "titles": ["党组书记", "局长"],
             "agency": "太原市人社局", "place": "太原市"}
    target = {"text": "1900个以上", "span": {"start": target_start, "end": target_start + len("1900个以上")},
              "value": 1900, "unit": "个", "metric": "就业帮扶车间", "comparator": "ge"}
    record = {"doc_id": gold["doc_id"], "text": source[start:start + 18], "span": {"start": start, "end": start + 18},
              "modality": "pledge", "actor": actor, "targets": [target]}
    out = _write(tmp_path / "out", [record], [{"doc_id": gold["doc_id"], "title": gold["title"], "officials": []}])
    figures = evaluate(out, tmp_path / "gold", tmp_path / "src").figures
    assert (figures["officials"]["f1"], figures["targets"]["f1"], figures["commitments"]["f1"]) == (1.0, 1.0, 1.0)
    assert figures["spans_wrong"] == 0 and figures["official_titles_ok"] == figures["target_metric_ok"] == 1.0


def test_figures_per_kind_of_article(tmp_path):
    from pipeline.tools.evaluate import kind_of

    assert kind_of("presser_01_employment.txt") == "presser"
    assert kind_of("en_cityhall_03_seniors.txt") == "en_cityhall"
    assert kind_of("sub/qa_2.txt") == "qa"
    assert kind_of("report.txt") == "report"
