"""Explanations in English and Hindi: the numbers must be right (Indian notation, full digits, wording)."""
import re
from typing import get_args

import pytest

from extractor.contradictions import ClaimFact, ReferenceFigure, find_contradictions
from extractor.contradictions.explain import date_text, figure, load_explanations, number
from extractor.lang import LexiconError
from extractor.records import Claim, Evidence, Source
from extractor.records.flag import SlipKind


def claim(cid, value, quote, *, publisher, as_of="2026-01-06", metric="registered_users", state="India",
          q="at_least", unit="count", vmax=None):
    return Claim(id=cid, metric=metric, value=value, value_max=vmax, qualifier=q, unit=unit, state=state,
                 as_of=as_of, published=as_of, language="hi", source=Source(path=f"{cid}.txt", publisher=publisher),
                 evidence=Evidence(quote=quote, start=0, end=len(quote), sentence=quote))


def flags_for(claims, references=()):
    by_id = {c.id: c for c in claims}
    return find_contradictions([ClaimFact.from_claim(c) for c in claims], lambda ids: [by_id[i] for i in ids],
                               references)


@pytest.mark.parametrize("value, unit, en, hi", [
    (14_500_000, "count", "1.45 crore (1,45,00,000)", "1.45 करोड़ (1,45,00,000)"),
    (145_000_000, "count", "14.5 crore (14,50,00,000)", "14.5 करोड़ (14,50,00,000)"),
    (6_700_000, "count", "67 lakh (67,00,000)", "67 लाख (67,00,000)"),
    (1_880_000, "count", "18.8 lakh (18,80,000)", "18.8 लाख (18,80,000)"),
    (4_179, "count", "4,179", "4,179"),
    (93, "percent", "93%", "93%"),
    (13.5, "percent", "13.5%", "13.5%"),
    (12_000_000_000, "inr", "₹1200 crore (12,00,00,00,000)", "₹1200 करोड़ (12,00,00,00,000)"),
])
def test_numbers_in_indian_notation(value, unit, en, hi):
    assert number(value, "en", unit) == en
    assert number(value, "hi", unit) == hi


def test_wording_follows_the_qualifier():
    assert figure(1_800_000, None, "at_least", "count", "en") == "more than 18 lakh (18,00,000)"
    assert figure(1_800_000, None, "at_least", "count", "hi") == "18 लाख (18,00,000) से अधिक"
    assert figure(72_000_000, None, "approx", "count", "hi") == "लगभग 7.2 करोड़ (7,20,00,000)"
    assert figure(1_200_000, None, "at_most", "count", "hi") == "12 लाख (12,00,000) तक"
    assert figure(1_000_000, 1_200_000, "range", "count", "en") == "10 lakh (10,00,000)–12 lakh (12,00,000)"


def test_dates():
    assert date_text("2026-01-06", "en") == "6 Jan 2026" and date_text("2026-01-06", "hi") == "6 जनवरी 2026"
    assert date_text("2025-09", "hi") == "सितंबर 2025" and date_text("2025", "en") == "2025"
    assert date_text(None, "en") == "undated" and date_text(None, "hi") == "बिना तारीख़"


def test_the_issue_example_in_both_languages():
    claims = [claim("bh", 145_000_000, "14.5 करोड़", publisher="Dainik Bhaskar"),
              claim("au", 14_500_000, "1.45 करोड़", publisher="Amar Ujala"),
              claim("p1", 14_500_000, "1.45 crore", publisher="PIB", as_of="2026-01-07"),
              claim("p2", 14_500_000, "1.45 करोड़", publisher="Dainik Prakash", as_of="2026-01-07")]
    [f] = flags_for(claims)
    assert f.explanation_en == (
        "Dainik Bhaskar (6 Jan 2026) says more than 14.5 crore (14,50,00,000) registered users in India; "
        "Amar Ujala (6 Jan 2026) says more than 1.45 crore (1,45,00,000). The figures differ exactly tenfold: the "
        "decimal point was probably shifted. The likely slip is more than 14.5 crore (14,50,00,000) in Dainik "
        "Bhaskar (6 Jan 2026). Two other sources support more than 1.45 crore (1,45,00,000).")
    assert f.explanation_hi == (
        "Dainik Bhaskar (6 जनवरी 2026) के अनुसार भारत में पंजीकृत उपयोगकर्ताओं का आंकड़ा 14.5 करोड़ (14,50,00,000) से "
        "अधिक है, जबकि Amar Ujala (6 जनवरी 2026) के अनुसार 1.45 करोड़ (1,45,00,000) से अधिक। दोनों आंकड़ों में ठीक दस "
        "गुना का अंतर है: शायद दशमलव गलत जगह लग गया। गलती संभवतः Dainik Bhaskar (6 जनवरी 2026) में है: "
        "14.5 करोड़ (14,50,00,000) से अधिक। दो अन्य स्रोत भी 1.45 करोड़ (1,45,00,000) से अधिक बताते हैं।")


