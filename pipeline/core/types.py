"""The data the stages hand each other on the Doc, the same for every language.

Officials, mentions and subjects come from the entity recognizers, target
hits from the target recognizers, drafts from the linkers; records.py turns
drafts into contract records.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Official:
    """A person (or a role standing for one) with the post they hold."""

    kind: str  # "official" | "unnamed_official"
    start: int  # start of the whole mention (chain included)
    end: int  # end of the name (or role word)
    name: str | None
    name_span: tuple[int, int] | None
    titles: tuple[str, ...]
    agency: str | None
    agency_span: tuple[int, int] | None
    place: str | None
    rule: str


@dataclass(frozen=True)
class Mention:
    """A later reference to an official: by name alone, or 该负责人."""

    start: int
    end: int
    official: Official
    rule: str


@dataclass(frozen=True)
class Subject:
    """Who acts in a narrative clause: an agency, a government or a meeting."""

    kind: str  # "agency" | "government" | "meeting"
    start: int
    end: int
    agency: str | None
    place: str | None
    rule: str


@dataclass(frozen=True)
class TargetHit:
    start: int
    end: int
    text: str
    value: int | float
    value_high: int | float | None
    unit: str | None
    metric: str | None
    comparator: str
    change: bool
    rule: str


@dataclass(frozen=True)
class ActorDraft:
    kind: str
    name: str | None = None
    titles: tuple[str, ...] = ()
    agency: str | None = None
    place: str | None = None
    rule: str = ""


@dataclass
class Draft:
    start: int
    end: int
    modality: str
    actor: ActorDraft
    rule: str
    targets: list[TargetHit] = field(default_factory=list)


@dataclass
class Turn:
    """A stretch of text said or ordered by one actor."""

    actor: ActorDraft
    verb: str  # "speech" | "directive"
    start: int
    end: int
    rule: str
    quote: tuple[int, int] | None = None  # a quotation right before the attribution
    head: int | None = None  # where the attribution starts (the chain or the meeting name)
