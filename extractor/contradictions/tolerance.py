"""What a written figure can mean: each claim becomes an interval of values it is compatible with.

Two figures agree when their intervals overlap (closed intervals: touching counts). The interval depends on the
qualifier and on the precision the figure was written with:

| qualifier | interval | why |
|---|---|---|
| `exact`    | value ± half a unit of its last written digit | "1.45 crore" is any figure that rounds to it: 1.445–1.455 crore; "30 lakh" 29.5–30.5 lakh. The unit comes from the evidence quote (`ClaimFact.precision`, quotes.written_precision); without one (plain digits "4,500", "70%", number words) trailing zeros are read as not significant ("4,500" ± 50, "70%" ± 5): the lenient reading, since the digits cannot tell |
| `approx`   | value ± APPROX_REL (10%), at least the rounding | "about", "nearly", "लगभग", "के करीब": reporters round to one or two digits; 10% covers "about 7.2 crore" for 6.5–7.9 crore and still separates "about 30 lakh" from "3 crore" |
| `at_least` | soft: value … value + max(one unit of the last digit, AT_LEAST_HEADROOM = 5%); hard: value … ∞ | "more than 67 लाख", "crossed 1.45 crore", "840+" report the figure of the moment rounded down, so on the same day "more than 67 लाख" is read as 67–70.35 lakh; two lower bounds like "18 लाख से अधिक" and "18.8 लाख से अधिक" still agree. Across time a later "more than X" can be a milestone statement, so cumulative_backwards uses only the hard bound |
| `at_most`  | 0 … value (hard and soft) | "up to 12 lakh", "less than 15 per cent" are ceilings or targets, not rounded figures |
| `range`    | value … value_max, each end widened by its rounding | "10-12 लाख", "between 8 and 10 lakh" |

`SMALL_GAP` (5%) is the relative gap beyond both intervals under which a disagreement is "small" (low severity:
probably a cut-off date or rounding, see severity.py).
"""
from __future__ import annotations

import math

APPROX_REL = 0.10
AT_LEAST_HEADROOM = 0.05
SMALL_GAP = 0.05
INF = math.inf

# magnitude slips: a ratio within SLIP_RATIO_TOL of 10, 100 or 1000 (15%: exact decimal shifts give exactly 10^k;
# the slack is for a slip combined with rounding or a few weeks' growth — "14.5 करोड़" in January vs "1.38 करोड़" in
# April is 10.5×). 10^4 and more are not slips a reporter makes with Indian or Western scale words.
SLIP_RATIO_TOL = 0.15
SLIP_POWERS = (1, 2, 3)
_SLIP_LOG_TOL = math.log10(1 + SLIP_RATIO_TOL)


def rounding_unit(value: float) -> float:
    """One unit of the last significant digit: 14500000 → 100000 (1.45 crore), 4179 → 1, 13.5 → 0.1, 70 → 10."""
    v = abs(value)
    if v == 0:
        return 1.0
    if v == int(v):
        n = int(v)
        u = 1
        while n % 10 == 0:
            n //= 10
            u *= 10
        return float(u)
    s = f"{v:.6f}".rstrip("0")
    return 10.0 ** -(len(s) - s.index(".") - 1)


def interval(value: float, value_max: float | None, qualifier: str,
             precision: float | None = None) -> tuple[float, float, float, float]:
    """(lo, hi, hard_lo, hard_hi): the soft interval the rules compare, and the hard one (see the module table).
    `precision`: one unit of the last written digit, when the quote told it; else read from the value."""
    unit = precision or rounding_unit(value)
    if qualifier == "exact":
        h = unit / 2
        lo, hi = value - h, value + h
        return lo, hi, lo, hi
    if qualifier == "approx":
        h = max(APPROX_REL * abs(value), unit / 2)
        lo, hi = value - h, value + h
        return lo, hi, lo, hi
    if qualifier == "at_least":
        return value, value + max(unit, AT_LEAST_HEADROOM * abs(value)), value, INF
    if qualifier == "at_most":
        lo = min(0.0, value)
        return lo, value, lo, value
    if qualifier == "range" and value_max is not None:
        lo = value - unit / 2
        hi = value_max + (precision or rounding_unit(value_max)) / 2
        return lo, hi, lo, hi
    h = unit / 2  # an unknown qualifier is read as exact
    return value - h, value + h, value - h, value + h


def written_value(value: float, value_max: float | None, qualifier: str) -> float:
    """The single figure a reader sees (a range's geometric middle), used for ratios."""
    if qualifier == "range" and value_max is not None and value > 0 and value_max > 0:
        return math.sqrt(value * value_max)
    return value


def overlaps(lo1: float, hi1: float, lo2: float, hi2: float) -> bool:
    return lo1 <= hi2 and lo2 <= hi1


def relative_gap(lo1: float, hi1: float, lo2: float, hi2: float) -> float:
    """How far apart two disjoint intervals are, relative to the lower one's top (0 when they overlap)."""
    if hi1 < lo2:
        return (lo2 - hi1) / hi1 if hi1 > 0 else INF
    if hi2 < lo1:
        return (lo1 - hi2) / hi2 if hi2 > 0 else INF
    return 0.0


def slip_power(a: float, b: float) -> int:
    """k when a and b are 10^k apart (k in SLIP_POWERS, within SLIP_RATIO_TOL), else 0."""
    if a <= 0 or b <= 0:
        return 0
    d = abs(math.log10(a) - math.log10(b))
    k = round(d)
    if k in SLIP_POWERS and abs(d - k) <= _SLIP_LOG_TOL:
        return k
    return 0


def ratio(a: float, b: float) -> float:
    if a <= 0 or b <= 0:
        return INF
    return max(a, b) / min(a, b)
