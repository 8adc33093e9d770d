"""Stage 6 for English articles: who commits to what.

The Chinese linker's ideas (`pipeline.link`) in English word order:

- a speech turn: an official, a later mention or an unnamed official next to
  a speech or directive verb ("Wang Hongbin stressed that ...", "Zhang San,
  director of ..., said ...", '"...," said Zhang San') or before a colon
  ("Zhang Ruipeng, deputy director of ...: In 2024, our center will ...").
  It runs from its sentence (from the colon) to the next speaker in the
  paragraph or the paragraph's end, and on into the next paragraph when that
  opens like a continuation ("In addition, ...");
- a meeting's directive ("The meeting stressed that ...") for its sentence;
- narrative sentences whose subject is a government or an agency ("our city
  will", "The Municipal ... Bureau has built 15 ..."), and the imperative plan
  sentences of a government's own report ("Continue to optimize public
  services.") as its own government's.

Consecutive sentences with one modality make one record and cue-less ones
continue the record before them: `BaseLinker.sentence_modality` (pipeline.core.link) and
the cue labels decide, so both languages judge modality alike. An imperative
opening is added to the cue group as a PLEDGE so that rule sees it.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict
from spacy.lang.en import English
from spacy.tokens import Doc

from pipeline.core.doc import CUE_KEY, doc_text
from pipeline.core.link import BaseLinker, actor_of_official, actor_of_subject, finish
from pipeline.core.rules import read_yaml
from pipeline.core.types import ActorDraft, Draft, Subject, Turn
from pipeline.en.recognize import (
    EnLexicon,
    cue_after,
    cue_before,
    en_lexicon,
    speech_cues,
    subject_at,
)

# A sentence ends at . ! ? (closing quotes kept) before a space, not after an
# abbreviation (No. 1, Mr., e.g.), and at a line break.
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Vol|Art|etc|e\.g|i\.e))[.!?。！？]+[\"”’')\]]*(?=\s|$)|\n")
_CONTINUING_SUBJECTS = ("en.subject.we", "en.subject.imperative")  # keep a subject already open


class _LinkRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    continuation: str
    imperative_blockers: list[str]
    imperative_adverbs: list[str]


@lru_cache(maxsize=None)
def _link_rules() -> tuple[regex.Pattern, frozenset[str], frozenset[str]]:
    rules: _LinkRules = read_yaml("en/linking.yaml", _LinkRules)
    return (regex.compile(rules.continuation), frozenset(w.lower() for w in rules.imperative_blockers),
            frozenset(w.lower() for w in rules.imperative_adverbs))



def en_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end), leading spaces dropped."""
    out = []
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((s, m.end()))
        s = m.end()
    out.append((s, end))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((s, e))
    return spans


