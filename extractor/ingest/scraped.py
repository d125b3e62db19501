"""Scraper records: .json (one object, a list of objects, or {"articles": [...]}) and .jsonl (one object a line),
each record read into a `Document`.

Why one result per record instead of raising: a batch over a scraper's dump must not lose 9,999 good articles to
one truncated line. Each record yields a `RecordResult` holding either its Document or its UnreadableInput; only a
file that cannot be read as records at all (missing, empty, not JSON, too large) yields a single error result.

A record's body is read by the same readers as files: HTML through `read_bytes(..., kind="html")` (furniture
dropped), plain text through the text path (`check_text`, so binary and legacy-font text are refused, then
`document_from_text`). `Document.text` is the record's body exactly as given — preceded by the record's title when
the body does not already open with it, as the HTML reader puts the title first — so evidence offsets point into
the stored text (a body given as a list of paragraphs is joined with blank lines; a lone UTF-16 surrogate, half an
emoji that JSON can escape but no file can hold, becomes U+FFFD). The record's own fields (url, title, date, publisher, language) then override what the text
says. Which field means what is data: `lang/scraped.toml`.

Memory stays bounded for big .jsonl files: lines are streamed, and a line longer than `MAX_BYTES` is skipped in
chunks, never held whole. A .json file is parsed whole, so one above `MAX_BYTES` is refused from its size.
"""
from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import regex

from ..errors import UnreadableInput
from ..lang import LexiconError, load_toml
from ..records.document import Document
from ..text.normalize import fold_key
from . import MAX_BYTES, read_bytes, sniff_kind
from .decode import bom_encoding, check_text
from .published import IST, parse_date
from .txt import document_from_text, language_code

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
RECORD_SUFFIXES = {".json", *JSONL_SUFFIXES}  # what a batch should hand to read_records, not to read_document
_FIELD_KEYS = ("text", "html", "url", "title", "published", "publisher", "language")
_SKIP_CHUNK = 1 << 20  # an over-long line is skipped a megabyte at a time
_SURROGATE = regex.compile(r"\p{Cs}")
_MAX_NESTING = 3  # {"data": {"items": [...]}}: how deep to look for the list of records
# epoch timestamps: seconds between 2001 and 2096, or the same in milliseconds
_EPOCH_SECONDS = (1e9, 4e9)


@dataclass(frozen=True)
class RecordResult:
    """One record of a scraper file: `name` is "<path>#<line>" for .jsonl (1-based, as an editor counts lines) and
    "<path>#<index>" for .json (0-based); exactly one of `document` and `error` is set."""

    name: str
    document: Document | None = None
    error: UnreadableInput | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class _Schema:
    fields: dict[str, tuple[str, ...]]  # field → lower-cased names, in order of preference
    containers: tuple[str, ...]
    unwrap: tuple[str, ...]


@lru_cache(maxsize=1)
def _schema() -> _Schema:
    data = load_toml("scraped.toml")
    if set(data) - {"fields", "containers", "values"}:
        raise LexiconError(f"scraped.toml: unknown keys {sorted(set(data) - {'fields', 'containers', 'values'})}")
    fields_spec = data.get("fields", {})
    if set(fields_spec) != set(_FIELD_KEYS):
        raise LexiconError(f"scraped.toml [fields]: expected exactly {list(_FIELD_KEYS)}")
    owner: dict[str, str] = {}
    fields = {}
    for key in _FIELD_KEYS:
        names = _names(f"scraped.toml fields.{key}", fields_spec[key])
        for name in names:
            if name in owner:
                raise LexiconError(f"scraped.toml: field name {name!r} is under both {owner[name]} and {key}")
            owner[name] = key
        fields[key] = names
    containers = data.get("containers", {})
    values = data.get("values", {})
    if set(containers) - {"keys"} or set(values) - {"unwrap"}:
        raise LexiconError("scraped.toml: [containers] takes only keys, [values] only unwrap")
    return _Schema(fields, _names("scraped.toml containers.keys", containers.get("keys", [])),
                   _names("scraped.toml values.unwrap", values.get("unwrap", [])))


def _names(where: str, items) -> tuple[str, ...]:
    if not isinstance(items, list) or not items:
        raise LexiconError(f"{where}: expected a non-empty list of field names")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(f"{where}: empty or non-text field name {item!r}")
        if item.strip().lower() in out:
            raise LexiconError(f"{where}: duplicate field name {item!r}")
        out.append(item.strip().lower())
    return tuple(out)


# --- one record → one Document -------------------------------------------------------------------------------

