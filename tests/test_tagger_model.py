"""The shipped attribution model: loads offline, stays small, reproduces the training run's
recorded predictions, and finds a plain reported-speech attribution in a text of our own."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from byline.nlp.pipeline import get_nlp, make_doc
from byline.nlp.tagger import MODEL_DIR, Tagger, load_tagger, predict_attributions, predict_many
from byline.structure import structure

SAMPLE = Path(__file__).resolve().parent / "data" / "tagger_sample_predictions.jsonl"


def _parse(text: str):  # type: ignore[no-untyped-def]
    nlp = get_nlp()
    return nlp(make_doc(nlp, text, structure(text).regions_spans()))


def test_shipped_model_files_are_small_and_load_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    onnx_file = MODEL_DIR / "model.int8.onnx"
    assert onnx_file.is_file()
    assert onnx_file.stat().st_size <= 50 * 1024 * 1024
    assert (MODEL_DIR / "MODEL_CARD.md").is_file()
    tagger = load_tagger()
    assert tagger.config.labels[0] == "O" and len(tagger.config.labels) == 7


def test_plain_reported_speech_is_found() -> None:
    text = (
        "Budget talks stall\n\n"
        "Senator Maria Lopez said on Tuesday that the budget would not pass this year.\n"
    )
    atts = predict_attributions(_parse(text), structure(text).analyzable_spans())
    # The cue may take the adjunct along ("said on Tuesday"), as PolNeAR annotators sometimes do.
    said = [a for a in atts if a.cue is not None and a.cue.text.split()[0] == "said"]
    assert len(said) == 1
    att = said[0]
    assert att.source is not None and "Lopez" in att.source.text
    assert "the budget would not pass this year" in att.content.text
    assert att.kind == "indirect"
    assert att.id.startswith("A")


def test_same_predictions_as_the_training_run_on_a_fixed_sample(polnear_dir: Path) -> None:
    """``tagger_sample_predictions.jsonl`` was written by the training run (the exported int8
    model on the first dev articles, one ``predict_many`` call, the decoding of training time:
    no label bias, no rule evidence); the shipped model file, decoded the same way, must give
    exactly the same spans."""
    expected = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    texts = []
    for record in expected:
        path = polnear_dir / "dev" / "text" / f"{record['doc_id']}.txt"
        with open(path, encoding="utf-8", newline="") as f:
            texts.append(f.read())
    from byline.training.train import parse_docs

    docs = parse_docs(texts)
    shipped = load_tagger()
    as_trained = Tagger(
        shipped.tokenizer,
        shipped.runner,
        replace(shipped.config, label_bias=(0.0,) * len(shipped.config.labels)),
    )
    got = predict_many([(doc, None) for doc in docs], as_trained)
    assert sum(len(r["attributions"]) for r in expected) > 10
    for record, atts in zip(expected, got, strict=True):
        mine = [
            {
                "kind": a.kind,
                "source": [list(p) for p in a.source.spans] if a.source else [],
                "cue": [list(p) for p in a.cue.spans] if a.cue else [],
                "content": [list(p) for p in a.content.spans],
            }
            for a in atts
        ]
        assert mine == record["attributions"], record["doc_id"]


def test_an_article_tags_the_same_alone_and_in_a_batch(polnear_dir: Path) -> None:
    """int8 dynamic quantization scales each input tensor as a whole, so windows are run one at
    a time: an article's attributions must not depend on the articles batched with it."""
    paths = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:4]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs = [_parse(t) for t in texts]
    spans = [structure(t).analyzable_spans() for t in texts]
    together = predict_many(list(zip(docs, spans, strict=True)))
    for doc, span, batched in zip(docs, spans, together, strict=True):
        alone = predict_many([(doc, span)])[0]
        assert [a.model_dump() for a in alone] == [a.model_dump() for a in batched]
