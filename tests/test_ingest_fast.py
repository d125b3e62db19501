"""The fast paths of ingest give what the plain definitions they replaced give.

Each shortcut of extractor/ingest (script counts by regex, furniture prefilter and keys cut from one fold, the date
scan bounded by a byline's lead, the clean-text check, the legacy-font early exit, the lazy header reader) is
compared here with the per-character or per-line definition it stands for, on hand-made edge cases and on
generated text. The sentences are made up for these tests.
"""
from __future__ import annotations

import contextlib
import dataclasses
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extractor.ingest import decode, furniture, language, legacy, published, read_bytes, read_document
from extractor.ingest.furniture import classify_line, find_furniture
from extractor.ingest.language import detect_language, is_devanagari, is_latin, script_counts
from extractor.ingest.lines import iter_lines, lazy_lines
from extractor.ingest.txt import parse_header
from extractor.records.document import ExcludedSpan
from extractor.text.normalize import fold, fold_key, folded_key

# characters that sit on the edges the shortcuts must respect: Devanagari letters, vowel signs, nukta, virama,
# digits, danda, the extended block (U+A8E0–U+A8FF), Bengali just past the block, Latin-1 and Latin Extended
# letters and their neighbours (× ÷), combining accents, zero-width joiners, odd spaces, dashes, bullets
EDGE_CHARS = (
    "कखगड़ज़क़ािीुूेैोौंःँ़्०१२३४५६७८९।॥॰ॱॲॿ"
    "\ua8e0\ua8f2\ua8f8\ua8fb\ua8fc\ua8fe\u0980\u0995\u09e6"
    "abcXYZéüÀÖØöøÿĀžƀɏ\u0250ḀỿἀÆßµª×÷\u0301\u0300"
    "0123456789 \t\u00a0\u2003\u200b\u200c\u200d\u00ad\ufeff-–—•·|:;,.!?()[]\"'%₹"
)
edge_text = st.text(st.sampled_from(EDGE_CHARS), max_size=200)


def reference_counts(text: str) -> tuple[int, int]:
    """The loop `detect_language` ran before: Devanagari letters and marks, Latin letters."""
    deva = latin = 0
    for ch in text:
        if is_devanagari(ch):
            deva += ch.isalpha() or unicodedata.category(ch).startswith("M")
        elif ch.isalpha() and is_latin(ch):
            latin += 1
    return deva, latin


# --- language ----------------------------------------------------------------------------------------------

def test_regex_script_counts_equal_the_per_character_definition_on_mixed_text():
    text = ("मिशन कर्मयोगी के तहत १८.८ लाख कर्मचारियों ने iGOT पर पंजीकरण किया। Café naïve ĀŽ ɏ Ḁ ỿ × ÷ "
            "क़िला ज़रूर \ua8f2\ua8fb বাংলা 2026 µ ª ß ff")
    assert script_counts(text) == reference_counts(text)
    assert script_counts("") == (0, 0)
    assert script_counts("१२३ ।॥ 4567 ×÷") == (0, 0)  # digits, dandas and signs are no letters


def test_every_code_point_of_the_counted_blocks_counts_as_the_loop_counts_it():
    for lo, hi in (*language._DEVANAGARI_BLOCKS, *language._LATIN_BLOCKS, (0x0980, 0x09FF), (0x1F00, 0x1FFF)):
        chars = "".join(chr(cp) for cp in range(lo, hi + 1))
        assert script_counts(chars) == reference_counts(chars), (hex(lo), hex(hi))


@settings(max_examples=300, deadline=None)
@given(edge_text)
def test_script_counts_equal_the_loop_on_generated_text(text):
    assert script_counts(text) == reference_counts(text)


@settings(max_examples=200, deadline=None)
@given(edge_text, st.lists(st.tuples(st.integers(0, 220), st.integers(0, 60)), max_size=5), st.integers(0, 30))
def test_detect_language_skips_excluded_spans_as_before(text, cuts, start):
    spans = [ExcludedSpan(a, a + n, "test") for a, n in cuts]
    keep, pos = [], start
    for span in sorted(spans, key=lambda s: s.start):
        if span.end <= pos:
            continue
        if span.start > pos:
            keep.append(text[pos:span.start])
        pos = max(pos, span.end)
    keep.append(text[pos:])
    deva, latin = map(sum, zip(*(reference_counts(chunk) for chunk in keep)))
    total = deva + latin
    expected = ("mixed" if not total else "hi" if deva / total >= language.THRESHOLD
                else "en" if latin / total >= language.THRESHOLD else "mixed")
    assert detect_language(text, spans, start) == expected


# --- furniture ---------------------------------------------------------------------------------------------

class _EveryLine:
    def may_match(self, key, core, size):
        return True


