"""Estimates on a log axis by design family, and arm percentages side by side."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from evidence_dashboard.charts.style import (
    FAMILY_SYMBOLS,
    FAMILY_TITLES,
    NULL_LINE,
    TICK_LABEL_PAD,
    Chart,
    base_layout,
    layout_spec,
    log_ticks,
    plain,
    proportion_rows,
    ratio_rows,
    row_colour,
    row_label,
    wrapped_label,
)
from evidence_dashboard.charts.text_width import labels_margin
from evidence_dashboard.schema import design_family
from evidence_dashboard.stats.report import effect_text


def estimates_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind an estimates chart, in the source's own figures."""
    records = rows.to_dict("records")
    return pd.DataFrame(
        {
            "id": [r["id"] for r in records],
            "drug": [r["drug"] for r in records],
            "outcome": [r["outcome"] for r in records],
            "age group": [r["age_group"] for r in records],
            "design": [r["design"] for r in records],
            "evidence": [design_family(r["design"]) for r in records],
            "estimate [CI]": [effect_text(r) for r in records],
            "source": [r["source"] for r in records],
        },
        columns=[
            "id",
            "drug",
            "outcome",
            "age group",
            "design",
            "evidence",
            "estimate [CI]",
            "source",
        ],
    )


def estimates_chart(rows: pd.DataFrame, title: str) -> Chart:
    """Point estimates with intervals on a log axis, one panel per design family.

    The figure is assembled as one specification in a single pass (no per-row figure updates),
    which keeps page reruns fast; ``tests/test_charts.py`` validates it against plotly's schema.

    Parameters
    ----------
    rows : DataFrame
        Evidence rows (any measures; only ratio rows with an estimate are drawn).
    title : str
        Chart title.

    Returns
    -------
    Chart
        Figure, text alternative and table.
    """
    drawn = ratio_rows(rows)
    table = estimates_table(drawn)
    if drawn.empty:
        layout = layout_spec(title, 200, bottom=80)
        layout["annotations"] = [
            {"text": "No ratio estimates to draw", "showarrow": False, "font": {"size": 16}}
        ]
        layout["xaxis"] = {"visible": False}
        layout["yaxis"] = {"visible": False}
        return Chart(go.Figure(layout=layout), f"{title}: no ratio estimates to draw.", table)
    records = drawn.to_dict("records")
    families = [f for f in FAMILY_TITLES if any(design_family(r["design"]) == f for r in records)]
    by_family = {f: [r for r in records if design_family(r["design"]) == f] for f in families}
    lows = [r["ci_low"] if pd.notna(r["ci_low"]) else r["estimate"] for r in records]
    highs = [r["ci_high"] if pd.notna(r["ci_high"]) else r["estimate"] for r in records]
    x_low = min(min(lows), 1.0) / 1.3
    x_high = max(max(highs), 1.0) * 1.3
    ticks = log_ticks(x_low, x_high)
    total = sum(len(v) for v in by_family.values())
    gap = 0.12 if len(families) > 1 else 0.0
    usable = 1.0 - gap * (len(families) - 1)
    # Margins that plotly's automargin need not grow, so that it draws the chart once (see
    # charts/text_width.py): the last panel's tick labels and axis title take 83 px at the
    # foot, and a tick label at either end of the axis reaches up to 17 px past it.
    layout = layout_spec(title, 150 + 84 * len(records) + 40 * len(families), bottom=90)
    layout["margin"].update(l=20, r=20)
    traces: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    shapes: list[dict[str, object]] = []
    top = 1.0
    for panel, family in enumerate(families, start=1):
        part = by_family[family]
        axis = "" if panel == 1 else str(panel)
        height = usable * len(part) / total
        domain = [max(top - height, 0.0), top]
        top = domain[0] - gap
        layout[f"yaxis{axis}"] = {
            "domain": domain,
            "range": [len(part) - 0.55, -0.85],
            "visible": False,
            "anchor": f"x{axis}",
        }
        layout[f"xaxis{axis}"] = {
            "type": "log",
            "range": [math.log10(x_low), math.log10(x_high)],
            "tickvals": ticks,
            "ticktext": [f"{t:g}" for t in ticks],
            "showgrid": True,
            "gridcolor": "#e5e5e5",
            "zeroline": False,
            "anchor": f"y{axis}",
            "showticklabels": panel == len(families),
            **({"matches": "x"} if panel > 1 else {}),
        }
        annotations.append(
            {
                "text": FAMILY_TITLES[family],
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": domain[1],
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 15, "color": "#111111"},
            }
        )
        shapes.append(
            {
                "type": "line",
                "x0": 1,
                "x1": 1,
                "xref": f"x{axis}",
                "y0": 0,
                "y1": 1,
                "yref": f"y{axis} domain",
                "line": NULL_LINE,
            }
        )
        for position, row in enumerate(part):
            est = float(row["estimate"])
            low = float(row["ci_low"]) if pd.notna(row["ci_low"]) else est
            high = float(row["ci_high"]) if pd.notna(row["ci_high"]) else est
            colour = row_colour(row)
            text = effect_text(row)
            label = row_label(row)
            traces.append(
                {
                    "type": "scatter",
                    "x": [est],
                    "y": [position],
                    "xaxis": f"x{axis}",
                    "yaxis": f"y{axis}",
                    "mode": "markers",
                    "marker": {
                        "symbol": FAMILY_SYMBOLS.get(family, "circle"),
                        "size": 13,
                        "color": colour,
                        "line": {"color": "white", "width": 1},
                    },
                    "error_x": {
                        "type": "data",
                        "symmetric": False,
                        "array": [high - est],
                        "arrayminus": [est - low],
                        "thickness": 2.5,
                        "width": 6,
                        "color": colour,
                    },
                    "name": plain(label),
                    "customdata": [
                        [
                            plain(v)
                            for v in (text, row["design"], row["source"], row["population"], label)
                        ]
                    ],
                    "hovertemplate": (
                        "<b>%{customdata[4]}</b><br>%{customdata[0]}<br>%{customdata[1]}"
                        "<br>%{customdata[3]}<br>source: %{customdata[2]}<extra></extra>"
                    ),
                }
            )
            # The label sits above its interval, so the plot keeps the full width when narrow.
            annotations.append(
                {
                    "x": 0,
                    "xref": f"x{axis} domain",
                    "y": position - 0.2,
                    "yref": f"y{axis}",
                    "text": f"{wrapped_label(label)}<br><b>{plain(text)}</b>",
                    "showarrow": False,
                    "align": "left",
                    "bgcolor": "rgba(255,255,255,0.85)",
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "font": {"size": 13, "color": "#333333"},
                }
            )
    last = "" if len(families) == 1 else str(len(families))
    layout[f"xaxis{last}"]["title"] = {
        # Short lines: in one, the title is wider than a phone's plot and is cut off at both ends.
        "text": "Ratio, log scale<br>right of 1 = more often with the drug<br>than with its comparator"
    }
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    # Built from known-good parts in one go; plotly's per-property validation is what made this
    # slow, and the tests validate the same specification with it switched on.
    figure = go.Figure(data=traces, layout=layout, _validate=False)
    lines = [
        f"{r['drug']}, {r['outcome']} ({r['design']}): {effect_text(r)} [{r['id']}]"
        for r in records
    ]
    alt = f"{title}. " + "; ".join(lines) + "."
    return Chart(figure, alt, table)


