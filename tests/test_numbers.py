"""Regression cases for the number engine: each line was checked by hand and must keep passing."""
from __future__ import annotations

import pytest

from extractor.numbers import parse_indian_number, parse_numbers

# input → [(text, value, value_max, qualifier, unit, kind), …]
CASES = [
    ('14.5 करोड़ से अधिक यूजर्स', [('14.5 करोड़', 145000000, None, 'at_least', 'count', 'number')]),
    ('1.45 करोड़', [('1.45 करोड़', 14500000, None, 'exact', 'count', 'number')]),
    ('1,45,00,000', [('1,45,00,000', 14500000, None, 'exact', 'count', 'number')]),
    ('3 लाख 55 हजार', [('3 लाख 55 हजार', 355000, None, 'exact', 'count', 'number')]),
    ('1 लाख करोड़', [('1 लाख करोड़', 1000000000000, None, 'exact', 'count', 'number')]),
    ('ढाई लाख', [('ढाई लाख', 250000, None, 'exact', 'count', 'number')]),
    ('डेढ़ करोड़', [('डेढ़ करोड़', 15000000, None, 'exact', 'count', 'number')]),
    ('सवा लाख', [('सवा लाख', 125000, None, 'exact', 'count', 'number')]),
    ('साढ़े तीन लाख', [('साढ़े तीन लाख', 350000, None, 'exact', 'count', 'number')]),
    ('पौने दो लाख', [('पौने दो लाख', 175000, None, 'exact', 'count', 'number')]),
    ('70%+', [('70%+', 70, None, 'at_least', 'percent', 'number')]),
    ('70 प्रतिशत', [('70 प्रतिशत', 70, None, 'exact', 'percent', 'number')]),
    ('70 फीसदी', [('70 फीसदी', 70, None, 'exact', 'percent', 'number')]),
    ('70 per cent', [('70 per cent', 70, None, 'exact', 'percent', 'number')]),
    ('₹ 500 करोड़', [('₹ 500 करोड़', 5000000000, None, 'exact', 'inr', 'number')]),
    ('Rs 1,200 crore', [('Rs 1,200 crore', 12000000000, None, 'exact', 'inr', 'number')]),
    ('10-12 लाख', [('10-12 लाख', 1000000, 1200000, 'range', 'count', 'number')]),
    ('10 से 12 लाख', [('10 से 12 लाख', 1000000, 1200000, 'range', 'count', 'number')]),
    ('between 8 and 10 lakh', [('8 and 10 lakh', 800000, 1000000, 'range', 'count', 'number')]),
    ('840 से अधिक पाठ्यक्रम', [('840', 840, None, 'at_least', 'count', 'number')]),
    ('लगभग 22 लाख', [('22 लाख', 2200000, None, 'approx', 'count', 'number')]),
    ('more than 5 lakh', [('5 lakh', 500000, None, 'at_least', 'count', 'number')]),
    ('about 30 lakh', [('30 lakh', 3000000, None, 'approx', 'count', 'number')]),
    ('up to 3 crore', [('3 crore', 30000000, None, 'at_most', 'count', 'number')]),
    ('तीन से कम कोर्स', [('तीन', 3, None, 'at_most', 'count', 'number')]),
    ('पोश एक्ट 2013', [('2013', 2013, None, 'exact', 'count', 'year')]),
    ('5 अक्टूबर 2025', [('5 अक्टूबर 2025', 5, None, 'exact', 'count', 'date')]),
    ('Jan 07, 2026 पर 8:41 AM', [('Jan 07, 2026', 7, None, 'exact', 'count', 'date'), ('8:41 AM', 8, None, 'exact', 'count', 'time')]),
    ('सितंबर 2025 तक', [('सितंबर 2025', 2025, None, 'exact', 'count', 'date')]),
    ('१८.८ लाख', [('१८.८ लाख', 1880000, None, 'exact', 'count', 'number')]),
    ('४,१७९', [('४,१७९', 4179, None, 'exact', 'count', 'number')]),
    ('7-दिवसीय', [('7', 7, None, 'exact', 'days', 'number')]),
    ('सात दिवसीय', [('सात', 7, None, 'exact', 'days', 'number')]),
    ('15,893 घंटे', [('15,893', 15893, None, 'exact', 'hours', 'number')]),
    ('4थे', [('4थे', 4, None, 'exact', 'count', 'ordinal')]),
    ('21st', [('21st', 21, None, 'exact', 'count', 'ordinal')]),
    ('+91-11-2309-2345', [('+91-11-2309-2345', 91, None, 'exact', 'count', 'phone')]),
    ('three crore', [('three crore', 30000000, None, 'exact', 'count', 'number')]),
    ('ten lakh', [('ten lakh', 1000000, None, 'exact', 'count', 'number')]),
    ('twenty-five', [('twenty-five', 25, None, 'exact', 'count', 'number')]),
    ('एक सौ पच्चीस करोड़ पैंतीस लाख अट्ठाइस हजार चार सौ तेरह', [('एक सौ पच्चीस करोड़ पैंतीस लाख अट्ठाइस हजार चार सौ तेरह', 1253528413, None, 'exact', 'count', 'number')]),
    ('दो सौ दस खरब तीन सौ', [('दो सौ दस खरब तीन सौ', 21000000000300, None, 'exact', 'count', 'number')]),
    ('इक्कीस सौ इक्कीस', [('इक्कीस सौ इक्कीस', 2121, None, 'exact', 'count', 'number')]),
    ('3 सौ और 2 सौ', [('3 सौ', 300, None, 'exact', 'count', 'number'), ('2 सौ', 200, None, 'exact', 'count', 'number')]),
    ('4 हजार 3 सौ और 21', [('4 हजार 3 सौ और 21', 4321, None, 'exact', 'count', 'number')]),
    ('4000 3 सौ और 21', [('4000', 4000, None, 'exact', 'count', 'number'), ('3 सौ और 21', 321, None, 'exact', 'count', 'number')]),
    ('192.168.1.2', [('192', 192, None, 'exact', 'count', 'number'), ('168', 168, None, 'exact', 'count', 'number'), ('1', 1, None, 'exact', 'count', 'number'), ('2', 2, None, 'exact', 'count', 'number')]),
    ('2024-25', [('2024-25', 2024, None, 'exact', 'count', 'year')]),
    ('11 जुलाई से 17 जुलाई', [('11 जुलाई', 11, None, 'exact', 'count', 'date'), ('17 जुलाई', 17, None, 'exact', 'count', 'date')]),
    ('14.5 million', [('14.5 million', 14500000, None, 'exact', 'count', 'number')]),
    ('2.5 lakh', [('2.5 lakh', 250000, None, 'exact', 'count', 'number')]),
    ('कम से कम एक कोर्स', [('एक', 1, None, 'at_least', 'count', 'number')]),
    ('1, 234, 567', [('1', 1, None, 'exact', 'count', 'number'), ('234', 234, None, 'exact', 'count', 'number'), ('567', 567, None, 'exact', 'count', 'number')]),
    ('1 234 567', [('1 234 567', 1234567, None, 'exact', 'count', 'number')]),
    ('180मिलि', []),
    ('10k', [('10k', 10000, None, 'exact', 'count', 'number')]),
    ('5 लाख से अधिक बार', [('5 लाख', 500000, None, 'at_least', 'count', 'number')]),
]


