"""Hostile command lines: exit statuses say whether anything failed, and output paths that cannot
be written are one-line errors with status 2, never tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import hand_corpus
from typer.testing import CliRunner

from byline.cli import app
from byline.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Store(path) as store:
        store.write(hand_corpus())
    return path


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_ingest_exit_status_says_an_item_failed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = tmp_path / "c.db"
    args = ["ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 1, first.output
    again = CliRunner().invoke(app, args)  # the same bad file fails again: still said
    assert again.exit_code == 1
    (tmp_path / "in" / "empty.txt").unlink()
    clean = CliRunner().invoke(app, args)
    assert clean.exit_code == 0, clean.output


@pytest.mark.parametrize("where", ["missing/out.jsonl", "."])
def test_export_to_an_unwritable_path(db: Path, tmp_path: Path, where: str) -> None:
    target = tmp_path / where
    for fmt in ("jsonl", "parquet"):
        result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", fmt, "-o",
                                          str(target)])  # fmt: skip
        assert result.exit_code == 2, result.output
        _no_traceback(result)
        assert f"cannot write {target}" in result.stderr


def test_sources_csv_and_chart_to_unwritable_paths(db: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for option, target in (("--csv", a_file), ("--chart", tmp_path / "no" / "c.svg")):
        result = CliRunner().invoke(app, ["sources", "--db", str(db), "--format", "json",
                                          option, str(target)])  # fmt: skip
        assert result.exit_code == 2, result.output
        _no_traceback(result)
        assert f"cannot write {target}" in result.stderr
    assert a_file.read_text() == "x"


def test_analyze_to_an_unwritable_path(tmp_path: Path) -> None:
    story = tmp_path / "a.txt"
    story.write_text("The chair said the hall would reopen.\n")
    target = tmp_path / "missing" / "out.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(story), "-f", "jsonl", "-o", str(target)])
    assert result.exit_code == 2
    _no_traceback(result)
    assert f"cannot write {target}" in result.stderr


def test_ingest_into_a_directory_db_names_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The chair said the hall would reopen.\n")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path)])
    assert result.exit_code == 2
    _no_traceback(result)
    assert "is a directory" in result.stderr


def test_search_with_fts5_syntax_is_literal(db: Path) -> None:
    for query in ['"', "*", "NEAR(", "AND OR", "'; DROP TABLE articles; --"]:
        result = CliRunner().invoke(app, ["search", query, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, (query, result.output)
        assert json.loads(result.stdout) == []
    bad_raw = CliRunner().invoke(app, ["search", "NEAR(", "--raw", "--db", str(db)])
    assert bad_raw.exit_code == 2 and "bad full-text query" in bad_raw.stderr
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == len(hand_corpus())


def test_analyze_reads_named_files_by_their_format(tmp_path: Path) -> None:
    import gzip

    records = tmp_path / "feed.jsonl"
    records.write_text(
        '{"id": "r1", "title": "Vote", "text": "The mayor said the vote would be held."}\n[1, 2]\n'
    )
    packed = gzip.compress(b"The chair said the hall would reopen.\n")
    (tmp_path / "cut.txt.gz").write_bytes(packed[:-12])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(records), str(tmp_path / "cut.txt.gz"),
                                      "-f", "jsonl", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 1
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    # the JSON line's text, not the raw line, was analyzed
    assert record["doc_id"] == "r1" and record["text"].startswith("The mayor said")
    assert record["metadata"]["headline"] == "Vote"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "feed.jsonl:2: JSON value is a list, not an object" in errors[0]
    assert "cut.txt.gz: truncated or corrupt gzip file" in errors[1]
    assert "2 of 3 items failed" in result.stderr


def test_analyze_output_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The chair said the hall would reopen.\n")
    out = tmp_path / "zz_out.txt"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["a"]


def test_search_and_sources_with_non_utf8_argument_bytes(db: Path) -> None:
    bad = "caf\udce9"  # how Python passes the argv bytes b"caf\xe9"
    for args in (["search", bad], ["search", "x", "--speaker", bad], ["search", "--outlet", bad],
                 ["sources", "--outlet", bad]):  # fmt: skip
        result = CliRunner().invoke(app, [*args, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, (args, result.output)
        _no_traceback(result)
    hits = CliRunner().invoke(app, ["search", bad, "--db", str(db), "--format", "json"])
    assert json.loads(hits.stdout) == []
