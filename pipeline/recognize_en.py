"""Stage 5a for English (machine-translated) articles: officials, agencies, places."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.places import ArticleContext


class EnEntityRecognizer:
    def __init__(self, use_ner: bool):
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        doc._.context = ArticleContext()
        doc._.officials = []
        doc._.mentions = []
        return doc
