"""Loading and validating the rule files in `rules/`.

Rules are data a domain expert edits. Each file is validated when it is
loaded (unknown keys, bad regexes and empty entries fail loudly with the file
and entry named) and each regex is compiled once. `load_rules()` is cached, so
every stage of a worker process shares one copy.
"""
from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

# MINSHENG_RULES_DIR points the pipeline at another copy of rules/, to see what
# an edit changes (`minsheng diff`) without touching the checked-in files. It is
# read once, at import: worker processes inherit it from the environment.
RULES_DIR = Path(os.environ.get("MINSHENG_RULES_DIR") or Path(__file__).resolve().parents[2] / "rules")


# libyaml's safe loader where PyYAML was built with it: the rule files are read
# at every start-up, and the C loader reads them several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the entry."""


class Strict(BaseModel):
    """A rule model that rejects unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Pattern(Strict):
    id: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as e:
            raise ValueError(f"bad regex {value!r}: {e}") from e
        return value

    def compile(self, flags: int = 0) -> "NamedRegex":
        return NamedRegex(self.id, regex.compile(self.pattern, flags | regex.MULTILINE))


class NamedRegex:
    """A compiled pattern that remembers its rule id for provenance."""

    __slots__ = ("id", "regex")

    def __init__(self, rule_id: str, compiled: regex.Pattern):
        self.id = rule_id
        self.regex = compiled


class BoilerplateRules(Strict):
    line: list[Pattern]
    footer: list[Pattern]
    inline: list[Pattern]
    block: list[Pattern]  # a related-list header and the headlines under it


class MetadataRules(Strict):
    published: list[Pattern]
    source: list[Pattern]
    dateline_place: list[Pattern]
    not_title: list[Pattern]


class PhrasePattern(Strict):
    """One SpanRuler phrase pattern (a line of a `.jsonl` rule file)."""

    label: str
    pattern: Union[str, list[dict[str, Any]]]  # a phrase, or token patterns (English)
    id: str


def _path(name: str) -> Path:
    return RULES_DIR / name


def read_yaml(name: str, model: type[BaseModel]) -> BaseModel:
    path = _path(name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        return model.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise RuleError(f"rules/{name}: {e}") from e


def read_words(name: str) -> tuple[str, ...]:
    """A word list: one entry per line, `#` comments and blank lines skipped."""
    path = _path(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise RuleError(f"rules/{name}: {e}") from e
    words = []
    for line in lines:
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    if not words:
        raise RuleError(f"rules/{name}: no entries")
    return tuple(dict.fromkeys(words))


def read_jsonl(name: str) -> tuple[PhrasePattern, ...]:
    path = _path(name)
    patterns = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise RuleError(f"rules/{name}: {e}") from e
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            patterns.append(PhrasePattern.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as e:
            raise RuleError(f"rules/{name}:{lineno}: {e}") from e
    return tuple(patterns)


def read_tsv(name: str) -> list[dict[str, str]]:
    """A tab-separated table with a header line."""
    path = _path(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise RuleError(f"rules/{name}: {e}") from e
    header = lines[0].split("\t")
    rows = []
    for lineno, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            raise RuleError(f"rules/{name}:{lineno}: expected {len(header)} columns, got {len(cells)}")
        rows.append(dict(zip(header, cells)))
    return rows


def read_table(path: Path) -> list[dict[str, str]]:
    """A tab-separated table anywhere (a development file, not a rule file):
    `#` comment lines skipped, the first other line is the header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation that prefers the longest entry."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def boilerplate_rules() -> BoilerplateRules:
    return read_yaml("boilerplate.yaml", BoilerplateRules)


@lru_cache(maxsize=None)
def metadata_rules() -> MetadataRules:
    return read_yaml("metadata.yaml", MetadataRules)
