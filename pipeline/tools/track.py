"""`minsheng track`: pledges paired with what came of them, and officials across articles.

Reads an extraction run (commitments.jsonl, articles.jsonl) and writes
tracks.jsonl, officials.jsonl and track.html (docs/track.md). Every target
of a pledge, and every target of a reported result, becomes a figure with
a metric key, a jurisdiction and a period (pipeline/tools/track_rules.py);
a pledge pairs with the first result reported in a later article for the
same key, jurisdiction and period, and the two values give the verdict.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.core.normalize import to_simplified
from pipeline.core.read import ReadError, read_document
from pipeline.core.rules import read_table
from pipeline.core.write import (
    ARTICLES,
    COMMITMENTS,
    dumps,
    read_jsonl,
    write_jsonl_atomic,
)
from pipeline.tools.track_html import render_track
from pipeline.tools.track_officials import index_officials
from pipeline.tools.track_rules import (
    Period,
    article_year,
    default_unit,
    is_difference,
    lower_is_better,
    metric_key,
    period_before,
    states_pledge,
)
from schemas.track import TrackFigure, TrackRow, Verdict

TRACKS, OFFICIALS, PAGE = "tracks.jsonl", "officials.jsonl", "track.html"


@dataclass(frozen=True)
class Figure:
    key: str
    jurisdiction: str | None
    period: Period | None
    year: int | None  # the year of the article it was reported in
    order: tuple  # (year, doc_id, offset): reading order across articles
    record: dict
    target: dict

    def unit(self) -> str | None:
        return self.target.get("unit") or default_unit(self.key)

    def side(self) -> TrackFigure:
        t = self.target
        return TrackFigure(record_id=self.record["id"], doc_id=self.record["doc_id"], text=t["text"],
                           metric=t.get("metric"), value=t["value"], unit=t.get("unit"),
                           comparator=t["comparator"], period=self.period.label if self.period else None)


def _context(record: dict, target: dict, source: str | None) -> str:
    """The text before a target: the article up to it where the source is at hand, else its record."""
    if source is not None:
        return source[:target["span"]["start"]]
    return record["text"][:target["span"]["start"] - record["span"]["start"]]


def _role(record: dict, target: dict) -> str | None:
    if record["modality"] == "pledge" or states_pledge(target.get("metric")):
        return "pledge"
    return "outcome" if record["modality"] == "achievement" else None


def figures(commitments: list[dict], articles: dict[str, dict],
            sources: dict[str, str | None]) -> tuple[list[Figure], list[Figure]]:
    """(pledges, outcomes) among the run's targets, each with key, jurisdiction and period."""
    pledges, outcomes = [], []
    for record in commitments:
        year = article_year(articles.get(record["doc_id"], {"doc_id": record["doc_id"]}))
        place = (record.get("actor") or {}).get("place")
        for target in record["targets"]:
            key, role = metric_key(target.get("metric")), _role(record, target)
            if key is None or role is None:
                continue
            context = _context(record, target, sources.get(record["doc_id"]))
            if is_difference(context):
                continue
            figure = Figure(key, to_simplified(place) if place else None,
                            period_before(context, year, pledge=role == "pledge"), year,
                            (year or 0, record["doc_id"], target["span"]["start"]), record, target)
            (pledges if role == "pledge" else outcomes).append(figure)
    return pledges, outcomes


def _outcome_for(pledge: Figure, outcomes: list[Figure]) -> Figure | None:
    """The first result reported in a later article for the same key, jurisdiction and period."""
    if pledge.jurisdiction is None or pledge.period is None:
        return None
    later = [o for o in outcomes
             if (o.key, o.jurisdiction, o.period) == (pledge.key, pledge.jurisdiction, pledge.period)
             and o.record["doc_id"] != pledge.record["doc_id"] and o.order > pledge.order]
    return min(later, key=lambda o: o.order, default=None)


def _bounds(value: Decimal, comparator: str) -> tuple[Decimal | None, Decimal | None]:
    """What a reported figure says the true value lies within: 超过6400万 → (6400万, none)."""
    if comparator in ("ge", "gt"):
        return value, None
    if comparator in ("le", "lt"):
        return None, value
    return value, value


