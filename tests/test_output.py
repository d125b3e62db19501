import io
import json

import pytest

from extractor.output import display_width, indian_grouping, write_claims


@pytest.mark.parametrize("value, text", [(0, "0"), (999, "999"), (1000, "1,000"), (100000, "1,00,000"),
                                         (14500000, "1,45,00,000"), (1234567.5, "12,34,567.5"), (-4179, "-4,179")])
def test_indian_grouping(value, text):
    assert indian_grouping(value) == text


def test_devanagari_vowel_signs_take_no_extra_columns():
    assert display_width("करोड़") == 4  # क, र, ो (spacing sign, as wcwidth counts it), ड; the nukta takes none
    assert display_width("abc") == 3


def test_jsonl_and_csv_carry_the_same_claims(seed_claims):
    claims = seed_claims["001"]
    buf = io.StringIO()
    write_claims(claims, "jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [r["id"] for r in rows] == [c.id for c in claims]
    assert rows[0]["evidence"]["quote"] == claims[0].evidence.quote
    buf = io.StringIO()
    write_claims(claims, "csv", buf)
    assert buf.getvalue().count("\n") >= len(claims) + 1
