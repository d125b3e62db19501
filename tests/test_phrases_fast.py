"""The vocabulary hits' shortcuts (issue 17) give what the general forms give.

Each test compares a shortcut with the general form it stands for on many inputs: the visible hits of a vocabulary
found by slices between the excluded spans against the test of each hit.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.records import Document, ExcludedSpan

_span = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))


@st.composite
def _hits_apart(draw):
    """Hits in text order, none empty, none overlapping: what a vocabulary's hits are once mapped to the original."""
    hits = []
    pos = 0
    for i in range(draw(st.integers(0, 12))):
        start = pos + draw(st.integers(0, 8))
        end = start + draw(st.integers(1, 8))
        hits.append((start, end, f"k{i}"))
        pos = end
    return hits


@settings(max_examples=1000, deadline=None)
@given(spans=st.lists(_span, max_size=8), body_start=st.integers(0, 10), hits=_hits_apart())
def test_visible_hits_in_order_are_those_not_excluded(spans, body_start, hits):
    doc = Document(text="x" * 100, excluded=[ExcludedSpan(a, b, "footer") for a, b in spans], body_start=body_start)
    builder = build._ClaimBuilder(doc)
    assert builder._visible(hits) == [h for h in hits if not builder._excluded(h[0], h[1])]


def test_hits_touching_an_excluded_span_or_before_the_body_are_not_visible():
    doc = Document(text="x" * 100, excluded=[ExcludedSpan(20, 30, "footer"), ExcludedSpan(25, 50, "footer"),
                                             ExcludedSpan(60, 60, "footer")], body_start=5)
    builder = build._ClaimBuilder(doc)
    hits = [(0, 5, "a"), (5, 10, "b"), (15, 20, "c"), (20, 21, "d"), (29, 31, "e"), (50, 55, "f"), (58, 62, "g"),
            (60, 61, "h"), (70, 80, "i")]
    assert builder._visible(hits) == [(5, 10, "b"), (15, 20, "c"), (50, 55, "f"), (60, 61, "h"), (70, 80, "i")]
    assert builder._visible(hits) == [h for h in hits if not builder._excluded(h[0], h[1])]
