"""The planted-error corpus: its size, and the audit's recall and precision on it.

The figures themselves are printed by ``benchmarks/bench_audit.py`` (tuned and held-out apart);
this test holds the issue's targets on the whole corpus so a regression fails CI.
"""

from __future__ import annotations

import pytest

from .corpus import load_corpus, score

TARGET_RECALL, TARGET_PRECISION, KIND_RECALL = 0.95, 0.90, 0.85


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return load_corpus()


def test_corpus_is_large_enough_and_held_out_part_exists(corpus):
    errors = [e for e in corpus if e["expected"]]
    correct = [e for e in corpus if not e["expected"]]
    assert len(errors) >= 200 and len(correct) >= 150
    assert {e["split"] for e in corpus} == {"tune", "heldout"}
    assert sum(e["source"] == "paraphrase" for e in correct) >= 50  # wording the article lacks
    kinds = {k for e in errors for k in e["expected"]}
    assert len(kinds) >= 11


def test_recall_and_precision_meet_the_targets(corpus):
    result = score(corpus)
    assert result.recall() >= TARGET_RECALL, result.misses[:10]
    assert result.precision() >= TARGET_PRECISION, result.false_alarms[:10]
    low = {k: result.recall(k) for k in result.expected if result.recall(k) < KIND_RECALL}
    assert low == {}
