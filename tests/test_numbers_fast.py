"""The fast paths of the number engine read exactly as one plain scan would: the text cut at spaces with pieces
remembered from earlier texts, phrase look-ups that skip tokens no phrase starts or ends with, tokens made only when
reading looks at them, and the tokens where a mention may start found all at once."""
from __future__ import annotations

import dataclasses
import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.lang import number_lexicon
from extractor.numbers import parse_numbers
from extractor.numbers import tokens as T
from extractor.numbers.scanner import Scanner
from extractor.text.normalize import fold
from pure_python import pure_copy

# The reader run from its source, for the tests that replace its methods to compare a fast path with the general
# steps: compiled, `_Reader` is an extension type whose methods cannot be replaced (docs/speedups.md). Their fast
# side is read by `parse_numbers`, compiled when built; tests/test_speedups.py holds compiled and pure to the same.
G = pure_copy("extractor.numbers.grammar")


def _read(text: str) -> list[tuple]:
    return [(m.value, m.value_max, m.text, m.unit, m.kind, m.qualifier) for m in parse_numbers(text)]


# -- digit forms that run on over a space ---------------------------------------------------------------------------

def test_digits_grouped_by_spaces_are_one_number():
    assert _read("कुल 1 234 567 लोग") == [(1234567, None, "1 234 567", "count", "number", "exact")]


def test_the_same_digits_read_apart_after_a_lone_digit_in_the_same_text():
    # "12 345" is twelve thousand and more, but not after "5 ": the rule looks two characters back over the space
    assert [m[0] for m in _read("कुल 12 345, फिर 5 12 345")] == [12345, 5, 12, 345]


def test_a_phone_number_keeps_its_spaces():
    assert _read("call +91 98100 12345 now") == [(91, None, "+91 98100 12345", "count", "phone", "exact")]


def test_a_whole_number_and_a_fraction_across_a_space():
    assert _read("about 2 1/4 cups") == [(2.25, None, "2 1/4", "count", "fraction", "exact")]


def test_a_group_of_three_after_a_lone_digit_is_a_number_of_its_own():
    assert [m[2] for m in _read("Chapter 5 000 pages")] == ["5", "000"]
    assert [m[2] for m in _read("इस वर्ष 16 000 लोग")] == ["16 000"]


def test_a_line_break_inside_a_piece_parts_two_numbers():
    assert [m[0] for m in _read("12\n345")] == [12, 345]


# -- phrase look-ups ------------------------------------------------------------------------------------------------

def test_a_currency_word_joined_by_an_information_separator_still_gives_rupees():
    # str.split takes \x1c-\x1f for spaces, the tokenizer does not: such a text is looked up phrase by phrase
    assert _read("रु\x1cअठहत्तर") == [(78, None, "रु\x1cअठहत्तर", "inr", "number", "exact")]
    assert _read("5 \x1fप्रतिशत") == [(5, None, "5 \x1fप्रतिशत", "percent", "number", "exact")]


def test_a_capital_sigma_elsewhere_changes_no_phrase():
    assert _read("Σ 5 प्रतिशत") == [(5, None, "5 प्रतिशत", "percent", "number", "exact")]
    assert _read("5 से अधिक Σ") == [(5, None, "5", "count", "number", "at_least")]


def test_phrases_of_several_tokens_before_and_after_a_number():
    assert _read("लगभग 3 लाख से अधिक") == [(300000, None, "3 लाख", "count", "number", "at_least")]
    assert _read("Rs.2,30,000") == [(230000, None, "Rs.2,30,000", "inr", "number", "exact")]


def _phrase_tables() -> list:
    lex = number_lexicon()
    return [lex.percent, lex.currency_after, lex.currency_before, lex.currency_hundredths, lex.time_words,
            lex.out_of_words, lex.qualifiers.get("after", {}), lex.qualifiers.get("before", {})]


