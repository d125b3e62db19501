"""Bytes → str for articles, refusing what is not text.

Why not `data.decode("utf-8", errors="replace")`: a replacement character inside a number ("1�45 करोड़") would
become a wrong claim, and a cp1252 file decoded as UTF-8 loses its quotes. So: a byte-order mark decides; else
strict UTF-8; else charset-normalizer's guess, accepted only if it decodes strictly. Damaged UTF-8 (mostly valid
multi-byte sequences with a few bad bytes) is refused rather than guessed, because every single-byte guess turns
Devanagari into mojibake that still "decodes cleanly".
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

import regex

from ..errors import UnreadableInput
from ..text.normalize import OTHER, char_bytes, char_of_byte
from .language import is_devanagari, is_latin
from .legacy import legacy_font, legacy_reason

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = regex.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# C0/C1 controls except tab, newlines and form feeds; surrogates, unassigned and private-use code points
_BAD_CHARS = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\p{Cs}\p{Cn}\p{Co}]")
_MAX_BAD_SHARE = 0.01  # a few stray control characters are tolerable; more means it is not prose
# where the articles' characters live: ASCII and Latin, Devanagari, punctuation, currency, letterlike symbols,
# arrows, box and bullet shapes, CJK punctuation and full-width forms (U+3000–U+303F, U+FF00–U+FFEF)
_COMMON_BLOCKS = ((0x0000, 0x024F), (0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x2000, 0x27BF), (0x3000, 0x303F),
                  (0xFF00, 0xFFEF))


@lru_cache(maxsize=1)
def _clean_run() -> re.Pattern:
    """A stdlib pattern for a text made only of `_COMMON_BLOCKS` characters that `_BAD_CHARS` does not match.

    Why: `_BAD_CHARS` asks the Unicode database about every character (unassigned? private use?) and takes 0.13
    ms for a 12 KB article; a plain class of code-point ranges reads it in 0.01 ms (with the legacy-font check's
    early exit, `decode_text` went from 0.7 to 0.1 ms an article). The class is made by asking
    `_BAD_CHARS` itself about each code point of those blocks, so a text it matches whole has no bad character by
    `_BAD_CHARS`'s own definition; any other text is searched by `_BAD_CHARS` as before."""
    ranges = []
    for lo, hi in _COMMON_BLOCKS:
        block = "".join(map(chr, range(lo, hi + 1)))
        bad = [lo + m.start() for m in _BAD_CHARS.finditer(block)]
        for a, b in zip([lo - 1, *bad], [*bad, hi + 1]):  # the runs between bad code points
            if b - a > 1:
                ranges.append(f"{re.escape(chr(a + 1))}-{re.escape(chr(b - 1))}")
    return re.compile("[" + "".join(ranges) + "]*")


def _has_bad_chars(text: str) -> bool:
    """`_BAD_CHARS.search(text) is not None`, answered by `_clean_run` for the usual text."""
    return _clean_run().fullmatch(text) is None and _BAD_CHARS.search(text) is not None


# the `char_bytes` (normalize.py) of the characters `_BAD_CHARS` does not match, but OTHER (many characters)
_CLEAN_BYTES = bytes(b for b in range(256) if b != OTHER and not _BAD_CHARS.match(char_of_byte(b)))
_MAX_OTHERS = 256  # more characters outside ASCII and U+0900–U+097F than this, and `_clean_run` reads the text


def _has_bad_chars_by_bytes(text: str) -> bool:
    """`_has_bad_chars`, read from the text's `char_bytes`: a bad character of ASCII or the Devanagari block is a
    byte that deleting `_CLEAN_BYTES` leaves, and each other character (an OTHER byte) is asked alone.

    For an article's own text (`decode_text(article=True)`), whose bytes folding and language detection read next:
    the check is then a `bytes.translate` of them, where `_clean_run` took 0.18 M machine instructions for a 12 KB
    bench article. For other texts (an HTML page's markup) making the bytes would cost more than `_clean_run`."""
    data = char_bytes(text)
    left = data.translate(None, _CLEAN_BYTES)
    if not left:
        return False
    if left.count(OTHER) < len(left):  # a bad character of the two blocks
        return True
    if len(left) > _MAX_OTHERS:
        return _has_bad_chars(text)
    i = data.find(OTHER)
    while i >= 0:
        if _BAD_CHARS.match(text, i):
            return True
        i = data.find(OTHER, i + 1)
    return False


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when `data` starts with a byte-order mark."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def decode_text(data: bytes, path: str | None = None, declared: str | None = None, *, article: bool = False) -> str:
    """Decode an article file; `declared` is an encoding named by the file itself (HTML <meta charset>); `article`:
    the text is the article's own (a text file, not markup), so its `char_bytes` are worth making for the checks:
    folding and language detection read them next (`_has_bad_chars_by_bytes`)."""
    if not data:
        raise UnreadableInput("empty file", path)
    bom = bom_encoding(data)
    if bom:
        enc, size = bom
        try:
            text = data[size:].decode(enc)
        except UnicodeDecodeError as exc:
            raise UnreadableInput(f"not valid {enc} despite its byte-order mark (byte {exc.start + size})",
                                  path) from None
        return check_text(text, path)
    if declared:
        text = _try_declared(data, declared)
        if text is not None:
            return check_text(text, path)
    utf8_error = None
    if b"\x00" not in data:  # NUL bytes: UTF-16 without a BOM decodes as "valid" UTF-8 full of NULs
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            utf8_error = exc
        else:
            # ASCII full of controls may be UTF-16 Hindi with no space in it
            if _has_bad_chars_by_bytes(text) if article else _has_bad_chars(text):
                text = _utf16_by_lanes(data, letters=True) or text
                return check_text(text, path)
            # just searched: no NUL, control or unassigned character
            return _check_text(text, path, clean=True, article=article)
        if _damaged_utf8(data):
            raise UnreadableInput(f"invalid UTF-8 at byte {utf8_error.start}", path)
    return check_text(_guess(data, path, utf8_error), path)


