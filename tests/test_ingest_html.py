"""Reading HTML news pages: main text, metadata, furniture, hostile markup."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st

import extractor.ingest.html as html_reader
from extractor.errors import UnreadableInput
from extractor.ingest import MAX_BYTES, read_bytes, read_document
from extractor.ingest.html import looks_like_furniture

FIXTURES = "tests/fixtures/ingest/"


def assert_kept(doc, *numbers):
    for number in numbers:
        start = doc.text.find(number)
        assert start >= 0, f"{number!r} missing from the text"
        assert doc.is_excluded(start, start + len(number)) is None, f"{number!r} is excluded"


def assert_gone(doc, *numbers):
    """Furniture numbers are either absent from the text or inside an excluded span."""
    for number in numbers:
        start = doc.text.find(number)
        while start >= 0:
            assert doc.is_excluded(start, start + len(number)), f"{number!r} kept at {start}"
            start = doc.text.find(number, start + 1)


@pytest.fixture(scope="module")
def hindi():
    return read_document(FIXTURES + "hindi_news.html")


@pytest.fixture(scope="module")
def english():
    return read_document(FIXTURES + "english_news.html")


def test_hindi_page_metadata(hindi):
    assert hindi.meta.title == "मिशन कर्मयोगी: यूपी में 18.8 लाख कर्मी iGOT पर पंजीकृत"  # <title> minus the site
    assert hindi.meta.url == "https://example.in/news/mission-karmayogi-up-188-lakh"
    assert hindi.meta.publisher == "समाचार दर्पण"
    assert hindi.meta.published == "2026-01-07"  # JSON-LD @graph: 2026-01-06T20:30:00Z is the 7th in India
    assert hindi.meta.language == "hi"
    assert hindi.path == FIXTURES + "hindi_news.html"


def test_hindi_page_text_is_title_then_paragraphs(hindi):
    first, rest = hindi.text.split("\n\n", 1)
    assert first == hindi.meta.title
    assert rest.count(hindi.meta.title) == 0  # the <h1> repeating the title is not doubled
    assert "• पंजीकृत उपयोगकर्ता: 1.45 करोड़ से अधिक" in hindi.text.split("\n\n")


def test_hindi_page_article_numbers_are_kept(hindi):
    assert_kept(hindi, "72 लाख", "14.5 करोड़", "10 लाख", "50 लाख", "1.45 करोड़", "70%")
    start = hindi.text.index("18.8 लाख से")
    assert hindi.is_excluded(start, start + 4) is None


def test_hindi_page_furniture_numbers_are_gone(hindi):
    # nav, ad slot, share counts, also-read box, inline teaser, sponsored, tags, related aside, comments, cookie,
    # footer
    assert_gone(hindi, "टॉप 10", "50% छूट", "1200", "85", "13 प्रस्ताव", "24 घंटे", "99 करोड़", "999 रुपये",
                "11 मंदिरों", "35 नई", "100%", "20 मिमी", "30 दिनों", "© 2026")


def test_inline_also_read_paragraph_becomes_an_excluded_span(hindi):
    start = hindi.text.index("यह भी पढ़ें:")
    assert hindi.is_excluded(start, start + 5).reason == "also_read"
    assert "कैबिनेट ने 99 करोड़ की योजना" in hindi.text  # kept in the text, only marked


def test_classes_containing_ad_or_header_letters_are_not_furniture(hindi):
    assert "iGOT ऐप को 50 लाख से अधिक बार डाउनलोड" in hindi.text  # class="download-note"
    assert "ऐप डाउनलोड में भी आगे" in hindi.text  # class="heading-shadow"


def test_byline_line_inside_article_is_excluded(hindi):
    start = hindi.text.index("अपडेटेड 7 जनवरी 2026")
    assert hindi.is_excluded(start, start + 10).reason == "byline"


def test_english_page_metadata_from_meta_tags_and_time(english):
    assert english.meta.title == "UP leads Mission Karmayogi rankings with 18.8 lakh learners"  # og:title
    assert english.meta.url == "https://ledger.example.com/india/up-mission-karmayogi"  # og:url
    assert english.meta.publisher == "The Daily Ledger"
    assert english.meta.published == "2026-03-12"  # <time datetime="2026-03-11T22:15:00Z">
    assert english.meta.language == "en"


def test_english_page_numbers(english):
    assert_kept(english, "18.8 lakh employees", "1.45 crore", "50 lakh", "72 lakh", "4,179")
    assert_gone(english, "Top 100", "1.2k", "40%", "13 proposals", "250 new", "900 points", "3 days", "25,000")
    start = english.text.index("Also Read:")
    assert english.is_excluded(start, start + 4).reason == "also_read"


@pytest.mark.parametrize("classes,expected", [
    ("ad", True), ("ads", True), ("ad-slot", True), ("advert-box", True), ("adsbygoogle", True),
    ("also-read", True), ("alsoRead", True), ("related-posts", True), ("cookie-banner", True),
    ("social-share", True), ("sidebar", True), ("readMore", True), ("breadcrumbs", True), ("post-tags", True),
    ("download-btn", False), ("heading", False), ("shadow-box", False), ("header-title", False),
    ("loader", False), ("lead-para", False), ("thread", False), ("masthead", False), ("story-content", False),
])
def test_furniture_classes_match_as_tokens(classes, expected):
    tag = BeautifulSoup(f'<div class="{classes}">x</div>', "lxml").div
    assert looks_like_furniture(tag) is expected


def test_furniture_by_id_role_and_aria_label_and_inline_tags_are_spared():
    soup = BeautifulSoup('<div id="comments"></div><div role="navigation"></div><div aria-label="Share this"></div>'
                         '<a class="tag">मिशन</a><div id="main-story"></div>', "lxml")
    flags = [looks_like_furniture(t) for t in soup.body.find_all(True)]
    assert flags == [True, True, True, False, False]


def test_layout_class_on_the_article_wrapper_does_not_drop_the_article():
    page = ("<html><body><article><div class='content no-sidebar ad-free'>"
            "<p>राज्य के 18.8 लाख कर्मियों ने पंजीकरण कराया।</p><p>72 लाख पाठ्यक्रम पूरे।</p></div>"
            "<div class='ad'>विज्ञापन 40%</div></article></body></html>")
    doc = read_bytes(page.encode(), "page.html", kind="html")
    assert_kept(doc, "18.8 लाख", "72 लाख")
    assert "40%" not in doc.text


def test_teaser_article_cards_do_not_win_over_the_story():
    story = "".join(f"<p>अनुच्छेद {i}: राज्य में 18.8 लाख कर्मियों का प्रशिक्षण जारी है और काम तेज है।</p>"
                    for i in range(6))
    page = (f"<html><body><article class='card'><p>दूसरी खबर 13 प्रस्ताव</p></article>"
            f"<div class='story-body'>{story}</div></body></html>")
    doc = read_bytes(page.encode(), "p.html", kind="html")
    assert "18.8 लाख" in doc.text and "13 प्रस्ताव" not in doc.text


def test_itemprop_article_body_is_preferred():
    page = ("<html><body><div><p>" + "साइडबार पाठ 99 " * 20 + "</p></div>"
            "<div itemprop='articleBody'><p>मुख्य पाठ 72 लाख</p><p>और 14.5 करोड़</p></div></body></html>")
    doc = read_bytes(page.encode(), "p.html", kind="html")
    assert_kept(doc, "72 लाख", "14.5 करोड़")
    assert "99" not in doc.text


def test_json_ld_tolerates_broken_json_and_lists():
    broken = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
              '"datePublished": "2026-02-01T10:00:00+05:30", "publisher": {"name": "X"},}</script></head>'
              "<body><p>पाठ 5 लाख</p></body></html>")
    assert read_bytes(broken.encode(), "a.html", kind="html").meta.published == "2026-02-01"
    hopeless = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                '"datePublished": "2026-02-02T10:00:00+05:30", oops</script></head><body><p>पाठ</p></body></html>')
    assert read_bytes(hopeless.encode(), "a.html", kind="html").meta.published == "2026-02-02"
    listed = ('<html><head><script type="application/ld+json">[{"@type": "WebPage", "datePublished": "2020-01-01"},'
              '{"@type": ["NewsArticle"], "datePublished": "2026-02-03", "publisher": [{"name": "Y"}]}]</script>'
              "</head><body><p>पाठ</p></body></html>")
    doc = read_bytes(listed.encode(), "a.html", kind="html")
    assert doc.meta.published == "2026-02-03" and doc.meta.publisher == "Y"


def test_meta_published_time_is_converted_to_ist():
    page = ('<html><head><meta property="article:published_time" content="2026-01-06T20:30:00Z">'
            "<title>T</title></head><body><p>पाठ</p></body></html>")
    assert read_bytes(page.encode(), "a.html", kind="html").meta.published == "2026-01-07"


def test_title_falls_back_to_h1_and_site_suffix_is_cut_only_for_the_publisher():
    page = "<html><body><h1>Headline 5 lakh</h1><p>Body text.</p></body></html>"
    doc = read_bytes(page.encode(), "a.html", kind="html")
    assert doc.meta.title == "Headline 5 lakh" and doc.text == "Headline 5 lakh\n\nBody text."
    page = "<html><head><title>Rise - and fall</title></head><body><p>Body.</p></body></html>"
    assert read_bytes(page.encode(), "a.html", kind="html").meta.title == "Rise - and fall"


def test_cp1252_page_with_meta_charset():
    doc = read_document(FIXTURES + "cp1252_page.html")
    assert "“50 lakh” officials’ training — a naïve target" in doc.text


def test_page_declaring_latin1_but_written_in_utf8():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>राज्य में 72 लाख</p></body></html>'
    assert "72 लाख" in read_bytes(page.encode("utf-8"), "a.html", kind="html").text


def test_utf16_page_with_bom():
    page = "<html><body><p>राज्य में 72 लाख</p></body></html>"
    doc = read_bytes(b"\xff\xfe" + page.encode("utf-16-le"), "a.html")
    assert doc.text == "राज्य में 72 लाख"


def test_html_from_stdin_bytes_is_sniffed():
    doc = read_bytes(b"<!doctype html><html><body><p>72 lakh</p></body></html>")
    assert doc.text == "72 lakh" and doc.path == "-"


def test_malformed_html_still_yields_the_text():
    doc = read_document(FIXTURES + "malformed.html")
    assert doc.meta.title == "Broken page"
    assert_kept(doc, "5 लाख", "72 लाख", "14.5 करोड़", "4,179", "1.45 करोड़")
    assert "999" not in doc.text  # inside an unclosed comment


def test_deeply_nested_divs_do_not_raise_recursion_error():
    depth = 100_000
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * depth + "<p>गहराई में 14.5 करोड़</p>"
            + "</div>" * depth + "</body></html>")
    doc = read_bytes(page.encode(), "deep.html", kind="html")
    assert doc.text == "Deep\n\nगहराई में 14.5 करोड़"


def test_recursion_error_falls_back_to_flat_lxml_text(monkeypatch):
    def too_deep(html):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_reader, "_extract", too_deep)
    page = "<html><head><title>T</title></head><body><nav>मेनू 10</nav><p>पाठ 72 लाख</p><ul><li>1.45 करोड़</li></ul>"
    doc = read_bytes(page.encode(), "a.html", kind="html")
    assert doc.text == "T\n\nपाठ 72 लाख\n\n• 1.45 करोड़"


def test_html_larger_than_the_limit():
    with pytest.raises(UnreadableInput, match="larger than the 20 MB limit"):
        read_bytes(b" " * (MAX_BYTES + 1), "big.html", kind="html")


@pytest.mark.parametrize("page", [b"<html><body></body></html>", b"<html><body><script>x=1</script></body></html>",
                                  b"<!-- only a comment -->"])
def test_html_without_text_is_unreadable(page):
    with pytest.raises(UnreadableInput):
        read_bytes(page, "empty.html", kind="html")


_PIECES = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<li>", "<ul>", "</ul>", "<article>", "</article>", "<nav>", "<aside>",
    "<div class='ad'>", "<span>", "</b>", "<table><td>", "<br>", "<script>", "</script>", "<!--", "-->",
    "<meta charset='cp1252'>", "<title>", "</title>", "<h1>", "&amp;", "&bogus;", "<", ">", "\n", " ",
    "यह भी पढ़ें: 13", "Related posts", "72 लाख", "14.5 करोड़", "Published: 12 March 2026",
    '<script type="application/ld+json">{"datePublished": ', '"2026-01-06T20:30:00Z"}',
])


@settings(max_examples=120, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_random_tag_soup_reads_or_is_refused_cleanly(pieces):
    try:
        doc = read_bytes("".join(pieces).encode(), "soup.html", kind="html")
    except UnreadableInput as exc:
        assert "\n" not in exc.reason
        return
    assert doc.text.strip()
    last = 0
    for span in doc.excluded:
        assert last <= span.start < span.end <= len(doc.text)
        last = span.end


def test_story_scattered_by_broken_markup_is_gathered():
    page = ("<html><body><div class=nav>होम 10</div><div class=content><h2>उत्तराखंड: 1.6 लाख कार्मिक</h2>"
            "<span class=dt>देहरादून, 25 मार्च 2026<p>राज्य के 1.6 लाख से अधिक कार्मिक पंजीकृत हो चुके हैं और दर 68 फीसदी है।"
            "<p>प्रदेश में अब तक 4.3 लाख से अधिक पाठ्यक्रम पूरे किए जा चुके हैं।</div></div></span>"
            "<p>देशभर में उपयोगकर्ताओं की संख्या डेढ़ करोड़ के करीब पहुंच गई है।"
            "<div class=footer>© 2026 देवभूमि दर्पण | फोन: 0135-2712345</div>")
    doc = read_bytes(page.encode(), "scattered.html", kind="html")
    assert_kept(doc, "उत्तराखंड: 1.6 लाख", "68 फीसदी", "4.3 लाख", "डेढ़ करोड़")
    assert_gone(doc, "होम 10", "0135")
