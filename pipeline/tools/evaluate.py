"""Score an output folder against gold files (docs/gold_format.md).

The figures are those of the shared development scorer: the same matching
rules, the same counts and the same rounding, so a number quoted from
`minsheng eval` can be compared with any earlier one. Each part of the
article is scored by its own function, which returns a `Counter` of tallies
and the log lines that explain the misses; `summarize` turns the tallies into
precision, recall and the attribute rates.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

from pipeline.core.read import ReadError, read_document
from pipeline.core.write import ARTICLES, COMMITMENTS, read_jsonl

# Whole-phrase conversion, as the gold comparison is defined; the pipeline's own
# length-preserving `normalize.to_simplified` can differ on phrases.
_T2S = opencc.OpenCC("t2s").convert
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_EDGE_PUNCT = " ,，、:：;；.。\"'“”‘’"


class EvalError(ValueError):
    """The gold files do not fit the sources; the message names the file."""


# --------------------------------------------------------------------------- comparing strings

def norm(value: Any) -> str | None:
    """Simplified, no parenthetical notes, no spaces between Han characters,
    lower case, no punctuation at the ends; None for nothing left."""
    if value is None:
        return None
    s = _PAREN.sub("", _T2S(str(value)))
    s = _SPACE.sub(" ", s).strip().lower()
    if _HAN.search(s):
        s = s.replace(" ", "")
    return s.strip(_EDGE_PUNCT) or None


def same_value(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def suffix_eq(a: Any, b: Any, minlen: int = 2) -> bool:
    """Equal, or one ends with the other (省文旅厅副厅长 ~ 副厅长)."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= minlen and (a.endswith(b) or b.endswith(a)))


def contains_eq(a: Any, b: Any, minlen: int = 2) -> bool:
    """Equal, or one contains the other (太原市人社局 ~ 人社局)."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= minlen and (a in b or b in a))


def titles_match(pred: list | None, gold: list | None) -> bool:
    """Every gold title matched by a distinct predicted one, and nothing extra."""
    pred = [t for t in (pred or []) if norm(t)]
    gold = [t for t in (gold or []) if norm(t)]
    if not gold:
        return not pred
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and suffix_eq(p, g)), None)
        if hit is None:
            return False
        used.add(hit)
    return len(used) == len(pred)


# --------------------------------------------------------------------------- one document

@dataclass
class DocScore:
    counts: Counter = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)

    def add(self, other: "DocScore") -> None:
        self.counts.update(other.counts)
        self.log.extend(other.log)


def score_spans(recs: list[dict], source: str) -> DocScore:
    """Provenance: every record's and every target's span reproduces its text."""
    out = DocScore()
    for item in (it for rec in recs for it in [rec, *(rec.get("targets") or [])]):
        span = item.get("span") or {}
        out.counts["spans_checked"] += 1
        out.counts["spans_wrong"] += int(source[span.get("start", 0):span.get("end", 0)] != item.get("text"))
    return out


def predicted_officials(article: dict, recs: list[dict]) -> dict[str, dict]:
    """Named officials by normalized name: the article's list, then commitment actors."""
    found: dict[str | None, dict] = {}
    for o in article.get("officials") or []:
        found.setdefault(norm(o.get("name")), o)
    for rec in recs:
        actor = rec.get("actor") or {}
        if actor.get("kind") == "official" and actor.get("name"):
            found.setdefault(norm(actor["name"]), actor)
    found.pop(None, None)
    return found


def _official_attributes(doc_id: str, pred: dict, gold: dict) -> DocScore:
    out = DocScore()
    agencies = gold.get("agency") or []
    if isinstance(agencies, str):
        agencies = [agencies]
    titles_ok = titles_match(pred.get("titles"), gold.get("titles"))
    agency_ok = (not agencies and not pred.get("agency")) or any(contains_eq(pred.get("agency"), a) for a in agencies)
    place_ok = gold.get("place") is None or contains_eq(pred.get("place"), gold.get("place"))
    out.counts.update(off_titles_ok=int(titles_ok), off_agency_ok=int(agency_ok), off_place_ok=int(place_ok))
    if not (titles_ok and agency_ok and place_ok):
        out.log.append(f"{doc_id}: official {gold['name']}: titles {pred.get('titles')} vs {gold.get('titles')}; "
                       f"agency {pred.get('agency')!r} vs {agencies}; "
                       f"place {pred.get('place')!r} vs {gold.get('place')!r}")
    return out


