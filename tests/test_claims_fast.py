"""The claim builder's shortcuts (issue 17) give what the slower forms they replaced gave.

Each test keeps the old form as the specification and compares: patterns anchored at the end searched from the
end, a folded piece cut from the folded whole, several vocabularies read in one pass, weekdays found by an automaton,
the metrics of a unit looked up once, span lookups without a list for one item, one source record per article,
claims made as given instead of validated.
"""
from __future__ import annotations

import copy
import itertools

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.claims.dates import _WORD_OR_NUM, _weekday_words, _year_as_time
from extractor.claims.phrases import PhraseFinder, VocabularyFinder, _TRAILING_WORD, matching_text
from extractor.claims.build import SpanIndex, _metrics_of_unit, _unit_fits
from extractor.ingest import read_bytes
from extractor.lang import metrics, number_lexicon
from extractor.numbers import parse_numbers
from extractor.lang.cues import counted_nouns
from extractor.text import normalize
from extractor.text.normalize import fold, fold_key, folded_key
from extractor.text.sentences import _DAY_OR_MONTH
from pure_python import pure_copy

# the claim builder run from its source: a compiled `_ClaimBuilder` (build.pxd) cannot have its methods replaced, so
# the tests that replace them to compare a method with its specification replace them in this copy
PURE_BUILD = pure_copy("extractor.claims.build")

# -- patterns anchored at the end: searched backwards, same match -----------------------------------------------------

_TAIL_CHARS = "ab AB.#\n\t'’\"”कि्ा1,-"
_FORWARD = {
    "code before a number": (build._CODE_BEFORE, r"([\p{L}\p{M}]+(?: [\p{L}\p{M}]+)?)\.?\s*$|#\s*$"),
    "name before a version": (build._NAME_BEFORE, r"(?:\b[A-Z][A-Za-z]+|[\p{Lo}\p{M}]{2,})['’\"”]?\s*$"),
    "sentence end": (build._SENTENCE_END, r"[.?!।॥:]\s*$"),
    "trailing word": (_TRAILING_WORD, r"[\p{L}\p{M}]+$"),
    "day or month before a stop": (_DAY_OR_MONTH, r"(?<![\p{N}.,])\p{Nd}{1,2}$"),
}


@pytest.mark.parametrize("name", sorted(_FORWARD))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=_TAIL_CHARS, max_size=16))
def test_an_end_anchored_pattern_searched_backwards_finds_the_forward_match(name, text):
    backwards, forward = _FORWARD[name]
    assert backwards.pattern == forward and backwards.flags & regex.REVERSE  # the same pattern, only searched back
    want = regex.compile(forward).search(text)
    got = backwards.search(text)
    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="inbyIN 2025तकमें", max_size=14))
def test_the_year_cue_before_a_year_is_found_either_way(text):
    _, before = _year_as_time()
    forward = regex.compile(before.pattern, regex.IGNORECASE)
    assert bool(before.search(text)) == bool(forward.search(text))


# -- a folded piece is the piece of the fold --------------------------------------------------------------------

_FOLD_CHARS = "aB 1१२.करोड़ड़\u200d\u00a0–\u093cहज़ार\ufeff"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=_FOLD_CHARS, max_size=30), data=st.data())
def test_folded_piece_equals_folding_the_piece(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    assert fold(text).folded(a, b) == fold(text[a:b]).text


def test_a_long_text_keys_through_the_article_cache_not_the_word_cache():
    normalize._phrase_key.cache_clear()
    long_text = "करोड़ users " * 40
    assert fold_key(long_text) == folded_key(fold(long_text).text)
    assert normalize._phrase_key.cache_info().currsize == 0  # an article is not kept among the words
    assert fold_key("करोड़") == folded_key(fold("करोड़").text)
    assert normalize._phrase_key.cache_info().currsize == 1


# -- several vocabularies in one reading ----------------------------------------------------------------------------

_VOCAB_CHARS = "abAB कखा\u0902 1-"
_WORDS = st.text(alphabet="abकखा\u0902", min_size=1, max_size=3)
_PHRASES = st.lists(st.lists(_WORDS, min_size=1, max_size=2).map(" ".join), max_size=5)


@settings(max_examples=400, deadline=None)
@given(vocabularies=st.lists(_PHRASES, min_size=1, max_size=4),
       text=st.text(alphabet=_VOCAB_CHARS + "  \t\n", max_size=40))
def test_vocabularies_read_together_find_what_each_finds_alone(vocabularies, text):
    together = VocabularyFinder(vocabularies).find_each(text)
    assert together == [PhraseFinder(v).find(text) for v in vocabularies]


def test_a_phrase_in_two_vocabularies_is_found_in_both():
    found = VocabularyFinder([["civil servants"], ["servants", "civil servants"]]).find_each("30 lakh civil servants")
    assert [[(h.start, h.end) for h in hits] for hits in found] == [[(8, 22)], [(8, 22)]]


def test_the_builder_reads_every_vocabulary_of_an_article_once(monkeypatch):
    calls = []
    original = VocabularyFinder.spans_each  # what find_each reads through

    def counting(self, text, *exact):
        calls.append(self._count)
        return original(self, text, *exact)

    monkeypatch.setattr(VocabularyFinder, "spans_each", counting)
    doc = read_bytes("Uttar Pradesh: 18 lakh employees registered on iGOT, while 72 lakh courses were completed "
                     "by 2025.\n".encode(), "up.txt", kind="txt")
    claims = build.extract_claims(doc)
    assert {c.state for c in claims} == {"Uttar Pradesh"}
    # parts, places, entities, counted nouns, period cues and the abbreviations as written: one reading
    assert calls.count(6) == 1


# -- weekdays -------------------------------------------------------------------------------------------------------

def _weekdays_word_by_word(folded: str) -> list[tuple[int, int, str]]:
    """The old definition: every run of letters and marks (or digits) whose lower case is a weekday."""
    days = number_lexicon().weekdays
    return [(w.start(), w.end(), w.group().lower()) for w in _WORD_OR_NUM.finditer(folded)
            if w.group().lower() in days]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Monday", "MONDAY", "mondays", "5", "Mon", "mon5", "सोमवार", "को", "common",
                                 "thu.", "Sunday", "-", " ", "\n", "गुरुवार", "x"]), max_size=12).map("".join))
