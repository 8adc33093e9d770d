"""pkuseg's trained model in a form that loads in a fraction of a second.

pkuseg keeps its 2.6 million features in one 77 MB pickle; unpickling it
and building the dictionary take about 3 s, in every process that segments
Chinese (msgpack is slower still). The segmenter only ever looks up features
made of characters of the text it cuts, so `make setup` (`python -m
pipeline.zh.segmenter`) writes the model once more, next to pkuseg's own,
as tables grouped by character:

- every feature (and every word of pkuseg's word list and of its
  post-processing dictionary) goes to the group of the rarest character it
  is made of; a feature can only be looked up for a text that contains all
  of its characters, so it is loaded whenever it can be needed;
- `LazySegmenter.cut` loads the groups of the characters it has not met
  before, then cuts with pkuseg's own code, so the tokens are exactly
  pkuseg's (tests/test_startup.py compares them);
- the weights are a NumPy file mapped into memory, read as pages are used.

A short article loads under a fifth of the features; a long run fills the
tables as it goes. Without the converted form (pkuseg installed some other
way) the stock loader runs, slower but with the same tokens.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import mmap
import os
import pickle
import shutil
import sys
import tempfile
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import spacy_pkuseg
from spacy_pkuseg.feature_extractor import FeatureExtractor
from spacy_pkuseg.model import Model

from pipeline.core.doc import SetupError, cue_patterns

# Bumped whenever the layout of the converted files changes.
FORMAT = 1
FOLDER_NAME = "minsheng-lazy"
# What pkuseg's feature names hold besides the text's characters: placeholders
# for digits, full-width letters and "no word here" (feature_extractor.pyx).
_PLACEHOLDERS = ("**Num", "**Letter", "**noWord")
# pkuseg renames -._,|/*: to & before it reads a text, so in a feature name
# . and * are never text: they separate its parts.
_SEPARATORS = ".*"
# The group of features made of no character ("$$", the start feature).
_ALWAYS = ""


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


def _dictionary_path() -> Path:
    # pkuseg's post-processing word list, which its constructor always loads.
    return Path(os.path.realpath(spacy_pkuseg.__file__)).parent / "dicts" / "default.pkl"


# --------------------------------------------------------------------------
# Which characters a feature or a word is made of
# --------------------------------------------------------------------------

def word_nodes(word: str) -> set[str]:
    """The text nodes (characters as pkuseg normalizes them, or a digit or
    letter placeholder) a string of nodes is made of."""
    if "*" not in word:  # no placeholder: most features
        return set(word) - set(_SEPARATORS)
    nodes, i = set(), 0
    while i < len(word):
        placeholder = next((p for p in _PLACEHOLDERS if word.startswith(p, i)), None)
        if placeholder:
            if placeholder != "**noWord":
                nodes.add(placeholder)
            i += len(placeholder)
            continue
        if word[i] not in _SEPARATORS:
            nodes.add(word[i])
        i += 1
    return nodes


def feature_nodes(feature: str) -> set[str]:
    """The nodes of a feature name such as `c-1c.就.业` or `ww.l.**noWord*就业`."""
    kind, _, body = feature.partition(".")
    if kind == "ww":  # ww.l.<pre>*<post>, ww.r.<pre>*<post>
        body = body[2:]
    return word_nodes(body)


def text_nodes(text: str) -> set[str]:
    """The nodes pkuseg reads in a text: its characters renamed and normalized."""
    return set(FeatureExtractor.normalize_text(text))


# --------------------------------------------------------------------------
# Strings grouped by their rarest character
# --------------------------------------------------------------------------

def _rarest(groups: list[set[str]]) -> list[str]:
    """For each entry, the character fewest entries contain (ties by code
    point): the group it is loaded with."""
    counts = Counter(node for nodes in groups for node in nodes)
    return [min(nodes, key=lambda n: (counts[n], n)) if nodes else _ALWAYS for nodes in groups]


def write_table(folder: Path, name: str, strings: list[str], keys: list[str],
                ids: Iterable[int] | None = None) -> None:
    """`name.txt` (the strings, grouped, one per line), `name.json` (where
    each group starts) and, for a feature table, `name.ids.npy`."""
    if any("\n" in s for s in strings):
        raise SetupError(f"pkuseg's {name} has an entry with a line break: cannot convert it")
    order = sorted(range(len(strings)), key=lambda i: keys[i])
    index: dict[str, list[int]] = {}
    offset = 0
    with (folder / f"{name}.txt").open("wb") as out:
        for line, i in enumerate(order):
            key, data = keys[i], strings[i].encode("utf-8") + b"\n"
            if key not in index:
                index[key] = [line, line, offset, offset]
            index[key][1] += 1
            index[key][3] += len(data)
            out.write(data)
            offset += len(data)
    (folder / f"{name}.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    if ids is not None:
        values = list(ids)
        np.save(folder / f"{name}.ids.npy", np.array([values[i] for i in order], dtype=np.int32))


class Table:
    """A converted table: the groups of the keys it is given, loaded once each."""

    def __init__(self, folder: Path, name: str, with_ids: bool = False):
        self._index = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with (folder / f"{name}.txt").open("rb") as fh:  # never empty: pkuseg's tables are not
            self._text = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._ids = np.load(folder / f"{name}.ids.npy", mmap_mode="r") if with_ids else None

    def take(self, keys: Iterable[str]) -> tuple[list[str], list[int]]:
        """The strings (and ids) of the groups of `keys` not taken before."""
        strings: list[str] = []
        ids: list[int] = []
        for key in keys:
            group = self._index.pop(key, None)
            if group is None:
                continue
            first, last, start, end = group
            strings.extend(self._text[start:end - 1].decode("utf-8").split("\n"))
            if self._ids is not None:
                ids.extend(self._ids[first:last].tolist())
        return strings, ids

    def take_all(self) -> tuple[list[str], list[int]]:
        return self.take(list(self._index))


# --------------------------------------------------------------------------
# The segmenter
# --------------------------------------------------------------------------

class LazyFeatures(FeatureExtractor):
    """pkuseg's feature extractor whose tables fill in as texts need them.
    pkuseg's compiled code reads `feature_to_idx` and `unigram`, a real
    dict and set, which only ever grow."""

    def __init__(self, folder: Path, meta: dict):
        self.tag_to_idx = meta["tag_to_idx"]
        self.feature_to_idx: dict[str, int] = {}
        self.unigram: set[str] = set()
        self._features = Table(folder, "features", with_ids=True)
        self._unigram = Table(folder, "unigram")
        self._folder = folder
        self.add_nodes([_ALWAYS])

    def add_nodes(self, nodes: Iterable[str]) -> None:
        nodes = list(nodes)
        names, ids = self._features.take(nodes)
        self.feature_to_idx.update(zip(names, ids))
        self.unigram.update(self._unigram.take(nodes)[0])

    def load_all(self) -> None:
        names, ids = self._features.take_all()
        self.feature_to_idx.update(zip(names, ids))
        self.unigram.update(self._unigram.take_all()[0])

    @cached_property
    def bigram(self) -> set[str]:
        # Only training and saving read it.
        return set(Table(self._folder, "bigram").take_all()[0])

    def save(self, model_dir=None) -> None:
        self.load_all()  # spaCy's to_disk writes the whole model
        super().save(model_dir)


class LazyDictionary:
    """pkuseg's post-processing word set, filled by character like the features."""

    def __init__(self, folder: Path):
        self.words: set[str] = set()
        self._table = Table(folder, "dictionary")
        self.add_chars([_ALWAYS])

    def add_chars(self, chars: Iterable[str]) -> None:
        self.words.update(self._table.take(chars)[0])

    def load_all(self) -> None:
        self.words.update(self._table.take_all()[0])


