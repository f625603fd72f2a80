"""Plotly figures built from evidence rows and result objects, with one visual vocabulary.

Every builder returns a :class:`Chart`: the figure, a text alternative with the same numbers, and
the table behind it. Ratio axes are logarithmic with the null line at 1; a drug keeps its colour
everywhere; randomized and observational estimates are drawn in separate, labelled panels.
"""

from evidence_dashboard.charts.estimates import estimates_chart, estimates_table, proportions_chart
from evidence_dashboard.charts.forest import forest_plot, heterogeneity_text
from evidence_dashboard.charts.icons import arm_icon_array, icon_array
from evidence_dashboard.charts.style import (
    DRUG_COLOURS,
    FAMILY_SYMBOLS,
    FAMILY_TITLES,
    PALETTE,
    RATIO_MEASURES,
    Chart,
    colour_for,
    proportion_rows,
    ratio_rows,
)

__all__ = [
    "DRUG_COLOURS",
    "FAMILY_SYMBOLS",
    "FAMILY_TITLES",
    "PALETTE",
    "RATIO_MEASURES",
    "Chart",
    "arm_icon_array",
    "colour_for",
    "estimates_chart",
    "estimates_table",
    "forest_plot",
    "heterogeneity_text",
    "icon_array",
    "proportion_rows",
    "proportions_chart",
    "ratio_rows",
]
