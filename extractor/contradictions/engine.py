"""Shared machinery of the rules: facts prepared once into rows, grouped with dicts, and the candidate a rule emits.

Preparation is one pass over the facts: each becomes a `Row` holding its tolerance interval (tolerance.py), its
time span (timing.py), its written value and log10, and its value_conflict period. Facts of metric `other`, of an
unknown metric, or with a non-positive value are dropped (nothing to compare them with).

Groups are dicts keyed by (metric, unit, state): the rules never look across metrics, units or scopes except
part_exceeds_whole (a state's group against the national group of the same metric and unit) and arithmetic (one
article's figures of related metrics).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..lang import Metric, metrics
from . import timing, tolerance
from .facts import ClaimFact, ReferenceFigure

SUPPORT_MIN = 2  # independent sources that must agree before one side is named the likely slip


class Row:
    """A fact prepared for the rules (internal; cheap to make by the million)."""

    __slots__ = ("fact", "lo", "hi", "hard_lo", "hard_hi", "span", "t", "wv", "logv", "period", "source", "doc",
                 "order")

    def __init__(self, fact: ClaimFact, order: int):
        self.fact = fact
        self.order = order
        self.lo, self.hi, self.hard_lo, self.hard_hi, self.wv, self.logv = _reading(
            fact.value, fact.value_max, fact.qualifier, fact.precision)
        self.span = span = timing.span(fact.as_of, fact.published)
        self.t = None if span is None else (span[0] + span[1]) // 2
        self.source = fact.source_id
        self.doc = fact.document_id
        self.period = fact.as_of or fact.published or timing.period_key(None, None, fact.source_id)

    @property
    def id(self) -> str:
        return self.fact.id

    def __repr__(self) -> str:  # for test failures
        f = self.fact
        return f"Row({f.id}, {f.metric}, {f.state}, {f.value}, {f.qualifier}, {f.as_of}, {f.source_id})"


@lru_cache(maxsize=1 << 18)
def _reading(value: float, value_max: float | None, qualifier: str, precision: float | None) -> tuple[float, ...]:
    """Interval, written value and its log10 of a figure (cached: the same figures are reported again and again)."""
    wv = tolerance.written_value(value, value_max, qualifier)
    return (*tolerance.interval(value, value_max, qualifier, precision), wv, math.log10(wv) if wv > 0 else -math.inf)


@dataclass(slots=True)
class Candidate:
    """What a rule found, before the full claims are loaded and the Flag is written.

    `flagged` is the side the flag is about (the likely slip when `suspect` is set), `other` the side it disagrees
    with; for reference_mismatch `other` is empty and `reference` holds the official figure.
    """

    kind: str
    metric: str
    state: str
    flagged: list[Row]
    other: list[Row]
    suspect: Row | None = None
    supported_value: float | None = None
    supporting_sources: int | None = None
    ratio: float | None = None
    power: int = 0                 # magnitude: the figures are 10**power apart
    gap: float = 0.0               # relative gap beyond both tolerances
    soft_only: bool = False        # in conflict only under the soft reading of "more than X"
    implied: float | None = None   # arithmetic: what the other figures imply
    variant: str | None = None     # a template variant: "share", "parts", "earlier_outlier", "slip"
    reference: ReferenceFigure | None = None
    extra: dict = field(default_factory=dict)

    def claim_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.flagged + self.other:
            seen.setdefault(r.fact.id, None)
        return list(seen)

    def id_keys(self) -> list[str]:
        keys = self.claim_ids()
        if self.reference is not None:
            keys.append(self.reference.key)
        return keys


class Index:
    """The prepared rows, grouped. Like is compared with like (the claims' `period` and `entity`):

    - the main index holds running totals (and stated shares, which the arithmetic rule checks against their own
      article whatever their period) of whole states or the nation: a department's figure (`entity`) never stands
      for its state, and an event's total, a year's, a target or a value quoted from earlier is no running total;
    - `event_indexes` gives one index per event (same event name; the year when the reports give one), whose
      reports are compared with each other only (`period_of` puts them in one value_conflict bucket);
    - `entity_indexes` one per entity over its running totals (MP Police against MP Police).
    """

    def __init__(self, facts: Iterable[ClaimFact], period_of=None):
        self.metrics: dict[str, Metric] = metrics()
        self.rows: list[Row] = []
        self.groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        known = self.metrics
        for i, fact in enumerate(facts):
            if fact.metric not in known or not fact.value or fact.value <= 0:
                continue
            if period_of is None and not _comparable(fact, known[fact.metric]):
                continue
            row = Row(fact, i)
            if period_of is not None:
                row.period = period_of(fact)
            self.rows.append(row)
            self.groups[(fact.metric, fact.unit, fact.state)].append(row)
        self.groups = dict(self.groups)

    def metric(self, metric_id: str) -> Metric:
        return self.metrics[metric_id]

    def by_metric_unit(self) -> dict[tuple[str, str], dict[str, list[Row]]]:
        out: dict[tuple[str, str], dict[str, list[Row]]] = defaultdict(dict)
        for (metric, unit, state), rows in self.groups.items():
            out[(metric, unit)][state] = rows
        return dict(out)


def representative(rows: list[Row]) -> list[Row]:
    """Of rows from several documents of one source (syndicated copies), those of its first document (earliest
    published, then document id): one story is flagged once, not once per copy."""
    if len({r.doc for r in rows}) <= 1:
        return rows
    first = min(rows, key=lambda r: (r.fact.published or "9999", r.doc)).doc
    return [r for r in rows if r.doc == first]


def by_source(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[r.source].append(r)
    return out


MAX_FLAGGED = 50  # claims one flag lists on its flagged side (below); real flags have a handful


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates of one kind about one document against the same other side become one flag (an article's
    headline and body stating the same slipped figure are one finding). A flag lists the first `MAX_FLAGGED` of
    its flagged claims, in article order (and the suspect): an article that repeats a figure 255,750 times
    (issue 14) is one finding, not a flag that loads every claim of a 20 MB article."""
    merged: dict[tuple, Candidate] = {}
    ids: dict[tuple, set[str]] = {}
    for c in candidates:
        docs = {r.doc for r in c.flagged}
        key = (c.kind, c.metric, c.state, tuple(sorted(docs)), tuple(r.fact.id for r in c.other), c.variant,
               c.reference.key if c.reference else None)
        have = merged.get(key)
        if have is None:
            merged[key] = c
            ids[key] = {r.fact.id for r in c.flagged}
            continue
        seen = ids[key]
        for r in c.flagged:
            if r.fact.id not in seen:
                seen.add(r.fact.id)
                have.flagged.append(r)
        if c.suspect is not None and have.suspect is None:
            have.suspect = c.suspect
    for c in merged.values():
        c.flagged.sort(key=lambda r: r.order)
        if len(c.flagged) > MAX_FLAGGED:
            kept = c.flagged[:MAX_FLAGGED]
            if c.suspect is not None and c.suspect not in kept and c.suspect in c.flagged:
                kept[-1] = c.suspect
                kept.sort(key=lambda r: r.order)
            c.flagged = kept
    return list(merged.values())


def time_distance(a: Row, b: Row) -> int:
    """Days apart, for choosing the nearest anchor; an undated row counts as far (but compatible)."""
    g = timing.gap_days(a.span, b.span)
    return 10**6 if g is None else g


def _comparable(fact: ClaimFact, metric: Metric) -> bool:
    if fact.entity:
        return False
    return fact.period == "cumulative" or metric.share_of is not None


def event_indexes(facts: Iterable[ClaimFact]) -> list[tuple[str, Index]]:
    """One index per event over the reports of that event (entity figures aside). Reports that name the event's year
    are grouped by it; reports without a year join the event's only year, and are left out when there are several
    (Karmayogi Saptah is held every year: an undated "45.6 lakh enrolments" cannot be put against 2023's)."""
    by_event: dict[str, dict[str | None, list[ClaimFact]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.period != "event" or not f.event or f.entity:
            continue
        name, year = _event_year(f.event)
        by_event[name][year].append(f)
    out = []
    for name, years in by_event.items():
        dated = [y for y in years if y is not None]
        if len(dated) == 1 and None in years:
            years[dated[0]].extend(years.pop(None))
        for year, group in years.items():
            if len(group) > 1:
                key = f"\x00event:{name}:{year or '?'}"
                out.append((f"{name} {year}" if year else name, Index(group, period_of=lambda _f, key=key: key)))
    return out


def entity_indexes(facts: Iterable[ClaimFact]) -> list[tuple[str, Index]]:
    """One index per entity (a department, a police force) over its running totals: its figures are compared with
    each other only, never with its state's (an entity never stands for its state). Same periods as the main index."""
    by_entity: dict[str, list[ClaimFact]] = defaultdict(list)
    for f in facts:
        if f.entity and f.period == "cumulative":
            by_entity[f.entity].append(f)
    return [(name, Index(group, period_of=_own_period)) for name, group in sorted(by_entity.items())
            if len(group) > 1]


def _own_period(f: ClaimFact) -> str:
    return f.as_of or f.published or timing.period_key(None, None, f.source_id)


def target_index(facts: Iterable[ClaimFact]) -> Index | None:
    """The targets (goals, populations to cover, outlays) of whole states or the nation, compared with each other
    only: a target is never a running total, but two reports of one target a power of ten apart are a slip."""
    targets = [f for f in facts if f.period == "target" and not f.entity]
    return Index(targets, period_of=lambda f: f.as_of or f.published or "\x00target") if len(targets) > 1 else None


def _event_year(event: str) -> tuple[str, str | None]:
    head, _, tail = event.rpartition(" ")
    if head and len(tail) == 4 and tail.isdigit():
        return head, tail
    return event, None
