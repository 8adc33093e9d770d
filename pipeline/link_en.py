"""Stage 6 for English articles: who commits to what."""
from __future__ import annotations

from spacy.tokens import Doc


class EnLinkerComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.commitments = []
        return doc
