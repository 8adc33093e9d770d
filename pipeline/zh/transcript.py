"""Transcripts and interviews: turns opened by a speaker label.

A paragraph that opens with a label (`[周永明]：`, `周永明：`, `局长：`,
`答：`, `问：`, `记者：`) starts a turn that runs over the following
paragraphs to the next label or section heading. The label names:

- an official of the article, by name (周永明), by title (局长) or by
  surname and title (周副厅长): `zh.turn.label_name`, `zh.turn.label_title`;
- the person interviewed (答：): the last official or unnamed official
  introduced before the first answer, else the article's own agency
  (a policy Q&A published by it), `zh.turn.answer`;
- someone asking (问, 记者, 主持人, 网友, 新华社记者): a turn without an
  actor, whose words are no commitment.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.link import actor_of_official, actor_of_subject, is_heading
from pipeline.core.types import ActorDraft, Official, Subject
from pipeline.zh.actors import linking


@dataclass(frozen=True)
class LabelledTurn:
    head: int  # where the label starts
    start: int  # where the words start, after the label
    end: int
    actor: ActorDraft | None  # None: a question, a host's or a reader's words
    rule: str


def labelled_turns(doc: Doc, article: Subject | None) -> list[LabelledTurn]:
    """The labelled turns of an article, in order; [] when it has none.
    `article` answers (答：) where no one is introduced before the answers:
    a policy Q&A answered in the name of the publishing agency."""
    text = doc_text(doc)
    paragraphs = doc._.layout.paragraphs
    matches = []
    for i, para in enumerate(paragraphs):
        m = linking().turn_label.match(text, para.start, para.end)
        if m:
            matches.append((i, m, m.group("who").replace(" ", "").replace("\u3000", "")))
    answers = [m.start() for _, m, who in matches if who in linking().rules.answer_labels]
    interviewee = _interviewee(doc, answers[0]) if answers else None
    answerer = actor_of_official(interviewee) if interviewee else actor_of_subject(article) if article else None
    labels = []  # (paragraph index, head, start, actor, rule)
    for i, m, who in matches:
        found = _speaker(doc, who, answerer)
        if found is not None:
            labels.append((i, m.start(), m.end(), *found))
    turns = []
    for n, (i, head, start, actor, rule) in enumerate(labels):
        stop = labels[n + 1][0] if n + 1 < len(labels) else len(paragraphs)
        last = i
        # a question is its own paragraph; an answer runs on to the next label
        while actor is not None and last + 1 < stop \
                and not is_heading(text, paragraphs[last + 1].start, paragraphs[last + 1].end):
            last += 1
        turns.append(LabelledTurn(head, start, paragraphs[last].end, actor, rule))
    return turns


def _speaker(doc: Doc, who: str, answerer: ActorDraft | None) -> tuple[ActorDraft | None, str] | None:
    """(actor, rule) for a label, or None when the words are not a speaker label."""
    rules = linking().rules
    if who in rules.not_labels:
        return None
    if who in rules.question_labels or linking().question_ending.search(who):
        return (None, "zh.turn.question")
    officials = [o for o in doc._.officials if o.kind == "official"]
    if who in rules.answer_labels:
        return (answerer, "zh.turn.answer") if answerer else None
    by_name = [o for o in officials if o.name and o.name.replace(" ", "") == who]
    if by_name:
        return actor_of_official(by_name[0]), "zh.turn.label_name"
    by_title = _by_title(officials, who)
    return (actor_of_official(by_title), "zh.turn.label_title") if by_title else None


def _by_title(officials: list[Official], who: str) -> Official | None:
    """局长 -> the official titled 局长; 周副厅长 -> 周 + 副厅长."""
    exact = [o for o in officials if who in o.titles]
    if exact and len({o.name for o in exact}) == 1:
        return max(exact, key=lambda o: len(o.titles))  # the fullest mention of the one person
    if len(who) > 1:
        surname, title = who[0], who[1:]
        matching = [o for o in officials if title in o.titles and o.name and o.name.startswith(surname)]
        if matching:
            return matching[0]
    return None


def _interviewee(doc: Doc, at: int) -> Official | None:
    before = [o for o in doc._.officials if o.start < at]
    return before[-1] if before else None