# the words of the phrase tables and their pieces, so that phrases, their beginnings and their ends meet often
_PHRASE_WORDS = sorted({word for table in _phrase_tables() for phrase in table for word in phrase.split()}
                       | {"5", "10%", "-", ".", "से", "Rs.2", "x"})


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(_PHRASE_WORDS), min_size=1, max_size=12),
       spaces=st.lists(st.sampled_from([" ", " ", "  ", "\n", "", "\t"]), min_size=12, max_size=12))
def test_phrase_look_ups_that_stop_early_find_what_asking_every_length_finds(words, spaces):
    # phrase_at (phrase_before) stops growing a phrase once its key begins (ends) no longer phrase of the table
    text = "".join(space + word for space, word in zip(spaces, words))
    sc = Scanner(fold(text), number_lexicon())
    assert sc.keys_compose
    for table in _phrase_tables():
        for i in range(sc.n + 1):
            assert sc.phrase_at(i, table) == (sc._every_phrase_at(i, table) if i < sc.n else 0), (text, i)
            assert sc.phrase_before(i, table) == (sc._every_phrase_before(i, table) if i > 0 else 0), (text, i)


# -- where a mention may start --------------------------------------------------------------------------------------

def test_a_number_word_with_a_unit_suffix_is_a_multiple():
    assert _read("दोगुना") == [(2, None, "दोगुना", "times", "number", "exact")]
    assert _read("tenfold") == [(10, None, "tenfold", "times", "number", "exact")]


def test_a_word_with_a_unit_suffix_but_no_number_before_it_is_nothing():
    assert _read("बहुगुना") == []


def test_a_url_with_a_long_s_is_still_a_url():
    # the case-insensitive URL prefix matches "ſ" (long s) as "s"
    assert _read("see HTTPſ://example.com/2024 now") == []
    assert _read("see http://example.com/2024 now") == []


# -- caches ---------------------------------------------------------------------------------------------------------

def test_reading_a_text_again_after_others_gives_the_same_mentions():
    text = "मिशन कर्मयोगी में 1.45 करोड़ से अधिक, 12 345 और 5 12 345 लोग; 70%+ पूरा"
    first = parse_numbers(text)
    for other in ("5 12 345", "x 12 345", "12\n345", "1 234 567"):
        parse_numbers(other)
    assert parse_numbers(text) == first


def test_emptying_the_piece_cache_changes_nothing(monkeypatch):
    text = "इस वर्ष 16 000 लोग, कुल 1.45 करोड़ से अधिक और दोगुना"
    before = parse_numbers(text)
    monkeypatch.setattr(T, "_PIECE_CACHES", {})
    monkeypatch.setattr(T, "_PIECES_KEPT", 2)  # emptied again and again while the text is read
    assert parse_numbers(text) == before
    assert parse_numbers(text) == before
    assert all(len(cache) <= 3 for cache in T._PIECE_CACHES.values())


# -- tokens -------------------------------------------------------------------------------------------------------

def test_a_token_made_from_the_lists_is_what_the_scanner_reads():
    """`Tokens.token(i)` is token i of the lists the scanner and the reading steps read (no `Token` is made while
    reading); past the end there is none."""
    sc = Scanner(fold("कुल 1,45,000 लोग"), number_lexicon())
    tokens = T.tokenize(sc.s, number_lexicon().punctuated_words)
    last = tokens.token(sc.n - 1)
    assert (sc.kinds[-1], sc.starts[-1], sc.texts[-1]) == (last.kind, last.start, last.text)
    assert tokens.token(1).text == "1,45,000" and tokens.token(1).kind == "num"
    assert (sc.kinds[1], sc.texts[1]) == ("num", "1,45,000")
    try:
        tokens.token(sc.n)
    except IndexError:
        pass
    else:
        raise AssertionError("a token past the end must raise IndexError")


