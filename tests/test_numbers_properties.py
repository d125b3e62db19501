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
