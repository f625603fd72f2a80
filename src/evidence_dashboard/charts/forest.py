"""The forest plot: studies, pooled diamonds, prediction interval and heterogeneity."""

from __future__ import annotations

import math
import textwrap
import unicodedata
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from evidence_dashboard.charts.style import (
    NULL_LINE,
    TICK_LABEL_PAD,
    TICK_SIZE,
    Chart,
    base_layout,
    log_ticks,
    plain,
)
from evidence_dashboard.charts.text_width import labels_margin
from evidence_dashboard.schema import RATIO_MEASURES
from evidence_dashboard.stats import PooledResult, StudyEffect, report


def label_text(text: str, width: int = 30, lines: int = 2) -> str:
    """A row label for the label column: wrapped to ``lines`` lines of about ``width`` columns.

    Wide characters (CJK) count double; a longer label ends in "…" (the full text is in the
    hover and the table). Only labels are ever shortened, never the numbers.
    """
    out: list[str] = []
    line, used = "", 0
    for char in str(text):
        cost = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + cost > width:
            out.append(line)
            line, used = "", 0
            if len(out) == lines:
                out[-1] = out[-1].rstrip()[:-1] + "…"
                break
        line, used = line + char, used + cost
    else:
        out.append(line)
    return "<br>".join(plain(part.strip()) for part in out)


def forest_plot(result: PooledResult, title: str, stacked: bool = False) -> Chart:
    """A forest plot: studies with weights and "estimate [CI]", the pooled diamond and its PI.

    Subgroups (when the result has them) are drawn as blocks with their own diamonds.
    ``stacked`` is the phone layout (below about 600 px): one panel, each row's figure and
    weight printed under its label instead of in a column beside the plot.
    """
    ratio = result.measure in RATIO_MEASURES
    rows: list[dict[str, Any]] = []
    blocks = result.subgroups or (result,)
    for block in blocks:
        if result.subgroups:
            rows.append({"kind": "header", "label": f"{block.group}"})
        for study in block.studies:
            figure = report.study_text(study, result.measure)
            rows.append(
                {"kind": "study", "label": study.id, "figure": figure, **_study_figures(study)}
            )
        rows.append(
            {
                "kind": "pooled",
                "label": f"Pooled{f' ({block.group})' if result.subgroups else ''}",
                "figure": report.bracket_text(
                    block.estimate, block.ci_low, block.ci_high, result.measure
                ),
                "estimate": block.estimate,
                "low": block.ci_low,
                "high": block.ci_high,
                "weight": 100.0 if not result.subgroups else None,
                "pi_low": block.pi_low,
                "pi_high": block.pi_high,
            }
        )
    if result.subgroups:
        rows.append(
            {
                "kind": "pooled",
                "label": "Overall",
                "figure": report.bracket_text(
                    result.estimate, result.ci_low, result.ci_high, result.measure
                ),
                "estimate": result.estimate,
                "low": result.ci_low,
                "high": result.ci_high,
                "weight": 100.0,
                "pi_low": result.pi_low,
                "pi_high": result.pi_high,
            }
        )
    y = list(range(len(rows)))
    fig = make_subplots(
        rows=1,
        cols=1 if stacked else 2,
        column_widths=[1.0] if stacked else [0.6, 0.4],
        shared_yaxes=True,
        horizontal_spacing=0.02,
    )
    values = [r for r in rows if r["kind"] != "header"]
    lo_all = min(float(r["low"]) for r in values)
    hi_all = max(float(r["high"]) for r in values)
    for i, r in enumerate(rows):
        if r["kind"] == "study":
            size = 8 + 14 * math.sqrt(float(r["weight"] or 0) / 100)
            fig.add_trace(
                go.Scatter(
                    x=[r["estimate"]],
                    y=[i],
                    mode="markers",
                    marker={"symbol": "square", "size": size, "color": "#0072B2"},
                    error_x={
                        "type": "data",
                        "symmetric": False,
                        "array": [float(r["high"]) - float(r["estimate"])],
                        "arrayminus": [float(r["estimate"]) - float(r["low"])],
                        "color": "#0072B2",
                        "thickness": 2,
                    },
                    hovertemplate=f"{plain(r['label'])}<extra></extra>",
                ),
                row=1,
                col=1,
            )
        elif r["kind"] == "pooled":
            est, low, high = float(r["estimate"]), float(r["low"]), float(r["high"])
            fig.add_trace(
                go.Scatter(
                    x=[low, est, high, est, low],
                    y=[i, i - 0.3, i, i + 0.3, i],
                    fill="toself",
                    mode="lines",
                    line={"color": "#D55E00"},
                    fillcolor="#D55E00",
                    hovertemplate=f"{plain(r['label'])}<extra></extra>",
                ),
                row=1,
                col=1,
            )
            if r.get("pi_low") is not None and r.get("pi_high") is not None:
                fig.add_trace(
                    go.Scatter(
                        x=[r["pi_low"], r["pi_high"]],
                        y=[i + 0.42, i + 0.42],
                        mode="lines",
                        line={"color": "#D55E00", "width": 2, "dash": "dot"},
                        hovertemplate="prediction interval<extra></extra>",
                    ),
                    row=1,
                    col=1,
                )
                lo_all = min(lo_all, float(r["pi_low"]))
                hi_all = max(hi_all, float(r["pi_high"]))
    texts = [f"{r.get('figure', '')}  {report.weight_text(r.get('weight'))}".rstrip() for r in rows]
    if not stacked:
        fig.add_trace(
            go.Scatter(
                x=[0] * len(rows),
                y=y,
                mode="text",
                text=texts,
                textposition="middle right",
                hoverinfo="skip",
                textfont={"size": 14},
                cliponaxis=False,
            ),
            row=1,
            col=2,
        )
        fig.update_xaxes(visible=False, range=[0, 1], row=1, col=2)
        fig.add_annotation(
            x=0,
            xref="x2 domain",
            y=-0.8,
            yref="y",
            text=f"<b>Estimate [{report.interval_label(result.interval_kind, result.level)}] · weight</b>",
            showarrow=False,
            xanchor="left",
            font={"size": 13},
        )
    if ratio:
        x_low, x_high = min(lo_all, 1.0) / 1.2, max(hi_all, 1.0) * 1.2
        ticks = log_ticks(x_low, x_high)
        fig.update_xaxes(
            type="log",
            range=[math.log10(x_low), math.log10(x_high)],
            tickvals=ticks,
            ticktext=[f"{t:g}" for t in ticks],
            row=1,
            col=1,
        )
        fig.add_vline(x=1, line=NULL_LINE, row=1, col=1)
    else:
        fig.add_vline(x=0, line=NULL_LINE, row=1, col=1)
    fig.update_xaxes(
        title_text=f"{result.measure} ({'log scale' if ratio else 'difference'})",
        gridcolor="#e5e5e5",
        row=1,
        col=1,
    )
    ticktext = [
        (
            f"<b>{label_text(str(r['label']))}</b>"
            if r["kind"] != "study"
            else label_text(str(r["label"]), 22 if stacked else 30)
        )
        + (f"<br><b>{plain(text)}</b>" if stacked and text else "")
        for r, text in zip(rows, texts, strict=True)
    ]
    fig.update_yaxes(
        tickvals=y,
        ticktext=ticktext,
        autorange="reversed",
        automargin=True,
        row=1,
        col=1,
    )
    # The rows sit at y = 0, 1, ...: an axis zero line would strike through the first study
    # (the browser's theme hides it; an exported PNG or SVG drew it across the numbers too).
    fig.update_yaxes(zeroline=False)
    het = heterogeneity_text(result)
    lines = het.split(" · ")
    if stacked:  # a phone is narrow: one short clause per line
        lines = [bit for part in lines for bit in textwrap.wrap(part, 44)]
    base_layout(fig, title, 220 + (58 if stacked else 34) * len(rows))
    heads = textwrap.wrap(title, 34) if stacked else [title]
    fig.update_layout(
        title={
            "text": "<br>".join(plain(part) for part in heads),
            "subtitle": {
                "text": "<br>".join(plain(part) for part in lines),
                "font": {"size": 13, "color": "#444444"},
            },
        },
        # Room for every title and subtitle line, so none runs into the first study's row; for
        # the labels, so that plotly draws the plot once (see charts/text_width.py); and on the
        # right, where the figures column's text can reach, and at the foot, where the axis's
        # tick labels and title took 62 px in a narrow window.
        margin={
            "t": 70 + 28 * len(heads) + 22 * len(lines),
            "l": labels_margin(ticktext, TICK_SIZE, TICK_LABEL_PAD),
            "r": 20,
            "b": 70,
        },
    )
    table = pd.DataFrame(
        {
            "row": [r["label"] for r in rows],
            "estimate [CI]": texts,
        }
    )
    alt = f"{title}. " + "; ".join(f"{r}: {t}" for r, t in zip(table["row"], texts, strict=True))
    return Chart(fig, alt + f". {het}.", table)


