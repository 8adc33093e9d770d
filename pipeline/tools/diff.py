"""Compare two runs' outputs record by record, for review of a rule or code change.

Commitments are paired by `id` first. An id is derived from the span, so a
commitment whose boundary moved gets a new id; the leftovers are then paired
within each document by the largest span overlap, so such a record shows as
changed (span, text, id) instead of as one removed and one added. Articles
are paired by `doc_id`. `render_text`, `render_markdown` and `render_json` turn a
`RunDiff` into the CLI's three output formats.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from pipeline.core.write import ARTICLES, COMMITMENTS, read_jsonl


class _Absent:
    """A field one side lacks (a schema change), told apart from a null value."""

    def __repr__(self) -> str:
        return "(absent)"


ABSENT = _Absent()


@dataclass(frozen=True)
class FieldChange:
    path: str  # dotted, with list indices: actor.place, targets[0].metric
    old: Any
    new: Any

    @property
    def field(self) -> str:
        """The path without list indices, to count changes per field across records."""
        return re.sub(r"\[\d+\]", "[]", self.path)


@dataclass(frozen=True)
class Changed:
    old: dict
    new: dict
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class FileDiff:
    name: str
    unchanged: int
    changed: tuple[Changed, ...]
    added: tuple[dict, ...]
    removed: tuple[dict, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def field_counts(self) -> Counter:
        """How many records changed in each field (a record counts once per field)."""
        return Counter(f for c in self.changed for f in dict.fromkeys(ch.field for ch in c.changes))


@dataclass(frozen=True)
class RunDiff:
    files: tuple[FileDiff, ...]

    @property
    def has_changes(self) -> bool:
        return any(f.has_changes for f in self.files)


# --------------------------------------------------------------------------- comparing

def field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """The leaves that differ. Lists of objects of equal length are compared
    item by item (targets[1].metric); other lists as a whole, because an
    inserted item would otherwise show every later item as changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = dict.fromkeys([*old, *new])
        return [change for key in keys
                for change in field_changes(old.get(key, ABSENT), new.get(key, ABSENT), _join(path, key))]
    if _same_length_object_lists(old, new):
        return [change for i, (a, b) in enumerate(zip(old, new)) for change in field_changes(a, b, f"{path}[{i}]")]
    return [] if old == new else [FieldChange(path, old, new)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _same_length_object_lists(old: Any, new: Any) -> bool:
    return (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)
            and all(isinstance(x, dict) for x in old + new))


# (pairs of old and new record, removed records, added records)
Pairing = tuple[list[tuple[dict, dict]], list[dict], list[dict]]


def pair_by_key(old: Iterable[dict], new: Iterable[dict], key: Callable[[dict], Any]) -> Pairing:
    """Records sharing a key pair up, in input order."""
    pending: dict[Any, list[dict]] = defaultdict(list)
    for rec in old:
        pending[key(rec)].append(rec)
    pairs, added = [], []
    for rec in new:
        bucket = pending.get(key(rec))
        if bucket:
            pairs.append((bucket.pop(0), rec))
        else:
            added.append(rec)
    removed = [rec for bucket in pending.values() for rec in bucket]
    return pairs, removed, added


def _bounds(rec: dict) -> tuple[int, int]:
    span = rec.get("span") or {}
    return span.get("start", 0), span.get("end", 0)


def _overlap(a: dict, b: dict) -> int:
    (a0, a1), (b0, b1) = _bounds(a), _bounds(b)
    return min(a1, b1) - max(a0, b0)


def pair_by_overlap(old: list[dict], new: list[dict]) -> Pairing:
    """Records of the same document whose spans overlap pair up, the largest
    overlap first, each record used once."""
    new_in_doc: dict[Any, list[int]] = defaultdict(list)
    for j, n in enumerate(new):
        new_in_doc[n.get("doc_id")].append(j)
    candidates = [(overlap, i, j) for i, o in enumerate(old) for j in new_in_doc.get(o.get("doc_id"), ())
                  if (overlap := _overlap(o, new[j])) > 0]
    # Largest overlap wins; ties go to input order, so the result is deterministic.
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old, used_new, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
    removed = [o for i, o in enumerate(old) if i not in used_old]
    added = [n for j, n in enumerate(new) if j not in used_new]
    return pairs, removed, added


def _position(rec: dict) -> tuple:
    return (rec.get("doc_id") or "", *_bounds(rec), rec.get("id") or "")


def diff_records(name: str, pairs: list[tuple[dict, dict]], removed: list[dict], added: list[dict]) -> FileDiff:
    changed, unchanged = [], 0
    for old, new in pairs:
        changes = field_changes(old, new)
        if changes:
            changed.append(Changed(old, new, tuple(changes)))
        else:
            unchanged += 1
    return FileDiff(name=name, unchanged=unchanged,
                    changed=tuple(sorted(changed, key=lambda c: _position(c.new))),
                    added=tuple(sorted(added, key=_position)),
                    removed=tuple(sorted(removed, key=_position)))


def diff_commitments(old: list[dict], new: list[dict]) -> FileDiff:
    by_id, removed, added = pair_by_key(old, new, lambda r: r.get("id"))
    by_span, removed, added = pair_by_overlap(removed, added)
    return diff_records(COMMITMENTS, by_id + by_span, removed, added)


def diff_articles(old: list[dict], new: list[dict]) -> FileDiff:
    pairs, removed, added = pair_by_key(old, new, lambda r: r.get("doc_id"))
    return diff_records(ARTICLES, pairs, removed, added)


