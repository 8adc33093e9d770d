"""One index of officials across articles (`officials.jsonl` of `minsheng track`).

The same person is the same name (Traditional and Simplified unified) seen
with a compatible place or agency: the same place, or the same agency. A
sighting with neither joins the name's only person, or starts its own when
the name already stands for several people, since it cannot tell them apart.
Two 王伟 in two cities are two people.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pipeline.core.normalize import to_halfwidth, to_simplified
from schemas.track import OfficialRow


@dataclass(frozen=True)
class Sighting:
    """One official as one article names them."""

    name: str
    titles: tuple[str, ...]
    agency: str | None
    place: str | None
    doc_id: str
    date: str | None


@dataclass
class _Person:
    sightings: list[Sighting] = field(default_factory=list)

    def places(self) -> set[str]:
        return {_plain(s.place) for s in self.sightings if s.place}

    def agencies(self) -> set[str]:
        return {_plain(s.agency) for s in self.sightings if s.agency}

    def compatible(self, s: Sighting) -> bool:
        return bool((s.place and _plain(s.place) in self.places())
                    or (s.agency and _plain(s.agency) in self.agencies()))


def _plain(text: str) -> str:
    return to_halfwidth(to_simplified(text)).strip()


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def sightings(articles: list[dict]) -> list[Sighting]:
    return [Sighting(o["name"], tuple(o.get("titles") or ()), o.get("agency"), o.get("place"),
                     a["doc_id"], a.get("published"))
            for a in articles for o in a.get("officials") or () if o.get("name")]


def _people(group: list[Sighting]) -> list[_Person]:
    """The sightings of one name split into people; placed sightings first."""
    people: list[_Person] = []
    placed = [s for s in group if s.place or s.agency]
    for s in placed:
        matches = [p for p in people if p.compatible(s)]
        if matches:
            # a sighting may join two people seen apart (place in one, agency in another)
            keep = matches[0]
            for other in matches[1:]:
                keep.sightings.extend(other.sightings)
                people.remove(other)
            keep.sightings.append(s)
        else:
            people.append(_Person([s]))
    for s in (s for s in group if not (s.place or s.agency)):
        if len(people) == 1:
            people[0].sightings.append(s)
        else:
            people.append(_Person([s]))
    return people


def _row(name: str, person: _Person) -> OfficialRow:
    ss = person.sightings
    dates = sorted(s.date for s in ss if s.date)
    key = "|".join([name, *sorted(person.places()), *sorted(person.agencies()), *sorted({s.doc_id for s in ss})])
    return OfficialRow(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        name=name,
        spellings=sorted({s.name for s in ss}),
        titles=_unique(_plain(t) for s in ss for t in s.titles),
        agencies=_unique(_plain(s.agency) for s in ss if s.agency),
        places=_unique(_plain(s.place) for s in ss if s.place),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        doc_ids=sorted({s.doc_id for s in ss}),
    )


def index_officials(articles: list[dict]) -> list[OfficialRow]:
    by_name: dict[str, list[Sighting]] = {}
    for s in sightings(articles):
        by_name.setdefault(_plain(s.name), []).append(s)
    rows = [_row(name, person) for name, group in sorted(by_name.items()) for person in _people(group)]
    return sorted(rows, key=lambda r: (r.name, r.first_date or "", r.doc_ids))
