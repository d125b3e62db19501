"""Page furniture in plain text: marked as excluded spans, never removed, and never swallowing article prose."""
from __future__ import annotations

import pytest

from extractor.ingest import read_bytes, read_document
from extractor.ingest.furniture import classify_line, find_furniture, furniture

SEEDS = "corpus/seeds/"


def seed(name):
    return read_document(SEEDS + name)


def reasons_of_lines(doc, *fragments):
    """The reason of the excluded span covering each fragment (None when not excluded)."""
    out = []
    for fragment in fragments:
        start = doc.text.index(fragment)
        span = doc.is_excluded(start, start + len(fragment))
        out.append(span.reason if span else None)
    return out


def all_occurrences(text, needle):
    start = text.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


ARTICLE_FIGURES = {
    "001_6ed01f356ed30db4.txt": ["14.5 करोड़", "67 लाख", "5 लाख से", "72 लाख"],
    "004_1da6169ce7a652b7.txt": ["1.45 करोड़", "50 लाख", "18.8 लाख"],
    "000_41aac0695f25ef1b.txt": ["21,150"],
    "003_d0df9700eacaf73b.txt": ["75 लाख"],
}


@pytest.mark.parametrize("name,figures", sorted(ARTICLE_FIGURES.items()))
def test_mission_karmayogi_figures_in_seeds_are_not_excluded(name, figures):
    doc = seed(name)
    for figure in figures:
        spans = list(all_occurrences(doc.text, figure))
        assert spans, figure
        for start, end in spans:
            assert doc.is_excluded(start, end) is None, (figure, doc.is_excluded(start, end))


def test_seed_001_teaser_ad_line_and_moneycontrol_promo():
    doc = seed("001_6ed01f356ed30db4.txt")
    assert reasons_of_lines(doc, "यह भी पढ़ें:", "Story continues below Advertisement",
                            "हिंदी में\u00a0शेयर बाजार", "डाउनलोड करें।") == ["also_read", "advertisement", "promo", "promo"]
    # the ad label does not take the repeated headline after it
    assert reasons_of_lines(doc, "सीएम योगी का आदेश, सभी सरकारी कर्मचारियों के लिए अनिवार्य किया जाए क्षमता निर्माण कार्यक्रम\n")[0] \
        is None


def test_seed_004_also_read_teaser_numbers_are_excluded():
    doc = seed("004_1da6169ce7a652b7.txt")
    assert reasons_of_lines(doc, "also read:", "13 प्रस्तावों", "कुल 14 प्रस्ताव") == ["also_read"] * 3


def test_seed_004_related_posts_heading_takes_the_headlines_after_it():
    doc = seed("004_1da6169ce7a652b7.txt")
    assert reasons_of_lines(doc, "Related posts", "24 घंटे अभियान", "वंदे मातरम्", "महाशिवरात्रि 2026") == ["related"] * 4
    assert reasons_of_lines(doc, "This website uses cookies") == ["cookie"]
    # the paragraph just before the heading is article text
    assert reasons_of_lines(doc, "मिशन कर्मयोगी का मुख्य उद्देश्य") == [None]


def test_seed_000_disclaimer_and_navigation():
    doc = seed("000_41aac0695f25ef1b.txt")
    assert reasons_of_lines(doc, "अस्वीकरण:", "BhaskarHindi.com न्यूज पोर्टल") == ["disclaimer"] * 2
    assert reasons_of_lines(doc, "Tags", "और पढ़ेंकम पढ़ें", "Next Story") == ["navigation"] * 3
    assert reasons_of_lines(doc, "Created On") == ["byline"]


def test_seed_003_app_banner_and_desk_byline():
    doc = seed("003_d0df9700eacaf73b.txt")
    assert reasons_of_lines(doc, "Read in App", "DevBhoomi Insider Desk", "• Thu, 16 Jan 2025") == \
        ["navigation", "byline", "byline"]


def test_seed_002_has_no_furniture():
    assert seed("002_fed58ed3f83c34e4.txt").excluded == []


