"""arithmetic: stated shares or parts that do not add up — only where one article gives everything needed.

Two checks, both conservative: no flag without a clear base, and the base must come from the same article (the
article's own figures, same scope, within SAME_PERIOD_DAYS of each other). Figures from other sources are not used:
a share "of national registrations" in one outlet and a national total in another may not mean the same total.

- **share** (`share_of` in metrics.toml): a state's stated share p% of a national total T, checked against the
  article's own state figure x of T and national figure N of T. The implied share is x/N, as an interval from the
  tolerance intervals (tolerance.py). Flag when p is off the implied interval by more than a factor SHARE_FACTOR
  (1.5) *and* by more than SHARE_POINTS (5 percentage points), for every (x, N) pair the article offers. Seed 001:
  18 लाख of 14.5 करोड़ is about 1.2%, not 93% → flagged. Its 99% (72 लाख of "more than 67 लाख" ≈ 102–108%) is within
  the factor and is not: that article's real problem is the part above the whole, flagged by its own rule.
- **parts** (`parts` in metrics.toml): figures of disjoint subsets (learners who completed three or more courses,
  and fewer than three) cannot add up to more than the total (registered users) of the same scope. Flag when the
  sum of the parts' lower bounds exceeds the total's upper bound. A single-metric list is a plain subset
  (learners who completed at least one course ≤ registered users).
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


def find(index: Index) -> list[Candidate]:
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
