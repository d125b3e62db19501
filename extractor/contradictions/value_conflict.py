"""value_conflict: same metric, scope and period; values that cannot both be right given their qualifiers.

Rule: same metric, unit and scope; same period (timing.period_key: the same as_of as written, else the same
publication date, undated only within one source); the two claims' tolerance intervals (tolerance.py) do not
overlap. "18 लाख से अधिक" and "18.8 लाख से अधिक" overlap (both lower bounds); "about 30 lakh" and "3 crore" do not —
but that pair is ten times apart, so it is left to magnitude_slip (a slip is never reported twice). Metrics marked
`subgroups` in metrics.toml are skipped: "22 लाख कर्मचारी … 5 लाख (ULB staff)" are two sub-populations.

How it scales: facts are bucketed by (group, period) with a dict; a bucket whose intervals share a point (the usual
case: every outlet repeating one release) is done in one pass. Otherwise the bucket is partitioned into clusters of
mutually compatible figures (greedy interval stabbing: sort by upper end, a new cluster whenever a figure starts
above the current stabbing point; every cluster's figures share a point). The *main* cluster has the most
independent sources (then most claims, then the lower value). Every figure outside the main cluster's common
interval gets one flag against the main-cluster claim it conflicts with — its own article's when it has one (an
article contradicting itself), else the nearest in value. Pairs between two non-main clusters are not reported:
each already has its flag against the main one.

`soft_only` marks a conflict that exists only under the soft reading of "more than X" (severity low).
"""
from __future__ import annotations

import bisect
from collections import defaultdict

from . import tolerance
from .engine import SUPPORT_MIN, Candidate, Index, Row, by_source, representative
from .magnitude_slip import is_slip

KIND = "value_conflict"


def find(index: Index) -> list[Candidate]:
    out: list[Candidate] = []
    for (metric, unit, state), rows in index.groups.items():
        if len(rows) < 2 or index.metric(metric).subgroups:
            continue
        buckets: dict[str, list[Row]] = defaultdict(list)
        for r in rows:
            buckets[r.period].append(r)
        for bucket in buckets.values():
            if len(bucket) < 2:
                continue
            if max(r.lo for r in bucket) <= min(r.hi for r in bucket):
                continue  # every figure shares a point: all compatible
            out += _bucket(bucket, metric, state)
    return out


def conflicts_in(bucket: list[Row], metric: str, state: str) -> list[Candidate]:
    """The conflicts among rows of one period (same_event.py uses it for the reports of one event)."""
    if len(bucket) < 2 or max(r.lo for r in bucket) <= min(r.hi for r in bucket):
        return []
    return _bucket(bucket, metric, state)


def stab(rows: list[Row]) -> list[list[Row]]:
    """Clusters whose members all contain one point (greedy stabbing, by upper end)."""
    clusters: list[list[Row]] = []
    point = None
    for r in sorted(rows, key=lambda r: (r.hi, r.lo, r.order)):
        if point is not None and r.lo <= point:
            clusters[-1].append(r)
        else:
            point = r.hi
            clusters.append([r])
    return clusters


def _bucket(bucket: list[Row], metric: str, state: str) -> list[Candidate]:
    clusters = stab(bucket)
    sources = [by_source(c) for c in clusters]
    official = [any(r.fact.official for r in c) for c in clusters]  # an official source's value is preferred
    main_i = max(range(len(clusters)), key=lambda i: (official[i], len(sources[i]), len(clusters[i]),
                                                       -clusters[i][0].hi))
    main = clusters[main_i]
    cons_lo, cons_hi = max(r.lo for r in main), min(r.hi for r in main)
    main_sources = sources[main_i]
    out: list[Candidate] = []
    outside = [r for i, c in enumerate(clusters) if i != main_i for r in c if not (r.lo <= cons_hi and cons_lo <= r.hi)]
    side_sources = {r.source for r in outside}
    nearest_of = {src: _Nearest(rows) for src, rows in main_sources.items()}
    nearest_any = _Nearest(main)
    for src, rows in by_source(outside).items():
        for r in representative(rows):
            # the main-cluster claim r conflicts with that is nearest in value, its own article's when it has one
            own = nearest_of[src].nearest(r) if src in nearest_of else None
            anchor = own or nearest_any.nearest(r)
            if anchor is None:
                continue
            if is_slip(r, anchor):
                continue
            support = len(main_sources) - (1 if src in main_sources else 0)
            suspect = r if support >= SUPPORT_MIN and support > len(side_sources) else None
            soft_only = tolerance.overlaps(r.hard_lo, r.hard_hi, anchor.hard_lo, anchor.hard_hi)
            out.append(Candidate(
                KIND, metric, state, [r], [anchor], suspect=suspect,
                supported_value=anchor.fact.value if suspect else None, supporting_sources=support or None,
                ratio=tolerance.ratio(r.wv, anchor.wv), soft_only=soft_only,
                gap=tolerance.relative_gap(r.lo, r.hi, anchor.lo, anchor.hi)))
    return out


class _Nearest:
    """Of rows that all share one point (a cluster), the one a figure conflicts with that is nearest to it in value:
    `min((g for g in rows if not overlaps(r, g)), key=(|log g - log r|, order))`, by bisection instead of a scan of
    the cluster for every figure outside it (an article repeating two figures 255,750 times each made that 6.5e10
    steps). A row entirely below r (hi < r.lo) has its written value below r's, so the nearest of those is the one
    with the highest value; a row entirely above r (lo > r.hi), the one with the lowest."""

    def __init__(self, rows: list[Row]):
        self.below = sorted(rows, key=lambda g: g.hi)
        self.his = [g.hi for g in self.below]
        self.best_below: list[Row] = []  # best_below[i]: highest value of below[:i + 1] (then lowest order)
        for g in self.below:
            b = self.best_below[-1] if self.best_below else g
            self.best_below.append(g if (-g.logv, g.order) < (-b.logv, b.order) else b)
        self.above = sorted(rows, key=lambda g: g.lo)
        self.los = [g.lo for g in self.above]
        self.best_above: list[Row] = [None] * len(self.above)  # best_above[i]: lowest value of above[i:]
        for i in range(len(self.above) - 1, -1, -1):
            g, b = self.above[i], self.best_above[i + 1] if i + 1 < len(self.above) else self.above[i]
            self.best_above[i] = g if (g.logv, g.order) < (b.logv, b.order) else b

    def nearest(self, r: Row) -> Row | None:
        found = []
        i = bisect.bisect_left(self.his, r.lo)  # below[:i] end before r starts
        if i:
            found.append(self.best_below[i - 1])
        j = bisect.bisect_right(self.los, r.hi)  # above[j:] start after r ends
        if j < len(self.above):
            found.append(self.best_above[j])
        return min(found, key=lambda g: (abs(g.logv - r.logv), g.order)) if found else None
