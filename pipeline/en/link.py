"""Stage 6 for English articles: who commits to what.

The Chinese linker's ideas (`pipeline.link`) in English word order:

- a speech turn: an official, a later mention or an unnamed official next to
  a speech or directive verb ("Wang Hongbin stressed that ...", "Zhang San,
  director of ..., said ...", '"...," said Zhang San', "Mayor Karen Ellison
  today announced ...", "X, who visited the library on Tuesday, confirmed
  ...") or before a colon ("Zhang Ruipeng, deputy director of ...: In 2024,
  our center will ..."). It runs from its sentence (from the colon) to the
  next speaker in the paragraph, a sentence that opens with another
  official, or the paragraph's end, and on into the next paragraph when that
  opens like a continuation ("In addition, ...");
- a meeting's directive ("The meeting stressed that ...") for its sentence;
- narrative sentences whose subject is a government or an agency ("our city
  will", "The Municipal ... Bureau has built 15 ...", "The council will
  open ...", "DHS moved 8,412 households"), or an official acting without
  a speech verb ("Mayor X today launched a program that will place 1,500
  ..."), and the imperative plan sentences of a government's own report
  ("Continue to optimize public services.") as its own government's;
- a figure in a sentence without a subject ("Take-up is already rising. The
  number of two-year-olds ... went from 1,430 to 1,912") is the last agency's
  or government's the article named, as the Chinese linker carries it.

Consecutive sentences with one modality make one record and cue-less ones
continue the record before them: `BaseLinker.sentence_modality` (pipeline.core.link) and
the cue labels decide, so both languages judge modality alike. An imperative
opening is added to the cue group as a PLEDGE so that rule sees it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex
from spacy.lang.en import English
from spacy.tokens import Doc

from pipeline.core.doc import CUE_KEY, doc_text
from pipeline.core.link import BaseLinker, actor_of_official, actor_of_subject, finish
from pipeline.core.rules import Strict, read_yaml
from pipeline.core.types import ActorDraft, Draft, Subject, TargetHit, Turn
from pipeline.en.recognize import (
    EnLexicon,
    capitalised_agency,
    cue_after,
    cue_before,
    en_lexicon,
    past_openers,
    speech_cues,
    subject_at,
)

# A sentence ends at . ! ? (closing quotes kept) before a space, not after an
# abbreviation (No. 1, Mr., e.g.), and at a line break.
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Vol|Art|etc|e\.g|i\.e))[.!?。！？]+[\"”’')\]]*(?=\s|$)|\n")
_CONTINUING_SUBJECTS = ("en.subject.we", "en.subject.imperative")  # keep a subject already open
_ACRONYM_REACH = 80  # an agency's name before its acronym in brackets is at most this long
_WORD_START = regex.compile(r"(?<![\w'’-])[A-Z]")
_COLON = regex.compile(r"[ \t]*[:：][ \t]*")  # "Zhang Ruipeng, deputy director of ...: In 2024, ..."
_ATTRIBUTION_END = regex.compile(r"[ \t]*(?:[.!?]|$)")  # '"..." Liu Guohua said.'


class _LinkRules(Strict):
    continuation: str
    imperative_blockers: list[str]
    imperative_adverbs: list[str]
    speaker_interjection: str
    agency_nouns: list[str]
    agency_noun_modifiers: list[str]
    agency_noun_verb: str
    acronym: str
    not_carried: str
    dateline: str
    nations: list[str]
    attribution_verbs: list[str]
    turn_label: str


class _LinkPatterns:
    """rules/en/linking.yaml, compiled once."""

    def __init__(self) -> None:
        rules: _LinkRules = read_yaml("en/linking.yaml", _LinkRules)
        self.continuation = regex.compile(rules.continuation)
        self.blockers = frozenset(w.lower() for w in rules.imperative_blockers)
        self.adverbs = frozenset(w.lower() for w in rules.imperative_adverbs)
        self.interjection = regex.compile(rules.speaker_interjection)
        nouns = "|".join(regex.escape(w) for w in sorted(rules.agency_nouns, key=len, reverse=True))
        modifiers = "|".join(regex.escape(w) for w in rules.agency_noun_modifiers)
        # "The council will ...", "Council aims to ...", "The full council voted ...",
        # "Lakeridge city council has approved ...": an agency named by its head noun,
        # as the subject (a verb follows)
        self.agency_noun = regex.compile(
            rf"(?:[Tt]he\s+)?(?P<phrase>(?:[A-Z][\w'’-]+\s+)?(?:(?P<modifier>{modifiers})\s+)?"
            rf"(?P<noun>(?i:{nouns})))(?={rules.agency_noun_verb})")
        self.acronym = regex.compile(rules.acronym)
        self.not_carried = regex.compile(rules.not_carried)
        self.dateline = regex.compile(rules.dateline)
        nations = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in rules.nations)
        self.nation = regex.compile(rf"(?i:{nations})(?={rules.agency_noun_verb})")
        # "..., the ministry said at a press conference", "..., according to the
        # Ministry of Civil Affairs": the agency a sentence is attributed to
        agency = (rf"(?:[\w'’-]+\s+){{0,4}}?(?i:{nouns})"
                  rf"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)?")
        verbs = "|".join(regex.escape(w) for w in rules.attribution_verbs)
        self.attribution = regex.compile(
            rf",\s*(?:[Tt]he\s+)?(?P<agency>{agency})\s+(?:{verbs})\b"
            rf"|\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<agency>{agency})(?=\s*[.,;]|\s*$)")
        self.turn_label = regex.compile(rules.turn_label)


@lru_cache(maxsize=None)
def _link_patterns() -> _LinkPatterns:
    return _LinkPatterns()


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


def _after_leads(text: str, start: int, end: int, lex: EnLexicon) -> int:
    """Where a sentence's subject starts, after a dateline ("LAKERIDGE, ON –")
    and at most two leading adverbials ("In 2024, ...", "Last financial
    year, ...")."""
    dateline = _link_patterns().dateline.match(text, start, end)
    return past_openers(text, dateline.end() if dateline else start, end, lex)


def imperative_at(text: str, start: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """The verb of an imperative plan sentence ("Continue to optimize ...",
    "Closely follow ...", "In 2024, further improve ..."), or None."""
    patterns = _link_patterns()
    pos = start
    for _ in range(2):
        m = lex.lead.match(text, pos, end)
        if m:
            pos = m.end()
    m = regex.match(r"(?:(?P<adverb>[A-Za-z]+)[ \t]+)?(?P<verb>[A-Za-z]+)(?:[ \t]+(?P<next>[\w'’]+))?",
                    text[pos:end])
    if m and m.group("adverb") and not (m.group("adverb").lower() in patterns.adverbs
                                        or m.group("adverb").endswith("ly")):
        m = regex.match(r"(?P<verb>[A-Za-z]+)(?:[ \t]+(?P<next>[\w'’]+))?", text[pos:end])
    if not m:
        return None
    verb, nxt = m.group("verb"), (m.group("next") or "").lower()
    if verb.lower() not in lex.plan_verbs or nxt in patterns.blockers:
        return None
    return (pos + m.start("verb"), pos + m.end("verb"))


def add_imperative_cues(doc: Doc, lex: EnLexicon) -> None:
    """Mark imperative openings as PLEDGE cues, beside the cue ruler's."""
    added = []
    text = doc_text(doc)
    for para in doc._.layout.paragraphs:
        for s, e in en_sentences(text, para.start, para.end):
            verb = imperative_at(text, s, e, lex)
            span = doc.char_span(*verb, label="PLEDGE", alignment_mode="expand", span_id="pledge.imperative") \
                if verb else None
            if span is not None:
                added.append(span)
    doc.spans[CUE_KEY] = list(doc.spans.get(CUE_KEY, [])) + added


def _sentence_at(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The sentence holding `pos` (sentences sorted, not overlapping)."""
    i = bisect.bisect_right(sentences, (pos, float("inf"))) - 1
    return sentences[i] if i >= 0 and sentences[i][0] <= pos < sentences[i][1] else None


def _sentence_start(sentences: list[tuple[int, int]], pos: int) -> int:
    found = _sentence_at(sentences, pos)
    return found[0] if found else pos


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


def _acronyms(text: str, lex: EnLexicon) -> dict[str, tuple[int, int]]:
    """"the Department of Homelessness Services (DHS)": each acronym in
    brackets right after an agency's name, and the span of that name."""
    found: dict[str, tuple[int, int]] = {}
    for m in _link_patterns().acronym.finditer(text):
        name_end = m.start()
        for word in _WORD_START.finditer(text, max(0, name_end - _ACRONYM_REACH), name_end):
            agency = capitalised_agency(text, word.start(), name_end, lex)
            if agency and agency[1] == name_end:
                found.setdefault(m.group("acronym"), agency)
                break
    return found


@dataclass(frozen=True)
class _Who:
    """The actor of a narrative stretch, and whether only its figures
    become records (an actor carried from an earlier sentence, an official
    acting without a speech verb)."""

    actor: ActorDraft
    rule: str
    key: tuple
    figures_only: bool = False


def _who_of_subject(subject: Subject) -> _Who:
    return _Who(actor_of_subject(subject), subject.rule, (subject.kind, subject.agency, subject.place))


class EnLinker(BaseLinker):
    """The shared modality rules with English turns, sentences and subjects."""

    def __init__(self, lex: EnLexicon):
        self.lex = lex
        self.patterns = _link_patterns()
        self.agencies: list[tuple[int, str]] = []  # (position, agency as written) named so far
        self.acronyms: dict[str, tuple[int, int]] = {}
        self.last_subject: _Who | None = None  # the last agency or government acting

    def clause_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        return en_sentences(text, start, end)

    # -- turns -----------------------------------------------------------------------

    def _cue_after(self, cues, text: str, end: int, para_end: int):
        """The speech verb after a speaker, across a time adverbial or a
        relative clause ("Mayor X today announced", "X, who visited the
        library on Tuesday, confirmed")."""
        cue = cue_after(cues, text, end, para_end, self.lex)
        if cue is None:
            aside = self.patterns.interjection.match(text, end, para_end)
            if aside and aside.end() > end:
                cue = cue_after(cues, text, aside.end(), para_end, self.lex)
        return cue

    def en_turns(self, doc: Doc, para, sentences, cues, speakers) -> list[Turn]:
        text = doc_text(doc)
        found: list[tuple[int, int, str, ActorDraft, str, int]] = []  # start, head, verb, actor, rule, limit
        openers: list[tuple[int, ActorDraft]] = []  # sentences an official opens without a speech verb
        for head, end, actor, rule in speakers[bisect.bisect_left(speakers, (para.start,)):]:
            if head >= para.end:
                break
            first = _sentence_start(sentences, head)
            colon = _COLON.match(text, end, para.end)
            if colon and head == first:
                found.append((colon.end(), head, "speech", actor, f"{rule}+en.turn.colon", para.end))
            elif cue := self._cue_after(cues, text, end, para.end):
                # '"..." Liu Guohua said.' takes the quotation before it; 'Ma Li said that ...' has its own words
                bare = _ATTRIBUTION_END.match(text, cue.end, para.end)
                found.append((_quote_start(text, first, head) if bare else first, head, cue.kind, actor,
                              f"{rule}+{cue.rule}", para.end))
            elif cue := cue_before(cues, text, head, first):
                found.append((_quote_start(text, first, cue.start), head, cue.kind, actor, f"{rule}+{cue.rule}",
                               para.end))
            elif head == _after_leads(text, first, para.end, self.lex):
                openers.append((first, actor))
        found += self._meetings(doc, para, sentences, cues)
        found.sort(key=lambda f: (f[0], f[1]))
        starts = [f[0] for f in found]
        turns: list[Turn] = []
        for start, _, verb, actor, rule, limit in found:
            if turns and start <= turns[-1].start:
                continue  # a second speaker in one attribution (Zhang San and Li Si said)
            later = bisect.bisect_right(starts, start)
            nxt = starts[later] if later < len(starts) else para.end
            # "Supervisor Tom Hadley cast the lone no vote": another official
            # opening a sentence ends the turn, speech verb or not
            nxt = min([nxt] + [s for s, who in openers if start < s < nxt and _person(who) != _person(actor)])
            turns.append(Turn(actor, verb, start, min(nxt, limit), rule))
        return turns

    def _meetings(self, doc, para, sentences, cues) -> list:
        """"The meeting stressed that ...": a meeting's directive, its sentence only."""
        out = []
        text = doc_text(doc)
        first_cue = bisect.bisect_left(cues, (para.start,))
        for cue in cues[first_cue:bisect.bisect_left(cues, (para.end,), first_cue)]:
            if cue.kind != "directive":
                continue
            sentence = _sentence_at(sentences, cue.start)
            first = sentence[0] if sentence else cue.start
            m = self.lex.meeting.search(text[first:cue.start])
            if m:
                s, e = first + m.start(), first + m.end()
                e = s + len(text[s:e].rstrip())
                meeting = Subject("meeting", s, e, doc._.source[s:e], None, "en.subject.meeting")
                end = sentence[1] if sentence else para.end
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
        return bool(self.patterns.continuation.match(doc_text(doc), s))

    def _label(self, para, speakers) -> Turn | None:
        """"Kong Lingwei:" on a line of its own in a press-conference
        transcript: the official it names speaks in the paragraphs after
        it, to the next label; None for a label naming no official ("China
        News Service:"), whose paragraphs ask."""
        i = bisect.bisect_left(speakers, (para.start,))
        if i < len(speakers) and speakers[i][0] < para.end:
            _, _, actor, rule = speakers[i]
            return Turn(actor, "speech", para.start, para.end, f"{rule}+en.turn.label")
        return None

    # -- narrative -------------------------------------------------------------------

    def _subject(self, doc, s, e, context) -> Subject | None:
        dateline = self.patterns.dateline.match(doc_text(doc), s, e)
        found = subject_at(doc, dateline.end() if dateline else s, e, context, self.lex) \
            or self._named_by_noun(doc, s, e) or self._attributed(doc, s, e)
        if found is None and context.city and imperative_at(doc_text(doc), s, e, self.lex):
            found = Subject("government", s, s, None, context.city, "en.subject.imperative")
        return found

    def _named_by_noun(self, doc, s, e) -> Subject | None:
        """An agency named by its head noun or its acronym ("The council
        will ...", "Council aims to ...", "In 2024, DHS moved ..."): the
        agency of that head noun the article named last, else the noun as
        written; an acronym stands for the name it was given after. A
        country acting ("China created 12.56 million new urban jobs") is a
        government."""
        text = doc_text(doc)
        pos = _after_leads(text, s, e, self.lex)
        word = regex.match(r"[A-Z]{2,6}(?=\s+[a-z])", text[pos:e])
        if word and word.group() in self.acronyms:
            a, b = self.acronyms[word.group()]
            return Subject("agency", pos, pos + word.end(), doc._.source[a:b], None, "en.subject.acronym")
        nation = self.patterns.nation.match(text, pos, e)
        if nation:
            return Subject("government", pos, nation.end(), None, doc._.source[pos:nation.end()], "en.subject.nation")
        m = self.patterns.agency_noun.match(text, pos, e)
        if m is None:
            return None
        bare = m.start("noun") == m.start("phrase")  # "The council": which one, the article said before
        agency = self._antecedent(m.group("noun"), pos) if bare else None
        return Subject("agency", m.start(), m.end(), agency or doc._.source[m.start("phrase"):m.end("phrase")],
                       None, "en.subject.agency_noun")

    def _antecedent(self, noun: str, pos: int) -> str | None:
        """The agency with this head noun the article named last before `pos`
        ("the ministry" -> "Ministry of Human Resources and Social Security")."""
        earlier = [name for at, name in self.agencies if at < pos and _head_noun(name) == noun.lower()]
        return earlier[-1] if earlier else None

    def _attributed(self, doc, s, e) -> Subject | None:
        """A sentence without a subject of its own attributed to an agency
        ("The surveyed unemployment rate averaged 5.1 percent, the ministry
        said", "..., according to the Minghai Municipal Health Commission")."""
        m = self.patterns.attribution.search(doc_text(doc), s, e)
        if m is None:
            return None
        a, b = m.span("agency")
        written = doc._.source[a:b]
        agency = self._antecedent(written, a) if " " not in written.strip() else None
        return Subject("agency", a, b, agency or written, None, "en.subject.attribution")

    def _official_subject(self, doc, s, e, speakers) -> _Who | None:
        """An official who opens the sentence without a speech verb ("Mayor
        Sylvie Marchand today launched ... which will place 1,500 ..."), for
        its figures: an inspection visit is no commitment."""
        pos = _after_leads(doc_text(doc), s, e, self.lex)
        i = bisect.bisect_left(speakers, (pos,))
        if i < len(speakers) and speakers[i][0] == pos:
            _, _, actor, rule = speakers[i]
            return _Who(actor, f"{rule}+en.subject.official", _person(actor), figures_only=True)
        return None

    def _carried(self, doc, para_start, s, e, cues) -> _Who | None:
        """A figure in a sentence without a subject ("Take-up is already
        rising. The number of two-year-olds ... went from 1,430 to 1,912"):
        the last agency or government that acted. Not where someone speaks
        in the paragraph up to the sentence's end ("..., Adeyemi said", "Gloria
        Mendez, 67, said"): the words are theirs; not a quotation nor a
        sentence about a person ("She pays $1,450 a month")."""
        if self.last_subject is None or not self._targets_in(s, e):
            return None
        if _speaks(cues, para_start, e):
            return None
        text = doc_text(doc)
        if self.patterns.not_carried.match(text, s, e) \
                or self.patterns.not_carried.match(text, _after_leads(text, s, e, self.lex), e):
            return None
        if not text[s:e].rstrip().endswith((".", "!", '"', "”", "’", ")")):
            return None  # a headline in a list of related stories: no sentence of this article
        last = self.last_subject
        return _Who(last.actor, f"{last.rule}+en.actor.carried", last.key, figures_only=True)

    def _narrative(self, doc, para, sentences, covered, context, speakers, cues) -> list[Draft]:
        """Stretches of sentences outside turns with one subject: a sentence
        that names a new subject opens one, "we", an imperative or a sentence
        without a subject continues the open one."""
        stretches: list[list] = []
        current: _Who | None = None
        covered_starts = [a for a, _ in covered]
        for s, e in sentences:
            i = bisect.bisect_left(covered_starts, e)
            if i and covered[i - 1][1] > s:
                current = None
                continue
            subject = self._subject(doc, s, e, context)
            found = _who_of_subject(subject) if subject else self._official_subject(doc, s, e, speakers)
            if subject and subject.kind in ("agency", "government") and subject.rule not in _CONTINUING_SUBJECTS:
                self.last_subject = found
                if subject.agency:
                    self.agencies.append((s, subject.agency))
            if found is None and _speaks(cues, s, e):
                current = None  # "A senior official at the ministry said ...": someone else's words
                continue
            if found is None and current is None:
                found = self._carried(doc, para.start, s, e, cues)
            if found and (current is None or (found.rule.split("+")[0] not in _CONTINUING_SUBJECTS
                                              and found.key != current.key)):
                current = found
                stretches.append([s, e, found])
            elif current is not None:
                stretches[-1][1] = e
        drafts = []
        for s, e, who in stretches:
            for rs, re_, mod in self.runs(doc, s, e, self._targets_in(s, e), "narrative", None):
                if who.figures_only and not self._targets_in(rs, re_):
                    continue  # a guessed actor, or a visit without a figure, makes no record
                drafts.append(Draft(rs, re_, mod, who.actor, who.rule + "+narrative"))
        return drafts

    # -- records ---------------------------------------------------------------------

    def link(self, doc: Doc) -> list[Draft]:
        text = doc_text(doc)
        add_imperative_cues(doc, self.lex)
        cues = speech_cues(doc)
        self.index_cues(doc)
        self.acronyms = _acronyms(text, self.lex)
        self.agencies = sorted((o.agency_span[0], o.agency) for o in doc._.officials if o.agency_span)
        speakers = sorted([(o.start, o.end, actor_of_official(o), o.rule) for o in doc._.officials]
                          + [(m.start, m.end, actor_of_official(m.official), m.rule) for m in doc._.mentions],
                          key=lambda s: s[:2])
        self.targets = doc._.targets or []
        self.target_starts = [t.start for t in self.targets]
        context = doc._.context
        drafts: list[Draft] = []
        carried: Turn | None = None
        label: Turn | None = None  # the official a transcript's last speaker label names
        asking = False  # the last label names no official: a journalist asks
        for para in doc._.layout.paragraphs:
            if self.patterns.turn_label.match(text, para.start, para.end):
                label, carried = self._label(para, speakers), None
                asking = label is None
                continue
            sentences = en_sentences(text, para.start, para.end)
            turns = self.en_turns(doc, para, sentences, cues, speakers)
            first = turns[0].start if turns else para.end
            labelled = Turn(label.actor, label.verb, para.start, first, label.rule) if label else None
            if labelled:
                turns.insert(0, labelled)
            elif carried and self._continues(doc, para, sentences, turns, context):
                turns.insert(0, Turn(carried.actor, carried.verb, para.start, first, carried.rule + "+continued"))
            for turn in turns:
                # a transcript's answer holds greetings and thanks: only what has a cue or a figure counts
                default = None if turn is labelled else "directive" if turn.verb == "directive" else "pledge"
                for s, e, mod in self.runs(doc, turn.start, turn.end, self._targets_in(turn.start, turn.end),
                                           turn.verb, default):
                    drafts.append(Draft(s, e, mod, turn.actor, turn.rule))
            question = [(para.start, first)] if asking else []
            covered = question + [(t.start, t.end) for t in turns]
            drafts.extend(self._narrative(doc, para, sentences, covered, context, speakers, cues))
            last = turns[-1] if turns else None
            carried = last if last and last.end >= para.end and last.actor.kind != "meeting" else None
        # each draft is given the targets of its own span: a long article's
        # every target is not read again for every draft
        return [kept for d in drafts for kept in finish(text, [d], self._targets_in(d.start, d.end))]

    def _targets_in(self, start: int, end: int) -> list[TargetHit]:
        """The targets that start in [start, end), by bisection (they come in
        text order). The shared modality rules read only these for a turn's
        or a stretch's sentences, not every target of the article."""
        return self.targets[bisect.bisect_left(self.target_starts, start):
                            bisect.bisect_left(self.target_starts, end)]


def _speaks(cues, start: int, end: int) -> bool:
    """A speech or directive verb in [start, end)."""
    i = bisect.bisect_left(cues, (start,))
    return i < len(cues) and cues[i].start < end


def _head_noun(agency: str) -> str:
    """"Ministry of Civil Affairs" -> "ministry", "Lakeridge city council" -> "council"."""
    words = regex.split(r"\s+of\s+", agency.strip(), maxsplit=1)[0].split()
    return words[-1].lower() if words else ""


def _person(actor: ActorDraft) -> tuple:
    return (actor.kind, actor.name, actor.agency)


class EnLinkerComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.commitments = EnLinker(en_lexicon()).link(doc)
        return doc


@English.factory("minsheng_linker")
def make_linker(nlp, name: str) -> EnLinkerComponent:
    return EnLinkerComponent()
