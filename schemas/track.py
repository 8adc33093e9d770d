"""The rows `minsheng track` writes: tracks.jsonl and officials.jsonl.

Like `schemas.models`, these Pydantic models are the one definition of the
output; `track.schema.json` and `official.schema.json` are generated from them
(`python -m schemas.export`).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Verdict = Literal["met", "missed", "unknown"]


class TrackFigure(BaseModel):
    """One side of a track: a target as it stands in its record."""

    record_id: str
    doc_id: str
    text: str
    metric: str | None
    value: int | float
    unit: str | None
    comparator: str
    period: str | None


class TrackRow(BaseModel):
    """A pledge target and the outcome reported later for it (null when none was)."""

    metric_key: str
    jurisdiction: str | None
    period: str | None
    pledge: TrackFigure
    outcome: TrackFigure | None
    verdict: Verdict | None
    gap: int | float | None
    note: str | None


class OfficialRow(BaseModel):
    """One person across all articles of a run; titles, agencies and places in Simplified."""

    id: str
    name: str
    spellings: list[str]
    titles: list[str]
    agencies: list[str]
    places: list[str]
    first_date: str | None
    last_date: str | None
    doc_ids: list[str]
