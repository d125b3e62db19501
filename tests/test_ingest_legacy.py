"""Hindi typed in legacy fonts (Kruti Dev, DevLys, Chanakya) is refused; English and Hinglish never are."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import extractor.ingest.legacy as legacy
from extractor.errors import UnreadableInput
from extractor.ingest import read_bytes, read_document
from extractor.ingest.legacy import (MIN_MARKER_SHARE, MIN_MARKERS, SAMPLE_CHARS, legacy_font, legacy_fonts,
                                     marker_counts)
from extractor.lang import LexiconError

ROOT = Path(__file__).resolve().parent.parent
KRUTIDEV = ROOT / "tests" / "fixtures" / "legacy" / "krutidev_sample.txt"
CORPUS = sorted(p for p in (ROOT / "corpus").glob("*/*") if p.suffix in (".txt", ".html"))
ENGLISH = [p for p in CORPUS if p.name.startswith("en_")]
REASON = "legacy font encoding"

# published Chanakya sample sentences: "भारत एक विशाल देश है जो दक्षिण एशिया में स्थित है।" and
# "हिंदी भाषा में टाइप करने के लिए, यह एक टूल है।"
CHANAKYA = ("ÖæÚUÌ °·¤ çßàææÜ Îðàæ ãñ Áô Îçÿæ‡æ °çàæØæ ×ð´ çSÍÌ ãñÐ\n"
            "çãUÎè ÖæÚæ ×ð´ Åæ§Â ·¤ÚÙð ·Ô¤ çÜ°, Øã °·¤ ÅêÜ ãñÐ\n")

HINGLISH = [
    "Karmayogi platform par 5 lakh log register ho chuke hain aur 2 lakh ne course bhi complete kiya hai.",
    "iGOT pe abhi tak 1.5 crore users hain, ye number har mahine badh raha hai, officials ne bataya.",
    "Mission Karmayogi ke tahat UP mein 18 lakh karmchari judd gaye, CM ne kaha ki ye ek bada kadam hai.",
    "Kal meeting mein DM sahab ne kaha ki sabhi vibhag ke log training lein, warna action hoga. Bas itna hi.",
    "Yaar is baar toh budget mein kuch khaas nahi tha, sirf 2 crore diye gaye hain training ke liye.",
]

ENGLISH_PROSE = [
    "Let us know what you think. The DS and GS teams met us at the ls command workshop in Delhi.",
    "Run ls -la to list files; fd is a faster find. The bl and dk flags are rarely used by us.",
    "He said the U.S. and the E.U. would give us 5 per cent more. DJ Ravi played at 9 pm.",
]


def _refused(data: bytes, **kw) -> UnreadableInput:
    with pytest.raises(UnreadableInput) as info:
        read_bytes(data, **kw)
    return info.value


def test_krutidev_fixture_is_refused_with_a_remedy():
    with pytest.raises(UnreadableInput) as info:
        read_document(KRUTIDEV)
    reason = info.value.reason
    assert REASON in reason and "Kruti Dev" in reason and "convert it to Unicode" in reason
    assert "\n" not in reason and info.value.path == str(KRUTIDEV)


def test_krutidev_fixture_is_all_latin_and_dense_in_markers():
    text = KRUTIDEV.read_text(encoding="utf-8")
    assert not any("\u0900" <= ch <= "\u097f" for ch in text)
    krutidev = legacy_fonts()[0]
    markers, short, words = marker_counts(text, krutidev)
    assert (markers + short) / words >= 3 * MIN_MARKER_SHARE  # measured 0.32; each paragraph ≥ 0.19
    for para in text.split("\n\n"):
        m, s, w = marker_counts(para, krutidev)
        assert m >= MIN_MARKERS and (m + s) / w >= 2 * MIN_MARKER_SHARE


def test_krutidev_in_cp1252_and_in_html_and_utf16_is_refused():
    text = KRUTIDEV.read_text(encoding="utf-8")
    assert REASON in _refused(text.encode("cp1252"), kind="txt").reason  # as Word saves "ANSI" text
    assert REASON in _refused(b"\xff\xfe" + text.encode("utf-16-le"), kind="txt").reason
    page = ("<html><head><title>lekpkj</title><style>p{font-family:'Kruti Dev 010'}</style>"
            "<script>var a = 1; var b = 2; var c = a + b;</script></head><body><article>"
            + "".join(f"<p><font face=\"Kruti Dev 010\">{p}</font></p>" for p in text.split("\n\n"))
            + "</article></body></html>")
    assert REASON in _refused(page.encode(), kind="html").reason


@pytest.mark.parametrize("text", ["vkSj ds fy, gS", "blds rgr ;g dke gksxkA", "mÙkj izns'k esa 18 yk[k deZpkjh gSaA"])
def test_short_krutidev(text):
    assert REASON in _refused(text.encode(), kind="txt").reason


def test_chanakya_is_refused():
    reason = _refused(CHANAKYA.encode(), kind="txt").reason
    assert "Chanakya" in reason and "convert it to Unicode" in reason


@pytest.mark.parametrize("path", ENGLISH + [p for p in CORPUS if p not in ENGLISH], ids=lambda p: p.name)
def test_no_corpus_article_has_a_marker(path):
    doc = read_document(path)  # not refused
    for font in legacy_fonts():
        assert marker_counts(doc.text, font)[:2] == (0, 0)


@pytest.mark.parametrize("text", HINGLISH + ENGLISH_PROSE)
def test_hinglish_and_english_prose_pass(text):
    assert legacy_font(text) is None
    assert read_bytes(text.encode(), kind="txt").text == text


def test_english_prose_at_large_passes():
    """Docstrings of a few dozen stdlib modules: some 100k words of English technical prose."""
    import argparse, collections, email.message, json, logging, pathlib, string, subprocess, textwrap
    import unittest, urllib.request, zipfile, tarfile, datetime, decimal, fractions, inspect as insp, shutil, csv

    mods = [argparse, collections, email.message, json, logging, pathlib, string, subprocess, textwrap,
            unittest, urllib.request, zipfile, tarfile, datetime, decimal, fractions, insp, shutil, csv]
    docs = []
    for mod in mods:
        for _, obj in inspect.getmembers(mod):
            doc = inspect.getdoc(obj)
            if doc:
                docs.append(doc)
    prose = "\n\n".join(docs)
    assert len(prose.split()) > 20_000
    for font in legacy_fonts():
        markers, short, words = marker_counts(prose, font)
        assert markers == 0 and short <= 0.002 * words
    for i in range(0, len(prose), 5000):  # article-sized pieces
        assert legacy_font(prose[i:i + 5000]) is None


def test_short_markers_alone_are_not_enough():
    assert legacy_font("ls dk fd bl") is None  # all short markers: English writes them too
    assert legacy_font("ls dk gS") is None  # one long marker: below MIN_MARKERS
    assert legacy_font("ls dk gS esa") is not None


def test_unicode_hindi_is_not_looked_at():
    hindi = "मुख्यमंत्री ने कहा कि प्रदेश में 18 लाख कर्मचारी पंजीकृत हैं। " * 20
    assert legacy_font(hindi + "vkSj ds fy, gS") is None  # a stray legacy phrase in a Unicode article


def test_only_the_start_is_sampled():
    english = "The state trained officials this year. " * (SAMPLE_CHARS // 39 + 10)
    kruti = KRUTIDEV.read_text(encoding="utf-8") * 60
    assert legacy_font(english + kruti) is None  # the Kruti Dev text lies beyond the sample
    assert legacy_font(kruti + english) is not None


def test_loader_validates(monkeypatch):
    def bad(data):
        legacy.legacy_fonts.cache_clear()
        monkeypatch.setattr(legacy, "load_toml", lambda name: data)
        with pytest.raises(LexiconError):
            legacy.legacy_fonts()

    try:
        bad({"fonts": {"x": {"label": "X", "markers": ["gS", "gS"]}}})
        bad({"fonts": {"x": {"label": "X", "markers": ["g S"]}}})
        bad({"fonts": {"x": {"label": "X", "markers": []}}})
        bad({"fonts": {"x": {"label": "X", "markers": ["gS"], "colour": 1}}})
        bad({"fonts": {"x": {"markers": ["gS"]}}})
        bad({"krutidev": {}})
    finally:
        legacy.legacy_fonts.cache_clear()


def test_markers_are_not_english_or_hinglish_words():
    common = {"us", "is", "in", "on", "at", "to", "of", "ke", "ki", "ka", "ko", "se", "hai", "par", "me", "mein",
              "aur", "bhi", "ye", "yeh", "tak", "jo", "ho", "kar", "og", "mu", "rd", "tks", "os", "a", "i"}
    for font in legacy_fonts():
        assert not {m.lower() for m in font.markers} & common