def _rows(text):
    return [(m.text, m.value, m.value_max, m.qualifier, m.unit, m.kind) for m in parse_numbers(text)]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_regression(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES] + [
    "14.5\u00a0करोड़", "2 ला\u200dख", "कर\u094b\u095c", "हज़ार", "70%+ यूजर्स", "192.168.1.2"])
def test_offsets_quote_the_original(text):
    for m in parse_numbers(text):
        assert text[m.start:m.end] == m.text


def one(text):
    found = parse_numbers(text)
    assert len(found) == 1, found
    return found[0]


def test_nukta_folds():
    assert one("हज़ार").value == one("हजार").value == 1000
    assert one("5 हज़ार").value == one("5 हजार").value == 5000


def test_precomposed_rra_in_crore():
    text = "5 करो\u095c"  # ड़ as one code point (U+095C)
    m = one(text)
    assert m.value == 50_000_000 and m.text == text


def test_nbsp_inside_number_phrase():
    text = "कुल 14.5\u00a0करोड़ यूजर्स"
    m = one(text)
    assert m.value == 145_000_000
    assert m.text == "14.5\u00a0करोड़" and text[m.start:m.end] == m.text


@pytest.mark.parametrize("joiner", ["\u200d", "\u200c"])
def test_zero_width_joiners_inside_scale_word(joiner):
    text = f"करीब 2 ला{joiner}ख लोग"
    m = one(text)
    assert (m.value, m.qualifier) == (200_000, "approx")
    assert m.text == f"2 ला{joiner}ख" and text[m.start:m.end] == m.text


def test_dotted_run_is_several_numbers():
    assert [(m.text, m.value) for m in parse_numbers("192.168.1.2")] == [
        ("192", 192), ("168", 168), ("1", 1), ("2", 2)]
    assert [m.start for m in parse_numbers("192.168.1.2")] == [0, 4, 8, 10]
    assert one("14.5").value == 14.5  # one dot is a decimal point