class LazySegmenter(spacy_pkuseg.pkuseg):
    """spacy_pkuseg's segmenter on the converted model: the same attributes
    as pkuseg's own constructor sets (default model, default user dict, no
    POS tags), the tables loaded by `cut` as characters come."""

    def __init__(self, folder: Path):  # pkuseg's __init__ would read the pickle
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.postag = False
        self.preprocesser = spacy_pkuseg.Preprocesser(None)
        self._dictionary = LazyDictionary(folder)
        self.postprocesser = spacy_pkuseg.Postprocesser(None, [])  # on, with no word yet
        self.postprocesser.other_words = self._dictionary.words
        self.feature_extractor = LazyFeatures(folder, meta)
        self.model = _mapped_model(folder, meta)
        self.idx_to_tag = {idx: tag for tag, idx in meta["tag_to_idx"].items()}
        self.n_feature = meta["n_features"]
        self.n_tag = len(meta["tag_to_idx"])
        self._seen: set[str] = set()

    def cut(self, txt: str) -> list:
        # Everything pkuseg can look up for `txt` is made of its characters.
        new = set(txt) - self._seen
        if new:
            self._seen |= new
            self.feature_extractor.add_nodes(text_nodes("".join(new)))
            self._dictionary.add_chars(new)
        return super().cut(txt)


def _mapped_model(folder: Path, meta: dict) -> Model:
    model = Model.__new__(Model)
    model.n_tag, model.n_feature = meta["n_tag"], meta["n_model_features"]
    model.n_transition_feature = model.n_tag * (model.n_feature + model.n_tag)
    # Copy-on-write: pkuseg's compiled code asks for a writable buffer; pages
    # are read from the file as used and shared by every process.
    model.w = np.load(folder / "weights.npy", mmap_mode="c")
    return model


# --------------------------------------------------------------------------
# Loading, converting
# --------------------------------------------------------------------------

