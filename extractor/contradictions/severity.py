"""Severity of a flag: named rules, tried in order; the first that applies sets `severity` and `severity_rule`.

| rule | severity | when |
|---|---|---|
| `slip`                 | high   | a magnitude slip, or a reference mismatch that is ten/hundred/thousand times off: a figure off by a power of ten misleads every reader |
| `part_whole_headline`  | high   | a state above the nation on a headline metric (`headline = true` in metrics.toml: users, completions, downloads, courses, hours) |
| `soft_bound`           | low    | the conflict exists only under the soft reading of "more than X" (tolerance.py): the writer may simply have rounded down a lot |
| `small_gap`            | low    | figures less than SMALL_GAP (5%) apart beyond both tolerances: probably a cut-off date or rounding |
| `same_article`         | low    | a value conflict inside one article: usually a sub-figure the extractor took for the total, or a headline rounded differently |
| `default`              | medium | everything else: value conflicts between sources, a running total that fell, shares that do not add up, other parts above the whole, reference mismatches |
"""
from __future__ import annotations

from ..lang import Metric
from .engine import Candidate
from .tolerance import SMALL_GAP

RULES = ("slip", "part_whole_headline", "soft_bound", "small_gap", "same_article", "default")


def severity(c: Candidate, metric: Metric, same_document: bool) -> tuple[str, str]:
    if c.kind == "magnitude_slip" or (c.kind == "reference_mismatch" and c.power):
        return "high", "slip"
    if c.kind == "part_exceeds_whole" and metric.headline:
        return "high", "part_whole_headline"
    if c.soft_only:
        return "low", "soft_bound"
    if c.kind in ("value_conflict", "cumulative_backwards", "part_exceeds_whole", "reference_mismatch") \
            and c.gap < SMALL_GAP:
        return "low", "small_gap"
    if c.kind == "value_conflict" and same_document:
        return "low", "same_article"
    return "medium", "default"
