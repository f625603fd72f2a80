"""Time ``pool()`` for k = 10, 100, 1000 studies with every method; prints median and p95 ms.

Run with ``.venv/bin/python benchmarks/bench_pool.py [--repeats N] [--input columns|frame]``.
The studies are simulated arm counts (fixed seed); input defaults to a mapping of numpy
arrays (the fast path).  No assertions: the figures are printed only.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
import pandas as pd

from evidence_dashboard.stats import METHODS, pool

SIZES = (10, 100, 1000)


def simulate(k: int, seed: int = 20240601) -> dict[str, Any]:
    """Arm counts for ``k`` studies with heterogeneous true risk ratios."""
    rng = np.random.default_rng(seed)
    n1 = rng.integers(50, 2000, size=k)
    n2 = rng.integers(50, 2000, size=k)
    p2 = rng.uniform(0.02, 0.3, size=k)
    rr = np.exp(rng.normal(-0.2, 0.3, size=k))
    p1 = np.clip(p2 * rr, 0.001, 0.95)
    return {
        "id": np.array([f"S{i + 1}" for i in range(k)]),
        "events_treatment": rng.binomial(n1, p1).astype(float),
        "total_treatment": n1.astype(float),
        "events_control": rng.binomial(n2, p2).astype(float),
        "total_control": n2.astype(float),
    }


def time_method(rows: Any, method: str, measure: str, repeats: int) -> tuple[float, float]:
    """Median and 95th percentile wall time in milliseconds."""
    pool(rows, measure=measure, method=method)  # warm up
    times = np.empty(repeats)
    for i in range(repeats):
        start = time.perf_counter()
        pool(rows, measure=measure, method=method)
        times[i] = time.perf_counter() - start
    return float(np.median(times) * 1e3), float(np.percentile(times, 95) * 1e3)


def main() -> None:
    """Print a table of timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--input", choices=("columns", "frame"), default="columns")
    args = parser.parse_args()
    print(f"pool() timings, input={args.input}, repeats={args.repeats}")
    print(f"{'k':>6} {'method':>6} {'median ms':>10} {'p95 ms':>8}")
    for k in SIZES:
        data = simulate(k)
        rows: Any = pd.DataFrame(data) if args.input == "frame" else data
        for method in METHODS:
            measure = "OR" if method == "peto" else "RR"
            median, p95 = time_method(rows, method, measure, args.repeats)
            print(f"{k:>6} {method:>6} {median:>10.3f} {p95:>8.3f}")


if __name__ == "__main__":
    main()
