"""Inputs the fuzzers (fuzz/) and the adversarial review found, each written out as a readable case.

The raw inputs that libFuzzer minimised live in fuzz/regressions/<target>/ and seed every later fuzz run; this file
states what each one means and what the right answer is.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor.claims import extract_claims
from extractor.ingest import read_bytes
from extractor.numbers import parse_indian_number, parse_numbers

REGRESSIONS = Path(__file__).resolve().parent.parent / "fuzz" / "regressions"


def _spans_hold(text: str):
    found = parse_numbers(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text, (text, m)
    return found


# -- fuzz_numbers, run 1 (crash after 48 s, 10,383 executions): a month name with a dot before the day ----------

@pytest.mark.parametrize("text,quote,value", [
    ("Jan. 07, 2026", "Jan. 07, 2026", 7),
    ("sept. 10", "sept. 10", 10),
    ("on Sept. 5 the board met", "Sept. 5", 5),
    ("Jan. 2026", "Jan. 2026", 2026),
])
def test_month_abbreviation_with_dot_then_day_is_a_date(text, quote, value):
    """Was: decimal.InvalidOperation — the date's value was read from the "." token after "Jan"."""
    found = _spans_hold(text)
    assert [(m.text, m.kind, m.value) for m in found] == [(quote, "date", value)]


def test_month_dot_day_then_a_range_of_lakhs():
    found = _spans_hold("sept. 10-12 लाख")
    assert (found[0].kind, found[0].text) == ("date", "sept. 10")


def test_as_of_from_an_abbreviated_month_with_a_dot():
    doc = read_bytes(b"DATE: 2026-01-10\n\nAs of Jan. 07, 2026, iGOT had 1.45 crore registered users.\n", kind="txt")
    claims = extract_claims(doc)
    assert [(c.value, c.as_of) for c in claims] == [(14500000, "2026-01-07")]


def _regression_inputs():
    return [(target, p) for target in ("numbers", "html") if (REGRESSIONS / target).is_dir()
            for p in sorted((REGRESSIONS / target).iterdir()) if p.is_file()]


@pytest.mark.parametrize("target,path", _regression_inputs(), ids=lambda x: getattr(x, "name", x))
def test_committed_fuzz_inputs_keep_the_invariants(target, path):
    """Every committed fuzz input (fuzz/regressions/) still satisfies its target's invariants."""
    from extractor.errors import UnreadableInput

    data = path.read_bytes()
    if target == "numbers":
        text = data.decode("utf-8", "surrogatepass")
        _spans_hold(text)
        parse_indian_number(text)
        return
    try:
        doc = read_bytes(data, path.name, kind="html")
    except UnreadableInput:
        return
    for span in doc.excluded:
        assert 0 <= span.start < span.end <= len(doc.text)


# -- adversarial review: digit runs far beyond any statistic ------------------------------------------------------

def test_a_million_digits_in_a_row_is_not_a_number_and_is_fast():
    """Was: 26 s (int() of a million-digit Decimal is quadratic), and a value Python refuses to print."""
    t0 = time.perf_counter()
    assert parse_numbers("1" * 1_000_000) == []
    assert time.perf_counter() - t0 < 10  # 0.15 s measured


@pytest.mark.parametrize("text", ["1/" + "3" * 5000, "2 1/" + "3" * 5000])
def test_a_fraction_with_thousands_of_digits_does_not_raise(text):
    """Was: ValueError "Exceeds the limit (4300 digits) for integer string conversion" in the fraction reader."""
    _spans_hold(text)


def test_28_digits_still_read_exactly_29_do_not():
    """28 digits: Decimal's default precision, so the value is still exact."""
    assert parse_numbers("1" * 28)[0].value == int("1" * 28)
    assert parse_numbers("1" * 29) == []


def test_a_scale_word_after_a_digit_run_is_not_one_lakh():
    """"<40 digits> लाख" must not leave "लाख" behind as a number (it would read as 1 lakh)."""
    found = _spans_hold("9" * 40 + " लाख यूजर्स, 5 लाख कर्मचारी")
    assert [(m.text, m.value) for m in found] == [("5 लाख", 500000)]


def test_a_list_of_small_numbers_without_spaces_is_still_read():
    found = _spans_hold(",".join(["12"] * 40))
    assert len(found) == 40 and {m.value for m in found} == {12}