def _rules_alone(text: str):
    """classify_line with the prefilter switched off: every section's rules run on every line."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(furniture, "_prefilter", lambda: _EveryLine())
        return classify_line(text)


def _marker_lines() -> list[str]:
    """Lines made from every marker of furniture.toml: alone, with a tail, with bullets, cut short, too long."""
    out = []
    for sec in furniture.furniture().sections:
        phrases = [*sec.lines, *sec.headings, *sec.starts, *sec.ends, *(" … ".join(p) for p in sec.contains)]
        for phrase in phrases:
            out += [phrase, f"• {phrase}:", f"{phrase} और आगे की खबर", f"some words before {phrase}",
                    phrase[:-1], f"{phrase} 42", f"{phrase} " + "लंबी पंक्ति " * 60, phrase.upper()]
    return out


def test_prefilter_never_hides_a_line_the_section_rules_would_mark():
    for line in _marker_lines():
        assert classify_line(line) == _rules_alone(line), line


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_marker_lines() + ["प्रशिक्षण", "news", "2026", "|", "-", "»", "also", "पढ़ें"]),
                min_size=1, max_size=6), st.sampled_from([" ", "", ": ", " | ", "\u00a0"]))
def test_prefilter_agrees_with_the_rules_on_generated_lines(parts, joiner):
    line = joiner.join(parts)
    assert classify_line(line) == _rules_alone(line)


@settings(max_examples=300, deadline=None)
@given(edge_text)
def test_trail_strip_of_a_key_equals_the_trail_regex(text):
    key = fold_key(text)
    assert key.rstrip(furniture._TRAIL_CHARS) == furniture._TRAIL.sub("", key)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["यह भी पढ़ें: ", "• Also Read", "विज्ञापन", "\u200dसंबंधित खबरें", "Tags:",
                                 "कर्मचारियों को १.५ लाख", "Advertisement", "", "   ", "हमें फॉलो करें\u00a0",
                                 "© 2026 सर्वाधिकार सुरक्षित", "क़ानून\u200c", "— Share this"]),
                min_size=1, max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_furniture_keys_cut_from_the_whole_fold_equal_each_line_folded_alone(parts, eol):
    text = eol.join(parts)
    ft = fold(text)
    for line in iter_lines(text):
        assert ft.folded(line.start, line.end) == fold(line.text).text
        if not line.blank:
            lead = furniture._LEAD.match(line.text)
            key = folded_key(ft.folded(line.start + (lead.end() if lead else 0), line.end))
            assert furniture._classify(key, line.text) == classify_line(line.text)


def test_find_furniture_marks_a_teaser_list_after_a_heading_written_with_a_nukta():
    text = ("सरकार ने प्रशिक्षण का नया दौर शुरू किया।\n\nसंबंधित ख़बरें\nपहली ख़बर का शीर्षक\n"
            "दूसरी ख़बर का शीर्षक\n\nलेख यहाँ फिर शुरू होता है और पूरा वाक्य है।\n")
    reasons = [(text[s.start:s.end], s.reason) for s in find_furniture(text)]
    assert reasons == [("संबंधित ख़बरें", "related"), ("पहली ख़बर का शीर्षक", "related"),
                       ("दूसरी ख़बर का शीर्षक", "related")]


# --- byline dates ------------------------------------------------------------------------------------------

PROSE = "The training portal added new courses for district officers this quarter and more are planned."


def _article(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def test_a_byline_date_in_the_tail_lines_is_still_found():
    body = [f"Paragraph {i}. {PROSE}" for i in range(30)] + ["Posted on: 4 February 2026 | Desk report"]
    date_, spans = published.find_published(_article(body))
    assert date_ == "2026-02-04"
    text = _article(body)
    assert [text[s.start:s.end] for s in spans] == []  # "| Desk report" is no joiner or credit: not a byline span
    body[-1] = "Posted on: 4 February 2026"
    text = _article(body)
    date_, spans = published.find_published(text)
    assert (date_, [text[s.start:s.end] for s in spans]) == ("2026-02-04", ["Posted on: 4 February 2026"])


def test_a_dateline_in_the_head_lines_is_found_and_a_date_deep_in_prose_is_not():
    head = "Bhopal, 9 March 2026 (Agency) The state began a new round of online courses on Monday."
    assert published.find_published(_article(["A headline without a date", head]))[0] == "2026-03-09"
    deep = ("The department said that the officers who finished the courses before the deadline of "
            "9 March 2026 would get a certificate.")
    assert published.find_published(_article(["A headline without a date", deep])) == (None, [])


def test_a_long_credit_before_the_date_is_no_byline_but_a_short_one_is():
    short = "By Our Special Correspondent | 3 April 2026"
    long = "Written for this paper by one of our very many special correspondents | 3 April 2026"
    assert published.find_published(short)[0] == "2026-04-03"
    assert published.find_published(long) == (None, [])


def _scan(folded: str, pats, next_match) -> tuple[list, int]:
    """The byline scan of one folded line, with `next_match(folded, prev)` giving the next date."""
    found, prev = [], 0
    while (m := next_match(folded, prev)) is not None:
        kind = published._kind(folded[prev:m.start()], not found, pats, folded[m.end():])
        if kind is None:
            break
        found.append((kind, m.span(), m.groupdict()))
        prev = m.end()
    return found, prev


def _scan_with_finditer(folded: str, pats) -> tuple[list, int]:
    """The scan as it was: `finditer` over the whole line, stopping at the first date `_kind` refuses."""
    matches = pats.date.finditer(folded)
    return _scan(folded, pats, lambda _folded, _prev: next(matches, None))


BYLINE_WORDS = ["Published:", "Updated", "on", "By", "Staff", "Reporter", "PIB", "Delhi", "New", "Delhi,", "नई",
                "दिल्ली,", "प्रकाशित:", "अपडेटेड", "12", "3rd", "31", "March", "Mar.", "sept", "मार्च", "जनवरी",
                "2026", "1999", "2026-03-12", "12/03/2026", "12.3.2026", "Thu,", "Thursday", "गुरुवार", "11:42",
                "am", "IST", "+05:30", "(IANS)", "(आईएएनएस)", "।", "said", "the", "ministry", "courses", "|", "•",
                "·", "-", "—", ":", "पर", "by", "at", "200", "lakh", "and", "२०२६", "१२", "\u00a0", "\u200d"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BYLINE_WORDS), min_size=1, max_size=24),
       st.lists(st.sampled_from([" ", "", "  ", ", ", " | "]), min_size=23, max_size=23))
def test_the_bounded_date_scan_finds_what_finditer_found(words, gaps):
    line = fold("".join(w + g for w, g in zip(words, gaps))).text
    pats = published._patterns()
    assert _scan(line, pats, lambda s, pos: published._next_date(s, pos, pats)) == _scan_with_finditer(line, pats)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BYLINE_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "", ","]))
def test_the_date_pattern_only_starts_where_the_start_pattern_allows(words, gap):
    line = fold(gap.join(words)).text
    pats = published._patterns()
    for pos in range(len(line) + 1):
        if pats.date.match(line, pos):
            assert pats.starts.match(line, pos), (line, pos)


def test_lead_end_bounds_the_date_start_by_words_as_kind_counts_them():
    # words are whitespace tokens with something besides separators: "|" and "•" alone are not counted
    assert published._lead_end("a b | c d", 0, 2) == 7  # a date may start at "c", the third word, at the latest
    assert published._lead_end("a b | • ", 0, 2) == 8  # two words and separators: no bound
    assert published._lead_end("x y a (b) c", 4, 2) == 11  # counted from `pos`; "(b)" is a word
    pats = published._patterns()
    credit = "By Our Special Correspondent | "
    # four words of credit, then "3" and "April": the seventh word, "2026", is where the bound falls
    assert published._lead_end(credit + "3 April 2026", 0, pats.lead_words) == len(credit + "3 April ") + 1


# --- decoding and legacy fonts -------------------------------------------------------------------------------

def test_clean_run_agrees_with_the_bad_character_class_on_every_common_code_point():
    for lo, hi in decode._COMMON_BLOCKS:
        for cp in range(lo, hi + 1):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            assert decode._has_bad_chars(f"ok {ch} ok") == (decode._BAD_CHARS.search(ch) is not None), hex(cp)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=120) | edge_text)
def test_has_bad_chars_equals_the_regex_search(text):
    assert decode._has_bad_chars(text) == (decode._BAD_CHARS.search(text) is not None)


def test_no_stripped_text_is_an_empty_or_white_space_text_for_every_code_point():
    """`check_text` asks `not text or text.isspace()` where it stripped the text: the same question."""
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        assert (not ch.strip()) == ch.isspace(), hex(c)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2003\u3000\u200baक"), max_size=40))
def test_only_white_space_is_told_without_stripping(text):
    assert (not text.strip()) == (not text or text.isspace())


def test_a_few_control_characters_still_pass_and_many_are_still_refused():
    from extractor.errors import UnreadableInput

    prose = "प्रशिक्षण पोर्टल पर नए पाठ्यक्रम जोड़े गए। " * 20
    assert decode.check_text(prose + "\x07") == prose + "\x07"
    with pytest.raises(UnreadableInput, match="control characters"):
        decode.check_text(prose + "\x07" * 100)
    assert read_bytes((prose + "\x1b").encode(), "-", kind="txt").text == prose + "\x1b"


def _reference_marker_counts(text, font):
    markers = short = words = 0
    for token in text.split():
        if not any(ch.isalpha() for ch in token):
            continue
        words += 1
        core = token.rstrip(font.trailing).lstrip(font.leading)
        if core in font.markers or token in font.markers:
            markers += 1
        elif core in font.short_markers or token in font.short_markers:
            short += 1
    return markers, short, words


def _reference_devanagari_poor(sample: str) -> bool:
    deva = sum(1 for ch in sample if is_devanagari(ch))
    letters = sum(1 for ch in sample if unicodedata.category(ch)[0] in "LM")
    return deva == 0 or deva <= legacy.MAX_DEVANAGARI_SHARE * max(letters, 1)


def test_marker_counts_by_distinct_tokens_equal_the_token_loop():
    from pathlib import Path

    kruti = (Path(__file__).parent / "fixtures" / "legacy" / "krutidev_sample.txt").read_text(encoding="utf-8")
    mixed = kruti + " The portal had 5 lakh users; run ls, then fd. ls ls 123 ... " + kruti[:300]
    for font in legacy.legacy_fonts():
        for text in (kruti, mixed, "", "123 456", "ls fd bl"):
            assert legacy.marker_counts(text, font) == _reference_marker_counts(text, font)


def shuffled_scripts(deva: int, latin: int, other: int, rnd, others: str = " ,1।") -> str:
    """About `deva` Devanagari, `latin` Latin and `other` characters of `others`, in a random order: a text whose
    share of Devanagari letters the legacy-font tests vary."""
    chars = list("कि" * (deva // 2) + "ab" * (latin // 2) + others * (other // len(others)))
    rnd.shuffle(chars)
    return "".join(chars)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 400), st.integers(0, 400), st.integers(0, 200), st.randoms(use_true_random=False))
def test_devanagari_poor_with_its_early_exit_equals_the_share_rule(deva, latin, other, rnd):
    sample = shuffled_scripts(deva, latin, other, rnd)
    assert legacy._devanagari_poor(sample) == _reference_devanagari_poor(sample)


# --- header and lines --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Title: Courses\n\nBody line", ({"title": "Courses"}, 16)),
    ("Title: Courses\r\n\r\nBody line", ({"title": "Courses"}, 18)),
    ("Title: Courses\n\n", ({"title": "Courses"}, 16)),  # the blank line is the last: the body is empty
    ("Title: Courses\n   \n", ({"title": "Courses"}, 19)),
    ("Title: Courses\nBody without a blank line", None),
    ("\nTitle: Courses\n\nBody", None),
])
def test_lazy_header_reader_gives_what_the_list_of_lines_gave(text, expected):
    assert parse_header(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab क\r\n\u2028\x0c "), max_size=60), st.integers(0, 10))
def test_lazy_lines_are_iter_lines(text, start):
    assert list(lazy_lines(text, start)) == iter_lines(text, start)


def _lines_by_regex(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """The line loop `iter_lines` ran before: a regex scan for "\\r\\n", "\\r" and "\\n"."""
    import regex

    out, pos = [], start
    for m in regex.finditer(r"\r\n|\r|\n", text, pos=start):
        out.append((pos, m.start(), text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text), text[pos:]))
    return out


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "a\nb", "\n\nक\n", "a\r\nb\r\n", "a\r\n\r\nb", "a\rb\r",
                                  "a\r\nb\nc", "a\nb\r", "\ufeffx\n\u2028y\x0cz\n", "x" * 5000 + "\n" + "य" * 3000])
def test_iter_lines_by_split_equals_the_regex_loop(text):
    for start in range(0, min(len(text), 12) + 2):
        lines = iter_lines(text, start)
        assert [tuple(line) for line in lines] == _lines_by_regex(text, start), start
        assert lines == list(lazy_lines(text, start))
        assert all(line.blank == (not line.text.strip()) for line in lines)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab क\r\n\u2028\x0c "), max_size=60), st.integers(0, 10))
def test_iter_lines_equal_the_regex_loop_on_generated_text(text, start):
    assert [tuple(line) for line in iter_lines(text, start)] == _lines_by_regex(text, start)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(EDGE_CHARS + "\r\n\n\u2028\x0c\u0085"), max_size=80), st.integers(0, 12))
def test_line_folds_cut_from_the_whole_fold_equal_each_line_folded(text, start):
    from extractor.ingest.lines import line_folds

    ft = fold(text)
    lines = iter_lines(text, start)
    assert line_folds(ft, lines, start) == [ft.folded(line.start, line.end) for line in lines]


def test_folding_makes_no_line_ending_and_keeps_each_one():
    """`line_folds` cuts the fold at its "\n"s: no code point folds to (or into) "\n" or "\r" but those two."""
    import sys

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    folded = fold(every).text
    fold.cache_clear()
    assert folded.count("\n") == 1 and folded.count("\r") == 1


# --- script counts in bytes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "abc", "मिशन कर्मयोगी। १२ ॥", "Café ×÷ naïve", "\ua8f2\ua8fb क", "Ḁ ỿ a",
                                  "₹ 5 — “quoted” • x", "\ud800 lone surrogate क", "ɐ ʃ IPA", "Ǆ ǅ ǆ"])
def test_byte_script_counts_equal_the_loop_on_tricky_text(text):
    assert script_counts(text) == reference_counts(text)
    assert language.devanagari_chars(text) == sum(map(is_devanagari, text))


@settings(max_examples=300, deadline=None)
@given(edge_text)
def test_devanagari_chars_equal_the_per_character_count(text):
    assert language.devanagari_chars(text) == sum(map(is_devanagari, text))


def test_mixed_text_with_furniture_gets_the_language_the_loop_gives():
    text = ("DATE: 2026-03-12\r\n\r\nयह भी पढ़ें: Read more about courses\r\n"
            "सरकार ने १.५ लाख कर्मचारियों को प्रशिक्षण दिया। The portal grew.\r\n© 2026 All rights reserved\r\n")
    doc = read_bytes(b"\xef\xbb\xbf" + text.encode(), "-", kind="txt")
    keep, pos = [], doc.body_start
    for span in sorted(doc.excluded, key=lambda s: s.start):
        if span.start > pos:
            keep.append(doc.text[pos:span.start])
        pos = max(pos, span.end)
    keep.append(doc.text[pos:])
    deva, latin = map(sum, zip(*(reference_counts(chunk) for chunk in keep)))
    assert doc.meta.language == ("hi" if deva / (deva + latin) >= language.THRESHOLD else
                                 "en" if latin / (deva + latin) >= language.THRESHOLD else "mixed")


# --- sentences ---------------------------------------------------------------------------------------------

def _sentence_spans_by_regex(text: str) -> list[tuple[int, int]]:
    """`sentence_spans` as it was: lines by a regex, every sentence through `_split_after_numbers`."""
    import regex

    from extractor.text import sentences as S

    spans = []
    for line in regex.finditer(r"[^\n]+", text):
        for a, b in S._pieces(text, *line.span()):
            for sa, sb in S._split_line(text, a, b):
                spans.extend(S._split_after_numbers(text, sa, sb))
    return spans


SENTENCE_PARTS = ["district 2137. The", "वर्ष 2025। इस", "14.5", "1. पहला", "07. 01. 2026", "about 5. crore",
                  "डॉ. शर्मा", "Rs. 5", "१८.८", "२०२६। आगे", "ए. बी.", "x?! y", "!", "।।", " ", "\r\n", "\n", "\n\n",
                  "\u00a0", "Dr.", "\U00010d40. Next", "5...", "वर्ष 2025॥", "a" * 30]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PARTS), max_size=30), st.sampled_from([" ", "", "  "]))
def test_sentence_spans_shortcuts_equal_the_plain_loop(parts, joiner):
    from extractor.text.sentences import sentence_spans

    text = joiner.join(parts)
    assert sentence_spans(text) == _sentence_spans_by_regex(text)


def test_sentence_spans_shortcuts_on_long_lines_and_empty_text():
    from extractor.text.sentences import sentence_spans

    for text in ["", "\n", "word 2137. Next " * 400, "क" * 4500, "a. " * 1500 + "\nend 5. Yes", "वर्ष 2025। इस " * 300]:
        assert sentence_spans(text) == _sentence_spans_by_regex(text)


# stops that end or do not end a sentence (after a lone word, an initial, a non-breaking word, a number), joined by
# one space, by none, by other white space; exotic stops, an unassigned code point before a stop, a Cn digit-like
SPLIT_PARTS = SENTENCE_PARTS + ["5.4", "Mr. X", "क. ख.", ". .", "ए.", "श्री.", "डॉ. ", "..", "\uABEB", "\u1C7E ",
                                "\u0378. Next", "x।", "\t", "\u2003", "a.b", "!?", "॥ ", "२.", "Word.", "word. Word"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SPLIT_PARTS), max_size=30), st.sampled_from([" ", "", "  ", "\t"]),
       st.sampled_from(["", "x 1.\n", "क।\n\n"]))
def test_sentence_spans_by_marks_equal_the_plain_loop(parts, joiner, before):
    """The stops found once in the whole text, the line's sentences made as offsets (`_split_by_offsets`), the
    number stops tried one by one: what the line strings, `indic_split` and the regex scan give."""
    from extractor.text.sentences import sentence_spans

    text = before + joiner.join(parts)
    assert sentence_spans(text) == _sentence_spans_by_regex(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SPLIT_PARTS), min_size=1, max_size=20), st.sampled_from([" ", "", "  "]),
       st.sampled_from(["", "5. ", "क\n"]))
def test_split_by_offsets_gives_the_spans_of_the_library_strings_or_leaves_the_line_to_them(parts, joiner, before):
    from extractor.text import sentences as S

    text = before + joiner.join(parts).replace("\n", " ")
    a = len(before)
    marks = [p for p in S._marks(text) if p >= a]
    if marks:
        by_offsets = S._split_by_offsets(text, a, len(text), marks)
        assert by_offsets is None or by_offsets == S._split_line(text, a, len(text))


def test_no_letter_or_digit_is_white_space_for_the_regex_and_no_unassigned_code_point_is_printable():
    """`_number_stops` drops a stop followed by a letter or digit (`_NUMBER_STOP` needs white space there), and asks
    about unassigned code points only for characters `str.isprintable` refuses: checked over every code point."""
    import sys

    import regex

    space = regex.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ch.isalnum():
            assert not space.match(ch), hex(cp)
        if unicodedata.category(ch) == "Cn":
            assert not ch.isprintable(), hex(cp)


def test_every_number_for_the_regex_is_numeric_or_unassigned_for_python():
    """`_number_stops` reads \\p{N} of `regex` as `str.isnumeric` or an unassigned code point (Python's tables may be
    older than regex's): checked over every code point."""
    import sys

    import regex

    number = regex.compile(r"\p{N}")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if number.match(ch):
            assert ch.isnumeric() or unicodedata.category(ch) == "Cn", hex(cp)


@settings(max_examples=300, deadline=None)
@given(edge_text)
def test_a_line_starting_with_a_letter_or_digit_has_no_lead_for_the_regex(text):
    """furniture_spans skips `_LEAD.match` for such lines."""
    if text and text[0].isalnum():
        assert furniture._LEAD.match(text) is None


def test_furniture_spans_mark_the_same_lines_with_crlf_bullets_and_a_bom():
    text = ("यह भी पढ़ें: रेलवे भर्ती\r\n• Also Read: more\r\n1 lakh users joined the portal.\r\n"
            "\u00a0»  Advertisement\r\nसंबंधित खबरें\r\nपहली खबर\r\n\r\nलेख फिर शुरू होता है।\r\n")
    spans = find_furniture("\ufeff" + text, 1)
    assert [(s.reason, ("\ufeff" + text)[s.start:s.end]) for s in spans] == [
        (classify_line(line.text)[0] if classify_line(line.text) else "related", line.text.strip())
        for line in iter_lines("\ufeff" + text, 1) if line.text.strip() and not line.text.startswith("1 lakh")
        and not line.text.startswith("लेख")]


# -- round two: keys without split and join, the byline lines read from both ends, the year test, markers by character

KEY_CHARS = EDGE_CHARS + "\x0b\x0c\x1c\x1f\x85\u1680\u2000\u2001\u2028\u2029\u202f\u205f\u3000ΣΟΔσςİIK\u212a  "
key_text = st.text(st.sampled_from(KEY_CHARS), max_size=120)


def test_every_white_space_but_the_space_is_unprintable_and_no_lower_case_is_white_space():
    """What `furniture._line_key` relies on, for every code point."""
    for cp in range(0x110000):
        ch = chr(cp)
        if ch.isspace() and ch != " ":
            assert not ch.isprintable(), hex(cp)
        if not ch.isspace():
            assert not any(c.isspace() for c in ch.lower()), hex(cp)


@settings(max_examples=500, deadline=None)
@given(key_text)
def test_line_key_equals_folded_key(text):
    folded = fold(text).text
    assert furniture._line_key(folded) == folded_key(folded)
    assert furniture._line_key(text) == folded_key(text)


@pytest.mark.parametrize("text", ["", " ", "a  b", " a", "a ", "a\tb", "a\u2003b", "ΟΔΟΣ ΣΑΣ", "İstanbul",
                                  "हँसी  खबरेँ", "x\u2028y", "Follow Us On"])
def test_line_key_equals_folded_key_on_edges(text):
    assert furniture._line_key(text) == folded_key(text)


def _scanned_by_listing(lines):
    """The byline lines as `published._scanned` listed them before: every non-blank line, then head and tail."""
    kept = [line for line in lines if line.text.strip()]
    if len(kept) <= published.HEAD_LINES + published.TAIL_LINES:
        return kept
    return kept[:published.HEAD_LINES] + kept[-published.TAIL_LINES:]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["x", "", " ", "\t", "खबर", "12 March 2026"]), max_size=60))