def test_weekdays_are_the_words_the_lexicon_names(text):
    assert _weekday_words(text) == _weekdays_word_by_word(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Wednesday", "TUES", "tue", "sat.", "Saturdays", "today", "day", "month", "sun", "x",
                                 "शुक्रवार", "बृहस्पतिवार", "वीरवार", "द्वारा", "परिवार", "वार", "वारवार", "मंगलवार",
                                 "ं", "5", "-", " ", "\t", "\n", "Friday2", "thurs", "thursday"]), max_size=14).map("".join))
def test_weekdays_found_by_their_anchors_are_the_words_the_lexicon_names(text):
    assert _weekday_words(text) == _weekdays_word_by_word(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Monday", "MONDAY", "TUES", "sat.", "Saturdays", "day", "x", "मंगलवार", "मँगलवार",
                                 "मंगलवारों", "ँ", "ं", "शुक्रवार", "शुक्रवारँ", "द्वारा", "वार", "İ", "FRİDAY", "Σ",
                                 "ΣUNDAY", "sunday", "5", "-", " ", "\n"]), max_size=14).map("".join))
def test_weekdays_read_in_the_matching_text_are_those_read_in_the_lowered_text(text):
    assert _weekday_words(text, matching_text(text)) == _weekday_words(text) == _weekdays_word_by_word(text)


def test_only_one_character_lowers_to_more_than_one():
    # `_weekday_words` reads the matching text as the lower-cased text whenever the folded text holds no "İ"
    assert [c for c in map(chr, range(0x110000)) if len(c.lower()) != 1] == ["\u0130"]


def test_every_weekday_name_holds_its_anchor_where_it_is_said_to():
    from extractor.claims.dates import _weekday_anchors, _weekday_names

    placed = {(name, at) for anchor, names in _weekday_anchors() for name, at in names
              if name.startswith(anchor, at)}
    assert {name for name, _ in placed} == _weekday_names()
    assert len(placed) == sum(len(names) for _, names in _weekday_anchors())


def test_a_digit_ends_the_word_before_a_weekday():
    assert [k for _, _, k in _weekday_words("on 5Monday, not Mondays or common")] == ["monday"]


# -- metrics of a unit ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["count", "hours", "percent", "inr", "days", "languages"])
def test_the_metrics_of_a_unit_are_those_that_fit_it_in_file_order(unit):
    assert list(_metrics_of_unit(unit)) == [x for x in metrics().values() if _unit_fits(x, unit)]
    for noun, permitted in counted_nouns().classes.items():
        want = [x for x in metrics().values() if _unit_fits(x, unit) and x.id in permitted]
        got = _metrics_of_unit(unit, noun)
        assert list(got) == want and got.ids == {x.id for x in want}


# -- span index -----------------------------------------------------------------------------------------------------

_SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)).map(lambda t: (t[0], t[0] + t[1])), max_size=8)


@settings(max_examples=500, deadline=None)
@given(spans=_SPANS, a=st.integers(-2, 40), b=st.integers(-2, 40))
def test_span_index_answers_as_a_scan_would(spans, a, b):
    items = [type("Item", (), {"start": s, "end": e, "n": i})() for i, (s, e) in enumerate(spans)]
    index = SpanIndex(items)
    assert [x.n for x in index.within(a, b)] == [x.n for x in items if x.start >= a and x.end <= b]
    assert [x.n for x in index.starting_in(a, b)] == [x.n for x in items if a <= x.start < b]


@settings(max_examples=300, deadline=None)
@given(spans=_SPANS, a=st.integers(-2, 40), b=st.integers(-2, 40))
def test_span_index_of_items_in_text_order_answers_as_a_scan_would(spans, a, b):
    items = [type("Item", (), {"start": s, "end": e, "n": i})() for i, (s, e) in enumerate(sorted(spans))]
    index = SpanIndex(items)
    assert index.in_order
    assert [x.n for x in index.within(a, b)] == [x.n for x in items if x.start >= a and x.end <= b]
    assert [x.n for x in index.starting_in(a, b)] == [x.n for x in items if a <= x.start < b]


@settings(max_examples=300, deadline=None)
@given(spans=_SPANS, a=st.integers(-2, 40), b=st.integers(-2, 40))
def test_span_index_by_a_key_answers_as_a_scan_would(spans, a, b):
    from operator import itemgetter

    items = [(s, e, i) for i, (s, e) in enumerate(spans)]
    index = SpanIndex(items, key=itemgetter(0, 1))
    assert [x[2] for x in index.within(a, b)] == [x[2] for x in items if x[0] >= a and x[1] <= b]
    assert [x[2] for x in index.starting_in(a, b)] == [x[2] for x in items if a <= x[0] < b]


