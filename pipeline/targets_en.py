"""Stage 5b for English articles: numeric targets."""
from __future__ import annotations

from spacy.tokens import Doc


class EnTargetRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        doc._.targets = []
        return doc