def test_text_is_never_removed():
    for name in ARTICLE_FIGURES:
        assert seed(name).text == open(SEEDS + name, encoding="utf-8", newline="").read()


def test_spans_cover_the_line_without_its_ending():
    text = "पहला पैराग्राफ।\r\n  यह भी पढ़ें: दूसरी खबर 13 प्रस्ताव  \r\nअंतिम।"
    (span,) = find_furniture(text)
    assert text[span.start:span.end] == "यह भी पढ़ें: दूसरी खबर 13 प्रस्ताव"
    assert span.reason == "also_read"


def test_markers_match_with_or_without_nukta():
    for padhen in ("प\u095d\u0947\u0902", "प\u0922\u093c\u0947\u0902", "प\u0922\u0947\u0902"):  # ढ़ / ढ+़ / ढ
        assert classify_line(f"यह भी {padhen}: दूसरी खबर") == ("also_read", False)


def test_marker_must_end_at_a_word_boundary():
    assert classify_line("Tagsolutions ने 5 लाख कमाए") is None
    assert classify_line("Tags: Mission Karmayogi, iGOT") == ("navigation", False)
    assert classify_line("Byculla में 5 लाख कर्मचारी") is None


def test_bare_teaser_heading_takes_short_headlines_but_stops_at_prose():
    text = ("यह भी पढ़ें\n\n• कैबिनेट ने 13 प्रस्ताव मंजूर किए\nबजट में 35 योजनाएं\n\n"
            "राज्य में 18.8 लाख कर्मियों ने पंजीकरण कराया है।\nअगली पंक्ति 5 लाख की।")
    doc = read_bytes(text.encode(), kind="txt")
    assert reasons_of_lines(doc, "13 प्रस्ताव", "35 योजनाएं", "18.8 लाख", "5 लाख") == \
        ["also_read", "also_read", None, None]


def test_advertisement_label_does_not_open_a_list():
    doc = read_bytes("Advertisement\nसरकार ने 5 लाख कर्मियों को प्रशिक्षित किया\n".encode(), kind="txt")
    assert reasons_of_lines(doc, "Advertisement", "5 लाख") == ["advertisement", None]


def test_download_in_article_prose_is_not_a_promo():
    line = "कर्मचारी iGOT ऐप डाउनलोड करें और 7 दिन में पाठ्यक्रम पूरा करें।"
    assert classify_line(line) is None
    assert classify_line("ताज़ा खबरें सबसे पहले अमर खबर पर पढ़ें. ऐप डाउनलोड करें।") == ("promo", False)


def test_desk_byline_never_takes_a_line_with_numbers():
    assert classify_line("DevBhoomi Insider Desk") == ("byline", False)
    assert classify_line("75 लाख अधिकारियों का प्रशिक्षण: डेस्क") is None
    assert classify_line("By Ravi Kumar") == ("byline", False)
    assert classify_line("By 2026 the state will train 10 lakh staff") is None


def test_cookie_notice_is_limited_to_short_lines():
    assert classify_line("We use cookies to improve your experience.") == ("cookie", False)
    assert classify_line("We use cookies " + "x" * 700) is None


def test_data_file_loads_with_every_reason():
    reasons = {s.reason for s in furniture().sections}
    assert {"also_read", "advertisement", "promo", "disclaimer", "cookie", "related", "navigation",
            "byline"} <= reasons
    assert furniture().headline_max_chars > 0


def test_footer_copyright_and_contact_lines():
    assert classify_line("© 2026 समाचार दर्पण. सर्वाधिकार सुरक्षित।") == ("footer", False)
    assert classify_line("For media queries: Public Relations Officer, +91-11-2309-2345") == ("footer", False)
    assert classify_line("Release ID: 2204517") == ("footer", False)
    assert classify_line("संपर्क: 0612-2234567") == ("footer", False)
    assert classify_line("Copyright rules changed for 5 lakh authors this year.") is None