def _one_scan(text: str) -> list[tuple]:
    """The tokens of one scan of the whole text with the same patterns, for comparison."""
    punctuated = number_lexicon().punctuated_words
    words = "".join(regex.escape(w) + r"(?![\p{L}\p{M}0-9])|" for w in punctuated)
    whole = regex.compile(r"(?P<url>(?i:https?://|www\.)\S+)|(?P<word>" + words + r"[\p{L}\p{M}]+)"
                          r"|(?=[0-9.+])(?P<form>" + T._DIGIT_FORMS.pattern + r")|(?P<sym>\S)")
    out = T.Tokens()
    for m in whole.finditer(text):
        if m.lastgroup == "word":
            out.add("word", m.start(), m.end(), m.group(), T.token_key(m.group()))
        elif m.lastgroup in ("url", "sym"):
            out.add(m.lastgroup, m.start(), m.end(), m.group(), m.group())
        else:
            T._digit_form(out, text, m.start(), m.start() + 1)
    return [tuple(vars_of(out.token(i))) for i in range(len(out.kinds))]


def vars_of(t: T.Token) -> tuple:
    return t.kind, t.start, t.end, t.text, t.key, t.value


def test_cutting_at_spaces_reads_the_tokens_of_one_scan():
    rnd = random.Random(2026)
    parts = list("0123456789012345678901234567890123456789.,+-/: ^eEax") + [
        "छ:", "छ", "http://", "www.", "ſ", "\x1c", "\n", "  ", "१", "हज़ार", "1800", "+91", "Σ", "\u00a0", "।"]
    punctuated = number_lexicon().punctuated_words
    for _ in range(3000):
        text = fold("".join(rnd.choice(parts) for _ in range(rnd.randint(1, 24)))).text
        found = T.tokenize(text, punctuated)
        assert [vars_of(found.token(i)) for i in range(len(found.kinds))] == _one_scan(text), repr(text)


# -- pieces put right one by one, line breaks found once ----------------------------------------------------------

def test_pieces_of_one_token_several_tokens_and_none_read_as_one_scan():
    punctuated = number_lexicon().punctuated_words
    for text in ("कुल 12 | 1.45 करोड़, है। 4,500  \n 2026\n\nThe 12:30 1,45,00,000 2,88000 ", "1 234 567 लोग, 5 000 और",
                 "call +91 98100 12345 - 2 1/4 cups 24/7 1e10 192.168.1.2 ढाई लाख", "₹१.४५ करोड़ 28, 2026 12-",
                 "\x1c5 \x1f12\x1d 7 \x1e Σ 3", "", " ", "12", "a  b   c 1"):
        folded = fold(text).text
        found = T.tokenize(folded, punctuated)
        assert [vars_of(found.token(i)) for i in range(len(found.kinds))] == _one_scan(folded), repr(text)


def test_a_piece_that_ends_in_no_digit_reads_the_same_before_digits():
    # "28," and "3." are read from the cache even when digits follow the space: no form runs on from them
    punctuated = number_lexicon().punctuated_words
    for text in ("March 28, 2026 and 3. 5 000 more", "+91- 98100 12345", "1800- 11 2345", "2. 1/4", "x.+ 12 345"):
        found = T.tokenize(text, punctuated)
        assert [vars_of(found.token(i)) for i in range(len(found.kinds))] == _one_scan(text), repr(text)


def test_line_breaks_between_tokens_are_found_once():
    sc = Scanner(fold("कुल 12\n345 लोग\n\n- 10\n- 20 \n"), number_lexicon())
    assert sc.line_breaks == {i for i in range(1, sc.n) if "\n" in sc.gap(i)}
    assert [m[0] for m in _read("- 10\n- 20")] == [10, 20]


def test_many_pieces_of_several_tokens_read_in_linear_time():
    text = "है। 1,200, " * 20000
    found = T.tokenize(fold(text).text, number_lexicon().punctuated_words)
    assert len(found.kinds) == 80000 and found.numbers[:2] == [2, 6] and found.texts[2] == "1,200"


# -- the plain shape of digits, read at once ------------------------------------------------------------------------

class _Everything:
    def __contains__(self, key: str) -> bool:
        return True


