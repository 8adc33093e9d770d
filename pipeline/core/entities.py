"""Span groups of the recognized entities, for review and for later stages."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.core.types import Official


def add_span_groups(doc: Doc, officials: list[Official]) -> None:
    groups: dict[str, list] = {"person": [], "title": [], "agency": []}
    for o in officials:
        if o.name_span:
            groups["person"].append(doc.char_span(*o.name_span, label="PERSON", alignment_mode="expand"))
        if o.agency_span:
            groups["agency"].append(doc.char_span(*o.agency_span, label="AGENCY", alignment_mode="expand"))
    for key, spans in groups.items():
        doc.spans[key] = [s for s in spans if s is not None]


def set_entities(doc: Doc, officials: list[Official], mentions: list) -> Doc:
    """What an entity recognizer leaves on the Doc for the later stages."""
    doc._.officials = officials
    doc._.mentions = mentions
    add_span_groups(doc, officials)
    return doc
