"""The Compare view's core: filters, design panels, pooling choices, absolute view, exports."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from evidence_dashboard.content.evidence import parse_evidence_csv
from evidence_dashboard.content.library import load_library
from evidence_dashboard.export import figure_html, figure_image, rows_csv
from evidence_dashboard.views.compare import CompareSpec, compare, filter_rows


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return load_library().evidence


def test_falls_in_older_adults_shows_only_ratio_rows_with_design_panels(rows):
    result = compare(rows, CompareSpec(outcome_category="falls", age_groups=("60+", "65+")))
    assert list(result.rows["id"]) == ["FA-01", "FA-02", "FA-03", "FA-04", "FA-05", "IN-06"]
    figure = result.chart.figure
    titles = [a.text for a in figure.layout.annotations if a.text in ("Observational studies",)]
    assert titles == ["Observational studies"]
    assert figure.layout.xaxis.type == "log"
    # The figure's points are the source's estimates, and the text alternative says so too.
    xs = sorted(float(trace.x[0]) for trace in figure.data)
    assert xs == sorted([1.41, 1.42, 1.81, 1.27, 2.02, 1.17])
    assert "OR 2.02; 95% CI 1.85 to 2.20 [FA-05]" in result.chart.alt_text


def test_randomized_and_observational_rows_are_drawn_in_separate_labelled_panels():
    text = (
        "id,source,locator,drug,outcome,outcome_category,age_group,design,measure,estimate,"
        "ci_low,ci_high\n"
        "T1,K,abstract,diazepam,falls,falls,65+,randomized trial,RR,1.30,1.01,1.70\n"
        "C1,K,abstract,diazepam,falls,falls,65+,cohort,OR,1.50,1.20,1.90\n"
    )
    rows = parse_evidence_csv(text, "two-designs.csv").rows
    result = compare(rows, CompareSpec(outcome_category="falls"))
    panels = [
        a.text for a in result.chart.figure.layout.annotations if "<br>" not in (a.text or "")
    ]
    assert panels == ["Randomized trials", "Observational studies"]
    symbols = [trace.marker.symbol for trace in result.chart.figure.data]
    assert symbols == ["square", "diamond"]
    assert "randomized trial" in result.chart.alt_text and "cohort" in result.chart.alt_text
    only_trials = compare(rows, CompareSpec(outcome_category="falls", families=("randomized",)))
    assert list(only_trials.rows["id"]) == ["T1"]


def test_statements_never_reach_the_chart(rows):
    for category in set(rows["outcome_category"]):
        shown = filter_rows(rows, CompareSpec(outcome_category=category))
        assert "statement" not in set(shown["measure"])


def test_pooling_chosen_rows_gives_a_forest_plot_with_source_figures(rows):
    spec = CompareSpec(outcome_category="falls", pool_ids=("FA-03", "FA-04"), method="dl")
    result = compare(rows, spec)
    assert result.pooled is not None and result.pooled.k == 2
    table = result.forest.table
    assert list(table["estimate [CI]"])[:2] == [
        "1.81 [1.05, 3.16]  22.8%",
        "1.27 [1.04, 1.56]  77.2%",
    ]
    assert any("meta-analyses" in m for m in result.messages)


def test_mixed_designs_or_measures_are_not_pooled(rows):
    result = compare(rows, CompareSpec(outcome_category="falls", pool_ids=("FA-02", "IN-06")))
    assert result.pooled is None
    assert any("one measure" in m for m in result.messages)


def test_absolute_view_from_a_row_at_a_stated_baseline(rows):
    spec = CompareSpec(outcome_category="falls", absolute_id="FA-02", baseline_per_1000=100)
    result = compare(rows, spec)
    assert result.absolute is not None
    assert result.absolute.baseline_risk == pytest.approx(0.1)
    # OR 1.42 at 10%: odds 0.111 x 1.42 = 0.158, risk 0.136.
    assert result.absolute.risk_exposed == pytest.approx(0.1578 / 1.1578, abs=1e-3)
    assert result.icons is not None and "Out of 100" in result.icons.alt_text


def test_hazard_ratios_are_not_turned_into_absolute_effects(rows):
    result = compare(rows, CompareSpec(outcome_category="injury", absolute_id="IN-04"))
    assert result.absolute is None
    assert any("HR" in m for m in result.messages)


def test_exports_open(rows):
    result = compare(rows, CompareSpec(outcome_category="falls"))
    table = pd.read_csv(io.BytesIO(rows_csv(result.rows)), dtype=str, keep_default_na=False)
    assert list(table["id"]) == list(result.rows["id"])
    assert list(table["estimate"]) == ["1.41", "1.42", "1.81", "1.27", "2.02", "1.17"]
    png = figure_image(result.chart.figure, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    svg = figure_image(result.chart.figure, "svg")
    assert ET.fromstring(svg).tag.endswith("svg")
    html = figure_html(result.chart.figure, "falls <b>").decode()
    assert "<title>falls b</title>" in html
    assert "Plotly.newPlot" in html and '<script src="http' not in html


def test_estimates_chart_specification_is_valid_plotly(rows):
    """The chart is assembled without per-property validation; check it against the schema."""
    import plotly.graph_objects as go

    for category in ("falls", "fracture", "injury", "any adverse event"):
        figure = compare(rows, CompareSpec(outcome_category=category)).chart.figure
        validated = go.Figure(figure.to_dict())  # raises on any invalid property
        assert len(validated.data) == len(figure.data)


def _longest_dark_run(png: bytes) -> tuple[int, int]:
    """The longest horizontal run of dark grey pixels in a PNG, and the image width."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    longest = 0
    for y in range(height):
        run = 0
        for x in range(width):
            r, g, b = pixels[x, y]
            dark_grey = max(r, g, b) < 140 and max(r, g, b) - min(r, g, b) < 20
            run = run + 1 if dark_grey else 0
            longest = max(longest, run)
    return longest, width