# -- one source record per article ----------------------------------------------------------------------------------

def test_the_claims_of_an_article_share_its_source_record():
    doc = read_bytes("TITLE: iGOT update\n\nThe platform has 1.45 crore users and 50 lakh app downloads.\n".encode(),
                     "update.txt", kind="txt")
    claims = build.extract_claims(doc)
    assert len(claims) == 2
    assert claims[0].source is claims[1].source
    assert claims[0].source.path == "update.txt" and claims[0].source.title == doc.meta.title


def test_candidate_phrases_are_the_allowed_phrases_whose_parts_are_all_present():
    index = build._phrase_index()
    present = frozenset(list(index)[:40])
    allowed = _metrics_of_unit("count")
    want = sorted({(metric_id, phrase) for key in present for metric_id, phrase in index.get(key, ())
                   if metric_id in allowed.ids and all(p in present for p in phrase)})
    got = build._candidate_phrases(present, allowed.ids)
    assert want and [(metric_id, phrase) for metric_id, phrase, _ in got] == want
    assert [words for _, _, words in got] == [sum(len(p.split()) for p in phrase) for _, phrase in want]


# -- exclusions by bisection; cues next to a figure by label; the few-word look-aheads ---------------------------------

_span = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(_span, max_size=8), body_start=st.integers(0, 10), query=_span)
def test_excluded_by_bisection_is_the_scan_of_every_span(spans, body_start, query):
    from extractor.records import Document, ExcludedSpan

    doc = Document(text="x" * 100, excluded=[ExcludedSpan(a, b, "footer") for a, b in spans], body_start=body_start)
    builder = build._ClaimBuilder(doc)
    a, b = query
    assert builder._excluded(a, b) == (a < body_start or doc.is_excluded(a, b) is not None)


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(_span, max_size=8), body_start=st.integers(0, 10), hits=st.lists(_span, max_size=12))
def test_visible_hits_are_those_not_excluded(spans, body_start, hits):
    from extractor.records import Document, ExcludedSpan

    doc = Document(text="x" * 100, excluded=[ExcludedSpan(a, b, "footer") for a, b in spans], body_start=body_start)
    builder = build._ClaimBuilder(doc)
    # a vocabulary's hits, as `_visible` is given them: in text order, none empty, none overlapping another
    keyed, end = [], 0
    for i, (a, b) in enumerate(sorted(hits)):
        if a >= end and b > a:
            keyed.append((a, b, f"k{i}"))
            end = b
    assert builder._visible(keyed) == [h for h in keyed if not builder._excluded(h[0], h[1])]


def _period_reader(text: str):
    from extractor.claims.period import PeriodReader, cue_phrases
    from extractor.claims.phrases import finder

    ft = fold(text)
    hits = [(h.start, h.end, h.key) for h in finder(cue_phrases()).find(matching_text(ft.text))]
    return PeriodReader(text, ft, hits, lambda a, b: False, SpanIndex)


@pytest.mark.parametrize("text, figure, denied, earlier", [
    ("The platform has not 14.5 crore users.", "14.5", True, False),
    ("उपयोगकर्ता 14.5 करोड़ नहीं हैं।", "14.5", True, False),
    ("Users rose from 3 lakh, and today 40 lakh learn on it.", "3", False, True),
    ("Users rose from 3 lakh, and today 40 lakh learn on it.", "40", False, False),
    ("यूजर्स 3 लाख से बढ़कर 40 लाख हुए।", "3", False, True),
    ("Not all of the 40 lakh users are active.", "40", False, False),
])
def test_cues_right_next_to_a_figure_are_those_a_scan_of_every_cue_finds(text, figure, denied, earlier):
    from extractor.claims.period import _GAP, _SPACES

    reader = _period_reader(text)
    m = next(m for m in build.parse_numbers(text) if m.start == text.index(figure))

    def scan_before(label):
        return any(label in c.labels and _GAP.fullmatch(text, c.end, m.start)
                   for c in reader.index.within(max(0, m.start - 40), m.start))

    def scan_after(label, gap=_GAP):
        return any(label in c.labels and gap.fullmatch(text, m.end, c.start)
                   for c in reader.index.starting_in(m.end, m.end + 12))

    assert reader.negated(m) == (scan_before("neg_before") or scan_after("neg_after", _SPACES)) == denied
    assert (reader._right_before(m, "earlier_before") or reader._right_after(m, "earlier_after")) == \
        (scan_before("earlier_before") or scan_after("earlier_after")) == earlier


_NEXT_TO_PIECES = st.sampled_from(["not", "नहीं", "from", "up from", "was", "against", "से बढ़कर", "की तुलना में",
                                   "in", "in the year", "during", "वर्ष", "में", "के दौरान", "12 lakh", "3,900", "40",
                                   "2024", "2025", " ", "  ", ", ", "\n", '"', "“", "’", ". ", "users", "x" * 30,
                                   "compared with", "in the financial year", " " * 12, ",\n" * 10])


