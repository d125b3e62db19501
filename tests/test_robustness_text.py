"""Issue 14, row 1: an article's size must not be squared. The sentence splitter ends a sentence after
"<number>. ", no sentence is longer than a cap whatever the input, a claim's evidence sentence is a window around
the figure marked as cut, and the folded text and the story signature hold no per-character or per-shingle tables.
(Time and memory on a 20 MB article are measured in bench/bench_big_article.py, not here.)"""
from __future__ import annotations

import random
import tracemalloc

from extractor.stories import SEED, NUM_PERM, shingles, signature
from extractor.claims import extract_claims
from extractor.ingest import read_bytes
from extractor.text.normalize import fold
from extractor.text.sentences import CUT, EVIDENCE_CHARS, MAX_SENTENCE_CHARS, evidence_sentence, sentence_spans

LINE = "The iGOT Karmayogi platform recorded 70 lakh course completions in district 2137. "  # the line


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_stop_after_a_number_ends_the_sentence():
    assert sentences(LINE * 3) == [LINE.strip()] * 3
    assert sentences("वर्ष 2025। इस साल 14.5 करोड़ यूजर्स। अगला") == ["वर्ष 2025।", "इस साल 14.5 करोड़ यूजर्स।", "अगला"]
    assert sentences("It grew to 1,45,00,000! Then it fell.") == ["It grew to 1,45,00,000!", "Then it fell."]


def test_a_decimal_a_list_number_and_a_dotted_date_stay_inside_their_sentence():
    assert sentences("iGOT has 14.5 crore users. It grew.") == ["iGOT has 14.5 crore users.", "It grew."]
    assert sentences("1. पहला बिंदु 5 लाख है।") == ["1. पहला बिंदु 5 लाख है।"]
    assert sentences("It was held on 07. 01. 2026 in Lucknow.") == ["It was held on 07. 01. 2026 in Lucknow."]
    assert sentences("about 5. crore users joined") == ["about 5. crore users joined"]


def test_no_sentence_is_longer_than_the_cap_whatever_the_input():
    rnd = random.Random(14)
    words = ["मिशन", "कर्मयोगी", "14.5", "करोड़", "users", "2137", "lakh", ",", "and"]
    no_stop = " ".join(rnd.choice(words) for _ in range(20_000))  # 150 KB on one line, no full stop
    one_word = "x" * 50_000  # not even a space
    for text in (no_stop, one_word, LINE * 2 + no_stop):
        spans = sentence_spans(text)
        assert spans and all(0 < b - a <= MAX_SENTENCE_CHARS for a, b in spans)
        assert all(a1 >= b0 for (_, b0), (a1, _) in zip(spans, spans[1:]))  # in order, not overlapping
        covered = "".join(text[a:b] for a, b in spans)
        assert covered.replace(" ", "") == text.replace(" ", "")  # nothing lost but the spaces between pieces


def test_a_long_sentence_is_cut_at_a_stop_when_there_is_one():
    text = ("Mission Karmayogi trained 5 lakh officers. " * 60).strip()  # 2,580 characters, full stops within
    assert all(s == "Mission Karmayogi trained 5 lakh officers." for s in sentences(text))


def test_the_evidence_of_a_figure_in_a_long_sentence_is_a_window_marked_as_cut():
    before, after = "शब्द " * 400, " word" * 400
    text = before + "iGOT पर 14.5 करोड़ यूजर्स" + after
    start = text.index("14.5")
    end = start + len("14.5 करोड़")
    shown = evidence_sentence(text, 0, len(text), start, end)
    assert shown.startswith(CUT) and shown.endswith(CUT)
    assert "iGOT पर 14.5 करोड़ यूजर्स" in shown
    assert len(shown) <= EVIDENCE_CHARS + 2 * len(CUT)
    assert shown[len(CUT):-len(CUT)] in text  # the words as written, cut at spaces
    head = evidence_sentence(text, 0, len(text), 0, 4)
    assert not head.startswith(CUT) and head.endswith(CUT) and text.startswith(head[:-len(CUT)])
    short = "iGOT पर 14.5 करोड़ यूजर्स।"
    assert evidence_sentence(short, 0, len(short), 8, 18) == short  # a normal sentence is quoted whole


def test_claims_of_a_repeated_line_quote_their_own_sentence():
    doc = read_bytes((LINE * 2_000).encode(), "big.txt", kind="txt")
    claims = extract_claims(doc)
    assert len(claims) >= 2_000
    assert all(c.evidence.sentence == LINE.strip() for c in claims)
    assert all(doc.text[c.evidence.start:c.evidence.end] == c.evidence.quote for c in claims)


def test_claims_in_a_table_flattened_to_one_line_have_capped_evidence():
    doc = read_bytes((" ".join(f"जिला {i} में 7{i % 10} लाख" for i in range(3_000))).encode(), "t.txt", kind="txt")
    claims = extract_claims(doc)
    assert len(claims) >= 3_000
    assert all(len(c.evidence.sentence) <= EVIDENCE_CHARS + 2 * len(CUT) for c in claims)
    assert all(c.evidence.quote in c.evidence.sentence for c in claims)


def test_folding_an_ascii_article_holds_no_offset_table():
    text = LINE * 12_000  # 1 MB
    fold.cache_clear()
    tracemalloc.start()
    try:
        folded = fold(text)
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert folded.span(37, 44) == (37, 44)
    assert size < 64 * 1024, size  # a tuple of ints was 36 bytes a character: 36 MB here


def test_folding_keeps_offsets_into_the_original_as_machine_integers():
    text = "१४.५ करोड़ और हज़ार" * 1000
    folded = fold(text)
    assert folded.origin.itemsize == 8 and len(folded.origin) == len(folded.text) + 1
    i = folded.text.index("करोड")
    assert text[slice(*folded.span(i, i + 4))] == "करोड़"


def test_the_story_signature_is_the_minhash_of_the_shingle_set():
    from datasketch import LeanMinHash, MinHash

    text = " ".join(f"जिला {i} में 70 लाख पाठ्यक्रम पूरे हुए" for i in range(3_000))
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    lean = LeanMinHash(m)
    buf = bytearray(lean.bytesize("<"))
    lean.serialize(buf, "<")
    assert signature(text) == bytes(buf)  # streamed in batches, repeats and all: the same signature
