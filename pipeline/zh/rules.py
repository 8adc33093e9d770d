"""Chinese rule files shared by several zh stages."""
from __future__ import annotations

from functools import lru_cache

from pipeline.core.rules import Strict, read_yaml


class TitleRules(Strict):
    rank_prefixes: list[str]
    body_prefixes: list[str]
    bases: list[str]
    not_after: list[str]


@lru_cache(maxsize=None)
def title_rules() -> TitleRules:
    return read_yaml("zh/titles.yaml", TitleRules)
