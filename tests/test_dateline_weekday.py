"""A dateline without a year ("New Delhi, Jan 8 (IANS) … on Thursday …") is dated by the weekday of its lead: the one
year from the programme's start (dates.toml [yearless] first_year, 2020) to today's in which that day is that
weekday. `today` is passed in, so that none of this depends on the year the tests run in."""
from __future__ import annotations

from datetime import date

import pytest

from extractor.ingest import published, read_bytes
from extractor.ingest.published import find_published

SPRING_2026 = date(2026, 3, 1)


def published_on(text: str, today: date = SPRING_2026) -> str | None:
    return find_published(f"A headline about the classroom\n\n{text}\n", today=today)[0]


def test_a_thursday_8_january_is_2026():
    # 8 January fell on a Thursday in 2026 and in no other year from 2020
    text = "New Delhi, Jan 8 (IANS) The government on Thursday launched an AI classroom for 40 lakh civil servants."
    assert published_on(text) == "2026-01-08"


def test_hindi_dateline_and_weekday():
    text = "लखनऊ, 8 जनवरी (आईएएनएस)। सरकार ने गुरुवार को कर्मयोगी कक्षा शुरू की, जिसमें 40 लाख कर्मी जुड़ेंगे।"
    assert published_on(text) == "2026-01-08"


def test_the_weekday_may_stand_in_the_next_line_or_a_later_sentence_of_the_lead():
    text = ("New Delhi, Jan 8 (IANS)\n"
            "The classroom opened to all ministries. It was launched on Thursday by the minister.")
    assert published_on(text) == "2026-01-08"


def test_two_years_with_that_weekday_leave_the_date_unknown():
    # 8 January was a Wednesday in 2020 and in 2025
    assert published_on("New Delhi, Jan 8 (IANS) The minister on Wednesday released 12 new courses.") is None


def test_a_weekday_that_fits_no_year_leaves_the_date_unknown():
    # 8 January was a Tuesday in no year from 2020 to 2026
    assert published_on("New Delhi, Jan 8 (IANS) The minister on Tuesday released 12 new courses.") is None


def test_never_a_date_after_today():
    text = "New Delhi, Jan 8 (IANS) The government on Thursday launched an AI classroom."
    assert published_on(text, today=date(2026, 1, 7)) is None
    assert published_on(text, today=date(2026, 1, 8)) == "2026-01-08"
    # 5 March was a Thursday in 2020 and 2026: before 5 March 2026 only 2020 fits, after it both do
    text = "New Delhi, March 5 (PTI) The government on Thursday opened 30 new courses."
    assert published_on(text, today=date(2026, 3, 1)) == "2020-03-05"
    assert published_on(text, today=date(2026, 3, 10)) is None


def test_the_current_year_is_injected():
    # in 2032, 8 January is a Thursday again: two years fit, so the date is unknown
    text = "New Delhi, Jan 8 (IANS) The government on Thursday launched an AI classroom."
    assert published_on(text, today=date(2032, 6, 1)) is None


def test_29_february():
    # a Thursday 29 February: 2024 only
    assert published_on("Bhopal, Feb 29 (PTI) The state on Thursday enrolled 9,000 officials.") == "2024-02-29"


@pytest.mark.parametrize("text", [
    "New Delhi, Jan 8 (IANS) The government launched an AI classroom for 40 lakh civil servants.",  # no weekday
    "The minister said, Jan 8 will see the launch on Thursday of 40 new courses.",  # no dateline
    "सरकार ने 8 जनवरी को गुरुवार को 40 नए पाठ्यक्रम शुरू किए।",  # a date in running text
    "New Delhi, Jan 8 (IANS) The classroom was praised. Officials met. Ministers spoke. It opened on Thursday.",
])
def test_no_dateline_or_no_weekday_in_its_lead_leaves_the_date_unknown(text):
    assert published_on(text) is None


def test_a_full_date_wins_over_the_weekday():
    text = "Published: 12 March 2026\n\nNew Delhi, Jan 8 (IANS) The government on Thursday launched a classroom."
    assert find_published(text, today=SPRING_2026)[0] == "2026-03-12"


def test_the_article_and_its_claims_carry_the_date(monkeypatch):
    monkeypatch.setattr(published, "_today", lambda: SPRING_2026)
    from extractor.claims import extract_claims

    body = ("Govt launches AI classroom\n\nNew Delhi, Jan 8 (IANS) The government on Thursday launched the "
            "Karmayogi classroom; the iGOT platform now has 1.5 crore registered users.\n")
    doc = read_bytes(body.encode(), "t.txt", kind="txt")
    assert doc.meta.published == "2026-01-08"
    assert {c.published for c in extract_claims(doc)} == {"2026-01-08"}
    # a header date is the truth and is kept
    doc = read_bytes(("DATE: 2026-01-09\n\n" + body).encode(), "t.txt", kind="txt")
    assert doc.meta.published == "2026-01-09"