def imperative_at(text: str, start: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """The verb of an imperative plan sentence ("Continue to optimize ...",
    "Closely follow ...", "In 2024, further improve ..."), or None."""
    _, blockers, adverbs = _link_rules()
    pos = start
    for _ in range(2):
        m = lex.lead.match(text, pos, end)
        if m:
            pos = m.end()
    m = regex.match(r"(?:(?P<adverb>[A-Za-z]+)[ \t]+)?(?P<verb>[A-Za-z]+)(?:[ \t]+(?P<next>[\w'’]+))?",
                    text[pos:end])
    if m and m.group("adverb") and not (m.group("adverb").lower() in adverbs or m.group("adverb").endswith("ly")):
        m = regex.match(r"(?P<verb>[A-Za-z]+)(?:[ \t]+(?P<next>[\w'’]+))?", text[pos:end])
    if not m:
        return None
    verb, nxt = m.group("verb"), (m.group("next") or "").lower()
    if verb.lower() not in lex.plan_verbs or nxt in blockers:
        return None
    return (pos + m.start("verb"), pos + m.end("verb"))


def add_imperative_cues(doc: Doc, lex: EnLexicon) -> None:
    """Mark imperative openings as PLEDGE cues, beside the cue ruler's."""
    added = []
    for para in doc._.layout.paragraphs:
        for s, e in en_sentences(doc_text(doc), para.start, para.end):
            verb = imperative_at(doc_text(doc), s, e, lex)
            span = doc.char_span(*verb, label="PLEDGE", alignment_mode="expand", span_id="pledge.imperative") \
                if verb else None
            if span is not None:
                added.append(span)
    doc.spans[CUE_KEY] = list(doc.spans.get(CUE_KEY, [])) + added


def _sentence_start(sentences: list[tuple[int, int]], pos: int) -> int:
    return next((s for s, e in sentences if s <= pos < e), pos)


def _quote_start(text: str, floor: int, pos: int) -> int:
    """'"We will ... . We will ...," said X' and '"... ." X said.': a
    quotation closed right before the attribution at `pos` belongs to the
    turn, which then starts where the quotation opens."""
    i = pos
    while i > 0 and text[i - 1] in " ,":
        i -= 1
    if i == 0 or text[i - 1] not in "”\"":
        return floor
    opening = text.rfind("“", 0, i - 1) if text[i - 1] == "”" else text.rfind('"', 0, i - 1)
    line = text.rfind("\n", 0, i) + 1
    return min(floor, opening) if opening >= line else floor


class EnLinker(BaseLinker):
    """The shared modality rules with English turns, sentences and subjects."""

    def __init__(self, lex: EnLexicon):
        self.lex = lex

    def clause_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return en_sentences(text, start, end)

    # -- turns -----------------------------------------------------------------------

    def en_turns(self, doc: Doc, para, sentences, cues, speakers) -> list[Turn]:
        text = doc_text(doc)
        found: list[tuple[int, int, str, ActorDraft, str, int]] = []  # start, head, verb, actor, rule, limit
        for head, end, actor, rule in speakers[bisect.bisect_left(speakers, (para.start,)):]:
            if head >= para.end:
                break
            first = _sentence_start(sentences, head)
            colon = regex.match(r"[ \t]*[:：][ \t]*", text[end:para.end])
            if colon and head == first:
                found.append((end + colon.end(), head, "speech", actor, f"{rule}+en.turn.colon", para.end))
            elif cue := cue_after(cues, text, end, para.end, self.lex):
                # '"..." Liu Guohua said.' takes the quotation before it; 'Ma Li said that ...' has its own words
                bare = regex.match(r"[ \t]*(?:[.!?]|$)", text[cue.end:para.end])
                found.append((_quote_start(text, first, head) if bare else first, head, cue.kind, actor,
                              f"{rule}+{cue.rule}", para.end))
            elif cue := cue_before(cues, text, head, first):
                found.append((_quote_start(text, first, cue.start), head, cue.kind, actor, f"{rule}+{cue.rule}",
                               para.end))
        found += self._meetings(doc, para, sentences, cues)
        found.sort(key=lambda f: (f[0], f[1]))
        turns: list[Turn] = []
        for i, (start, head, verb, actor, rule, limit) in enumerate(found):
            if turns and start <= turns[-1].start:
                continue  # a second speaker in one attribution (Zhang San and Li Si said)
            nxt = next((f[0] for f in found[i + 1:] if f[0] > start), para.end)
            turns.append(Turn(actor, verb, start, min(nxt, limit), rule))
        return turns

    def _meetings(self, doc, para, sentences, cues) -> list:
        """"The meeting stressed that ...": a meeting's directive, its sentence only."""
        out = []
        for cue in cues:
            if cue.kind != "directive" or not para.start <= cue.start < para.end:
                continue
            first = _sentence_start(sentences, cue.start)
            m = self.lex.meeting.search(doc_text(doc)[first:cue.start])
            if m:
                s, e = first + m.start(), first + m.end()
                e = s + len(doc_text(doc)[s:e].rstrip())
                meeting = Subject("meeting", s, e, doc._.source[s:e], None, "en.subject.meeting")
                end = next((se for ss, se in sentences if ss <= cue.start < se), para.end)
                out.append((first, s, "directive", actor_of_subject(meeting), f"{meeting.rule}+{cue.rule}", end))
        return out

    def _continues(self, doc, para, sentences, turns, context) -> bool:
        """A paragraph with no new speaker or subject that opens like a
        continuation ("In addition, ...") goes on with the last speaker."""
        if not sentences or (turns and turns[0].start < sentences[0][1]):
            return False
        s, e = sentences[0]
        if self._subject(doc, s, e, context):
            return False
        return bool(_link_rules()[0].match(doc_text(doc), s))

    # -- narrative -------------------------------------------------------------------

    def _subject(self, doc, s, e, context) -> Subject | None:
        found = subject_at(doc, s, e, context, self.lex)
        if found is None and context.city and imperative_at(doc_text(doc), s, e, self.lex):
            found = Subject("government", s, s, None, context.city, "en.subject.imperative")
        return found

    def _narrative(self, doc, sentences, covered, targets, context) -> list[Draft]:
        """Stretches of sentences outside turns with one subject: a sentence
        that names a new subject opens one, "we", an imperative or a sentence
        without a subject continues the open one."""
        stretches: list[list] = []
        current: Subject | None = None
        for s, e in sentences:
            if any(a < e and s < b for a, b in covered):
                current = None
                continue
            found = self._subject(doc, s, e, context)
            if found and (current is None or (found.rule not in _CONTINUING_SUBJECTS
                                              and _who(found) != _who(current))):
                current = found
                stretches.append([s, e, found])
            elif current is not None:
                stretches[-1][1] = e
        drafts = []
        for s, e, subject in stretches:
            for rs, re_, mod in self.runs(doc, s, e, targets, "narrative", None):
                drafts.append(Draft(rs, re_, mod, actor_of_subject(subject), subject.rule + "+narrative"))
        return drafts

    # -- records ---------------------------------------------------------------------

    def link(self, doc: Doc) -> list[Draft]:
        add_imperative_cues(doc, self.lex)
        cues = speech_cues(doc)
        self.index_cues(doc)
        speakers = sorted([(o.start, o.end, actor_of_official(o), o.rule) for o in doc._.officials]
                          + [(m.start, m.end, actor_of_official(m.official), m.rule) for m in doc._.mentions],
                          key=lambda s: s[:2])
        targets = doc._.targets or []
        context = doc._.context
        drafts: list[Draft] = []
        carried: Turn | None = None
        for para in doc._.layout.paragraphs:
            sentences = en_sentences(doc_text(doc), para.start, para.end)
            turns = self.en_turns(doc, para, sentences, cues, speakers)
            if carried and self._continues(doc, para, sentences, turns, context):
                turns.insert(0, Turn(carried.actor, carried.verb, para.start,
                                      turns[0].start if turns else para.end, carried.rule + "+continued"))
            for turn in turns:
                default = "directive" if turn.verb == "directive" else "pledge"
                for s, e, mod in self.runs(doc, turn.start, turn.end, targets, turn.verb, default):
                    drafts.append(Draft(s, e, mod, turn.actor, turn.rule))
            drafts.extend(self._narrative(doc, sentences, [(t.start, t.end) for t in turns], targets, context))
            last = turns[-1] if turns else None
            carried = last if last and last.end >= para.end and last.actor.kind != "meeting" else None
        return finish(doc_text(doc), drafts, targets)


def _who(subject: Subject) -> tuple:
    return (subject.kind, subject.agency, subject.place)


class EnLinkerComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.commitments = EnLinker(en_lexicon()).link(doc)
        return doc


@English.factory("minsheng_linker")
def make_linker(nlp, name: str) -> EnLinkerComponent:
    return EnLinkerComponent()