def converted_dir(model_dir: Path) -> Path:
    return model_dir / FOLDER_NAME


def _stamp(model_dir: Path) -> dict:
    """What the conversion was made from: a reinstalled pkuseg makes it stale."""
    sources = (model_dir / "features.pkl", model_dir / "weights.npz", _dictionary_path())
    return {"format": FORMAT, "sources": [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sources]}


def is_converted(model_dir: Path) -> bool:
    try:
        meta = json.loads((converted_dir(model_dir) / "meta.json").read_text(encoding="utf-8"))
        return meta.get("stamp") == _stamp(model_dir)
    except (OSError, ValueError):
        return False


# pkuseg's sdist ships its features as a pickle, which spacy-pkuseg loads
# after printing this on every start (and in every worker).
_PKUSEG_NOISE = "WARNING: features.msgpack does not exist, try loading features.pkl"


def _quietly(load: Callable[[], spacy_pkuseg.pkuseg]) -> spacy_pkuseg.pkuseg:
    """Run a loader, passing on to stderr all it prints but pkuseg's notice."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        segmenter = load()
    rest = [line for line in captured.getvalue().splitlines() if line.strip() != _PKUSEG_NOISE]
    if rest:
        sys.stderr.write("\n".join(rest) + "\n")
    return segmenter


def stock_segmenter(model_dir: Path) -> spacy_pkuseg.pkuseg:
    """pkuseg's own loader (what spaCy's tokenizer would build): ~3 s."""
    return _quietly(lambda: spacy_pkuseg.pkuseg(str(model_dir), user_dict="default"))


def load_segmenter(model_dir: Path | None = None) -> spacy_pkuseg.pkuseg:
    """The converted model when `make setup` wrote it and it is current,
    else pkuseg's own loader."""
    model_dir = model_dir or pkuseg_model_dir()
    if is_converted(model_dir):
        return LazySegmenter(converted_dir(model_dir))
    return stock_segmenter(model_dir)


@lru_cache(maxsize=None)
def shared_segmenter() -> spacy_pkuseg.pkuseg:
    """One pkuseg segmenter per process, shared by the pipelines with and
    without NER and by the NER's word feature (zh/ner.py): the model is the
    largest thing a worker holds. pkuseg splits a cue word differently in
    different contexts (谈到 -> 谈/到), and the cue ruler matches whole
    tokens: its user dictionary keeps the cue words whole, for every reader
    of the segmenter alike."""
    segmenter = load_segmenter()
    for word in _cue_words():
        segmenter.preprocesser.insert(word, "")  # what spaCy's pkuseg_update_user_dict does
    return segmenter


def _cue_words() -> list[str]:
    return sorted({p["pattern"] for p in cue_patterns("zh")
                   if isinstance(p["pattern"], str) and len(p["pattern"]) > 1})


def convert(model_dir: Path) -> Path:
    """Write the converted model next to pkuseg's (replacing an old one)."""
    with (model_dir / "features.pkl").open("rb") as fh:
        data = pickle.load(fh)
    with _dictionary_path().open("rb") as fh:
        dictionary = pickle.load(fh).strip().split("\n")
    weights = np.load(model_dir / "weights.npz")
    features = data["feature_to_idx"]
    names = list(features)
    tmp = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-", dir=model_dir))
    try:
        write_table(tmp, "features", names, _rarest([feature_nodes(f) for f in names]), features.values())
        unigram = sorted(data["unigram"])
        write_table(tmp, "unigram", unigram, _rarest([word_nodes(w) for w in unigram]))
        bigram = sorted(data["bigram"])
        write_table(tmp, "bigram", bigram, [_ALWAYS] * len(bigram))
        words = sorted(set(dictionary))
        write_table(tmp, "dictionary", words, _rarest([set(w) for w in words]))
        np.save(tmp / "weights.npy", weights["w"])
        n_tag, n_model_features = (int(v) for v in weights["sizes"])
        meta = {"tag_to_idx": data["tag_to_idx"], "n_features": len(features), "n_tag": n_tag,
                "n_model_features": n_model_features, "stamp": _stamp(model_dir)}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        target = converted_dir(model_dir)
        shutil.rmtree(target, ignore_errors=True)
        tmp.chmod(0o755)  # mkdtemp's folder is private; pkuseg's is readable by all
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def main() -> None:
    """`make setup`: convert pkuseg's model unless it is already current."""
    model_dir = pkuseg_model_dir()
    if is_converted(model_dir):
        print(f"pkuseg model already converted: {converted_dir(model_dir)}")
    elif not (model_dir / "features.pkl").exists():
        print(f"pkuseg model not converted: no features.pkl in {model_dir} (pkuseg's own loader will run)")
    else:
        print(f"pkuseg model converted: {convert(model_dir)}")


if __name__ == "__main__":
    main()
