"""Coverage-guided fuzzing of the number engine: `parse_numbers` on arbitrary Unicode.

    python fuzz/fuzz_numbers.py -max_total_time=600        # ten minutes; see fuzz/README.md

Invariants checked on every input (any exception is a crash):
- `parse_numbers` and `parse_indian_number` never raise;
- every mention is non-empty, inside the text, and `text[start:end] == mention.text`; mentions come in text order;
- values are finite numbers, and a range's upper end is above its lower end.
Input: the bytes as UTF-8 when they decode (so the seeds — lines of the corpus articles — mutate as text), else
arbitrary code points (surrogates included) from atheris' data provider.
"""
from __future__ import annotations


import atheris

from _common import articles, lexicon_dict, libfuzzer_args

with atheris.instrument_imports():
    from extractor.numbers import grammar  # noqa: F401  (instrumented with what it imports from extractor)
    from extractor.numbers import parse_indian_number, parse_numbers
    from extractor.text import normalize  # noqa: F401

EXTRA_SEEDS = [
    "1,45,00,000", "१४.५ करोड़ से अधिक", "ढाई लाख", "डेढ़ करोड़ के करीब", "सवा तीन लाख", "पौने दो लाख", "3 लाख 55 हजार",
    "10-12 लाख", "10 से 12 लाख", "between 8 and 10 lakh", "Rs 1,200 crore", "₹1 लाख करोड़ तक", "70%+", "840+",
    "1.45 crore (14.5 million)", "एक और एक चौथाई", "तीन में से एक", "2 1/4", "24/7", "1e10", "1.1^23", "192.168.1.2",
    "12/03/2026", "5 अक्टूबर 2025", "10:30 बजे", "+91 98100 12345", "1800-11-2345", "21वीं", "5th", "माइनस पांच",
    "1\u200b45 करोड़", "१४.५\u200dकरोड़", "१४\u200e.५ लाख", "\u200f1,45\u200f,00,000", "৩ লাখ ৫", "1\r\n45 करोड़",
]


def seeds():
    from extractor.ingest import read_document

    for p in articles():
        for line in read_document(p).text.splitlines():
            if any(ch.isdigit() for ch in line) or "लाख" in line or "करोड़" in line:
                yield line.encode("utf-8")
    for s in EXTRA_SEEDS:
        yield s.encode("utf-8")


def check(text: str) -> None:
    found = parse_numbers(text)
    last = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text), (text, m)
        assert text[m.start:m.end] == m.text, (text, m)
        assert m.start >= last, (text, found)
        last = m.start
        assert isinstance(m.value, (int, float)) and m.value == m.value and abs(m.value) != float("inf"), (text, m)
        if m.value_max is not None:
            assert m.value_max > m.value, (text, m)
    parse_indian_number(text)


def TestOneInput(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
    check(text)


def main() -> None:
    words = lexicon_dict("numbers", extra=["करोड़", "हज़ार", "साढ़े", "डेढ़", "\u200b", "\u200d", "\u200e", "\u200f",
                                           "\r\n", "१", "४", "५", ",00,000", "\u0964"])
    argv = libfuzzer_args("numbers", seeds(), {"-max_len": "4096", "-timeout": "10", "-rss_limit_mb": "2048",
                                              "-dict": str(words)})
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