def _study_figures(study: StudyEffect) -> dict[str, Any]:
    """A study's figures: the source's own estimate and CI when it gave them, else computed ones.

    A study entered as an estimate with a CI is drawn and labelled with exactly those numbers;
    its standard error (recovered from the CI) only sets its weight.
    """
    labels = study.labels
    figures: dict[str, Any] = {
        "estimate": study.estimate,
        "low": study.ci_low,
        "high": study.ci_high,
        "weight": study.weight,
    }
    texts = [labels.get(f"{name}_text") for name in ("estimate", "ci_low", "ci_high")]
    from_counts = labels.get("events_treatment_text") not in (None, "")
    if all(texts) and not from_counts:
        figures.update(
            estimate=float(str(texts[0])),
            low=float(str(texts[1])),
            high=float(str(texts[2])),
        )
    return figures


def heterogeneity_text(result: PooledResult) -> str:
    """``Heterogeneity: tau² = 0.3132, I² = 92.2%, … · 95% prediction interval (dotted) …``."""
    parts = [f"Heterogeneity: {report.heterogeneity_text(result)}"]
    prediction = report.prediction_text(result)
    if prediction:
        parts.append(f"{prediction} (dotted)")
    if result.subgroup_test is not None:
        parts.append(f"Subgroup differences: {report.subgroup_test_text(result.subgroup_test)}")
    return " · ".join(parts)
