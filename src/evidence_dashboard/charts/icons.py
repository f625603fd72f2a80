"""Icon arrays: out of 100 people, how many have the outcome in each group.

The grid has a fixed size (it never stretches into a blob on a wide screen or shrinks into one
on a phone), each kind of icon has its own shape as well as its own colour, the legend sits
under the grid with the count in words, and the text alternative says the same numbers.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from evidence_dashboard.charts.style import TEMPLATE, Chart, plain
from evidence_dashboard.stats import AbsoluteEffect, report

GRID = 10
CELL = 28  # px per icon: 10 icons fit a 390 px phone inside an evidence card's margins
GRID_PX = GRID * CELL
WIDTH = GRID_PX + 40
_LINE_PX = 22
_KINDS = {
    # kind: (colour, symbol); colour-blind safe and told apart by shape too
    "base": ("#0072B2", "circle"),
    "extra": ("#D55E00", "diamond"),
    "avoided": ("#009E73", "square"),
    "none": ("#C8C8C8", "circle-open"),
}


def _legend_lines(text: str, width: int = 32) -> list[str]:
    # 32 characters of 16 px text (and 42 of 13 px) fit the grid's width, so none is cut off.
    return textwrap.wrap(text, width=width) or [""]


def icon_array(
    effect: AbsoluteEffect,
    drug: str,
    per: int = 100,
    *,
    comparator: str | None = None,
    baseline_note: str | None = None,
    title: str | None = None,
    summary: bool = True,
) -> Chart:
    """An icon array of ``per`` people: outcomes in the comparison group, extra (or fewer) with the drug.

    Parameters
    ----------
    effect : AbsoluteEffect
        The absolute effect at a stated baseline risk.
    drug : str
        The drug or drug group, as the source names it.
    per : int
        People in the grid (100 gives a 10 by 10 grid).
    comparator : str, optional
        What the drug was compared with, named as the source names it (placebo, non-use,
        buspirone); default "the comparison group".
    baseline_note : str, optional
        Where the baseline comes from (a row, or the presenter); shown under the legend.
    title : str, optional
        The chart title; default "Out of 100 people at a baseline risk of 300 per 1,000" (the
        effect's baseline).
    summary : bool
        Add the absolute effect's one text form (``stats.report.absolute_summary``) as the
        subtitle, as every other surface prints it. Off for patients (it names intervals) and for
        two-arm percentages (no ratio behind them); with it the width follows the page.
    """
    base = round(effect.baseline_risk * per)
    exposed = round(effect.risk_exposed * per)
    extra = exposed - base
    compared = comparator or "the comparison group"
    labels = {
        "base": f"{min(base, exposed)} in {per} have it with {compared} too",
        "extra": f"{abs(extra)} more in {per} with {drug}",
        "avoided": f"{abs(extra)} fewer in {per} with {drug}",
        "none": f"{per - max(base, exposed)} in {per} do not have it",
    }
    kinds = []
    for i in range(per):
        if i < min(base, exposed):
            kinds.append("base")
        elif i < max(base, exposed):
            kinds.append("extra" if extra > 0 else "avoided")
        else:
            kinds.append("none")
    fig = go.Figure()
    for kind, (colour, symbol) in _KINDS.items():
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if not idx:
            continue
        fig.add_trace(
            go.Scatter(
                x=[i % GRID for i in idx],
                y=[i // GRID for i in idx],
                mode="markers",
                marker={"symbol": symbol, "size": 19, "color": colour, "line": {"width": 2}},
                marker_line_color=colour,
                name=plain(labels[kind]),
                hoverinfo="name",
                showlegend=False,
            )
        )
    # The legend is drawn as text under the grid: plotly's own legend does not wrap, so it is
    # cut off on a phone. Each line starts with the icon's shape, so colour is never the only key.
    shapes = {"base": "●", "extra": "◆", "avoided": "■", "none": "○"}
    lines: list[tuple[str, str]] = []
    for kind in _KINDS:
        if kind in kinds:
            for n, line in enumerate(_legend_lines(labels[kind])):
                lines.append((kind, f"{shapes[kind] if n == 0 else '  '} {line}"))
    note_lines = _legend_lines(baseline_note, 42) if baseline_note else []
    legend_px = _LINE_PX * (len(lines) + len(note_lines)) + 16
    rows = (per + GRID - 1) // GRID
    grid_px = rows * CELL
    texts = [(line, 16, _KINDS[kind][0] if kind != "none" else "#333333") for kind, line in lines]
    texts += [(line, 13, "#333333") for line in note_lines]
    for n, (line, size, colour) in enumerate(texts):
        # Paper y is a fraction of the grid's height; negative goes below it, a line at a time.
        fig.add_annotation(
            x=0, y=-(_LINE_PX * n + 10) / grid_px, xref="paper", yref="paper",
            text=plain(line), showarrow=False, xanchor="left", yanchor="top",
            font={"size": size, "color": colour},
        )  # fmt: skip
    fig.update_xaxes(visible=False, range=[-0.6, GRID - 0.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[rows - 0.4, -0.6], fixedrange=True)
    # The default names the baseline itself: a ratio from a study says nothing about how common
    # the outcome is, so the grid is only as true as the baseline it was drawn at.
    title = (
        title
        or f"Out of {per} people at a baseline risk of {report.per_1000(effect.baseline_risk * 1000)} per 1,000"
    )
    title_lines = _legend_lines(title, 30)
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": "<br>".join(plain(t) for t in title_lines),
            "x": 0,
            "xanchor": "left",
            "font": {"size": 18},
        },
        width=WIDTH,
        height=grid_px + legend_px + 36 + 24 * len(title_lines) + 20,
        margin={"l": 20, "r": 20, "t": 36 + 24 * len(title_lines), "b": legend_px + 20},
        showlegend=False,
        hoverlabel={"font_size": 14},
    )
    if summary:
        sentence = report.absolute_summary(effect)
        # The subtitle carries the same sentence as every other surface, so exports keep it.
        fig.update_layout(
            title={"subtitle": {"text": plain(sentence), "font": {"size": 13}}},
            width=None,
            margin={"t": 36 + 24 * len(title_lines) + 24},
        )
    change = "more" if extra >= 0 else "fewer"
    alt = (
        f"{title}: about {base} have the outcome with {compared} and about {exposed} with "
        f"{drug}, so about {abs(extra)} {change} in every {per}."
    )
    if summary:
        alt += " " + sentence
    if baseline_note:
        alt += " " + baseline_note
    table = pd.DataFrame(
        {
            "group": [compared, drug, "difference"],
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
    title = f"Out of 100 people: {drug} or {comparator}"
    return icon_array(effect, drug, comparator=comparator, title=title, summary=False)
