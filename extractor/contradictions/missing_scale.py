"""magnitude_slip, variant "missing_scale": a count written as a fraction with no scale word ("Around 10.5 government
servants have been trained"): people, courses and downloads come whole, so "10.5" is "10.5 lakh" (or crore, or
million) with the scale word lost in editing.

Rule: a claim of a known metric counted in units (`unit = "count"` in metrics.toml), not an average, whose value is
not a whole number. One claim makes the flag; it is a slip by itself, so no other source is needed, and the
explanation names no likely scale (the article alone cannot tell lakh from crore). The value is exact as parsed
("10.5"), so there is no tolerance to set: a whole number never fires, however it was written.

How it scales: one look at each fact.
"""
from __future__ import annotations

from typing import Iterable

from .engine import Candidate, Index, Row
from .facts import ClaimFact

KIND = "magnitude_slip"
_NOT_WHOLE = 1e-9


def find(facts: Iterable[ClaimFact], index: Index) -> list[Candidate]:
    out: list[Candidate] = []
    for i, f in enumerate(facts):
        m = index.metrics.get(f.metric)
        if m is None or m.unit != "count" or f.unit != "count" or f.period == "daily_average" or not f.value:
            continue
        if f.value <= 0 or abs(f.value - round(f.value)) < _NOT_WHOLE:
            continue
        out.append(Candidate(KIND, f.metric, f.state, [Row(f, i)], [], variant="missing_scale"))
    return out
