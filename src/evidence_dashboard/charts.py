"""Plotly figures built from evidence rows and result objects, with one visual vocabulary.

Every builder returns a :class:`Chart`: the figure, a text alternative with the same numbers, and
the table behind it. Ratio axes are logarithmic with the null line at 1; a drug keeps its colour
everywhere; randomized and observational estimates are drawn in separate, labelled panels.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from evidence_dashboard.display import design_family, effect_text
from evidence_dashboard.safe_html import escape
from evidence_dashboard.schema import RATIO_MEASURES
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, StudyEffect

# Okabe-Ito, the colour-blind-safe palette, then a few darker companions.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#8C6D00",  # dark yellow (readable on white)
    "#000000",  # black
    "#5E3C99",  # purple
    "#1B7837",  # dark green
)
# Fixed colours for the drugs of the default content, so they never change between pages.
DRUG_COLOURS = {
    "benzodiazepine": "#0072B2",
    "diazepam": "#0072B2",
    "sedative hypnotic": "#56B4E9",
    "skeletal muscle relaxant": "#D55E00",
    "cyclobenzaprine": "#D55E00",
    "antispasticity agent": "#009E73",
    "baclofen": "#009E73",
    "tizanidine": "#1B7837",
    "SSRI": "#CC79A7",
    "azapirone": "#E69F00",
    "buspirone": "#E69F00",
    "lorazepam": "#5E3C99",
}
FAMILY_SYMBOLS = {"randomized": "square", "observational": "diamond", "review": "circle"}
FAMILY_TITLES = {
    "randomized": "Randomized trials",
    "observational": "Observational studies",
    "review": "Reviews",
    "other": "Other designs",
}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 15}
NULL_LINE = {"color": "#555555", "width": 1.5, "dash": "dash"}


@dataclass(frozen=True)
class Chart:
    """A figure with its text alternative and the table of numbers it shows."""

    figure: go.Figure
    alt_text: str
    table: pd.DataFrame


def colour_for(drug: str, drug_class: str = "") -> str:
    """The drug's colour: a fixed one for known drugs and classes, else a stable hashed one.

    Examples
    --------
    >>> colour_for("Diazepam") == colour_for("diazepam") == DRUG_COLOURS["diazepam"]
    True
    """
    for name in (drug.strip(), drug.strip().lower(), drug_class.strip(), drug_class.lower()):
        if name in DRUG_COLOURS:
            return DRUG_COLOURS[name]
    digest = hashlib.sha256((drug_class or drug).lower().encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def _colour(row: pd.Series) -> str:
    drug = str(row.get("drug", ""))
    first_word = drug.split(" ")[0].split(",")[0].lower()
    if first_word in DRUG_COLOURS:
        return DRUG_COLOURS[first_word]
    return colour_for(drug, str(row.get("drug_class", "")))


def _base_layout(fig: go.Figure, title: str, height: int) -> None:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 19}},
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 60},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        hoverlabel={"font_size": 14},
    )


def _log_ticks(low: float, high: float) -> list[float]:
    candidates = [0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10, 20, 50, 100]
    ticks = [t for t in candidates if low <= t <= high]
    return ticks if len(ticks) >= 3 else [t for t in candidates if low / 2 <= t <= high * 2]


def ratio_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that can go on a ratio axis: a ratio measure with an estimate."""
    if rows.empty:
        return rows
    mask = rows["measure"].isin(RATIO_MEASURES) & rows["estimate"].notna()
    return rows.loc[mask]


def proportion_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that report the percent of an arm with the outcome."""
    if rows.empty:
        return rows
    return rows.loc[(rows["measure"] == "proportion") & rows["estimate"].notna()]


def _plain(text: object) -> str:
    """Escape text for plotly's small HTML-like label markup."""
    return escape(text)


def _wrapped(text: str, width: int = 42) -> str:
    """Escape and shorten a label to one line; the full text is in the hover and the table."""
    short = textwrap.shorten(text, width=width, placeholder="…")
    if short == "…":  # a single very long word
        short = text[: width - 1] + "…"
    return _plain(short)


def _row_label(row: pd.Series) -> str:
    return f"{row['id']} · {row['drug']} · {row['outcome']}"


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


