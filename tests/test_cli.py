import json
import subprocess
import sys

from conftest import ROOT, SEEDS

SEED = str(next(SEEDS.glob("001_*.txt")))


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=120)


def test_extract_file_prints_jsonl_when_piped():
    r = run(SEED)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert any(row["evidence"]["quote"] == "14.5 करोड़" and row["metric"] == "registered_users" for row in rows)


def test_extract_reads_standard_input_with_dash():
    r = run("-", "--format", "json", stdin="iGOT पर 14.5 करोड़ से अधिक यूजर्स पंजीकृत हैं।\n".encode())
    assert r.returncode == 0, r.stderr
    [row] = json.loads(r.stdout)
    assert (row["value"], row["qualifier"], row["source"]["path"]) == (145000000, "at_least", "-")


def test_unreadable_file_exits_2_with_one_line_reason_and_other_files_still_processed(tmp_path):
    missing = tmp_path / "nope.txt"
    r = run(str(missing), SEED, "--format", "jsonl")
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "nope.txt" in err[0] and "Traceback" not in r.stderr.decode()
    assert len(r.stdout.decode().splitlines()) > 5


def test_table_format_shows_hindi_quotes():
    r = run(SEED, "--format", "table")
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "14.5 करोड़" in out and "≥ 14,50,00,000" in out


def test_csv_format_has_a_header_and_a_row_per_claim():
    r = run(SEED, "--format", "csv")
    assert r.stdout.startswith("\ufeff".encode())  # as the review app's exports: Excel reads Hindi as UTF-8
    lines = r.stdout.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,metric,metric_text,value") and len(lines) > 1


def test_help_lists_the_commands():
    r = run("--help")
    out = r.stdout.decode()
    assert r.returncode == 0 and "eval" in out and "schema" in out and "Examples" in out


def test_eval_on_a_folder_without_gold_is_an_error_with_exit_status_2(tmp_path):
    (tmp_path / "a.txt").write_text("iGOT पर 14.5 करोड़ यूजर्स हैं।\n", encoding="utf-8")
    r = run("eval", str(tmp_path))
    assert r.returncode == 2
    assert b"no gold annotations" in r.stderr and b"Traceback" not in r.stderr
    assert r.stdout == b""


def test_help_lists_one_exit_status_table_and_db_help_says_created_only_where_it_is():
    out = run("--help").stdout.decode()
    for line in ("0  done", "1  extract check", "2  an input file", "3  the database", "4  the command itself"):
        assert line in out
    def help_of(command):
        return " ".join(run(command, "--help").stdout.decode().split())

    assert "created if missing" in help_of("batch")
    for command in ("export", "contradictions"):
        assert "created if missing" not in help_of(command)