def _general_reading(monkeypatch) -> None:
    """parse_numbers through the general steps only: no digits read as the plain shape, and every phrase table
    around a number asked."""
    plain = G._plain_forms(number_lexicon())
    monkeypatch.setattr(G._Reader, "_plain_digits", lambda self, i: None)
    monkeypatch.setattr(G, "_plain_forms", lambda lex: dataclasses.replace(
        plain, after=_Everything(), before=_Everything(), units_after=_Everything(), currency_before=_Everything()))


_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@st.composite
def _digits(draw) -> str:
    """Digits as news prints them: Indian or western grouping (sometimes slipped), decimals, Devanagari digits."""
    whole = draw(st.integers(0, 10**9))
    form = draw(st.sampled_from(["plain", "indian", "western", "slipped", "year"]))
    if form == "indian":
        head, tail = divmod(whole, 1000)
        groups = f"{head:,}".replace(",", "") if head else ""
        pairs = []
        while len(groups) > 2:
            pairs.insert(0, groups[-2:])
            groups = groups[:-2]
        text = ",".join([groups, *pairs] if groups else pairs)
        text = f"{text},{tail:03d}" if text else str(tail)
    elif form == "western":
        text = f"{whole:,}"
    elif form == "slipped":  # "1,45", "2,88000"
        text = draw(st.sampled_from(["1,45", "2,88000", "12,5", "1,2,3", "10,00"]))
    elif form == "year":
        text = str(draw(st.integers(1890, 2110)))
    else:
        text = str(whole % draw(st.sampled_from([10, 100, 10**4, 10**9])))
    if draw(st.booleans()):
        text += "." + str(draw(st.integers(0, 999)))
    return text.translate(_DEVANAGARI) if draw(st.booleans()) else text


# words by their part around a number, drawn group by group so that each part stands next to digits often
_SCALES = ["लाख", "करोड़", "करोड", "हजार", "हज़ार", "सौ", "दर्जन", "lakh", "crore", "thousand", "hundred", "million", "cr",
           "k", "L", "नील", "शंख"]
_JOINERS = ["से", "-", "to", "and", "और", "सही", "बटा", "का", "की", "में से", "तक", "between", "दशमलव", "point", "/"]
_AROUND = ["से अधिक", "से ज़्यादा", "से कम", "more than", "less than", "over", "about", "लगभग", "करीब", "तकरीबन",
           "around", "at least", "%", "प्रतिशत", "फीसदी", "percent", "₹", "Rs", "Rs.", "रुपये", "रुपए", "पैसे", "माइनस",
           "minus", "+", "मार्च", "अप्रैल", "March", "Jan", "बजे", "AM", "घंटे", "दिन", "दिवसीय", "th", "वीं", "गुना",
           "fold"]
_OTHER = ["पाँचवाँ", "तिहाई", "चौथाई", "ढाई", "डेढ़", "साढ़े", "सवा", "पौने", "दो", "तीन", "बीस", "five", "twenty",
          "पद्म", "लोग", "कर्मचारी", "users", "पाठ्यक्रम", "है", "।", ",", ".", ":", "(", ")", "•", "G", "x", "\n- "]
# what completes a number: fractions, "और" with a fraction or dozens, a mixed fraction, decimals said in words
_COMPLETIONS = ["का पाँचवाँ", "का 5वां", "की तिहाई", "और एक चौथाई", "और 1 चौथाई", "और दो दर्जन", "बटा 4", "-तिहाई", "तिहाई",
                "सही एक बटा दो", "दशमलव तीन", "point five", "में से एक", "में से 2", "बजे", "-fold", "गुना", "-दिवसीय"]
_WORD = st.one_of(*(st.sampled_from(group) for group in (_SCALES, _JOINERS, _AROUND, _OTHER, _COMPLETIONS)))
_SPACE = st.sampled_from([" ", " ", " ", " ", "", "  ", "\n", "\n\n"])


