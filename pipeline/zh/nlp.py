"""The Chinese spaCy pipeline: pkuseg segmentation, cue ruler, the zh stages.

Chinese text is segmented by spacy-pkuseg with pkuseg's trained default
model, which the `pkuseg` distribution installs (`make setup`); nothing is
downloaded at run time. The trained NER (`minsheng_ner`) runs after the entity
recognizer when its model is present and `use_ner` is on.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.zh.link  # noqa: F401  (registers the factories)
import pipeline.zh.recognize  # noqa: F401
import pipeline.zh.targets  # noqa: F401
from pipeline.core.doc import SetupError, add_components, add_cue_ruler, cue_patterns
from pipeline.zh.ner import model_available


def pkuseg_model_dir() -> Path:
    """The default model shipped inside the `pkuseg` distribution."""
    spec = importlib.util.find_spec("pkuseg")
    if spec is None or not spec.submodule_search_locations:
        raise SetupError(
            "pkuseg's model is missing: run `make setup` (it installs pkuseg==0.0.25 "
            "with numpy, Cython and wheel present and build isolation off)")
    model = Path(list(spec.submodule_search_locations)[0]) / "models" / "default"
    if not (model / "features.pkl").exists() and not (model / "features.msgpack").exists():
        raise SetupError(f"pkuseg is installed but its default model is not at {model}: "
                         "reinstall it with `make setup`")
    return model


# pkuseg's sdist ships its features as a pickle, which spacy-pkuseg loads
# after printing this on every start (and in every worker).
_PKUSEG_NOISE = "WARNING: features.msgpack does not exist, try loading features.pkl"


def _quietly(load, **kwargs) -> None:
    """Run a loader, passing on to stderr all it prints but pkuseg's notice."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        load(**kwargs)
    rest = [line for line in captured.getvalue().splitlines() if line.strip() != _PKUSEG_NOISE]
    if rest:
        sys.stderr.write("\n".join(rest) + "\n")


def _cue_words() -> list[str]:
    return sorted({p["pattern"] for p in cue_patterns("zh")
                   if isinstance(p["pattern"], str) and len(p["pattern"]) > 1})


@lru_cache(maxsize=None)
def chinese_nlp(use_ner: bool = True) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    _quietly(nlp.tokenizer.initialize, pkuseg_model=str(pkuseg_model_dir()), pkuseg_user_dict="default")
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
