"""magnitude_slip: the same figure written 10×, 100× or 1000× off (14.5 करोड़ for 1.45 करोड़, 30 million for 30 lakh).

Rule: same metric, unit and scope; figures within SLIP_WINDOW_DAYS of each other (or either undated: timing.py);
written values 10^k apart for k in 1, 2, 3 within SLIP_RATIO_TOL (tolerance.py). Metrics marked `subgroups` in
metrics.toml are skipped (two subgroup figures can be ten times apart).

How it scales (never all pairs): each group is sorted once by log10(value). Time is cut into blocks of
SLIP_WINDOW_DAYS; the facts of a block are compared against a window of that block and its two neighbours (plus the
undated facts; undated facts themselves are compared against the whole group, once). In a window, values are
chained into clusters wherever neighbours on the log scale are less than CLUSTER_GAP apart, so a group's ordinary
figures (including months of growth) form one cluster and slipped figures sit in clusters a power of ten away. The
*main* cluster is the one with most independent sources (then most claims, then the lower value); every other
cluster that is 10^k from it is a slip side. Each source on that side gets one flag: its claims (of its first
document, see engine.representative) against one anchor from the main cluster — a claim of the same source when the
article contradicts itself, else the main-cluster claim closest to the slipped value rescaled, then nearest in time
(at most MAX_ANCHOR_SCAN claims are examined). So flags grow with slipped claims, not with pairs.

When the main cluster has at least SUPPORT_MIN independent sources and more than the slip side, the flagged claim is
named the suspect and the anchor's value the supported one.

The likely slip is named from the claims' evidence quotes (their scale words, `name_slip`): same significant digits
→ decimal_shift; the same number under two scale words → `<written>_for_<meant>` (million_for_lakh); else
order_of_magnitude.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from typing import get_args

from ..records import Claim
from ..records.flag import SlipKind
from . import timing, tolerance
from .engine import SUPPORT_MIN, Candidate, Index, Row, by_source, representative, time_distance
from .quotes import mantissa, scale_of

KIND = "magnitude_slip"
CLUSTER_GAP = math.log10(1.5)      # neighbours less than 1.5× apart on the log scale belong to one cluster
PAIR_PREFILTER = 0.25              # cluster medians within 10^(k±0.25) are worth a claim-level check
MAX_ANCHOR_SCAN = 32


def find(index: Index, *, subgroups: bool = False) -> list[Candidate]:
    """`subgroups=True` (targets): compare metrics marked `subgroups` too — sub-populations are rarely exactly a
    power of ten apart, while "30 lakh" against "30 million" central employees is the slip itself."""
    out: list[Candidate] = []
    block_days = timing.SLIP_WINDOW_DAYS
    for (metric, unit, state), rows in index.groups.items():
        if (index.metric(metric).subgroups and not subgroups) or len(rows) < 2:
            continue
        by_log = sorted(rows, key=lambda r: (r.logv, r.order))
        if by_log[-1].logv - by_log[0].logv < 1 - PAIR_PREFILTER:
            continue  # nothing in the group is even roughly ten times anything else
        # each dated row joins the windows of its block and the two neighbouring blocks; undated rows join all
        windows: dict[int, list[Row]] = {}
        undated: list[Row] = []
        for r in by_log:
            if r.t is None:
                undated.append(r)
                for w in windows.values():
                    w.append(r)
                continue
            b = r.t // block_days
            for k in (b - 1, b, b + 1):
                w = windows.get(k)
                if w is None:
                    # a window opened late still needs the undated rows seen so far, in log order
                    w = windows[k] = list(undated)
                w.append(r)
        for b, window in windows.items():
            out += _window(window, lambda r, b=b: r.t is not None and r.t // block_days == b, metric, state)
        if undated:
            out += _window(by_log, lambda r: r.t is None, metric, state)
    return out


def _clusters(window: list[Row]) -> list[list[Row]]:
    clusters: list[list[Row]] = []
    last = None
    for r in window:
        if last is not None and r.logv - last <= CLUSTER_GAP:
            clusters[-1].append(r)
        else:
            clusters.append([r])
        last = r.logv
    return clusters


def _window(window: list[Row], is_focal, metric: str, state: str) -> list[Candidate]:
    if len(window) < 2 or window[-1].logv - window[0].logv < 1 - PAIR_PREFILTER:
        return []
    clusters = _clusters(window)
    if len(clusters) < 2:
        return []
    n_sources = [len({r.source for r in c}) for c in clusters]
    medians = [c[len(c) // 2].logv for c in clusters]
    official = [any(r.fact.official for r in c) for c in clusters]  # an official source's value is preferred
    main = max(range(len(clusters)), key=lambda i: (official[i], n_sources[i], len(clusters[i]), -medians[i]))
    main_rows = clusters[main]
    main_logs = [r.logv for r in main_rows]
    main_by_source = None
    n_main = n_sources[main]
    out: list[Candidate] = []
    for i, cluster in enumerate(clusters):
        if i == main:
            continue
        d = abs(medians[i] - medians[main])
        k = round(d)
        if k not in tolerance.SLIP_POWERS or abs(d - k) > PAIR_PREFILTER:
            continue
        focal = [r for r in cluster if is_focal(r)]
        if not focal:
            continue
        if main_by_source is None:
            main_by_source = by_source(main_rows)
        for src, all_rows in by_source(focal).items():
            copies = [r.fact.id for r in all_rows]
            for r in representative(all_rows):
                anchor = _anchor(r, main_rows, main_logs, main_by_source.get(src, ()))
                if anchor is None:
                    continue
                support = n_main - (1 if src in main_by_source else 0)
                suspect = r if support >= SUPPORT_MIN and support > n_sources[i] else None
                power = tolerance.slip_power(r.wv, anchor.wv)
                out.append(Candidate(
                    KIND, metric, state, [r], [anchor], suspect=suspect,
                    supported_value=anchor.fact.value if suspect else None,
                    supporting_sources=support or None, ratio=tolerance.ratio(r.wv, anchor.wv), power=power,
                    extra={"copies": copies}))
    return out


def _compatible_time(a: Row, b: Row) -> bool:
    g = timing.gap_days(a.span, b.span)
    return g is None or g <= timing.SLIP_WINDOW_DAYS


def _anchor(r: Row, main_rows: list[Row], main_logs: list[float], same_source: list[Row]) -> Row | None:
    """The main-cluster claim r is set against: its own source's first, else the closest rescaled value."""
    own = [g for g in same_source if tolerance.slip_power(r.wv, g.wv) and _compatible_time(r, g)]
    if own:
        return min(own, key=lambda g: (abs(abs(r.logv - g.logv) - round(abs(r.logv - g.logv))), g.order))
    k = round(abs(r.logv - main_logs[len(main_logs) // 2]))
    target = r.logv - k if r.logv > main_logs[len(main_logs) // 2] else r.logv + k
    pos = bisect_left(main_logs, target)
    lo, hi = pos - 1, pos
    best = None
    best_key = None
    examined = 0
    while examined < MAX_ANCHOR_SCAN and (lo >= 0 or hi < len(main_rows)):
        # walk outwards from the target value, nearer side first
        if hi >= len(main_rows) or (lo >= 0 and target - main_logs[lo] <= main_logs[hi] - target):
            g = main_rows[lo]
            lo -= 1
        else:
            g = main_rows[hi]
            hi += 1
        examined += 1
        if g.source == r.source or not tolerance.slip_power(r.wv, g.wv) or not _compatible_time(r, g):
            continue
        key = (round(abs(g.logv - target), 6), time_distance(r, g), g.order)
        if best_key is None or key < best_key:
            best, best_key = g, key
    return best


def is_slip(a: Row, b: Row) -> bool:
    """The test other rules use to leave a pair to this one: 10^k apart and within the slip window."""
    return bool(tolerance.slip_power(a.wv, b.wv)) and _compatible_time(a, b)


# -- naming the slip from the evidence quotes --------------------------------------------------------------------

_SLIPS = set(get_args(SlipKind))


def significant_digits(value: float) -> str:
    """145000000 → "145", 1.45e7 → "145", 6700000 → "67": the digits a decimal shift keeps."""
    s = f"{abs(value):.6f}".replace(".", "").lstrip("0").rstrip("0")
    return s or "0"


def name_slip(wrong: Claim, right: Claim) -> str:
    """Which way `wrong` was probably miswritten relative to `right` (a SlipKind).

    `wrong` is the flagged claim: the suspect when one is named; on a tie (one source against one) it is the higher
    figure by convention, so the direction of e.g. `lakh_for_crore` is then no judgement — the explanation templates
    say "lakh and crore were probably confused" and name a culprit only through `suspect_claim`."""
    sw, sr = scale_of(wrong.evidence.quote), scale_of(right.evidence.quote)
    mw, mr = mantissa(wrong.evidence.quote), mantissa(right.evidence.quote)
    if sw and sr and sw != sr and mw is not None and mr is not None and math.isclose(mw, mr):
        name = f"{sw}_for_{sr}"
        return name if name in _SLIPS else "order_of_magnitude"
    if significant_digits(wrong.value) == significant_digits(right.value):
        return "decimal_shift"
    return "order_of_magnitude"
