"""When a figure is true, and which figures are close enough in time to be compared ("compatible time").

A figure's time is a span of days from its `as_of` (`2026-03-10` → that day; `2026-03` → the month; `2025` → the
year), else its publication date (the day), else it is *undated* (seed 004 says neither).

The rules read time in four ways, each a named constant below:

- **same period** (value_conflict): the same `as_of` as written, or — without one — the same publication date;
  undated figures only within their own source (an article, or the syndicated copies of one story). Cumulative
  counts grow every day, so two different figures "as of" different days are not a conflict: a later lower one is
  `cumulative_backwards`' business, a later higher one is growth.
- **within SAME_PERIOD_DAYS** (part_exceeds_whole, arithmetic, reference_mismatch): spans at most a fortnight apart.
  Reports a few days apart restate the same release; no Mission Karmayogi total grows by more than a few per cent
  in a fortnight, which the qualifier tolerances already absorb.
- **within SLIP_WINDOW_DAYS** (magnitude_slip): half a year. No count on the platform grows tenfold in six months,
  so figures ≈10×/100×/1000× apart within that window are a slip, not growth. Undated figures are compared with
  every figure of their group: a tenfold gap is worth a reviewer's look whatever the date (the two seed reports of
  the 6 January 2026 meeting, one of them undated, are the real case).
- **any later date** (cumulative_backwards): a cumulative figure reported lower than an earlier one, however long
  after. Undated figures take no part.
"""
from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

SAME_PERIOD_DAYS = 14
SLIP_WINDOW_DAYS = 183
PART_LATER_DAYS = 183  # part_exceeds_whole, cumulative metrics: a national total reported up to this long after
#                        the state's figure can only be larger, so it is still a fair comparison


@lru_cache(maxsize=65536)
def span(as_of: str | None, published: str | None) -> tuple[int, int] | None:
    """Days (proleptic ordinals) the figure is true on: (first, last); None when undated or unreadable."""
    for text in (as_of, published):
        if not text:
            continue
        try:
            if len(text) >= 10:
                d = date.fromisoformat(text[:10]).toordinal()
                return d, d
            if len(text) == 7:
                y, m = int(text[:4]), int(text[5:7])
                return date(y, m, 1).toordinal(), date(y, m, calendar.monthrange(y, m)[1]).toordinal()
            if len(text) == 4:
                y = int(text)
                return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        except ValueError:
            continue
    return None


def gap_days(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """Days between two spans (0 when they overlap); None when either is undated."""
    if a is None or b is None:
        return None
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return 0


def period_key(as_of: str | None, published: str | None, source_id: str) -> str:
    """The value_conflict bucket: the as_of as written, else the publication date, else the source itself."""
    return as_of or published or "\x00src:" + source_id
