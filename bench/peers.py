"""Side-by-side accuracy and speed against peer libraries, on the number mentions of the gold corpus.

Used by `bench/run.py`; every function here returns plain data, the table is formatted there.

The items: every gold claim of `corpus/gold/*.json` (quote + value per mention), located in its article with
`extractor.evaluate.locate` (the same function the evaluation uses), and the sentence holding it (the project's
sentence splitter, the same sentence for every system). A system reads a mention correctly when one of the
numbers it returns for that sentence overlaps the gold quote and has the gold value (and, for a range, one has the
upper end too). What each peer is given is written in `PEER_INPUTS`, printed as footnotes under the table.
"""
from __future__ import annotations

import json
import math
import time
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent

# Indian number forms, decided from the gold quote alone (not by any system under test): a lakh/crore scale word,
# Indian digit grouping, Devanagari digits, or a Hindi fraction word. Matched on NFD text without the nukta, so
# करोड़ written either way matches.
_INDIAN_FORM = regex.compile(
    r"(?i)\b(?:lakh|lakhs|lac|crore|crores)\b|लाख|करोड|[०-९]|(?<![0-9,])[0-9]{1,2},[0-9]{2},[0-9]{3}"
    r"|ढाई|डेढ|सवा|साढे|पौने")
_DEVANAGARI = regex.compile(r"\p{Devanagari}")
_NUMBER_WORD_HI = regex.compile(r"[\p{L}\p{M}]*\p{Devanagari}[\p{L}\p{M}]*")
_ASCII_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# a date stated in the sentence itself — a neutral pattern (not our lexicon, not dateparser): month or weekday
# names in English or Hindi, a numeric date, or a year
_DATE_IN_SENTENCE = regex.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|जनवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
    r"|सोमवार|मंगलवार|बुधवार|गुरुवार|बृहस्पतिवार|शुक्रवार|शनिवार|रविवार"
    r"|\b[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}\b|(?<![0-9,.])(?:19|20)[0-9]{2}(?![0-9,.])")
_REGEX_NUMBER = regex.compile(r"\d[\d,.]*")

PEER_INPUTS = {
    "ours": "`parse_numbers(sentence)` — the whole sentence; the mention has to be found as well as read.",
    "quantulum3": "`quantulum3.parser.parse(sentence)` (lang en_US, its only working language) — every English "
                  "sentence (no Devanagari letter) that holds a gold mention, with its ₹/Rs, lakh/crore, million "
                  "and per cent as written; any returned quantity overlapping the quote counts, whatever its unit.",
    "number-parser": "`number_parser.parse_number(quote, language='hi')` on the gold quote already cut out of its "
                     "sentence (the one-number input it is designed for; easier than finding it); when that returns "
                     "None, the numbers in `parse(quote, language='hi')` read as plain digits. Hindi sentences "
                     "(with a Devanagari letter).",
    "regex": r"`\d[\d,.]*` over the sentence, commas dropped, no scale words (`\d` also matches Devanagari digits).",
    "dateparser": "`dateparser.search.search_dates(sentence, languages=['hi','en'], settings={RELATIVE_BASE: the "
                  "gold publication date, PREFER_DATES_FROM: past})`, Devanagari digits turned into ASCII first "
                  "(as our folding does, so that only the reading of dates is compared). Correct when its first date agrees with the gold as_of at the "
                  "gold's precision (day, month or year); the share where *any* returned date agrees is shown too.",
}


@dataclass
class Mention:
    article: str
    language: str  # of the article
    published: str | None
    quote: str
    value: float
    value_max: float | None
    as_of: str | None
    start: int  # in the document text
    end: int
    sentence: str
    s_start: int  # where the sentence starts in the document text
    text: str  # the whole document text

    @property
    def a(self) -> int:  # the quote's offsets inside the sentence
        return self.start - self.s_start

    @property
    def b(self) -> int:
        return self.end - self.s_start

    @property
    def english(self) -> bool:
        return not _DEVANAGARI.search(self.sentence)

    @property
    def indian(self) -> bool:
        return bool(_INDIAN_FORM.search(unicodedata.normalize("NFD", self.quote).replace("\u093c", "")))

    @property
    def words_hi(self) -> bool:
        """The quote has a Hindi word in it (a scale or number word): number-parser's ground."""
        return bool(_NUMBER_WORD_HI.search(self.quote))

    @property
    def dated_sentence(self) -> bool:
        """The sentence itself states a date (outside the quote) and the gold gives an as_of."""
        if not self.as_of:
            return False
        outside = self.sentence[:self.a] + " " + self.sentence[self.b:]
        return bool(_DATE_IN_SENTENCE.search(outside))


