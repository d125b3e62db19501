"""The data files under extractor/lang/ load, and mistakes in them are caught at load time."""
import pytest

from extractor.lang import LexiconError, NumberLexicon, metrics, number_lexicon, places


def test_required_metric_vocabulary_is_present():
    required = {"registered_users", "courses_available", "course_completions", "completion_rate", "app_downloads",
                "learning_hours", "learners_completed_at_least_one", "officials_trained", "training_institutions",
                "institutions_accredited", "capacity_building_plans", "state_mous_signed", "employees_to_be_trained",
                "share_of_national_registrations", "share_of_national_completions", "courses_in_hindi",
                "courses_in_regional_languages"}
    assert required <= set(metrics())


def test_every_metric_has_hindi_and_english_labels():
    for m in metrics().values():
        assert m.label_en and m.label_hi and m.phrases


def test_state_names_and_abbreviations_resolve_to_canonical_states():
    names = places().state_names
    assert names["यूपी"] == names["उत्तर प्रदेश"] == places().abbreviations["UP"] == "Uttar Pradesh"
    assert "up" not in names  # capitals only: "up to" is not Uttar Pradesh
    assert names["बिहार"] == "Bihar" and names["उत्तराखंड"] == "Uttarakhand"


def test_nukta_spellings_share_one_key():
    lex = number_lexicon()
    assert lex.scales["हजार"] == 1000  # हज़ार folds to the same key
    assert lex.scales["करोड"] == 10_000_000


def test_one_word_meaning_two_numbers_is_an_error():
    lex = NumberLexicon()
    with pytest.raises(LexiconError, match="means both"):
        lex.add("xx", {"number_words": {"1": ["एक"], "2": ["एक"]}})


def test_unknown_key_in_a_language_file_is_an_error():
    with pytest.raises(LexiconError, match="unknown keys"):
        NumberLexicon().add("xx", {"numbr_words": {}})


def test_empty_phrase_is_an_error():
    with pytest.raises(LexiconError, match="empty"):
        NumberLexicon().add("xx", {"percent": {"words": [" "]}})
