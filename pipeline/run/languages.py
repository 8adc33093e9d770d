"""Which language pack reads an article."""
from __future__ import annotations

from spacy.language import Language

from pipeline.en.nlp import english_nlp
from pipeline.zh.nlp import chinese_nlp


def nlp_for(lang: str, use_ner: bool = True) -> Language:
    """The pipeline for an article's language; English has no trained NER."""
    return english_nlp() if lang == "en" else chinese_nlp(use_ner)
