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
    assert out.getvalue().startswith("\ufeff")  # read as utf-8-sig, as a spreadsheet does
    rows = list(_csv.DictReader(_io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert list(rows[0]) == FLAG_CSV_COLUMNS and rows[0]["claim_ids"].split() == [c.id for c in claims]
    out = _io.StringIO()
    write_flags([], "table", out)
    assert out.getvalue() == "no contradictions\n"


def test_cli_csv_and_the_review_apps_export_are_written_alike():
    """One CSV writer: a byte-order mark (Excel reads Hindi as UTF-8), CRLF, formula-like cells made inert."""
    import io

    from extractor.output import write_csv
    from extractor.review.render import csv_bytes

    rows = [{"a": "=SUM(A1)", "b": "14.5 करोड़"}, {"a": 3, "b": None}]
    buf = io.StringIO()
    write_csv(rows, ["a", "b"], buf)
    assert buf.getvalue().encode("utf-8") == csv_bytes(rows, ["a", "b"])
    assert buf.getvalue() == "\ufeffa,b\r\n'=SUM(A1),14.5 करोड़\r\n3,\r\n"


def test_rates_read_as_a_person_writes_them():
    from extractor.output import files_per_second

    assert [files_per_second(r) for r in (0.4, 1.0, 38.2, 1250.0)] == \
        ["0.4 files/s", "1.0 files/s", "38 files/s", "1,250 files/s"]


def test_the_progress_line_uses_the_words_of_the_summary():
    import io

    from extractor.batch.progress import BatchProgress
    from extractor.store.writer import RunCounts

    out = io.StringIO()
    counts = RunCounts(unreadable=2, too_large=1, error=1, claims_added=40, handled=10)
    BatchProgress(20, out).close(counts)
    line = out.getvalue()
    assert "unreadable 3" in line and "errors 1" in line and "claims 40" in line and "files 10/20" in line


def test_a_source_without_a_publisher_is_named_by_its_host():
    from extractor.records import Source

    assert Source(url="https://www.exabytenews.com/news/1").outlet() == "exabytenews.com"
    assert Source(publisher=" PIB Delhi ", url="https://pib.gov.in/x").outlet() == "PIB Delhi"
    assert Source(url="javascript:alert(1)").outlet() is None and Source(path="a.txt").outlet() is None