def _layout(title: str, height: int) -> dict[str, object]:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 19}},
        "font": FONT,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 70, "b": 60},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "showlegend": False,
        "hoverlabel": {"font": {"size": 14}},
    }


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
        layout = _layout(title, 200)
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
    ticks = _log_ticks(x_low, x_high)
    total = sum(len(v) for v in by_family.values())
    gap = 0.12 if len(families) > 1 else 0.0
    usable = 1.0 - gap * (len(families) - 1)
    layout = _layout(title, 150 + 84 * len(records) + 40 * len(families))
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
            colour = _colour(row)
            text = effect_text(row)
            label = _row_label(row)
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
                    "name": label,
                    "customdata": [[text, row["design"], row["source"], row["population"], label]],
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
                    "text": f"{_wrapped(label)}<br><b>{_plain(text)}</b>",
                    "showarrow": False,
                    "align": "left",
                    "bgcolor": "rgba(255,255,255,0.85)",
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "font": {"size": 13, "color": "#333333"},
                }
            )
    last = "" if len(families) == 1 else str(len(families))
    layout[f"xaxis{last}"]["title"] = {"text": "Ratio, log scale · right of 1 = more harm"}
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


def proportions_chart(rows: pd.DataFrame, title: str) -> Chart:
    """Percent of each arm with the outcome, drug arm beside its comparator arm."""
    drawn = proportion_rows(rows)
    labels = [_row_label(r) for _, r in drawn.iterrows()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=drawn["estimate"],
            orientation="h",
            name="with the drug",
            marker={"color": [_colour(r) for _, r in drawn.iterrows()]},
            text=[
                ("under " if r["bound"] == "upper" else "") + f"{r['estimate_text']}%"
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
                    f"{t}% ({c})" if t else ""
                    for t, c in zip(drawn["percent_control_text"], drawn["comparator"], strict=True)
                ],
                textposition="outside",
                hovertemplate="%{y}<br>comparator: %{text}<extra></extra>",
            )
        )
    _base_layout(fig, title, 160 + 70 * max(len(drawn), 1))
    fig.update_layout(barmode="group", showlegend=True, legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(title_text="People with the outcome (%)", range=[0, 110], gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 14})
    table = estimates_table(drawn)
    alt = (
        f"{title}. "
        + "; ".join(f"{_row_label(r)}: {effect_text(r)}" for r in drawn.to_dict("records"))
        + "."
    )
    return Chart(fig, alt, table)


