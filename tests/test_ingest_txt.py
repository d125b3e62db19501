"""Reading plain-text articles: decoding, the header block, offsets, refusals."""
from __future__ import annotations

import io
import os
import sys

import pytest
from hypothesis import given, settings, strategies as st

from extractor.errors import ExtractorError, UnreadableInput
from extractor.ingest import read_bytes, read_document
from extractor.ingest.language import detect_language
from extractor.ingest.txt import parse_header
from extractor.records.document import ExcludedSpan

HINDI_BODY = "मिशन कर्मयोगी: iGOT पर 14.5 करोड़ यूजर्स\n\nउत्तर प्रदेश में 18.8 लाख कर्मी पंजीकृत हैं।\n"
HEADER = ("SOURCE: https://example.in/a\nDate: 12 March 2026\nTITLE: यूपी में 18.8 लाख कर्मी\n"
          "Publisher: समाचार दर्पण\nLANGUAGE: hi\n\n")


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_header_block_fills_meta_and_body_start(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", (HEADER + HINDI_BODY).encode()))
    assert doc.meta.url == "https://example.in/a"
    assert doc.meta.published == "2026-03-12"
    assert doc.meta.title == "यूपी में 18.8 लाख कर्मी"
    assert doc.meta.publisher == "समाचार दर्पण"
    assert doc.meta.language == "hi"
    assert doc.text == HEADER + HINDI_BODY  # the header is kept: offsets are into the file
    assert doc.body_start == len(HEADER)
    assert doc.excluded[0] == ExcludedSpan(0, len(HEADER), "header")


def test_header_offsets_still_match_after_utf8_bom_removal(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + (HEADER + HINDI_BODY).encode()))
    assert not doc.text.startswith("\ufeff")
    start = doc.text.index("14.5 करोड़")
    assert doc.text[start:start + len("14.5 करोड़")] == "14.5 करोड़"
    assert start == len(HEADER) + HINDI_BODY.index("14.5")
    assert doc.is_excluded(start, start + 4) is None
    assert doc.is_excluded(doc.text.index("18.8"), doc.text.index("18.8") + 4).reason == "header"


def test_crlf_line_endings_are_kept_and_header_still_found(tmp_path):
    raw = (HEADER + HINDI_BODY).replace("\n", "\r\n")
    doc = read_document(write(tmp_path, "a.txt", raw.encode()))
    assert doc.text == raw
    assert doc.body_start == raw.index("मिशन")
    assert doc.meta.published == "2026-03-12"


def test_first_line_with_a_colon_is_not_a_header():
    assert parse_header("Mission Karmayogi: सीएम योगी का आदेश\n\nपहला पैराग्राफ।") is None
    doc = read_bytes("Mission Karmayogi: सीएम योगी का आदेश\n\nपहला पैराग्राफ।".encode(), kind="txt")
    assert doc.body_start == 0 and not doc.excluded
    assert doc.meta.title == "Mission Karmayogi: सीएम योगी का आदेश"


def test_header_needs_every_line_to_be_a_known_key():
    assert parse_header("TITLE: x\nAuthor: y\n\nbody") is None
    assert parse_header("TITLE: x\nURL: https://e.in\nbody without blank line") is None
    assert parse_header("\nTITLE: x\n\nbody") is None
    fields, start = parse_header("title: x\nurl: https://e.in\n\nbody")
    assert fields == {"title": "x", "url": "https://e.in"} and start == len("title: x\nurl: https://e.in\n\n")


def test_header_language_wins_over_detection():
    doc = read_bytes(("LANGUAGE: en\n\n" + HINDI_BODY).encode(), kind="txt")
    assert doc.meta.language == "en"
    assert read_bytes(HINDI_BODY.encode(), kind="txt").meta.language == "hi"


def test_unparseable_header_date_falls_back_to_the_byline():
    doc = read_bytes(("DATE: soon\n\n" + "Published: 5 Oct 2025\n\nपाठ 5 लाख।").encode(), kind="txt")
    assert doc.meta.published == "2025-10-05"


def test_title_is_first_nonempty_line_when_short():
    assert read_bytes(b"\n\n  Headline 5 lakh  \nbody", kind="txt").meta.title == "Headline 5 lakh"
    assert read_bytes(("x" * 400 + "\nbody").encode(), kind="txt").meta.title is None


def test_title_skips_furniture_lines():
    doc = read_document("corpus/seeds/003_d0df9700eacaf73b.txt")
    assert doc.meta.title.startswith("सरकारी कार्मिकों को 'मिशन कर्मयोगी'")


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom(tmp_path, codec, bom):
    doc = read_document(write(tmp_path, "a.txt", bom + (HEADER + HINDI_BODY).encode(codec)))
    assert doc.text == HEADER + HINDI_BODY
    assert doc.meta.published == "2026-03-12"


