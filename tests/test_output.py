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


def test_flags_are_written_as_the_public_record_in_jsonl_and_flat_in_csv():
    import csv as _csv
    import io as _io
    import json as _json

    from extractor import extract_file
    from extractor.output import FLAG_CSV_COLUMNS, write_flags
    from extractor.records import Flag

    claims = extract_file("corpus/seeds/001_6ed01f356ed30db4.txt")[:2]
    flag = Flag(id=Flag.make_id("value_conflict", [c.id for c in claims]), kind="value_conflict",
                metric=claims[0].metric, state="India", severity="medium", claims=claims,
                explanation_en="They differ.", explanation_hi="दोनों अलग हैं।")
    out = _io.StringIO()
    write_flags([flag], "jsonl", out)
    assert Flag.model_validate(_json.loads(out.getvalue())) == flag
    out = _io.StringIO()
    write_flags([flag], "csv", out)
    rows = list(_csv.DictReader(_io.StringIO(out.getvalue())))
    assert list(rows[0]) == FLAG_CSV_COLUMNS and rows[0]["claim_ids"].split() == [c.id for c in claims]
    out = _io.StringIO()
    write_flags([], "table", out)
    assert out.getvalue() == "no contradictions\n"
