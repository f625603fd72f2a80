"""Icon arrays: out of 100 people, who has the outcome with and without the drug."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from evidence_dashboard.charts.style import Chart, base_layout, plain
from evidence_dashboard.stats import AbsoluteEffect, report


def icon_array(effect: AbsoluteEffect, drug: str, per: int = 100) -> Chart:
    """An icon array of ``per`` people: events without the drug, extra (or fewer) with it."""
    base = round(effect.baseline_risk * per)
    exposed = round(effect.risk_exposed * per)
    extra = exposed - base
    cols = 10
    kinds = []
    for i in range(per):
        if i < min(base, exposed):
            kinds.append("would have the outcome anyway")
        elif i < max(base, exposed):
            kinds.append(f"extra cases with {drug}" if extra > 0 else f"cases avoided with {drug}")
        else:
            kinds.append("no outcome")
    colours = {
        "would have the outcome anyway": "#56B4E9",
        f"extra cases with {drug}": "#D55E00",
        f"cases avoided with {drug}": "#009E73",
        "no outcome": "#DDDDDD",
    }
    fig = go.Figure()
    for kind, colour in colours.items():
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if not idx:
            continue
        fig.add_trace(
            go.Scatter(
                x=[i % cols for i in idx],
                y=[i // cols for i in idx],
                mode="markers",
                marker={"symbol": "circle", "size": 22, "color": colour},
                name=plain(f"{kind} ({len(idx)})"),
                hoverinfo="name",
            )
        )
    fig.update_xaxes(visible=False, range=[-0.7, cols - 0.3])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    title = f"Out of {per} people like this, over the same period"
    base_layout(fig, title, 460)
    summary = report.absolute_summary(effect)
    # The subtitle carries the same sentence as every other surface, so exports keep it.
    fig.update_layout(title={"subtitle": {"text": plain(summary), "font": {"size": 13}}})
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.05, "font_size": 14})
    change = "more" if extra >= 0 else "fewer"
    alt = (
        f"{title}: about {base} would have the outcome without {drug} and about {exposed} with it, "
        f"so about {abs(extra)} {change} in every {per}. {summary}"
    )
    table = pd.DataFrame(
        {
            "group": [f"without {drug}", f"with {drug}", "difference"],
            f"per {per}": [base, exposed, extra],
        }
    )
    return Chart(fig, alt, table)


def arm_icon_array(
    percent_drug: float, percent_comparator: float, drug: str, comparator: str
) -> Chart:
    """Icon arrays for two arms whose percentages the source reports directly."""
    effect = AbsoluteEffect(
        measure="RD",
        estimate=(percent_drug - percent_comparator) / 100,
        ci_low=None,
        ci_high=None,
        baseline_risk=percent_comparator / 100,
        risk_exposed=percent_drug / 100,
        risk_difference=(percent_drug - percent_comparator) / 100,
        rd_ci_low=None,
        rd_ci_high=None,
        per_1000=(percent_drug - percent_comparator) * 10,
        per_1000_ci_low=None,
        per_1000_ci_high=None,
        number_needed=None,
        number_needed_kind="",
        number_needed_text="",
    )
    chart = icon_array(effect, drug)
    chart.figure.update_layout(
        title={"text": plain(f"Out of 100 people: {drug} compared with {comparator}")}
    )
    return chart
