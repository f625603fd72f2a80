"""Every chart of the shipped content is drawn once by plotly in Chromium: its margins already
hold its labels, so plotly's automargin has nothing to grow and lays it out a single time
(``charts/text_width.py``; a second layout doubled a Compare chart's drawing time). The one
exception is a label wider than ``text_width.MOST``, which is left to automargin, so that on a
phone the plot keeps its room."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest

from evidence_dashboard import api
from evidence_dashboard.charts.text_width import MOST
from evidence_dashboard.views import compare as view
from evidence_dashboard.views.article import build_article_view

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DRAW = """async (figure) => {
  const gd = document.getElementById('chart');
  Plotly.purge(gd);
  await Plotly.newPlot(gd, figure.data, figure.layout);
  const size = gd._fullLayout._size, margin = gd._fullLayout.margin;
  return {drawn: [size.l, size.r, size.t, size.b], set: [margin.l, margin.r, margin.t, margin.b],
          plot: size.w};
}"""


def shipped_charts() -> list[tuple[str, object]]:
    """Compare's charts for every outcome (estimates; forest plots, wide and stacked, for two
    and for all rows of each measure) and every Article chart, for every audience."""
    library = api.load()
    rows = api.rows_of(library)
    charts: list[tuple[str, object]] = []
    for outcome in view.plottable_categories(rows):
        controls = view.controls(rows, view.CompareSpec(outcome_category=outcome))
        charts.append((f"Compare {outcome}", view.compare(rows, controls.spec).chart))
        measures = dict(zip(rows["id"].astype(str), rows["measure"], strict=True))
        by_measure: dict[str, list[str]] = {}
        for row_id in controls.ids:
            by_measure.setdefault(measures[row_id], []).append(row_id)
        for measure, ids in by_measure.items():
            for pool in {tuple(ids[:2]), tuple(ids)} if len(ids) > 1 else ():
                spec = view.controls(
                    rows, view.CompareSpec(outcome_category=outcome, pool_ids=pool)
                )
                result = view.compare(rows, spec.spec)
                if result.forest is not None and result.forest_stacked is not None:
                    name = f"forest {outcome} {measure} of {len(pool)}"
                    charts += [(name, result.forest), (f"{name}, stacked", result.forest_stacked)]
    for article in library.articles:
        for audience in ("clinician", "student", "patient"):
            for item in build_article_view(library, article, audience).items:
                for i, chart in enumerate(item.evidence.charts if item.evidence else ()):
                    charts.append(
                        (f"{article.slug} {audience} {item.evidence.claim_id} {i}", chart)
                    )
    return charts


@pytest.mark.parametrize("width", [700, 1200])
def test_every_shipped_chart_is_laid_out_once(page, width):
    charts = shipped_charts()
    assert len(charts) > 100  # Compare's and the Article's, for every audience
    page.set_content(f"<div id='chart' style='width:{width}px'></div>")
    page.add_script_tag(path=str(PLOTLY_JS))
    grown, left_to_automargin = {}, []
    for name, chart in charts:
        got = page.evaluate(DRAW, json.loads(chart.figure.to_json()))
        drawn, set_ = ([round(v) for v in got[k]] for k in ("drawn", "set"))
        if set_[0] == MOST and drawn[1:] == set_[1:]:
            left_to_automargin.append(name)  # a label too wide to set room for
        elif drawn != set_:
            grown[name] = got
    assert not grown, f"automargin grew the margins (l, r, t, b) of: {grown}"
    # Only the Article's proportions charts have such labels; Compare's charts are all drawn once.
    assert not [n for n in left_to_automargin if n.startswith(("Compare", "forest"))]


def test_on_a_phone_every_shipped_chart_keeps_room_for_its_plot(page):
    """A margin set to hold a long label must not squeeze the plot away on a phone (330 px)."""
    page.set_content("<div id='chart' style='width:330px'></div>")
    page.add_script_tag(path=str(PLOTLY_JS))
    cramped = {}
    for name, chart in shipped_charts():
        got = page.evaluate(DRAW, json.loads(chart.figure.to_json()))
        if got["plot"] < 60:
            cramped[name] = got
    assert not cramped, f"plots narrower than 60 px at 330 px: {cramped}"
