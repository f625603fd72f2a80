"""Rerun time of the Compare page after a filter change, next to a minimal plotly page.

Both are driven by Streamlit's AppTest in the same process and run: 30 reruns each, each rerun
changing one widget. Prints median and 95th percentile in milliseconds. Target: the Compare page
within 2x of the minimal page.

Usage: .venv/bin/python benchmarks/bench_compare_page.py [--reruns 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_PAGE = textwrap.dedent(
    """
    import plotly.graph_objects as go
    import streamlit as st

    choice = st.selectbox("Series", ["a", "b"])
    ys = [1.41, 1.42, 1.81, 1.27] if choice == "a" else [2.02, 1.17, 1.52, 2.40]
    fig = go.Figure(go.Scatter(x=ys, y=["one", "two", "three", "four"], mode="markers"))
    fig.update_xaxes(type="log")
    st.plotly_chart(fig)
    """
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))
    return ordered[index]


def time_reruns(at: AppTest, change, reruns: int) -> list[float]:
    timings = []
    for i in range(reruns):
        start = time.perf_counter()
        change(at, i).run()
        timings.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reruns", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        minimal_path = Path(tmp) / "minimal.py"
        minimal_path.write_text(MINIMAL_PAGE)
        minimal = AppTest.from_file(str(minimal_path), default_timeout=60)
        minimal.run()
        minimal_ms = time_reruns(
            minimal, lambda at, i: at.selectbox[0].select("b" if i % 2 == 0 else "a"), args.reruns
        )

    compare = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    compare.run()
    compare.switch_page("pages/2_Compare.py").run()
    drug_choices = [["SSRIs"], ["benzodiazepines"], []]

    def change_filter(at: AppTest, i: int) -> AppTest:
        return at.multiselect[2].set_value(drug_choices[i % len(drug_choices)])

    warm_ms = time_reruns(compare, change_filter, args.reruns)

    def new_state(at: AppTest, i: int) -> AppTest:
        # A baseline never chosen before: the comparison is computed afresh (a cache miss).
        return at.number_input[0].set_value(200 + i)

    cold_ms = time_reruns(compare, new_state, args.reruns)

    home = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    home.run()
    audiences = ["student", "clinician"]
    shell_ms = time_reruns(
        home,
        lambda at, i: at.radio(key="sidebar_audience").set_value(audiences[i % 2]),
        args.reruns,
    )

    print(f"reruns per page: {args.reruns}")
    results = (
        ("minimal plotly page", minimal_ms),
        ("Home (app shell only)", shell_ms),
        ("Compare, new filter state", cold_ms),
        ("Compare, revisited state", warm_ms),
    )
    for name, values in results:
        print(
            f"{name:27s} median {statistics.median(values):7.1f} ms   "
            f"p95 {percentile(values, 95):7.1f} ms"
        )
    for name, values in results[1:]:  # the shell is shown for scale
        ratio = statistics.median(values) / statistics.median(minimal_ms)
        print(f"{name} / minimal (median): {ratio:.2f}x  (target: within 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
