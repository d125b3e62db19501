"""Claims stage: number mentions + sentences → claim records (metric, scope, entity, period, confidence, as-of date,
evidence)."""
from .build import extract_claims, iter_claims

__all__ = ["extract_claims", "iter_claims"]
