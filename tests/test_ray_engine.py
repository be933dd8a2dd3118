"""The Ray engine against the local engine on a small corpus built here (local Ray, 2 CPUs).

Every record the Ray engine writes must equal the local engine's for the same article (same
ids, hashes, provenance, attributions: the whole model), and the per-item errors must be the
same; loading the shards must give the store that a local ingest gives.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import build_fixture_corpus
from typer.testing import CliRunner

pytest.importorskip("ray", reason="Ray is not installed (pip install 'byline[ray]')")

from byline.cli import app
from byline.engines.ingest import ingest
from byline.engines.load import load_shards
from byline.engines.local import analyze_parallel
from byline.engines.ray_engine import run_ray, start_ray
from byline.engines.shards import iter_articles, iter_errors, read_manifest
from byline.model import AnalyzedArticle, ItemError
from byline.readers.registry import read_inputs
from byline.store import Store

BAD_ITEMS = {
    ("empty.txt", None, "empty file"),
    ("feed.jsonl", 2, "not JSON"),
    ("feed.jsonl", 3, "record has no text"),
    ("missing.txt", None, "cannot read: no such file"),
}
"""(file name, line, reason prefix) of the errors planted below, as the readers word them."""


@pytest.fixture(scope="module")
def local_ray() -> Iterator[float]:
    import ray

    seconds = start_ray(num_cpus=2)
    yield seconds
    ray.shutdown()


def _corpus(root: Path) -> tuple[Path, int]:
    corpus, good = build_fixture_corpus(root)
    (corpus / "empty.txt").write_bytes(b"")
    lines = [
        json.dumps({"text": "The council met on Monday, the chair said.", "outlet": "Gazette"}),
        "{not json",
        json.dumps({"title": "A record without text"}),
        json.dumps({"text": '"We are ready," the head teacher said on Friday.'}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return corpus, good + 2


def _key(result: AnalyzedArticle | ItemError) -> tuple:
    if isinstance(result, ItemError):
        return (result.path, result.line or 0, result.record_offset or 0, result.reason)
    return (result.content_hash, result.provenance.path or "", result.provenance.line or 0)


def _error_keys(errors: list[ItemError]) -> set[tuple]:
    found = set()
    for error in errors:
        where = (Path(error.path).name, error.line)
        prefix = next(r for n, line, r in BAD_ITEMS if (n, line) == where)
        assert error.reason.startswith(prefix), error
        found.add((Path(error.path).name, error.line, prefix))
    return found


def test_ray_records_equal_local_records(
    local_ray: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, articles = _corpus(tmp_path)
    # relative inputs, as typed on a command line: the workers run elsewhere (their own cwd)
    monkeypatch.chdir(tmp_path)
    inputs = ["corpus", "missing.txt"]
    local = sorted(analyze_parallel(read_inputs(inputs), workers=1), key=_key)
    local_articles = [r for r in local if isinstance(r, AnalyzedArticle)]
    local_errors = [r for r in local if isinstance(r, ItemError)]

    summary = run_ray(inputs, tmp_path / "out", workers=2, batch_size=3)
    ray_articles = sorted(iter_articles(tmp_path / "out"), key=_key)
    ray_errors = sorted(iter_errors(tmp_path / "out"), key=_key)

    assert len(local_articles) == articles == summary.articles
    assert len(ray_errors) == len(BAD_ITEMS) == summary.errors
    assert _error_keys(ray_errors) == BAD_ITEMS
    assert ray_errors == local_errors
    assert [(a.doc_id, a.content_hash, a.provenance) for a in ray_articles] == [
        (a.doc_id, a.content_hash, a.provenance) for a in local_articles
    ]
    assert [a.attributions for a in ray_articles] == [a.attributions for a in local_articles]
    assert sum(len(a.attributions) for a in ray_articles) >= articles  # not a vacuous compare
    assert ray_articles == local_articles
    assert all(not os.path.isabs(a.provenance.path or "") for a in ray_articles)
    manifest = read_manifest(tmp_path / "out")
    assert manifest is not None
    assert (manifest["articles"], manifest["errors"], manifest["workers"]) == (articles, 4, 2)
    # 6 fixture files, 4 built by build_fixture_corpus; empty.txt, feed.jsonl, missing.txt
    assert summary.files == 6 + 4 + 3

    # loading the shards gives the store a local ingest gives, and loading again adds nothing
    loaded = Store(tmp_path / "loaded.db")
    first = load_shards(tmp_path / "out", loaded)
    assert (first.stored, first.errors) == (articles, 4)
    reference = Store(tmp_path / "local.db")
    ingest(inputs, reference, workers=1)
    assert list(loaded.iter_articles()) != []
    assert sorted(loaded.iter_articles(), key=_key) == sorted(reference.iter_articles(), key=_key)
    drop = ("first_run", "last_run", "first_seen", "last_seen")

    def errors(store: Store) -> list[dict]:
        return [{k: v for k, v in e.items() if k not in drop} for e in store.errors()]

    assert errors(loaded) == errors(reference)
    again = load_shards(tmp_path / "out", loaded)
    assert (again.stored, again.duplicates) == (0, articles)
    assert loaded.counts() == {**reference.counts(), "runs": 2}


def test_ingest_command_with_the_ray_engine(local_ray: float, tmp_path: Path) -> None:
    corpus, articles = _corpus(tmp_path)
    db = tmp_path / "c.db"
    out = tmp_path / "shards"
    command = ["ingest", str(corpus), "--engine", "ray", "--out", str(out), "--workers", "2"]
    result = CliRunner().invoke(app, [*command, "--db", str(db), "--batch-size", "8"])
    assert result.exit_code == 1, result.output  # 3 items failed: the local engine's contract
    assert f"{articles} articles, 3 errors" in result.output
    assert f"{articles} articles stored" in result.output
    with Store(db) as store:
        assert store.counts()["articles"] == articles
        assert len(store.errors()) == 3
    no_out = CliRunner().invoke(app, ["ingest", str(corpus), "--engine", "ray"])
    assert no_out.exit_code == 2 and "--out" in no_out.output
