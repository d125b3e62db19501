"""arithmetic: stated shares or parts that do not add up — only where one article gives everything needed.

Conservative checks: no flag without a clear base, which comes from the same article (the article's own figures,
same scope, within SAME_PERIOD_DAYS of each other) — except in the two "across" checks below, where the other
sources' figures must be dated to a day or a month and within SAME_PERIOD_DAYS of the article's own.

- **share** (`share_of` in metrics.toml): a state's stated share p% of a national total T, checked against the
  article's own state figure x of T and national figure N of T. The implied share is x/N, as an interval from the
  tolerance intervals (tolerance.py). Flag when p is off the implied interval by more than a factor SHARE_FACTOR
  (1.5) *and* by more than SHARE_POINTS (5 percentage points), for every (x, N) pair the article offers. Seed 001:
  18 लाख of 14.5 करोड़ is about 1.2%, not 93% → flagged. Its 99% (72 लाख of "more than 67 लाख" ≈ 102–108%) is within
  the factor and is not: that article's real problem is the part above the whole, flagged by its own rule.
- **share across sources** (variant "share_across"): a share whose article gives the state's figure x but no national
  one is checked, as above, against the national figures N of other sources within SAME_PERIOD_DAYS of x; flagged
  only when it is off for every such (x, N). "18.8 lakh … 93% of national onboarding" against a national total that
  other outlets put at 1.45 crore the same week: about 13%, not 93%.
- **parts** (`parts` in metrics.toml): figures of disjoint subsets (learners who completed three or more courses,
  and fewer than three) cannot add up to more than the total (registered users) of the same scope. Flag when the
  sum of the parts' lower bounds exceeds the total's upper bound. A single-metric list is a plain subset
  (learners who completed at least one course ≤ registered users).
- **subset across sources** (variant "subset"): the one exception to "same article", for a plain subset only. A
  subset figure (people who completed a course) from one source above another source's total (registered users) of
  the same scope, both dated and within SAME_PERIOD_DAYS, above even the highest such total (a lower "total" nearby
  may be a part the extractor took for the whole, "10.4 lakh users from the states"): "62 lakh civil servants completed courses" on 12 December
  against "46 lakh+ registered users" on 28 November. Both figures are read with their tolerance (the total's "+"
  softly, as on the same day: a running total does not grow by a third in a fortnight). Undated figures take no part:
  a subset of 2026 above a total of 2024 is growth; so do figures dated by a year only. Cost: each subset figure looks
  up the highest total of each day of its span and SAME_PERIOD_DAYS around it (a dict by day; at most 59 lookups, for
  a month), so a million facts are one pass.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import product

from . import timing, tolerance
from ..lang import NATIONAL
from .engine import Candidate, Index, Row

KIND = "arithmetic"
SHARE_FACTOR = 1.5
SHARE_POINTS = 5.0
_MAX_SPAN_DAYS = 31  # a subset figure dated to a day or a month is compared across sources; one dated to a year is not


def find(index: Index, exclude: set[str] = frozenset()) -> list[Candidate]:
    """`exclude`: ids of claims magnitude_slip named as slips: the checks across sources leave them out (one outlet's
    slipped national figure would otherwise make every other outlet's share look wrong, one flag per share)."""
    metrics = index.metrics
    share_metrics = {m.id for m in metrics.values() if m.share_of}
    part_metrics = {p for m in metrics.values() for parts in m.parts for p in parts}
    wanted = share_metrics | part_metrics
    docs = {r.doc for (metric, _, _), rows in index.groups.items() if metric in wanted for r in rows}
    if not docs:
        return []
    by_doc: dict[str, dict[tuple[str, str], list[Row]]] = defaultdict(lambda: defaultdict(list))
    for (metric, unit, state), rows in index.groups.items():
        for r in rows:
            if r.doc in docs:
                by_doc[r.doc][(metric, state)].append(r)
    out: list[Candidate] = []
    for doc in sorted(by_doc):
        table = by_doc[doc]
        out += _shares(table, metrics)
        out += _parts(table, metrics)
    out += _shares_across(index, by_doc, exclude)
    out += _subsets_across(index, exclude)
    return out


def _dated_days(rows, max_span: int = _MAX_SPAN_DAYS):
    """Rows dated to a day or a month (a year is too coarse to put beside a fortnight), with their spans."""
    return [r for r in rows if r.span is not None and r.span[1] - r.span[0] <= max_span]


def _shares_across(index: Index, by_doc, exclude: set[str] = frozenset()) -> list[Candidate]:
    """A share whose article gives the state's figure but no national one, against the national figures other
    sources give within SAME_PERIOD_DAYS of the state's figure (both dated): flagged only when it is off for every
    such national figure, as in _shares. "Every" needs only the two extremes of the fortnight — the national figure
    with the lowest lower end gives the highest implied share, the one with the highest upper end the lowest — kept
    per day in a dict, so a share costs at most 59 lookups whatever the number of national figures."""
    out = []
    metrics = index.metrics
    extremes: dict[str, dict[int, tuple[Row, Row]]] = {}
    for doc in sorted(by_doc):
        table = by_doc[doc]
        for (metric, state), shares in table.items():
            base = metrics[metric].share_of
            if not base or state == NATIONAL:
                continue
            if base not in extremes:
                extremes[base] = _extremes_by_day([n for n in index.groups.get((base, "count", NATIONAL), ())
                                                   if n.fact.id not in exclude])
            by_day = extremes[base]
            for p in shares:
                if p.fact.unit != "percent" or not by_day:
                    continue
                if any(n.fact.unit != "percent" and _near(p, n) for n in table.get((base, NATIONAL), ())):
                    continue  # the article has its own national figure: _shares checked it
                for x in _dated_days([x for x in table.get((base, state), ())
                                      if x.fact.unit != "percent" and _near(p, x)]):
                    days = range(x.span[0] - timing.SAME_PERIOD_DAYS, x.span[1] + timing.SAME_PERIOD_DAYS + 1)
                    ends = [e for d in days if d in by_day for e in by_day[d] if e.source != p.source]
                    if not ends:
                        continue
                    lowest = min(ends, key=lambda n: (n.lo, n.order))
                    highest = max(ends, key=lambda n: (n.hi, -n.order))
                    if not (_share_off(p, x, lowest) and _share_off(p, x, highest)):
                        continue
                    n = min(ends, key=lambda n: (timing.gap_days(x.span, n.span), n.order))
                    implied = 100.0 * x.wv / n.wv
                    out.append(Candidate(KIND, metric, state, [p], [x, n], implied=implied, variant="share_across",
                                         ratio=tolerance.ratio(p.wv, implied),
                                         gap=abs(p.wv - implied) / max(implied, 1e-9)))
                    break
    return out


def _extremes_by_day(wholes) -> dict[int, tuple[Row, Row]]:
    """Day → (the national figure with the lowest lower end, the one with the highest upper end) of that day."""
    out: dict[int, tuple[Row, Row]] = {}
    for n in _dated_days(wholes):
        if n.fact.unit == "percent":
            continue
        have = out.get(n.t)
        if have is None:
            out[n.t] = (n, n)
            continue
        lo, hi = have
        out[n.t] = (n if (n.lo, n.order) < (lo.lo, lo.order) else lo, n if (n.hi, -n.order) > (hi.hi, -hi.order) else hi)
    return out


def _subsets_across(index: Index, exclude: set[str] = frozenset()) -> list[Candidate]:
    out = []
    for total_metric, m in index.metrics.items():
        subsets = [p[0] for p in m.parts if len(p) == 1]
        if not subsets:
            continue
        for (metric, unit, state), totals in index.groups.items():
            if metric != total_metric:
                continue
            highest: dict[int, Row] = {}  # day → the total with the highest upper end that day
            for t in totals:
                if t.t is None or t.fact.unit == "percent" or t.fact.id in exclude:
                    continue
                have = highest.get(t.t)
                if have is None or (-t.hi, t.order) < (-have.hi, have.order):
                    highest[t.t] = t
            if not highest:
                continue
            for sub in subsets:
                for r in index.groups.get((sub, unit, state), ()):
                    if not _dated_days([r]) or r.fact.id in exclude:
                        continue  # undated, or dated by a year only: too coarse for a fortnight
                    days = range(r.span[0] - timing.SAME_PERIOD_DAYS, r.span[1] + timing.SAME_PERIOD_DAYS + 1)
                    near = [highest[d] for d in days
                            if d in highest and highest[d].source != r.source and _near(r, highest[d])]
                    if not near:
                        continue
                    t = max(near, key=lambda t: (t.hi, -t.order))  # the most lenient total of the fortnight
                    if r.lo <= t.hi:
                        continue
                    out.append(Candidate(KIND, total_metric, state, [r], [t], implied=r.wv, variant="subset",
                                         ratio=tolerance.ratio(r.wv, t.wv),
                                         gap=(r.lo - t.hi) / t.hi if t.hi > 0 else tolerance.INF))
    return out


def _near(a: Row, b: Row) -> bool:
    g = timing.gap_days(a.span, b.span)
    return g is None or g <= timing.SAME_PERIOD_DAYS


def _shares(table, metrics) -> list[Candidate]:
    out = []
    for (metric, state), shares in table.items():
        base = metrics[metric].share_of
        if not base or state == NATIONAL:
            continue
        for p in shares:
            if p.fact.unit != "percent":
                continue
            parts = [x for x in table.get((base, state), ()) if x.fact.unit != "percent" and _near(p, x)]
            wholes = [n for n in table.get((base, NATIONAL), ()) if n.fact.unit != "percent" and _near(p, n)]
            if not parts or not wholes:
                continue
            pairs = list(product(parts, wholes))
            if not all(_share_off(p, x, n) for x, n in pairs):
                continue
            x, n = min(pairs, key=lambda xn: (xn[0].order, xn[1].order))
            implied = 100.0 * x.wv / n.wv
            out.append(Candidate(KIND, metric, state, [p], [x, n], implied=implied, variant="share",
                                 ratio=tolerance.ratio(p.wv, implied), gap=abs(p.wv - implied) / max(implied, 1e-9)))
    return out


def _share_off(p: Row, x: Row, n: Row) -> bool:
    if n.lo <= 0:
        return False
    lo, hi = 100.0 * x.lo / n.hi, 100.0 * x.hi / n.lo
    if p.lo > hi:
        return p.lo > hi * SHARE_FACTOR and p.lo - hi > SHARE_POINTS
    if p.hi < lo:
        return p.hi * SHARE_FACTOR < lo and lo - p.hi > SHARE_POINTS
    return False


def _parts(table, metrics) -> list[Candidate]:
    out = []
    for (metric, state), totals in table.items():
        for parts in metrics[metric].parts:
            rows = [table.get((p, state), []) for p in parts]
            if not all(rows):
                continue
            for total in totals:
                chosen = []
                for options in rows:
                    near = [r for r in options if r.fact.unit == total.fact.unit and _near(total, r)]
                    if not near:
                        break
                    chosen.append(min(near, key=lambda r: (r.lo, r.order)))  # the most lenient reading
                else:
                    low_sum = sum(r.lo for r in chosen)
                    if low_sum > total.hi:
                        out.append(Candidate(
                            KIND, metric, state, chosen, [total], implied=sum(r.wv for r in chosen),
                            variant="parts", ratio=tolerance.ratio(sum(r.wv for r in chosen), total.wv),
                            gap=(low_sum - total.hi) / total.hi if total.hi > 0 else tolerance.INF))
    return out