@pytest.mark.parametrize("text,value,qualifier", [
    ("70%+", 70, "at_least"),
    ("500 से ज़्यादा लोग", 500, "at_least"),
    ("500 से ज्यादा लोग", 500, "at_least"),
    ("तकरीबन 5 लाख", 500_000, "approx"),
    ("करीब 5 लाख", 500_000, "approx"),
    ("less than 5 lakh", 500_000, "at_most"),
    ("over 2 crore", 20_000_000, "at_least"),
    ("nearly 30 lakh", 3_000_000, "approx"),
])
def test_qualifiers(text, value, qualifier):
    m = one(text)
    assert (m.value, m.qualifier, m.kind) == (value, qualifier, "number")


@pytest.mark.parametrize("text,kind,mtext", [
    ("1800-11-2345", "phone", "1800-11-2345"),
    ("10:30 बजे", "time", "10:30 बजे"),
    ("NEP 2020", "year", "2020"),
])
def test_kinds(text, kind, mtext):
    m = one(text)
    assert (m.kind, m.text) == (kind, mtext)


@pytest.mark.parametrize("text,value,mtext", [
    ("दो तिहाई", 2 / 3, "दो तिहाई"),
    ("दो-तिहाई बहुमत", 2 / 3, "दो-तिहाई"),
    ("तीन चौथाई", 0.75, "तीन चौथाई"),
    ("पांच बटा आठ", 0.625, "पांच बटा आठ"),
    ("1 बटा 3", 1 / 3, "1 बटा 3"),
    ("एक का पाँचवाँ भाग", 0.2, "एक का पाँचवाँ"),
    ("तीन में से एक", 1 / 3, "तीन में से एक"),
    ("आधा दर्जन", 6, "आधा दर्जन"),
    ("तीन सौ और दो दर्जन", 324, "तीन सौ और दो दर्जन"),
    ("1e10", 10 ** 10, "1e10"),
    ("-12e-1", -1.2, "-12e-1"),
    ("1.1^23", 1.1 ** 23, "1.1^23"),
    ("- 10  k", -10_000, "- 10  k"),
    ("2.33 k", 2330, "2.33 k"),
    ("फ़िफ़्टी टू", 52, "फ़िफ़्टी टू"),
    ("थ्री डज़न", 36, "थ्री डज़न"),
    ("माइनस फ़ाइव", -5, "माइनस फ़ाइव"),
    ("सेवेनटीन", 17, "सेवेनटीन"),
    ("thirteen hundred", 1300, "thirteen hundred"),
    ("five hundred twenty", 520, "five hundred twenty"),
    ("सवा किलो", 1.25, "सवा"),
])
def test_peer_forms(text, value, mtext):
    m = one(text)
    assert m.text == mtext
    assert m.value == pytest.approx(value, rel=1e-9)


def test_slash_fraction_is_kind_fraction():
    m = one("-4/5")
    assert (m.value, m.kind) == (-0.8, "fraction")
    assert [m.kind for m in parse_numbers("24/7 हेल्पलाइन")] == ["number", "number"]


@pytest.mark.parametrize("text,expected", [
    ("2025 का पांचवां संस्करण", [("2025", "year")]),
    ("1,200 में से 800 पास", [("1,200", "number"), ("800", "number")]),
    ("वन नेशन वन राशन कार्ड", []),
    ("तीन सौ वन अधिकारी", [("तीन सौ", "number")]),
    ("सातवें वेतन आयोग", []),
    ("आप https://example.com/q=30%25%2020% देखें", []),
])
def test_claims_relevant_non_numbers(text, expected):
    assert [(m.text, m.kind) for m in parse_numbers(text)] == expected


def test_standalone_word_is_a_number():
    assert one("एक").value == 1


def test_parse_indian_number():
    assert parse_indian_number("1.45 करोड़") == 14_500_000
    assert parse_indian_number("ढाई लाख") == 250_000
    assert parse_indian_number("कुछ नहीं") is None


def test_a_span_of_days_before_a_month_is_a_date_not_a_range():
    for text, quote in (("जो 16 से 22 मार्च तक चलेगा", "16 से 22 मार्च"), ("from 11-17 July 2025", "11-17 July 2025")):
        [m] = parse_numbers(text)
        assert (m.kind, m.text) == ("date", quote)
    [m] = parse_numbers("10 से 12 लाख कर्मी")
    assert (m.kind, m.qualifier, m.value, m.value_max) == ("number", "range", 1_000_000, 1_200_000)
