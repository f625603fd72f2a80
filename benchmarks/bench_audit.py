"""Claim audit: recall and precision by kind on the corpus (tuned and held-out splits), and the
time to audit the shipped library.

    PYTHONPATH=src python benchmarks/bench_audit.py [--misses]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "audit"))

from corpus import Score, load_corpus, score  # noqa: E402

from evidence_dashboard.audit import KINDS, audit_library  # noqa: E402
from evidence_dashboard.content.library import load_library  # noqa: E402


def table(name: str, result: Score) -> None:
    print(f"\n{name}: recall {result.recall():.1%} ({sum(result.hits.values())}/"
          f"{sum(result.expected.values())}), precision {result.precision():.1%} "
          f"({sum(result.correct_reported.values())}/{sum(result.reported.values())})")  # fmt: skip
    print(f"  {'kind':<22} {'recall':>14} {'precision':>14}")
    for kind in KINDS:
        if not result.expected[kind] and not result.reported[kind]:
            continue
        recall = f"{result.recall(kind):.0%} ({result.hits[kind]}/{result.expected[kind]})"
        precision = (f"{result.precision(kind):.0%} ({result.correct_reported[kind]}/"
                     f"{result.reported[kind]})")  # fmt: skip
        print(f"  {kind:<22} {recall:>14} {precision:>14}")


def main() -> None:
    corpus = load_corpus()
    errors = sum(1 for e in corpus if e["expected"])
    print(
        f"corpus: {len(corpus)} sentences, {errors} planted errors, {len(corpus) - errors} correct"
    )
    results = {}
    for split in ("tune", "heldout"):
        entries = [e for e in corpus if e["split"] == split]
        results[split] = score(entries)
        table(f"{split} ({len(entries)} sentences)", results[split])
    hand = [e for e in corpus if e["source"] == "hand"]
    table(f"hand-written, held out ({len(hand)} sentences)", score(hand))
    if "--misses" in sys.argv:
        for split, result in results.items():
            for kind, sentence in result.misses:
                print(f"MISS {split} {kind}: {sentence}")
            for kind, sentence, message in result.false_alarms:
                print(f"FALSE {split} {kind}: {sentence}\n      {message}")
    library = load_library(ROOT / "data")
    audit_library(library)  # warm: vocabulary compiled once per process
    runs = 5
    start = time.perf_counter()
    for _ in range(runs):
        findings = audit_library(library)
    elapsed = (time.perf_counter() - start) / runs
    errors = sum(1 for f in findings if f.severity == "error")
    print(f"\nshipped library: {len(library.articles)} article(s) audited in {elapsed * 1000:.0f} ms "
          f"({errors} error(s), {len(findings) - errors} warning(s))")  # fmt: skip


if __name__ == "__main__":
    main()