def forest_plot(result: PooledResult, title: str, labels: Sequence[str] | None = None) -> Chart:
    """A forest plot: studies with weights and "estimate [CI]", the pooled diamond and its PI.

    Subgroups (when the result has them) are drawn as blocks with their own diamonds.
    """
    ratio = result.measure in RATIO_MEASURES
    rows: list[dict[str, object]] = []
    blocks = result.subgroups or (result,)
    for block in blocks:
        if result.subgroups:
            rows.append({"kind": "header", "label": f"{block.group}"})
        for study in block.studies:
            rows.append({"kind": "study", "label": study.id, **_study_figures(study)})
        rows.append(
            {
                "kind": "pooled",
                "label": f"Pooled{f' ({block.group})' if result.subgroups else ''}",
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
        rows=1, cols=2, column_widths=[0.6, 0.4], shared_yaxes=True, horizontal_spacing=0.02
    )
    values = [r for r in rows if r["kind"] != "header"]
    lo_all = min(float(r["low"]) for r in values)  # type: ignore[arg-type]
    hi_all = max(float(r["high"]) for r in values)  # type: ignore[arg-type]
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
                        "array": [float(r["high"]) - float(r["estimate"])],  # type: ignore[arg-type]
                        "arrayminus": [float(r["estimate"]) - float(r["low"])],  # type: ignore[arg-type]
                        "color": "#0072B2",
                        "thickness": 2,
                    },
                    hovertemplate=f"{r['label']}<extra></extra>",
                ),
                row=1,
                col=1,
            )
        elif r["kind"] == "pooled":
            est, low, high = float(r["estimate"]), float(r["low"]), float(r["high"])  # type: ignore[arg-type]
            fig.add_trace(
                go.Scatter(
                    x=[low, est, high, est, low],
                    y=[i, i - 0.3, i, i + 0.3, i],
                    fill="toself",
                    mode="lines",
                    line={"color": "#D55E00"},
                    fillcolor="#D55E00",
                    hovertemplate=f"{r['label']}<extra></extra>",
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
                lo_all = min(lo_all, float(r["pi_low"]))  # type: ignore[arg-type]
                hi_all = max(hi_all, float(r["pi_high"]))  # type: ignore[arg-type]
    texts = [
        ""
        if r["kind"] == "header"
        else f"{r.get('text') or _fmt(r['estimate'])} "
        f"[{r.get('low_text') or _fmt(r['low'])}, {r.get('high_text') or _fmt(r['high'])}]"
        + (f"  {float(r['weight']):.1f}%" if r.get("weight") is not None else "")  # type: ignore[arg-type]
        for r in rows
    ]
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
        text="<b>Estimate [CI] · weight</b>",
        showarrow=False,
        xanchor="left",
        font={"size": 13},
    )
    if ratio:
        x_low, x_high = min(lo_all, 1.0) / 1.2, max(hi_all, 1.0) * 1.2
        ticks = _log_ticks(x_low, x_high)
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
    fig.update_yaxes(
        tickvals=y,
        ticktext=[f"<b>{r['label']}</b>" if r["kind"] != "study" else r["label"] for r in rows],
        autorange="reversed",
        automargin=True,
        row=1,
        col=1,
    )
    het = heterogeneity_text(result)
    _base_layout(fig, title, 220 + 34 * len(rows))
    fig.update_layout(
        title={
            "subtitle": {
                "text": "<br>".join(_plain(part) for part in het.split(" · ")),
                "font": {"size": 13, "color": "#444444"},
            }
        },
        margin={"t": 70 + 18 * len(het.split(" · "))},
    )
    table = pd.DataFrame(
        {
            "row": [r["label"] for r in rows],
            "estimate [CI]": texts,
        }
    )
    alt = f"{title}. " + "; ".join(f"{r}: {t}" for r, t in zip(table["row"], texts, strict=True))
    return Chart(fig, alt + f". {het}.", table)


def _study_figures(study: StudyEffect) -> dict[str, object]:
    """A study's figures: the source's own estimate and CI when it gave them, else computed ones.

    A study entered as an estimate with a CI is drawn and labelled with exactly those numbers;
    its standard error (recovered from the CI) only sets its weight.
    """
    labels = study.labels
    figures: dict[str, object] = {
        "estimate": study.estimate,
        "low": study.ci_low,
        "high": study.ci_high,
        "weight": study.weight,
    }
    texts = [labels.get(f"{name}_text") for name in ("estimate", "ci_low", "ci_high")]
    from_counts = labels.get("events_treatment_text") not in (None, "")
    if all(texts) and not from_counts:
        figures.update(
            estimate=float(texts[0]),  # type: ignore[arg-type]
            low=float(texts[1]),  # type: ignore[arg-type]
            high=float(texts[2]),  # type: ignore[arg-type]
            text=texts[0],
            low_text=texts[1],
            high_text=texts[2],
        )
    return figures


def _fmt(value: object) -> str:
    return f"{float(value):.2f}"  # type: ignore[arg-type]


def heterogeneity_text(result: PooledResult) -> str:
    """``Heterogeneity: tau² = 0.31, I² = 92.2%, Q = 152.23 (df = 12), p < 0.001``."""
    p = "p < 0.001" if result.q_p < 0.001 else f"p = {result.q_p:.3f}"
    text = (
        f"Heterogeneity: tau² = {result.tau2:.4f}, I² = {result.i2:.1f}%, "
        f"Q = {result.q:.2f} (df = {result.q_df}), {p}"
    )
    if result.pi_low is not None and result.pi_high is not None:
        text += (
            f" · {result.level:g}% prediction interval (dotted) {_fmt(result.pi_low)} to "
            f"{_fmt(result.pi_high)}"
        )
    if result.subgroup_test is not None:
        test = result.subgroup_test
        sp = "p < 0.001" if test.p < 0.001 else f"p = {test.p:.3f}"
        text += f" · Subgroup differences: Q = {test.q:.2f} (df = {test.df}), {sp}"
    return text


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
                name=f"{kind} ({len(idx)})",
                hoverinfo="name",
            )
        )
    fig.update_xaxes(visible=False, range=[-0.7, cols - 0.3])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    title = f"Out of {per} people like this, over the same period"
    _base_layout(fig, title, 460)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.05, "font_size": 14})
    change = "more" if extra >= 0 else "fewer"
    alt = (
        f"{title}: about {base} would have the outcome without {drug} and about {exposed} with it, "
        f"so about {abs(extra)} {change} in every {per}."
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
        title={"text": f"Out of 100 people: {drug} compared with {comparator}"}
    )
    return chart
