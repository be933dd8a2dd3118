"""The source audit on a hand-built corpus whose counts are known by hand (see hand_corpus)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from corpus_helpers import hand_corpus

from byline.audit import audit_to_dict, source_audit
from byline.audit_report import write_audit_csv, write_share_chart
from byline.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "c.db")
    s.write(hand_corpus())
    return s


def _counts(p) -> tuple:  # type: ignore[no-untyped-def]
    return (p.outlet, p.month, p.articles, p.attributions, p.named, p.anonymous)


def test_shares_per_outlet_and_month(store: Store) -> None:
    audit = source_audit(store.conn)
    assert [_counts(p) for p in audit.by_outlet] == [
        ("Courier", "all", 2, 3, 2, 1),
        ("Gazette", "all", 2, 5, 4, 1),
    ]
    assert [_counts(p) for p in audit.by_month] == [
        ("Courier", "2024-01", 1, 2, 1, 1),
        ("Courier", "unknown", 1, 1, 1, 0),
        ("Gazette", "2024-01", 1, 3, 2, 1),
        ("Gazette", "2024-02", 1, 2, 2, 0),
    ]
    gazette = audit.by_outlet[1]
    assert gazette.share_named == pytest.approx(4 / 5)
    assert gazette.share_anonymous == pytest.approx(1 / 5)
    assert gazette.by_type["person"] == 3 and gazette.by_type["document"] == 1
    assert gazette.by_type["group"] == 1 and gazette.type_share("person") == pytest.approx(0.6)
    courier = audit.by_outlet[0]
    assert (courier.by_type["organization"], courier.by_type["person"]) == (1, 1)
    assert courier.by_type["unresolved"] == 1


def test_top_speakers_by_entity_with_roles(store: Store) -> None:
    audit = source_audit(store.conn)
    top = [(s.outlet, s.name, s.type, s.attributions, s.articles, s.roles)
           for s in audit.top_speakers]  # fmt: skip
    assert top == [
        ("Courier", "Acme Corp", "organization", 1, 1, []),
        ("Courier", "Bo Chan", "unresolved", 1, 1, ["librarian"]),
        ("Gazette", "Ann Lee", "person", 3, 2, ["Mayor", "the mayor"]),
        ("Gazette", "the ministry's report", "document", 1, 1, []),
    ]
    assert [s.name for s in source_audit(store.conn, top=1).top_speakers] == [
        "Acme Corp",
        "Ann Lee",
    ]


def test_anonymous_sources_with_reasons(store: Store) -> None:
    anonymous = source_audit(store.conn).anonymous
    assert [(a.outlet, a.month, a.doc_id, a.source_text, a.reason) for a in anonymous] == [
        ("Courier", "2024-01", "c1", "An aide", None),
        ("Gazette", "2024-01", "g1", "Two officials", "they were not authorized to speak"),
    ]


def test_filters(store: Store) -> None:
    audit = source_audit(store.conn, outlet="Gazette", since="2024-02-01")
    assert [_counts(p) for p in audit.by_outlet] == [("Gazette", "all", 1, 2, 2, 0)]
    assert audit.anonymous == []


def test_csv_and_json(store: Store, tmp_path: Path) -> None:
    audit = source_audit(store.conn)
    paths = write_audit_csv(audit, tmp_path / "csv")
    assert [p.name for p in paths] == ["outlets.csv", "months.csv", "speakers.csv", "anonymous.csv"]
    with (tmp_path / "csv" / "outlets.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["outlet"], r["attributions"], r["share_anonymous"]) for r in rows] == [
        ("Courier", "3", str(round(1 / 3, 6))),
        ("Gazette", "5", "0.2"),
    ]
    data = json.loads(json.dumps(audit_to_dict(audit)))
    assert data["by_outlet"][1]["type_shares"]["person"] == pytest.approx(0.6)


def test_charts(store: Store, tmp_path: Path) -> None:
    audit = source_audit(store.conn)
    png = write_share_chart(audit, tmp_path / "shares.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = write_share_chart(audit, tmp_path / "shares.html").read_text()
    assert "<svg" in page and "<script" not in page and 'src="http' not in page
    assert "Gazette" in page and "Courier" in page
    with pytest.raises(ValueError):
        write_share_chart(audit, tmp_path / "shares.pdf")


def test_cli_sources(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from byline.cli import app

    result = CliRunner().invoke(
        app, ["sources", "--db", str(store.path), "--format", "json", "--chart",
              str(tmp_path / "c.html"), "--csv", str(tmp_path / "csv")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [p["anonymous"] for p in payload["by_outlet"]] == [1, 1]
    assert (tmp_path / "c.html").exists() and (tmp_path / "csv" / "anonymous.csv").exists()
    table = CliRunner().invoke(app, ["sources", "--db", str(store.path)])
    assert table.exit_code == 0 and "Ann Lee" in table.stdout