def test_scanned_from_both_ends_equals_listing_every_line(texts):
    lines = iter_lines("\n".join(texts))
    assert published._scanned(lines) == _scanned_by_listing(lines)


@pytest.mark.parametrize("nonblank", [0, 1, 14, 15, 16, 22, 23, 24, 25, 40])
@pytest.mark.parametrize("blanks_every", [0, 1, 3])
def test_scanned_at_the_head_and_tail_counts(nonblank, blanks_every):
    texts = []
    for k in range(nonblank):
        texts.append(f"line {k}")
        if blanks_every and k % blanks_every == 0:
            texts.append("  ")
    lines = iter_lines("\n".join(texts))
    assert published._scanned(lines) == _scanned_by_listing(lines)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("0123456789 ०१२९-/a"), max_size=30))
def test_a_year_always_holds_19_or_20(text):
    """`published_in_lines` skips the year pattern for a line with neither."""
    if published._YEAR.search(text):
        assert "19" in text or "20" in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_marker_lines() + ["", ":", "x", "खबर", "news"]), min_size=1, max_size=3))
def test_markers_looked_up_by_character_equal_the_tuples_of_all_markers(parts):
    pre = furniture._prefilter()
    sections = furniture.furniture().sections
    starts = tuple(m for sec in sections for m in sec.starts)
    ends = tuple(m for sec in sections for m in sec.ends)
    key = fold_key(" ".join(parts))
    if not key:
        return
    core = key.rstrip(furniture._TRAIL_CHARS)
    assert key.startswith(pre.starts.get(key[0], ())) == key.startswith(starts)
    assert core.endswith(pre.ends.get(core[-1:], ())) == core.endswith(ends)
    assert (len(core) <= pre.whole_max and core in pre.whole) == (core in pre.whole)


