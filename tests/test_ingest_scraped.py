"""Scraper records (.json, .jsonl): one result per record, bad records as one-line reasons, good ones as Documents."""
from __future__ import annotations

import dataclasses
import inspect
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import extractor.ingest.scraped as records
from extractor.errors import UnreadableInput
from extractor.ingest import RecordResult, read_records
from extractor.lang import LexiconError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "records"


def results(path) -> dict[str, RecordResult]:
    out = {}
    for r in read_records(path):
        assert (r.document is None) != (r.error is None)
        if r.error is not None:
            assert isinstance(r.error, UnreadableInput) and r.error.reason and "\n" not in r.error.reason
            assert r.error.path == r.name
        out[r.name.rsplit("/", 1)[-1]] = r
    return out


def reasons(path) -> dict[str, str]:
    return {name: r.error.reason for name, r in results(path).items() if r.error}


def write(tmp_path, name, content) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:  # records: a list → .jsonl lines, anything else → one JSON document
        if name.endswith(".jsonl"):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in content), encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def one(path) -> RecordResult:
    out = list(read_records(path))
    assert len(out) == 1
    return out[0]


# --- the fixture feed ----------------------------------------------------------------------------------------

def test_feed_fixture_one_result_per_record_in_order():
    got = results(FIXTURES / "feed.jsonl")
    assert list(got) == [f"feed.jsonl#{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)]  # line 7 is blank
    assert [n for n, r in got.items() if r.ok] == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#10"]
    assert reasons(FIXTURES / "feed.jsonl") == {
        "feed.jsonl#3": "record is a string, not a JSON object",
        "feed.jsonl#4": "no text field (expected one of text, content, body, article, article_text, html, "
                        "raw_html, content_html, …)",
        "feed.jsonl#5": "field 'text' is empty",
        "feed.jsonl#6": "invalid JSON (invalid control character at column 56)",
        "feed.jsonl#8": "record is null, not a JSON object",
        "feed.jsonl#9": "Hindi text in a legacy font encoding (Kruti Dev or similar), not Unicode: convert it to "
                        "Unicode first",
    }


def test_text_record_metadata_and_offsets():
    doc = results(FIXTURES / "feed.jsonl")["feed.jsonl#1"].document
    line = json.loads((FIXTURES / "feed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert doc.path.endswith("feed.jsonl#1")
    assert dataclasses.asdict(doc.meta) == {
        "url": "https://samachar.example.in/up/karmayogi-18-lakh", "title": "यूपी में 18.8 लाख कर्मी iGOT पर",
        "publisher": "समाचार दर्पण", "published": "2026-03-12", "language": "hi"}
    # the stored text is the title, a blank line, then the record's body verbatim: offsets point into it
    assert doc.text == line["title"] + "\n\n" + line["text"] and doc.body_start == 0
    start = doc.text.index("4,179")
    assert doc.text[start:start + 5] == "4,179" and doc.is_excluded(start, start + 5) is None
    teaser = doc.text.index("5 रुपये")
    assert doc.is_excluded(teaser, teaser + 1).reason == "also_read"  # furniture marked as for a .txt


def test_html_record_goes_through_the_html_reader():
    doc = results(FIXTURES / "feed.jsonl")["feed.jsonl#2"].document
    assert doc.text.startswith("iGOT crosses 1.5 crore users\n\nMore than 1.5 crore officials")
    assert "Metro fares" not in doc.text  # the related box is dropped
    assert doc.meta.url == "https://gov-courier.example.in/igot-1-5-crore"  # the record's link, not the page's
    assert doc.meta.publisher == "Gov Courier" and doc.meta.published == "2026-03-20"


def test_wordpress_record():
    doc = results(FIXTURES / "feed.jsonl")["feed.jsonl#10"].document
    assert doc.meta.title == "Karmayogi Saptah ends with 10 lakh course completions"
    assert doc.text == "Karmayogi Saptah ended on Friday with 10 lakh course completions across ministries."
    assert doc.meta.published == "2026-03-20"  # epoch 1774000000, India's date
    assert doc.meta.language == "en"  # "en-IN"


def test_newsapi_dump():
    got = results(FIXTURES / "dump.json")
    assert list(got) == ["dump.json#0", "dump.json#1"]
    doc = got["dump.json#0"].document
    assert doc.meta.publisher == "PIB Wire" and doc.meta.published == "2026-03-12"
    assert doc.text == ("Mission Karmayogi: 1.45 crore users on iGOT\n\nNew Delhi, March 12, 2026. Mission "
                        "Karmayogi's iGOT platform has crossed 1.45 crore users.\n\nMore than 720 courses are "
                        "available in 12 languages.")
    assert got["dump.json#1"].error.reason.startswith("no text field")


# --- record fields -------------------------------------------------------------------------------------------

def test_record_fields_override_what_the_text_says(tmp_path):
    text = ("SOURCE: https://header.example.in/a\nDATE: 1 January 2025\nLANGUAGE: en\n\n"
            "Published: 5 Oct 2025\n\nमिशन कर्मयोगी के तहत 5 लाख कर्मी।")
    rec = {"text": text, "url": "https://record.example.in/a", "published_at": "2026-03-12", "language": "hi",
           "publisher": {"name": "Record Times"}}
    doc = one(write(tmp_path, "a.jsonl", [rec])).document
    assert doc.meta.url == "https://record.example.in/a" and doc.meta.published == "2026-03-12"
    assert doc.meta.language == "hi" and doc.meta.publisher == "Record Times"
    assert doc.text == text and doc.body_start == text.index("Published")  # the header block still found
    assert doc.excluded[0].reason == "header"


def test_text_keeps_its_own_metadata_when_the_record_has_none_or_bad_values(tmp_path):
    text = "Published: 5 Oct 2025\n\nमिशन कर्मयोगी के तहत 5 लाख कर्मी।"
    doc = one(write(tmp_path, "a.jsonl", [{"body": text, "date": "soon", "lang": "klingon"}])).document
    assert doc.meta.published == "2025-10-05" and doc.meta.language == "hi"
    assert doc.meta.title == "Published: 5 Oct 2025" or doc.meta.title  # the txt path's choice


def test_field_names_are_case_insensitive_and_ordered(tmp_path):
    rec = {"Title": "T 5 lakh", "Body": "third choice", "TEXT": "Karmayogi body 5 lakh.", "Content": "second",
           "URL": "https://x.in"}
    doc = one(write(tmp_path, "a.json", rec)).document
    assert doc.text == "T 5 lakh\n\nKarmayogi body 5 lakh." and doc.meta.url == "https://x.in"


def test_title_is_not_repeated(tmp_path):
    doc = one(write(tmp_path, "a.json", {"title": "Headline 5 lakh", "text": "Headline 5 lakh\n\nBody."})).document
    assert doc.text == "Headline 5 lakh\n\nBody."


def test_html_preferred_and_text_as_fallback(tmp_path):
    rec = {"html": "<html><body><p>From the HTML: 5 lakh.</p></body></html>", "text": "From the text: 7 lakh."}
    assert one(write(tmp_path, "a.json", rec)).document.text == "From the HTML: 5 lakh."
    rec = {"html": "<html><body><nav>menu</nav></body></html>", "text": "From the text: 7 lakh."}
    assert one(write(tmp_path, "b.json", rec)).document.text == "From the text: 7 lakh."
    rec = {"html": "<html><body><nav>menu</nav></body></html>"}
    assert one(write(tmp_path, "c.json", rec)).error.reason == "no text found in the HTML"


def test_body_that_is_markup_is_read_as_html(tmp_path):
    rec = {"content": "<div><p>Para one: 5 lakh officials trained on iGOT this year.</p><p>Para two follows.</p>"
                      "<div class='related'><p>Other story 9 crore</p></div></div>"}
    doc = one(write(tmp_path, "a.json", rec)).document
    assert doc.text == "Para one: 5 lakh officials trained on iGOT this year.\n\nPara two follows."


def test_body_of_the_wrong_type(tmp_path):
    assert one(write(tmp_path, "a.json", {"text": 12})).error.reason == "field 'text' is a number, not text"
    assert one(write(tmp_path, "b.json", {"text": {"x": 1}})).error.reason == "field 'text' is an object, not text"


def test_binary_and_whitespace_bodies_are_refused(tmp_path):
    assert "binary" in one(write(tmp_path, "a.json", {"text": "\x01\x02\x03\x04 abc"})).error.reason
    assert one(write(tmp_path, "b.json", {"text": ["", "  "]})).error.reason == "field 'text' is empty"


# --- file shapes ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    {"text": "A 5 lakh"},
    [{"text": "A 5 lakh"}],
    {"articles": [{"text": "A 5 lakh"}]},
    {"data": {"items": [{"text": "A 5 lakh"}]}},
    {"status": "ok", "Results": [{"text": "A 5 lakh"}]},
])
def test_json_shapes(tmp_path, content):
    r = one(write(tmp_path, "dump.json", content))
    assert r.name == f"{tmp_path}/dump.json#0" and r.document.text == "A 5 lakh"


def test_json_list_mixed(tmp_path):
    path = write(tmp_path, "dump.json", [{"text": "one"}, 5, {"text": "three"}, []])
    got = results(path)
    assert list(got) == ["dump.json#0", "dump.json#1", "dump.json#2", "dump.json#3"]
    assert got["dump.json#1"].error.reason == "record is a number, not a JSON object"
    assert got["dump.json#3"].error.reason == "record is a list, not a JSON object"
    assert got["dump.json#2"].document.text == "three"


@pytest.mark.parametrize("name,content,reason", [
    ("a.json", b"", "empty file"),
    ("a.jsonl", b"", "empty file"),
    ("a.json", b" \n\t\n", "no records (only whitespace)"),
    ("a.jsonl", b"\n\n  \n", "no records (only blank lines)"),
    ("a.json", b"[]", "no records (an empty JSON list)"),
    ("a.json", b"42", "not a JSON object or list of objects, but a number"),
    ("a.json", "मिशन कर्मयोगी 5 लाख".encode(), "not JSON: it does not start with { or ["),
    ("a.jsonl", b"hello\nworld\n", "not JSON: line 1 does not start with { or ["),
    ("a.json", b'{"text": "x",}', "invalid JSON (expecting property name enclosed in double quotes at line 1 "
                                  "column 14)"),
    ("a.json", b"[1, 2", "invalid JSON (expecting ',' delimiter at line 1 column 6)"),
    ("a.json", b"\xfa\xfb{", "not JSON: invalid UTF-8 at byte 0"),
    ("a.json", b"\xef\xbb\xbf{\"text\": \"\xff\"}", "not JSON: invalid UTF-8 at byte 13"),
    ("a.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "not JSON: invalid UTF-8 at byte 0"),
    ("a.jsonl", b"\x00\x00{}\n", "not JSON: binary content (NUL bytes)"),
    ("a.json", b'"just a string"', "not a JSON object or list of objects, but a string"),
])
def test_file_level_errors_are_one_result(tmp_path, name, content, reason):
    r = one(write(tmp_path, name, content))
    assert r.error.reason == reason and r.name == str(tmp_path / name)


def test_missing_file_and_directory(tmp_path):
    assert one(tmp_path / "nope.jsonl").error.reason == "no such file"
    assert one(tmp_path).error.reason == "is a directory, not a file"


def test_deeply_nested_json(tmp_path):
    r = one(write(tmp_path, "a.json", b"[" * 100_000 + b"]" * 100_000))
    assert "nested too deeply" in r.error.reason


def test_jsonl_lines_saved_as_json(tmp_path):
    path = write(tmp_path, "feed.json", '{"text": "one"}\n{"text": "two"}\n')
    assert [(n, r.document.text) for n, r in results(path).items()] == [("feed.json#1", "one"),
                                                                       ("feed.json#2", "two")]


def test_pretty_printed_object_in_a_jsonl_file(tmp_path):
    path = write(tmp_path, "feed.jsonl", json.dumps({"articles": [{"text": "a"}, {"text": "b"}]}, indent=2))
    assert [(n, r.document.text) for n, r in results(path).items()] == [("feed.jsonl#0", "a"),
                                                                       ("feed.jsonl#1", "b")]


def test_broken_first_line_does_not_lose_the_rest(tmp_path):
    path = write(tmp_path, "feed.jsonl", '{"text": "cut\n{"text": "two"}\n{"text": "three"}\n')
    got = results(path)
    assert got["feed.jsonl#1"].error.reason.startswith("invalid JSON")
    assert got["feed.jsonl#2"].document.text == "two" and got["feed.jsonl#3"].document.text == "three"


def test_bad_utf8_line_is_one_error(tmp_path):
    path = write(tmp_path, "feed.jsonl", b'{"text": "one"}\n{"text": "\xff"}\n{"text": "three"}\n')
    assert reasons(path) == {"feed.jsonl#2": "invalid UTF-8 at byte 10 of the line"}
    assert results(path)["feed.jsonl#3"].document.text == "three"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf")])
def test_byte_order_marks(tmp_path, codec, bom):
    lines = '{"text": "मिशन कर्मयोगी 5 लाख"}\r\n{"text": "two"}\r\n'
    got = results(write(tmp_path, "feed.jsonl", bom + lines.encode(codec)))
    assert [r.document.text for r in got.values()] == ["मिशन कर्मयोगी 5 लाख", "two"]
    doc = one(write(tmp_path, "dump.json", bom + '[{"text": "मिशन 5 लाख"}]'.encode(codec))).document
    assert doc.text == "मिशन 5 लाख"


def test_crlf_and_escapes(tmp_path):
    path = write(tmp_path, "feed.jsonl", b'{"text": "half an emoji \\ud83d here", "title": "t\\udc00"}\r\n'
                                         b'{"text": "ok \\u0915 \\ud83d\\ude00"}\r\n')
    got = results(path)
    doc = got["feed.jsonl#1"].document  # a lone surrogate cannot be written anywhere: it becomes U+FFFD
    assert doc.text == "t\ufffd\n\nhalf an emoji \ufffd here" and doc.meta.title == "t\ufffd"
    doc.text.encode("utf-8")
    assert got["feed.jsonl#2"].document.text == "ok क \U0001f600"


# --- size limits and streaming -------------------------------------------------------------------------------

def test_big_json_is_refused_from_its_size_without_opening(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024)
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    r = one(path)
    assert r.error.reason.startswith("25.0 MB is larger than the 20 MB limit for a .json file")
    assert opened == []


def test_overlong_jsonl_line_is_skipped_not_held(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_BYTES", 1000)
    monkeypatch.setattr(records, "_SKIP_CHUNK", 100)
    long_line = json.dumps({"text": "x " * 5000})
    path = write(tmp_path, "feed.jsonl", '{"text": "one"}\n' + long_line + '\n{"text": "three"}\n')
    got = results(path)
    assert got["feed.jsonl#2"].error.reason == "record of 0.0 MB is larger than the 0 MB limit"
    assert got["feed.jsonl#1"].document.text == "one" and got["feed.jsonl#3"].document.text == "three"


def test_overlong_utf16_jsonl_line(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_BYTES", 1000)
    lines = '{"text": "one"}\n' + json.dumps({"text": "x " * 5000}) + '\n{"text": "three"}\n'
    got = results(write(tmp_path, "feed.jsonl", b"\xff\xfe" + lines.encode("utf-16-le")))
    assert got["feed.jsonl#2"].error.reason.startswith("record is larger than")
    assert got["feed.jsonl#3"].document.text == "three"


def test_records_are_streamed(tmp_path):
    path = write(tmp_path, "feed.jsonl", [{"text": f"record {i} with 5 lakh"} for i in range(2000)])
    gen = read_records(path)
    assert inspect.isgenerator(gen)
    first = next(gen)
    assert first.name.endswith("#1") and first.document.text == "record 0 with 5 lakh"
    gen.close()  # the file is closed with the generator


# --- API and data --------------------------------------------------------------------------------------------

def test_record_result_is_frozen_and_exported():
    import extractor.ingest as ingest

    assert "read_records" in ingest.__all__ and "RecordResult" in ingest.__all__
    r = RecordResult("x#0", error=UnreadableInput("bad", "x#0"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.name = "y"
    assert not r.ok and [f.name for f in dataclasses.fields(r)] == ["name", "document", "error"]


def test_schema_is_validated(monkeypatch):
    good = records.load_toml("scraped.toml")

    def bad(data, match):
        records._schema.cache_clear()
        monkeypatch.setattr(records, "load_toml", lambda name: data)
        with pytest.raises(LexiconError, match=match):
            records._schema()

    try:
        fields = dict(good["fields"], url=["url", "text"])
        bad(dict(good, fields=fields), "under both")
        bad(dict(good, fields=dict(good["fields"], title=[" "])), "empty")
        bad(dict(good, extra={}), "unknown keys")
        fields = dict(good["fields"])
        del fields["language"]
        bad(dict(good, fields=fields), "expected exactly")
    finally:
        records._schema.cache_clear()


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.json", "a.jsonl"]))
def test_any_bytes_give_results_never_a_traceback(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        out = list(read_records(path))
    assert out
    for r in out:
        assert (r.document is None) != (r.error is None)
        if r.error:
            assert r.error.reason and "\n" not in r.error.reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "html", "title", "date", "url", "lang", "articles", "x", "content"]), inner,
        max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(json_values, min_size=1, max_size=4))
def test_any_json_records_give_results_never_a_traceback(values):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        path.write_text("".join(json.dumps(v) + "\n" for v in values), encoding="utf-8")
        out = list(read_records(path))
    assert out
    for r in out:
        assert (r.document is None) != (r.error is None)
        if r.error:
            assert r.error.reason and "\n" not in r.error.reason
        else:
            assert r.document.text.strip()
