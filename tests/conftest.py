"""Shared test fixtures. ``../shared`` (beside the repository) holds the seed article and PolNeAR;
tests that need it skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "data" / "seed" / "000_902d9eaf5988795e.txt"
POLNEAR = SHARED / "data" / "polnear"
SCORER = SHARED / "bench" / "score_attributions.py"
EXAMPLES = REPO / "examples"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not available ({SEED}): ../shared is absent")
    return SEED


@pytest.fixture
def polnear_dir() -> Path:
    if not (POLNEAR / "dev" / "text").is_dir() or not SCORER.is_file():
        pytest.skip(f"PolNeAR or the scorer not available under {SHARED}: ../shared is absent")
    return POLNEAR
