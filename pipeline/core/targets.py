"""Target machinery every language shares: rule models and the component.

A language's target recognizer (`pipeline.zh.targets`, `pipeline.en.targets`)
finds the number phrases; this component puts them on the Doc.
"""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.core.rules import Strict


class ComparatorWords(Strict):
    words: list[str]
    comparator: str


class Exclusion(Strict):
    id: str
    before: str | None = None
    after: str | None = None


class TargetRecognizer:
    """The component: a language's `find_targets` onto the Doc."""

    def __init__(self, find) -> None:
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        hits = sorted(self.find(doc), key=lambda h: (h.start, h.end))  # the linker bisects by start
        doc._.targets = hits
        spans = [doc.char_span(h.start, h.end, label="TARGET", alignment_mode="expand") for h in hits]
        doc.spans["target"] = [s for s in spans if s is not None]
        return doc
