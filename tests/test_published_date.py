"""Publication dates: byline candidates found by pattern, parsed by dateparser, in India's calendar."""
from __future__ import annotations

import pytest

from extractor.ingest import read_bytes, read_document
from extractor.ingest.published import find_published, parse_date


@pytest.mark.parametrize("name,expected", [
    ("000_41aac0695f25ef1b.txt", "2025-10-05"),  # "Created On :   5 Oct 2025 2:04 PM IST"
    ("001_6ed01f356ed30db4.txt", "2026-01-07"),  # "अपडेटेड Jan 07, 2026 पर 8:41 AM"
    ("002_fed58ed3f83c34e4.txt", None),  # only "11 जुलाई से 17 जुलाई" (no year) in running text
    ("003_d0df9700eacaf73b.txt", "2025-01-16"),  # "• Thu, 16 Jan 2025 11:42 am IST"
    ("004_1da6169ce7a652b7.txt", None),  # "महाशिवरात्रि 2026:" in a related headline is no date
])
def test_seed_publication_dates(name, expected):
    assert read_document(f"corpus/seeds/{name}").meta.published == expected


@pytest.mark.parametrize("line,expected", [
    ("Published: 12 March 2026", "2026-03-12"),
    ("Updated: Mar 12, 2026, 10:05 IST", "2026-03-12"),
    ("प्रकाशित: 12 मार्च 2026", "2026-03-12"),
    ("प्रकाशित: १२ मार्च २०२६", "2026-03-12"),  # Devanagari digits
    ("नई दिल्ली, 12 मार्च 2026 (आईएएनएस)। केंद्र ने 50 लाख कर्मियों को प्रशिक्षित किया।", "2026-03-12"),
    ("Created On :\u00a0  5 Oct 2025 2:04 PM IST", "2025-10-05"),
    ("अपडेटेड Jan 07, 2026 पर 8:41 AM", "2026-01-07"),
    ("• Thu, 16 Jan 2025 11:42 am IST", "2025-01-16"),
    ("गुरुवार, 16 जनवरी 2025", "2025-01-16"),
    ("Published on 3rd February, 2026", "2026-02-03"),
    ("Published: 03/04/2026", "2026-04-03"),  # Indian day-first order
    ("Updated: 2026-03-12", "2026-03-12"),
    ("By Staff Reporter · March 11, 2026", "2026-03-11"),
    ("दिनांक: 5 फ़रवरी 2026", "2026-02-05"),
])
def test_byline_dates(line, expected):
    text = f"शीर्षक\n\n{line}\n\nपाठ में 14.5 करोड़ यूजर्स हैं।"
    assert find_published(text)[0] == expected


def test_late_evening_ist_is_not_read_as_israel_time():
    # dateparser alone reads IST as +02:00; 11:42 pm +02:00 would be the 17th in India
    assert find_published("• Thu, 16 Jan 2025 11:42 pm IST")[0] == "2025-01-16"
    assert parse_date("Thu, 16 Jan 2025 11:42 pm IST") == "2025-01-16"


def test_gmt_byline_is_converted_to_india_date():
    assert find_published("Updated: 6 Jan 2026 8:30 PM GMT")[0] == "2026-01-07"


def test_published_is_preferred_over_updated():
    text = "Updated: Mar 14, 2026\nPublished: Mar 12, 2026\n\nबॉडी।"
    assert find_published(text)[0] == "2026-03-12"
    text = "Published: Mar 12, 2026 | Updated: Mar 14, 2026\n\nबॉडी।"
    assert find_published(text)[0] == "2026-03-12"


@pytest.mark.parametrize("text", [
    "मुख्यमंत्री ने 12 मार्च 2026 को बैठक की।",
    "12 मार्च 2026 को हुई बैठक में 5 लाख कर्मियों पर चर्चा हुई।",
    "सितंबर 2025 तक 3,900 कर्मचारी पंजीकृत हुए।",
    "iGOT पर 14.5 करोड़ यूजर्स, 70% से अधिक सफलता दर, 1,45 पाठ्यक्रम।",
    "यह अभियान 11 जुलाई से 17 जुलाई तक चलेगा।",
    "महाशिवरात्रि 2026: मुख्यमंत्री ने पूजा की",
    "उन्होंने कहा, 12 मार्च 2026 को बैठक होगी।",
])
def test_dates_in_running_text_are_not_publication_dates(text):
    assert find_published(text) == (None, [])


def test_date_only_lines_become_byline_spans_but_datelines_in_prose_do_not():
    text = "Published: 12 March 2026\nनई दिल्ली, 12 मार्च 2026। सरकार ने 5 लाख कर्मियों को प्रशिक्षित किया।\n"
    published, spans = find_published(text)
    assert published == "2026-03-12"
    assert [(text[s.start:s.end], s.reason) for s in spans] == [("Published: 12 March 2026", "byline")]


def test_header_date_wins_over_byline():
    doc = read_bytes("DATE: 2026-03-01\n\nPublished: 12 March 2026\n\nपाठ।".encode(), kind="txt")
    assert doc.meta.published == "2026-03-01"


@pytest.mark.parametrize("value,expected", [
    ("2026-01-06T20:30:00Z", "2026-01-07"),  # 02:00 on the 7th in India
    ("2026-01-06T20:30:00+00:00", "2026-01-07"),
    ("2026-01-06T20:30:00+05:30", "2026-01-06"),
    ("2026-01-06T17:00:00.000Z", "2026-01-06"),
    ("2026-01-06", "2026-01-06"),
    ("2026-01-06 23:59:00", "2026-01-06"),  # no zone: taken as printed
    ("Tue, 06 Jan 2026 20:30:00 GMT", "2026-01-07"),
    ("12 मार्च 2026", "2026-03-12"),
    ("१२ मार्च २०२६", "2026-03-12"),
    ("March 2026", None),  # no day: not a publication date
    ("14.5", None),
    ("", None),
    ("soon", None),
    ("1 Jan 1900", None),
])
def test_parse_date_values(value, expected):
    assert parse_date(value) == expected


def test_desk_credits_around_the_date_keep_the_line_a_byline():
    for line in ("Western Daily News Service | 22 March 2026, 6:05 PM", "Posted On: 12 MAR 2026 4:15 PM by PIB Delhi"):
        published, spans = find_published(line)
        assert published in ("2026-03-22", "2026-03-12")
        assert [(s.start, s.end, s.reason) for s in spans] == [(0, len(line), "byline")]
    # a sentence before a separator is no desk credit
    assert find_published("मंत्री ने 5 लाख कर्मियों की बात कही | 22 March 2026") == (None, [])
