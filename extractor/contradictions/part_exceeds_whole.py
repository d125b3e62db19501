"""part_exceeds_whole: a state's figure above the national (`India`) one for the same metric and time.

Rule: same metric and unit; the metric is additive (not a percent: a state's completion rate may well beat the
country's) and not marked `subgroups`; the state's lower tolerance bound is above the national figure's upper bound
(tolerance.py: "at least X" starts at X, "about Y" reaches Y + 10%, "more than 67 लाख" on the same day reaches
70.35 lakh). Time: the national figure is within SAME_PERIOD_DAYS of the state's either way, or — for cumulative
metrics — up to PART_LATER_DAYS after it (the nation's total only grows, so a later national figure below an earlier
state figure is still a contradiction). Undated figures are compared only within their own article.

Parts are states; a department's figure (entity) is not treated as a part, because the claims do not say reliably
which department a figure belongs to.

When one national claim is below the figures of OUTLIER_STATES or more states, that national claim is the outlier:
one flag names it (variant `national_low`, scope India) instead of one flag per state.

Which national figure the state is set against: among those in the time window that the state exceeds, the highest
(the mildest contradiction — usually the consensus figure, not a slipped one), then the nearest in time. Support is
the number of independent national sources in the window that the state exceeds (counted among MAX_SCAN).

How it scales: the national claims of a metric are sorted by time once, with a sparse table of their upper bounds,
so "does any national figure in this window lie below the state's" is O(1) per state claim; only the (rare)
violators are scanned, at most MAX_SCAN national claims each.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from . import timing, tolerance
from ..lang import NATIONAL
from .engine import SUPPORT_MIN, Candidate, Index, Row, representative

KIND = "part_exceeds_whole"
MAX_SCAN = 256
OUTLIER_STATES = 3  # a national figure below this many states' figures is named the outlier (see _invert)


class RangeMin:
    """Sparse table: the minimum of values[i:j] in O(1) after O(n log n) set-up."""

    def __init__(self, values: list[float]):
        self.levels = [values]
        h = 1
        while 2 * h <= len(values):
            prev = self.levels[-1]
            self.levels.append(list(map(min, prev[:len(prev) - h], prev[h:])))
            h *= 2

    def min(self, i: int, j: int) -> float:
        k = (j - i).bit_length() - 1
        level = self.levels[k]
        return min(level[i], level[j - (1 << k)])


def find(index: Index, exclude: set[str] = frozenset()) -> list[Candidate]:
    """`exclude`: ids of claims magnitude_slip named as slips: not compared across articles (a national figure
    already flagged as ten times too low would otherwise put every state above it), still within one article."""
    out: list[Candidate] = []
    for (metric, unit), scopes in index.by_metric_unit().items():
        m = index.metric(metric)
        if unit == "percent" or m.unit == "percent" or m.subgroups or NATIONAL not in scopes or len(scopes) < 2:
            continue
        everything = scopes[NATIONAL]
        national = [r for r in everything if r.fact.id not in exclude]
        dated = sorted((r for r in national if r.t is not None), key=lambda r: (r.t, r.order))
        times = [r.t for r in dated]
        table = RangeMin([r.hi for r in dated]) if dated else None
        by_doc: dict[str, list[Row]] = defaultdict(list)
        for r in everything:
            by_doc[r.doc].append(r)
        later = timing.PART_LATER_DAYS if m.cumulative else timing.SAME_PERIOD_DAYS
        found: list[Candidate] = []
        for state, rows in scopes.items():
            if state == NATIONAL:
                continue
            for s in rows:
                # inside one article: always compared, even when one side is a known slip
                own = [n for n in by_doc.get(s.doc, ()) if n.hi < s.lo and _same_time(s, n)]
                if own:
                    found.append(_pick(s, own, metric, state))
                    continue
                if s.t is None or table is None or s.fact.id in exclude:
                    continue
                i = bisect_left(times, s.span[0] - timing.SAME_PERIOD_DAYS)
                j = bisect_right(times, s.span[1] + later)
                if i < j and table.min(i, j) < s.lo:
                    found.append(_pick(s, _scan(dated, times, i, j, s), metric, state))
        out += _invert(_representatives(found))
    return out


def _invert(found: list[Candidate]) -> list[Candidate]:
    """One national figure that OUTLIER_STATES or more states exceed is itself the likely slip: one flag names it
    (variant `national_low`), instead of one flag per state."""
    by_national: dict[str, list[Candidate]] = defaultdict(list)
    for c in found:
        by_national[c.other[0].fact.id].append(c)
    out: list[Candidate] = []
    for items in by_national.values():
        states = {c.state for c in items}
        if len(states) < OUTLIER_STATES:
            out += items
            continue
        national = items[0].other[0]
        top = max(items, key=lambda c: (c.flagged[0].lo, -c.flagged[0].order))
        out.append(Candidate(KIND, top.metric, NATIONAL, [national], [top.flagged[0]], suspect=national,
                             supporting_sources=len(states), ratio=top.ratio, gap=top.gap,
                             variant="national_low", extra={"part_state": top.state}))
    return out


def _same_time(s: Row, n: Row) -> bool:
    g = timing.gap_days(s.span, n.span)
    return g is None or g <= timing.SAME_PERIOD_DAYS


def _scan(dated: list[Row], times: list[int], i: int, j: int, s: Row) -> list[Row]:
    """National claims in dated[i:j] below the state's figure, among the MAX_SCAN nearest in time to the state's
    (else the lowest of the window)."""
    centre = bisect_left(times, s.t, i, j)
    lo, hi = max(i, centre - MAX_SCAN // 2), min(j, centre + MAX_SCAN // 2)
    near = [n for n in dated[lo:hi] if n.hi < s.lo]
    if near:
        return near
    # the range minimum said there is one: it lies farther out (rare), so find it
    return [min(dated[i:j], key=lambda n: (n.hi, n.order))]


def _pick(s: Row, pool: list[Row], metric: str, state: str) -> Candidate:
    own = [n for n in pool if n.doc == s.doc]
    best = max(own or pool, key=lambda n: (n.hi, -abs((n.t or 0) - (s.t or 0)), -n.order))
    support = len({n.source for n in pool} - {s.source})
    suspect = s if support >= SUPPORT_MIN else None
    return Candidate(KIND, metric, state, [s], [best], suspect=suspect,
                     supported_value=best.fact.value if suspect else None, supporting_sources=support or None,
                     ratio=tolerance.ratio(s.wv, best.wv), gap=tolerance.relative_gap(s.lo, s.hi, best.lo, best.hi),
                     soft_only=tolerance.overlaps(s.hard_lo, s.hard_hi, best.hard_lo, best.hard_hi))


def _representatives(found: list[Candidate]) -> list[Candidate]:
    by_src: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in found:
        by_src[(c.state, c.flagged[0].source)].append(c)
    out = []
    for items in by_src.values():
        keep = {r.fact.id for r in representative([c.flagged[0] for c in items])}
        out += [c for c in items if c.flagged[0].fact.id in keep]
    return out