@settings(max_examples=400, deadline=None)
@given(st.lists(_NEXT_TO_PIECES, max_size=16).map(" ".join))
@example("compared with" + " " * 27 + "40 and compared with" + " " * 28 + "40")  # 40 characters from the cue's start
@example("40" + " " * 10 + "से बढ़कर 40" + " " * 11 + "से बढ़कर 40" + " " * 12 + "से बढ़कर")  # 12 to its start
@example("12 lakh" + " " * 11 + "नहीं 12 lakh" + " " * 12 + "नहीं, in" + " " * 35 + "2024 2025" + " " * 10 + "में")
def test_cues_next_to_a_figure_or_year_are_those_the_definition_names(text):
    """The places a cue stands right next to a figure, found once an article, and the cues of a year kept apart,
    answer as the definitions over every cue of the article do."""
    from extractor.claims.period import _GAP, _SPACES, _cue_labels
    from extractor.claims.phrases import finder
    from extractor.claims.period import cue_phrases

    reader = _period_reader(text)
    ft = fold(text)
    labels = _cue_labels()
    every = [(a, b, labels[k]) for a, b, k in
             ft.spans([(h.start, h.end, h.key) for h in finder(cue_phrases()).find(matching_text(ft.text))])]

    def before(at, label):
        return any(label in ls and a >= max(0, at - 40) and b <= at and _GAP.fullmatch(text, b, at) for a, b, ls in every)

    def after(at, label, gap=_GAP):
        return any(label in ls and at <= a < at + 12 and gap.fullmatch(text, at, a) for a, b, ls in every)

    for m in build.parse_numbers(text):
        assert reader.negated(m) == (before(m.start, "neg_before") or after(m.end, "neg_after", _SPACES))
        assert reader._right_before(m, "earlier_before") == before(m.start, "earlier_before")
        assert reader._right_after(m, "earlier_after") == after(m.end, "earlier_after")
        assert reader._year_period(m.start, m.end) == (before(m.start, "year_before") or after(m.end, "year_after"))
    assert reader.can_negate == any("neg_before" in ls or "neg_after" in ls for _, _, ls in every)


_PERIOD_PIECES = st.sampled_from(["Karmayogi Saptah", "the week", "during the week", "सप्ताह", "रोजगार मेला", "मेले",
                                  "Rozgar Mela", "the event", "12 lakh", "3,900", "users", "trained", " ", ", ", ". ",
                                  "in 2024", "so far", "अब तक", "from", "not", "नहीं", "daily", "target"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PERIOD_PIECES, max_size=14).map(" ".join))
def test_an_article_that_names_no_event_has_none_for_a_figure(text):
    """`read` asks a sentence for its events only in an article that names one: elsewhere the answer is none."""
    reader = _period_reader(text)
    for m in build.parse_numbers(text):
        for sentence in ((0, len(text)), (m.start, len(text)), (0, m.end), (m.start, m.end)):
            assert reader.events or reader._event(m, sentence) == (None, False)


@pytest.mark.parametrize("text, unit", [
    ("15 अन्य क्षेत्रीय भाषाओं में", "languages"),
    ("courses in 12 Indian LANGUAGES", "languages"),
    ("12 courses, in 3 languages", "count"),  # a figure comes first: the languages are the 3's
    ("12 new courses are offered in many regional languages", "count"),  # too far: three words only
    ("12 lakh users", "count"),
])
def test_a_count_of_languages_is_read_from_the_next_three_words(text, unit):
    from extractor.records import Document

    claims = build.extract_claims(Document(text=text))
    first = min((c for c in claims), key=lambda c: c.evidence.start, default=None)
    mentions = build.parse_numbers(text)
    builder = build._ClaimBuilder(Document(text=text))
    m = mentions[0]
    builder._refine_unit(m, len(text))
    assert m.unit == unit
    if first is not None and first.evidence.start == m.start:
        assert first.unit == unit


def test_an_around_window_with_figures_words_on_one_side_only_finds_no_phrase():
    from extractor.records import Document

    text = "Registered users on iGOT Karmayogi: 1.45 crore."
    builder = build._ClaimBuilder(Document(text=text))
    list(builder.build())  # fills the indexes
    m = build.parse_numbers(text)[0]
    allowed = _metrics_of_unit(m.unit)
    assert builder._best_phrase(allowed, (0, len(text)), m, "around") is None
    assert builder._best_phrase(allowed, (0, m.start), m, "before") is not None


def test_a_folded_span_maps_back_over_dropped_marks_as_before():
    text = "क़\u200dरोड़ 5 ज़िले"  # a nukta letter, a joiner, nuktas dropped in the fold
    ft = fold(text)
    for a in range(len(ft.text) + 1):
        for b in range(a, len(ft.text) + 1):
            oa, ob = ft.span(a, b)
            assert oa == ft.origin[a]
            if b > a:
                # the span ends after the original character of its last folded one, taking its combining marks
                assert ob >= ft.origin[b - 1] + 1
                assert all(normalize._is_combining_tail(ch) for ch in text[ft.origin[b - 1] + 1:ob])


# -- claims made as given: what validation would have made ------------------------------------------------------------

def _same_record(made, validated) -> None:
    assert type(made) is type(validated)
    assert made == validated
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == validated.model_fields_set
    assert list(made.__dict__) == list(validated.__dict__)  # field order
    assert [type(v) for v in made.__dict__.values()] == [type(v) for v in validated.__dict__.values()]
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__


