"""Hindi number words 0–100, every scale word and the fraction words, one row each.

The table below is written independently of extractor/lang/hi.toml (from a Hindi grammar's number list) so a
reviewer can compare the two; a variant spelling in hi.toml that is missing here is fine, a row here that the
engine does not read is a bug in the data.
"""
from __future__ import annotations

import pytest

from extractor.numbers import parse_numbers

HINDI_0_100 = [
    (0, "शून्य"), (1, "एक"), (2, "दो"), (3, "तीन"), (4, "चार"), (5, "पांच"), (5, "पाँच"), (6, "छह"), (6, "छः"),
    (7, "सात"), (8, "आठ"), (9, "नौ"), (10, "दस"), (11, "ग्यारह"), (12, "बारह"), (13, "तेरह"), (14, "चौदह"),
    (15, "पंद्रह"), (15, "पन्द्रह"), (16, "सोलह"), (17, "सत्रह"), (18, "अठारह"), (19, "उन्नीस"), (20, "बीस"),
    (21, "इक्कीस"), (22, "बाईस"), (23, "तेईस"), (24, "चौबीस"), (25, "पच्चीस"), (26, "छब्बीस"), (27, "सत्ताईस"),
    (28, "अट्ठाईस"), (29, "उनतीस"), (30, "तीस"), (31, "इकतीस"), (31, "इकत्तीस"), (32, "बत्तीस"), (33, "तैंतीस"),
    (34, "चौंतीस"), (35, "पैंतीस"), (36, "छत्तीस"), (37, "सैंतीस"), (38, "अड़तीस"), (39, "उनतालीस"),
    (40, "चालीस"), (41, "इकतालीस"), (42, "बयालीस"), (43, "तैंतालीस"), (44, "चवालीस"), (45, "पैंतालीस"),
    (46, "छियालीस"), (47, "सैंतालीस"), (48, "अड़तालीस"), (49, "उनचास"), (50, "पचास"), (51, "इक्यावन"),
    (52, "बावन"), (53, "तिरेपन"), (54, "चौवन"), (55, "पचपन"), (56, "छप्पन"), (57, "सत्तावन"), (58, "अट्ठावन"),
    (59, "उनसठ"), (60, "साठ"), (61, "इकसठ"), (62, "बासठ"), (63, "तिरसठ"), (64, "चौंसठ"), (65, "पैंसठ"),
    (66, "छियासठ"), (67, "सड़सठ"), (68, "अड़सठ"), (69, "उनहत्तर"), (70, "सत्तर"), (71, "इकहत्तर"),
    (72, "बहत्तर"), (73, "तिहत्तर"), (74, "चौहत्तर"), (75, "पचहत्तर"), (76, "छिहत्तर"), (77, "सतहत्तर"),
    (78, "अठहत्तर"), (79, "उन्यासी"), (79, "उनासी"), (80, "अस्सी"), (81, "इक्यासी"), (82, "बयासी"),
    (83, "तिरासी"), (84, "चौरासी"), (85, "पचासी"), (86, "छियासी"), (87, "सत्तासी"), (88, "अट्ठासी"),
    (89, "नवासी"), (90, "नब्बे"), (91, "इक्यानवे"), (92, "बानवे"), (93, "तिरानवे"), (94, "चौरानवे"),
    (95, "पचानवे"), (96, "छियानवे"), (97, "सत्तानवे"), (98, "अट्ठानवे"), (99, "निन्यानवे"), (100, "सौ"),
    (100, "एक सौ"),
]


def test_table_covers_0_to_100():
    assert {v for v, _ in HINDI_0_100} == set(range(101))


def _one(text):
    found = parse_numbers(text)
    assert len(found) == 1, (text, found)
    m = found[0]
    assert m.text == text.strip() and text[m.start:m.end] == m.text
    return m


@pytest.mark.parametrize("value,word", HINDI_0_100, ids=[f"{v}-{w}" for v, w in HINDI_0_100])
def test_hindi_number_word(value, word):
    m = _one(word)
    assert (m.value, m.kind, m.has_digits) == (value, "number", False)


@pytest.mark.parametrize("value,word", HINDI_0_100[1:], ids=[f"{v}-{w}" for v, w in HINDI_0_100[1:]])
def test_hindi_number_word_in_a_sentence(value, word):
    text = f"कुल {word} लोग आए"
    found = parse_numbers(text)
    assert [(m.text, m.value) for m in found] == [(word, value)]


SCALES = [
    ("हज़ार", 1_000), ("हजार", 1_000), ("लाख", 100_000), ("करोड़", 10_000_000), ("करोड", 10_000_000),
    ("अरब", 10 ** 9), ("खरब", 10 ** 11), ("thousand", 1_000), ("lakh", 100_000), ("lakhs", 100_000),
    ("lac", 100_000), ("crore", 10_000_000), ("crores", 10_000_000), ("cr", 10_000_000), ("million", 10 ** 6),
    ("billion", 10 ** 9),
]


@pytest.mark.parametrize("word,scale", SCALES, ids=[w for w, _ in SCALES])
@pytest.mark.parametrize("digits,factor", [("3", 3), ("२", 2), ("1.5", 1.5), ("12", 12)])
def test_scale_after_digits(word, scale, digits, factor):
    m = _one(f"{digits} {word}")
    assert m.value == pytest.approx(factor * scale, rel=1e-12)
    assert m.kind == "number"


@pytest.mark.parametrize("word,scale", SCALES, ids=[w for w, _ in SCALES])
def test_scale_glued_to_digits(word, scale):
    m = _one(f"7{word}")
    assert m.value == 7 * scale


FRACTIONS = [
    ("डेढ़", 1.5), ("ढाई", 2.5), ("आधा", 0.5), ("सवा", 1.25),
    ("डेढ़ सौ", 150), ("डेढ़ हजार", 1_500), ("डेढ़ लाख", 150_000), ("डेढ़ करोड़", 15_000_000),
    ("ढाई सौ", 250), ("ढाई हज़ार", 2_500), ("ढाई लाख", 250_000), ("ढाई करोड़", 25_000_000),
    ("आधा दर्जन", 6), ("सवा सौ", 125), ("सवा लाख", 125_000), ("सवा करोड़", 12_500_000),
    ("सवा तीन", 3.25), ("सवा तीन लाख", 325_000), ("साढ़े तीन", 3.5), ("साढ़े तीन लाख", 350_000),
    ("साढ़े चार करोड़", 45_000_000), ("साढ़े सात सौ", 750), ("पौने दो", 1.75), ("पौने दो लाख", 175_000),
    ("पौने तीन करोड़", 27_500_000), ("साढ़े 3 लाख", 350_000), ("सवा 2 करोड़", 22_500_000),
]


@pytest.mark.parametrize("text,value", FRACTIONS, ids=[t for t, _ in FRACTIONS])
def test_fraction_words(text, value):
    m = _one(text)
    assert m.value == pytest.approx(value, rel=1e-12)
    assert m.kind == "number"


@pytest.mark.parametrize("word", ["साढ़े", "पौने"])
def test_prefix_alone_is_not_a_number(word):
    assert parse_numbers(f"{word} बजे") == [] or all(m.kind != "number" for m in parse_numbers(f"{word} बजे"))
