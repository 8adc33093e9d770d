"""Pydantic models: the single source of the output schema (see CONTRACT.md)."""
from schemas.models import (
    SCHEMA_VERSION,
    Actor,
    Article,
    Commitment,
    Official,
    Span,
    Target,
)

__all__ = ["SCHEMA_VERSION", "Actor", "Article", "Commitment", "Official", "Span", "Target"]