_maybe_text = st.none() | st.text(max_size=12)
_figure = st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({
    "id": st.text(max_size=16), "metric": st.text(max_size=12), "metric_text": _maybe_text, "value": _figure,
    "value_max": st.none() | _figure, "qualifier": st.sampled_from(["exact", "at_least", "at_most", "approx", "range"]),
    "unit": st.text(max_size=8), "state": st.text(max_size=12), "entity": _maybe_text,
    "period": st.sampled_from(["cumulative", "event", "year", "daily_average", "target", "earlier"]),
    "event": _maybe_text, "confidence": st.floats(0, 1), "as_of": _maybe_text, "published": _maybe_text,
    "language": st.sampled_from(["hi", "en", "mixed"]),
}), st.fixed_dictionaries({"quote": st.text(max_size=8), "start": st.integers(0, 10**6),
                           "end": st.integers(0, 10**6), "sentence": st.text(max_size=20)}), _maybe_text)
def test_a_claim_made_as_given_is_the_claim_validation_makes(fields, evidence, title):
    from extractor.records import Claim, Evidence, Source

    source = Source(path="a.txt", url=None, publisher=None, title=title)
    given_fields = {**fields, "source": source, "evidence": Evidence.as_given({k: evidence[k] for k in Evidence.model_fields})}
    made = Claim.as_given({k: given_fields[k] for k in Claim.model_fields})  # as_given takes the fields in order
    validated = Claim(**fields, source=source, evidence=Evidence(**evidence))
    _same_record(made.evidence, validated.evidence)
    _same_record(made, validated)


def test_the_records_made_as_given_have_no_hook_validation_would_run():
    from extractor.records import Claim, Evidence

    for model in (Claim, Evidence):
        assert model.__pydantic_post_init__ is None and not model.__private_attributes__
        assert not model.__pydantic_decorators__.model_validators and not model.__pydantic_decorators__.validators
        assert not model.__pydantic_decorators__.field_validators


def test_each_record_made_as_given_has_its_own_set_of_fields_given():
    """The set is a copy of the model's names: a record's is no other record's, and a change to one (pydantic adds
    to it when a field is assigned) reaches no other."""
    from extractor.records import Evidence

    values = {"quote": "5", "start": 0, "end": 1, "sentence": "5 users"}
    first, second = Evidence.as_given(dict(values)), Evidence.as_given(dict(values))
    assert first.model_fields_set == second.model_fields_set == set(Evidence.model_fields)
    assert first.model_fields_set is not second.model_fields_set
    first.model_fields_set.add("elsewhere")
    assert second.model_fields_set == set(Evidence.model_fields)
    assert Evidence.as_given(dict(values)).model_fields_set == set(Evidence.model_fields)


def _corpus_articles() -> list:
    """The corpus's articles (not its gold files), in path order."""
    from conftest import ROOT

    return sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)


def _corpus_documents() -> list:
    """The corpus's articles, read."""
    from extractor.ingest import read_document

    return [read_document(p) for p in _corpus_articles()]


# texts made of the pieces a fast path is compared on, against the way it replaced (the method patched, per figure)
_COMPARED_ON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _texts_of(pieces: list[str]):
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=16).map(" ".join)


def test_every_claim_of_the_corpus_is_what_validating_its_values_gives():
    """The builder makes claims as given: each value is already valid and of the type validation gives it."""
    from extractor import extract_file
    from extractor.records import Claim, Evidence

    files = _corpus_articles()
    seen = 0
    for path in files:
        for claim in extract_file(path):
            evidence = Evidence(**dict(claim.evidence))
            _same_record(claim.evidence, evidence)
            _same_record(claim, Claim(**{**dict(claim), "evidence": evidence}))
            seen += 1
    assert seen > 100


# -- clause breaks: punctuation by `re`, words where their first letters stand -----------------------------------------

