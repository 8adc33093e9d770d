"""Stage 6, link: who commits to what, and which numbers belong to it.

Turns the recognized officials, subjects, cues and targets into commitment
drafts on `doc._.commitments`:

- a speech turn: an official (or a later mention, or an unnamed official)
  followed by a speech verb (表示, 说) or a directive verb (强调, 要求); the
  turn runs to the next speaker in the paragraph or the paragraph's end, and
  a quotation right before the attribution belongs to it (“……”某某表示);
- a meeting's directive (会议提出, 全会强调);
- a narrative sentence whose subject is an agency or a government and which
  reports a number (泽州县…新建1个…) or states a plan (市教委计划…).

Each turn is cut into sentences; consecutive sentences with the same modality
make one record, a sentence without a cue continues the one before it.
"""
from __future__ import annotations

import bisect

import regex
from spacy.lang.zh import Chinese
from spacy.tokens import Doc

from pipeline.core.doc import CUE_KEY, doc_text
from pipeline.core.link import (
    BaseLinker,
    actor_of_official,
    actor_of_subject,
    finish,
    has_target,
    is_heading,
    sentences,
    speech_verbs,
)
from pipeline.core.types import ActorDraft, Draft, Subject, Turn
from pipeline.zh.actors import article_actor, linking, standing_for
from pipeline.zh.recognize import ZhLexicon, past_lead, subject_at, zh_lexicon
from pipeline.zh.transcript import LabelledTurn, labelled_turns

# Within a turn, a semicolon separates what was done from what will be (已…；明年将…).
_CLAUSE = regex.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』\"]*|$)")
_AFTER_VERB = " ,，:：\u3000"
# Places found by their short form or by how place names are written: good
# enough to open a record, too weak to carry over to later paragraphs.
_WEAK_SUBJECTS = frozenset({"zh.subject.place", "zh.subject.place_form"})
# Actors inferred rather than read in the sentence: only figures are linked to them.
_GUESSED_ACTORS = frozenset({"zh.actor.carried", "zh.actor.article_place"})
_TABLE_RULE = "zh.target.table"  # figures read off a table row (pipeline/zh/targets.py)
_MAX_LEAD_CLAUSES = 2  # a subject may follow this many adverbial clauses
_MAX_SPEECH_GAP = 26
_GAP_END = regex.compile(r"时|会上|上|中|期间|之际")
_CONNECTIVE = regex.compile(r"(?:此外|同时|另外|与此同时|下一步|接下来|今后|未来|要|将)")


