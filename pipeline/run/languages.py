"""Which language pack reads an article."""
from __future__ import annotations

from spacy.language import Language


def nlp_for(lang: str, use_ner: bool = True) -> Language:
    """The pipeline for an article's language; English has no trained NER.
    Each pack is imported when an article first needs it, so a run over one
    language does not pay the other's start-up."""
    if lang == "en":
        from pipeline.en.nlp import english_nlp
        return english_nlp()
    from pipeline.zh.nlp import chinese_nlp
    return chinese_nlp(use_ner)


def load_models(use_ner: bool = True) -> None:
    """Load now what a pack loads only when an article first needs it."""
    from pipeline.zh.nlp import load_models as load_chinese_models
    load_chinese_models(use_ner)
