"""The app's figures for notebooks and scripts: the same builders the pages call.

Part of the public API (``evidence_dashboard.forest_plot`` and friends); the data functions are in
:mod:`evidence_dashboard.api`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evidence_dashboard import charts

# load, pool_rows and absolute are imported for the doctests.
from evidence_dashboard.api import (  # noqa: F401
    Values,
    absolute,
    checked_values,
    load,
    pool_rows,
    rows_of,
)
from evidence_dashboard.charts import Chart
from evidence_dashboard.content.library import Library
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, PooledResult

# load, pool_rows and absolute are imported for the doctests.
# load, pool_rows and absolute are imported for the doctests.
from evidence_dashboard.views import compare, explorer

__all__ = ["absolute_chart", "comparison_chart", "forest_plot", "save_chart"]


def forest_plot(result: PooledResult, title: str | None = None) -> Chart:
    """The forest plot the Compare page draws for a pooled result.

    Parameters
    ----------
    result : PooledResult
        From :func:`pool_rows`.
    title : str, optional
        Chart title; default ``Pooled <measure> (<method>)``.

    Returns
    -------
    Chart
        ``figure`` (a plotly Figure), ``alt_text`` and ``table``.

    Examples
    --------
    >>> chart = forest_plot(pool_rows(load().rows(["FA-03", "FA-04"])))
    >>> list(chart.table["row"])
    ['FA-03', 'FA-04', 'Pooled']
    """
    return charts.forest_plot(result, title or f"Pooled {result.measure} ({result.method})")


def comparison_chart(
    library_or_rows: Library | pd.DataFrame,
    outcome_category: str,
    age_groups: Values = (),
    *,
    drugs: Values = (),
    families: Values = compare.FAMILIES,
    measures: Values = (),
) -> Chart:
    """The Compare page's chart: one outcome across drugs, ratio estimates by study design.

    Built by :func:`evidence_dashboard.compare.compare`, exactly as the page builds it.

    Parameters
    ----------
    library_or_rows : Library or pandas.DataFrame
        A loaded library or evidence rows.
    outcome_category : str
        E.g. ``"falls"`` or ``"fracture"``.
    age_groups, drugs, measures : str or list of str
        Keep only these (default: all).
    families : str or list of str
        ``"randomized"`` and/or ``"observational"`` (default both).

    Returns
    -------
    Chart
        ``figure``, ``alt_text`` and ``table`` (the rows drawn).

    Raises
    ------
    InputError
        An outcome category with no ratio estimates, or an unknown filter value.

    Examples
    --------
    >>> chart = comparison_chart(load(), "fracture", ["65+", "older adults"])
    >>> chart.figure.layout.title.text
    'Fractures, including hip fracture · 65+, older adults'
    >>> list(chart.table["id"])[:3]
    ['FX-01', 'FX-02', 'FX-03']
    """
    frame = rows_of(library_or_rows)
    categories = compare.plottable_categories(frame)
    if outcome_category not in categories:
        checked_values("outcome_category", outcome_category, categories)
    spec = compare.CompareSpec(
        outcome_category=outcome_category,
        age_groups=checked_values("age_groups", age_groups, explorer.options(frame, "age_group")),
        drugs=checked_values("drugs", drugs, explorer.options(frame, "drug")),
        families=checked_values("families", families, compare.FAMILIES),
        measures=checked_values("measures", measures, compare.POOLABLE_MEASURES),
    )
    return compare.compare(frame, spec).chart


def absolute_chart(effect: AbsoluteEffect, drug: str, per: int = 100) -> Chart:
    """The Compare page's icon array: out of ``per`` people, events without and with the drug.

    Parameters
    ----------
    effect : AbsoluteEffect
        From :func:`absolute`.
    drug : str
        The name to use in the labels.
    per : int
        How many people to draw.

    Returns
    -------
    Chart
        ``figure``, ``alt_text`` and ``table``.

    Examples
    --------
    >>> chart = absolute_chart(absolute("OR", 1.41, baseline_risk=0.3), "benzodiazepines")
    >>> chart.table.iloc[:, 1].tolist()
    [30, 38, 8]
    """
    return charts.icon_array(effect, drug, per)


def save_chart(chart: Chart, path: Path | str) -> Path:
    """Write a chart to a file the way the Compare page's download buttons do.

    ``.png`` and ``.svg`` are rendered by kaleido with the system Chromium (1200 px wide);
    ``.html`` is a standalone page with plotly.js embedded (works offline).

    Parameters
    ----------
    chart : Chart
        Any chart from this module.
    path : path-like
        The file to write; its suffix picks the format. Parent folders are created.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        A suffix other than ``.png``, ``.svg`` or ``.html``.

    Examples
    --------
    >>> import tempfile
    >>> chart = comparison_chart(load(), "falls")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     html = save_chart(chart, Path(folder) / "falls.html").read_text()
    >>> html.startswith("<!doctype html>"), "<title>Falls · all age groups</title>" in html
    (True, True)
    """
    from evidence_dashboard.export import figure_html, figure_image

    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg", "html"):
        raise InputError(
            f"path must end in .png, .svg or .html. Got {target.suffix or 'no suffix'!r} instead."
        )
    title = str(chart.figure.layout.title.text or target.stem)
    data = figure_html(chart.figure, title) if kind == "html" else figure_image(chart.figure, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
