"""Attribution quality on the PolNeAR dev split, scored by the shared benchmark scorer.

Runs the real pipeline (``byline.analyze.analyze_many``: structure, one spaCy parse, attribution
extraction) over ``../shared/data/polnear/dev/text`` and scores the records with
``../shared/bench/score_attributions.py``. The bar, ``attribution_f1 >= 0.60``, is the product
target (Gender Gap Tracker baseline: 0.464). Takes about 30 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from byline.analyze import analyze_many
from byline.model import AnalyzedArticle, Document

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DEV = SHARED / "data" / "polnear" / "dev"
SCORER = SHARED / "bench" / "score_attributions.py"

pytestmark = pytest.mark.skipif(
    not (DEV.is_dir() and SCORER.is_file()), reason="../shared PolNeAR dev or scorer absent"
)


def _documents() -> list[Document]:
    docs = []
    for path in sorted((DEV / "text").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as f:
            docs.append(Document(doc_id=path.stem, text=f.read()))
    return docs


def test_polnear_dev_attribution_f1(tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    with preds.open("w", encoding="utf-8") as out:
        for record in analyze_many(_documents()):
            assert isinstance(record, AnalyzedArticle), record
            out.write(record.to_json() + "\n")
    result = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), str(preds), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(result.stdout)
    assert scores["n_docs_predicted"] == 84
    assert scores["attribution_f1"] >= 0.60, scores["summary"]
    # every role is found well above the Gender Gap Tracker baseline (README reference table)
    assert scores["summary"]["content_soft_f1"] >= 0.60
    assert scores["summary"]["source_soft_f1"] >= 0.65
