from extractor.text import fold, fold_key


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
