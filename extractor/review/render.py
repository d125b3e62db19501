"""Pure helpers of the review pages: escaping with highlights, safe links, number notations, the timeline chart,
formula-safe CSV. Nothing here touches the database or the request.

The one rule for article text: escape first, then wrap spans — HTML is never built from unescaped text.

Untrusted text cannot turn the page around it: the characters that change text direction (embeddings, overrides
such as U+202E, isolates, and the LRM/RLM/ALM marks) are shown as visible `[U+202E]` placeholders (`neutralise`,
applied by the templates to every value they print), and names, titles, file names and quotes sit in `<bdi>`
(`bdi`), so a right-to-left name cannot reorder the words next to it.
"""
from __future__ import annotations

import io
import math
from datetime import date
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..records import Source

from ..output import csv_cell, indian_grouping, write_csv  # noqa: F401  (csv_cell: re-exported for the templates)

# ------------------------------------------------------------------------------------------------ direction

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_VISIBLE = {ord(ch): f"[U+{ord(ch):04X}]" for ch in BIDI_CONTROLS}


def neutralise(text: str) -> str:
    """`text` with every direction control replaced by a visible placeholder ("\u202eexe.txt" →
    "[U+202E]exe.txt"). Markup is returned unchanged (it was built by escaping neutralised text)."""
    if isinstance(text, Markup) or not isinstance(text, str):
        return text
    return text.translate(_BIDI_VISIBLE)


def bdi(value) -> Markup:
    """Untrusted text as an isolated, escaped, neutralised `<bdi>` element ("" for None)."""
    if value is None or value == "":
        return Markup("")
    inner = value if isinstance(value, Markup) else escape(neutralise(str(value)))
    return Markup("<bdi>") + inner + Markup("</bdi>")


# ------------------------------------------------------------------------------------------------ highlighting


def highlight(text: str, spans: Iterable[tuple[int, int, dict]]) -> Markup:
    """`text` escaped (direction controls neutralised), with each (start, end, attrs) span wrapped in
    <mark attrs…>. Spans out of range or overlapping an earlier one are left unmarked. Attribute values are
    escaped too. Offsets are into `text` as given."""
    text = text or ""
    out: list[str] = []
    pos = 0
    for start, end, attrs in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or start >= end or end > len(text):
            continue
        out.append(escape(neutralise(text[pos:start])))
        attr = "".join(f' {name}="{escape(neutralise(value))}"' for name, value in attrs.items()
                       if value is not None)
        out.append(Markup(f"<mark{attr}>") + escape(neutralise(text[start:end])) + Markup("</mark>"))
        pos = end
    out.append(escape(neutralise(text[pos:])))
    return Markup("").join(out)


