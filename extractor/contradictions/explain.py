"""Plain-language explanations of flags in English and Hindi, from the templates in extractor/lang/explanations.toml.

The engine has no sentence in it: each language's templates, words (month names, "tenfold", "लाख"), qualifier
wordings ("more than {v}", "{v} से अधिक") and metric phrases are data, checked when loaded (`load_explanations`
raises LexiconError for a missing template or an unknown placeholder). A new language is a new table in the file.

Figures are written the Indian way with their full digits: 14500000 → "1.45 crore (1,45,00,000)" / "1.45 करोड़
(1,45,00,000)", using `extractor.output.indian_grouping`.
"""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from ..lang import NATIONAL, LexiconError, load_toml, metrics, places
from ..output import indian_grouping
from ..records import Claim
from ..records.flag import SlipKind
from .engine import Candidate
from .official import is_official

LANGUAGES = ("en", "hi")
KINDS = ("value_conflict", "part_exceeds_whole", "part_exceeds_whole.national_low", "cumulative_backwards",
         "cumulative_backwards.earlier_outlier",
         "arithmetic.share", "arithmetic.parts", "reference_mismatch", "reference_mismatch.slip", "suspect",
         "support_one", "support_many")
PLACEHOLDERS = {"a", "b", "a_value", "b_value", "metric", "scope", "fold", "exactly", "gap", "suspect", "support", "n",
                "part_value", "whole_value", "implied", "base_metric", "parts", "sum_value", "ref_source", "ref_date",
                "ref_value", "who", "value", "count", "part", "event", "part_metric"}
WORD_KEYS = {"official", "undated", "same_article", "unnamed", "months", "folds", "exactly", "about", "counts", "crore", "lakh",
             "national"}
QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range")
TITLE_WORDS = 6  # an outlet without a publisher name is named by the first words of its title


@lru_cache(maxsize=1)
def load_explanations() -> dict:
    from typing import get_args

    data = load_toml("explanations.toml")
    unknown = set(data) - {"templates", "words", "qualifiers", "metrics"}
    if unknown:
        raise LexiconError(f"explanations.toml: unknown tables {sorted(unknown)}")
    needed = set(KINDS) | {f"magnitude_slip.{s}" for s in get_args(SlipKind)}
    for lang in LANGUAGES:
        templates = data.get("templates", {}).get(lang, {})
        missing = needed - set(templates)
        if missing:
            raise LexiconError(f"explanations.toml [templates.{lang}]: missing {sorted(missing)}")
        for key, text in templates.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            if fields - PLACEHOLDERS:
                raise LexiconError(f"explanations.toml [templates.{lang}].{key}: unknown {sorted(fields - PLACEHOLDERS)}")
        words = data.get("words", {}).get(lang, {})
        if set(words) != WORD_KEYS:
            raise LexiconError(f"explanations.toml [words.{lang}]: expected keys {sorted(WORD_KEYS)}")
        if len(words["months"]) != 12 or len(words["folds"]) != 3:
            raise LexiconError(f"explanations.toml [words.{lang}]: 12 months and 3 folds")
        if set(data.get("qualifiers", {}).get(lang, {})) != set(QUALIFIERS):
            raise LexiconError(f"explanations.toml [qualifiers.{lang}]: expected {list(QUALIFIERS)}")
        for metric in data.get("metrics", {}).get(lang, {}):
            if metric not in metrics():
                raise LexiconError(f"explanations.toml [metrics.{lang}]: unknown metric {metric!r}")
    return data


def _state_names_hi() -> dict[str, str]:
    """Canonical state → its first Devanagari name in places.toml."""
    return places().hindi


# -- figures -------------------------------------------------------------------------------------------------------

def _short(x: float) -> str:
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return s or "0"