@pytest.mark.parametrize("stacked", [False, True])
def test_an_exported_forest_plot_has_no_line_through_the_first_study(rows, stacked):
    # The rows sit at y = 0, 1, ...: plotly's zero line on that axis struck through the first
    # study (and across its figures) in PNG and SVG exports, though the browser hid it.
    result = compare(rows, CompareSpec(outcome_category="falls", pool_ids=("FA-03", "FA-04")))
    chart = result.forest_stacked if stacked else result.forest
    assert all(axis.zeroline is False for axis in chart.figure.select_yaxes())
    longest, width = _longest_dark_run(figure_image(chart.figure, "png"))
    assert longest < width * 0.25, f"a {longest} px dark line across a {width} px image"


def test_a_failure_of_kaleido_itself_is_tried_again_and_other_errors_are_not(monkeypatch):
    import plotly.graph_objects as go

    # kaleido's own error class lives in a private module; only its module name matters here.
    flaky = type("JavascriptError", (Exception,), {"__module__": "kaleido._kaleido_tab._errors"})
    calls: list[str] = []

    def to_image(self, **kwargs):
        calls.append(kwargs["format"])
        if len(calls) == 1:
            raise flaky("ReferenceError: kaleido_scopes is not defined")
        return b"\x89PNG drawn"

    monkeypatch.setattr(go.Figure, "to_image", to_image)
    assert figure_image(go.Figure(), "png") == b"\x89PNG drawn" and calls == ["png", "png"]

    def broken(self, **kwargs):
        calls.append("broken")
        raise ValueError("not a figure kaleido can draw")

    monkeypatch.setattr(go.Figure, "to_image", broken)
    calls.clear()
    with pytest.raises(ValueError):
        figure_image(go.Figure(), "svg")
    assert calls == ["broken"]  # raised at once, not tried again


_FIGURES = """
import hashlib, sys
if sys.argv[1] == "streamlit":
    import streamlit  # noqa: F401  (it changes plotly's default template on import)
from evidence_dashboard.content.library import load_library
from evidence_dashboard.views.compare import CompareSpec, compare
rows = load_library().evidence
spec = CompareSpec(outcome_category="falls", pool_ids=("FA-03", "FA-04"), baseline_per_1000=50.0)
result = compare(rows, spec)
charts = [result.chart, result.forest, result.forest_stacked, result.icons]
assert all(chart is not None for chart in charts)
for chart in charts:
    print(hashlib.sha256(chart.figure.to_json().encode()).hexdigest())
"""


def test_a_chart_is_the_same_figure_in_the_app_and_in_a_notebook():
    """The app imports Streamlit, which changes plotly's default template; every chart sets its
    own (charts/style.py), so its downloads look the same wherever they are made."""
    import subprocess
    import sys

    def hashes(mode: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", _FIGURES, mode], capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    with_streamlit, without = hashes("streamlit"), hashes("plain")
    assert len(with_streamlit) == 4
    assert with_streamlit == without