def verdict(pledge: Figure, outcome: Figure) -> tuple[Verdict, str | None]:
    """met or missed where the values settle it; unknown, with why, where they cannot."""
    p, o = pledge.target, outcome.target
    if pledge.unit() != outcome.unit():
        return "unknown", f"units differ ({pledge.unit()} vs {outcome.unit()})"
    if p["comparator"] == "approx":
        return "unknown", "approximate pledge"
    if o["comparator"] == "approx":
        return "unknown", "approximate result"
    goal = Decimal(str(p["value"]))
    low, high = _bounds(Decimal(str(o["value"])), o["comparator"])
    ceiling = p["comparator"] in ("le", "lt") or (p["comparator"] == "eq" and lower_is_better(pledge.key))
    strict = p["comparator"] in ("gt", "lt")
    if ceiling:
        if high is not None and (high < goal or (high == goal and not strict)):
            return "met", None
        if low is not None and (low > goal or (low == goal and strict)):
            return "missed", None
    else:
        if low is not None and (low > goal or (low == goal and not strict)):
            return "met", None
        if high is not None and (high < goal or (high == goal and strict)):
            return "missed", None
    return "unknown", "the result is a bound on the wrong side"


def _number(value: Decimal) -> int | float:
    """Whole numbers stay whole in the JSON (440000, not 440000.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


def track_rows(pledges: list[Figure], outcomes: list[Figure]) -> list[TrackRow]:
    rows = []
    for pledge in sorted(pledges, key=lambda f: f.order):
        outcome = _outcome_for(pledge, outcomes)
        found, note = verdict(pledge, outcome) if outcome else (None, None)
        comparable = outcome is not None and outcome.unit() == pledge.unit()
        gap = (_number(Decimal(str(outcome.target["value"])) - Decimal(str(pledge.target["value"])))
               if comparable else None)
        rows.append(TrackRow(metric_key=pledge.key, jurisdiction=pledge.jurisdiction,
                             period=pledge.period.label if pledge.period else None,
                             pledge=pledge.side(), outcome=outcome.side() if outcome else None,
                             verdict=found, gap=gap, note=note))
    return rows


def _sources(source_dir: Path | None, doc_ids: list[str]) -> dict[str, str | None]:
    if source_dir is None:
        return {}
    texts: dict[str, str | None] = {}
    for doc_id in doc_ids:
        try:
            texts[doc_id] = read_document(source_dir / doc_id, doc_id).text
        except (OSError, ReadError):
            texts[doc_id] = None  # the record's own text still gives the nearer cues
    return texts


def run_track(run_dir: Path, out_dir: Path, source_dir: Path | None = None) -> tuple[list[TrackRow], list]:
    """Write tracks.jsonl, officials.jsonl and track.html for one extraction run."""
    articles = read_jsonl(run_dir / ARTICLES)
    commitments = read_jsonl(run_dir / COMMITMENTS)
    by_doc = {a["doc_id"]: a for a in articles}
    pledges, outcomes = figures(commitments, by_doc, _sources(source_dir, sorted(by_doc)))
    tracks = track_rows(pledges, outcomes)
    officials = index_officials(articles)
    write_jsonl_atomic(out_dir / TRACKS, (dumps(r) for r in tracks))
    write_jsonl_atomic(out_dir / OFFICIALS, (dumps(r) for r in officials))
    (out_dir / PAGE).write_text(render_track([r.model_dump(mode="json") for r in tracks]), encoding="utf-8")
    return tracks, officials


# --------------------------------------------------------------------------- checking against a table

@dataclass(frozen=True)
class KnownPair:
    """A pledge and its outcome as a reader of the reports paired them."""

    metric: str
    pledge_doc: str
    pledge_value: Decimal
    outcome_doc: str
    outcome_value: Decimal
    verdict: str
    gap: Decimal


def read_pairs(path: Path) -> list[KnownPair]:
    return [KnownPair(r["metric"], r["pledge_doc"], Decimal(r["pledge_value"]), r["outcome_doc"],
                      Decimal(r["outcome_value"]), r["verdict"], Decimal(r["gap"]))
            for r in read_table(path)]


def check_pairs(tracks: list[dict], known: list[KnownPair]) -> list[tuple[KnownPair, str | None]]:
    """Each known pair with None when the tracks have it right, else what is wrong."""
    return [(k, _pair_problem(k, tracks)) for k in known]


def _pair_problem(k: KnownPair, tracks: list[dict]) -> str | None:
    mine = [t for t in tracks if t["pledge"]["doc_id"] == k.pledge_doc and t["metric_key"] == metric_key(k.metric)
            and Decimal(str(t["pledge"]["value"])) == k.pledge_value]
    if not mine:
        return "pledge not found"
    paired = [t for t in mine if t["outcome"]]
    if not paired:
        return "no outcome"
    t = paired[0]
    got = (t["outcome"]["doc_id"], Decimal(str(t["outcome"]["value"])), t["verdict"], Decimal(str(t["gap"])))
    if got != (k.outcome_doc, k.outcome_value, k.verdict, k.gap):
        return f"wrong: outcome {got[0]} {got[1]}, {got[2]}, gap {got[3]}"
    return None
