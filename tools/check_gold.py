#!/usr/bin/env python3
"""Validate the hand-made gold annotations in corpus/gold/ against their articles.

    python tools/check_gold.py                 check every corpus/gold/*.json (exit 1 on any problem)
    python tools/check_gold.py GOLD.json ...   check only these gold files
    python tools/check_gold.py --tokens ARTICLE
                                               print the text the contexts are checked against, then every
                                               number-like token in it with its offset (an annotator's aid)

What is checked (one line per problem, "path: message"):
- the JSON parses and has exactly the documented keys (corpus/README.md, "Gold format");
- `article` exists under corpus/ and every article in corpus/seeds and corpus/composed has a gold file;
- each `context` occurs at least `occurrence` times in the article text and contains `quote` exactly once;
  the text is the decoded file (BOM decides utf-8-sig / utf-16) for .txt, and for .html the page's visible text:
  BeautifulSoup(..., "lxml") without script/style/noscript/template, get_text(" "), whitespace collapsed;
- metric ids exist in extractor/lang/metrics.toml (or "other", which needs a `note`); state is a canonical
  name in extractor/lang/places.toml or "India"; qualifier, unit, value, value_max, as_of are well formed;
- a plain quote ("4,179", "14.5 करोड़", "70%", "Rs 1,200 crore") agrees with `value`;
- no two entries annotate overlapping text, and every number-like token (digits in any script, number words,
  fraction words, scale words, ordinal words from extractor/lang/*.toml) lies inside some quote.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
LANG = ROOT / "extractor" / "lang"

QUALIFIERS = {"exact", "at_least", "at_most", "approx", "range"}
UNITS = {"count", "percent", "inr", "hours", "days"}
LANGUAGES = {"hi", "en", "mixed"}
TOP_KEYS = {"article", "language", "published", "notes", "claims", "not_claims"}
CLAIM_KEYS = {"quote", "context", "occurrence", "value", "value_max", "qualifier", "unit", "metric", "state",
              "as_of", "note"}
CLAIM_REQUIRED = CLAIM_KEYS - {"note"}
NOT_CLAIM_KEYS = {"quote", "context", "occurrence", "reason"}
AS_OF = regex.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
ARTICLE_SUFFIXES = {".txt", ".html"}


# ---------------------------------------------------------------- vocabularies


def _load_toml(name: str) -> dict:
    with open(LANG / name, "rb") as fh:
        return tomllib.load(fh)


def metric_ids() -> set[str]:
    return {k for k, v in _load_toml("metrics.toml").items() if isinstance(v, dict)}


def state_names() -> set[str]:
    return set(_load_toml("places.toml").get("states", {})) | {"India"}


def number_word_pattern() -> regex.Pattern:
    """Digits in any script, and every number, fraction, scale and ordinal word the lexicons know."""
    words: set[str] = {"शत"}
    for name in ("hi.toml", "en.toml"):
        lex = _load_toml(name)
        for table in ("number_words", "scales", "fractions", "fraction_prefixes"):
            for forms in lex.get(table, {}).values():
                words.update(forms)
        words.update(lex.get("ordinals", {}).get("words", []))
    words = {w for w in words if not (w.isascii() and len(w) < 3)}  # "k", "mn", "cr": too noisy as plain words
    alternatives = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(r"\d+(?:[.,:/]\d+)*|\b(?:" + alternatives + r")\b", regex.IGNORECASE)


# ---------------------------------------------------------------- article text


def decode(data: bytes) -> str:
    """Decode by BOM: UTF-16 (either order) or UTF-8 with or without BOM. The BOM is not part of the text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def html_visible_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def article_text(path: Path) -> str:
    text = decode(path.read_bytes())
    return html_visible_text(text) if path.suffix == ".html" else text


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of `needle`, overlapping ones included."""
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


# ---------------------------------------------------------------- a reference reader for plain quotes

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_SCALES = {"हजार": 1e3, "हज़ार": 1e3, "thousand": 1e3, "लाख": 1e5, "lakh": 1e5, "lakhs": 1e5, "करोड़": 1e7,
           "करोड": 1e7, "crore": 1e7, "crores": 1e7, "million": 1e6, "billion": 1e9, "अरब": 1e9}
_PREFIX = regex.compile(r"^(?:₹|Rs\.?|INR|रु\.?)\s?", regex.IGNORECASE)
_SUFFIX = regex.compile(r"\s?(?:%|प्रतिशत|फीसदी|फ़ीसदी|per cent|percent|रुपये|रुपए)?\+?$", regex.IGNORECASE)
_PLAIN = regex.compile(r"^(?P<num>\d+(?:,\d+)*(?:\.\d+)?)(?:\s?(?P<scale>[\p{L}\p{M}]+))?$")


def plain_value(quote: str) -> float | None:
    """The value of a quote made of digits, an optional scale word, % or currency; None for anything else
    (number words, fractions, ranges, compounds are left to the annotator)."""
    core = _SUFFIX.sub("", _PREFIX.sub("", quote.translate(_DIGITS), count=1), count=1)
    m = _PLAIN.match(core)
    if not m:
        return None
    scale = 1.0
    if m["scale"]:
        if m["scale"].lower() not in _SCALES:
            return None
        scale = _SCALES[m["scale"].lower()]
    return float(m["num"].replace(",", "")) * scale


# ---------------------------------------------------------------- checks


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.metrics = self.load("metrics.toml", metric_ids, set())
        self.states = self.load("places.toml", state_names, {"India"})
        self.number_words = self.load("hi.toml/en.toml", number_word_pattern, regex.compile(r"\d+(?:[.,:/]\d+)*"))

    def load(self, name: str, loader, fallback):
        try:
            return loader()
        except (OSError, tomllib.TOMLDecodeError) as exc:
            self.problem(f"extractor/lang/{name}", f"cannot be read ({exc}); checks that need it are incomplete")
            return fallback

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def check_file(self, gold_path: Path) -> None:
        where = str(gold_path.relative_to(ROOT)) if gold_path.is_relative_to(ROOT) else str(gold_path)
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.problem(where, f"cannot read JSON: {exc}")
            return
        if not isinstance(gold, dict):
            self.problem(where, "top level is not an object")
            return
        for key in sorted(TOP_KEYS - gold.keys()):
            self.problem(where, f"missing key {key!r}")
        for key in sorted(gold.keys() - TOP_KEYS):
            self.problem(where, f"unknown key {key!r}")
        if gold.get("language") not in LANGUAGES:
            self.problem(where, f"language {gold.get('language')!r} is not one of {sorted(LANGUAGES)}")
        published = gold.get("published")
        if published is not None and not _is_iso_date(published, full=True):
            self.problem(where, f"published {published!r} is not an ISO date (YYYY-MM-DD) or null")
        if not isinstance(gold.get("notes", ""), str):
            self.problem(where, "notes is not a string")

        article = gold.get("article")
        if not isinstance(article, str):
            self.problem(where, "article is not a string")
            return
        path = CORPUS / article
        if not path.is_file():
            self.problem(where, f"article {article!r} does not exist under corpus/")
            return
        if path.stem != gold_path.stem:
            self.problem(where, f"gold file should be named {path.stem}.json for article {article!r}")
        try:
            text = article_text(path)
        except UnicodeDecodeError as exc:
            self.problem(where, f"article does not decode: {exc}")
            return

        spans: list[tuple[int, int, str]] = []
        for kind, keys in (("claims", CLAIM_KEYS), ("not_claims", NOT_CLAIM_KEYS)):
            entries = gold.get(kind, [])
            if not isinstance(entries, list):
                self.problem(where, f"{kind} is not a list")
                continue
            for i, entry in enumerate(entries):
                label = f"{where}: {kind}[{i}]"
                if not isinstance(entry, dict):
                    self.problems.append(f"{label}: not an object")
                    continue
                label += f" {entry.get('quote')!r}"
                required = CLAIM_REQUIRED if kind == "claims" else keys
                for key in sorted(required - entry.keys()):
                    self.problems.append(f"{label}: missing key {key!r}")
                for key in sorted(entry.keys() - keys):
                    self.problems.append(f"{label}: unknown key {key!r}")
                span = self.locate(label, text, entry)
                if span:
                    spans.append((*span, label))
                if kind == "claims":
                    self.check_claim(label, entry)
                elif not (isinstance(entry.get("reason"), str) and entry["reason"].strip()):
                    self.problems.append(f"{label}: reason is empty")

        spans.sort()
        for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:]):
            if s2 < e1:
                self.problems.append(f"{l2}: overlaps {l1.split(': ', 1)[1]} (annotate each number once)")
        for m in self.number_words.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                snippet = " ".join(text[max(0, m.start() - 30):m.end() + 30].split())
                self.problem(where, f"number-like token {m.group()!r} at offset {m.start()} is in neither claims "
                                    f"nor not_claims: …{snippet}…")

    def locate(self, label: str, text: str, entry: dict) -> tuple[int, int] | None:
        quote, context, occurrence = entry.get("quote"), entry.get("context"), entry.get("occurrence")
        if not (isinstance(quote, str) and quote and isinstance(context, str) and context):
            self.problems.append(f"{label}: quote and context must be non-empty strings")
            return None
        if not (isinstance(occurrence, int) and not isinstance(occurrence, bool) and occurrence >= 1):
            self.problems.append(f"{label}: occurrence must be an integer >= 1")
            return None
        in_context = find_all(context, quote)
        if len(in_context) != 1:
            self.problems.append(f"{label}: quote occurs {len(in_context)} times in context {context!r} "
                                 "(needs exactly once)")
            return None
        starts = find_all(text, context)
        if len(starts) < occurrence:
            self.problems.append(f"{label}: context {context!r} occurs {len(starts)} times in the article, "
                                 f"occurrence is {occurrence}")
            return None
        start = starts[occurrence - 1] + in_context[0]
        return start, start + len(quote)

    def check_claim(self, label: str, c: dict) -> None:
        value, value_max, qualifier = c.get("value"), c.get("value_max"), c.get("qualifier")
        if not _is_number(value):
            self.problems.append(f"{label}: value {value!r} is not a number")
        if qualifier not in QUALIFIERS:
            self.problems.append(f"{label}: qualifier {qualifier!r} is not one of {sorted(QUALIFIERS)}")
        if qualifier == "range":
            if not _is_number(value_max):
                self.problems.append(f"{label}: a range needs a numeric value_max")
            elif _is_number(value) and value_max <= value:
                self.problems.append(f"{label}: value_max {value_max} is not above value {value}")
        elif value_max is not None:
            self.problems.append(f"{label}: value_max is set but qualifier is {qualifier!r}, not 'range'")
        if c.get("unit") not in UNITS:
            self.problems.append(f"{label}: unit {c.get('unit')!r} is not one of {sorted(UNITS)}")
        metric = c.get("metric")
        if metric != "other" and metric not in self.metrics:
            self.problems.append(f"{label}: metric {metric!r} is not in extractor/lang/metrics.toml")
        if metric == "other" and not (isinstance(c.get("note"), str) and c["note"].strip()):
            self.problems.append(f"{label}: metric 'other' needs a note saying what the figure is")
        if c.get("state") not in self.states:
            self.problems.append(f"{label}: state {c.get('state')!r} is not in extractor/lang/places.toml "
                                 "nor 'India'")
        as_of = c.get("as_of")
        if as_of is not None and not _is_iso_date(as_of, full=False):
            self.problems.append(f"{label}: as_of {as_of!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
        if "note" in c and not isinstance(c["note"], str):
            self.problems.append(f"{label}: note is not a string")
        expected = plain_value(c["quote"]) if isinstance(c.get("quote"), str) else None
        if expected is not None and _is_number(value) and abs(expected - value) > 1e-9 * max(1.0, abs(expected)):
            self.problems.append(f"{label}: value {value} does not match the quote (reads as {expected:g})")


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_iso_date(s, full: bool) -> bool:
    if not isinstance(s, str) or not AS_OF.match(s) or (full and len(s) != 10):
        return False
    try:
        if len(s) == 10:
            dt.date.fromisoformat(s)
        elif len(s) == 7:
            dt.date.fromisoformat(s + "-01")
    except ValueError:
        return False
    return True


def articles() -> list[Path]:
    return sorted(p for d in ("seeds", "composed") for p in (CORPUS / d).glob("*") if p.suffix in ARTICLE_SUFFIXES)


def show_tokens(path: Path) -> None:
    text = article_text(path)
    print(text)
    print("-" * 72)
    for m in number_word_pattern().finditer(text):
        snippet = " ".join(text[max(0, m.start() - 30):m.end() + 30].split())
        print(f"{m.start():6d}  {m.group()!r:14}  …{snippet}…")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tokens"]:
        for name in argv[1:]:
            show_tokens(Path(name))
        return 0
    checker = Checker()
    if argv:
        golds = [Path(a) for a in argv]
    else:
        golds = sorted(p for p in GOLD.glob("*.json") if p.name != "contradictions.json")  # checked by tests/test_evaluate.py
        annotated = {g.stem for g in golds}
        for art in articles():
            if art.stem not in annotated:
                checker.problem(str(art.relative_to(ROOT)), "has no gold file in corpus/gold/")
    for g in golds:
        checker.check_file(g)
    for line in checker.problems:
        print(line)
    if checker.problems:
        return 1
    print(f"ok: {len(golds)} gold files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
