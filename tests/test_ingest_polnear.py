"""Ingest of the PolNeAR dev split (84 articles, ../shared) and its source audit.

The audit's per-outlet shares are checked against a count made here, independently, from the
exported records (the attributions as JSON, not the store's SQL tables). Skipped without
../shared.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from corpus_helpers import POLNEAR_DEV
from typer.testing import CliRunner

from byline.analyze import content_hash
from byline.cli import app
from byline.model import AnalyzedArticle, Document
from byline.readers.registry import read_inputs

pytestmark = pytest.mark.skipif(
    not POLNEAR_DEV.is_dir(), reason="PolNeAR dev split not found in ../shared"
)


@pytest.fixture(scope="module")
def polnear_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("polnear") / "dev.db"
    result = CliRunner().invoke(
        app, ["ingest", str(POLNEAR_DEV), "--db", str(db), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    return db


def _exported(db: Path) -> list[AnalyzedArticle]:
    result = CliRunner().invoke(app, ["export", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return [AnalyzedArticle.model_validate_json(line) for line in result.stdout.splitlines()]


def test_counts_equal_what_was_read(polnear_db: Path) -> None:
    documents = [i for i in read_inputs([POLNEAR_DEV]) if isinstance(i, Document)]
    assert len(documents) == len(list(POLNEAR_DEV.glob("*.txt"))) == 84
    articles = _exported(polnear_db)
    assert {a.content_hash for a in articles} == {content_hash(d.text) for d in documents}
    # outlet and date come from PolNeAR's metadata.tsv, read here on its own
    with (POLNEAR_DEV.parents[1] / "metadata.tsv").open(encoding="utf-8") as stream:
        rows = {r["filename"]: r for r in csv.DictReader(stream, delimiter="\t")}
    for article in articles:
        row = rows[article.doc_id]
        assert article.metadata.outlet == row["publisher"]
        assert article.metadata.published == row["publication_date"][:10]
    errors = CliRunner().invoke(app, ["errors", "--db", str(polnear_db), "--format", "json"])
    assert json.loads(errors.stdout) == []


def test_second_ingest_adds_nothing(polnear_db: Path) -> None:
    before = _exported(polnear_db)
    result = CliRunner().invoke(app, ["ingest", str(POLNEAR_DEV), "--db", str(polnear_db),
                                      "--workers", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0 stored, 84 already stored" in result.stderr
    assert _exported(polnear_db) == before


def test_sources_shares_match_an_independent_count(polnear_db: Path) -> None:
    attributions: Counter[str] = Counter()
    anonymous: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    for article in _exported(polnear_db):
        outlet = article.metadata.outlet or "unknown"
        articles[outlet] += 1
        for attribution in article.attributions:
            attributions[outlet] += 1
            anonymous[outlet] += attribution.speaker.anonymous
            types[(outlet, attribution.speaker.type or "unresolved")] += 1
    result = CliRunner().invoke(app, ["sources", "--db", str(polnear_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    by_outlet = {row["outlet"]: row for row in json.loads(result.stdout)["by_outlet"]}
    assert set(by_outlet) == set(articles)
    assert len(by_outlet) == 7  # PolNeAR's seven outlets
    for outlet, row in by_outlet.items():
        total = attributions[outlet]
        assert row["articles"] == articles[outlet]
        assert row["attributions"] == total
        assert row["anonymous"] == anonymous[outlet]
        assert row["named"] == total - anonymous[outlet]
        expected = (total - anonymous[outlet]) / total if total else 0.0
        assert row["share_named"] == pytest.approx(expected)
        for speaker_type, share in row["type_shares"].items():
            count = types[(outlet, speaker_type)]
            assert share == pytest.approx(count / total if total else 0.0)
    table = CliRunner().invoke(app, ["sources", "--db", str(polnear_db), "--no-months"])
    assert table.exit_code == 0
    for outlet in by_outlet:
        assert outlet[:5] in table.stdout
