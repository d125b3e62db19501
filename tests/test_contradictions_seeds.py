"""Acceptance on the five real seed articles, each its own source: the two reports of the 6 January 2026 meeting
(001 and 004) disagree by a factor of ten on three platform figures, and 001 puts Uttar Pradesh above India."""
import pytest

from extractor.contradictions import ClaimFact, find_contradictions


@pytest.fixture(scope="module")
def seed_flags(seed_claims):
    claims = {c.id: c for cs in seed_claims.values() for c in cs}
    facts = [ClaimFact.from_claim(c) for cs in seed_claims.values() for c in cs]
    return find_contradictions(facts, lambda ids: [claims[i] for i in ids])


def quotes(flag):
    return sorted(c.evidence.quote for c in flag.claims)


def articles(flag):
    return sorted({c.source.path.rsplit("/", 1)[-1][:3] for c in flag.claims})


def one(flags, kind, metric, state="India"):
    found = [f for f in flags if (f.kind, f.metric, f.state) == (kind, metric, state)]
    assert len(found) == 1, [(f.kind, f.metric, f.state, quotes(f)) for f in flags]
    return found[0]


@pytest.mark.parametrize("metric, figures", [
    ("registered_users", ["1.45 करोड़", "14.5 करोड़"]),
    ("course_completions", ["6.7 करोड़", "67 लाख"]),
    ("app_downloads", ["5 लाख", "50 लाख"]),
])
def test_the_tenfold_slips_between_001_and_004(seed_flags, metric, figures):
    f = one(seed_flags, "magnitude_slip", metric)
    assert quotes(f) == figures
    assert articles(f) == ["001", "004"]
    assert f.likely_slip == "decimal_shift" and f.severity == "high" and f.ratio == 10.0
    assert "tenfold" in f.explanation_en and "दस गुना" in f.explanation_hi


def test_uttar_pradesh_completions_above_the_national_figure(seed_flags):
    f = one(seed_flags, "part_exceeds_whole", "course_completions", "Uttar Pradesh")
    assert quotes(f) == ["67 लाख", "72 लाख"] and articles(f) == ["001"]
    assert f.same_document and f.severity == "high"
    assert "72 lakh (72,00,000)" in f.explanation_en and "67 लाख (67,00,000) से अधिक" in f.explanation_hi


def test_the_two_lower_bounds_for_up_registrations_are_not_flagged(seed_flags):
    for f in seed_flags:
        qs = set(quotes(f))
        assert not ({"18 लाख", "18.8 लाख"} <= qs), f.explanation_en
    assert not [f for f in seed_flags if f.metric == "registered_users" and f.state == "Uttar Pradesh"]


def test_the_93_per_cent_share_is_flagged_inside_001(seed_flags):
    f = one(seed_flags, "arithmetic", "share_of_national_registrations", "Uttar Pradesh")
    assert quotes(f) == ["14.5 करोड़", "18 लाख", "93%"]
    assert f.implied_value == pytest.approx(1.24, abs=0.01)


def test_nothing_else_is_flagged_on_the_seeds(seed_flags):
    assert sorted((f.kind, f.metric, f.state) for f in seed_flags) == [
        ("arithmetic", "share_of_national_registrations", "Uttar Pradesh"),
        ("magnitude_slip", "app_downloads", "India"),
        ("magnitude_slip", "course_completions", "India"),
        ("magnitude_slip", "registered_users", "India"),
        ("part_exceeds_whole", "course_completions", "Uttar Pradesh"),
    ]
