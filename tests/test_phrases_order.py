"""`_leftmost_longest` reading the hits in the order of their ends (as the automaton reports them) keeps what it
kept when it sorted them by start first (issue 17).

The reference below is the function as it was: sort by (start, end), then keep the longest at each start that is not
inside a hit kept before. The new one is given the same hits in the order of their ends, ties in any order, as
`VocabularyFinder.spans_each` gives them (one group's list as the automaton made it, or several merged and sorted by
end).
"""
from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import phrases


def old_leftmost_longest(found, to_text, unmoved):
    if not found:
        return []
    if len(found) > 1:
        found.sort()
    out = []
    pos = 0
    for hit in found:
        if hit[0] >= pos:
            out.append(hit)
            pos = hit[1]
        elif hit[0] == out[-1][0]:
            out[-1] = hit
            pos = hit[1]
    if to_text is None:
        return out
    moved = bisect_right(out, unmoved, key=itemgetter(1))
    return out[:moved] + [(to_text(s), to_text(e - 1) + 1, k) for s, e, k in out[moved:]]


@st.composite
def _hits_by_end(draw):
    """Distinct spans (one key a span, as in a text), in the order of their ends, ties shuffled."""
    spans = draw(st.sets(st.tuples(st.integers(0, 40), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1])),
                         max_size=30))
    hits = [(a, b, f"k{a}-{b}") for a, b in spans]
    hits = draw(st.permutations(hits))
    hits.sort(key=itemgetter(1))  # stable: ties on the end stay in the drawn order
    return hits


@settings(max_examples=3000, deadline=None)
@given(hits=_hits_by_end())
def test_reading_by_end_keeps_what_sorting_by_start_kept(hits):
    assert phrases._leftmost_longest(list(hits), None, 0) == old_leftmost_longest(list(hits), None, 0)


@settings(max_examples=1000, deadline=None)
@given(hits=_hits_by_end(), unmoved=st.integers(0, 60), shift=st.integers(1, 5))
def test_reading_by_end_maps_as_before(hits, unmoved, shift):
    def to_text(i):
        return i if i < unmoved else i + shift
    assert phrases._leftmost_longest(list(hits), to_text, unmoved) == old_leftmost_longest(list(hits), to_text,
                                                                                          unmoved)


def test_a_longer_hit_read_later_wins_only_where_nothing_kept_covers_its_start():
    # "ab", "cd" kept, then "bcd…" (ends last) starts inside "ab": not kept; "abcde" starts where "ab" does: wins
    ab, cd, bcde, abcde = (0, 2, "ab"), (2, 4, "cd"), (1, 5, "bcde"), (0, 5, "abcde")
    assert phrases._leftmost_longest([ab, cd, bcde], None, 0) == [ab, cd]
    assert phrases._leftmost_longest([ab, cd, bcde, abcde], None, 0) == [abcde]
    assert phrases._leftmost_longest([ab, cd, abcde, bcde], None, 0) == [abcde]