# -- round three: a long line looked at by its two ends, the `contains` phrases by anchors found once an article

class _EveryLineWhole(_EveryLine):
    """No prefilter at all: every line keyed whole and every section's rules run on it."""
    long_chars = sys.maxsize

    def anchor_lines(self, fold_text, line_count):
        return None


def _furniture_by_the_rules(text: str, start: int = 0) -> list[ExcludedSpan]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(furniture, "_prefilter", lambda: _EveryLineWhole())
        return find_furniture(text, start)


def _phrases() -> list[str]:
    """Every marker and `contains` phrase of furniture.toml (its parts apart and spaced), as written."""
    out = []
    for sec in furniture.furniture().sections:
        out += [*sec.lines, *sec.headings, *sec.starts, *sec.ends, *(" ".join(p) for p in sec.contains)]
        out += [part for p in sec.contains for part in p]
    return out


LONG_FILLERS = ["मिशन कर्मयोगी के तहत प्रशिक्षण का नया दौर शुरू हुआ और ", "The portal added new courses for officers ",
                "x" * 45, "खबरें सबसे पहले ", "download the app ", "   ", "\t", "\u2003", "....", " :-", " | ", "Σ", "ΟΔΟΣ ",
                "İ", "हँसी ", "क़ानून ", "\u200d", "Follow", "RESERVED", "news first on ", "42 ", "•", "— ", "फ़ॉलो "]


