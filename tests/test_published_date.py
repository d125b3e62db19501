"""Publication dates: byline candidates found by pattern, read by our grammar (dateparser as the fallback), in India's
calendar."""
from __future__ import annotations

import pytest

from extractor.ingest import published, read_bytes, read_document
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


# --- where bylines are looked for, and who reads their dates (issue 17 item 2) --------------------------------------

def _no_dateparser(monkeypatch):
    def fail(value):
        raise AssertionError(f"dateparser asked for {value!r}")

    monkeypatch.setattr(published, "_dateparse", fail)


@pytest.mark.parametrize("line", [
    "Published: 12 March 2026", "Updated: Mar 12, 2026, 10:05 IST", "प्रकाशित: १२ मार्च २०२६",
    "Created On :\u00a0  5 Oct 2025 2:04 PM IST", "अपडेटेड Jan 07, 2026 पर 8:41 AM", "• Thu, 16 Jan 2025 11:42 pm IST",
    "Published on 3rd February, 2026", "Published: 03/04/2026", "Updated: 6 Jan 2026 8:30 PM GMT",
    "Posted On: 11 FEB 2026 12:57PM by PIB Delhi", "Updated: 2026-3-12",
])
def test_our_grammar_reads_byline_dates_without_dateparser(monkeypatch, line):
    expected = find_published(line)[0]
    _no_dateparser(monkeypatch)
    assert find_published(line)[0] == expected is not None


def test_dateparser_is_the_fallback_for_what_the_grammar_cannot_read(monkeypatch):
    asked = []
    real = published._dateparse
    monkeypatch.setattr(published, "_dateparse", lambda value: asked.append(value) or real(value))
    assert find_published("Published: 12/13/2026")[0] == "2026-12-13"  # no 13th month: dateparser reads it M/D
    assert asked == ["12/13/2026"]


def test_header_values_are_read_by_the_grammar_too(monkeypatch):
    _no_dateparser(monkeypatch)
    assert parse_date("Tue, 06 Jan 2026 20:30:00 GMT") == "2026-01-07"
    assert parse_date("Thu, 16 Jan 2025 11:42 pm IST") == "2025-01-16"
    assert parse_date("१२ मार्च २०२६") == "2026-03-12"


def test_no_date_is_read_when_the_header_gave_one(monkeypatch):
    _no_dateparser(monkeypatch)
    monkeypatch.setattr(published, "_read", lambda m, pats: pytest.fail("a byline date was read"))
    text = "Published: 12 March 2026\n\nपाठ में 5 लाख कर्मी।"
    date_, spans = find_published(text, need_date=False)
    assert date_ is None and [(s.start, s.end) for s in spans] == [(0, 24)]
    doc = read_bytes(f"DATE: 2026-03-01\n\n{text}".encode(), kind="txt")
    assert doc.meta.published == "2026-03-01"
    assert [doc.text[s.start:s.end] for s in doc.excluded if s.reason == "byline"] == ["Published: 12 March 2026"]


def _article(byline_at: int, lines: int = 40) -> str:
    body = [f"पैराग्राफ {i}: प्रशिक्षण में {i} हजार कर्मी जुड़े।" for i in range(lines)]
    body[byline_at] = "Published: 12 March 2026"
    return "\n\n".join(body)


@pytest.mark.parametrize("at,found", [
    (0, True), (published.HEAD_LINES - 1, True),  # the head
    (published.HEAD_LINES, False), (20, False), (40 - published.TAIL_LINES - 1, False),  # the middle
    (40 - published.TAIL_LINES, True), (39, True),  # the tail
])
def test_bylines_are_looked_for_in_the_head_and_tail_lines_only(at, found):
    date_, spans = find_published(_article(at))
    assert (date_ == "2026-03-12") is found and bool(spans) is found


def test_a_short_article_is_looked_at_whole():
    assert find_published(_article(10, lines=published.HEAD_LINES + published.TAIL_LINES))[0] == "2026-03-12"
