"""Hostile metadata sidecars: a stray quotation mark, an oversized field or a non-date must
not garble other rows or end in a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.readers.sidecar import SidecarError, load_sidecar


def test_tsv_title_with_an_unclosed_quote_keeps_later_rows(tmp_path: Path) -> None:
    path = tmp_path / "metadata.tsv"
    path.write_text(
        "filename\tpublication_date\ttitle\n"
        'a.txt\t2016-03-11\t"Fake news says rival, as race tightens\n'
        "b.txt\t2016-03-12\tSenate passes the bill\n"
    )
    rows = load_sidecar(path)
    assert rows["a"].headline == '"Fake news says rival, as race tightens'
    assert rows["b"].headline == "Senate passes the bill"
    assert rows["b"].published == "2016-03-12"


def test_csv_field_over_the_limit_is_a_sidecar_error(tmp_path: Path) -> None:
    path = tmp_path / "metadata.csv"
    path.write_text('filename,title\na.txt,"' + "x" * 200_000 + "\n")
    with pytest.raises(SidecarError, match="not a readable CSV/TSV file"):
        load_sidecar(path)


def test_a_date_that_is_not_a_date_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "metadata.tsv"
    path.write_text("filename\tdate\na.txt\tsoon\nb.txt\t2016-03-11T10:00:00Z\n")
    rows = load_sidecar(path)
    assert rows["a"].published is None
    assert rows["b"].published == "2016-03-11"
