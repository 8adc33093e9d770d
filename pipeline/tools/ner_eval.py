"""`minsheng ner-eval FILE`: the NER model scored on a file in CLUENER2020
format (docs/ner.md).

One JSON object a line, `{"text": ..., "label": {TYPE: {ENTITY: [[start,
end_inclusive], ...]}}}`. The CLUENER types this project reads are mapped to
its labels (name→PERSON, position→TITLE, government→AGENCY, address→PLACE);
organization and company are read (ORG, COMPANY) but neither scored nor
learnt (`tools/train.cluener_sentences`). A prediction counts only with the exact character span and
label of a gold entity. The model runs as the pipeline runs it: on the
matching copy of the text (`core/normalize.py`), through `zh/ner.recognize`.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

from spacy.language import Language

from pipeline.core.normalize import normalize
from pipeline.zh.ner import MODEL_DIR, load_model, recognize
from pipeline.zh.ner_crf import LABELS

SCORED = LABELS  # the four types the model marks
CLUENER_LABELS = {"name": "PERSON", "position": "TITLE", "government": "AGENCY", "address": "PLACE",
                  "organization": "ORG", "company": "COMPANY"}

Spans = list[tuple[int, int, str]]


def read_cluener(path: Path) -> list[tuple[str, Spans]]:
    """(text, spans) per line, spans as [start, end) with mapped labels.
    Types outside the mapping are left out (they are O for the model)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        spans = [(start, end + 1, CLUENER_LABELS[kind])
                 for kind, entities in (record.get("label") or {}).items() if kind in CLUENER_LABELS
                 for locations in entities.values() for start, end in locations]
        out.append((record["text"], sorted(spans)))
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score(gold: Iterable[Spans], predicted: Iterable[Spans]) -> dict:
    """Per-label and micro P/R/F1 on exact spans, over the scored labels."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted, strict=True):
        g_set = {s for s in g if s[2] in SCORED}
        p_set = {s for s in p if s[2] in SCORED}
        tp.update(s[2] for s in g_set & p_set)
        fp.update(s[2] for s in p_set - g_set)
        fn.update(s[2] for s in g_set - p_set)
    per_label = {label: prf(tp[label], fp[label], fn[label]) for label in SCORED}
    return {"per_label": per_label,
            "micro": prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))}


def predict(model: Language, texts: list[str]) -> list[Spans]:
    return [[(e.start_char, e.end_char, e.label_) for e in ents]
            for ents in recognize(model, [normalize(t).text for t in texts])]


def evaluate_file(path: Path, model_dir: Path = MODEL_DIR) -> dict:
    data = read_cluener(path)
    model = load_model(model_dir)
    started = time.perf_counter()
    predicted = predict(model, [text for text, _ in data])
    seconds = time.perf_counter() - started
    result = score([spans for _, spans in data], predicted)
    result.update({"file": str(path), "sentences": len(data),
                   "sentences_per_second": round(len(data) / seconds, 1) if seconds else None})
    return result


def render(result: dict) -> str:
    lines = [f"{result['file']}: {result['sentences']} sentences, {result['sentences_per_second']} sentences/s",
             f"{'label':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    rows = [*result["per_label"].items(), ("micro", result["micro"])]
    for label, s in rows:
        lines.append(f"{label:8} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['tp'] + s['fn']:6d}")
    return "\n".join(lines)
