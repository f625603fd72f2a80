"""Benchmark: validating a 100,000-row evidence table, the Evidence page's rerun time, and
what its reruns keep in memory.

Run with ``.venv/bin/python benchmarks/bench_evidence.py [--rows N] [--reruns N]``. It prints
figures and never asserts. Targets: validation under 2 s; Evidence page reruns within 2x a
minimal page that shows the same table in one ``st.dataframe``; no copy of the rows kept per
rerun (Python memory still held after a full collection, traced with ``tracemalloc``).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from evidence_dashboard import schema  # noqa: E402
from evidence_dashboard.content.evidence import parse_evidence_csv  # noqa: E402
from evidence_dashboard.content.library import DATA_ENV_VAR, load_library  # noqa: E402

MINIMAL_PAGE = """
import streamlit as st
from evidence_dashboard.ui.loaders import get_library

library = get_library()
st.multiselect("Design", ["cohort", "case-control"], key="design")
st.dataframe(library.evidence, hide_index=True)
"""


def _row(i: int, rng: random.Random, source: str) -> dict[str, str]:
    measure = rng.choice(["RR", "OR", "HR", "proportion", "statement"])
    row = dict.fromkeys((c.name for c in schema.EVIDENCE_COLUMNS), "")
    row.update(
        id=f"B-{i:06d}",
        source=source,
        locator=f"table {rng.randint(1, 9)}",
        drug=rng.choice(["diazepam", "lorazepam", "baclofen", "tizanidine", "zolpidem"]),
        drug_class=rng.choice(["benzodiazepine", "skeletal muscle relaxant"]),
        comparator="placebo",
        outcome=f"outcome {rng.randint(1, 50)}",
        outcome_category=rng.choice(schema.values(schema.OUTCOME_CATEGORIES)),
        population="adults",
        age_group=rng.choice(schema.values(schema.AGE_GROUPS)),
        design=rng.choice(schema.values(schema.DESIGNS)),
        measure=measure,
        note=f"generated row {i}",
    )
    if measure == "statement":
        row["statement"] = "Use with caution in older adults."
    elif measure == "proportion":
        row["estimate"] = f"{rng.uniform(1, 60):.1f}"
    else:
        est = rng.uniform(0.5, 3.0)
        row.update(
            estimate=f"{est:.2f}",
            ci_low=f"{est * 0.8:.2f}",
            ci_high=f"{est * 1.25:.2f}",
            ci_level="95",
            n_participants=str(rng.randint(50, 50_000)),
        )
    return row


def make_content(folder: Path, rows: int) -> Path:
    """A content folder: the shipped articles and references plus a generated evidence table."""
    shutil.copytree(ROOT / "data" / "articles", folder / "articles")
    shutil.copytree(ROOT / "data" / "references", folder / "references")
    (folder / "evidence").mkdir()
    shutil.copy(ROOT / "data" / "evidence" / "diazepam-anxiety-spasm.csv", folder / "evidence")
    sources = list(load_library(ROOT / "data").references)
    rng = random.Random(20261126)
    path = folder / "evidence" / "generated.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c.name for c in schema.EVIDENCE_COLUMNS])
        writer.writeheader()
        for i in range(rows):
            writer.writerow(_row(i, rng, rng.choice(sources)))
    return path


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rerun_times(
    entry: Path, reruns: int, change: Callable[[object, int], None], page: str | None = None
) -> list[float]:
    """Times of ``reruns`` reruns of a page in AppTest, each after a widget change.

    Multipage pages are reached from the entrypoint (``page`` relative to it), as in a browser.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(entry), default_timeout=600)
    at.run()  # the first runs load and cache the library and derived tables; not timed
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    times = []
    for i in range(reruns):
        change(at, i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def retained_per_rerun(
    entry: Path, page: str, reruns: int
) -> tuple[float, float, float, list[str]]:
    """Python memory the Evidence page still holds after ``reruns`` more reruns over the rows,
    once every sort order has been seen and a full collection has run: ``(total MB, MB per
    rerun, MB still held by Arrow's memory pool, the five biggest growths by line)``; Streamlit
    sends a table as Arrow, whose buffers ``tracemalloc`` does not see. A copy of the rows kept per rerun would show as
    tens of MB per rerun here; RSS (bench_browser.py) also counts garbage not yet collected and
    heap the allocator has not handed back.
    """
    import gc
    import tracemalloc

    import pyarrow
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(entry), default_timeout=600)
    at.run()
    at.switch_page(page).run()
    sorts = ["drug", "estimate", "outcome", "id"]
    for column in sorts:  # every order once: the cached views exist before the count starts
        at.selectbox(key="ev_sort").set_value(column).run()
    gc.collect()
    tracemalloc.start(8)
    before = tracemalloc.take_snapshot()
    arrow_before = pyarrow.total_allocated_bytes()
    for i in range(reruns):
        at.selectbox(key="ev_sort").set_value(sorts[i % len(sorts)]).run()
        assert not at.exception, at.exception
    gc.collect()
    after = tracemalloc.take_snapshot()
    arrow = (pyarrow.total_allocated_bytes() - arrow_before) / 1024 / 1024
    tracemalloc.stop()
    growth = after.compare_to(before, "lineno")
    total = sum(d.size_diff for d in growth) / 1024 / 1024
    top = [
        f"{d.size_diff / 1024:+.0f} KB {d.traceback[0].filename.rsplit('/', 2)[-1]}:"
        f"{d.traceback[0].lineno}"
        for d in sorted(growth, key=lambda d: -d.size_diff)[:5]
    ]
    return total, total / reruns, arrow, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="validation runs")
    parser.add_argument("--reruns", type=int, default=30, help="page reruns per page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "data"
        content.mkdir()
        path = make_content(content, args.rows)
        size = path.stat().st_size / 1024 / 1024
        print(f"generated {args.rows:,} rows ({size:.1f} MB) in {path.name}")
        text = path.read_text(encoding="utf-8")

        parse = timed(lambda: parse_evidence_csv(text, "generated.csv"), args.runs)
        load = timed(lambda: load_library(content), args.runs)
        print(f"parse_evidence_csv: median {statistics.median(parse):.2f} s  (target < 2 s)")
        print(f"load_library:       median {statistics.median(load):.2f} s")

        os.environ[DATA_ENV_VAR] = str(content)
        minimal = Path(tmp) / "minimal_page.py"
        minimal.write_text(MINIMAL_PAGE)
        designs = ["cohort", "case-control"]

        def change_minimal(at, i):
            at.multiselect(key="design").set_value([designs[i % 2]])

        def change_explorer(at, i):
            at.multiselect(key="ev_design").set_value([designs[i % 2]])

        base = rerun_times(minimal, args.reruns, change_minimal)

        def toggle_order(at, i):
            at.toggle(key="ev_asc").set_value(i % 2 == 1)

        evidence_page = "pages/3_Evidence.py"
        page = rerun_times(ROOT / "app.py", args.reruns, change_explorer, evidence_page)
        # The harder case: no filter, so the page sends every row, like the minimal page.
        full = rerun_times(ROOT / "app.py", args.reruns, toggle_order, evidence_page)
        for name, values in (
            ("minimal page", base),
            ("Evidence page, design filter changed", page),
            ("Evidence page, all rows, sort order changed", full),
        ):
            print(
                f"{name:>44} rerun: median {statistics.median(values) * 1000:.0f} ms, "
                f"p95 {p95(values) * 1000:.0f} ms ({len(values)} reruns)"
            )
        for name, values in (("filtered", page), ("all rows", full)):
            ratio = statistics.median(values) / statistics.median(base)
            print(f"Evidence page ({name}) / minimal page, median: {ratio:.2f}x  (target <= 2x)")
        total, each, arrow, top = retained_per_rerun(ROOT / "app.py", evidence_page, 20)
        print(
            f"Evidence page, 20 more reruns over all {args.rows:,} rows (sort changed): Python "
            f"memory held after a full collection {total:+.1f} MB ({each:+.2f} MB a rerun), "
            f"Arrow buffers held {arrow:+.1f} MB (a copy of the rows would be tens of MB a "
            "rerun)"
        )
        print("  biggest growths: " + "; ".join(top))


if __name__ == "__main__":
    main()