def _kind_of(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def _lookup(record: dict, names: tuple[str, ...], unwrap: tuple[str, ...]):
    """(field name as written, value) of the first of `names` present with a non-empty value, else (None, None)."""
    lowered: dict[str, str] = {}
    for key in record:
        if isinstance(key, str):
            lowered.setdefault(key.strip().lower(), key)
    for name in names:
        key = lowered.get(name)
        if key is None:
            continue
        value = record[key]
        if isinstance(value, dict):
            value = next((value[u] for u in unwrap if isinstance(value.get(u), str)), value)
        if value is None or (isinstance(value, (str, list, dict)) and not value):
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return key, value
    return None, None


def _clean(s: str) -> str:
    # JSON can escape half an emoji ("\ud83d" alone), which no text encoding can write: mark it as unreadable
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s


def _as_text(field: str, value, name: str) -> str:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _clean("\n\n".join(v.strip() for v in value if v.strip()))  # paragraphs
    raise UnreadableInput(f"field {field!r} is {_kind_of(value)}, not text", name)


def _meta_text(value) -> str | None:
    if isinstance(value, str) and value.strip():
        return _clean(" ".join(value.split()))
    return None


def _date(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > _EPOCH_SECONDS[1] else value
        if _EPOCH_SECONDS[0] <= seconds <= _EPOCH_SECONDS[1]:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone(IST).date().isoformat()
        return None
    return parse_date(value) if isinstance(value, str) else None


def _language(value) -> str | None:
    if not isinstance(value, str):
        return None
    code = language_code(value)
    if code is None:  # "hi-IN", "en_US"
        code = language_code(value.replace("_", "-").split("-")[0])
    return code


def _with_title(body: str, title: str | None) -> str:
    if not title:
        return body
    first = body.lstrip().split("\n", 1)[0]
    if fold_key(first) == fold_key(title):
        return body
    return f"{title}\n\n{body}"


def _present(record: dict, names: tuple[str, ...]) -> str | None:
    """The first of `names` the record has, as written, whatever its value."""
    keys = {k.strip().lower(): k for k in record if isinstance(k, str)}
    return next((keys[n] for n in names if n in keys), None)


def document_from_record(record, name: str) -> Document:
    """The Document of one scraper record (a dict); raises UnreadableInput with a one-line reason."""
    if not isinstance(record, dict):
        raise UnreadableInput(f"record is {_kind_of(record)}, not a JSON object", name)
    schema = _schema()
    fields = {key: _lookup(record, schema.fields[key], schema.unwrap) for key in _FIELD_KEYS}
    html_key, html = fields["html"]
    text_key, text = fields["text"]
    title = _meta_text(fields["title"][1])
    doc = None
    if html is not None:
        try:
            doc = read_bytes(_as_text(html_key, html, name).encode("utf-8"), name, kind="html")
        except UnreadableInput:
            if text is None:
                raise
    if doc is None:
        if text is None:
            empty = _present(record, schema.fields["text"] + schema.fields["html"])
            if empty is not None:
                raise UnreadableInput(f"field {empty!r} is empty", name)
            wanted = ", ".join(schema.fields["text"][:5] + schema.fields["html"][:3])
            raise UnreadableInput(f"no text field (expected one of {wanted}, …)", name)
        body = _as_text(text_key, text, name)
        if not body.strip():
            raise UnreadableInput(f"field {text_key!r} is empty", name)
        data = body.encode("utf-8")
        if sniff_kind(data) == "html":
            doc = read_bytes(data, name, kind="html")
        else:
            if len(data) > MAX_BYTES:
                raise UnreadableInput(f"{len(data) / 1024 / 1024:.1f} MB of text is larger than the "
                                      f"{MAX_BYTES // 1024 // 1024} MB limit", name)
            # the body alone is checked: a Unicode title must not hide a Kruti Dev body from the legacy check
            doc = document_from_text(_with_title(check_text(body, name), title), name)
    meta = doc.meta
    meta.url = _meta_text(fields["url"][1]) or meta.url
    meta.title = title or meta.title
    meta.publisher = _meta_text(fields["publisher"][1]) or meta.publisher
    meta.published = _date(fields["published"][1]) or meta.published
    meta.language = _language(fields["language"][1]) or meta.language
    return doc


def _result(record, name: str) -> RecordResult:
    try:
        return RecordResult(name, document_from_record(record, name))
    except UnreadableInput as exc:
        return RecordResult(name, error=exc)
    except RecursionError:
        return RecordResult(name, error=UnreadableInput("record nested too deeply to read", name))


# --- files → records ----------------------------------------------------------------------------------------

def _error(reason: str, name: str) -> RecordResult:
    return RecordResult(name, error=UnreadableInput(reason, name))


def _json_error(exc: json.JSONDecodeError, where: str = "line {line} column {col}") -> str:
    """"invalid JSON (expecting ',' delimiter at line 3 column 17)" from the parser's message."""
    msg = exc.msg.removesuffix(" at")  # "Invalid control character at"
    msg = msg[:1].lower() + msg[1:]
    return f"invalid JSON ({msg} at {where.format(line=exc.lineno, col=exc.colno)})"


def _is_article(obj: dict, schema: _Schema) -> bool:
    keys = {k.strip().lower() for k in obj if isinstance(k, str)}
    return any(n in keys for n in schema.fields["text"] + schema.fields["html"])


def _records_of(value, name: str) -> Iterator[RecordResult]:
    """The records of a parsed .json document."""
    schema = _schema()
    for _ in range(_MAX_NESTING):
        if not isinstance(value, dict) or _is_article(value, schema):
            break
        lowered = {k.strip().lower(): v for k, v in value.items() if isinstance(k, str)}
        inner = next((lowered[k] for k in schema.containers if isinstance(lowered.get(k), (list, dict))), None)
        if inner is None:
            break
        value = inner
    if isinstance(value, dict):
        yield _result(value, f"{name}#0")
    elif isinstance(value, list):
        if not value:
            yield _error("no records (an empty JSON list)", name)
        for i, item in enumerate(value):
            yield _result(item, f"{name}#{i}")
    else:
        yield _error(f"not a JSON object or list of objects, but {_kind_of(value)}", name)


def _decode_whole(data: bytes, name: str) -> str:
    bom = bom_encoding(data)
    enc, skip = bom if bom else ("utf-8", 0)
    try:
        return data[skip:].decode(enc)
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"not JSON: invalid {enc.upper()} at byte {exc.start + skip}", name) from None


def _looks_like_json(first: str) -> bool:
    return first.lstrip()[:1] in ("{", "[")


def _parse_lines(lines: Iterable[tuple[int, str | None, str | None]], name: str,
                 whole: Callable[[], object] | None = None) -> Iterator[RecordResult]:
    """Records of JSON Lines; `lines` gives (line number, text or None, error reason or None). `whole()`, when
    given, re-reads the file as one JSON document — tried once, if the first line is not JSON on its own (a
    pretty-printed object in a .jsonl file)."""
    seen = False
    for lineno, line, problem in lines:
        rname = f"{name}#{lineno}"
        if problem is not None:
            if line is None:  # the reader found the file is not text at all (only said of its first line)
                yield _error(problem, name)
                return
            seen = True
            yield _error(problem, rname)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            if not seen:
                if not _looks_like_json(line):
                    yield _error(f"not JSON: line {lineno} does not start with {{ or [", name)
                    return
                if whole is not None:
                    try:
                        value = whole()
                    except (UnreadableInput, json.JSONDecodeError, RecursionError):
                        value = None
                    if value is not None:
                        yield from _records_of(value, name)
                        return
            seen = True
            yield _error(_json_error(exc, "column {col}"), rname)
            continue
        except RecursionError:
            seen = True
            yield _error("JSON nested too deeply to read", rname)
            continue
        seen = True
        yield _result(value, rname)
    if not seen:
        yield _error("no records (only blank lines)", name)


def _binary_lines(fh) -> Iterator[tuple[int, str | None, str | None]]:
    lineno = 0
    while True:
        raw = fh.readline(MAX_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while True:  # skip the rest of the line without holding it
                chunk = fh.readline(_SKIP_CHUNK)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, "", (f"record of {size / 1024 / 1024:.1f} MB is larger than the "
                               f"{MAX_BYTES // 1024 // 1024} MB limit")
            continue
        if b"\x00" in raw:
            if lineno == 1:
                yield lineno, None, "not JSON: binary content (NUL bytes)"
                return
            yield lineno, "", "binary content, not text (NUL bytes)"
            continue
        try:
            yield lineno, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            if lineno == 1 and not _looks_like_json(raw[:exc.start].decode("utf-8")):
                yield lineno, None, f"not JSON: invalid UTF-8 at byte {exc.start}"
                return
            yield lineno, "", f"invalid UTF-8 at byte {exc.start} of the line"


def _text_lines(fh, enc: str) -> Iterator[tuple[int, str | None, str | None]]:
    """Lines of a UTF-16/32 file (its BOM already read)."""
    reader = io.TextIOWrapper(fh, encoding=enc, errors="strict", newline=None)
    lineno = 0
    while True:
        try:
            line = reader.readline(MAX_BYTES + 1)
        except UnicodeDecodeError:
            yield lineno + 1, "", f"invalid {enc}: the rest of the file cannot be read"
            return
        if not line:
            return
        lineno += 1
        if len(line) > MAX_BYTES and not line.endswith("\n"):
            while True:
                try:
                    chunk = reader.readline(_SKIP_CHUNK)
                except UnicodeDecodeError:
                    chunk = ""
                if not chunk or chunk.endswith("\n"):
                    break
            yield lineno, "", f"record is larger than the {MAX_BYTES // 1024 // 1024} MB limit"
            continue
        yield lineno, line, None


def _os_error(exc: OSError, name: str) -> UnreadableInput:
    if isinstance(exc, FileNotFoundError):
        return UnreadableInput("no such file", name)
    if isinstance(exc, PermissionError):
        return UnreadableInput("permission denied", name)
    return UnreadableInput(f"cannot read: {exc.strerror or exc}", name)


def read_records(path: str | Path, fh: BinaryIO | None = None, size: int | None = None) -> Iterator[RecordResult]:
    """The records of a scraper file, one `RecordResult` each, in file order. `.jsonl`/`.ndjson` are read line by
    line (streamed); any other suffix (`.json`) is parsed as one JSON document — or as JSON Lines, when it turns
    out to hold one object a line. A file that cannot be read as records at all gives one error result.

    `fh`, when given, is the file's content already opened (a buffered binary reader, with `size` its length in
    bytes): `extract batch` opens each file once and hashes exactly the bytes read here. Else `path` is opened —
    a regular file only: a FIFO, device or socket gives an error result at once instead of blocking."""
    from .files import NotRegularFile, open_regular, shown_path

    p = Path(path)
    name = shown_path(str(path))
    lines = p.suffix.lower() in JSONL_SUFFIXES
    if fh is not None and size is None:
        size = MAX_BYTES + 1  # unknown: never re-read as one document
    if fh is None:
        try:
            fh = open_regular(p)
            size = os.fstat(fh.fileno()).st_size
        except NotRegularFile as exc:
            yield RecordResult(name, error=UnreadableInput(exc.reason, name))
            return
        except OSError as exc:
            yield RecordResult(name, error=_os_error(exc, name))
            return
        if not lines and size > MAX_BYTES:  # decided from the size: the file is not read
            fh.close()
            yield _error(f"{size / 1024 / 1024:.1f} MB is larger than the {MAX_BYTES // 1024 // 1024} MB limit "
                         f"for a .json file (split it, or write it as .jsonl, one record a line)", name)
            return
    with fh:
        try:
            if not fh.peek(1):
                yield _error("empty file", name)
                return
            yield from (_read_jsonl(fh, size, name) if lines else _read_json(fh, name))
        except OSError as exc:  # an I/O error halfway through: the records so far stand
            yield RecordResult(name, error=_os_error(exc, name))


def _read_jsonl(fh, size: int, name: str) -> Iterator[RecordResult]:
    head = fh.peek(4)[:4]
    bom = bom_encoding(head)

    def whole():
        if size > MAX_BYTES:
            return None
        pos = fh.tell()
        try:
            fh.seek(0)
            return json.loads(_decode_whole(fh.read(MAX_BYTES + 1), name))
        finally:
            fh.seek(pos)  # not one document after all: the line reader goes on where it was

    if bom and bom[0] != "utf-8":
        fh.read(bom[1])
        lines = _text_lines(fh, bom[0])
        yield from _parse_lines(lines, name)  # a pretty-printed UTF-16 .jsonl is not worth a second reader
    else:
        yield from _parse_lines(_binary_lines(fh), name, whole)


def _read_json(fh, name: str) -> Iterator[RecordResult]:
    data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # the file grew since stat
        yield _error(f"larger than the {MAX_BYTES // 1024 // 1024} MB limit", name)
        return
    try:
        text = _decode_whole(data, name)
    except UnreadableInput as exc:
        yield RecordResult(name, error=exc)
        return
    if not text.strip():
        yield _error("no records (only whitespace)", name)
        return
    try:
        value = json.loads(text)
    except RecursionError:
        yield _error("JSON nested too deeply to read", name)
        return
    except json.JSONDecodeError as exc:
        if not _looks_like_json(text):
            yield _error("not JSON: it does not start with { or [", name)
            return
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):  # JSON Lines saved as .json
            lines = ((i, line, None) for i, line in enumerate(text.splitlines(), 1))
            yield from _parse_lines(lines, name)
            return
        yield _error(_json_error(exc), name)
        return
    yield from _records_of(value, name)
