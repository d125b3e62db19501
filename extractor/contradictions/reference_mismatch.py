"""reference_mismatch: a claim that disagrees with an official figure staff recorded (a `ReferenceFigure`).

Rule, for each reference and each claim of the same metric, unit and scope:
- ten/hundred/thousand times off within SLIP_WINDOW_DAYS (magnitude_slip's test) → a mismatch with the slip named;
- else, time spans overlapping (the claim is "as of" the reference's date) → a mismatch when their tolerance
  intervals do not overlap (tolerance.py);
- else, for cumulative metrics, within SLIP_WINDOW_DAYS: a claim dated after the reference whose hard upper bound is
  below the reference's lower bound, or dated before it whose hard lower bound is above the reference's upper
  bound (a running total cannot have been higher before or lower after). Undated claims are not compared.

Each flag holds the disagreeing claim; the reference travels in the flag's `reference` field and in its id.
References are few (staff record them by hand), so each one scans the claims of its group in the time window.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

from . import timing, tolerance
from .engine import Candidate, Index, Row
from .facts import ReferenceFigure

KIND = "reference_mismatch"


def find(index: Index, references: Iterable[ReferenceFigure]) -> list[Candidate]:
    out: list[Candidate] = []
    sorted_groups: dict[tuple, tuple[list[Row], list[int]]] = {}
    for ref in references:
        if ref.metric not in index.metrics:
            continue
        key = (ref.metric, ref.resolved_unit(), ref.state)
        rows = index.groups.get(key)
        ref_span = timing.span(ref.as_of, None)
        if not rows or ref_span is None or not ref.value or ref.value <= 0:
            continue
        if key not in sorted_groups:
            dated = sorted((r for r in rows if r.t is not None), key=lambda r: (r.t, r.order))
            sorted_groups[key] = (dated, [r.t for r in dated])
        dated, times = sorted_groups[key]
        m = index.metric(ref.metric)
        lo, hi, hard_lo, hard_hi = tolerance.interval(ref.value, ref.value_max, ref.qualifier)
        wv = tolerance.written_value(ref.value, ref.value_max, ref.qualifier)
        i = bisect_left(times, ref_span[0] - timing.SLIP_WINDOW_DAYS)
        j = bisect_right(times, ref_span[1] + timing.SLIP_WINDOW_DAYS)
        for r in dated[i:j]:
            power = 0 if m.subgroups else tolerance.slip_power(r.wv, wv)
            g = timing.gap_days(r.span, ref_span)
            if power:
                hit = True
            elif g == 0:
                hit = not tolerance.overlaps(r.lo, r.hi, lo, hi)
            elif m.cumulative:
                after = r.span[0] > ref_span[1]
                hit = r.hard_hi < hard_lo if after else r.hard_lo > hard_hi
            else:
                hit = False
            if hit:
                out.append(Candidate(
                    KIND, ref.metric, ref.state, [r], [], suspect=r, supported_value=ref.value, reference=ref,
                    ratio=tolerance.ratio(r.wv, wv), power=power, variant="slip" if power else None,
                    gap=tolerance.relative_gap(r.lo, r.hi, lo, hi)))
    return out