def score_officials(doc_id: str, gold: dict, article: dict, recs: list[dict]) -> DocScore:
    out = DocScore()
    pred = predicted_officials(article, recs)
    wanted = {norm(o["name"]): o for o in gold.get("officials", [])}
    for name in (n for n, g in wanted.items() if g.get("optional")):
        pred.pop(name, None)  # found or not, an optional official does not count
    for name, g in wanted.items():
        if g.get("optional"):
            continue
        p = pred.pop(name, None)
        if p is None:
            out.counts["off_fn"] += 1
            out.log.append(f"{doc_id}: official missed: {g['name']}")
            continue
        out.counts["off_tp"] += 1
        out.add(_official_attributes(doc_id, p, g))
    for name in pred:
        out.counts["off_fp"] += 1
        out.log.append(f"{doc_id}: official extra: {name}")
    return out


def predicted_targets(recs: list[dict]) -> list[dict]:
    """Targets once each: two records may carry the same number phrase."""
    seen, targets = set(), []
    for t in (t for rec in recs for t in rec.get("targets") or []):
        span = t.get("span") or {}
        key = (span.get("start"), span.get("end"), t.get("text"))
        if key not in seen:
            seen.add(key)
            targets.append(t)
    return targets


def _texts_overlap(pred: dict, gold: dict) -> bool:
    p, g = norm(pred.get("text")), norm(gold["text"])
    return g is not None and (g in (p or "") or (p or "~") in g)


def _target_candidates(gold: dict, pred: list[dict], used: set[int]) -> list[int]:
    """Unused predictions with the gold value and unit, overlapping texts first."""
    cands = [i for i, p in enumerate(pred)
             if i not in used and same_value(p.get("value"), gold["value"])
             and norm(p.get("unit")) == norm(gold.get("unit"))]
    return sorted(cands, key=lambda i: not _texts_overlap(pred[i], gold))


def _target_attributes(doc_id: str, pred: dict, gold: dict) -> DocScore:
    out = DocScore()
    metric_ok = gold.get("metric") is None or contains_eq(pred.get("metric"), gold.get("metric"))
    comparator_ok = (pred.get("comparator") or "eq") == (gold.get("comparator") or "eq")
    out.counts.update(tgt_metric_ok=int(metric_ok), tgt_comp_ok=int(comparator_ok))
    if not (metric_ok and comparator_ok):
        out.log.append(f"{doc_id}: target {gold['text']}: metric {pred.get('metric')!r} vs {gold.get('metric')!r}; "
                       f"comparator {pred.get('comparator')!r} vs {gold.get('comparator')!r}")
    return out


def score_targets(doc_id: str, gold: dict, recs: list[dict]) -> DocScore:
    """One-to-one on value and unit. Required gold targets choose first, so an
    optional one never takes the prediction a required one needs."""
    out = DocScore()
    pred = predicted_targets(recs)
    wanted = gold.get("targets", [])
    used: set[int] = set()
    for g in (g for g in wanted if not g.get("optional")):
        cands = _target_candidates(g, pred, used)
        if not cands:
            out.counts["tgt_fn"] += 1
            out.log.append(f"{doc_id}: target missed: {g['text']} ({g['value']} {g.get('unit')})")
            continue
        used.add(cands[0])
        out.counts["tgt_tp"] += 1
        out.add(_target_attributes(doc_id, pred[cands[0]], g))
    for g in (g for g in wanted if g.get("optional")):
        used.update(_target_candidates(g, pred, used)[:1])
    for i, p in enumerate(pred):
        if i not in used:
            out.counts["tgt_fp"] += 1
            out.log.append(f"{doc_id}: target extra: {p.get('text')!r} ({p.get('value')} {p.get('unit')})")
    return out


