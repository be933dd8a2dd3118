"""Metadata sidecars: a CSV or TSV file giving, per article file, its date, outlet, author and
title (PolNeAR's ``metadata.tsv`` is one).

Columns are recognised by name (case-insensitive): the file name from ``filename``, ``file``,
``doc_id`` or ``name`` (with or without ``.txt``); the date from ``publication_date``,
``published``, ``date_publish`` or ``date``; the outlet from ``publisher``, ``outlet``,
``source_domain`` or ``source``; authors from ``author`` or ``authors`` (``|`` or ``;``
separated); the headline from ``title`` or ``headline``; ``url``. Dates are normalized as JSONL
dates are (:func:`~byline.readers.jsonl.normalize_date`): one that is not a date is dropped.
TSV fields are not quoted (a ``"`` is an ordinary character); CSV fields may be.
"""

from __future__ import annotations

import csv
from pathlib import Path

from byline.model import Metadata
from byline.readers.jsonl import normalize_date

SIDECAR_NAMES = ("metadata.tsv", "metadata.csv")
_KEYS = {
    "doc_id": ("filename", "file", "doc_id", "name"),
    "published": ("publication_date", "published", "date_publish", "date"),
    "outlet": ("publisher", "outlet", "source_domain", "source"),
    "authors": ("author", "authors"),
    "headline": ("title", "headline"),
    "url": ("url",),
}
_MISSING = {"", "none", "null", "nan", "n/a"}


class SidecarError(ValueError):
    """The sidecar cannot be read or has no file-name column."""


def _pick(row: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and value.strip().lower() not in _MISSING:
            return value.strip()
    return None


def load_sidecar(path: str | Path) -> dict[str, Metadata]:
    """Map each article's doc id (file stem) to the metadata the sidecar gives for it.

    Raises :class:`SidecarError` when the file cannot be read, is not CSV/TSV (a CSV field
    over the csv module's size limit, an unclosed quotation) or lacks a file-name column.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{path}: cannot read metadata sidecar: {exc}") from None
    tsv = path.suffix.lower() == ".tsv" or "\t" in raw.split("\n", 1)[0]
    # TSV has no quoting (IANA text/tab-separated-values: fields hold no tab or line break): a
    # title that opens a quotation mark must not swallow the rows after it
    reader = csv.DictReader(
        raw.splitlines(),
        delimiter="\t" if tsv else ",",
        quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL,
    )
    try:
        return _rows(reader, path)
    except csv.Error as exc:
        raise SidecarError(f"{path}: not a readable CSV/TSV file: {exc}") from None


def _rows(reader: csv.DictReader, path: Path) -> dict[str, Metadata]:  # type: ignore[type-arg]
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    if not any(name in fields for name in _KEYS["doc_id"]):
        raise SidecarError(f"{path}: no file-name column (one of {', '.join(_KEYS['doc_id'])})")
    result: dict[str, Metadata] = {}
    for raw_row in reader:
        row = {k.strip().lower(): v for k, v in raw_row.items() if k is not None and v is not None}
        doc_id = _pick(row, _KEYS["doc_id"])
        if not doc_id:
            continue
        doc_id = doc_id[:-4] if doc_id.lower().endswith(".txt") else doc_id
        authors = _pick(row, _KEYS["authors"])
        published = _pick(row, _KEYS["published"])
        result[doc_id] = Metadata(
            published=normalize_date(published),
            outlet=_pick(row, _KEYS["outlet"]),
            authors=[a.strip() for a in authors.replace(";", "|").split("|")] if authors else [],
            headline=_pick(row, _KEYS["headline"]),
            url=_pick(row, _KEYS["url"]),
        )
    return result


def find_sidecar(input_path: str | Path, levels: int = 2) -> Path | None:
    """The sidecar for an input directory: a :data:`SIDECAR_NAMES` file in the directory or up to
    ``levels`` parents above it (PolNeAR keeps ``metadata.tsv`` above ``dev/text``)."""
    path = Path(input_path).resolve()
    folder = path if path.is_dir() else path.parent
    for candidate in [folder, *list(folder.parents)[:levels]]:
        for name in SIDECAR_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None