def _case(text: str, how: int) -> str:
    """As written, in upper, title or swapped case, with chandrabindus for anusvaras, or with "İ" and the Kelvin
    sign for "i" and "k" (which lower-case to "i̇" and "k")."""
    return (text, text.upper(), text.title(), text.swapcase(), text.replace("\u0902", "\u0901"),
            text.replace("i", "\u0130").replace("k", "\u212a"))[how]


@st.composite
def furniture_lines(draw) -> str:
    """A line of phrases of furniture.toml and prose in any case, often longer than a long line's two ends."""
    parts = draw(st.lists(st.sampled_from(_phrases() + LONG_FILLERS), min_size=1, max_size=8))
    parts = [_case(p, draw(st.integers(0, 5))) for p in parts]
    return draw(st.sampled_from(["", " ", "• ", "» ", "\u200b"])) + draw(st.sampled_from([" ", "", "  ", ": "])).join(parts)


@settings(max_examples=600, deadline=None)
@given(st.lists(furniture_lines(), min_size=1, max_size=8), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_furniture_spans_equal_every_rule_on_every_whole_line(lines, eol):
    text = eol.join(lines)
    assert find_furniture(text) == _furniture_by_the_rules(text)


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@contextlib.contextmanager
def no_length_limits():
    """furniture.toml with no section's `max_chars`: `ends` and `contains` then reach the long lines too."""
    data = furniture.furniture()
    lifted = dataclasses.replace(data, sections=tuple(dataclasses.replace(sec, max_chars=None)
                                                      for sec in data.sections))
    furniture._prefilter.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as m:
            m.setattr(furniture, "furniture", lambda: lifted)
            yield
    finally:
        furniture._prefilter.cache_clear()


@settings(max_examples=300, deadline=None)
@given(st.lists(furniture_lines(), min_size=1, max_size=8))
def test_furniture_spans_equal_every_rule_without_length_limits(lines):
    text = "\n".join(lines)
    with no_length_limits():
        assert find_furniture(text) == _furniture_by_the_rules(text)


def test_furniture_spans_equal_every_rule_on_every_whole_line_of_the_corpus():
    checked = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html")):
        doc = read_document(path)
        assert find_furniture(doc.text, doc.body_start) == _furniture_by_the_rules(doc.text, doc.body_start), path
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("limits", [True, False])
def test_every_long_line_of_the_marker_lines_keeps_its_rules(limits):
    with contextlib.nullcontext() if limits else no_length_limits():
        for line in _marker_lines():
            for text in (line, "शुरू " * 20 + line, line + " अंत" * 20, "शुरू " * 20 + line + " अंत" * 20,
                         "Start " * 20 + line + " ....  | :-", "शुरू  \t" * 12 + line + "\u2003" * 30):
                assert find_furniture(text) == _furniture_by_the_rules(text), text


def test_what_the_anchors_rely_on_holds_for_every_code_point():
    """`furniture._anchor`: no lower case of a non-ASCII character holds an ASCII character but "i" and "k", a
    character whose lower case holds a Devanagari one is that character, and no lower case is empty."""
    ascii_from_others = set()
    for cp in range(0x110000):
        ch = chr(cp)
        low = ch.lower()
        assert low, hex(cp)
        if not ch.isascii():
            ascii_from_others |= {c for c in low if c.isascii()}
        if any(0x900 <= ord(c) < 0x980 for c in low):
            assert low == ch, hex(cp)
    assert ascii_from_others <= {"i", "k"}
    assert furniture._ASCII_FROM_OTHERS.pattern == "[ik]"


def test_no_marker_holds_a_sigma_and_every_contains_phrase_has_an_anchor():
    """Else the long-line path is never taken, or keys every line within reach of the phrases whole."""
    pre = furniture._prefilter()
    assert pre.long_chars < 200 and pre.anchored
    assert pre.head_chars + pre.tail_chars <= pre.long_chars


@pytest.mark.parametrize("parts, anchor", [(("all rights reserved",), "reserved"), (("subscribe to our",), "subscr"),
                                           (("खबरें", "सबसे पहले"), "खबरे"), (("taxi",), "tax"), (("ं",), None),
                                           (("café",), None), (("ok", "ki"), "o")])
def test_a_contains_phrase_is_anchored_by_its_longest_safe_run(parts, anchor):
    assert furniture._anchor(parts) == anchor


ANCHOR_WORDS = ["taxi", "TAXİ", "wiki", "खबरें", "खबरेँ", "फ़ॉलो", "Follow", "fol\u00adlow", "\u200d", "ok", "OK", "\u212a",
                " ", "  ", "\t", "x", "Σ", "हम"]
ANCHOR_PHRASES = [("taxi",), ("wiki",), ("खबरें",), ("फॉलो",), ("follow",), ("ok",), ("हमें",)]


def _anchored_prefilter() -> furniture._Prefilter:
    """The prefilter with the anchors of `ANCHOR_PHRASES` (made-up phrases ending in "i" and "k", with an anusvara,
    or written with a nukta) for those of furniture.toml."""
    anchors = [furniture._anchor(p) for p in ANCHOR_PHRASES]
    return dataclasses.replace(furniture._prefilter(), anchored=True,
                               text_anchors=tuple(a for a in anchors if not a.isascii()),
                               ascii_anchors=tuple(a.encode() for a in anchors if a.isascii()))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_WORDS), max_size=8))