@dataclass(frozen=True)
class GoldCommitment:
    item: dict
    start: int
    end: int

    @property
    def optional(self) -> bool:
        return bool(self.item.get("optional"))

    def accepts(self, actor: dict) -> bool:
        """The record's actor is one of the acceptable answers: the official's
        name exactly, or an agency or place containing (or contained in) it."""
        answers = self.item["actor"] if isinstance(self.item["actor"], list) else [self.item["actor"]]
        return any(norm(actor.get("name")) == norm(answer)
                   or contains_eq(actor.get("agency"), answer) or contains_eq(actor.get("place"), answer)
                   for answer in answers)


def locate_commitments(gold: dict, source: str, gold_name: str) -> list[GoldCommitment]:
    located = []
    for g in gold.get("commitments", []):
        start = source.find(g["evidence"])
        if start < 0:
            raise EvalError(f"{gold_name}: evidence not found in source: {g['evidence'][:40]}")
        located.append(GoldCommitment(g, start, start + len(g["evidence"])))
    return located


def gold_hit(rec: dict, golds: list[GoldCommitment]) -> int | None:
    """The gold commitment a record counts for: at least half of the record lies
    inside the evidence and the actor fits; a required one wins over optional ones."""
    span = rec.get("span") or {}
    start, end = span.get("start", 0), span.get("end", 0)
    length = max(1, end - start)
    actor = rec.get("actor") or {}
    hits = [j for j, g in enumerate(golds)
            if max(0, min(end, g.end) - max(start, g.start)) >= 0.5 * length and g.accepts(actor)]
    return next((j for j in hits if not golds[j].optional), hits[-1] if hits else None)


def score_commitments(doc_id: str, golds: list[GoldCommitment], recs: list[dict]) -> DocScore:
    out = DocScore()
    found: set[int] = set()
    for rec in recs:
        hit = gold_hit(rec, golds)
        if hit is None:
            actor = rec.get("actor") or {}
            who = actor.get("name") or actor.get("agency") or actor.get("place")
            out.counts["com_fp"] += 1
            out.log.append(f"{doc_id}: commitment extra: [{who}] {rec.get('text', '')[:50]}")
        elif not golds[hit].optional:
            out.counts["com_tp_rec"] += 1
            if hit not in found:  # modality is judged on the first record that finds it
                found.add(hit)
                out.counts["com_modality_ok"] += int(rec.get("modality") == golds[hit].item.get("modality"))
    for j, g in enumerate(golds):
        if g.optional:
            continue
        out.counts["com_gold"] += 1
        if j in found:
            out.counts["com_found"] += 1
        else:
            out.log.append(f"{doc_id}: commitment missed: {g.item['actor']} {g.item['evidence'][:50]}")
    return out


def score_metadata(gold: dict, article: dict) -> DocScore:
    out = DocScore()
    for name in ("title", "published"):
        if gold.get(name) is not None:
            out.counts[f"meta_{name}_n"] += 1
            out.counts[f"meta_{name}_ok"] += int(norm(article.get(name)) == norm(gold[name]))
    return out


def score_document(gold: dict, gold_name: str, source: str, article: dict, recs: list[dict]) -> DocScore:
    doc_id = gold["doc_id"]
    out = DocScore(Counter(docs=1))
    for part in (score_spans(recs, source),
                 score_officials(doc_id, gold, article, recs),
                 score_targets(doc_id, gold, recs),
                 score_commitments(doc_id, locate_commitments(gold, source, gold_name), recs),
                 score_metadata(gold, article)):
        out.add(part)
    return out


# --------------------------------------------------------------------------- a folder

