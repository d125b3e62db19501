"""Is an article about Mission Karmayogi? Every corpus article is; the off-topic fixtures are not."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import extractor.claims.topic as topic
from extractor.claims.topic import MIN_WEAK_HITS, is_about_karmayogi, topic_evidence
from extractor.ingest import read_bytes, read_document
from extractor.lang import LexiconError
from extractor.text.normalize import fold_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (ROOT / "corpus").glob("*/*") if p.suffix in (".txt", ".html"))
OFFTOPIC = ROOT / "tests" / "fixtures" / "offtopic"
OFFTOPIC_FILES = sorted(p for p in OFFTOPIC.iterdir() if p.suffix in (".txt", ".html"))


def test_the_corpus_is_all_there():
    assert len(CORPUS) == 16 and len(OFFTOPIC_FILES) == 4


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_article_is_on_topic(path):
    doc = read_document(path)
    assert is_about_karmayogi(doc)
    hits = topic_evidence(doc)
    assert any(h.strong for h in hits)
    for h in hits:  # offsets point into the stored text
        assert fold_key(doc.text[h.start:h.end]) == h.phrase


@pytest.mark.parametrize("path", OFFTOPIC_FILES, ids=lambda p: p.name)
def test_offtopic_fixtures_are_off_topic(path):
    assert not is_about_karmayogi(read_document(path))


def test_teaser_and_related_list_do_not_count():
    doc = read_document(OFFTOPIC / "hi_monsoon_also_read.txt")
    assert "मिशन कर्मयोगी" in doc.text and "कर्मयोगी सप्ताह" in doc.text
    assert topic_evidence(doc) == []
    # the same text with its furniture counted would be on topic: the exclusion is what decides
    assert is_about_karmayogi(dataclasses.replace(doc, excluded=[]))


def test_html_sidebar_nav_and_also_read_box_do_not_count():
    path = OFFTOPIC / "en_metro_related_sidebar.html"
    assert b"Mission Karmayogi" in path.read_bytes()
    doc = read_document(path)
    assert not is_about_karmayogi(doc) and "8 lakh" in doc.text


def test_weak_words_need_company():
    cricket = read_document(OFFTOPIC / "hi_cricket_ranji_final.txt")
    assert [(cricket.text[h.start:h.end], h.strong) for h in topic_evidence(cricket)] == [("कर्मयोगी", False)]
    budget = read_document(OFFTOPIC / "en_state_budget.txt")
    assert [h.phrase for h in topic_evidence(budget)] == ["capacity building"]
    assert MIN_WEAK_HITS == 2
    doc = read_bytes("Karmayogi platform par 5 lakh log. Karmayogi courses bhi popular hain.".encode(), kind="txt")
    assert is_about_karmayogi(doc)  # "Karmayogi platform" is a strong name
    doc = read_bytes("The Karmayogi training drive reached 5 lakh staff; every Karmayogi got a badge.".encode(),
                     kind="txt")
    assert [h.strong for h in topic_evidence(doc)] == [False, False] and is_about_karmayogi(doc)
    doc = read_bytes("वे सच्चे कर्मयोगी थे और 40 साल तक गांव के स्कूल में पढ़ाते रहे।".encode(), kind="txt")
    assert not is_about_karmayogi(doc)


@pytest.mark.parametrize("text", [
    "मिशन कर्मयोगी के तहत 5 लाख कर्मचारी प्रशिक्षित",
    "iGOT पर 1.45 करोड़ यूजर्स",
    "आईजीओटी कर्मयोगी पोर्टल पर पंजीकरण",
    "क्षमता निर्माण आयोग की बैठक में 20 मंत्रालय",
    "The Capacity Building Commission met on Monday.",
    "Karmayogi Bharat signed 12 agreements.",
    "कर्मयोगी सप्ताह में 10 लाख अधिकारी",
    "Karmayogi Saptah drew 10 lakh officials.",
    "कर्मयोगी भारत ने कहा",
    "IGOT KARMAYOGI crossed 1 crore",  # case does not matter
])
def test_strong_names_in_both_languages(text):
    doc = read_bytes(text.encode(), kind="txt")
    assert is_about_karmayogi(doc), text


def test_whole_words_only():
    doc = read_bytes("The bigotry of low expectations, and a Karmayogins club.".encode(), kind="txt")
    assert topic_evidence(doc) == []


def test_header_title_counts_as_the_article():
    doc = read_bytes("TITLE: Mission Karmayogi review\n\nThe meeting lasted 2 hours.\n".encode(), kind="txt")
    assert doc.excluded[0].reason == "header"
    assert is_about_karmayogi(doc)


def test_vocabulary_is_validated(monkeypatch):
    topic.vocabulary.cache_clear()
    try:
        monkeypatch.setattr(topic, "load_toml", lambda name: {"strong": {"phrases": ["iGOT"]},
                                                              "weak": {"phrases": ["igot"]}})
        with pytest.raises(LexiconError, match="both strong and weak"):
            topic.vocabulary()
        monkeypatch.setattr(topic, "load_toml", lambda name: {"strong": {"phrases": [" "]}, "weak": {"phrases": ["x"]}})
        with pytest.raises(LexiconError, match="empty"):
            topic.vocabulary()
        monkeypatch.setattr(topic, "load_toml", lambda name: {"strong": {"phrases": ["x"]}, "extra": {}})
        with pytest.raises(LexiconError, match="expected exactly"):
            topic.vocabulary()
    finally:
        topic.vocabulary.cache_clear()
