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
from pipeline.core.doc import add_components, add_cue_ruler
from pipeline.zh.ner import model_available
from pipeline.zh.segmenter import shared_segmenter


@lru_cache(maxsize=None)
def chinese_nlp(use_ner: bool = True) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.pkuseg_seg = shared_segmenter()  # what tokenizer.initialize(pkuseg_model=...) sets
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
