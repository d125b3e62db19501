"""The metric reading's shortcuts (issue 17) give what the slower forms they replaced gave.

The old forms are kept here as the specification: a phrase window's metric words fetched from the index (not sliced
from the sentence's), the neighbours' test with the bracket pattern first, the gap before a counted noun read word by
word even when it is blank, and a country's possessive looked up through a list of the last two words.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.lang.cues import counted_nouns
from extractor.records import Document
from extractor.text.normalize import fold_key
from pure_python import pure_copy

# the claim builder run from its source: a compiled `_ClaimBuilder` (build.pxd) cannot have its methods replaced, so
# the old forms replace them in this copy
PURE_BUILD = pure_copy("extractor.claims.build")


def _old_phrase_reading(self, m, in_sentence, sa, sb, index, allowed, clause, counted, noun=None):
    ca, cb = clause
    next_start, prev_end = _old_neighbours(self, m, in_sentence, index)
    after_end = min(next_start if next_start is not None else cb, cb)
    before_start = max(prev_end if prev_end is not None else ca, ca)
    people = counted == "people"
    windows = [((before_start, after_end), "around", 0.95), ((m.end, after_end), "after", 0.95),
               ((before_start, m.start), "before", 0.9), ((ca, cb), "clause", 0.8)]
    label = self._label_before(m, sa, sb, ca) if not people else None
    if label is not None:
        windows.append((label, "before", 0.9))
    windows.append(((m.end, next_start if next_start is not None else sb), "after", 0.6))
    if not people:
        windows.append(((prev_end if prev_end is not None else sa, m.start), "before", 0.55))
    for window, direction, confidence in windows:
        found = self._best_phrase(allowed, window, m, direction, noun)
        if found:
            return build.MetricReading(found[1], found[2], confidence, None)
    if ca > sa and not people and label is None:
        pa, _ = self._clause(build.NumberMention(0, ca - 1, ca - 1, ""), sa, sb)
        found = self._best_phrase(allowed, (pa, ca), m, "before")
        if found:
            return build.MetricReading(found[1], found[2], 0.7, None)
    return None


def _old_neighbours(self, m, in_sentence, index):
    def counts(o):
        return o.unit != "languages" and not (
            o.start > m.end and build._BRACKET_BETWEEN.fullmatch(self.text, m.end, o.start)
            and abs(o.value - m.value) <= 0.01 * abs(m.value))

    next_start = prev_end = None
    for k in range(index + 1, len(in_sentence)):
        o = in_sentence[k]
        if o.start >= m.end and counts(o):
            next_start = o.start
            break
    for k in range(index - 1, -1, -1):
        o = in_sentence[k]
        if o.end <= m.start and counts(o):
            prev_end = o.end
            break
    return next_start, prev_end


def _old_counted_class(self, m, in_sentence, index, clause_end):
    limit = clause_end
    if index + 1 < len(in_sentence):
        limit = min(limit, in_sentence[index + 1].start)
    hits = self.noun_index.starting_in(m.end, limit)
    if not hits:
        return None
    nouns = counted_nouns()
    gap = [fold_key(w) for w in build._WORDS.findall(self.text, m.end, hits[0].start)]
    if len(gap) > nouns.lookahead or any(w in nouns.gap_stops for w in gap):
        return None
    if self.mention_index.within(m.end, hits[0].start):
        return None
    return hits[0]


def _old_inhabitants(self, m):
    found = build._POSSESSIVE_WORDS.findall(self.text, max(0, m.start - 24), m.start)
    words = [fold_key(w).replace("’", "'") for w in found[-2:]]
    before = counted_nouns().population_before
    return any(" ".join(words[-k:]) in before for k in (1, 2) if len(words) >= k)


_OLD = {"_phrase_reading": _old_phrase_reading, "_neighbours": _old_neighbours,
        "_counted_class": _old_counted_class, "_inhabitants": _old_inhabitants}


def _claims_both_ways(text: str, monkeypatch) -> tuple[list, list]:
    new = [c.model_dump() if hasattr(c, "model_dump") else c for c in build.extract_claims(Document(text=text))]
    with monkeypatch.context() as patch:
        for name, old in _OLD.items():
            patch.setattr(PURE_BUILD._ClaimBuilder, name, old)
        old_claims = PURE_BUILD.extract_claims(Document(text=text))
    old = [c.model_dump() if hasattr(c, "model_dump") else c for c in old_claims]
    return new, old


_PIECES = ["1.45 crore", "50 lakh", "3,900", "12", "(14.5 million)", "15", "four", "India's", "the country's",
           "देश की", "भारत की", "registered users", "users", "officers", "employees", "courses", "completed",
           "enrolments", "have registered", "पंजीकृत उपयोगकर्ता", "कर्मचारी", "अधिकारी", "पाठ्यक्रम", "भाषाओं",
           "languages", "in", "from", "में", "and", ",", ":", " - ", ";", ".", "।", "+", "people", "crore hours",
           "downloads", "app downloads", "institutes", "accredited", "trained", "36 States/UTs", "Rs 110 crore", "93%"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=18))
def test_the_metric_reading_is_the_old_one(words, monkeypatch):
    new, old = _claims_both_ways(" ".join(words), monkeypatch)
    assert new == old


@pytest.mark.parametrize("text", [
    "Registered users: 1.45 crore (14.5 million), 50 lakh app downloads and 3,900 officers trained.",
    "India's 1.4 billion people; देश की 140 करोड़ जनता; 37,000 Group A officers; 23,800 dedicating four or more hours.",
    "540 से अधिक पाठ्यक्रम 15 अन्य क्षेत्रीय भाषाओं में, 14.5 करोड़ से अधिक यूजर्स, पंजीकृत उपयोगकर्ता - 1.45 करोड़।",
    "182 civil service training institutes have been accredited. 10 lakh+ users. 105 Artificial Intelligence courses",
])
def test_the_metric_reading_of_known_sentences_is_the_old_one(text, monkeypatch):
    new, old = _claims_both_ways(text, monkeypatch)
    assert new and new == old


def test_lower_casing_makes_no_population_anchor_from_another_character():
    """`_population_anchors` relies on it: a window whose fold holds no anchor holds no word that folds to one."""
    anchor_chars = set("".join(build._population_anchors()))
    assert anchor_chars  # the vocabulary has anchors: the fast path is taken
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        made = set(ch.lower()) & anchor_chars
        assert not made or made == {ch}, ch


_WINDOW_PIECES = ["India's", "INDIA’S", "the country's", "Country’s", "nation's", "the nation’s", "देश की", "भारत की",
                  "क़ी", "की", "देश", "कि", "'", "’", "s", "india", "the", "of", " ", "  ", ",", "़", "\u200d", "ी",
                  "Nation", "people", "1.4", "billion", "भारत"]


@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.sampled_from(_WINDOW_PIECES), max_size=12), gap=st.sampled_from(["", " ", "  "]))
def test_a_population_possessive_is_read_as_the_old_way_read_it(pieces, gap):
    before = "".join(pieces) + gap
    text = before + "1.4 billion people"
    builder = build._ClaimBuilder(Document(text=text))
    m = build.NumberMention(1.4, len(before), len(before) + 3, "1.4")
    assert builder._inhabitants(m) == _old_inhabitants(builder, m)


_GAP_PIECES = ["से", "अधिक", "lakh", "other", "from", "in", "में", "ने", "field", "civil service", "+", "-", ",", "4",
               "four", "ज़्यादा", "In", "FROM", " ", "  "]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_GAP_PIECES), max_size=40))
def test_the_words_between_a_figure_and_its_noun_are_read_as_before(pieces):
    gap = " " + " ".join(pieces) + " "
    words = build._WORDS.findall(gap)
    stops = counted_nouns().gap_stops
    assert build._gap_words(gap) == (len(words), any(fold_key(w) in stops for w in words))


@pytest.mark.parametrize("before, inhabitants", [
    ("India's ", True), ("the country’s ", True), ("देश की ", True), ("भारत क़ी ", True), ("भारत की\u200d ", True),
    ("India ", False), ("देश के ", False), ("the states' ", False), ("", False)])
def test_a_population_possessive_is_found_with_the_fast_path(before, inhabitants):
    text = before + "1.4 billion people"
    builder = build._ClaimBuilder(Document(text=text))
    m = build.NumberMention(1.4, len(before), len(before) + 3, "1.4")
    assert builder._inhabitants(m) == _old_inhabitants(builder, m) == inhabitants
