"""value_conflict between independent reports of one event (variant "same_event"): Karmayogi Saptah 2024 reported
as 45.6 lakh course enrolments by one outlet and 45.4 lakh by another.

Rule: the claims of one event (`engine.event_indexes`: same event name, same year where the reports give one),
same metric, unit and scope, from different sources; their intervals (tolerance.py) do not meet, and they are not a
power of ten apart (that is magnitude_slip's). Tolerance: as tolerance.py, except that a figure written exactly is
rounded *half-open* — "32.6 lakh" is 32.55 up to (not including) 32.65 lakh — so two adjacent roundings ("32.6" and
"32.5 lakh") of one event's total are a conflict; and a figure written coarser than another of the group may also be
that figure cut short rather than rounded ("Rs 510 crore" for Rs 510.86 crore: 509.5 up to 511 crore). So
"Rs 510 crore" / "Rs 510.86 crore", "about 29 thousand" / "28,881" and "more than 38 lakh" / "38.5 lakh" are no
conflicts, while "4.3 lakh" / "4.21 lakh" is. For a metric whose figures are often sub-populations
(`subgroups` in metrics.toml: "4.3 lakh participants" and "23,800 officers" of the same week) only figures within
SUBGROUP_GAP of each other are compared: reports of one figure differ by little, sub-populations by much.

Two figures of one article are not compared here (an article that gives "over four lakh" in its lead and "4.3 lakh"
in its body restates one figure). Severity follows severity.py (a gap under 5% is low).
"""
from __future__ import annotations

from . import tolerance
from .engine import Candidate, Index
from .magnitude_slip import is_slip
from .value_conflict import conflicts_in

SUBGROUP_GAP = 0.10
_HALF_OPEN = 1e-9  # relative: the upper end of an exactly written figure is not part of its rounding interval


def _unit(r) -> float:
    return r.fact.precision or tolerance.rounding_unit(r.fact.value)


def find(index: Index, event: str) -> list[Candidate]:
    out: list[Candidate] = []
    for (metric, unit, state), rows in index.groups.items():
        if len({r.source for r in rows}) < 2:
            continue
        finest = min((_unit(r) for r in rows if r.fact.qualifier == "exact"), default=None)
        for r in rows:
            if r.fact.qualifier != "exact":
                continue
            if _unit(r) > finest:
                r.hi = r.fact.value + _unit(r)  # a coarser figure may be the finer one cut short: 510.86 → "510"
            r.hi -= _HALF_OPEN * abs(r.hi)
        subgroups = index.metric(metric).subgroups
        for c in conflicts_in(rows, metric, state):
            a, b = c.flagged[0], c.other[0]
            if a.source == b.source or is_slip(a, b):
                continue
            if subgroups and c.gap > SUBGROUP_GAP:
                continue
            c.variant = "same_event"
            c.extra["event"] = event
            # the gap beyond two adjacent roundings is next to nothing ("32.6" and "32.5 lakh"): the explanation
            # and the severity use how far apart the two figures as written are (0.3%)
            c.gap = abs(a.wv - b.wv) / min(a.wv, b.wv)
            out.append(c)
    return out