def diff_runs(old_dir: Path, new_dir: Path) -> RunDiff:
    """Compare two output folders; a missing file reads as an empty one."""
    return RunDiff(files=(
        diff_commitments(read_jsonl(old_dir / COMMITMENTS), read_jsonl(new_dir / COMMITMENTS)),
        diff_articles(read_jsonl(old_dir / ARTICLES), read_jsonl(new_dir / ARTICLES)),
    ))


# --------------------------------------------------------------------------- rendering

def show(value: Any, limit: int | None = None) -> str:
    """A value as compact JSON; long ones keep both ends, where boundaries move.

    A list of targets or officials (compared whole when one was added or
    dropped) shows as their texts or names: which numbers or people came and
    went is what a reviewer reads there; `--format json` keeps the objects."""
    if value is ABSENT:
        return repr(value)
    if isinstance(value, list) and value and all(isinstance(x, dict) and ("text" in x or "name" in x) for x in value):
        value = [x.get("text", x.get("name")) for x in value]
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if limit is None or len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def label(rec: dict) -> str:
    """How a record is named in a listing: document, span and id (or the document alone)."""
    if "span" not in rec:
        return rec.get("doc_id") or "?"
    start, end = _bounds(rec)
    return f"{rec.get('doc_id')} [{start}:{end}] {rec.get('id')}"


def _excerpt(rec: dict, limit: int = 60) -> str:
    text = " ".join((rec.get("text") or rec.get("title") or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _counts(f: FileDiff) -> str:
    return (f"{len(f.changed)} changed, {len(f.added)} added, {len(f.removed)} removed, "
            f"{f.unchanged} unchanged")


_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m", "field": "\x1b[36m", "reset": "\x1b[0m"}


def render_text(diff: RunDiff, color: bool = False) -> str:
    def paint(kind: str, text: str) -> str:
        return f"{_ANSI[kind]}{text}{_ANSI['reset']}" if color else text

    lines = []
    for f in diff.files:
        lines.append(f"{f.name}: {_counts(f)}")
        for c in f.changed:
            lines.append(paint("~", f"~ {label(c.new)}  {_excerpt(c.new)}"))
            lines.extend(f"    {paint('field', ch.path)}: {show(ch.old)} -> {show(ch.new)}" for ch in c.changes)
        lines.extend(paint("+", f"+ {label(r)}  {_excerpt(r)}") for r in f.added)
        lines.extend(paint("-", f"- {label(r)}  {_excerpt(r)}") for r in f.removed)
    return "\n".join(lines) + "\n"


_CELL_LIMIT = 200
_BACKTICKS = re.compile(r"`+")


def _cell(text: str) -> str:
    """Markdown for a table cell: a pipe would end the cell, so it is escaped
    (GitHub unescapes it also inside a code span); a backslash right before it
    is kept apart by a zero-width space, or it would escape the escape."""
    return re.sub(r"\\(?=\|)", lambda _: "\\\u200b", text).replace("|", "\\|")


def _code(text: str) -> str:
    """Article text (untrusted) as an inline code span, where GitHub renders no
    HTML, markdown, @mention or #reference: fenced by a run of backticks longer
    than any inside, padded where the text starts or ends with a backtick or
    space, on one line."""
    text = " ".join(text.splitlines())
    if not text.strip():
        return ""
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    pad = " " if text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(diff: RunDiff) -> str:
    """For a pull-request comment: summary tables first, then the records.
    Every string from the records (article text, names, ids, values) is in a
    code span (`_code`), so hostile text renders inert (docs/review.md)."""
    lines = ["### minsheng diff", "", "| file | changed | added | removed | unchanged |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {f.name} | {len(f.changed)} | {len(f.added)} | {len(f.removed)} | {f.unchanged} |"
              for f in diff.files]
    if not diff.has_changes:
        return "\n".join(lines + ["", "No differences."]) + "\n"
    fields = [(f.name, field, n) for f in diff.files for field, n in sorted(f.field_counts().items())]
    if fields:
        lines += ["", "| file | field | records changed |", "|---|---|---:|"]
        lines += [f"| {name} | {_cell(_code(field))} | {n} |" for name, field, n in fields]
    for f in diff.files:
        lines += _markdown_records(f)
    return "\n".join(lines) + "\n"


def _markdown_records(f: FileDiff) -> list[str]:
    lines = []
    for c in f.changed:
        lines += ["", f"#### Changed in {f.name}: {_code(label(c.new))}", "", f"> {_code(_excerpt(c.new, 120))}", "",
                  "| field | old | new |", "|---|---|---|"]
        lines += [f"| {_cell(_code(ch.path))} | {_cell(_code(show(ch.old, _CELL_LIMIT)))} "
                  f"| {_cell(_code(show(ch.new, _CELL_LIMIT)))} |" for ch in c.changes]
    for title, records in (("Added", f.added), ("Removed", f.removed)):
        if records:
            lines += ["", f"#### {title} in {f.name}", ""]
            lines += [f"- {_code(label(r))} {_code(_excerpt(r, 120))}" for r in records]
    return lines


def _change_json(ch: FieldChange) -> dict:
    # An absent side is left out rather than written as null, which is a value.
    out: dict[str, Any] = {"field": ch.path}
    out.update({side: value for side, value in (("old", ch.old), ("new", ch.new)) if value is not ABSENT})
    return out


def to_json(diff: RunDiff) -> dict:
    return {
        "changed": diff.has_changes,
        "files": [{
            "file": f.name,
            "unchanged": f.unchanged,
            "fields": dict(sorted(f.field_counts().items())),
            "changed": [{"old": c.old, "new": c.new, "changes": [_change_json(ch) for ch in c.changes]}
                        for c in f.changed],
            "added": list(f.added),
            "removed": list(f.removed),
        } for f in diff.files],
    }


def render_json(diff: RunDiff) -> str:
    return json.dumps(to_json(diff), ensure_ascii=False, indent=2) + "\n"