def number(value: float, lang: str, unit: str = "count") -> str:
    """14500000 → "1.45 crore (1,45,00,000)"; 4179 → "4,179"; 93 (percent) → "93%"; ₹ for inr."""
    words = load_explanations()["words"][lang]
    if unit == "percent":
        return _short(value) + "%"
    prefix = "₹" if unit == "inr" else ""
    v = float(value)
    if abs(v) >= 1e7:
        text = f"{_short(v / 1e7)} {words['crore']} ({indian_grouping(round(v))})"
    elif abs(v) >= 1e5:
        text = f"{_short(v / 1e5)} {words['lakh']} ({indian_grouping(round(v))})"
    elif v == int(v):
        text = indian_grouping(int(v))
    else:
        text = indian_grouping(round(v, 3))
    return prefix + text


def figure(value: float, value_max: float | None, qualifier: str, unit: str, lang: str) -> str:
    """A figure with its wording: "more than 1.45 crore (1,45,00,000)", "18 लाख (18,00,000) से अधिक"."""
    v = number(value, lang, unit)
    if qualifier == "range" and value_max is not None:
        v = f"{v}–{number(value_max, lang, unit)}"
    pattern = load_explanations()["qualifiers"][lang].get(qualifier, "{v}")
    return pattern.format(v=v)


def claim_figure(c: Claim, lang: str) -> str:
    return figure(c.value, c.value_max, c.qualifier, c.unit, lang)


def date_text(iso: str | None, lang: str) -> str:
    words = load_explanations()["words"][lang]
    if not iso:
        return words["undated"]
    try:
        y = int(iso[:4])
        if len(iso) >= 7:
            month = words["months"][int(iso[5:7]) - 1]
            if len(iso) >= 10:
                return f"{int(iso[8:10])} {month} {y}"
            return f"{month} {y}"
        return str(y)
    except (ValueError, IndexError):
        return iso


def who(c: Claim, lang: str) -> str:
    """"Dainik Prakash (12 Mar 2026)": the outlet (publisher, else its address's host, else its title's first words,
    else the file) and the date the figure is given for (as_of, else publication)."""
    words = load_explanations()["words"][lang]
    src = c.source
    name = src.outlet()
    if name is None and src.title:
        parts = src.title.split()
        name = "“" + " ".join(parts[:TITLE_WORDS]) + ("…" if len(parts) > TITLE_WORDS else "") + "”"
    if name is None:
        name = Path(src.path).name if src.path and src.path != "-" else src.url or words["unnamed"]
    official = f"{words['official']}, " if is_official(src.url, src.publisher) else ""
    return f"{name} ({official}{date_text(c.as_of or c.published, lang)})"


def metric_phrase(metric_id: str, lang: str) -> str:
    data = load_explanations()["metrics"].get(lang, {})
    if metric_id in data:
        return data[metric_id]
    m = metrics().get(metric_id)
    if m is None:
        return metric_id
    return m.label_en.lower() if lang == "en" else m.label_hi


def metric_label(metric_id: str, lang: str) -> str:
    """The metric's name in the direct case (hi: label_hi; en: the phrase)."""
    m = metrics().get(metric_id)
    if lang == "hi" and m is not None:
        return m.label_hi
    return metric_phrase(metric_id, lang)


def scope_name(state: str, lang: str) -> str:
    if state == NATIONAL:
        return load_explanations()["words"][lang]["national"]
    if lang == "hi":
        return _state_names_hi().get(state, state)
    return state


def count_word(n: int, lang: str) -> str:
    counts = load_explanations()["words"][lang]["counts"]
    return counts[n - 1] if 1 <= n <= len(counts) else str(n)


def _percent(x: float) -> str:
    return (f"{x:.1f}" if x < 10 else f"{x:.0f}").rstrip("0").rstrip(".") + "%"


# -- the explanation -----------------------------------------------------------------------------------------------

def explain(c: Candidate, claims: dict[str, Claim], likely_slip: str | None, same_document: bool) -> tuple[str, str]:
    """(explanation_en, explanation_hi) for a candidate whose claims are loaded."""
    return tuple(_render(c, claims, likely_slip, same_document, lang) for lang in LANGUAGES)


