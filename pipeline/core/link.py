"""Linking machinery every language shares: drafts, modality runs, sentences.

A language's linker (`pipeline.zh.link`, `pipeline.en.link`) finds who says
or does what (speech turns, meetings, narrative subjects); this module decides
the modality of each clause from the cue spans the cue ruler put on the Doc,
groups consecutive clauses with one modality into a record, and attaches the
targets inside it.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

import regex
from spacy.tokens import Doc

from pipeline.core.doc import CUE_KEY, doc_text
from pipeline.core.rules import read_jsonl
from pipeline.core.types import ActorDraft, Draft, Official, Subject, TargetHit

_MAX_HEADING = 40
_LOOK_BACK = 16  # characters before a clause that can hold its opening semicolon and spaces
_MODALITY_CUES = frozenset({"PLEDGE", "PLEDGE_WEAK", "ACHIEVEMENT"})
_SENTENCE = regex.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』\"]*|$)")


@lru_cache(maxsize=None)
def speech_verbs(family: str) -> tuple[tuple[str, str, str], ...]:
    """(word, "speech"|"directive", rule id) from rules/<family>/speech.jsonl, longest first."""
    verbs = [(p.pattern, "speech" if p.label == "SPEECH" else "directive", p.id)
             for p in read_jsonl(f"{family}/speech.jsonl") if isinstance(p.pattern, str)]
    return tuple(sorted(verbs, key=lambda v: -len(v[0])))


def actor_of_official(o: Official) -> ActorDraft:
    return ActorDraft(kind=o.kind, name=o.name, titles=o.titles, agency=o.agency, place=o.place, rule=o.rule)


def actor_of_subject(s: Subject) -> ActorDraft:
    return ActorDraft(kind=s.kind, agency=s.agency, place=s.place, rule=s.rule)


def sentences(text: str, start: int, end: int, pattern: regex.Pattern = _SENTENCE) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end), closing quotes kept with their sentence."""
    out = []
    for m in pattern.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in " \u3000\t":
            s += 1
        if e > s:
            out.append((s, e))
    return out


def is_heading(text: str, start: int, end: int) -> bool:
    """A section heading or a headline: short, and no sentence ends in it."""
    line = text[start:end].strip()
    return len(line) <= _MAX_HEADING and not regex.search(r"[。！？!?]", line)


def has_target(targets: list[TargetHit], start: int, end: int) -> bool:
    """Whether a target starts in [start, end); `targets` sorted by start."""
    i = bisect.bisect_left(targets, start, key=_start)
    return i < len(targets) and targets[i].start < end


def _start(hit: TargetHit) -> int:
    return hit.start


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000\t\r\n":
        start += 1
    while end > start and text[end - 1] in " \u3000\t\r\n":
        end -= 1
    return start, end


def finish(text: str, drafts: list[Draft], targets: list[TargetHit]) -> list[Draft]:
    """Trim each draft to its words and give it the targets inside it."""
    for d in drafts:
        d.start, d.end = trim_span(text, d.start, d.end)
        first = bisect.bisect_left(targets, d.start, key=_start)
        last = bisect.bisect_left(targets, d.end, key=_start)
        d.targets = [t for t in targets[first:last] if t.end <= d.end]
    return [d for d in drafts if d.end > d.start]


def _after_semicolon(text: str, start: int) -> bool:
    """The clause continues a sentence cut at a semicolon."""
    before = text[max(0, start - _LOOK_BACK):start].rstrip(" \u3000\t")
    return before.endswith(("；", ";"))


class BaseLinker:
    """Modality of clauses and runs of clauses, shared by the language linkers."""

    # A clause opening with a list marker (一是, （二）, 3.) starts a record of
    # its own; a language's linker sets the pattern.
    list_item: regex.Pattern | None = None

    # -- modality --------------------------------------------------------------------

    def index_cues(self, doc: Doc) -> None:
        """Sort the cue spans once per Doc, so a sentence's cues are found by
        bisection rather than by scanning every cue."""
        ordered = sorted((span.start_char, span.label_) for span in doc.spans.get(CUE_KEY, []))
        self._cue_starts = [start for start, _ in ordered]
        self._cue_labels_sorted = [label for _, label in ordered]

    def _cue_labels(self, doc: Doc, start: int, end: int) -> set[str]:
        i = bisect.bisect_left(self._cue_starts, start)
        j = bisect.bisect_left(self._cue_starts, end)
        return set(self._cue_labels_sorted[i:j])

    def clause_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The units modality is decided on; each language says where they end."""
        raise NotImplementedError

    def sentence_modality(self, doc, start, end, targets, verb) -> str | None:
        if verb == "directive":
            return "directive"
        labels = self._cue_labels(doc, start, end)
        if verb == "speech" and "PLEDGE_WEAK" in labels:
            labels.add("PLEDGE")  # 持续, 进一步: a plan when an official says it
        if has_target(targets, start, end):
            if "PLEDGE" in labels and "ACHIEVEMENT" not in labels:
                return "pledge"
            return "achievement"
        if "PLEDGE" in labels:
            return "pledge"
        return None

    def runs(self, doc, start, end, targets, verb, default) -> list[tuple[int, int, str]]:
        """Consecutive sentences with one modality; cue-less ones continue the
        run before them and, at the start, take `default` (None drops them)."""
        out: list[list] = []
        text = doc_text(doc)
        for s, e in self.clause_spans(text, start, end):
            if text[s:e].rstrip("”’」』\"'").endswith(("?", "？")):
                continue  # a question is not a commitment
            mod = self.sentence_modality(doc, s, e, targets, verb)
            item = self.list_item is not None and self.list_item.match(text, s) is not None
            if (item or _after_semicolon(text, s)) and out and mod is not None \
                    and not self._cue_labels(doc, s, e) & _MODALITY_CUES:
                # 将抓好三项工作：一是…；二是…, 主要预期目标是：…；城镇新增就业…: a clause
                # without a cue of its own shares the modality of the one it continues
                mod = out[-1][2]
            if mod is None:
                if out and not item:
                    out[-1][1] = e
                    continue
                if out:
                    mod = out[-1][2]  # a list item without a cue of its own: the list's modality
                elif default is None:
                    continue
                else:
                    mod = default
            if out and out[-1][2] == mod and not item:
                out[-1][1] = e
            else:
                out.append([s, e, mod])
        return [(s, e, mod) for s, e, mod in out if mod != "achievement" or has_target(targets, s, e)]