#: Room under a proportions chart for its tick labels, axis title and legend (px).
LEGEND_BOTTOM = 110
LABEL_SIZE = 14  # px, a proportions chart's row labels


def proportions_chart(rows: pd.DataFrame, title: str) -> Chart:
    """Percent of each arm with the outcome, drug arm beside its comparator arm."""
    drawn = proportion_rows(rows)
    labels = [wrapped_label(row_label(r), width=60) for _, r in drawn.iterrows()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=drawn["estimate"],
            orientation="h",
            name="with the drug",
            marker={"color": [row_colour(r) for _, r in drawn.iterrows()]},
            text=[
                plain(("under " if r["bound"] == "upper" else "") + f"{r['estimate_text']}%")
                for _, r in drawn.iterrows()
            ],
            textposition="outside",
            hovertemplate="%{y}<br>with the drug: %{text}<extra></extra>",
        )
    )
    control = drawn["percent_control"]
    if control.notna().any():
        fig.add_trace(
            go.Bar(
                y=labels,
                x=control,
                orientation="h",
                name="comparator",
                marker={"color": "#BBBBBB"},
                text=[
                    plain(f"{t}% ({c})") if t else ""
                    for t, c in zip(drawn["percent_control_text"], drawn["comparator"], strict=True)
                ],
                textposition="outside",
                hovertemplate="%{y}<br>comparator: %{text}<extra></extra>",
            )
        )
    # The legend sits at the foot of the figure, under the axis title, at any height (a slide's
    # too): placed at a fraction of the plot's height, it sat on the title of a short chart.
    base_layout(fig, title, 30 + 70 * max(len(drawn), 1) + 70 + LEGEND_BOTTOM)
    fig.update_layout(
        barmode="group",
        showlegend=True,
        # The row labels' room set here, so that plotly draws the chart once (charts/text_width.py).
        margin={
            "b": LEGEND_BOTTOM,
            "l": labels_margin(labels, LABEL_SIZE, TICK_LABEL_PAD),
            "r": 20,  # for a bar's figure printed past its end
        },
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0},
    )
    fig.update_xaxes(title_text="People with the outcome (%)", range=[0, 110], gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": LABEL_SIZE})
    table = estimates_table(drawn)
    alt = (
        f"{title}. "
        + "; ".join(f"{row_label(r)}: {effect_text(r)}" for r in drawn.to_dict("records"))
        + "."
    )
    return Chart(fig, alt, table)
