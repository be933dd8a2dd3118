"""Reader dispatch: a path (file or directory) to a stream of ``Document | ItemError``.

The format is chosen by file name, after an optional ``.gz``: ``.txt`` (plain text, one article),
``.html``/``.htm``/``.xhtml`` (one page, trafilatura), ``.warc`` (WARC, warcio),
``.jsonl``/``.ndjson`` (one article per line). Directories are walked recursively in sorted order
and every file with a known suffix is read; a file named on the command line with an unknown
suffix is an error item. Nothing here raises for a bad input: unreadable files, truncated
gzip streams and undecodable bytes become :class:`ItemError` items. The same dispatch serves the
local engine and the distributed one.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from byline.model import Document, ItemError, Metadata, Provenance
from byline.readers.html import read_html_bytes
from byline.readers.jsonl import read_jsonl_stream
from byline.readers.text import MAX_ARTICLE_BYTES, read_text_bytes
from byline.readers.warc import read_warc_stream

Item = Document | ItemError
Reader = Callable[[Path], Iterator[Item]]

FORMAT_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def detect_format(path: str | Path) -> str | None:
    """The reader name for ``path`` by its suffix (``.gz`` ignored), or ``None`` if unknown."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMAT_SUFFIXES.get(suffixes[-1]) if suffixes else None


def _is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _doc_id(path: Path) -> str:
    return path.name.split(".")[0] or path.name


def _read_whole(path: Path) -> bytes | ItemError:
    """The (decompressed) bytes of a one-article file, bounded by ``MAX_ARTICLE_BYTES``."""
    try:
        if _is_gzip(path):
            with gzip.open(path, "rb") as stream:
                data = stream.read(MAX_ARTICLE_BYTES + 1)
        else:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                return ItemError(path=str(path), reason=f"article too large ({size} bytes)")
            data = path.read_bytes()
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return ItemError(path=str(path), reason=f"truncated or corrupt gzip file: {exc}")
    except OSError as exc:
        return ItemError(path=str(path), reason=f"cannot read: {exc.strerror or exc}")
    if len(data) > MAX_ARTICLE_BYTES:
        return ItemError(path=str(path), reason=f"article too large (over {len(data) - 1} bytes)")
    return data


def read_text_file(path: Path) -> Iterator[Item]:
    """One plain-text article (``.txt`` or ``.txt.gz``); ``doc_id`` is the file name's stem."""
    data = _read_whole(path)
    yield data if isinstance(data, ItemError) else read_text_bytes(data, _doc_id(path), str(path))


def read_html_file(path: Path) -> Iterator[Item]:
    """One HTML page (``.html``, ``.htm``, ``.xhtml``, optionally ``.gz``)."""
    data = _read_whole(path)
    if isinstance(data, ItemError):
        yield data
    else:
        yield read_html_bytes(data, _doc_id(path), Provenance(path=str(path)))


def read_jsonl_file(path: Path) -> Iterator[Item]:
    """Articles of a ``.jsonl`` / ``.jsonl.gz`` file, one per line."""
    try:
        stream = gzip.open(path, "rb") if _is_gzip(path) else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield ItemError(path=str(path), reason=f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from read_jsonl_stream(stream, str(path))


def read_warc_file(path: Path) -> Iterator[Item]:
    """Articles of the HTML responses in a ``.warc`` / ``.warc.gz`` file."""
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield ItemError(path=str(path), reason=f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from read_warc_stream(stream, str(path))


READERS: dict[str, Reader] = {
    "text": read_text_file,
    "html": read_html_file,
    "warc": read_warc_file,
    "jsonl": read_jsonl_file,
}
"""Reader per format name; add a format by adding a suffix and a reader here."""


def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Expand inputs: a file is itself; a directory is its files of a known format (recursive,
    sorted)."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and detect_format(p) is not None
            )
        else:
            yield path


def read_path(path: str | Path) -> Iterator[Item]:
    """Every item of one file, by its format; an unknown format is one :class:`ItemError`."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is None:
        yield ItemError(path=str(path), reason="unknown input format (by file name suffix)")
        return
    if not path.exists():
        yield ItemError(path=str(path), reason="cannot read: no such file")
        return
    try:
        yield from READERS[fmt](path)
    except Exception as exc:  # a reader bug must cost one file, not the whole run
        yield ItemError(path=str(path), reason=f"reader failed: {type(exc).__name__}: {exc}")


def read_inputs(
    inputs: Iterable[str | Path], sidecar: dict[str, Metadata] | None = None
) -> Iterator[Item]:
    """Every item of every input (files and directories), in order.

    ``sidecar`` maps a doc id to metadata (see :mod:`byline.readers.sidecar`); it is applied to
    documents that have that doc id, over what the reader found (empty values do not erase).
    """
    for path in iter_input_files(inputs):
        for item in read_path(path):
            if sidecar and isinstance(item, Document) and item.doc_id in sidecar:
                given = sidecar[item.doc_id].model_dump()
                found = item.metadata.model_dump()
                found.update({k: v for k, v in given.items() if v not in (None, [], "")})
                item.metadata = Metadata(**found)
            yield item