def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _commitment_figures(t: Counter) -> dict:
    # Precision counts records (several may find one gold commitment); recall
    # counts gold commitments found.
    kept = t["com_tp_rec"] + t["com_fp"]
    p = t["com_tp_rec"] / kept if kept else 0.0
    r = t["com_found"] / t["com_gold"] if t["com_gold"] else 1.0
    return {"records_correct": t["com_tp_rec"], "records_wrong": t["com_fp"],
            "gold": t["com_gold"], "gold_found": t["com_found"],
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def summarize(t: Counter) -> dict:
    def rate(ok: str, n: str) -> float | None:
        return round(t[ok] / t[n], 4) if t[n] else None

    return {
        "docs": t["docs"],
        "officials": prf(t["off_tp"], t["off_fp"], t["off_fn"]),
        "official_titles_ok": rate("off_titles_ok", "off_tp"),
        "official_agency_ok": rate("off_agency_ok", "off_tp"),
        # An official whose gold place is null counts as right: the article does not say.
        "official_place_ok": rate("off_place_ok", "off_tp"),
        "targets": prf(t["tgt_tp"], t["tgt_fp"], t["tgt_fn"]),
        "target_metric_ok": rate("tgt_metric_ok", "tgt_tp"),
        "target_comparator_ok": rate("tgt_comp_ok", "tgt_tp"),
        "commitments": _commitment_figures(t),
        "commitment_modality_ok": rate("com_modality_ok", "com_found"),
        "title_ok": rate("meta_title_ok", "meta_title_n"),
        "published_ok": rate("meta_published_ok", "meta_published_n"),
        "spans_checked": t["spans_checked"],
        "spans_wrong": t["spans_wrong"],
    }


@dataclass(frozen=True)
class Evaluation:
    figures: dict
    log: tuple[str, ...]
    kinds: dict[str, dict] = field(default_factory=dict)  # figures per kind of article


def kind_of(doc_id: str) -> str:
    """The kind of an article, from its file name: what comes before the first
    number (presser_01_employment.txt -> presser, en_cityhall_03_x -> en_cityhall)."""
    m = re.match(r"(.+?)[_-]?\d", Path(doc_id).name)
    return m.group(1) if m else Path(doc_id).stem


def _read_source(source_dir: Path, doc_id: str, gold_name: str) -> str:
    # Read as the extractor reads (same decoding, HTML as visible text), so
    # that offsets and evidence refer to the same text.
    try:
        return read_document(source_dir / doc_id, doc_id).text
    except ReadError as e:
        raise EvalError(f"{gold_name}: cannot read source {doc_id}: {e}") from e


def _load_gold(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalError(f"{path.name}: {e}") from e


def evaluate(out_dir: Path, gold_dir: Path, source_dir: Path) -> Evaluation:
    """Score the documents that have a gold file; other output is ignored."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for rec in read_jsonl(out_dir / COMMITMENTS):
        by_doc[rec.get("doc_id")].append(rec)
    articles = {a.get("doc_id"): a for a in read_jsonl(out_dir / ARTICLES)}
    total = DocScore()
    kinds: dict[str, DocScore] = defaultdict(DocScore)
    for path in sorted(gold_dir.glob("*.json")):
        gold = _load_gold(path)
        doc_id = gold["doc_id"]
        source = _read_source(source_dir, doc_id, path.name)
        scored = score_document(gold, path.name, source, articles.get(doc_id) or {}, by_doc.get(doc_id, []))
        total.add(scored)
        kinds[kind_of(doc_id)].add(scored)
    return Evaluation(summarize(total.counts), tuple(total.log),
                      {kind: summarize(score.counts) for kind, score in sorted(kinds.items())})


def render_text(figures: dict) -> str:
    lines = []
    for key in ("officials", "targets"):
        r = figures[key]
        lines.append(f"{key:12s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                     f"(tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    c = figures["commitments"]
    lines.append(f"{'commitments':12s} P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  "
                 f"(records ok {c['records_correct']} wrong {c['records_wrong']}; "
                 f"gold found {c['gold_found']}/{c['gold']})")
    lines += [f"{key:24s} {value}" for key, value in figures.items() if key.endswith("_ok")]
    lines.append(f"spans wrong {figures['spans_wrong']} of {figures['spans_checked']}")
    return "\n".join(lines) + "\n"


def render_json(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2) + "\n"


def render_kinds(kinds: dict[str, dict], figures: dict) -> str:
    """One line per kind of article and one for all: F1 (precision / recall)."""
    def cell(r: dict) -> str:
        return f"{r['f1']:.3f} ({r['precision']:.2f}/{r['recall']:.2f})"

    lines = [f"{'kind':14s} {'docs':>4s}  {'officials F1 (P/R)':20s} {'targets F1 (P/R)':20s} "
             f"{'commitments F1 (P/R)':20s} spans wrong"]
    for kind, f in [*kinds.items(), ("all", figures)]:
        lines.append(f"{kind:14s} {f['docs']:4d}  {cell(f['officials']):20s} {cell(f['targets']):20s} "
                     f"{cell(f['commitments']):20s} {f['spans_wrong']}")
    return "\n".join(lines) + "\n"
