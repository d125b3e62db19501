"""value_conflict between reports of one workforce's size (variant "population"): the central civil service the
mission covers put at "around 46 lakh" by one outlet, "over 30 lakh" by another, "over one crore" by a third.

Rule: metrics marked `population` in metrics.toml (employees_to_be_trained), national or one state's, no `entity`
(a state government's or the local bodies' staff are other workforces: extractor/lang/entities.toml), any period
but an event's, not a ceiling ("up to 12 lakh frontline workers will be trained" caps a plan, it does not size a
workforce); figures from different sources whose intervals (tolerance.py) are more than POPULATION_GAP (15%)
apart beyond both tolerances. Two sizes a power of ten apart are a magnitude_slip: reported here when they are
further apart in time than magnitude_slip's window (which checks targets too), since a workforce does not grow
tenfold in any number of years.

Why dates are not compared: a workforce grows or shrinks by a few per cent a year, so two sizes of it a third apart
are a disagreement whatever years they were reported in, while a running total's figures of different dates are
growth. Why 15%: reporters give a workforce's size rounded to one or two digits and often with "about" or "over"
(tolerance.py already widens those by 10% and 5%); beyond that, 15% more is not rounding. "46 lakh" and "45 लाख"
and "4.6 million" agree; "46 lakh" and "over 30 lakh" do not.

Two figures of one article are not compared (an article that sets the original mission's 4.6 million beside a new
target of 10 million is describing a change, not contradicting itself); a figure is compared with the main cluster
of the other sources' figures (value_conflict.py: most independent sources, an official one preferred).
"""
from __future__ import annotations

from typing import Iterable

from . import tolerance
from .engine import Candidate, Index
from .facts import ClaimFact
from .magnitude_slip import is_slip
from .value_conflict import conflicts_in

POPULATION_GAP = 0.15
_ONE_BUCKET = "\x00population"


def population_index(facts: Iterable[ClaimFact], metrics) -> Index | None:
    """The figures of population metrics of whole states or the nation (no entity, no event), all in one period."""
    chosen = [f for f in facts if f.metric in metrics and metrics[f.metric].population and not f.entity
              and f.period != "event" and f.qualifier != "at_most"]
    if len({f.source_id for f in chosen}) < 2:
        return None
    return Index(chosen, period_of=lambda _f: _ONE_BUCKET)


def find(index: Index) -> list[Candidate]:
    out: list[Candidate] = []
    for (metric, unit, state), rows in index.groups.items():
        if len({r.source for r in rows}) < 2:
            continue
        for c in conflicts_in(rows, metric, state):
            a, b = c.flagged[0], c.other[0]
            if a.source == b.source or c.gap <= POPULATION_GAP:
                continue
            power = tolerance.slip_power(a.wv, b.wv)
            if power:  # "30 lakh" and "30 million" central employees, however far apart in time: a slip
                if is_slip(a, b):
                    continue  # within the slip window: magnitude_slip reports it (targets included)
                c.kind, c.power, c.soft_only = "magnitude_slip", power, False
            else:
                c.variant = "population"
            out.append(c)
    return out
