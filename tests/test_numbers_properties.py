"""Property tests: every integer written the Indian or western way, in ASCII or Devanagari digits, reads back."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.numbers import parse_numbers

DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
N = st.integers(min_value=0, max_value=10 ** 13 - 1)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def indian(n: int) -> str:
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


def western(n: int) -> str:
    return f"{n:,}"


def _only(text: str):
    found = parse_numbers(text)
    assert len(found) == 1, (text, found)
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


def _check(text: str, n: int):
    m = _only(text)
    assert m.value == n, (text, m)
    is_plain_year = text.isdigit() and len(text) == 4 and 1900 <= n < 2100
    # ten ungrouped digits starting 6–9 are an Indian mobile number by design (kind "phone")
    is_mobile = text.isdigit() and len(text) == 10 and text[0] in "6789"
    assert m.kind == ("year" if is_plain_year else "phone" if is_mobile else "number"), (text, m)


def test_grouping_helpers():
    assert indian(14500000) == "1,45,00,000"
    assert western(14500000) == "14,500,000"


@SETTINGS
@given(N)
def test_indian_grouping(n):
    _check(indian(n), n)


@SETTINGS
@given(N)
def test_western_grouping(n):
    _check(western(n), n)


@SETTINGS
@given(N, st.sampled_from([indian, western]))
def test_devanagari_digits(n, group):
    text = group(n).translate(DEVANAGARI)
    _check(text, n)


@SETTINGS
@given(N)
def test_plain_digits(n):
    _check(str(n), n)


@SETTINGS
@given(st.integers(min_value=1, max_value=10 ** 8 - 1), st.sampled_from([("लाख", 10 ** 5), ("करोड़", 10 ** 7)]))
def test_exact_decimal_with_scale(k, scale):
    """k thousand-units (lakh: k * 1000, crore: k * 100000) written "X.Y लाख" with as many decimals as needed."""
    word, size = scale
    unit = size // 100  # two decimals
    n = k * unit
    if n >= 10 ** 13:
        return
    x = Decimal(n) / Decimal(size)
    text = f"{x.normalize():f} {word}"
    m = _only(text)
    assert m.value == n, (text, m)
    assert m.kind == "number"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_and_offsets_hold(text):
    for m in parse_numbers(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.text


NUMBERISH = st.lists(st.sampled_from(list("0123456789०१२३४५६७८९.,-+/%^e k:₹") + [
    " लाख", " करोड़", " हज़ार", " सौ", "एक", " दो", " तिहाई", " बटा ", " का ", " पाँचवाँ", "साढ़े ", " और ",
    " से ", "\u00a0", "\u200d", "माइनस ", " वन", "\n"]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(NUMBERISH)
def test_never_raises_on_number_soup(text):
    for m in parse_numbers(text):
        assert text[m.start:m.end] == m.text


# -- round trips of Indian forms written with scale words --------------------------------------------------------
# A value is written the way an Indian reader writes it — crore, lakh, thousand, hundred, rest — in Hindi words,
# in digits with Hindi or English scale words, or with ASCII or Devanagari digits, and must read back exactly.
# The words come from a table written here (first spelling of each, the way tests/test_number_words.py does),
# not from the engine's data file.

HI_UNITS = ("शून्य एक दो तीन चार पांच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस बीस "
            "इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस "
            "छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस "
            "अड़तालीस उनचास पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ तिरसठ "
            "चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर "
            "सतहत्तर अठहत्तर उन्यासी अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे "
            "इक्यानवे बानवे तिरानवे चौरानवे पचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे").split()
assert len(HI_UNITS) == 100
HI_SCALES = {"crore": "करोड़", "lakh": "लाख", "thousand": "हज़ार", "hundred": "सौ"}
EN_SCALES = {"crore": "crore", "lakh": "lakh", "thousand": "thousand", "hundred": "hundred"}


def indian_parts(n: int) -> list[tuple[int, str]]:
    """14,53,20,107 → [(14, "crore"), (53, "lakh"), (20, "thousand"), (1, "hundred"), (7, "")]; zero parts left
    out. The crore part may exceed 99 ("120 crore")."""
    crore, rest = divmod(n, 10 ** 7)
    lakh, rest = divmod(rest, 10 ** 5)
    thousand, rest = divmod(rest, 1000)
    hundred, units = divmod(rest, 100)
    parts = [(crore, "crore"), (lakh, "lakh"), (thousand, "thousand"), (hundred, "hundred"), (units, "")]
    return [(k, scale) for k, scale in parts if k]


def hindi_words_below_1000(k: int) -> str:
    hundreds, units = divmod(k, 100)
    words = [f"{HI_UNITS[hundreds]} सौ"] if hundreds else []
    if units:
        words.append(HI_UNITS[units])
    return " ".join(words)


def hindi_words(n: int) -> str:
    """Whole Hindi words: 14,53,20,107 → "चौदह करोड़ तिरेपन लाख बीस हज़ार एक सौ सात"."""
    out = []
    for k, scale in indian_parts(n):
        if scale == "crore":
            out.append(f"{hindi_words_below_1000(k)} करोड़")  # k < 1000 in the strategy below
        elif scale == "hundred":
            out.append(f"{HI_UNITS[k]} सौ")
        elif scale:
            out.append(f"{HI_UNITS[k]} {HI_SCALES[scale]}")
        else:
            out.append(HI_UNITS[k])
    return " ".join(out)


def digits_with_scales(n: int, scales: dict[str, str], digits=None) -> str:
    """"3 लाख 55 हज़ार", "14 crore 53 lakh 20 thousand 1 hundred 7" (ASCII or Devanagari digits)."""
    out = []
    for k, scale in indian_parts(n):
        d = str(k) if digits is None else str(k).translate(digits)
        out.append(f"{d} {scales[scale]}" if scale else d)
    return " ".join(out)


WORDS_N = st.integers(min_value=1, max_value=10 ** 10 - 1)  # up to 999 crore (crore part in words below 1000)


@SETTINGS
@given(WORDS_N)
def test_hindi_words_round_trip(n):
    text = hindi_words(n)
    m = _only(text)
    assert (m.value, m.kind, m.has_digits) == (n, "number", False), (text, m)
    assert m.text == text


@SETTINGS
@given(WORDS_N, st.sampled_from([HI_SCALES, EN_SCALES]), st.sampled_from([None, DEVANAGARI]))
def test_digits_with_scale_words_round_trip(n, scales, digits):
    """"3 लाख 55 हज़ार", "१४ करोड़ ५३ लाख", "1 crore 20 lakh": compound forms read as one number."""
    parts = indian_parts(n)
    if len(parts) == 1 and not parts[0][1]:
        return  # a bare number below 100: covered by the digit tests
    text = digits_with_scales(n, scales, digits)
    m = _only(text)
    assert (m.value, m.kind) == (n, "number"), (text, m)
    assert m.text == text


@SETTINGS
@given(st.integers(min_value=1, max_value=10 ** 6), st.sampled_from(["lakh", "crore", "लाख", "करोड़", "करोड़"]),
       st.sampled_from([None, DEVANAGARI]))
def test_decimal_scale_round_trip(k, word, digits):
    """n = k/100 of a scale, written with the fewest decimals: "1.45 crore", "१८.८ लाख", "0.05 lakh"."""
    size = 10 ** 5 if word in ("lakh", "लाख") else 10 ** 7
    x = Decimal(k) / 100
    written = f"{x.normalize():f}"
    if digits:
        written = written.translate(digits)
    text = f"{written} {word}"
    m = _only(text)
    assert m.value == k * size // 100, (text, m)


@SETTINGS
@given(st.integers(min_value=1, max_value=99), st.sampled_from([("लाख", 10 ** 5), ("करोड़", 10 ** 7),
                                                                 ("हज़ार", 1000), ("सौ", 100)]),
       st.sampled_from([("साढ़े", Decimal("0.5")), ("सवा", Decimal("0.25")), ("पौने", Decimal("-0.25"))]))
def test_fraction_prefix_round_trip(k, scale, prefix):
    """साढ़े तीन लाख = 3.5 लाख, सवा दो करोड़ = 2.25 करोड़, पौने दो हज़ार = 1.75 हज़ार (पौने needs k ≥ 2)."""
    word, size = scale
    pword, shift = prefix
    if pword == "पौने" and k < 2:
        return
    text = f"{pword} {HI_UNITS[k]} {word}"
    m = _only(text)
    assert m.value == (k + shift) * size, (text, m)


SENTENCE_FRAMES = ["iGOT पर {} यूजर्स पंजीकृत हैं।", "कुल {} कर्मचारियों ने प्रशिक्षण लिया",
                   "The platform has {} users.", "({})", "आंकड़ा: {}\n"]


@SETTINGS
@given(WORDS_N, st.sampled_from(["indian", "words", "hi-scales", "en-scales"]), st.sampled_from(SENTENCE_FRAMES))
def test_round_trip_inside_a_sentence(n, form, frame):
    """The number keeps its value and exact offsets when it stands inside a sentence."""
    written = {"indian": indian, "words": hindi_words,
               "hi-scales": lambda v: digits_with_scales(v, HI_SCALES),
               "en-scales": lambda v: digits_with_scales(v, EN_SCALES)}[form](n)
    text = frame.format(written)
    a = text.index(written)
    numbers = [m for m in parse_numbers(text) if m.kind in ("number", "year", "phone")]
    assert len(numbers) == 1, (text, numbers)
    m = numbers[0]
    if m.kind == "number":
        assert m.value == n, (text, m)
        assert (m.start, m.end) == (a, a + len(written)), (text, m)
    assert text[m.start:m.end] == m.text


# -- invariants on hostile text: invisible characters, other digit systems, line endings -------------------------

HOSTILE = st.lists(st.sampled_from(list("0123456789०१२३४५६७८९৫৬٣۴.,-+/%^eE k:₹ ") + [
    " लाख", " करोड़", "करोड़", " हज़ार", " सौ", " दो", " तीन", "साढ़े ", "ढाई", " से ", " और ", "lakh", " crore",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u00a0", "\u202f", "\u0301",
    "\u093c", "\u0901", "\r\n", "\r", "\n", "\t", "\u2212", "\u2013", "１２", "Ⅻ", "²", "½", "\U0001d7d9",
    "https://x.in/1,45", "1e10", "1.1^23", "12/03/2026", "10:30", "+91 98100 12345"]), max_size=40).map("".join)


def _invariants(text: str) -> None:
    found = parse_numbers(text)
    last_start = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text), (text, m)
        assert text[m.start:m.end] == m.text, (text, m)
        assert m.start >= last_start, (text, found)  # text order
        last_start = m.start
        assert isinstance(m.value, (int, float)) and m.value == m.value and abs(m.value) != float("inf"), (text, m)
        if m.value_max is not None:
            assert m.value_max > m.value, (text, m)


@settings(max_examples=400, deadline=None)
@given(HOSTILE)
def test_invariants_on_hostile_text(text):
    _invariants(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_invariants_on_any_unicode(text):
    _invariants(text)
