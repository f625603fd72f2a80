"""The Compare page's absolute view: from one row or the pooled result, at the user's baseline.

A ratio says nothing about how common the outcome is, so the view is computed only at a baseline
risk the user stated, and says so; with none stated it says what is missing instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence_dashboard import charts, schema
from evidence_dashboard.charts import Chart
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, absolute_effect
from evidence_dashboard.views.baseline import number_text

#: measure, estimate, low, high, the drug's name, what it is from, interval kind, level
_Source = tuple[str, float, float, float, str, str, str, float]


def _interval_kind(value: object) -> str:
    """The row's ``interval`` column as an interval kind (empty means a confidence interval)."""
    return "credible" if str(value or "").strip() == "credible" else "confidence"


def _source(
    shown: pd.DataFrame, absolute_id: str, pool_ids: Sequence[str], pooled: PooledResult | None
) -> tuple[_Source | None, list[str]]:
    """The estimate the view is from (the chosen row, else the pooled result), or why none."""
    if absolute_id and absolute_id in set(shown["id"]):
        row = shown.set_index("id").loc[absolute_id]
        if row["measure"] in schema.ABSOLUTE_MEASURES and pd.notna(row["estimate"]):
            return (
                row["measure"],
                row["estimate"],
                row["ci_low"],
                row["ci_high"],
                str(row["drug"]),
                f"{absolute_id} ({row['measure']} {row['estimate_text']})",
                _interval_kind(row.get("interval")),
                float(row["ci_level"]) if pd.notna(row.get("ci_level")) else 95.0,
            ), []
        return None, [
            f"{absolute_id} reports a {row['measure']}"
            f"{'' if pd.notna(row['estimate']) else ' without a printed estimate'}; absolute "
            "effects are computed from printed risk ratios, odds ratios and risk differences, or a "
            "pooled result."
        ]
    if pooled is not None and pooled.measure in schema.ABSOLUTE_MEASURES:
        return (
            pooled.measure,
            pooled.estimate,
            pooled.ci_low,
            pooled.ci_high,
            "the drug",
            f"the pooled {pooled.measure} of {', '.join(pool_ids)}",
            pooled.interval_kind,
            pooled.level,
        ), []
    return None, []


def absolute_view(
    shown: pd.DataFrame,
    absolute_id: str,
    pool_ids: Sequence[str],
    pooled: PooledResult | None,
    baseline_per_1000: float | None,
) -> tuple[AbsoluteEffect | None, str, Chart | None, list[str]]:
    """``(effect, what it is from, icon array, messages)`` for the rows shown.

    ``baseline_per_1000`` is the baseline the user stated; ``None`` gives no effect and a
    message saying a baseline is needed.
    """
    source, messages = _source(shown, absolute_id, pool_ids, pooled)
    if source is None:
        return None, "", None, messages
    measure, est, low, high, name, label, kind, level = source
    if baseline_per_1000 is None:
        return (
            None,
            "",
            None,
            [
                f"Absolute effect of {label}: enter a baseline risk above (the risk without the drug "
                "in the people you have in mind) to see it as people per 1,000. The sources give "
                "ratios, which do not say how common the outcome is."
            ],
        )
    typed = number_text(baseline_per_1000)
    try:
        effect = absolute_effect(
            measure,
            float(est),
            baseline_per_1000 / 1000,
            None if pd.isna(low) else float(low),
            None if pd.isna(high) else float(high),
            level=level,
            interval_kind=kind,
        )
    except InputError as exc:
        return None, "", None, [f"No absolute effect: {exc}"]
    icons = charts.icon_array(
        effect,
        name,
        title=f"Out of 100 people at your baseline risk ({typed} per 1,000)",
        baseline_note=f"The baseline, {typed} per 1,000, is yours: not from a source.",
        summary=False,  # the page prints the sentence in full above the grid
    )
    return effect, label, icons, messages
