"""Stage 7, records: the linked Doc as contract records (Pydantic-validated).

Ids are derived from content and position (doc_id, span, rule), so the same
input and rules give the same ids on every run and machine.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import regex
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.rules import read_tsv
from pipeline.core.types import Draft
from schemas import Actor, Article, Commitment, Official, Span, Target

AREA_ORDER = ("employment", "education", "health", "elderly_care", "childcare", "housing",
              "culture", "sports", "social_assistance", "public_safety", "governance")


@lru_cache(maxsize=None)
def _area_patterns() -> tuple[tuple[str, regex.Pattern], ...]:
    rows = {row["area"]: row["keywords"] for row in read_tsv("areas.tsv")}
    out = []
    for area in AREA_ORDER:
        words = [w.strip() for w in rows.get(area, "").split(",") if w.strip()]
        if words:
            alt = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
            out.append((area, regex.compile(rf"(?:{alt})", regex.IGNORECASE)))
    return tuple(out)


def areas_of(text: str) -> list[str]:
    """Policy areas whose keywords occur in the (normalized) text, in a fixed order."""
    found = [area for area, pattern in _area_patterns() if pattern.search(text)]
    return found or ["other"]


def record_id(doc_id: str, start: int, end: int, rule: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\x1f{start}\x1f{end}\x1f{rule}".encode("utf-8")).hexdigest()
    return digest[:16]


def _target(hit) -> Target:
    return Target(text=hit.text, span=Span(start=hit.start, end=hit.end), value=hit.value,
                  value_high=hit.value_high, unit=hit.unit, metric=hit.metric,
                  comparator=hit.comparator, change=hit.change, rule=hit.rule)


def commitment(doc: Doc, draft: Draft) -> Commitment:
    a = draft.actor
    return Commitment(
        id=record_id(doc._.doc_id, draft.start, draft.end, draft.rule),
        doc_id=doc._.doc_id,
        lang=doc._.lang,
        text=doc._.source[draft.start:draft.end],
        span=Span(start=draft.start, end=draft.end),
        modality=draft.modality,
        areas=areas_of(doc_text(doc)[draft.start:draft.end]),
        actor=Actor(kind=a.kind, name=a.name, titles=list(a.titles), agency=a.agency, place=a.place, rule=a.rule),
        targets=[_target(t) for t in draft.targets],
        rule=draft.rule,
    )


def commitments(doc: Doc) -> list[Commitment]:
    records = [commitment(doc, d) for d in doc._.commitments]
    records.sort(key=lambda r: (r.span.start, r.span.end, r.id))
    return records


def officials(doc: Doc) -> list[Official]:
    """Every named official, once per person, at the first mention."""
    seen: dict[str, Official] = {}
    for o in doc._.officials:
        if o.kind != "official" or not o.name:
            continue
        key = regex.sub(r"\s+", "", doc_text(doc)[o.name_span[0]:o.name_span[1]])
        if key in seen:
            continue
        seen[key] = Official(name=o.name, titles=list(o.titles), agency=o.agency, place=o.place,
                             span=Span(start=o.name_span[0], end=o.name_span[1]), rule=o.rule)
    return list(seen.values())


def article(doc: Doc, sha256: str, n_commitments: int, warning: str | None = None) -> Article:
    layout = doc._.layout
    return Article(doc_id=doc._.doc_id, lang=doc._.lang, title=layout.title, published=layout.published,
                   source=layout.source, officials=officials(doc), n_commitments=n_commitments,
                   sha256=sha256, chars=len(doc._.source), warning=warning)


def failed_article(doc_id: str, error: str, sha256: str | None = None) -> Article:
    return Article(doc_id=doc_id, lang=None, error=error, sha256=sha256)
