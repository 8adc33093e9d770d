"""`minsheng diff`: pairing, field changes, the three formats, and a real rule change."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.normalize import to_halfwidth, to_simplified
from pipeline.core.records import AREA_ORDER
from pipeline.core.write import ARTICLES, COMMITMENTS
from pipeline.tools.diff import (
    ABSENT,
    FieldChange,
    RunDiff,
    diff_articles,
    diff_commitments,
    diff_runs,
    field_changes,
    render_markdown,
    render_text,
    to_json,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def rec(id_: str, start: int, end: int, doc_id: str = "a.txt", **fields) -> dict:
    return {"id": id_, "doc_id": doc_id, "text": "x" * (end - start), "span": {"start": start, "end": end},
            "modality": "pledge", "areas": ["other"], "actor": {"kind": "agency", "agency": "市人社局"},
            "targets": [], **fields}


def write_run(folder: Path, commitments: list[dict], articles: list[dict] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in ((COMMITMENTS, commitments), (ARTICLES, articles)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- field changes

@pytest.mark.parametrize("old, new, expected", [
    ({"a": 1}, {"a": 1}, []),
    ({"a": 1}, {"a": 2}, [("a", 1, 2)]),
    ({"actor": {"place": "太原市", "kind": "agency"}}, {"actor": {"place": "山西省", "kind": "agency"}},
     [("actor.place", "太原市", "山西省")]),
    # lists of objects of equal length: item by item
    ({"targets": [{"v": 1, "m": "a"}, {"v": 2, "m": "b"}]}, {"targets": [{"v": 1, "m": "a"}, {"v": 2, "m": "c"}]},
     [("targets[1].m", "b", "c")]),
    # an inserted item: the list as a whole, not every later item
    ({"targets": [{"v": 1}]}, {"targets": [{"v": 0}, {"v": 1}]}, [("targets", [{"v": 1}], [{"v": 0}, {"v": 1}])]),
    ({"areas": ["employment"]}, {"areas": ["employment", "health"]},
     [("areas", ["employment"], ["employment", "health"])]),
    # a field one side lacks is not the same as null
    ({"a": None}, {}, [("a", None, ABSENT)]),
])
def test_field_changes(old, new, expected):
    assert [(c.path, c.old, c.new) for c in field_changes(old, new)] == expected


def test_a_changed_list_of_targets_shows_as_their_texts():
    old = {"targets": [{"text": "12万人", "value": 120000}, {"text": "2个", "value": 2}]}
    new = {"targets": [{"text": "12万人", "value": 120000}]}
    d = diff_commitments([rec("c1", 0, 10, **old)], [rec("c1", 0, 10, **new)])
    assert '    targets: ["12万人","2个"] -> ["12万人"]' in render_text(RunDiff(files=(d,)))


def test_field_names_drop_list_indices():
    assert FieldChange("targets[3].metric", "a", "b").field == "targets[].metric"


# --------------------------------------------------------------------------- pairing

def test_same_id_pairs_and_reports_the_changed_field():
    d = diff_commitments([rec("c1", 0, 10)], [rec("c1", 0, 10, modality="achievement")])
    assert (len(d.changed), d.added, d.removed) == (1, (), ())
    assert [(c.path, c.old, c.new) for c in d.changed[0].changes] == [("modality", "pledge", "achievement")]


def test_a_moved_boundary_is_a_change_not_a_removal_and_an_addition():
    d = diff_commitments([rec("c1", 0, 10)], [rec("c2", 0, 14)])
    assert (d.added, d.removed) == ((), ())
    assert {c.path for c in d.changed[0].changes} == {"id", "text", "span.end"}


def test_the_largest_overlap_wins():
    old = [rec("o1", 0, 10), rec("o2", 10, 30)]
    new = [rec("n1", 5, 25)]  # overlaps o1 by 5, o2 by 15
    d = diff_commitments(old, new)
    assert d.changed[0].old["id"] == "o2"
    assert [r["id"] for r in d.removed] == ["o1"]


@pytest.mark.parametrize("new", [rec("n1", 20, 30), rec("n1", 0, 10, doc_id="b.txt")],
                         ids=["no overlap", "other document"])
def test_records_that_do_not_overlap_in_one_document_are_removed_and_added(new):
    d = diff_commitments([rec("o1", 0, 10)], [new])
    assert ([r["id"] for r in d.removed], [r["id"] for r in d.added], d.changed) == (["o1"], ["n1"], ())


def test_articles_pair_by_doc_id():
    old = [{"doc_id": "a.txt", "title": "旧"}, {"doc_id": "b.txt", "title": "B"}]
    new = [{"doc_id": "a.txt", "title": "新"}, {"doc_id": "c.txt", "title": "C"}]
    d = diff_articles(old, new)
    assert [c.changes[0].path for c in d.changed] == ["title"]
    assert ([r["doc_id"] for r in d.removed], [r["doc_id"] for r in d.added]) == (["b.txt"], ["c.txt"])


def test_a_missing_output_file_reads_as_empty(tmp_path):
    new = write_run(tmp_path / "new", [rec("c1", 0, 10)])
    d = diff_runs(tmp_path / "nothing", new)
    assert [r["id"] for r in d.files[0].added] == ["c1"]


# --------------------------------------------------------------------------- formats

@pytest.fixture
def two_runs(tmp_path):
    old = write_run(tmp_path / "old", [rec("c1", 0, 10), rec("c2", 20, 30), rec("c3", 40, 50)],
                    [{"doc_id": "a.txt", "title": "标题"}])
    new = write_run(tmp_path / "new",
                    [rec("c1", 0, 10, areas=["employment"]), rec("c9", 20, 34), rec("c4", 60, 70, text="a|b")],
                    [{"doc_id": "a.txt", "title": "标题"}])
    return old, new


def test_text_format_lists_changed_added_and_removed(two_runs):
    text = render_text(diff_runs(*two_runs))
    assert "commitments.jsonl: 2 changed, 1 added, 1 removed, 0 unchanged" in text
    assert '    areas: ["other"] -> ["employment"]' in text
    assert "+ a.txt [60:70] c4" in text and "- a.txt [40:50] c3" in text
    assert "\x1b[" not in text
    assert "\x1b[33m~ a.txt" in render_text(diff_runs(*two_runs), color=True)


def test_markdown_has_summary_tables_then_records(two_runs):
    md = render_markdown(diff_runs(*two_runs))
    assert "| commitments.jsonl | 2 | 1 | 1 | 0 |" in md
    assert "| articles.jsonl | 0 | 0 | 0 | 1 |" in md
    assert "| commitments.jsonl | `areas` | 1 |" in md
    assert "| commitments.jsonl | `span.end` | 1 |" in md
    assert "- `a.txt [60:70] c4` `a|b`" in md  # outside a table a pipe needs no escape
    assert md.index("#### Changed in commitments.jsonl: `a.txt [0:10] c1`") > md.index("| field | records changed |")


def test_json_format_carries_the_records_and_field_counts(two_runs):
    data = to_json(diff_runs(*two_runs))
    commitments = data["files"][0]
    assert data["changed"] is True
    assert commitments["fields"] == {"areas": 1, "id": 1, "span.end": 1, "text": 1}
    assert [c["new"]["id"] for c in commitments["changed"]] == ["c1", "c9"]
    assert {"field": "areas", "old": ["other"], "new": ["employment"]} in commitments["changed"][0]["changes"]


def test_cli_exit_codes(two_runs, capsys):
    old, new = two_runs
    assert main(["diff", str(old), str(old), "--fail-on-change"]) == 0
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(old), str(new), "--fail-on-change"]) == 1
    assert main(["diff", str(old), str(new / "nope")]) == 2
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is True


# --------------------------------------------------------------------------- a real rule change

KEYWORD = "民生"  # added to the `sports` keywords: a change whose effect is known in advance


def _extract(out: Path, rules_dir: Path) -> None:
    env = {**os.environ, "MINSHENG_RULES_DIR": str(rules_dir)}
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(RAW), "-o", str(out), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def _with_sports_keyword(rules: Path) -> None:
    path = rules / "areas.tsv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line.replace("sports\t", f"sports\t{KEYWORD},", 1) if line.startswith("sports\t")
                            else line for line in lines), encoding="utf-8")


def _expected_areas(areas: list[str]) -> list[str]:
    return [a for a in AREA_ORDER if a in areas or a == "sports"]


def test_a_rule_change_shows_exactly_the_records_and_fields_it_affects(tmp_path, capsys):
    # Both runs read copies taken together, so they differ in the one edit only.
    for name in ("rules_before", "rules_after"):
        shutil.copytree(ROOT / "rules", tmp_path / name)
    _with_sports_keyword(tmp_path / "rules_after")
    _extract(tmp_path / "before", tmp_path / "rules_before")
    _extract(tmp_path / "after", tmp_path / "rules_after")

    before = [json.loads(line) for line in (tmp_path / "before" / COMMITMENTS).read_text(encoding="utf-8").splitlines()]
    # Areas are matched on the normalized text (Simplified, half-width).
    expected = {r["id"]: _expected_areas(r["areas"]) for r in before
                if KEYWORD in to_halfwidth(to_simplified(r["text"])) and "sports" not in r["areas"]}
    assert expected, "the keyword should occur in some commitment of data/raw"

    assert main(["diff", str(tmp_path / "before"), str(tmp_path / "after"), "--format", "json",
                 "--fail-on-change"]) == 1
    commitments, articles = json.loads(capsys.readouterr().out)["files"]
    assert (commitments["added"], commitments["removed"]) == ([], [])
    assert {c["new"]["id"]: c["changes"] for c in commitments["changed"]} == {
        id_: [{"field": "areas", "old": next(r["areas"] for r in before if r["id"] == id_), "new": areas}]
        for id_, areas in expected.items()}
    assert commitments["fields"] == {"areas": len(expected)}
    assert (articles["changed"], articles["added"], articles["removed"]) == ([], [], [])