@st.composite
def _number_text(draw) -> str:
    """Numbers among the words that stand around them in Indian news, with spaces, glue or line breaks between."""
    text = ""
    for _ in range(draw(st.integers(1, 3))):
        number = [draw(_digits())]
        if draw(st.booleans()):  # a range or more digits after it: "10 से 12 लाख", "6-7 lakh", "3 लाख 55 हजार"
            number.append(draw(st.sampled_from(_JOINERS + _SCALES)))
            number.append(draw(st.one_of(_digits(), st.integers(1, 9999).map(str))))
        if draw(st.booleans()):
            number.append(draw(st.sampled_from(_SCALES)))
        for part in [*draw(st.lists(_WORD, max_size=2)), *number, *draw(st.lists(_WORD, max_size=2))]:
            text += draw(_SPACE) + part
    return text


@settings(max_examples=1000, deadline=None)
@given(text=_number_text())
def test_plain_digits_read_as_the_general_steps_read_them(text):
    fast = parse_numbers(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _general_reading(monkeypatch)
        assert G.parse_numbers(text) == fast, repr(text)


def test_the_plain_shape_is_taken_for_common_numbers_and_left_for_others(monkeypatch):
    taken = []
    plain_digits = G._Reader._plain_digits

    def spy(self, i):
        q = plain_digits(self, i)
        taken.append(q is not None)
        return q

    monkeypatch.setattr(G._Reader, "_plain_digits", spy)
    for text, plain in [("1.6 लाख से अधिक", True), ("कुल 3,900 कर्मचारी", True), ("१८.८ लाख कर्मी", True),
                        ("70%+", True), ("3.2 lakh का आंकड़ा", True), ("10-12 लाख", False), ("3 लाख 55 हजार", False),
                        ("25 मार्च", False), ("2026 में", False), ("21वीं", False), ("G20", False),
                        ("एक का पाँचवाँ", None), ("3 का पाँचवाँ", False), ("10 से 12", False)]:
        taken.clear()
        G.parse_numbers(text)
        assert (taken[0] if taken else None) == plain, text


# -- a mention's offsets, mapped back without a call of FoldedText.span in the usual case ---------------------------

def _mention_by_span(self, a, b, value, *, kind, unit="count", qualifier="exact", value_max=None, qualifier_text=None,
                     has_digits=True):
    """A mention as made before its offsets were mapped inline: through `FoldedText.span` and `_plain`."""
    o0, o1 = self.ft.span(self.sc.starts[a], self.sc.ends[b - 1])
    return G.NumberMention(
        G._plain(value if type(value) is G.Decimal else G.Decimal(value)), o0, o1, self.ft.original[o0:o1], qualifier,
        None if value_max is None else G._plain(value_max if type(value_max) is G.Decimal else G.Decimal(value_max)),
        unit, kind, qualifier_text, has_digits)


# characters that folding drops (joiners, a soft hyphen, a nukta) or changes, next to digits and number words
_DROPPED = st.lists(st.sampled_from([
    "1", "2", "5", "0", ".", ",", "45", "१८", " ", " ", "\n", "लाख", "करोड़", "करोड़", "सौ", "दो", "ढाई", "%", "₹",
    "से", "अधिक", "\u200b", "\u200c", "\u200d", "\u00ad", "\u093c", "\u0901", "\u00a0", "\u0301", "१२", "2026",
    "मार्च"]),
    max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=_DROPPED)
def test_mentions_map_their_offsets_back_as_folded_text_span_does(text):
    fast = parse_numbers(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(G._Reader, "_mention", _mention_by_span)
        assert G.parse_numbers(text) == fast, repr(text)


# -- digits of the plain shape read as an int ---------------------------------------------------------------------

_LONG_DIGITS = st.builds(lambda whole, decimals: whole + ("." + decimals if decimals else ""),
                         st.text("0123456789", min_size=1, max_size=28), st.text("0123456789", max_size=6))


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(_number_text(), st.builds(" ".join, st.lists(st.one_of(_LONG_DIGITS, st.sampled_from(_SCALES)),
                                                                     min_size=1, max_size=4))))
def test_digits_read_as_an_int_give_the_values_and_types_that_decimal_gives(text):
    """`_digits_times` gives an int for whole values: the same value as the Decimal reckoning, of the same type (an
    int, or a float when not whole) in every mention, up to 28 digits and the largest scales."""
    fast = [repr(m) for m in parse_numbers(text)]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(G, "_EXACT_SCALE", 0)  # never an int: every value through Decimal
        assert [repr(m) for m in G.parse_numbers(text)] == fast, repr(text)


# -- years read at once -----------------------------------------------------------------------------------------

_YEAR_PARTS = ["2025", "2024", "1999", "1900", "2099", "2100", "1899", "२०२५", "-25", "-2025", "-", "25", "-5", "G",
               "th", "k", "L", "लाख", "मार्च", "March", "%", "प्रतिशत", "माइनस", "से", "में", "तक", "का पाँचवाँ", "बजे",
               "दो", "और", "सौ", "दशमलव तीन", "\n", ".", ",", "1e10", "2025.5", "१९९९"]


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(_number_text(), st.lists(st.tuples(st.sampled_from(_YEAR_PARTS), _SPACE), max_size=8).map(
    lambda parts: "".join(part + space for part, space in parts))))
