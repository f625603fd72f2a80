"""Content that reaches a plotly figure's text is escaped: plotly renders a subset of HTML
(including links) in titles, tick labels, legends, annotations and hover text."""

from __future__ import annotations

import json
import re

import pandas as pd

from evidence_dashboard import charts
from evidence_dashboard.content.evidence import parse_evidence_csv
from evidence_dashboard.stats import absolute_effect, pool

from .payloads import PAYLOADS

# The only markup the chart builders write themselves.
OWN_TAGS = re.compile(r"</?(b|br|extra)>")
HEADER = (
    "id,source,locator,drug,drug_class,comparator,outcome,outcome_category,population,"
    "age_group,design,measure,estimate,ci_low,ci_high,percent_treatment,percent_control\n"
)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _rows(payload: str) -> pd.DataFrame:
    p = _quote(payload.replace("\n", " ").replace("\x00", ""))
    text = HEADER + (
        f"A1,K,{p},{p},{p},{p},{p},falls,{p},65+,cohort,OR,1.50,1.20,1.90,,\n"
        f"A2,K,{p},{p},{p},{p},{p},falls,{p},65+,cohort,OR,1.20,1.00,1.44,,\n"
        f"P1,K,{p},{p},{p},{p},{p},sedation,{p},65+,pooled trial data,proportion,30,,,30,10\n"
    )
    load = parse_evidence_csv(text, "hostile.csv")
    assert len(load.rows) == 3, load.problems
    return load.rows


def _texts(figure) -> list[str]:
    """Every string in the figure's JSON (titles, labels, names, annotations, hover text)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(figure.to_json()))
    return found


def test_payloads_never_reach_plotly_as_markup():
    checked = 0
    for payload in PAYLOADS[::4]:  # every fourth payload keeps this test quick
        rows = _rows(payload)
        ratio = rows.loc[rows["measure"] == "OR"]
        built = [
            charts.estimates_chart(rows, payload),
            charts.proportions_chart(rows, payload),
            charts.forest_plot(pool(ratio, measure="OR", method="dl"), payload),
            charts.icon_array(absolute_effect("OR", 1.5, 0.1), payload),
            charts.arm_icon_array(30, 10, payload, payload),
        ]
        for chart in built:
            for text in _texts(chart.figure):
                leftover = OWN_TAGS.sub("", text)
                assert "<" not in leftover, (payload, text)
            checked += 1
    assert checked >= 5 * 100