def locate_in_sentence(text: str | None, sentence: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where the evidence quote sits inside its sentence: through the document text when it is at hand (the
    sentence occurrence that covers [start, end)), else the first occurrence of the quote in the sentence."""
    if text and sentence and text[start:end] == quote:
        lo = max(0, start - len(sentence))
        s = text.find(sentence, lo, end + len(sentence))
        while s != -1 and s <= start:
            if end <= s + len(sentence):
                return start - s, end - s
            s = text.find(sentence, s + 1, end + len(sentence))
    i = (sentence or "").find(quote or "\x00")
    return (i, i + len(quote)) if i >= 0 and quote else None


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address with a host, else None (javascript:, data:, relative,
    protocol-relative, control characters…). Templates still escape it."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 0x21 or ch in "\x7f\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def publisher_name(publisher: str | None, url: str | None = None) -> str | None:
    """The name to show for a source: its publisher as ingest read it (og:site_name, JSON-LD, a PUBLISHER: line),
    else the host of its http(s) URL ("www." dropped: a SOURCE: line or the page's address), else None (the page
    then says "Unknown publisher")."""
    return Source(publisher=str(publisher) if publisher else None, url=safe_url(url)).outlet()


def source_name(publisher: str | None, url: str | None = None, title: str | None = None, path: str | None = None,
                limit: int = 48) -> str | None:
    """How a list, a chart legend or an export names a source: `publisher_name`, else the article's title
    (shortened to `limit` characters), else its file name — never a bare "?" that lumps every unnamed source
    together. None only when nothing at all is known."""
    name = publisher_name(publisher, url)
    if name:
        return name
    text = " ".join(str(title or "").split())
    if text:
        return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
    base = str(path or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base or None


def local_path(target: str | None, default: str = "/") -> str:
    """A redirect target only when it is a path on this site ("/…", not "//host" or "/\\host")."""
    if not target or not target.startswith("/") or target.startswith("//") or target.startswith("/\\"):
        return default
    if any(ord(ch) < 0x20 for ch in target):
        return default
    return target


# ------------------------------------------------------------------------------------------------ numbers

_INDIAN_SCALES = ((10**7, "crore", "करोड़"), (10**5, "lakh", "लाख"))
_INTL_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _trim(x: float, places: int = 4) -> str:
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return s or "0"


def indian_words(value: float, lang: str = "en") -> str:
    """145000000 → "14.5 crore" / "14.5 करोड़"; below a lakh → Indian digit grouping."""
    a = abs(value)
    for scale, en, hi in _INDIAN_SCALES:
        if a >= scale:
            return f"{'-' if value < 0 else ''}{_trim(a / scale)} {hi if lang == 'hi' else en}"
    return indian_grouping(value)


def international_words(value: float) -> str:
    a = abs(value)
    for scale, name in _INTL_SCALES:
        if a >= scale:
            return f"{'-' if value < 0 else ''}{_trim(a / scale)} {name}"
    return international_grouping(value)


def international_grouping(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def notation(value: float | int | None, unit: str = "count", lang: str = "en") -> list[str]:
    """The same figure three ways: ["1.45 करोड़", "1,45,00,000", "14.5 million"] (duplicates dropped)."""
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if unit == "percent":
        return [f"{_trim(value, 2)}%"]
    parts = [indian_words(value, lang), indian_grouping(value), international_words(value)]
    if unit == "inr":
        parts = ["₹ " + p for p in parts]
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return seen


def compact(value: float, lang: str = "en") -> str:
    """Axis label in words a reader knows: "1.45 crore" / "1.45 करोड़", "18.8 lakh", "4,179"."""
    return indian_words(value, lang)


# ------------------------------------------------------------------------------------------------ timeline chart

CHART_W, CHART_H = 680, 240
PAD_L, PAD_R, PAD_T, PAD_B = 96, 76, 16, 40
PALETTE = 8  # CSS classes s0…s7; more publishers share the grey "so" class


def parse_day(text: str | None) -> date | None:
    """"2026-01-07" → that day; "2025-09" → the 1st; "2025" → 1 January."""
    if not text:
        return None
    try:
        parts = [int(p) for p in text[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def timeline(points: Sequence[dict], *, highlight_ids: set[str] = frozenset(), references: Sequence[dict] = (),
             lang: str = "en") -> dict | None:
    """Coordinates for the inline-SVG timeline (the template draws it, escaping every label).

    `points`: dicts with value, day (ISO or None), publisher, quote, id, n (how many claims share it).
    Dated points go on a time axis; undated ones in a column at the right. The value axis is logarithmic when
    the values span 20× or more (a lakh/crore slip would flatten a linear one)."""
    values = [p["value"] for p in points if p.get("value") is not None] + [r["value"] for r in references]
    if not values:
        return None
    log, ticks, scale = _value_axis(min(values), max(values))
    plot_w = CHART_W - PAD_L - PAD_R
    plot_h = CHART_H - PAD_T - PAD_B

    def y(v: float) -> float:
        return round(PAD_T + plot_h * (1 - scale(v)), 1)

    days = [d for d in (parse_day(p.get("day")) for p in points) if d]
    d_lo, d_hi = (min(days), max(days)) if days else (None, None)
    span = ((d_hi - d_lo).days or 1) if days else 1
    undated_x = CHART_W - PAD_R / 2

    publishers: dict[str, int] = {}
    for p in sorted(points, key=lambda p: -(p.get("n") or 1)):
        name = p.get("publisher") or "?"
        if name not in publishers:
            publishers[name] = len(publishers)

    dots = []
    for p in points:
        if p.get("value") is None:
            continue
        d = parse_day(p.get("day"))
        if d is None:
            x = undated_x
        elif d_lo == d_hi:
            x = PAD_L + plot_w / 2
        else:
            x = PAD_L + plot_w * (d - d_lo).days / span
        idx = publishers[p.get("publisher") or "?"]
        dots.append({
            "x": round(x, 1), "y": y(p["value"]), "hit": p.get("id") in highlight_ids,
            "cls": f"s{idx}" if idx < PALETTE else "so",
            "label": f"{p.get('publisher') or '?'} · {p.get('quote') or compact(p['value'], lang)} · "
                     f"{p.get('day') or '—'}" + (f" · ×{p['n']}" if (p.get("n") or 1) > 1 else ""),
        })
    dots.sort(key=lambda d: d["hit"])  # the flag's own claims drawn last, on top
    x_ticks = []
    if days:
        x_ticks = [{"x": PAD_L, "label": d_lo.isoformat()}]
        if d_hi != d_lo:
            x_ticks.append({"x": PAD_L + plot_w, "label": d_hi.isoformat()})
    return {
        "w": CHART_W, "h": CHART_H, "left": PAD_L, "right": CHART_W - PAD_R, "top": PAD_T,
        "bottom": CHART_H - PAD_B, "log": log, "dots": dots, "undated_x": undated_x,
        "has_undated": any(parse_day(p.get("day")) is None for p in points),
        "y_ticks": [{"y": y(v), "label": compact(v, lang)} for v in ticks],
        "x_ticks": x_ticks,
        "refs": [{"y": y(r["value"]), "label": f"{compact(r['value'], lang)} ({r.get('as_of') or ''})"}
                 for r in references],
        "legend": [{"cls": f"s{i}" if i < PALETTE else "so", "name": name}
                   for name, i in list(publishers.items())[:PALETTE]],
        "more_publishers": max(0, len(publishers) - PALETTE),
    }


def _value_axis(lo: float, hi: float):
    """(logarithmic?, tick values, scale: value → 0…1) of the timeline's value axis: logarithmic when the values
    span 20× or more."""
    if lo > 0 and hi / lo >= 20:
        y_lo, y_hi = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        if y_hi == y_lo:
            y_hi += 1

        def log_scale(v: float) -> float:
            return (math.log10(max(v, 10 ** y_lo)) - y_lo) / (y_hi - y_lo)
        return True, [10 ** k for k in range(y_lo, y_hi + 1)], log_scale
    top = hi * 1.1 if hi > 0 else 1
    bottom = 0 if lo >= 0 else lo * 1.1
    step = _nice_step((top - bottom) / 4)
    ticks = [bottom + i * step for i in range(0, 6) if bottom + i * step <= top + step * 0.01]
    top = max(top, ticks[-1])

    def linear_scale(v: float) -> float:
        return (v - bottom) / ((top - bottom) or 1)
    return False, ticks, linear_scale


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * exp:
            return m * exp
    return 10 * exp


# ------------------------------------------------------------------------------------------------ CSV

def csv_bytes(rows: Iterable[dict], columns: Sequence[str]) -> bytes:
    """The export's bytes: output.write_csv's (a byte-order mark for spreadsheets, CRLF, inert formulas), as
    `extract … --format csv` writes them."""
    buf = io.StringIO()
    write_csv(rows, columns, buf)
    return buf.getvalue().encode("utf-8")