def _one_pattern_breaks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The clause breaks as one `regex` pattern found them (the specification)."""
    from extractor.lang.cues import clause_words

    words = "|".join(regex.escape(w) for w in sorted(clause_words(), key=len, reverse=True))
    pattern = regex.compile(rf"[,;:()\[\]|–—]|\s-\s|(?<![\p{{L}}\p{{M}}])(?:{words})(?![\p{{L}}\p{{M}}])",
                            regex.IGNORECASE)
    return [(x.start(), x.end()) for x in pattern.finditer(text, a, b)]


_CLAUSE_PIECES = st.sampled_from(["while", "WHILE", "wHiLe", "whereas", "Whereas", "whİle", "whereaſ", "जबकि", "जिनमें",
                                  "जिसमें", "जब", "wh", "a", "ि", "्", "5", ",", ";", ":", "(", ")", "[", "]", "|", "–",
                                  "—", "-", " - ", " ", "\t", "\n", "\x1c", "\x1f", "\xa0", "\u2009", "\u3000", "\x85",
                                  "x-y", "मंत्री", "Meanwhile", "awhile"])


def breaks_match_the_one_pattern(text: str, data) -> None:
    """`_clause_breaks` of `text` within drawn bounds, and of the whole text, are what the one pattern finds."""
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert build._clause_breaks(text, a, b) == _one_pattern_breaks(text, a, b)
    assert build._clause_breaks(text, 0, len(text)) == _one_pattern_breaks(text, 0, len(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(_CLAUSE_PIECES, max_size=25).map("".join), st.data())
def test_clause_breaks_are_those_the_one_pattern_finds(text, data):
    breaks_match_the_one_pattern(text, data)


def test_clause_breaks_of_the_corpus_are_those_the_one_pattern_finds():
    from conftest import ROOT

    from extractor.ingest import read_document

    for path in sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html")):
        text = read_document(path).text
        assert build._clause_breaks(text, 0, len(text)) == _one_pattern_breaks(text, 0, len(text)), path


_EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_the_spaces_of_a_punctuation_break_are_regex_spaces():
    assert regex.findall(rf"[{build._SPACE}]", _EVERY_CHARACTER) == regex.findall(r"\s", _EVERY_CHARACTER)


def test_a_clause_word_starts_with_letters_its_openings_name_in_every_case():
    """Case-insensitive, regex matches a letter of a clause word with these letters only: a sentence without one of
    the openings holds no clause word."""
    from extractor.lang.cues import clause_words

    _, openings = build._clause_word_break()
    letters = {ch for w in clause_words() for ch in w[:2]}
    equal = {ch: set(regex.findall(regex.escape(ch), _EVERY_CHARACTER, regex.IGNORECASE)) for ch in letters}
    for w in clause_words():
        for first in equal[w[0]]:
            for second in (equal[w[1]] if len(w) > 1 else {""}):
                assert first + second in openings, w


# -- a figure's scope: a sentence without markers skips the steps that weigh them -------------------------------------

def _scope_as_before(self, m, metric, sa, sb, carry, sentences, idx):
    """`_ClaimBuilder._scope` before sentences without markers took their short way (the specification)."""
    from extractor.lang import NATIONAL

    in_sentence = self._markers_in(sa, sb)
    strong = [k for k in in_sentence if k.strength == 2]
    if metric.startswith("share_of_national"):
        parts = [k for k in strong if k.scope != NATIONAL]
        pick = self._nearest(parts, m)
        return (pick.scope, 0.9) if pick else (self.primary or carry or NATIONAL, 0.8)
    ca, cb = self._clause(m, sa, sb)
    in_clause = [k for k in in_sentence if k.start >= ca and k.end <= cb]
    pick = self._nearest([k for k in in_clause if k.strength == 2], m)
    if pick:
        return pick.scope, 0.95
    if any(k.strength == build._CLAUSENATIONAL for k in in_clause):
        return NATIONAL, 0.95
    elsewhere = [k for k in in_sentence if not (self.primary and k.scope == NATIONAL and k.strength == 2
                                                and k.start >= m.end)]
    pick = self._nearest([k for k in elsewhere if k.strength == 2], m)
    if pick:
        return pick.scope, 0.85
    spec = metrics().get(metric)
    if spec is not None and spec.scope == "national":
        return NATIONAL, 0.9
    pick = self._nearest(elsewhere, m)
    if pick:
        return pick.scope, 0.85
    if not build._SENTENCE_END.search(self.text[sa:sb]) and not build._LIST_ITEM.match(self.text, sa) \
            and idx + 1 < len(sentences):
        na, nb = sentences[idx + 1]
        nxt = [k for k in self._markers_in(na, nb) if k.strength == 2]
        if nxt:
            return nxt[0].scope, 0.85
    if carry:
        return carry, 0.85
    return (self.primary, 0.8) if self.primary else (NATIONAL, 0.85)


def _extract_patched(monkeypatch, docs, **methods) -> None:
    """Extract `docs` with the claim builder's `methods` replaced (by name, in `PURE_BUILD`) while they are read."""
    with monkeypatch.context() as patch:
        for name, method in methods.items():
            patch.setattr(PURE_BUILD._ClaimBuilder, name, method)
        for doc in docs:
            PURE_BUILD.extract_claims(doc)


def _scopes_compared(monkeypatch, docs) -> int:
    """Extract `docs`, checking each figure's scope against the specification; returns how many were checked."""
    scope = PURE_BUILD._ClaimBuilder._scope
    checked = []

    def both(self, m, metric, *rest):
        for name in (metric, "share_of_national_registrations", "registered_users", "other"):
            assert scope(self, m, name, *rest) == _scope_as_before(self, m, name, *rest)
        checked.append(m)
        return scope(self, m, metric, *rest)

    _extract_patched(monkeypatch, docs, _scope=both)
    return len(checked)


def test_the_scope_of_every_corpus_figure_is_what_it_was(monkeypatch):
    assert _scopes_compared(monkeypatch, _corpus_documents()) > 100


_SCOPE_PIECES = ["Uttar Pradesh", "उत्तर प्रदेश", "Bihar", "राज्य में", "the state", "देश भर में", "nationwide",
                 "in the central government", "1.45 crore users", "93% of registrations", "7.2 crore courses completed",
                 "50 lakh", "employees", ". ", ", ", "\n", "\n- ", " "]


@_COMPARED_ON
@given(_texts_of(_SCOPE_PIECES))
def test_the_scope_of_a_figure_is_what_it_was(monkeypatch, text):
    from extractor.records import Document

    _scopes_compared(monkeypatch, [Document(text=text)])


# -- a figure's date and entity: a sentence that names none skips the clause ------------------------------------------

def _as_of_as_before(self, m, sa, sb):
    """`_ClaimBuilder._as_of_in_sentence` before it read the sentence's times once (the specification)."""
    ca, cb = self._clause(m, sa, sb)
    for a, b, min_weight in ((ca, cb, 1), (sa, sb, 2)):
        exprs = [t for t in self.time_index.within(a, b) if t.value and t.weight >= min_weight
                 and not (t.start <= m.start < t.end)]
        if exprs:
            return _nearest_time(exprs, m).value
    return None


