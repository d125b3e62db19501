"""The issue's acceptance examples on the real seed articles."""
from conftest import SEEDS


def _find(claims, quote, state=None):
    return [c for c in claims if c.evidence.quote == quote and (state is None or c.state == state)]


def test_001_national_registered_users_read_as_fourteen_and_a_half_crore(seed_claims):
    [c] = _find(seed_claims["001"], "14.5 करोड़")
    assert (c.value, c.qualifier, c.metric, c.state) == (145_000_000, "at_least", "registered_users", "India")


def test_001_national_course_completions(seed_claims):
    [c] = _find(seed_claims["001"], "67 लाख")
    assert (c.value, c.qualifier, c.metric, c.state) == (6_700_000, "at_least", "course_completions", "India")


def test_001_app_downloads_five_lakh(seed_claims):
    downloads = [c for c in seed_claims["001"] if c.metric == "app_downloads"]
    assert [(c.evidence.quote, c.value, c.qualifier, c.state) for c in downloads] == [
        ("5 लाख", 500_000, "at_least", "India")]


def test_001_uttar_pradesh_registrations_and_completions(seed_claims):
    up = {(c.evidence.quote, c.metric) for c in seed_claims["001"] if c.state == "Uttar Pradesh"}
    assert ("18 लाख", "registered_users") in up
    assert ("72 लाख", "course_completions") in up


def test_001_publication_time_is_not_a_claim(seed_claims):
    text = (SEEDS / "001_6ed01f356ed30db4.txt").read_text(encoding="utf-8")
    byline = text.index("अपडेटेड Jan 07, 2026 पर 8:41 AM")
    assert not [c for c in seed_claims["001"] if byline <= c.evidence.start < byline + 40]
    assert not [c for c in seed_claims["001"] if c.evidence.quote in ("8:41", "07", "2026", "8")]


def test_001_as_of_is_the_tuesday_meeting(seed_claims):
    [c] = _find(seed_claims["001"], "14.5 करोड़")
    assert c.published == "2026-01-07"
    assert c.as_of == "2026-01-06"


def test_004_nothing_from_also_read_teaser_or_related_posts(seed_claims):
    text = (SEEDS / "004_1da6169ce7a652b7.txt").read_text(encoding="utf-8")
    teaser = text.index("also read:")
    related = text.index("Related posts")
    for c in seed_claims["004"]:
        assert not (teaser <= c.evidence.start < text.index("\n", teaser)), c.evidence.quote
        assert c.evidence.start < related, c.evidence.quote


def test_004_platform_bullets_are_national_and_the_state_figures_are_up(seed_claims):
    claims = seed_claims["004"]
    [users] = _find(claims, "1.45 करोड़")
    assert (users.value, users.metric, users.state) == (14_500_000, "registered_users", "India")
    [rate] = _find(claims, "70%+")
    assert (rate.value, rate.unit, rate.qualifier, rate.metric) == (70, "percent", "at_least", "completion_rate")
    assert {c.state for c in _find(claims, "72 लाख")} == {"Uttar Pradesh"}


def test_000_years_in_act_and_policy_names_are_not_claims(seed_claims):
    quotes = {c.evidence.quote for c in seed_claims["000"]}
    assert not quotes & {"2013", "2020", "2025", "5"}


def test_000_month_precision_as_of(seed_claims):
    [c] = [c for c in seed_claims["000"] if c.evidence.quote == "3,900" and c.as_of == "2025-09"]
    assert c.metric == "registered_users" and c.state == "Uttar Pradesh"


def test_evidence_offsets_quote_the_file_exactly(seed_claims):
    for stem, claims in seed_claims.items():
        path = next(SEEDS.glob(f"{stem}_*.txt"))
        text = path.read_text(encoding="utf-8-sig")
        for c in claims:
            assert text[c.evidence.start:c.evidence.end] == c.evidence.quote
            assert c.evidence.quote in c.evidence.sentence


def test_claim_ids_are_stable_and_unique(seed_claims):
    from extractor import extract_file

    again = extract_file(next(SEEDS.glob("001_*.txt")))
    assert [c.id for c in again] == [c.id for c in seed_claims["001"]]
    ids = [c.id for claims in seed_claims.values() for c in claims]
    assert len(ids) == len(set(ids))


# -- regressions found on the composed corpus ------------------------------------------------------------------
def _claims_of(text: str, **meta):
    from extractor.claims import extract_claims
    from extractor.records import Document, DocumentMeta

    return extract_claims(Document(text=text, path="t.txt", meta=DocumentMeta(**meta)))


def test_up_to_is_not_uttar_pradesh():
    [c] = _claims_of("Up to 12 lakh frontline workers will be trained under the Mission.")
    assert c.state == "India" and c.qualifier == "at_most"


def test_capital_up_is_uttar_pradesh():
    [c] = _claims_of("UP has 19.6 lakh registered employees on iGOT.")
    assert c.state == "Uttar Pradesh" and c.metric == "registered_users"


def test_new_delhi_dateline_is_not_the_state_of_delhi():
    [c] = _claims_of("NEW DELHI: iGOT Karmayogi now has more than 14.5 crore registered users.")
    assert c.state == "India"


def test_a_restatement_in_brackets_keeps_the_figure_with_its_words():
    claims = _claims_of("The platform has crossed 1.45 crore (14.5 million) registered users.")
    assert [(c.value, c.metric) for c in claims] == [(14_500_000, "registered_users"), (14_500_000, "registered_users")]


def test_a_breakdown_in_brackets_does_not_take_the_figure_words():
    claims = _claims_of("उपलब्ध प्रशिक्षण पाठ्यक्रम: 4,179 (840+ हिंदी में)")
    assert [(c.evidence.quote, c.metric) for c in claims] == [("4,179", "courses_available"),
                                                             ("840+", "courses_in_hindi")]


def test_words_around_an_english_figure():
    [c, _] = _claims_of("Learners have completed about 7.2 crore courses and logged 5.3 crore learning hours.")
    assert (c.metric, c.qualifier) == ("course_completions", "approx")
