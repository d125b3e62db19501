"""The sentence split inside a line is indic-nlp-library's `sentence_split(lang="hi")`, sentence for sentence, without
importing it (extractor/text/sentences.py says why). The library itself is the oracle here."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.text.sentences import indic_split, sentence_spans

ROOT = Path(__file__).resolve().parent.parent

library = pytest.importorskip("indicnlp.tokenize.sentence_tokenize")


def _expected(text: str) -> list[str]:
    return library.sentence_split(text, lang="hi")


SENTENCES = [
    "केंद्र ने 14.5 करोड़ यूजर्स का आंकड़ा दिया। डॉ. सिंह ने कहा कि यह बड़ी बात है।",
    "डॉ. जितेंद्र सिंह ने बताया कि 18.8 लाख कर्मियों ने प्रशिक्षण लिया",
    "The minister said Rs. 500 crore was spent. Dr. Singh agreed! Was it enough?",
    "श्री. राम ने ए. के. शर्मा से बात की. फिर वे गए.",
    "U.S. and U.K. officials met. They spoke.",
    "वर्ष 2025। इस दौरान १८.८ लाख लोग जुड़े॥ आगे क्या?",
    "एक. दो. तीन.",
    "  leading and trailing spaces.   ",
    "no stop at all",
    "ज़ेड. अगला वाक्य.",
    "\u095Bेड. अगला वाक्य.",
    "क. ख. ग. घ.",
    "Mr. X said 5. Then he left.",
    "꯫ Meetei stop\uABEB and Ol Chiki\u1C7E too.",
    "...",
    ".",
    "a . b . c",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_split_is_the_library_split(text):
    assert indic_split(text) == _expected(text)


def test_every_line_of_the_bundled_corpus_splits_as_the_library_splits():
    lines = 0
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix not in (".txt", ".html") or "gold" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                lines += 1
                assert indic_split(line) == _expected(line), line
    assert lines > 100


_PIECES = st.one_of(
    st.sampled_from(list("कखडएसीटॉेंड़\u095B्ाि .।॥?!\t\u00a0\u0966१8aZ")),
    st.sampled_from(["श्री", "डॉ", "ए", "के", "कु", "जेड्", "\u095Bेड", "१८.८", "14.5", "Rs.", "Dr.", " ", ". ", "। "]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_text_splits_as_the_library_splits(text):
    assert indic_split(text) == _expected(text)


def test_spans_of_a_line_with_abbreviations_and_decimals():
    text = "डॉ. सिंह ने कहा कि 14.5 करोड़ यूजर्स हैं। ए. के. शर्मा सहमत हुए।\nदूसरी पंक्ति"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "डॉ. सिंह ने कहा कि 14.5 करोड़ यूजर्स हैं।", "ए. के. शर्मा सहमत हुए।", "दूसरी पंक्ति"]
