"""Claims stage: number mentions + sentences → claim records (metric, scope, entity, as-of date, evidence)."""
from .build import extract_claims

__all__ = ["extract_claims"]