def test_years_read_at_once_as_the_general_steps_read_them(text):
    """`_plain_year` gives the mentions `_number` and `_year` give: every field, its type included (the repr)."""
    fast = [repr(m) for m in parse_numbers(text)]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(G._Reader, "_plain_year", lambda self, i: None)
        assert [repr(m) for m in G.parse_numbers(text)] == fast, repr(text)


def test_the_plain_year_is_taken_for_common_years_and_left_for_others(monkeypatch):
    taken = []
    plain_year = G._Reader._plain_year

    def spy(self, i):
        found = plain_year(self, i)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(G._Reader, "_plain_year", spy)
    for text, plain in [("2026 में", True), ("वर्ष 2024-25 में", True), ("२०२५ तक", True), ("2025", True),
                        ("2025 मार्च", False), ("2025 प्रतिशत", False), ("2025 लाख", False), ("G2025", False),
                        ("-2025", False), ("2025th", False), ("1899 में", None)]:
        taken.clear()
        G.parse_numbers(text)
        assert (taken[0] if taken else None) == plain, text


# -- the unit tables asked only where a phrase of theirs may begin (end) --------------------------------------------

@settings(max_examples=800, deadline=None)
@given(text=st.one_of(_number_text(), st.lists(st.tuples(st.sampled_from(_PHRASE_WORDS + ["5", "1,200", "२०"]),
                                                         _SPACE), max_size=10).map(
    lambda parts: "".join(part + space for part, space in parts))))
def test_unit_tables_asked_only_where_a_phrase_may_begin_read_as_asking_them_always(text):
    """After a number the percent and currency-after tables are asked only where a phrase of theirs may begin, and
    the currency-before table only where one may end ("से" begins no unit): the same mentions as asking both
    wherever a unit or qualifier word may stand, every field and its type (the repr)."""
    fast = [repr(m) for m in parse_numbers(text)]
    plain = G._plain_forms(number_lexicon())
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(G, "_plain_forms", lambda lex: dataclasses.replace(
            plain, units_after=plain.after, currency_before=plain.before))
        assert [repr(m) for m in G.parse_numbers(text)] == fast, repr(text)


def test_a_unit_after_a_qualifier_word_and_a_qualifier_after_a_unit():
    assert _read("5 प्रतिशत से अधिक") == [(5, None, "5 प्रतिशत", "percent", "number", "at_least")]
    assert _read("₹500 से कम") == [(500, None, "₹500", "inr", "number", "at_most")]
    assert _read("लगभग Rs 20 lakh") == [(2000000, None, "Rs 20 lakh", "inr", "number", "approx")]
