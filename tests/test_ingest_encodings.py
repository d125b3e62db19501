"""What the decoder does with the encodings and non-texts a scraped folder holds."""
from __future__ import annotations

import pathlib
import random

import pytest

from extractor.errors import UnreadableInput
from extractor.ingest import MAX_BYTES, read_bytes, read_document
from extractor.ingest.decode import decode_text

HINDI = ("मिशन कर्मयोगी के तहत iGOT पर 14.5 करोड़ यूजर्स पंजीकृत हैं।\n"
         "उत्तर प्रदेश में 18.8 लाख कर्मी, ४,१७९ पाठ्यक्रम और ढाई लाख प्रमाणपत्र।\n")
ENGLISH = ("Mission Karmayogi: 14.5 crore users are registered on iGOT.\n"
           "Uttar Pradesh has 18.8 lakh officials on the platform, up from 12 lakh.\n")
CP1252 = ("The minister said \u201c50 lakh\u201d officials\u2019 training \u2014 a na\u00efve target \u2014 is "
          "done\u2026 Don\u2019t \u2018quote\u2019 me: it cost Rs 1,500 crore, \u00bd of the plan.\n")


def write(tmp_path, name: str, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path) -> str:
    with pytest.raises(UnreadableInput) as info:
        read_document(path)
    assert "\n" not in info.value.reason
    return info.value.reason


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [HINDI, ENGLISH, HINDI + ENGLISH, "कर्मयोगी", "Karmayogi"],
                         ids=["hindi", "english", "mixed", "hindi-word", "english-word"])
def test_utf16_without_bom(tmp_path, codec, text):
    data = text.encode(codec)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert read_document(write(tmp_path, "a.txt", data)).text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_html(tmp_path, codec):
    page = f"<html><head><title>मिशन कर्मयोगी</title></head><body><p>{HINDI}</p></body></html>"
    doc = read_document(write(tmp_path, "a.html", page.encode(codec)))
    assert "14.5 करोड़" in doc.text and doc.meta.title == "मिशन कर्मयोगी"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_with_no_letters(tmp_path, codec):
    # regression: charset-normalizer needs letters to see UTF-16, so these were "binary content (NUL bytes)"
    assert refused(write(tmp_path, "a.txt", " \n\t \r\n".encode(codec))) == "no text (only whitespace)"
    assert read_document(write(tmp_path, "b.txt", "12 34\n2026\n".encode(codec))).text == "12 34\n2026\n"


def test_cp1252_english_with_curly_quotes(tmp_path):
    data = CP1252.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_document(write(tmp_path, "a.txt", data)).text == CP1252


def test_cp1252_english_in_html_without_a_charset(tmp_path):
    page = f"<html><body><p>{CP1252}</p></body></html>".encode("cp1252")
    assert read_document(write(tmp_path, "a.html", page)).text == CP1252.strip()


@pytest.mark.parametrize("name", ["image.png", "image.txt", "image.html", "image.dat"])
def test_png_header_and_random_bytes(tmp_path, name):
    rng = random.Random(7)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(20_000))
    assert "binary" in refused(write(tmp_path, name, data))


def test_random_bytes_without_nul(tmp_path):
    rng = random.Random(11)
    data = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(1, 256) for _ in range(20_000))
    assert refused(write(tmp_path, "a.txt", data)).startswith("cannot decode")


def test_empty_file(tmp_path):
    assert refused(write(tmp_path, "a.txt", b"")) == "empty file"
    assert refused(write(tmp_path, "a.html", b"")) == "empty file"


@pytest.mark.parametrize("data", [b" ", b"\n\n\n", b" \r\n\t \x0c\n", "\u00a0\u2003\n".encode()])
def test_whitespace_only_file(tmp_path, data):
    assert refused(write(tmp_path, "a.txt", data)) == "no text (only whitespace)"


def test_utf8_bom_then_whitespace(tmp_path):
    assert refused(write(tmp_path, "a.txt", b"\xef\xbb\xbf \n")) == "no text (only whitespace)"


def test_25_mb_file_is_refused_from_its_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024)  # sparse: nothing is written
    opened = []
    real_open = pathlib.Path.open

    def spy(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", spy)
    assert refused(path) == "25.0 MB is larger than the 20 MB limit"
    assert opened == []  # the stat decided; the file was never opened


def test_25_mb_of_bytes_is_refused_before_decoding():
    with pytest.raises(UnreadableInput, match="larger than the 20 MB limit"):
        read_bytes(b"a" * (25 * 1024 * 1024), kind="txt")
    assert MAX_BYTES == 20 * 1024 * 1024


def test_decode_text_refuses_nul_in_utf8():
    with pytest.raises(UnreadableInput, match="binary"):
        decode_text(b"\xef\xbb\xbfabc\x00def")