def test_utf16_without_bom_is_guessed():
    text = "Mission Karmayogi: 14.5 crore users are registered on iGOT.\nSecond line of the article.\n"
    assert read_bytes(text.encode("utf-16-le"), kind="txt").text == text


def test_cp1252_is_decoded(tmp_path):
    text = "The minister said “50 lakh” officials’ training — a naïve target — is done. Très bien, café.\n"
    doc = read_document(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert doc.text == text


def test_damaged_utf8_is_unreadable_not_mojibake():
    data = ("मिशन कर्मयोगी 14.5 करोड़\n" * 4).encode() + b"\xff\xfe" + "72 लाख".encode()
    with pytest.raises(UnreadableInput, match="invalid UTF-8 at byte"):
        read_bytes(data, kind="txt")


def test_empty_file(tmp_path):
    with pytest.raises(UnreadableInput) as info:
        read_document(write(tmp_path, "a.txt", b""))
    assert info.value.reason == "empty file"


def test_whitespace_only_file(tmp_path):
    with pytest.raises(UnreadableInput, match="only whitespace"):
        read_document(write(tmp_path, "a.txt", b" \n\r\n\t "))


def test_binary_file_with_nul_bytes(tmp_path):
    with pytest.raises(UnreadableInput, match="binary"):
        read_document(write(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8))


def test_binary_random_bytes(tmp_path):
    data = bytes((i * 7919 + 13) % 256 for i in range(4000))
    with pytest.raises(UnreadableInput):
        read_document(write(tmp_path, "a.bin", data))


def test_directory(tmp_path):
    with pytest.raises(UnreadableInput, match="directory"):
        read_document(tmp_path)


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableInput, match="no such file") as info:
        read_document(tmp_path / "nope.txt")
    assert isinstance(info.value, ExtractorError)
    assert "\n" not in info.value.reason


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)  # sparse: the size check must come before reading
    with pytest.raises(UnreadableInput, match="larger than the 20 MB limit"):
        read_document(path)


def test_read_bytes_is_what_stdin_gives():
    doc = read_bytes(HINDI_BODY.encode())
    assert doc.path == "-" and doc.text == HINDI_BODY


def test_dash_reads_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HINDI_BODY.encode())))
    doc = read_document("-")
    assert doc.path == "-" and doc.text == HINDI_BODY


def test_unknown_suffix_is_sniffed(tmp_path):
    assert read_document(write(tmp_path, "a.dat", HINDI_BODY.encode())).text == HINDI_BODY
    html = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>5 lakh</p></body></html>"
    assert read_document(write(tmp_path, "b.dat", html)).text == "T\n\n5 lakh"


def test_markdown_suffix_is_text_even_with_tags(tmp_path):
    doc = read_document(write(tmp_path, "a.md", b"<p>literal tag</p>\n"))
    assert doc.text == "<p>literal tag</p>\n"


@pytest.mark.parametrize("seed", sorted(os.listdir("corpus/seeds")))
def test_every_seed_reads_as_hindi(seed):
    doc = read_document(f"corpus/seeds/{seed}")
    assert doc.meta.language == "hi"
    assert doc.text == open(f"corpus/seeds/{seed}", encoding="utf-8", newline="").read()


def test_language_by_script_share_ignoring_furniture():
    assert detect_language("The state trained 50 lakh officials.") == "en"
    assert detect_language("राज्य में 50 लाख कर्मचारी प्रशिक्षित हुए।") == "hi"
    assert detect_language("Mission Karmayogi के तहत राज्य में 50 lakh officials को training दी गई") == "mixed"
    assert detect_language("12 34") == "mixed"
    text = "राज्य में 50 लाख कर्मचारी प्रशिक्षित हुए।\nThis website uses cookies to improve your experience."
    cookie = text.index("This")
    assert detect_language(text) == "mixed"
    assert detect_language(text, [ExcludedSpan(cookie, len(text), "cookie")]) == "hi"


# NUL is left out: two bytes such as 00 41 are as much UTF-16 ("A") as UTF-8, and no article holds a NUL
@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=300))
def test_any_text_is_read_verbatim_or_refused_cleanly(text):
    try:
        doc = read_bytes(text.encode("utf-8"), kind="txt")
    except UnreadableInput as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert doc.text == text.removeprefix("\ufeff")
    last = 0
    for span in doc.excluded:
        assert last <= span.start < span.end <= len(doc.text)
        last = span.end


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([None, "txt", "html"]))
def test_any_bytes_give_a_document_or_unreadable_input(data, kind):
    try:
        doc = read_bytes(data, kind=kind)
    except UnreadableInput as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert doc.text.strip()
