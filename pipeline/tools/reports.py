"""The national government work reports as a development corpus.

`write_reports` turns rows of `government_work_reports.jsonl` (title,
content, year) into one article per report, the headline on its first line.
`check_figures` compares an extraction of those articles with a table of
figures a reader listed (`data/dev/reports_employment.tsv`): each must come
out as a target with its value, comparator and metric, in a record of the
right modality.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.core.normalize import to_simplified
from pipeline.core.rules import read_table
from pipeline.core.write import COMMITMENTS, read_jsonl


class ReportsError(ValueError):
    """The corpus file cannot be read as the reports' JSON Lines."""


def report_name(year: int) -> str:
    return f"{year}_gov_work_report.txt"


def write_reports(corpus: Path, out_dir: Path, first: int, last: int) -> list[Path]:
    """One UTF-8 article per report of a year in [first, last]; resolutions
    and documents without a year are skipped."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lineno, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ReportsError(f"{corpus}:{lineno}: {e}") from e
        year = row.get("year")
        if not year or not str(year).isdigit() or not first <= int(year) <= last:
            continue
        path = out_dir / report_name(int(year))
        path.write_text(f"{row['title']}\n\n{row['content'].strip()}\n", encoding="utf-8")
        written.append(path)
    return sorted(written)


@dataclass(frozen=True)
class Figure:
    """One figure a reader found in a report: what must come out."""

    year: int
    text: str
    value: Decimal
    comparator: str
    modality: str
    metric: str


def read_figures(path: Path) -> list[Figure]:
    return [Figure(int(r["year"]), r["text"], Decimal(r["value"]), r["comparator"], r["modality"], r["metric"])
            for r in read_table(path)]


def check_figures(run_dir: Path, figures: list[Figure]) -> list[tuple[Figure, str | None]]:
    """Each figure with None when it came out right, else what is wrong."""
    targets: dict[str, list[tuple[dict, dict]]] = {}
    for record in read_jsonl(run_dir / COMMITMENTS):
        for target in record["targets"]:
            targets.setdefault(record["doc_id"], []).append((record, target))
    return [(f, _problem(f, targets.get(report_name(f.year), []))) for f in figures]


def _problem(figure: Figure, found: list[tuple[dict, dict]]) -> str | None:
    same_text = [(r, t) for r, t in found if to_simplified(t["text"]) in figure.text]
    same_value = [(r, t) for r, t in same_text if Decimal(str(t["value"])) == figure.value]
    if not same_value:
        return "not found" if not same_text else f"value {same_text[0][1]['value']}"
    record, target = next(((r, t) for r, t in same_value if figure.metric in to_simplified(t["metric"] or "")),
                          same_value[0])
    problems = []
    if figure.metric not in to_simplified(target["metric"] or ""):
        problems.append(f"metric {target['metric']!r}")
    if target["comparator"] != figure.comparator:
        problems.append(f"comparator {target['comparator']}")
    if record["modality"] != figure.modality:
        problems.append(f"modality {record['modality']}")
    return "; ".join(problems) or None