class Linker(BaseLinker):
    def __init__(self, lex: ZhLexicon):
        self.lex = lex
        self.verbs = speech_verbs("zh")
        self.list_item = linking().list_item
        self.article: Subject | None = None  # who "we" are: pipeline.zh.actors
        self.last_subject: Subject | None = None  # the last agency or government named
        self.sections: list[tuple[int, str]] = []  # (start, modality or "") of the section headings

    # -- anchors ---------------------------------------------------------------------

    def _cues(self, doc: Doc) -> dict[int, tuple[str, int, str]]:
        """Speech and directive verbs by start offset: (kind, end, rule id)."""
        out = {}
        for span in doc.spans.get(CUE_KEY, []):
            if span.label_ in ("SPEECH", "DIRECTIVE"):
                out[span.start_char] = ("speech" if span.label_ == "SPEECH" else "directive",
                                        span.end_char, span.id_ or span.label_)
        return out

    def _cue_at(self, text: str, pos: int, cues) -> tuple[str, int, str] | None:
        """The speech or directive verb starting at `pos`. The segmenter can
        fuse a one-character verb with the name before it (王芳说), so the
        words are also matched as characters here."""
        if pos in cues:
            return cues[pos]
        for word, kind, rule in self.verbs:
            if text.startswith(word, pos):
                return (kind, pos + len(word), rule)
        return None

    def _speakers(self, doc: Doc) -> list[tuple[int, int, ActorDraft, str]]:
        """(head, end, actor, rule) for every official and later mention."""
        out = [(o.start, o.end, actor_of_official(o), o.rule) for o in doc._.officials]
        out += [(m.start, m.end, actor_of_official(m.official), m.rule) for m in doc._.mentions]
        return out

    def turns(self, doc: Doc, para_start: int, para_end: int, cues) -> list[Turn]:
        text = doc_text(doc)
        found = []
        for head, end, actor, rule in self._speakers(doc):
            if not para_start <= head < para_end:
                continue
            cue = self._cue_at(text, end, cues) or self._cue_after_phrase(text, end, para_end, cues)
            if cue:
                found.append((head, cue, actor, rule))
        for cue_start, cue in cues.items():
            if para_start <= cue_start < para_end and cue[0] == "directive":
                meeting = self._meeting_before(doc, para_start, cue_start)
                if meeting:
                    found.append((meeting.start, cue, actor_of_subject(meeting), meeting.rule))
        found.sort(key=lambda f: f[0])
        turns: list[Turn] = []
        for i, (head, (verb, cue_end, cue_rule), actor, rule) in enumerate(found):
            if turns and head < turns[-1].start:
                continue  # a name inside the previous attribution (市委书记张三、市长李四表示)
            start = cue_end
            while start < para_end and text[start] in _AFTER_VERB:
                start += 1
            end = found[i + 1][0] if i + 1 < len(found) else para_end
            if actor.kind == "meeting":
                end = min(end, self._sentence_end(text, start, para_end))
            quote = self._quote_before(text, turns[-1].end if turns else para_start, head)
            if turns and quote and turns[-1].end > quote[0]:
                turns[-1].end = quote[0]
            turns.append(Turn(actor, verb, start, max(start, end), f"{rule}+{cue_rule}", quote, head))
        return turns

    def _cue_after_phrase(self, text: str, pos: int, end: int, cues) -> tuple[str, int, str] | None:
        """石莹在会上表示, 李红梅带队到…调研时要求: a verb after a short 在…上
        or …时 phrase between the name and the verb."""
        window = text[pos:min(end, pos + _MAX_SPEECH_GAP)]
        for m in _GAP_END.finditer(window):
            if regex.search(r"[，,。；;：:“”「」]", window[:m.start()]):
                break
            cue = self._cue_at(text, pos + m.end(), cues)
            if cue:
                return cue
        return None

    @staticmethod
    def _sentence_end(text: str, start: int, end: int) -> int:
        depth = 0
        for i in range(start, end):
            ch = text[i]
            if ch in "“‘":
                depth += 1
            elif ch in "”’":
                depth = max(0, depth - 1)
                if depth == 0 and i > start and text[i - 1] in "。！？":
                    return i + 1
            elif ch in "。！？" and depth == 0:
                return i + 1
        return end

    def _meeting_before(self, doc: Doc, para_start: int, cue_start: int) -> Subject | None:
        text = doc_text(doc)
        left = cue_start
        while left > para_start and text[left - 1] not in "，,。；;：:“”\n":
            left -= 1
        if left == cue_start and left > para_start and text[left - 1] in ",，":
            left -= 1  # 市委常委会召开会议,要求…: the meeting is the clause before
            while left > para_start and text[left - 1] not in "，,。；;：:“”\n":
                left -= 1
        clause = text[left:cue_start].rstrip(",，")
        if " " in clause.strip():
            left += clause.rindex(" ") + 1  # a dateline before the meeting (某某网讯 党的…全会)
            clause = text[left:cue_start].rstrip(",，")
        if not self.lex.meeting.search(clause):
            return None
        while left < cue_start and text[left].isspace():
            left += 1
        lead = self.lex.lead.match(text, left, cue_start)
        if lead:
            left = lead.end()  # 10月12日,市政府召开常务会议: the date is not the meeting
            clause = text[left:cue_start].rstrip(",，")
        if regex.search(r"[把将对在]", clause[:2]) or not clause:
            return None  # 把全会精神…: the meeting is an object here, not the actor
        m = regex.match(r"^(.*?)(?:召开|举行)", clause)
        end = left + (m.end(1) if m and m.group(1) else len(clause))
        return Subject("meeting", left, end, doc._.source[left:end], None, "zh.subject.meeting")

    @staticmethod
    def _quote_before(text: str, floor: int, head: int) -> tuple[int, int] | None:
        i = head
        while i > floor and text[i - 1] in " \u3000":
            i -= 1
        if i <= floor or text[i - 1] not in "”」\"":
            return None
        close = i
        depth = 0
        for j in range(close - 1, floor - 1, -1):
            if text[j] in "”」":
                depth += 1
            elif text[j] in "“「":
                depth -= 1
                if depth == 0:
                    return (j, close)
        return None

    def clause_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The units a turn's modality is decided on: sentences, and within
        them clauses after a semicolon."""
        return sentences(text, start, end, _CLAUSE)

    # -- records ---------------------------------------------------------------------

    def link(self, doc: Doc) -> list[Draft]:
        text = doc_text(doc)
        self.index_cues(doc)
        cues = self._cues(doc)
        targets = doc._.targets or []
        context = doc._.context
        self.article = article_actor(doc, context, self.lex)
        self.sections = self._sections(doc)
        labelled = labelled_turns(doc, self.article)
        drafts: list[Draft] = self._labelled(doc, labelled, targets)
        carried: Turn | None = None
        for para in doc._.layout.paragraphs:
            if any(t.head <= para.start < t.end for t in labelled):
                carried = None
                continue
            turns = self.turns(doc, para.start, para.end, cues)
            covered = []
            if carried and self._continues(doc, para, turns, context):
                cont = Turn(carried.actor, carried.verb, para.start, turns[0].head if turns else para.end,
                            carried.rule + "+continued", head=para.start)
                turns.insert(0, cont)
            for turn in turns:
                default = "directive" if turn.verb == "directive" else "pledge"
                if turn.quote:
                    q0, q1 = turn.quote
                    quote_verb = "directive" if turn.verb == "directive" else "quote"
                    for s, e, mod in self.runs(doc, q0, q1, targets, quote_verb, None):
                        drafts.append(Draft(s, e, mod, turn.actor, turn.rule + "+quote"))
                    covered.append((q0, turn.head))
                for s, e, mod in self.runs(doc, turn.start, turn.end, targets, turn.verb, default):
                    drafts.append(Draft(s, e, mod, turn.actor, turn.rule))
                covered.append((turn.head, turn.end))
            # a short line without a sentence end is a heading, unless it is a
            # table row flattened to text
            if not is_heading(text, para.start, para.end) or _table_row(targets, para.start, para.end):
                drafts.extend(self._narrative(doc, para, covered, targets, context))
            carried = turns[-1] if turns and turns[-1].end >= para.end - 1 and turns[-1].actor.kind != "meeting" else None
        return finish(text, drafts, targets)

    def _labelled(self, doc: Doc, labelled: list[LabelledTurn], targets) -> list[Draft]:
        """A transcript's answers: what the labelled speaker says, plans and
        results alike; questions and hosts' words are no commitment."""
        drafts = []
        for turn in labelled:
            if turn.actor is None:
                continue
            for s, e, mod in self.runs(doc, turn.start, turn.end, targets, "speech", None):
                drafts.append(Draft(s, e, mod, turn.actor, f"{turn.actor.rule}+{turn.rule}"))
        return drafts

    # -- sections --------------------------------------------------------------------

    def _sections(self, doc: Doc) -> list[tuple[int, str]]:
        """Headings that say what follows them: a plan's targets (主要预期目标,
        重点任务) or a review of results (工作回顾)."""
        text = doc_text(doc)
        out = []
        for para in doc._.layout.paragraphs:
            if not is_heading(text, para.start, para.end):
                continue
            line = text[para.start:para.end]
            if linking().achievement_sections.search(line):
                out.append((para.start, "achievement"))
            elif linking().pledge_sections.search(line):
                out.append((para.start, "pledge"))
            elif linking().top_heading.match(line):
                out.append((para.start, ""))
        return out

    def _section(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.sections, (pos, "~")) - 1
        return self.sections[i][1] or None if i >= 0 else None

    def sentence_modality(self, doc, start, end, targets, verb) -> str | None:
        """A figure under a plan's heading is a target set, not a result,
        unless its own clause says it is done (已, 累计)."""
        mod = super().sentence_modality(doc, start, end, targets, verb)
        if (mod == "achievement" and self._section(start) == "pledge"
                and "ACHIEVEMENT" not in self._cue_labels(doc, start, end)):
            return "pledge"
        return mod

    def _continues(self, doc, para, turns, context) -> bool:
        """A paragraph with no new subject that opens like a continuation
        (此外,要…) goes on with the previous paragraph's speaker."""
        first = sentences(doc_text(doc), para.start, para.end)
        if not first or (turns and turns[0].head < first[0][1]):
            return False
        s, e = first[0]
        if subject_at(doc, s, e, context, self.lex):
            return False
        # 他强调，… followed by paragraphs 一要…, 二要…: the items are the speaker's
        return bool(_CONNECTIVE.match(doc_text(doc), s) or self.list_item.match(doc_text(doc), s))

    def _narrative(self, doc, para, covered, targets, context) -> list[Draft]:
        """Records for sentences outside speech turns that have a subject (or
        carry one from the sentence before). A sentence that names the
        subject without a record of its own opens the record that follows."""
        text = doc_text(doc)
        out = []
        subject: Subject | None = None
        intro: int | None = None
        for s, e in sentences(text, para.start, para.end):
            if any(a <= s < b or a < e <= b for a, b in covered):
                subject, intro = None, None
                continue
            found = self._subject_in(doc, s, e, context)
            if found and self._weak_place(found):
                found = None
            if found:
                subject, intro = found, s
                if found.kind != "meeting" and found.rule not in _WEAK_SUBJECTS:
                    self.last_subject = found
            speaker = self._quoted_speaker(doc, para.start, s, e) if not found else None
            if speaker:
                out.extend(Draft(rs, re_, mod, speaker, speaker.rule + "+bare_quote")
                           for rs, re_, mod in self.runs(doc, s, e, targets, "quote", None))
                continue
            actor = subject or self._fallback(doc, s, e)
            if actor is None:
                continue
            runs = self.runs(doc, s, e, targets, "narrative", None)
            if actor.rule in _GUESSED_ACTORS:
                runs = [r for r in runs if has_target(targets, r[0], r[1])]  # a guess carries no plan without a number
            for i, (rs, re_, mod) in enumerate(runs):
                start = intro if i == 0 and intro is not None else rs
                out.append(Draft(start, re_, mod, actor_of_subject(actor), actor.rule + "+narrative"))
            if runs:
                intro = None
        return out

    def _quoted_speaker(self, doc, para_start: int, s: int, e: int) -> ActorDraft | None:
        """A sentence that is all quotation, after a sentence of the same
        paragraph that names an official (张桂兰带记者参观…。“中心…。”), is
        that official's."""
        text = doc_text(doc)
        if text[s] not in "“「\"" or text[e - 1] not in "”」\"":
            return None
        named = [o for o in doc._.officials if para_start <= o.start < s and o.kind == "official"]
        return actor_of_official(named[-1]) if named else None

    def _subject_in(self, doc, s, e, context) -> Subject | None:
        """The subject of a sentence: at its start, or after leading adverbial
        clauses (截至10月底,全市…; 据悉,开展…以来,市人力社保局…)."""
        starts = [s] + [s + m.end() for m in regex.finditer(r"[，,]", doc_text(doc)[s:e])][:_MAX_LEAD_CLAUSES]
        for start in starts:
            found = subject_at(doc, start, e, context, self.lex) or self._first_person_at(doc, start, e)
            if found:
                return found
        return None

    def _first_person_at(self, doc: Doc, start: int, end: int) -> Subject | None:
        """我局, 我们 (the article's own agency or government speaking) or 各地
        (its units): the article's actor, where the article says who that is."""
        if self.article is None:
            return None
        text = doc_text(doc)
        pos = past_lead(text, start, end, self.lex)
        for pattern, rule in ((linking().first_person, "zh.subject.first_person"),
                              (linking().collective, "zh.subject.collective")):
            m = pattern.match(text, pos, end)
            if m:
                return standing_for(self.article, m.start(), m.end(), f"{rule}+{self.article.rule}")
        return None

    def _weak_place(self, subject: Subject) -> bool:
        """In a document whose issuer is declared (a government work report),
        a place opening a sentence is what it is about (海南自贸试验区启动建设),
        not who acts: the issuer does."""
        return (self.article is not None and self.article.rule == "zh.actor.issuer"
                and subject.rule in _WEAK_SUBJECTS)

    def _fallback(self, doc: Doc, start: int, end: int) -> Subject | None:
        """No subject in the sentence or before it in the paragraph: the
        declared issuer of a report, else the last agency or government the
        article named, else the article's actor;
        none for a sentence about people (干部群众纷纷表示) or by a private
        person (“一顿才12元。”, 我考了证)."""
        text = doc_text(doc)
        if (linking().people_subjects.match(text, past_lead(text, start, end, self.lex), end)
                or linking().people_reactions.search(text, start, end)
                or linking().private_speech.search(text[start:end].strip())):
            return None
        if self.article is not None and self.article.rule == "zh.actor.issuer":
            return self.article  # a report speaks for its issuer throughout
        if self.last_subject is not None:
            return standing_for(self.last_subject, self.last_subject.start, self.last_subject.end,
                                "zh.actor.carried")
        return self.article


def _table_row(targets, start: int, end: int) -> bool:
    return any(start <= t.start < end and t.rule == _TABLE_RULE for t in targets)


class LinkerComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.commitments = Linker(zh_lexicon()).link(doc)
        return doc


@Chinese.factory("minsheng_linker")
def make_linker(nlp, name: str) -> LinkerComponent:
    return LinkerComponent()
