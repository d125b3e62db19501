"""The readers of `char_bytes` (one byte a character) give what the character scans they replaced give.

Folding, the clean-text check, the legacy-font count and the language counts read an article's `char_bytes`
(normalize.py) and fall back to their older scans for texts with many characters outside ASCII and the Devanagari
block; each is compared here with that older scan, on every code point, on generated text and on the corpus.
The sentences are made up for these tests.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extractor.ingest import decode, language, legacy, read_bytes
from extractor.ingest.language import script_counts
from extractor.text import normalize
from extractor.text.normalize import OTHER, char_bytes, fold
from test_ingest_fast import shuffled_scripts

# the blocks' edges, characters that fold (nukta, nukta letters, Devanagari digits, odd spaces, dashes, joiners),
# others that do not (quotes, "₹", "?"), the extended Devanagari block, Bengali, Latin letters past ASCII, controls
# and unassigned or private code points
EDGE = ("कखगड़ज़क़ािीुूेैोौंःँ़्०१२३४५६७८९।॥॰ॱॲॿऀ\u0958\u095f\u0980\u0995\u09e6\ua8e0\ua8f2\ua8fb\ua8ff"
        "abcXYZ0123456789 \t\n\r?!.,;:\"'()-–—•·|%₹“”‘’…éüÀÖØöøÿĀžƀɏ\u0250ḀỿÆßµª×÷\u0301"
        "\u00a0\u2003\u200b\u200c\u200d\u00ad\ufeff\u2212\x00\x07\x1b\x7f\x85\u0378\ue000\U0001f600\U00010000")
edge_text = st.text(st.sampled_from(EDGE), max_size=300)
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)


def _byte_of(ch: str) -> int:
    cp = ord(ch)
    return cp if cp < 0x80 else cp - 0x900 + 0x80 if 0x900 <= cp <= 0x97F else OTHER


def test_char_bytes_give_every_code_point_its_byte():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    data = char_bytes(every)
    assert len(data) == len(every)
    assert data == bytes(map(_byte_of, every))
    fold.cache_clear()
    assert char_bytes("\ud800x") == b"?x"  # a lone surrogate is a character like any other
    assert char_bytes("abc") == b"abc" and char_bytes("") == b""


@settings(max_examples=300, deadline=None)
@given(edge_text, st.integers(0, 3))
def test_char_bytes_of_short_and_long_texts_agree(text, times):
    long = text * (times * 100 + 1)  # past the length of a phrase: kept in the articles' cache
    assert char_bytes(text) == bytes(map(_byte_of, text))
    assert char_bytes(long) == bytes(map(_byte_of, long))


# --- folding -----------------------------------------------------------------------------------------------

def _same_fold(text: str) -> None:
    fast, slow = normalize._fold(text), normalize._fold_by_class(text)
    assert fast.text == slow.text
    assert type(fast.origin) is type(slow.origin)
    assert list(fast.origin) == list(slow.origin)


@settings(max_examples=500, deadline=None)
@given(edge_text)
def test_fold_by_bytes_equals_the_class_scans(text):
    _same_fold(text)
    _same_fold(text * 40)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_fold_by_bytes_equals_the_class_scans_on_any_characters(text):
    _same_fold(text)


@pytest.mark.parametrize("text", [
    "", "abc", "?", "??क़??", "क़" * 50, "तमिऴ் " * 40, "தமிழ் " * 40 + "करोड़", "१२३" * 100, "a\u00a0" * 200,
    "करोड़ ₹ १.५ “quoted” ?" * 30, "\U0001f600क़" * 20,
])
def test_fold_by_bytes_equals_the_class_scans_on_crowded_texts(text):
    """Texts with many candidates (past the share where the class scan takes over) and with few."""
    _same_fold(text)


# --- the clean-text check, the legacy-font count --------------------------------------------------------------

def test_bad_characters_by_bytes_agree_with_the_class_on_every_code_point():
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        text = f"ok {chr(cp)} ok"
        assert decode._has_bad_chars_by_bytes(text) == decode._has_bad_chars(text), hex(cp)


@settings(max_examples=300, deadline=None)
@given(any_text | edge_text, st.integers(1, 4))
def test_bad_characters_by_bytes_equal_the_class(text, times):
    text = text * times
    assert decode._has_bad_chars_by_bytes(text) == decode._has_bad_chars(text)


def test_bad_characters_by_bytes_past_the_share_of_others():
    for text in ("தமிழ் " * 100, "தமிழ் " * 100 + "\ue000", "“x” " * 300 + "\x07", "“x” " * 300):
        assert decode._has_bad_chars_by_bytes(text) == decode._has_bad_chars(text)


@settings(max_examples=300, deadline=None)
@given(edge_text, st.integers(-5, 320))
def test_devanagari_chars_before_equal_the_count_of_the_slice(text, end):
    assert language.devanagari_chars_before(text, end) == language.devanagari_chars(text[:end])


def test_devanagari_chars_before_with_many_others():
    text = "\ua8f2தமி" * 200 + "क"
    for end in (0, 5, 300, len(text)):
        assert language.devanagari_chars_before(text, end) == language.devanagari_chars(text[:end])


def test_devanagari_chars_before_at_the_limit_of_others():
    # the others are counted as they are found: one past `_MAX_OTHERS` hands the slice to the UTF-8 count
    for n in (language._MAX_OTHERS - 1, language._MAX_OTHERS, language._MAX_OTHERS + 1):
        text = "क\ua8f2ம" * (n // 2) + "?" * (n % 2) + "ख" * 300
        for end in (0, 7, len(text) // 2, len(text) - 1, len(text)):
            assert language.devanagari_chars_before(text, end) == language.devanagari_chars(text[:end])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 400), st.integers(0, 400), st.integers(0, 200), st.randoms(use_true_random=False))
def test_devanagari_poor_by_bytes_equals_it_in_utf8(deva, latin, other, rnd):
    sample = shuffled_scripts(deva, latin, other, rnd, others=" ,1।“\ua8f2")
    assert legacy._devanagari_poor(sample, by_bytes=True) == legacy._devanagari_poor(sample)


def test_legacy_font_by_bytes_finds_what_it_found():
    kruti = (Path(__file__).parent / "fixtures" / "legacy" / "krutidev_sample.txt").read_text(encoding="utf-8")
    for text in (kruti, "ls dk gS esa", "मिशन कर्मयोगी के तहत " * 30 + kruti, kruti + " “quoted” ₹ 5"):
        assert legacy.legacy_font(text, by_bytes=True) == legacy.legacy_font(text)


@pytest.mark.parametrize("data", [
    "मिशन कर्मयोगी। “x” ₹ 5\n".encode() * 40, b"plain ascii\n" * 50, b"a\x07b\n" * 30, b"\x07" * 400,
    "त\x00".encode("utf-16-le") * 50, "कर्मयोगी".encode("utf-16-le"), "தமிழ் செய்தி\n".encode() * 30,
])
def test_decode_text_for_an_article_decodes_and_refuses_as_before(data):
    from extractor.errors import UnreadableInput

    def outcome(**kw):
        try:
            return decode.decode_text(data, "-", **kw)
        except UnreadableInput as exc:
            return str(exc)

    assert outcome(article=True) == outcome()


# --- language ------------------------------------------------------------------------------------------------

def _joined_counts(text: str, keep: list[tuple[int, int]]) -> tuple[int, int]:
    return script_counts("".join(text[a:b] for a, b in keep))


@settings(max_examples=400, deadline=None)
@given(edge_text, st.lists(st.tuples(st.integers(0, 320), st.integers(0, 320)), max_size=6), st.integers(1, 3))
def test_kept_counts_by_bytes_equal_the_counts_of_the_joined_text(text, cuts, times):
    text = text * times
    keep = sorted((min(a, b), max(a, b)) for a, b in cuts) or [(0, len(text))]
    assert language._kept_counts(text, keep) == _joined_counts(text, keep)


def test_kept_counts_past_the_share_of_others():
    text = "Café “naïve” " * 100 + "मिशन \ua8f2 " * 50
    keep = [(0, len(text) // 3), (len(text) // 2, len(text))]
    assert language._kept_counts(text, keep) == _joined_counts(text, keep)


# --- whole articles ------------------------------------------------------------------------------------------

def _by_the_old_scans(monkeypatch) -> None:
    monkeypatch.setattr(normalize, "_fold", normalize._fold_by_class)
    monkeypatch.setattr(language, "_kept_counts", _joined_counts)
    monkeypatch.setattr(decode, "_has_bad_chars_by_bytes", decode._has_bad_chars)
    monkeypatch.setattr(legacy, "devanagari_chars_before", lambda text, end: language.devanagari_chars(text[:end]))


def _fields(doc) -> tuple:
    return doc.text, doc.body_start, vars(doc.meta), [(s.start, s.end, s.reason) for s in doc.excluded]


def _corpus_files() -> list[Path]:
    root = Path(__file__).parent.parent / "corpus"
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)


def test_corpus_articles_read_by_bytes_equal_them_read_by_the_old_scans(monkeypatch):
    files = _corpus_files()
    assert files
    inputs = [p.read_bytes() for p in files]
    inputs.append(b"".join(inputs[:6]))  # longer than the articles, mixed
    fold.cache_clear()
    fast = [_fields(read_bytes(data, "-")) for data in inputs]
    fold.cache_clear()
    with monkeypatch.context() as m:
        _by_the_old_scans(m)
        slow = [_fields(read_bytes(data, "-")) for data in inputs]
    fold.cache_clear()
    assert fast == slow


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "मिशन कर्मयोगी के तहत १८.८ लाख कर्मचारियों ने प्रशिक्षण लिया।", "Read in App", "यह भी पढ़ें: नई योजना",
    "Thu, 16 Jan 2025 11:42 am IST", "नई दिल्ली, 12 मार्च 2026। सरकार ने कहा", "Café “naïve” ₹ 5 crore?",
    "© 2026 All rights reserved", "", "  ", "தமிழ் செய்தி", "\ua8f2\ua8fb क़िला", "Follow us on Google News",
]), max_size=25), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_generated_articles_read_by_bytes_equal_them_read_by_the_old_scans(lines, eol, header):
    text = ("DATE: 2026-03-12" + eol + eol if header else "") + eol.join(lines) + eol
    data = text.encode()
    fold.cache_clear()
    from extractor.errors import UnreadableInput

    def read():
        try:
            return _fields(read_bytes(data, "-", kind="txt"))
        except UnreadableInput as exc:
            return str(exc)

    fast = read()
    fold.cache_clear()
    with pytest.MonkeyPatch.context() as m:
        _by_the_old_scans(m)
        slow = read()
    fold.cache_clear()
    assert fast == slow