def test_million_for_lakh_explained():
    claims = [claim("n", 30_000_000, "30 million", publisher="Capital Chronicle", metric="learners_completed_three_or_more"),
              claim("p", 3_000_000, "30 lakh", publisher="PIB", metric="learners_completed_three_or_more")]
    [f] = flags_for(claims)
    assert f.likely_slip == "million_for_lakh"
    assert "more than 30 lakh (30,00,000)" in f.explanation_en and "a million is ten lakh" in f.explanation_en
    assert "मिलियन और लाख" in f.explanation_hi and "30 लाख (30,00,000) से अधिक" in f.explanation_hi


def test_every_kind_reads_in_both_languages_with_its_numbers():
    claims = [
        claim("up", 7_200_000, "72 लाख", publisher="M", metric="course_completions", state="Uttar Pradesh", q="exact"),
        claim("in", 6_700_000, "67 लाख", publisher="M", metric="course_completions"),
        claim("share", 93, "93%", publisher="M", metric="share_of_national_registrations", state="Uttar Pradesh",
              unit="percent", q="exact"),
        claim("upreg", 1_800_000, "18 लाख", publisher="M", state="Uttar Pradesh"),
        claim("inreg", 145_000_000, "14.5 करोड़", publisher="M"),
        claim("old", 4_500, "4,500", publisher="PIB", metric="courses_available", as_of="2026-03-10"),
        claim("new", 4_179, "४,१७९", publisher="Awadh Times", metric="courses_available", as_of="2026-04-20",
              q="exact"),
        claim("x", 16_000_000, "1.6 crore", publisher="X", as_of="2026-03-10", q="exact"),
        claim("y", 14_500_000, "1.45 crore", publisher="Y", as_of="2026-03-10", q="exact"),
    ]
    # claims with the same publisher "M" share one document
    by_id = {c.id: c for c in claims}
    facts = [ClaimFact.from_claim(c, "M" if c.source.publisher == "M" else None,
                                  "M" if c.source.publisher == "M" else None) for c in claims]
    ref = ReferenceFigure("registered_users", "India", 14_500_000, "2026-03-10", "PIB release")
    flags = find_contradictions(facts, lambda ids: [by_id[i] for i in ids], [ref])
    got = {f.kind for f in flags}
    assert {"part_exceeds_whole", "arithmetic", "cumulative_backwards", "value_conflict",
            "reference_mismatch"} <= got
    for f in flags:
        for text in (f.explanation_en, f.explanation_hi):
            assert "{" not in text and "}" not in text
            for c in f.claims:
                grouped = re.sub(r"\D", "", c.evidence.quote.translate(str.maketrans("०१२३४५६७८९", "0123456789")))
                assert grouped[:2] in re.sub(r"\D", "", text), (c.evidence.quote, text)
    arith = next(f for f in flags if f.kind == "arithmetic")
    assert "1.2%" in arith.explanation_en and "1.2%" in arith.explanation_hi
    back = next(f for f in flags if f.kind == "cumulative_backwards")
    assert "4,179" in back.explanation_en and "4,500 से अधिक" in back.explanation_hi
    refm = next(f for f in flags if f.kind == "reference_mismatch")
    assert "PIB release (10 Mar 2026)" in refm.explanation_en and "1.45 करोड़ (1,45,00,000)" in refm.explanation_hi


def test_templates_are_data_and_complete():
    data = load_explanations()
    for lang in ("en", "hi"):
        for slip in get_args(SlipKind):
            assert f"magnitude_slip.{slip}" in data["templates"][lang]


def test_a_bad_template_is_refused(monkeypatch):
    import extractor.contradictions.explain as explain

    real = explain.load_toml

    def broken(name):
        data = real(name)
        if name == "explanations.toml":
            data["templates"]["hi"]["value_conflict"] = "{a} {nonsense}"
        return data

    monkeypatch.setattr(explain, "load_toml", broken)
    explain.load_explanations.cache_clear()
    try:
        with pytest.raises(LexiconError, match="nonsense"):
            explain.load_explanations()
    finally:
        explain.load_explanations.cache_clear()
