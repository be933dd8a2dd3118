"""The data model and its published JSON Schema."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from byline.model import (
    AnalyzedArticle,
    Attribution,
    Metadata,
    Speaker,
    TextSpan,
    json_schema,
    json_schema_text,
)

TEXT = 'Officials said the talks went well. "We agreed," she said, "on a plan."'


def test_textspan_from_offsets_sorts_and_joins() -> None:
    span = TextSpan.from_offsets(TEXT, [(59, 71), (36, 48)])
    assert span.spans == [(36, 48), (59, 71)]
    assert span.text == '"We agreed," "on a plan."'
    assert (span.start, span.end) == (36, 71)


def test_textspan_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        TextSpan.from_offsets(TEXT, [(10, len(TEXT) + 1)])
    with pytest.raises(ValueError):
        TextSpan.from_offsets(TEXT, [(5, 4)])


def test_published_schema_file_is_generated_from_the_model() -> None:
    packaged = resources.files("byline").joinpath("schema/analyzed_article.schema.json")
    assert packaged.read_text(encoding="utf-8") == json_schema_text(), (
        'regenerate: python -c "from byline.model import json_schema_text; '
        "open('src/byline/schema/analyzed_article.schema.json','w').write(json_schema_text())\""
    )


def _record() -> AnalyzedArticle:
    return AnalyzedArticle(
        doc_id="t",
        content_hash="0" * 64,
        text=TEXT,
        metadata=Metadata(headline=None, authors=["A. Writer"]),
        attributions=[
            Attribution(
                id="A1",
                kind="indirect",
                source=TextSpan.from_offsets(TEXT, [(0, 9)]),
                cue=TextSpan.from_offsets(TEXT, [(10, 14)]),
                content=TextSpan.from_offsets(TEXT, [(15, 34)]),
                speaker=Speaker(name="Officials", type="group", anonymous=True),
            )
        ],
    )


def test_record_validates_against_schema_and_round_trips() -> None:
    record = _record()
    payload = json.loads(record.to_json())
    jsonschema.validate(payload, json_schema())
    assert AnalyzedArticle.model_validate(payload) == record
    assert payload["attributions"][0]["content"] == {
        "text": "the talks went well",
        "spans": [[15, 34]],
    }


def test_schema_rejects_unknown_kind() -> None:
    payload = json.loads(_record().to_json())
    payload["attributions"][0]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, json_schema())
