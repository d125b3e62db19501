"""What a figure counts, where it belongs and what period it totals — the classes of error seen on published news
(corpus/gold/realnews/README.md). Each test is a short sentence of our own in the shape of a real one."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.claims import extract_claims
from extractor.records import Document, DocumentMeta

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT.parent / "shared" / "realnews"


def claims_of(text: str, published: str | None = "2025-05-21", title: str | None = None):
    doc = Document(text=text, meta=DocumentMeta(published=published, title=title), path="t.txt")
    return {c.evidence.quote: c for c in extract_claims(doc)}


# -- the counted noun decides the metric -------------------------------------------------------------------------

def test_a_count_of_states_is_not_registered_users():
    got = claims_of("Over 60% of the 1 crore registered users on iGOT come from all 36 States/UTs.")
    assert got["36"].metric == "other"
    assert got["1 crore"].metric == "registered_users"


def test_a_count_of_officers_takes_no_metric_from_a_neighbouring_clause():
    got = claims_of("The week saw 4.3 lakh participants dedicating at least four hours to learning, while "
                    "37,000 Group A officers prioritized professional development.")
    assert got["4.3 lakh"].metric == "learners_meeting_hours_target"
    assert got["37,000"].metric == "other"


def test_users_in_a_sentence_about_the_app_stay_users():
    got = claims_of("The iGOT app has been downloaded widely and the platform now has 1.45 crore users.")
    assert got["1.45 crore"].metric == "registered_users"


def test_admins_and_languages_are_their_own_things():
    got = claims_of("20 MDO admins have registered on the portal. Courses are offered in 16 languages.")
    assert got["20"].metric == "other"
    assert got["16"].metric == "other"


def test_a_duration_is_no_claim():
    got = claims_of("Rs 510.86 crore will be spent over a period of 5 years to cover 46 lakh central employees.")
    assert "5" not in got
    assert got["Rs 510.86 crore"].metric == "budget_outlay"
    assert got["Rs 510.86 crore"].period == "target"
    assert got["46 lakh"].metric == "employees_to_be_trained"
    assert got["46 lakh"].state == "India"


def test_a_per_person_hours_requirement_is_no_claim():
    got = claims_of("इस सप्ताह हर कर्मचारी को 4 घंटे का प्रशिक्षण लेना है।")
    assert "4 घंटे" not in got and "4" not in got


def test_a_list_of_people_figures_shares_its_verb():
    got = claims_of("The mission seeks to link over 30 lakh civil servants in the central government, 2.2 crore "
                    "personnel in state governments and 50 lakh employees in local bodies.")
    for quote in ("30 lakh", "2.2 crore", "50 lakh"):
        assert got[quote].metric == "employees_to_be_trained", quote
        assert got[quote].period == "target", quote


def test_the_end_of_a_date_range_and_a_version_are_no_claims():
    got = claims_of("Karmayogi Saptah ran from October 19 to 27. NSCSTI 2.0 was launched.")
    assert "27" not in got and "2.0" not in got


def test_a_denied_figure_is_no_claim():
    got = claims_of("The platform has 1.45 crore users, not 14.5 crore. उपयोगकर्ता 14.5 करोड़ नहीं हैं।")
    assert "14.5 crore" not in got and "14.5 करोड़" not in got
    assert got["1.45 crore"].metric == "registered_users"


def test_a_lone_scale_word_is_no_figure():
    assert "Millions" not in claims_of("Connecting Millions of Personnel Nationwide with iGOT.")


# -- scope by clause ---------------------------------------------------------------------------------------------

UP_ARTICLE = ("Lucknow: Uttar Pradesh reviewed Mission Karmayogi. Uttar Pradesh has 18.8 lakh personnel onboarded. "
              "Nationwide, the platform has 1.45 crore registered users. The state aims to cover all 22 lakh "
              "employees. Of 30 lakh civil servants in the central government, many are on iGOT.")


def test_a_national_marker_in_the_clause_beats_the_article_state():
    got = claims_of(UP_ARTICLE)
    assert got["18.8 lakh"].state == "Uttar Pradesh"
    assert got["1.45 crore"].state == "India"
    assert got["30 lakh"].state == "India"


def test_the_state_refers_back_to_the_last_state_named():
    got = claims_of("Bihar has onboarded 2.4 lakh officials. Odisha has 50,000. The state aims to cover all "
                    "5.2 lakh employees.")
    assert got["5.2 lakh"].state == "Odisha"


def test_a_state_named_once_in_a_national_release_does_not_take_its_figures():
    got = claims_of("New Delhi: Over 1 crore civil servants are registered on iGOT. States such as Bihar, "
                    "Rajasthan and Uttar Pradesh lead. The platform offers 2,400 courses.")
    assert got["1 crore"].state == "India"
    assert got["2,400"].state == "India"


def test_the_portal_is_no_national_marker_in_a_state_article():
    got = claims_of("Lucknow: More than 94 thousand employees of Uttar Pradesh joined. In the state, 45 thousand "
                    "officials have been registered on the IGOT portal.")
    assert got["45 thousand"].state == "Uttar Pradesh"


# -- periods -----------------------------------------------------------------------------------------------------

def test_an_event_total_is_not_a_running_total():
    got = claims_of("Karmayogi Saptah 2024 saw 45.6 lakh course enrolments and 32.6 lakh completions. In total, "
                    "7.45 lakh civil servants participated.", published="2024-11-14")
    assert got["45.6 lakh"].period == "event"
    assert got["45.6 lakh"].event.startswith("Karmayogi Saptah")
    assert got["45.6 lakh"].metric == "course_enrolments"
    assert got["7.45 lakh"].period == "event"  # the sentence after goes on about the same event


def test_a_value_from_earlier_a_year_total_and_a_daily_average():
    assert claims_of("Users grew 30-fold from 3 lakh users.")["3 lakh"].period == "earlier"
    assert claims_of("UP contributed 93% of national onboarding in 2025.")["93%"].period == "year"
    assert claims_of("औसत दैनिक 5,000 पंजीकरण हुए।")["5,000"].period == "daily_average"


def test_a_running_total_stays_cumulative_with_confidence():
    c = claims_of("Till date over 1.49 crore users have been onboarded, said the ministry.")["1.49 crore"]
    assert (c.metric, c.state, c.period, c.qualifier) == ("registered_users", "India", "cumulative", "at_least")
    assert 0.0 < c.confidence <= 1.0


# -- the real-news evaluation set ---------------------------------------------------------------------------------

def test_eval_without_the_articles_says_so_and_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "extractor", "eval", str(tmp_path / "missing"), "--gold",
                        str(ROOT / "corpus" / "gold" / "realnews")], capture_output=True, text=True)
    assert r.returncode == 2
    assert "does not exist" in r.stderr


def test_the_realnews_gold_holds_offsets_and_no_article_text():
    for path in (ROOT / "corpus" / "gold" / "realnews").glob("[0-9]*.json"):  # contradictions.json apart
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["claims"] + data["not_claims"]:
            assert "context" not in entry, path.name
            assert entry["end"] - entry["start"] == len(entry["quote"]), path.name
    data = json.loads((ROOT / "corpus" / "gold" / "realnews" / "contradictions.json").read_text(encoding="utf-8"))
    for entry in data["contradictions"] + data["not_contradictions"]:
        for claim in entry["claims"]:
            assert "context" not in claim and claim["end"] - claim["start"] == len(claim["quote"]), entry["id"]


@pytest.mark.skipif(not REALNEWS.is_dir(), reason="the published articles are kept outside the repository")
def test_the_realnews_gold_fits_its_articles():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "realnews_gold.py"), "check", "--articles",
                        str(REALNEWS)], capture_output=True, text=True, cwd=ROOT / "tools")
    assert r.returncode == 0, r.stdout[-2000:]


def test_a_state_named_on_a_later_line_does_not_claim_the_whole_draft():
    got = claims_of("iGOT Karmayogi now has more than 1.45 crore registered users.\nUP has 72 lakh course "
                    "completions.\n")
    assert got["1.45 crore"].state == "India"
    assert got["72 lakh"].state == "Uttar Pradesh"


def test_a_dateline_city_makes_the_state_the_articles():
    got = claims_of("लखनऊ, 5 अक्टूबर। समाज कल्याण विभाग के 3,900 अधिकारी पंजीकृत हो चुके हैं।")
    assert got["3,900"].state == "Uttar Pradesh"
    assert got["3,900"].entity == "Department of Social Welfare"


def test_a_number_that_names_a_district_or_a_question_is_no_claim():
    got = claims_of("The platform recorded 70 lakh course completions in district 2137. In reply to Q. 451 the "
                    "minister said so. प्रश्न 12 के उत्तर में 5 लाख का आंकड़ा दिया गया।")
    assert "2137" not in got and "451" not in got and "12" not in got
    assert got["70 lakh"].metric == "course_completions" and "5 लाख" in got
    # "उपयोगकर्ताओं की संख्या 1,45,00,000": the number *of* users, a count, not a numbered thing
    assert "1,45,00,000" in claims_of("पंजीकृत उपयोगकर्ताओं की संख्या 1,45,00,000 से अधिक हो गई है।")


def test_the_figure_before_a_denial_stays_a_claim():
    got = claims_of("The user base is 1.45 crore, not 14.5 crore as reported.")
    assert "1.45 crore" in got and "14.5 crore" not in got


def test_the_verb_decides_between_the_metrics_of_a_counted_noun():
    got = claims_of("182 civil service training institutes have been accredited against the national standards. "
                    "Capacity building plans have been prepared for 118 Ministries, Departments and Organisations. "
                    "The iGOT mobile app has been downloaded more than 62 lakh times.")
    assert got["182"].metric == "institutions_accredited"
    assert got["118"].metric == "capacity_building_plans"
    assert got["62 lakh"].metric == "app_downloads"
    assert claims_of("इस बार 43 विभागों के कर्मचारी जुड़े।")["43"].metric == "other"  # departments, no plans


# -- issue 13: what the contradiction rules need from the claims ----------------------------------------------------

def test_a_text_cut_mid_word_still_names_the_metric_of_its_last_figure():
    got = claims_of("In Uttar Pradesh learners finished 72 lakh+ courses, a share of 99% of nationwide completi")
    assert got["99%"].metric == "share_of_national_completions"
    # an ambiguous stem completes nothing, and a whole last word is matched as before
    assert claims_of("Uttar Pradesh recorded 99% of nationwide c")["99%"].metric == "other"


def test_an_ordinal_day_dates_a_figure():
    got = claims_of("Till 12th December 2024, 62 lakh officials had finished a course.")
    assert got["62 lakh"].as_of == "2024-12-12"
    assert claims_of("On December 12th, 2024 the platform had 46 lakh users.")["46 lakh"].as_of == "2024-12-12"


def test_a_countrys_inhabitants_are_no_claim():
    got = claims_of("Mission Karmayogi serves India’s 1.4 billion people; 30 lakh people were trained.")
    assert "1.4 billion" not in got
    assert got["30 lakh"].metric == "officials_trained"


def test_a_qualified_decimal_is_a_figure_not_a_version_number():
    got = claims_of("Around 10.5 government servants were trained in the second phase.")
    assert got["10.5"].value == 10.5 and got["10.5"].qualifier == "approx"
    assert "2.0" not in claims_of("The government launched Mission Karmayogi 2.0 this week.")


def test_an_events_year_comes_from_a_date_next_to_the_event_not_from_background():
    text = ("• The mission began on 2 September 2020.\n\nThe Prime Minister will open Karmayogi Saptah today. "
            "More than 30 lakh employees will take part in the week.")
    # (before: "Karmayogi Saptah 2020", which kept the week out of the 2024 reports it belongs with)
    assert claims_of(text, published=None)["30 lakh"].event == "Karmayogi Saptah"
    dated = ("Karmayogi Saptah was held from 19th October to 14th November 2024. "
             "The week saw 45.4 lakh course enrolments.")
    assert claims_of(dated, published=None)["45.4 lakh"].event == "Karmayogi Saptah 2024"


def test_other_workforces_carry_an_entity_and_workforce_sizes_a_target():
    got = claims_of("The programme aims to cover over 30 lakh central civil servants; it will also reach 2.2 crore "
                    "staff of the state governments, besides about 50 lakh employees of urban local bodies.")
    assert (got["30 lakh"].metric, got["30 lakh"].entity) == ("employees_to_be_trained", None)
    assert got["2.2 crore"].entity == "State governments"
    assert got["50 lakh"].entity == "Local bodies"
    one_crore = claims_of("These academies look after the training needs of over one crore employees.")["one crore"]
    assert (one_crore.metric, one_crore.period) == ("employees_to_be_trained", "target")


def test_a_kind_of_course_without_a_verb_is_less_sure_than_the_catalogue():
    got = claims_of("The portal lists 105 Artificial Intelligence and Data Science courses.")
    assert got["105"].metric == "courses_available" and got["105"].confidence < 0.7
    plain = claims_of("The platform offers 1100 courses.")["1100"]
    assert plain.metric == "courses_available" and plain.confidence >= 0.7
