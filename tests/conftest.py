"""Shared fixtures: the seed corpus is built once per test session."""

from __future__ import annotations

import pytest

from analysis.corpus import Corpus, build_corpus
from analysis.paths import SEEDS_DIR


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    """The cleaning stage's tables for ``seeds/``."""
    return build_corpus(SEEDS_DIR)


def seed_id(prefix: str) -> str:
    """Full article id of the seed whose id starts with ``prefix`` (``"003"``)."""
    matches = [p.stem for p in SEEDS_DIR.iterdir() if p.name.startswith(prefix)]
    assert len(matches) == 1, matches
    return matches[0]

