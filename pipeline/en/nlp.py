"""The English spaCy pipeline: spaCy's rule-based tokenizer, cue ruler, the en stages."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.en.link  # noqa: F401  (registers the factories)
import pipeline.en.recognize  # noqa: F401
import pipeline.en.targets  # noqa: F401
from pipeline.core.doc import add_components, add_cue_ruler


@lru_cache(maxsize=None)
def english_nlp() -> Language:
    nlp = spacy.blank("en")
    add_cue_ruler(nlp, "en")
    return add_components(nlp)
