"""cumulative_backwards: a running total (registered users, completions, downloads, …) reported lower later.

Rule: a metric with `cumulative = true` in metrics.toml; same unit and scope; claim B's time span lies wholly after
claim A's (timing.py; undated claims take no part); B's *hard* upper bound is below A's hard lower bound
(tolerance.py: a later "more than X" is only a lower bound — "has crossed 900" is not a decline — and an earlier
"up to X" is no floor). A pair ten times apart within the slip window is left to magnitude_slip.

Which earlier claim B is set against: the earlier claim *closest in value* among those above B (the smallest drop
that still contradicts; ties → the most recent). That keeps the pairing on the consensus figure rather than on some
far-off outlier ("१.३८ करोड़" in April is set against "1.45 crore" in March, not against a slipped "14.5 crore").
Support is the number of independent earlier sources agreeing with that claim (its interval), counted among the
MAX_SUPPORT_SCAN nearest values.

A later lower bound written to a finer digit than an earlier figure and below it (variant `finer_bound`, severity
low: only the soft reading makes it a fall): "over 1.5 crore" users in January, "more than 1.49 crore" as on
6 February. "More than X" that precise is the day's count rounded down, below X plus one unit of its last digit
(1.50 crore), while a round "crossed 1 crore" after "1.2 crore" stays a milestone and is not flagged (its digit is
not finer), and neither is a bound more than FINER_BOUND_DROP (20%) below the earlier figure ("900+ courses" after
"11 lakh"): the rounding-down reading explains a small fall, not a collapse.

When one earlier claim is what SUPPORT_MIN or more later independent sources fall below, and nothing else backs it,
the earlier claim is the outlier: one flag names it (variant `earlier_outlier`) instead of one flag per later report.

How it scales: one sweep per group in time order, keeping the earlier claims' lower bounds in a sorted list
(bisect): O(n log n) per group, plus the capped support scans.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from . import tolerance
from .engine import SUPPORT_MIN, Candidate, Index, Row, representative
from .magnitude_slip import is_slip

KIND = "cumulative_backwards"
MAX_SUPPORT_SCAN = 64
FINER_BOUND_DROP = 0.2  # finer_bound: only a later bound at most 20% below the earlier figure (see the docstring)


def find(index: Index, exclude: set[str] = frozenset()) -> list[Candidate]:
    """`exclude`: ids of claims magnitude_slip named as slips (they are not re-reported here)."""
    out: list[Candidate] = []
    for (metric, unit, state), rows in index.groups.items():
        m = index.metric(metric)
        if not m.cumulative or len(rows) < 2:
            continue
        dated = [r for r in rows if r.span is not None and r.fact.id not in exclude]
        if len(dated) < 2:
            continue
        out += _group(dated, metric, state, slips_elsewhere=not m.subgroups)
    return out


def _group(dated: list[Row], metric: str, state: str, slips_elsewhere: bool) -> list[Candidate]:
    by_end = sorted(dated, key=lambda r: (r.span[1], r.order))
    by_start = sorted(dated, key=lambda r: (r.span[0], r.order))
    keys: list[float] = []   # hard lower bounds of earlier claims, sorted
    earlier: list[Row] = []
    i = 0
    found: list[tuple[Row, Row, int]] = []
    bounds: list[tuple[Row, Row]] = []
    for b in by_start:
        while i < len(by_end) and by_end[i].span[1] < b.span[0]:
            a = by_end[i]
            j = bisect_right(keys, a.hard_lo)
            keys.insert(j, a.hard_lo)
            earlier.insert(j, a)
            i += 1
        if not keys:
            continue
        if b.hard_hi == tolerance.INF:
            fell = _finer_bound_below(b, keys, earlier)
            if fell is not None and not (slips_elsewhere and is_slip(b, fell)):
                bounds.append((b, fell))
            continue
        pos = bisect_right(keys, b.hard_hi)
        if pos == len(keys):
            continue
        # among the claims with the smallest such lower bound, the most recent
        end = pos
        while end < len(keys) and keys[end] == keys[pos] and end - pos < MAX_SUPPORT_SCAN:
            end += 1
        partner = max(earlier[pos:end], key=lambda r: (r.span[1], -r.order))
        if slips_elsewhere and is_slip(b, partner):
            continue
        agreeing = set()
        for a in earlier[pos:pos + MAX_SUPPORT_SCAN]:
            if a.hard_lo > partner.hi:
                break
            if a.source != b.source:
                agreeing.add(a.source)
        found.append((b, partner, len(agreeing)))
    out = _candidates(found, metric, state)
    for b, a in bounds:
        out.append(Candidate(KIND, metric, state, [b], [a], ratio=tolerance.ratio(b.wv, a.wv), soft_only=True,
                             gap=(a.hard_lo - b.wv) / b.wv if b.wv > 0 else tolerance.INF, variant="finer_bound"))
    return out


def _unit(r: Row) -> float:
    return r.fact.precision or tolerance.rounding_unit(r.fact.value)


def _finer_bound_below(b: Row, keys: list[float], earlier: list[Row]) -> Row | None:
    """A later "more than X" written to a finer digit than an earlier figure, and below it even so: "over 1.5 crore"
    in January, "more than 1.49 crore" as on 6 February. A lower bound written that finely is the count of its day
    rounded down (below X + one unit of its last digit), so it reads as a fall. The earlier claim with the smallest
    lower bound at or above that is the partner, ties to the most recent."""
    if b.fact.qualifier != "at_least":
        return None
    top = b.fact.value + _unit(b)
    pos = bisect_left(keys, top)
    coarser = [a for a in earlier[pos:pos + MAX_SUPPORT_SCAN] if a.source != b.source and _unit(a) > _unit(b)]
    if not coarser:
        return None
    low = min(a.hard_lo for a in coarser)
    if low > top * (1 + FINER_BOUND_DROP):
        return None  # "900+" courses after "11 lakh": no rounding story; a far lower bound may be a milestone
    return max((a for a in coarser if a.hard_lo == low), key=lambda r: (r.span[1], -r.order))


def _candidates(found: list[tuple[Row, Row, int]], metric: str, state: str) -> list[Candidate]:
    by_partner: dict[str, list[tuple[Row, Row, int]]] = defaultdict(list)
    for item in found:
        by_partner[item[1].fact.id].append(item)
    out: list[Candidate] = []
    for items in by_partner.values():
        partner = items[0][1]
        later_sources = {b.source for b, _, _ in items} - {partner.source}
        backed = max(s for _, _, s in items)
        if len(later_sources) >= SUPPORT_MIN and backed < SUPPORT_MIN:
            first = min((b for b, _, _ in items if b.source != partner.source),
                        key=lambda r: (r.span[0], r.order))
            out.append(Candidate(
                KIND, metric, state, [partner], [first], suspect=partner, supported_value=first.fact.value,
                supporting_sources=len(later_sources), ratio=tolerance.ratio(partner.wv, first.wv),
                gap=tolerance.relative_gap(first.hard_lo, first.hard_hi, partner.hard_lo, partner.hard_hi),
                variant="earlier_outlier"))
            continue
        by_src: dict[str, list[tuple[Row, Row, int]]] = defaultdict(list)
        for item in items:
            by_src[item[0].source].append(item)
        for src_items in by_src.values():
            keep = {r.fact.id for r in representative([b for b, _, _ in src_items])}
            for b, a, support in src_items:
                if b.fact.id not in keep:
                    continue
                suspect = b if support >= SUPPORT_MIN else None
                out.append(Candidate(
                    KIND, metric, state, [b], [a], suspect=suspect,
                    supported_value=a.fact.value if suspect else None, supporting_sources=support or None,
                    ratio=tolerance.ratio(b.wv, a.wv),
                    gap=tolerance.relative_gap(b.hard_lo, b.hard_hi, a.hard_lo, a.hard_hi)))
    return out
