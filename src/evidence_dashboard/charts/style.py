"""The charts' shared vocabulary: colours, symbols, fonts, the Chart type and small helpers."""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from evidence_dashboard.safe_html import escape
from evidence_dashboard.schema import RATIO_MEASURES

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
TICK_SIZE = 13  # px, the axes' tick labels
#: The px between a y axis's tick labels and its plot (10 to 11 measured in Chromium), with a
#: few to spare: a label margin is its widest label plus this (``text_width.labels_margin``).
TICK_LABEL_PAD = 14
TEXT = "#31333F"  # the app's body text colour (Streamlit's light theme)
_AXIS = {
    "gridcolor": "#e5e5e5",
    "linecolor": "#bbbbbb",
    "zerolinecolor": "#bbbbbb",
    "tickcolor": "#bbbbbb",
    "tickfont": {"size": TICK_SIZE, "color": "#555555"},
    # Room for the tick labels and the (multi-line) axis title, at any font size (slides).
    "automargin": True,
    "title": {"font": {"size": 14, "color": "#555555"}, "standoff": 10},
}
#: Every chart's template, set on the figure itself: a chart looks the same on the page, in its
#: PNG/SVG/HTML download and in a notebook. Without it, plotly's default template applies, and
#: importing Streamlit changes that default (to a placeholder the browser fills in), so the same
#: chart exported from the app and from a notebook looked different. The page draws figures
#: with ``theme=None`` (ui/charts.py), so the browser adds nothing either.
TEMPLATE = go.layout.Template(
    layout={
        "font": {**FONT, "color": TEXT},
        "title": {"font": {"weight": 600}},
        "colorway": list(PALETTE),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"bgcolor": "white", "bordercolor": "#bbbbbb", "font": {"color": TEXT}},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
)
NULL_LINE = {"color": "#555555", "width": 1.5, "dash": "dash"}


@dataclass(frozen=True)
class Chart:
    """A figure with its text alternative and the table of numbers it shows."""

    figure: go.Figure
    alt_text: str
    table: pd.DataFrame

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        """Show the figure itself in Jupyter."""
        return self.figure._repr_mimebundle_(include, exclude)


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


def row_colour(row: pd.Series) -> str:
    drug = str(row.get("drug", ""))
    first_word = drug.split(" ")[0].split(",")[0].lower()
    if first_word in DRUG_COLOURS:
        return DRUG_COLOURS[first_word]
    return colour_for(drug, str(row.get("drug_class", "")))


def layout_spec(title: str, height: int, bottom: int = 60) -> dict[str, Any]:
    """The layout every chart starts from, as a plain specification (fonts and backgrounds
    come from ``TEMPLATE``); figures built in one pass take it as it is."""
    return {
        "template": TEMPLATE,
        "title": {"text": plain(title), "x": 0, "xanchor": "left", "font": {"size": 19}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 70, "b": bottom},
        "showlegend": False,
        "hoverlabel": {"font": {"size": 14}},
    }


def base_layout(fig: go.Figure, title: str, height: int) -> None:
    fig.update_layout(layout_spec(title, height))


def log_ticks(low: float, high: float) -> list[float]:
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


def plain(text: object) -> str:
    """Escape text for plotly's small HTML-like label markup."""
    return str(escape(text))


def wrapped_label(text: str, width: int = 42) -> str:
    """Escape and shorten a label to one line; the full text is in the hover and the table."""
    short = textwrap.shorten(text, width=width, placeholder="…")
    if short == "…":  # a single very long word
        short = text[: width - 1] + "…"
    return plain(short)


def row_label(row: pd.Series) -> str:
    return f"{row['id']} · {row['drug']} · {row['outcome']}"
