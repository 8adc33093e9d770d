"""Stage 4, segment: the spaCy pipelines, built once per process.

Chinese text is segmented by spacy-pkuseg with pkuseg's trained default
model, which the `pkuseg` distribution installs (`make setup`); nothing is
downloaded at run time. English uses spaCy's rule-based tokenizer. Both
pipelines then run the same registered components: the cue ruler
(SpanRuler patterns from `rules/*/speech.jsonl` and `cues.jsonl`), the
entity recognizer, the target recognizer and the linker. The Chinese pipeline
adds the trained NER (`minsheng_ner`) after the entity recognizer when its
model is present and `use_ner` is on.
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
from spacy.tokens import Doc

from pipeline.rules import read_jsonl


class SetupError(RuntimeError):
    """The environment lacks something the pipeline needs to start."""


# Results hang on the Doc (spaCy idiom): later components read what earlier
# ones wrote; `pipeline.records` turns them into contract records.
for _name in ("source", "lang", "layout", "context", "officials", "mentions",
              "targets", "commitments", "doc_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

CUE_KEY = "cues"
_TEXT_KEY = "minsheng.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, read once: `Doc.text` joins every token on each access,
    and the stages read it per paragraph and per sentence."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


COMPONENTS = ("minsheng_entities", "minsheng_targets", "minsheng_linker")


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


def _cue_patterns(family: str) -> list[dict]:
    return [p.model_dump() for name in ("speech.jsonl", "cues.jsonl") for p in read_jsonl(f"{family}/{name}")]


def _cue_words(family: str) -> list[str]:
    return sorted({p["pattern"] for p in _cue_patterns(family)
                   if isinstance(p["pattern"], str) and len(p["pattern"]) > 1})


def _add_cue_ruler(nlp: Language, family: str) -> None:
    ruler = nlp.add_pipe("span_ruler", name="cue_ruler",
                         config={"spans_key": CUE_KEY, "overwrite": False})
    ruler.add_patterns(_cue_patterns(family))


def _add_components(nlp: Language) -> Language:
    import pipeline.recognize  # noqa: F401  (registers the factories)
    import pipeline.targets  # noqa: F401
    import pipeline.link  # noqa: F401

    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=None)
def chinese_nlp(use_ner: bool = True) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    _quietly(nlp.tokenizer.initialize, pkuseg_model=str(pkuseg_model_dir()), pkuseg_user_dict="default")
    # pkuseg splits a cue word differently in different contexts (谈到 -> 谈/到),
    # and the cue ruler matches whole tokens: forcing the cue words keeps them whole.
    nlp.tokenizer.pkuseg_update_user_dict(_cue_words("zh"))
    _add_cue_ruler(nlp, "zh")
    _add_components(nlp)
    if use_ner:
        _add_statistical_ner(nlp)
    return nlp


def _add_statistical_ner(nlp: Language) -> None:
    """The trained NER (pipeline/ner.py) adds what the rules miss, so it runs
    right after them; without a model (`minsheng train`) the rules run alone."""
    from pipeline.ner import model_available  # also registers the factory

    if model_available():
        nlp.add_pipe("minsheng_ner", after="minsheng_entities")


@lru_cache(maxsize=None)
def english_nlp() -> Language:
    nlp = spacy.blank("en")
    _add_cue_ruler(nlp, "en")
    return _add_components(nlp)


def nlp_for(lang: str, use_ner: bool = True) -> Language:
    """The pipeline for an article's language; English has no trained NER."""
    return english_nlp() if lang == "en" else chinese_nlp(use_ner)