def _nearest_time(exprs, m):
    """The time nearest to the figure: the heaviest, then the closest, then the first."""
    return min(exprs, key=lambda t: (-t.weight, min(abs(t.start - m.end), abs(m.start - t.end))))


def _entity_as_before(self, m, sa, sb):
    """`_ClaimBuilder._entity` before it read the sentence's entities once (the specification)."""
    ca, cb = self._clause(m, sa, sb)
    own = self.entity_index.within(ca, cb)
    if own:
        return min(own, key=lambda h: min(abs(h[1] - m.start), abs(h[0] - m.end)))[2]
    before = [h for h in self.entity_index.within(sa, sb) if h[1] <= m.start]
    if before:
        return before[-1][2]
    if self.carried_entity and not [k for k in self._markers_in(sa, sb) if k.strength >= 2]:
        return self.carried_entity
    return None


def _dates_and_entities_compared(monkeypatch, docs) -> int:
    """Extract `docs`, checking each figure's date and entity against the specifications; returns how many."""
    as_of, entity = PURE_BUILD._ClaimBuilder._as_of_in_sentence, PURE_BUILD._ClaimBuilder._entity
    checked = []

    def as_of_both(self, m, sa, sb):
        assert as_of(self, m, sa, sb) == _as_of_as_before(self, m, sa, sb)
        return as_of(self, m, sa, sb)

    def entity_both(self, m, sa, sb):
        for carried in (self.carried_entity, None, "some department"):
            self.carried_entity, kept = carried, self.carried_entity
            try:
                assert entity(self, m, sa, sb) == _entity_as_before(self, m, sa, sb)
            finally:
                self.carried_entity = kept
        checked.append(m)
        return entity(self, m, sa, sb)

    _extract_patched(monkeypatch, docs, _as_of_in_sentence=as_of_both, _entity=entity_both)
    return len(checked)


def test_the_date_and_entity_of_every_corpus_figure_are_what_they_were(monkeypatch):
    assert _dates_and_entities_compared(monkeypatch, _corpus_documents()) > 100


_DATE_PIECES = ["12 March 2025", "March 2025", "2025 में", "in 2024", "on Monday", "सोमवार को", "the police department",
                "समाज कल्याण विभाग", "पुलिसकर्मी", "1.45 crore users", "7.2 crore courses completed", "50 lakh",
                "employees", ". ", ", ", "\n", "; ", " "]


@_COMPARED_ON
@given(_texts_of(_DATE_PIECES))
def test_the_date_and_entity_of_a_figure_are_what_they_were(monkeypatch, text):
    from extractor.records import Document, DocumentMeta

    _dates_and_entities_compared(monkeypatch, [Document(text=text, meta=DocumentMeta(published="2025-03-20"))])



# -- a count of languages: looked for only where a word for languages starts ----------------------------------------

def _refine_unit_as_before(self, m, limit):
    """The look-ahead folded and lower-cased for every count."""
    if m.unit != "count":
        return
    ahead = self.ft.folded(m.end, min(limit, m.end + build._LOOKAHEAD_CHARS))
    lowered = ahead.lower()
    if not any(w in lowered for w in build._language_unit_words()):
        return
    for w in itertools.islice(build._WORD_OR_DIGITS.finditer(ahead), build._LANGUAGE_UNIT_LOOKAHEAD):
        w = w.group()
        if w.isdigit():
            return
        if number_lexicon().units.get(w.lower()) == "languages":
            m.unit = "languages"
            return


def _units_compared(monkeypatch, docs) -> int:
    """Extract `docs`, checking each figure's unit against the specification at several look-ahead limits; returns
    how many were checked."""
    refine = PURE_BUILD._ClaimBuilder._refine_unit
    checked = []

    def both(self, m, limit):
        for end in sorted({limit, len(self.text), *range(m.end, m.end + 48)}):  # a word cut off by the limit too
            fast, slow = copy.copy(m), copy.copy(m)
            refine(self, fast, end)
            _refine_unit_as_before(self, slow, end)
            assert fast.unit == slow.unit
        checked.append(m)
        return refine(self, m, limit)

    _extract_patched(monkeypatch, docs, _refine_unit=both)
    return len(checked)


def test_the_unit_of_every_corpus_figure_is_what_it_was(monkeypatch):
    assert _units_compared(monkeypatch, _corpus_documents()) > 100


_LANGUAGE_PIECES = ["15 अन्य क्षेत्रीय भाषाओं में", "12 भाषाएं", "3 भाषाओँ", "भाषा", "12 LANGUAGES", "4 Languages",
                    "language", "अन्य", "regional", "İstanbul", "ΣΑΣ", "करोड़", "\u200d", "१२", "courses in", "12",
                    "lakh", ", ", ". ", "\n", " "]


@_COMPARED_ON
@given(_texts_of(_LANGUAGE_PIECES))
def test_the_unit_of_a_figure_is_what_it_was(monkeypatch, text):
    from extractor.records import Document

    assert _units_compared(monkeypatch, [Document(text=text)]) >= 0


def test_words_for_languages_are_found_in_the_matching_text_wherever_a_lowered_piece_holds_them():
    """No word for languages has a letter that lower-casing writes by context or as two, and each is looked for as
    the matching text writes it."""
    for word in build._language_unit_words():
        assert not set(word) & {"i", "\u0307", "σ", "ς", "Σ", "İ"}
        assert matching_text(word) == build.as_anusvara(word.lower())
        assert build.as_anusvara(word) in build._language_unit_keys()



