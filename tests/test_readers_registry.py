"""Reader dispatch: formats by suffix, directories, gzip, sidecars, errors as items."""

from __future__ import annotations

import gzip
from pathlib import Path

from corpus_helpers import GZ_TEXT, build_fixture_corpus

from byline.model import Document, ItemError, Metadata
from byline.readers.registry import detect_format, iter_input_files, read_inputs, read_path


def test_detect_format() -> None:
    assert detect_format("a/b.txt") == "text"
    assert detect_format("b.TXT.gz") == "text"
    assert detect_format("CC-NEWS-2024.warc.gz") == "warc"
    assert detect_format("x.jsonl.gz") == "jsonl"
    assert detect_format("page.htm") == "html"
    assert detect_format("notes.pdf") is None
    assert detect_format("archive.gz") is None


def test_directory_reads_every_format(tmp_path: Path) -> None:
    corpus, expected = build_fixture_corpus(tmp_path)
    (corpus / "README.md").write_text("not an article")
    files = list(iter_input_files([corpus]))
    assert corpus / "README.md" not in files
    items = list(read_inputs([corpus]))
    assert all(isinstance(i, Document) for i in items), [
        i for i in items if isinstance(i, ItemError)
    ]
    assert len(items) == expected
    assert len({i.text for i in items}) == expected
    assert all(i.provenance.path for i in items)


def test_gzip_text_and_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bakery.txt.gz"
    data = gzip.compress(GZ_TEXT.encode())
    path.write_bytes(data)
    (item,) = read_path(path)
    assert isinstance(item, Document) and item.text == GZ_TEXT and item.doc_id == "bakery"
    path.write_bytes(data[:-12])
    (error,) = read_path(path)
    assert isinstance(error, ItemError) and error.reason.startswith("truncated or corrupt gzip")


def test_unknown_and_missing_files_are_errors(tmp_path: Path) -> None:
    (unknown,) = read_path(tmp_path / "scan.pdf")
    assert isinstance(unknown, ItemError) and unknown.reason.startswith("unknown input format")
    (missing,) = read_path(tmp_path / "gone.txt")
    assert isinstance(missing, ItemError) and missing.reason == "cannot read: no such file"


def test_sidecar_metadata_applies_by_doc_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The chair said the vote would wait.\n")
    (tmp_path / "b.txt").write_text("The clerk said nothing.\n")
    sidecar = {"a": Metadata(outlet="Gazette", published="2020-01-02")}
    a, b = read_inputs([tmp_path], sidecar)
    assert a.metadata.outlet == "Gazette" and a.metadata.published == "2020-01-02"
    assert b.metadata.outlet is None


def test_a_reader_bug_costs_one_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from byline.readers import registry

    def broken(path: Path):  # type: ignore[no-untyped-def]
        yield Document(doc_id="first", text="The first story, the clerk said.")
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.READERS, "jsonl", broken)
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.txt").write_text("The second story, the chair said.\n")
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "ItemError", "Document"]
    assert items[1].reason == "reader failed: RuntimeError: boom"
