"""The Chinese spaCy pipeline: pkuseg segmentation, cue ruler, the zh stages.

Chinese text is segmented by spacy-pkuseg with pkuseg's trained default
model, which the `pkuseg` distribution installs and `make setup` converts to
a form that loads as texts need it (`pipeline/zh/segmenter.py`); nothing is
downloaded at run time. The trained NER (`minsheng_ner`) runs after the entity
recognizer when its model is present and `use_ner` is on.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.zh.link  # noqa: F401  (registers the factories)
import pipeline.zh.recognize  # noqa: F401
import pipeline.zh.targets  # noqa: F401
from pipeline.core.doc import add_components, add_cue_ruler, cue_patterns
from pipeline.zh.ner import model_available
from pipeline.zh.segmenter import load_segmenter


def _cue_words() -> list[str]:
    return sorted({p["pattern"] for p in cue_patterns("zh")
                   if isinstance(p["pattern"], str) and len(p["pattern"]) > 1})


@lru_cache(maxsize=None)
def segmenter():
    """One pkuseg segmenter per process, shared by the pipelines with and
    without NER: the model is the largest thing a worker holds."""
    return load_segmenter()


@lru_cache(maxsize=None)
def chinese_nlp(use_ner: bool = True) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.pkuseg_seg = segmenter()  # what tokenizer.initialize(pkuseg_model=...) sets
    # pkuseg splits a cue word differently in different contexts (谈到 -> 谈/到),
    # and the cue ruler matches whole tokens: forcing the cue words keeps them whole.
    nlp.tokenizer.pkuseg_update_user_dict(_cue_words())
    add_cue_ruler(nlp, "zh")
    add_components(nlp)
    # The trained NER adds what the rules miss, so it runs right after them;
    # without a model (`minsheng train`) the rules run alone.
    if use_ner and model_available():
        nlp.add_pipe("minsheng_ner", after="minsheng_entities")
    return nlp


def load_models(use_ner: bool = True) -> None:
    """Load now what the pipeline loads on first need (the NER model)."""
    nlp = chinese_nlp(use_ner)
    if "minsheng_ner" in nlp.pipe_names:
        nlp.get_pipe("minsheng_ner").load()