def _try_declared(data: bytes, declared: str) -> str | None:
    try:
        enc = codecs.lookup(declared.strip().strip("'\"")).name
    except LookupError:
        return None
    if enc in ("latin-1", "iso8859-1", "ascii"):
        enc = "cp1252"  # browsers read these labels as windows-1252 (WHATWG), and so do the pages' authors
    if enc != "utf-8" and not data.isascii() and b"\x00" not in data:
        # pages often declare a legacy charset yet are written in UTF-8; valid multi-byte UTF-8 is no accident
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _damaged_utf8(data: bytes) -> bool:
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    return valid >= 3 and valid >= 2 * invalid


_UTF16_HIGH_BYTES = b"\x00\x09"  # the high byte of Latin-1 (U+00xx) and Devanagari (U+09xx) code units


def _utf16_by_lanes(data: bytes, letters: bool) -> str | None:
    """UTF-16 without a BOM whose every high byte is 00 or 09 — English and Hindi text, the articles here.
    charset-normalizer needs letters to recognise UTF-16 (a whitespace-only UTF-16 file was "binary"), and Hindi
    with no space or digit in it has no NUL byte at all: its UTF-16 is valid ASCII full of control characters.
    With `letters`, the reading must hold letters, mostly Devanagari or Latin; without, a reading with no letters at
    all (whitespace, digits) is taken too."""
    if len(data) < 2 or len(data) % 2:
        return None
    for lane, codec in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
        if not lane.translate(None, _UTF16_HIGH_BYTES):
            text = data.decode(codec)  # cannot fail: no surrogates below U+0A00
            if _our_scripts(text) or not (letters or any(c.isalpha() for c in text)):
                return text
            return None
    return None


def _guess(data: bytes, path: str | None, utf8_error: UnicodeDecodeError | None) -> str:
    if b"\x00" in data:
        text = _utf16_by_lanes(data, letters=False)
        if text is not None and "\x00" not in text:
            return text
    from charset_normalizer import from_bytes  # lazy: only legacy files pay for it

    results = from_bytes(data)
    best = results.best()
    if best is None:
        if b"\x00" in data:
            raise UnreadableInput("binary content, not text (NUL bytes)", path)
        where = f" (invalid UTF-8 at byte {utf8_error.start})" if utf8_error else ""
        raise UnreadableInput(f"cannot decode: not UTF-8 and no other text encoding fits{where}", path)
    enc = best.encoding
    # charset-normalizer ranks cp1250 and cp1252 alike for English prose, and cp1250 turns "naïve" into "naďve";
    # the articles here are English or Hindi, so the Western code page is the likely legacy one
    for match in results:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + 0.01:
            enc = "cp1252"
            break
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise UnreadableInput(f"cannot decode: the best guess, {enc}, does not decode cleanly", path) from None
    if not _our_scripts(text):
        # a guess that yields Chinese from bytes with NULs, or Greek from random bytes, is a wrong guess: the
        # articles here are written in Devanagari or Latin letters
        if b"\x00" in data:
            raise UnreadableInput("binary content, not text (NUL bytes)", path)
        raise UnreadableInput(f"cannot decode: the best guess, {enc}, gives no Hindi or English text", path)
    return text


def _our_scripts(text: str) -> bool:
    letters = ours = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            ours += is_devanagari(ch) or is_latin(ch)
    return letters > 0 and ours >= 0.8 * letters


def check_text(text: str, path: str | None = None) -> str:
    """Refuse decoded text that is really binary (NULs, many control or unassigned characters), blank, or Hindi
    in a legacy font encoding (Latin characters drawn as Devanagari by Kruti Dev and the like: see legacy.py)."""
    return _check_text(text, path, clean=False)


def _check_text(text: str, path: str | None, clean: bool, article: bool = False) -> str:
    """`check_text`; `clean`: the caller has found no `_BAD_CHARS` character in `text` (one scan, not two);
    `article`: as for `decode_text`."""
    if not clean:
        if "\x00" in text:
            raise UnreadableInput("binary content, not text (NUL bytes)", path)
        bad = len(_BAD_CHARS.findall(text)) if _has_bad_chars(text) else 0  # most texts have none
        if text and bad / len(text) > _MAX_BAD_SHARE:
            raise UnreadableInput("binary content, not text (control characters)", path)
    if not text or text.isspace():  # `not text.strip()`, without copying the article (it ends with a line ending)
        raise UnreadableInput("no text (only whitespace)", path)
    font = legacy_font(text, by_bytes=article)
    if font is not None:
        raise UnreadableInput(legacy_reason(font), path)
    return text
