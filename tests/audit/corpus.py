"""The audit corpus (``corpus.json``, built by ``make_corpus.py``) and its scoring."""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from evidence_dashboard.audit import Evidence, audit_sentence, load_vocabulary

HERE = Path(__file__).resolve().parent
# Reported for the reader, never scored: it says the audit could not read a number.
UNSCORED = frozenset({"unparsed-number"})


def load_corpus() -> list[dict]:
    """Every entry: sentence, cited rows, expected kinds ([] for a correct sentence), split."""
    return json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))


def corpus_evidence() -> Evidence:
    """The evidence snapshot the corpus was written against (read without the schema)."""
    with (HERE / "corpus-evidence.csv").open(encoding="utf-8", newline="") as handle:
        return Evidence.from_records(list(csv.DictReader(handle)))


@dataclass
class Score:
    """Recall by expected kind and precision by reported kind."""

    hits: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)
    reported: Counter = field(default_factory=Counter)
    correct_reported: Counter = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        hit = self.hits[kind] if kind else sum(self.hits.values())
        total = self.expected[kind] if kind else sum(self.expected.values())
        return hit / total if total else 1.0

    def precision(self, kind: str | None = None) -> float:
        good = self.correct_reported[kind] if kind else sum(self.correct_reported.values())
        total = self.reported[kind] if kind else sum(self.reported.values())
        return good / total if total else 1.0


def score(entries: list[dict], evidence: Evidence | None = None) -> Score:
    """Audit every entry and count: a kind counts once per sentence."""
    evidence = evidence or corpus_evidence()
    vocab = load_vocabulary()
    result = Score()
    for entry in entries:
        found = audit_sentence(entry["sentence"], entry["rows"], evidence, vocab)
        kinds = {f.kind for f in found} - UNSCORED
        for kind in entry["expected"]:
            result.expected[kind] += 1
            if kind in kinds:
                result.hits[kind] += 1
            else:
                result.misses.append((kind, entry["sentence"]))
        for kind in kinds:
            result.reported[kind] += 1
            if kind in entry["expected"]:
                result.correct_reported[kind] += 1
            else:
                message = next(f.message for f in found if f.kind == kind)
                result.false_alarms.append((kind, entry["sentence"], message))
    return result
