import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.text import fold, fold_key, normalize


def test_fold_maps_every_span_back_to_the_original():
    text = "कुल १८.८ लाख\u00a0कर्मी, हज़ार क\u200dरोड़"
    ft = fold(text)
    assert ft.text == "कुल 18.8 लाख कर्मी, हजार करोड"
    i = ft.text.index("करोड")
    a, b = ft.span(i, i + len("करोड"))
    assert text[a:b] == "क\u200dरोड़"


def test_precomposed_nukta_letter_folds_like_the_decomposed_pair():
    assert fold("करो\u095c").text == fold("करोड\u093c").text == "करोड"


def test_fold_key_reads_chandrabindu_as_anusvara_and_lower_cases():
    assert fold_key("पाँच") == fold_key("पांच")
    assert fold_key("  Lakh   Crore ") == "lakh crore"


def test_windows_line_endings_keep_offsets():
    text = "a\r\n14.5 करोड़\r\n"
    ft = fold(text)
    i = ft.text.index("14.5")
    a, b = ft.span(i, i + 4)
    assert text[a:b] == "14.5"


# -- folding fast: what the character-by-character definition gives ----------------------------------------------

def _fold_one_by_one(text: str) -> tuple[str, list[int]]:
    """The definition: every character folded alone, each output character remembering its source."""
    out, origin = [], []
    for i, ch in enumerate(text):
        f = normalize._fold_char(ch)
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin + [len(text)]


def test_every_character_taken_as_surely_kept_folds_to_itself():
    kept = [chr(c) for c in range(0x0, 0x980) if not normalize._MAY_FOLD.match(chr(c))]
    assert len(kept) > 128 + 100  # ASCII and most of the Devanagari block
    assert [ch for ch in kept if normalize._fold_char(ch) != ch] == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab 1.१२करोड़ड़\u093c\u200d\u00a0–ॐक़\ufeff“”", max_size=60))
def test_fold_gives_the_one_by_one_fold_and_its_offsets(text):
    ft = normalize._fold(text)
    assert (ft.text, list(ft.origin)) == _fold_one_by_one(text)


def test_fold_of_a_text_longer_than_the_shared_offsets_makes_its_own(monkeypatch):
    monkeypatch.setattr(normalize, "_IDENTITY_MAX", 8)
    text = "करोड़ १२ " * 5
    ft = normalize._fold(text)
    assert (ft.text, list(ft.origin)) == _fold_one_by_one(text)


def test_short_pieces_folded_one_by_one_do_not_push_the_article_out_of_the_cache():
    # an article's 17 dates were folded one by one after it, and the next stage folded all 8,000 characters again
    article = "१४.५ करोड़ यूज़र्स, ५ अक्टूबर २०२५ तक। " * 300
    fold.cache_clear()
    first = fold(article)
    for day in range(1, 40):
        fold(f"{day} अक्टूबर २०२५")
    assert fold(article) is first
    fold.cache_clear()
    assert fold(article) is not first  # emptied, as the bench empties it between articles


def _span_as_first_written(ft, start: int, end: int) -> tuple[int, int]:
    """`FoldedText.span` as it was before its end of text took the general path: the reference."""
    if end <= start:
        return ft.origin[start], ft.origin[start]
    last = ft.origin[end - 1]
    o_end = ft.origin[end] if end < len(ft.text) else len(ft.original)
    while o_end > last + 1 and unicodedata.category(ft.original[o_end - 1]) not in ("Mn", "Mc") \
            and ft.original[o_end - 1] != "\u093c":
        o_end -= 1
    return ft.origin[start], max(o_end, last + 1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aकड\u093c\u095c\u200d\u00ad\u2013१ \u0901", max_size=12))
def test_span_at_every_pair_of_offsets_is_the_reference_span(text):
    ft = fold(text)
    for start in range(len(ft.text) + 1):
        for end in range(start, len(ft.text) + 1):
            assert ft.span(start, end) == _span_as_first_written(ft, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aकड\u093c\u095c\u200d\u00ad\u2013१ \u0901", max_size=12), st.booleans())
def test_spans_of_many_hits_are_the_span_of_each(text, ascii_only):
    if ascii_only:
        text = "".join(ch if ch.isascii() else "a" for ch in text)  # nothing folds: offsets kept as a range
    ft = fold(text)
    hits = [(start, end, f"k{start}-{end}") for start in range(len(ft.text) + 1) for end in range(len(ft.text) + 1)]
    assert ft.spans(hits) == [(*ft.span(start, end), key) for start, end, key in hits]