def gold_mentions() -> tuple[list[Mention], dict]:
    """Every gold claim with its sentence; and the documents read (by article path)."""
    from extractor.evaluate import locate
    from extractor.ingest import read_document
    from extractor.text.sentences import sentence_spans

    out: list[Mention] = []
    docs = {}
    for path in sorted((ROOT / "corpus" / "gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "article" not in data:  # contradictions.json: gold of another kind
            continue
        doc = read_document(ROOT / "corpus" / data["article"])
        docs[data["article"]] = doc
        spans = sentence_spans(doc.text)
        for c in data["claims"]:
            a, b = locate(doc.text, c["quote"], c["context"], c.get("occurrence", 1))
            sa, sb = next(((x, y) for x, y in spans if x <= a and b <= y), (a, b))
            out.append(Mention(data["article"], data.get("language", "?"), data.get("published"), c["quote"],
                               float(c["value"]), None if c.get("value_max") is None else float(c["value_max"]),
                               c.get("as_of"), a, b, doc.text[sa:sb], sa, doc.text))
    return out, docs


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _hit(values: list[float], m: Mention) -> bool:
    ok = any(_close(v, m.value) for v in values)
    if m.value_max is not None:
        ok = ok and any(_close(v, m.value_max) for v in values)
    return ok


# -- the readers: each returns the values it reads for the gold mention ---------------------------------------

def ours(m: Mention) -> list[float]:
    from extractor.numbers import parse_numbers

    vals = []
    for x in parse_numbers(m.sentence):
        if x.start < m.b and x.end > m.a:
            vals.append(float(x.value))
            if x.value_max is not None:
                vals.append(float(x.value_max))
    return vals


def _quantulum():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Classifier dependencies not installed": its optional unit classifier
        from quantulum3 import parser
    return parser


def quantulum(m: Mention) -> list[float]:
    parser = _quantulum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = parser.parse(m.sentence)
    return [float(q.value) for q in found if q.span[0] < m.b and q.span[1] > m.a]


def _digits(s: str) -> list[float]:
    out = []
    for x in _REGEX_NUMBER.findall(s):
        try:
            out.append(float(x.replace(",", "").rstrip(".")))
        except ValueError:
            pass
    return out


def number_parser(m: Mention) -> list[float]:
    from number_parser import parse, parse_number

    v = parse_number(m.quote, language="hi")
    if v is not None:
        return [float(v)]
    return _digits(parse(m.quote, language="hi"))


def regex_baseline(m: Mention) -> list[float]:
    out = []
    for x in _REGEX_NUMBER.finditer(m.sentence):
        if x.start() < m.b and x.end() > m.a:
            out.extend(_digits(x.group()))
    return out


def accuracy(reader, items: list[Mention]) -> tuple[int, int]:
    return sum(_hit(reader(m), m) for m in items), len(items)


# -- speed ------------------------------------------------------------------------------------------------------

def rate(fn, items, seconds: float, before=None) -> float:
    """Items per second, cycling over `items` for at least `seconds` (after one warm-up call).
    `before` runs before every item and inside the clock (used to empty per-text caches)."""
    fn(items[0])
    done = 0
    t0 = time.perf_counter()
    while True:
        for it in items:
            if before:
                before()
            fn(it)
        done += len(items)
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return done / elapsed


def fresh_fold() -> None:
    """Empty the fold cache: a real run sees every text once, the bench cycles over the same few."""
    from extractor.text.normalize import fold

    fold.cache_clear()


def quantulum_first_parse() -> float:
    """Seconds for quantulum3's first parse in this process (it loads its unit data then)."""
    parser = _quantulum()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse("iGOT has 1.45 crore users.")
    return time.perf_counter() - t0


# -- dates --------------------------------------------------------------------------------------------------------

def _agrees(iso: str | None, gold: str) -> bool:
    return bool(iso) and iso[:len(gold)] == gold


def our_as_of(items: list[Mention], docs: dict) -> dict[int, str | None]:
    """as_of of the claim whose evidence overlaps each gold mention (None when no claim was made)."""
    from extractor.claims import extract_claims

    claims = {art: extract_claims(doc) for art, doc in docs.items()}
    out = {}
    for i, m in enumerate(items):
        c = next((c for c in claims[m.article] if c.evidence.start < m.end and c.evidence.end > m.start), None)
        out[i] = c.as_of if c else None
    return out


def _dateparser_settings(published: str | None) -> dict:
    s = {"PREFER_DATES_FROM": "past"}
    if published:
        s["RELATIVE_BASE"] = datetime.fromisoformat(published)
    return s


def dateparser_dates(m: Mention) -> list[str]:
    from dateparser.search import search_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(m.sentence.translate(_ASCII_DIGITS), languages=["hi", "en"],
                             settings=_dateparser_settings(m.published))
    return [d.date().isoformat() for _, d in (found or [])]


def our_dates_in_sentence(m: Mention) -> list[str | None]:
    """Our date finding and resolution on one sentence (for timing): numbers, then time expressions."""
    from extractor.claims.dates import time_expressions
    from extractor.numbers import parse_numbers

    return [t.value for t in time_expressions(m.sentence, parse_numbers(m.sentence), m.published)]


def date_scores(items: list[Mention], docs: dict) -> dict:
    ours_as_of = our_as_of(items, docs)
    dated = [(i, m) for i, m in enumerate(items) if m.dated_sentence]
    ours_ok = sum(_agrees(ours_as_of[i], m.as_of) for i, m in dated)
    dp_first = dp_any = 0
    for _, m in dated:
        found = dateparser_dates(m)
        dp_first += bool(found) and _agrees(found[0], m.as_of)
        dp_any += any(_agrees(d, m.as_of) for d in found)
    return {"n": len(dated), "ours": ours_ok, "dp_first": dp_first, "dp_any": dp_any,
            "sentences": [m for _, m in dated]}