def _render(c: Candidate, claims: dict[str, Claim], likely_slip: str | None, same_document: bool, lang: str) -> str:
    data = load_explanations()
    templates = data["templates"][lang]
    words = data["words"][lang]
    a = claims[c.flagged[0].fact.id]
    b = claims[c.other[0].fact.id] if c.other else None
    v: dict[str, str] = dict.fromkeys(PLACEHOLDERS, "")
    scope = scope_name(c.state, lang)
    if c.extra.get("entity"):  # "Madhya Pradesh (Police)": a department's figures, not the state's
        scope = f"{scope} ({c.extra['entity']})"
    v.update(a=who(a, lang), a_value=claim_figure(a, lang), metric=metric_phrase(c.metric, lang),
             scope=scope, gap=_percent(100 * c.gap) if c.gap else "")
    if b is not None:
        v["b"] = words["same_article"] if same_document and b.id != a.id else who(b, lang)
        v["b_value"] = claim_figure(b, lang)
    if c.power:
        v["fold"] = words["folds"][c.power - 1]
        exact = c.ratio is not None and abs(c.ratio - 10 ** c.power) < 1e-6 * 10 ** c.power
        v["exactly"] = words["exactly"] if exact else words["about"]
    if c.suspect is not None and c.kind != "reference_mismatch" and c.variant not in ("earlier_outlier", "national_low"):
        s = claims[c.suspect.fact.id]
        v["suspect"] = templates["suspect"].format(who=who(s, lang), value=claim_figure(s, lang))
    others = (c.supporting_sources or 0) - (1 if b is not None and c.other[0].source != c.flagged[0].source else 0)
    if others > 0 and c.kind != "reference_mismatch" and c.variant not in ("earlier_outlier", "national_low") \
            and b is not None:
        n = others  # sources beyond the one named as {b}
        key = "support_one" if n == 1 else "support_many"
        word = count_word(n, lang)
        v["support"] = templates[key].format(count=word[:1].upper() + word[1:], value=claim_figure(b, lang))
    if c.variant in ("earlier_outlier", "national_low"):
        v["n"] = str(c.supporting_sources or "")
    if c.variant == "national_low":
        v["part"] = scope_name(c.extra.get("part_state", ""), lang)
        v["b"] = who(b, lang)
    if c.kind == "arithmetic" and c.variant in ("share", "share_across"):
        x, whole = claims[c.other[0].fact.id], claims[c.other[1].fact.id]
        v.update(part_value=claim_figure(x, lang), whole_value=claim_figure(whole, lang),
                 implied=_percent(c.implied or 0), base_metric=metric_label(x.metric, lang))
        if c.variant == "share_across":
            v["b"] = who(whole, lang)
    if c.kind == "arithmetic" and c.variant == "parts":
        parts = [claims[r.fact.id] for r in c.flagged]
        total = claims[c.other[0].fact.id]
        v.update(parts=" + ".join(claim_figure(p, lang) for p in parts),
                 sum_value=number(sum(p.value for p in parts), lang, total.unit),
                 b_value=claim_figure(total, lang))
    if c.kind == "arithmetic" and c.variant == "subset":
        v["part_metric"] = metric_phrase(a.metric, lang)
    if c.variant == "same_event":
        v["event"] = c.extra.get("event", "")
    if c.reference is not None:
        ref = c.reference
        v.update(ref_source=ref.source, ref_date=date_text(ref.as_of, lang),
                 ref_value=figure(ref.value, ref.value_max, ref.qualifier, ref.resolved_unit(), lang))
    key = c.kind
    if c.kind == "magnitude_slip" and c.variant:
        key = f"magnitude_slip.{c.variant}"
    elif c.kind == "magnitude_slip":
        key = f"magnitude_slip.{likely_slip or 'order_of_magnitude'}"
    elif c.variant:
        key = f"{c.kind}.{c.variant}"
    return " ".join(templates[key].format_map(v).split())
