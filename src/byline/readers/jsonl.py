"""JSON Lines: one article per line, as news-please, CC-News dumps and most scrapers write them.

Keys are recognised by name (first present wins): text from ``text`` or ``maintext``; headline
from ``title`` or ``headline``; authors from ``authors`` or ``author`` (a list, or a string with
``;`` or ``|`` between names); the date from ``date_publish``, ``published``, ``date`` or
``publish_date``; the outlet from ``source_domain``, ``outlet``, ``domain`` or ``sitename``;
``url``; ``language``; the standfirst from ``description``. ``doc_id`` is the record's ``id`` or
``doc_id`` when it has one, else ``<file stem>-L<line>``.

Every line is its own item: a line that is not JSON, not an object, has no text, is not UTF-8
or is larger than :data:`~byline.readers.text.MAX_ARTICLE_BYTES` yields an :class:`ItemError`
with its 1-based line number, and reading goes on with the next line. A truncated gzip stream
yields one error at the line where it broke, after every complete line before it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from byline.model import Document, ItemError, Metadata, Provenance
from byline.readers.decode import DecodeError, repair_text
from byline.readers.text import MAX_ARTICLE_BYTES

TEXT_KEYS = ("text", "maintext")
HEADLINE_KEYS = ("title", "headline")
AUTHOR_KEYS = ("authors", "author")
DATE_KEYS = ("date_publish", "published", "date", "publish_date")
OUTLET_KEYS = ("source_domain", "outlet", "domain", "sitename")
ID_KEYS = ("id", "doc_id")
_CHUNK = 1 << 20


def normalize_date(value: Any) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a record's date value, or ``None``.

    Accepts ISO 8601 dates and date-times (``"2017-01-02 10:00:00"``, ``"2017-01-02T10:00Z"``);
    other strings are parsed with dateparser (English and date-first orders it knows).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    import dateparser  # slow import: only for non-ISO dates

    try:
        parsed = dateparser.parse(value, languages=["en"])
    except Exception:  # dateparser raises assorted errors on odd strings: treat as unknown
        return None
    return parsed.date().isoformat() if parsed else None


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("|", ";").split(";")
    if not isinstance(value, list):
        return []
    return [a.strip() for a in value if isinstance(a, str) and a.strip()]


def record_to_document(
    record: Any, doc_id_fallback: str, provenance: Provenance
) -> Document | ItemError:
    """One decoded JSON value to a :class:`Document`, or an :class:`ItemError` saying why not."""

    def error(reason: str) -> ItemError:
        return ItemError(
            path=provenance.path or doc_id_fallback,
            line=provenance.line,
            record_offset=provenance.record_offset,
            reason=reason,
        )

    if not isinstance(record, dict):
        return error(f"JSON value is a {type(record).__name__}, not an object")
    text = _first(record, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return error(f"record has no text (none of the keys {', '.join(TEXT_KEYS)})")
    try:
        text, repairs = repair_text(text)
    except DecodeError as exc:
        return error(str(exc))
    raw_id = _first(record, ID_KEYS)
    doc_id = str(raw_id) if isinstance(raw_id, str | int) else doc_id_fallback
    url = _string(record.get("url"))
    metadata = Metadata(
        outlet=_string(_first(record, OUTLET_KEYS)),
        headline=_string(_first(record, HEADLINE_KEYS)),
        authors=_authors(_first(record, AUTHOR_KEYS)),
        standfirst=_string(record.get("description")),
        published=normalize_date(_first(record, DATE_KEYS)),
        language=_string(record.get("language")),
        url=url,
    )
    return Document(
        doc_id=doc_id,
        text=text,
        metadata=metadata,
        provenance=provenance.model_copy(update={"url": url}),
        repairs=repairs,
    )


def _lines(stream: IO[bytes]) -> Iterator[tuple[bytes | None, int]]:
    """``(line, size)`` per line, reading at most :data:`MAX_ARTICLE_BYTES` + 1 bytes of a line
    into memory: a longer line yields ``(None, size)`` after the rest of it is skipped."""
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = stream.readline(_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None, size
            continue
        yield line, len(line)


def read_jsonl_stream(stream: IO[bytes], path: str) -> Iterator[Document | ItemError]:
    """Articles from a binary JSONL stream (already decompressed); see the module docstring."""
    stem = Path(path).name.split(".")[0]
    line_no = 0
    try:
        for raw, size in _lines(stream):
            line_no += 1
            where = Provenance(path=path, line=line_no)
            if raw is None:
                yield ItemError(path=path, line=line_no, reason=f"article too large ({size} bytes)")
                continue
            if not raw.strip():
                continue  # blank lines separate nothing in JSONL; they are not items
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield ItemError(
                    path=path,
                    line=line_no,
                    reason=f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                )
                continue
            except json.JSONDecodeError as exc:
                yield ItemError(path=path, line=line_no, reason=f"not JSON: {exc.msg}")
                continue
            yield record_to_document(record, f"{stem}-L{line_no}", where)
    except (EOFError, zlib.error, OSError) as exc:
        yield ItemError(
            path=path, line=line_no + 1, reason=f"truncated or corrupt compressed stream: {exc}"
        )