def test_a_key_holding_a_phrase_shows_its_anchor_in_the_fold(words):
    """`anchor_lines` finds the anchor of every phrase the key of the text holds."""
    text = "".join(words)
    key = fold_key(text)
    found = _anchored_prefilter().anchor_lines(fold(text).text, 1)
    for parts in ANCHOR_PHRASES:
        if furniture._contains_in_order(key, parts):
            assert 0 in found, (parts, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ANCHOR_WORDS + ["\u200b", "क", "• "]), max_size=6), min_size=1, max_size=6),
       st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\u200b\n", "\rक\n"]), min_size=1, max_size=5),
       st.integers(0, 3))
def test_anchor_lines_are_the_lines_whose_key_holds_a_phrase(lines, eols, start):
    """`anchor_lines` of an article's lines holds each line whose key holds a phrase (an anchor at a line's start
    or end, in two lines, several in one line, after bullets; "\n", "\r\n" and lone "\r" endings, mixed), or is
    None; it is None only when the fold's line endings count its lines otherwise."""
    text = "".join(line + eols[i % len(eols)] for i, line in enumerate(map("".join, lines)))[:-1]
    article = iter_lines(text, start)
    if not article:
        return
    ft = fold(text)
    whole = ft.folded(article[0].start, article[-1].end)
    found = _anchored_prefilter().anchor_lines(whole, len(article))
    if found is None:
        assert "\r" in text[start:]
        return
    for i, line in enumerate(article):
        key = fold_key(line.text)
        if any(furniture._contains_in_order(key, parts) for parts in ANCHOR_PHRASES):
            assert i in found, (i, text)
    assert found <= set(range(len(article)))


