"""The output contract as Pydantic models.

These models are the only definition of the records the extractor writes;
`schemas/*.schema.json` is generated from them (`minsheng schema`).
"""
from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

Lang = Literal["zh-Hans", "zh-Hant", "en"]
Modality = Literal["pledge", "achievement", "directive"]
Comparator = Literal["eq", "ge", "gt", "le", "lt", "approx"]
ActorKind = Literal["official", "unnamed_official", "agency", "government", "meeting"]
Area = Literal[
    "employment", "education", "health", "elderly_care", "childcare", "housing",
    "culture", "sports", "social_assistance", "public_safety", "governance", "other",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Record):
    """Character offsets into the decoded source text: source[start:end]."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self


class Target(_Record):
    """A numeric target or result, verbatim and normalized."""

    text: str = Field(description="the number phrase verbatim (64.8万人, 1900个以上, 161.1%)")
    span: Span
    value: Union[int, float] = Field(description="normalized value: 64.8万 -> 648000")
    value_high: Optional[Union[int, float]] = Field(
        default=None, description="upper bound of a range (3至5万人); value is the lower bound")
    unit: Optional[str] = Field(description="counting unit without magnitude (人, 个, 元, %)")
    metric: Optional[str] = Field(description="what is counted or measured")
    comparator: Comparator = "eq"
    change: bool = Field(default=False, description="a year-on-year or period-on-period change")
    rule: str = Field(description="id of the pattern that produced this target")


class Actor(_Record):
    """Who commits."""

    kind: ActorKind
    name: Optional[str] = None
    titles: list[str] = Field(default_factory=list)
    agency: Optional[str] = None
    place: Optional[str] = None
    rule: str = Field(description="id of the rule that identified the actor")


class Commitment(_Record):
    """One commitment: a pledge, a reported achievement or a directive."""

    schema_version: str = SCHEMA_VERSION
    id: str
    doc_id: str
    lang: Lang
    text: str
    span: Span
    modality: Modality
    areas: list[Area]
    actor: Actor
    targets: list[Target]
    rule: str = Field(description="id of the linking rule that produced this record")


class Official(_Record):
    """A named official, once per person, at the first mention."""

    name: str
    titles: list[str]
    agency: Optional[str]
    place: Optional[str]
    span: Span
    rule: str


class Article(_Record):
    """One row per input file, also for files that failed."""

    schema_version: str = SCHEMA_VERSION
    doc_id: str
    lang: Optional[Lang]
    title: Optional[str] = None
    published: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    source: Optional[str] = None
    officials: list[Official] = Field(default_factory=list)
    n_commitments: int = 0
    sha256: Optional[str] = Field(default=None, description="hash of the file's bytes, for --resume")
    chars: int = 0
    error: Optional[str] = None
    warning: Optional[str] = Field(
        default=None, description="what was wrong with a file that was still processed "
                                  "(bytes replaced while decoding a damaged file); null when nothing")