# -- the word(s) right before a figure: matched at its start, as a search of the slice before it finds them ---------

def _code_both_ways(text: str, start: int):
    lo = max(0, start - build._CODE_REACH)
    matched, searched = build._CODE_BEFORE.match(text, lo, start), build._CODE_BEFORE.search(text[lo:start])
    return [x and (x.end() - x.start(), x.groups()) for x in (matched, searched)]


_CODE_CHARS = ["a", "B", "Q", "no", " ", "  ", ".", "#", "\t", "\n", "\xa0", "\u2003", "\x1c", "\u200d", "क", "ि",
               "\u093c", "्", "1", "१", "(", ",", "’"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_CODE_CHARS), max_size=60).map("".join), st.data())
def test_the_words_before_a_figure_matched_at_it_are_those_a_search_finds(text, data):
    start = data.draw(st.integers(0, len(text)))
    for at in (start, len(text)):
        matched, searched = _code_both_ways(text, at)
        assert matched == searched


def test_the_words_before_every_corpus_figure_matched_at_it_are_those_a_search_finds():
    checked = 0
    for doc in _corpus_documents():
        for m in build.parse_numbers(doc.text):
            matched, searched = _code_both_ways(doc.text, m.start)
            assert matched == searched
            checked += 1
    assert checked > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(_PERIOD_PIECES, max_size=14).map(" ".join))
def test_a_figure_is_denied_only_in_an_article_with_a_cue_that_denies(text):
    """The builder asks `negated` only when `can_negate`: elsewhere its answer is False."""
    reader = _period_reader(text)
    for m in build.parse_numbers(text):
        assert reader.can_negate or not reader.negated(m)


_SENTENCE_TAIL = st.text(alphabet=". ?!।॥:;\n\t\x1c\x1f\x85\xa0\u2028\u3000\u200bab1-–•*)0", max_size=12)


@settings(max_examples=500, deadline=None)
@given(text=_SENTENCE_TAIL, a=st.integers(0, 12), b=st.integers(0, 12))
def test_a_sentence_end_read_by_hand_is_the_one_the_pattern_finds(text, a, b):
    b = min(b, len(text))  # a sentence lies in the text
    assert build._ends_a_sentence(text, a, b) == bool(build._SENTENCE_END.search(text[a:b]))
    assert build._WHITE_SPACE == set(regex.findall(r"\s", _EVERY_CHARACTER))


@settings(max_examples=500, deadline=None)
@given(text=_SENTENCE_TAIL, a=st.integers(0, 12))
def test_a_list_item_read_by_the_stdlib_pattern_is_the_one_regex_finds(text, a):
    want, got = build._LIST_ITEM.match(text, a), build._LIST_ITEM_OPENS.match(text, a)
    assert (got and got.span()) == (want and want.span())


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789.,", min_size=1, max_size=6))
def test_a_figure_is_read_for_a_leading_zero_only_when_it_starts_with_one(text):
    assert (text[:1] == "0" and bool(build._LEADING_ZERO.fullmatch(text))) == bool(build._LEADING_ZERO.fullmatch(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), max_size=5))
def test_a_confidence_kept_rounded_is_the_one_round_gives(values):
    for x in values + values:  # the second time from what was kept
        assert build._two_places(x) == round(x, 2)


def test_every_clause_a_figure_is_asked_is_the_one_its_sentence_breaks_give(monkeypatch):
    doc = read_bytes("Uttar Pradesh: 18 lakh employees registered on iGOT, while 72 lakh courses (of 1,200) were "
                     "completed by 2025. In Bihar, 3 lakh users: 2 lakh active.\n".encode(), "up.txt", kind="txt")
    builder = PURE_BUILD._ClaimBuilder(doc)
    asked = []
    original = PURE_BUILD._ClaimBuilder._clause

    def recording(self, m, sa, sb):
        clause = original(self, m, sa, sb)
        asked.append((clause, self._find_clause(m, sa, sb)))
        return clause

    monkeypatch.setattr(PURE_BUILD._ClaimBuilder, "_clause", recording)
    claims = list(builder.build())
    assert claims and asked and all(got == want for got, want in asked)


def test_the_confidences_kept_rounded_are_bounded(monkeypatch):
    """A long batch of odd confidences cannot grow the kept roundings past `_ROUNDED_KEPT`; past it, still rounded."""
    monkeypatch.setattr(build, "_rounded", {})
    monkeypatch.setattr(build, "_ROUNDED_KEPT", 10)
    for i in range(50):
        x = 0.5 + i / 997
        assert build._two_places(x) == round(x, 2)
    assert len(build._rounded) == 10


def test_a_figure_asked_again_in_another_sentence_gets_that_sentences_clause():
    """The last clause kept for a figure answers only the same figure in the same sentence."""
    doc = read_bytes("Uttar Pradesh: 18 lakh employees registered, while 72 lakh courses were completed.\n".encode(),
                     "up.txt", kind="txt")
    builder = build._ClaimBuilder(doc)
    list(builder.build())
    m = next(x for x in parse_numbers(doc.text) if x.text.startswith("72"))
    whole = (0, len(doc.text))
    assert builder._clause(m, *whole) == builder._find_clause(m, *whole)
    assert builder._clause(m, m.start, whole[1]) == builder._find_clause(m, m.start, whole[1])
    assert builder._clause(m, m.start, whole[1]) != builder._clause(m, *whole)
