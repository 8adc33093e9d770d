"""Who acts where no official speaks: the article's own agency or government.

Resolved once per article, in this order (each with its own rule id):

1. the issuer a report or speech declares (我代表国务院, 受市人民政府委托):
   `zh.actor.issuer`;
2. the publisher, when it is an agency (来源：青岚市民政局): `zh.actor.publisher`;
3. an agency opening the headline (青岚市民政局2024年工作总结): `zh.actor.headline_agency`;
4. the government of the article's place (its dateline, else the unit it
   names most): `zh.actor.article_place`.

First-person subjects (我局, 我们) and collective ones (各地) stand for this
actor; a sentence with no subject at all falls back to it.
"""
from __future__ import annotations

from functools import lru_cache

import regex
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.places import ArticleContext
from pipeline.core.rules import Strict, alternation, read_yaml
from pipeline.core.types import Subject
from pipeline.zh.recognize import ZhLexicon, agency_at, place_of


class LinkingRules(Strict):
    turn_label: str
    question_labels: list[str]
    question_label_endings: list[str]
    answer_labels: list[str]
    not_labels: list[str]
    first_person: str
    collective: str
    people_subjects: str
    people_reactions: str
    private_speech: str
    issuer: str
    national_issuers: list[str]
    national_place: str
    list_item: str
    top_heading: str
    pledge_sections: str
    achievement_sections: str


class Linking:
    """rules/zh/linking.yaml, compiled once per process."""

    def __init__(self, rules: LinkingRules) -> None:
        self.rules = rules
        self.turn_label = regex.compile(rules.turn_label)
        self.first_person = regex.compile(rules.first_person)
        self.collective = regex.compile(rules.collective)
        self.people_subjects = regex.compile(rules.people_subjects)
        self.people_reactions = regex.compile(rules.people_reactions)
        self.private_speech = regex.compile(rules.private_speech)
        self.issuer = regex.compile(rules.issuer)
        self.list_item = regex.compile(rules.list_item)
        self.top_heading = regex.compile(rules.top_heading)
        self.pledge_sections = regex.compile(rules.pledge_sections)
        self.achievement_sections = regex.compile(rules.achievement_sections)
        self.question_ending = regex.compile(f"(?:{alternation(rules.question_label_endings)})$")


@lru_cache(maxsize=None)
def linking() -> Linking:
    return Linking(read_yaml("zh/linking.yaml", LinkingRules))


def article_actor(doc: Doc, context: ArticleContext, lex: ZhLexicon) -> Subject | None:
    """The article's own agency or government, or None when nothing says."""
    return (_issuer(doc, context, lex) or _publisher(doc, context, lex) or _headline_agency(doc, context, lex)
            or _place_government(doc, context))


def _issuer(doc: Doc, context: ArticleContext, lex: ZhLexicon) -> Subject | None:
    rules = linking()
    m = rules.issuer.search(doc_text(doc))
    if not m:
        return None
    s, e = m.span("org")
    org, written = doc_text(doc)[s:e], doc._.source[s:e]
    if org in rules.rules.national_issuers:
        return Subject("government", s, e, written, rules.rules.national_place, "zh.actor.issuer")
    kind = "government" if org.endswith("政府") else "agency"
    return Subject(kind, s, e, written, place_of(org, context, lex), "zh.actor.issuer")


def _publisher(doc: Doc, context: ArticleContext, lex: ZhLexicon) -> Subject | None:
    """A publisher line naming an agency (来源：泷水县民政局) speaks as 'we'."""
    publisher = doc._.layout.source
    if not publisher:
        return None
    found = agency_at(publisher, 0, len(publisher), lex)
    if not found or found[1] != len(publisher):
        return None
    return Subject("agency", 0, 0, publisher, place_of(publisher, context, lex), "zh.actor.publisher")


def _headline_agency(doc: Doc, context: ArticleContext, lex: ZhLexicon) -> Subject | None:
    """A headline opening with an agency (青岚市民政局2024年工作总结, 市人社局：…)
    names who writes or acts."""
    span = doc._.layout.title_span
    if not span:
        return None
    found = agency_at(doc_text(doc), span[0], span[1], lex)
    if not found:
        return None
    s, e = found
    return Subject("agency", s, e, doc._.source[s:e], place_of(doc_text(doc)[s:e], context, lex),
                   "zh.actor.headline_agency")


def _place_government(doc: Doc, context: ArticleContext) -> Subject | None:
    """The county when the article writes its full name (a short form such as
    新和 also occurs inside words: 创新和), else the city, else the province."""
    county = context.county if context.county and context.county in doc_text(doc) else None
    place = county or context.city or context.province
    return Subject("government", 0, 0, None, place, "zh.actor.article_place") if place else None


def standing_for(actor: Subject, start: int, end: int, rule: str) -> Subject:
    """The article's actor at the words that stand for it (我局, 各地)."""
    return Subject(actor.kind, start, end, actor.agency, actor.place, rule)
