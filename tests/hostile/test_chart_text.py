"""Content that reaches a plotly figure's text is escaped: plotly renders a subset of HTML
(including links) in titles, tick labels, legends, annotations and hover text."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from typing import get_type_hints

import pandas as pd

from evidence_dashboard import charts
from evidence_dashboard.content.evidence import parse_evidence_csv
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, absolute_effect, pool

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


def chart_builders() -> dict[str, Callable[..., charts.Chart]]:
    """Every public function of the charts package that returns a Chart (none listed by hand)."""
    return {
        name: getattr(charts, name)
        for name in charts.__all__
        if inspect.isfunction(getattr(charts, name))
        and get_type_hints(getattr(charts, name)).get("return") is charts.Chart
    }


def _arguments(builder: Callable[..., charts.Chart], payload: str, rows: pd.DataFrame) -> dict:
    """Arguments for a builder, chosen by parameter type: hostile text wherever text goes."""
    by_type: dict[object, Callable[[], object]] = {
        pd.DataFrame: lambda: rows,
        str: lambda: payload,
        PooledResult: lambda: pool(rows.loc[rows["measure"] == "OR"], measure="OR", method="dl"),
        AbsoluteEffect: lambda: absolute_effect("OR", 1.5, 0.1),
        float: lambda: 30.0,
    }
    hints = get_type_hints(builder)
    arguments = {}
    for name, parameter in inspect.signature(builder).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        assert hints[name] in by_type, f"{builder.__name__}({name}): teach this test that type"
        arguments[name] = by_type[hints[name]]()
    return arguments


def test_every_chart_builder_is_collected():
    assert {"estimates_chart", "proportions_chart", "forest_plot", "icon_array"} <= set(
        chart_builders()
    )


def test_payloads_never_reach_plotly_as_markup():
    builders = chart_builders()
    checked = 0
    for payload in PAYLOADS[::4]:  # every fourth payload keeps this test quick
        rows = _rows(payload)
        for builder in builders.values():
            chart = builder(**_arguments(builder, payload, rows))
            for text in _texts(chart.figure):
                leftover = OWN_TAGS.sub("", text)
                assert "<" not in leftover, (builder.__name__, payload, text)
            checked += 1
    assert checked >= len(builders) * 100
