"""The load check script (benchmarks/web_load.py) runs end to end on a small synthetic corpus:
a real ``byline serve`` on loopback, concurrent searches, zero errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "web_load.py"


def _load():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("web_load", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_corpus_offsets(tmp_path: Path) -> None:
    from byline.store import Store

    web_load = _load()
    web_load.build_corpus(tmp_path / "s.db", 10)
    with Store(tmp_path / "s.db", readonly=True) as store:
        articles = list(store.iter_articles())
    assert len(articles) == 10 and all(len(a.attributions) == 3 for a in articles)
    for a in articles:
        for t in a.attributions:
            assert a.text[t.cue.start : t.cue.end] == "said"
            assert a.text[t.source.start : t.source.end] == t.speaker.name
            assert a.text[t.content.start] == '"' and a.text[t.content.end - 1] == '"'


def test_load_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    web_load = _load()
    status = web_load.main(
        ["--articles", "30", "--concurrency", "10", "--requests", "30", "--deadline", "60"]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "30 searches, 10 concurrent" in out and "errors: 0" in out and "p95" in out