@pytest.mark.parametrize("text, count, ends", [
    ("", 1, []), ("a\nb", 2, [2]), ("a\r\nb\r\n", 3, [3, 6]), ("a\rb\nc\r\nd", 4, [2, 4, 7]), ("\n\n", 3, [1, 2]),
    ("a\r\nb", 3, None), ("a\r\n", 3, None), (b"a\r\nb\rc", 3, [3, 5])])
def test_line_ends_are_counted_as_iter_lines_counts_them(text, count, ends):
    assert furniture._line_ends_if(text, count) == ends


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_anchor_lines_at_the_edges_of_lines(eol):
    """Anchors at a line's very start and end, two in one line, one in two lines, none in the last line."""
    lines = ["Follow", "prose then follow", "खबरें and Wiki and taxi", "नहीं", "ok", "okfollow", "x"]
    text = eol.join(lines)
    article = iter_lines(text)
    found = _anchored_prefilter().anchor_lines(fold(text).folded(0, len(text)), len(article))
    assert found == {0, 1, 2, 4, 5}


def test_a_dropped_character_between_cr_and_lf_leaves_every_line_to_be_keyed():
    """"\r\u200b\n" is two line endings with an empty line between, folded "\r\n": one."""
    text = "Follow us\r\u200b\nFollow us\n" + "prose " * 30
    lines = iter_lines(text)
    assert _anchored_prefilter().anchor_lines(fold(text).folded(0, lines[-1].end), len(lines)) is None
    assert find_furniture(text) == _furniture_by_the_rules(text)
