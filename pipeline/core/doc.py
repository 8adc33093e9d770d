"""The Doc every stage reads and writes: its extensions and shared helpers.

Results hang on the Doc (spaCy idiom): later components read what earlier
ones wrote, and `pipeline.core.records` turns them into contract records.
A language pack (`pipeline.zh`, `pipeline.en`) builds a spaCy pipeline whose
components write these extensions.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.rules import read_jsonl


class SetupError(RuntimeError):
    """The environment lacks something the pipeline needs to start."""


for _name in ("source", "lang", "layout", "context", "officials", "mentions",
              "targets", "commitments", "doc_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

CUE_KEY = "cues"
_TEXT_KEY = "minsheng.text"

# The registered components every language pack adds, in this order.
COMPONENTS = ("minsheng_entities", "minsheng_targets", "minsheng_linker")


def doc_text(doc: Doc) -> str:
    """The Doc's text, read once: `Doc.text` joins every token on each access,
    and the stages read it per paragraph and per sentence."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def cue_patterns(family: str) -> list[dict]:
    """SpanRuler patterns for speech verbs and modality cues of a language."""
    return [p.model_dump() for name in ("speech.jsonl", "cues.jsonl") for p in read_jsonl(f"{family}/{name}")]


def add_cue_ruler(nlp: Language, family: str) -> None:
    ruler = nlp.add_pipe("span_ruler", name="cue_ruler",
                         config={"spans_key": CUE_KEY, "overwrite": False})
    ruler.add_patterns(cue_patterns(family))


def add_components(nlp: Language) -> Language:
    """The registered stages; each language pack registers its own factories
    under these names for its `Language` class."""
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
