"""Plain-text articles: one ``.txt`` file is one article, ``doc_id`` is the file stem."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from byline.model import Document, ItemError, Provenance
from byline.readers.decode import DecodeError, decode_article_bytes
from byline.readers.paths import path_label, regular_file_problem

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
"""Largest single article accepted (bytes); larger files are recorded as errors."""


def read_text_bytes(data: bytes, doc_id: str, path: str) -> Document | ItemError:
    """One article from raw bytes; an :class:`ItemError` naming ``path`` when it can't be read."""
    if len(data) > MAX_ARTICLE_BYTES:
        return ItemError(path=path, reason=f"article too large ({len(data)} bytes)")
    try:
        text, repairs = decode_article_bytes(data)
    except DecodeError as exc:
        return ItemError(path=path, reason=str(exc))
    return Document(doc_id=doc_id, text=text, provenance=Provenance(path=path), repairs=repairs)


def iter_text_paths(inputs: Iterable[str], exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Expand inputs: a file is itself, a directory is its ``*.txt`` files (recursive, sorted)
    except the files in ``exclude`` (the run's own output file, which a directory input may
    hold)."""
    skip = {p.resolve() for p in exclude}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = (p for p in path.rglob("*.txt") if p.is_file())
            yield from sorted(p for p in found if not skip or p.resolve() not in skip)
        else:
            yield path


def _other_format(path: Path) -> bool:
    """A file named with the suffix of another reader's format (``.html``, ``.jsonl``,
    ``.warc``) or compressed (``.gz``): read by that reader, not as plain text."""
    suffixes = [s.lower() for s in path.suffixes]
    if not suffixes or path.is_dir():
        return False
    return suffixes[-1] in (".gz", ".html", ".htm", ".xhtml", ".warc", ".jsonl", ".ndjson")


def read_text_files(
    inputs: Iterable[str], exclude: Iterable[Path] = ()
) -> Iterator[Document | ItemError]:
    """Articles from files and directories; ``-`` reads one article from standard input.

    A directory gives its ``*.txt`` files. A file named with another format's suffix (HTML,
    JSONL, WARC, or any ``.gz``) is read by that format's reader
    (:func:`byline.readers.registry.read_path`) instead of being taken as plain text; any
    other named file is plain text. ``exclude`` as for :func:`iter_text_paths`.

    A path that is missing or not a regular file (a fifo would block) is an :class:`ItemError`;
    paths are written with :func:`~byline.readers.paths.path_label`."""
    for item in inputs:
        if item == "-":
            yield read_text_bytes(sys.stdin.buffer.read(), "stdin", "<stdin>")
            continue
        if _other_format(Path(item)):
            from byline.readers.registry import read_path  # registry imports this module

            yield from read_path(item)
            continue
        for path in iter_text_paths([item], exclude):
            label = path_label(path)
            problem = regular_file_problem(path)
            if problem is not None:
                yield ItemError(path=label, reason=problem)
                continue
            try:
                size = path.stat().st_size
                if size > MAX_ARTICLE_BYTES:
                    yield ItemError(path=label, reason=f"article too large ({size} bytes)")
                    continue
                data = path.read_bytes()
            except OSError as exc:
                yield ItemError(path=label, reason=f"cannot read: {exc.strerror or exc}")
                continue
            yield read_text_bytes(data, path_label(path.stem), label)
