"""`extract FILE --format html`: one self-contained page for an editor, every article a section of it.

Each section shows the article text as read, with every figure marked (hover: metric, the value in three notations,
qualifier, as-of date) and numbered, the page furniture that was set aside greyed (with the reason), a side table
of the figures and the full claims table. The page loads nothing (inline CSS, no script, a Content-Security-Policy
that forbids both), so it can be mailed or opened offline.

Why one page for several files and not one file each: `extract` writes to standard output, which holds one
document; a section per article (each starting on a new printed page) keeps `extract a.txt b.html > report.html`
working like every other format, and a scraper file's records become sections the same way.

Safety: every piece of article text goes through Jinja2's autoescape (report_html/report.html); bidirectional
control characters (U+202E RIGHT-TO-LEFT OVERRIDE and its kin), which escaping leaves in place and which can make
a figure read backwards on screen, are shown as visible `U+202E` marks instead of being obeyed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, TextIO

from .output import indian_grouping
from .records import Claim, Document

# bidirectional formatting characters: embeddings, overrides, isolates and the implicit marks (not ZWJ/ZWNJ, which
# Devanagari spelling needs)
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
QUALIFIER_TEXT = {"exact": "exact", "at_least": "at least (≥)", "at_most": "at most (≤)", "approx": "about (≈)",
                  "range": "range"}
QUALIFIER_SIGN = {"exact": "", "at_least": "≥ ", "at_most": "≤ ", "approx": "≈ ", "range": ""}
_INDIAN_SCALES = ((10**7, "crore"), (10**5, "lakh"))
_INTERNATIONAL_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _plain(value: float | int, grouping: str) -> str:
    if grouping == "indian":
        return indian_grouping(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def _scaled(value: float | int, scales, grouping: str) -> str:
    """14500000 → "1.45 crore" / "14.5 million"; "≈ " when two decimals do not hold the figure exactly."""
    for scale, word in scales:
        if abs(value) >= scale:
            q = value / scale
            r = round(q, 2)
            approx = "≈ " if abs(r - q) > 1e-9 * max(1.0, abs(q)) else ""
            return f"{approx}{_plain(int(r) if float(r).is_integer() else r, grouping)} {word}"
    return _plain(value, grouping)


def notations(value: float | int, unit: str = "count") -> tuple[str, str, str]:
    """The value as digits with Indian grouping, in lakh/crore, and in international million/billion:
    (145000000, "count") → ("14,50,00,000", "14.5 crore", "145 million"). For a percentage or a duration the
    scale words mean nothing: ("45%", "", "")."""
    if unit == "percent":
        return _plain(value, "indian") + "%", "", ""
    prefix = "₹" if unit == "inr" else ""
    suffix = "" if unit in ("count", "inr") else f" {unit}"
    if unit not in ("count", "inr"):
        return prefix + _plain(value, "indian") + suffix, "", ""
    return (prefix + _plain(value, "indian") + suffix,
            prefix + _scaled(value, _INDIAN_SCALES, "indian") + suffix,
            prefix + _scaled(value, _INTERNATIONAL_SCALES, "international") + suffix)


@dataclass
class Figure:
    """One claim as the page shows it."""

    number: int
    anchor: str
    claim: Claim
    digits: str
    lakh_crore: str
    international: str
    qualifier: str
    hover: str


@dataclass
class Piece:
    """A stretch of the article text with one look: plain, inside a figure, furniture, or a bidi control."""

    text: str
    figure: Figure | None = None
    figure_ends: bool = False
    furniture: str | None = None
    control: str | None = None  # "U+202E RIGHT-TO-LEFT OVERRIDE"


@dataclass
class Article:
    anchor: str
    document: Document
    figures: list[Figure]
    pieces: list[Piece]
    furniture_lines: int
    language: str | None
    url: str | None  # only an http(s) address becomes a link
    title: str


@dataclass
class _Contents:
    entries: list[tuple[str, str, int]] = field(default_factory=list)  # (anchor, title, claims)


def _range(a: str, b: str | None) -> str:
    return a if not b else f"{a} – {b}"


def figure(number: int, anchor: str, c: Claim) -> Figure:
    low = notations(c.value, c.unit)
    high = notations(c.value_max, c.unit) if c.value_max is not None else (None, None, None)
    digits, lakh_crore, international = (_range(a, b) for a, b in zip(low, high))
    qualifier = QUALIFIER_TEXT.get(c.qualifier, c.qualifier)
    hover = "\n".join(line for line in (
        f"{c.metric}" + (f" ({c.metric_text})" if c.metric_text else ""),
        f"{QUALIFIER_SIGN.get(c.qualifier, '')}{digits}" + "".join(f" = {x}" for x in (lakh_crore, international)
                                                                    if x and x != digits),
        f"qualifier: {qualifier}",
        f"as of: {c.as_of or 'not stated'}",
        f"scope: {c.state}" + (f" · {c.entity}" if c.entity else ""),
        f"period: {c.period}" + (f" ({c.event})" if c.event else "") + f" · confidence {c.confidence:.2f}",
    ) if line)
    same = ("", digits)  # a figure below a lakh reads the same in every notation: shown once
    return Figure(number, anchor, c, digits, "" if lakh_crore in same else lakh_crore,
                  "" if international in same else international, qualifier, hover)


def _control_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}"


def pieces(doc: Document, figures: list[Figure]) -> list[Piece]:
    """Cut the text at every figure, furniture and bidi-control boundary; each stretch knows what covers it."""
    text = doc.text
    n = len(text)
    spans = [(f.claim.evidence.start, f.claim.evidence.end, "figure", f) for f in figures]
    spans += [(s.start, s.end, "furniture", s.reason) for s in doc.excluded]
    spans = [(max(0, a), min(n, b), kind, what) for a, b, kind, what in spans if a < b and a < n]
    cuts = {0, n}
    for a, b, _, _ in spans:
        cuts.update((a, b))
    controls = {m.start() for m in _BIDI_RE.finditer(text)}
    for i in controls:
        cuts.update((i, i + 1))
    starts: dict[int, list] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
    active: list = []
    out: list[Piece] = []
    order = sorted(cuts)
    for a, b in zip(order, order[1:]):
        active = [s for s in active if s[1] > a] + starts.get(a, [])
        figs = [s for s in active if s[2] == "figure"]
        furn = [s for s in active if s[2] == "furniture"]
        fig = min(figs, key=lambda s: s[3].number) if figs else None
        out.append(Piece(
            text=text[a:b],
            figure=fig[3] if fig else None,
            figure_ends=bool(fig and fig[1] == b),
            furniture=furn[0][3] if furn else None,
            control=_control_name(text[a]) if a in controls else None,
        ))
    return out


def article(doc: Document, claims: list[Claim], index: int) -> Article:
    anchor = f"a{index}"
    figures = [figure(i, f"{anchor}-c{i}", c) for i, c in enumerate(claims, 1)]
    url = doc.meta.url if doc.meta.url and doc.meta.url.lower().startswith(("http://", "https://")) else None
    path = "standard input" if doc.path == "-" else doc.path
    title = doc.meta.title or path or f"article {index}"
    return Article(anchor, doc, figures, pieces(doc, figures),
                   furniture_lines=sum(1 for s in doc.excluded if s.reason != "header"),
                   language=doc.meta.language if doc.meta.language in ("hi", "en") else None, url=url, title=title)


def _visible(value):
    """Jinja2 `finalize`: a bidi control in any printed value (a title, a quote, a hover text) becomes visible."""
    if isinstance(value, str):
        return _BIDI_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
    return value


def _breakable(value: str):
    """A metric id may wrap after its underscores (a narrow table column)."""
    from markupsafe import Markup, escape

    return Markup(str(escape(_visible(value))).replace("_", "_<wbr>"))


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("extractor", "report_html"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, finalize=_visible, trim_blocks=True, lstrip_blocks=True)
    env.filters["breakable"] = _breakable
    return env.get_template("report.html")


def write_html(documents: Iterable[Document], out: TextIO, inputs: Iterable[str] = ()) -> None:
    """Write the report page for `documents` (claims extracted here), streamed one article at a time."""
    from .pipeline import iter_claims

    contents = _Contents()

    def articles() -> Iterator[Article]:
        for i, doc in enumerate(documents, 1):
            a = article(doc, list(iter_claims(doc)), i)
            contents.entries.append((a.anchor, a.title, len(a.figures)))
            yield a

    names = ["standard input" if p == "-" else p for p in inputs]
    title = "Claims: " + (", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
                          if names else "report")
    for chunk in _template().generate(articles=articles(), contents=contents, title=title):
        out.write(chunk)
