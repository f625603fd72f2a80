"""Pooled results as text and escaped HTML."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from markupsafe import Markup

from evidence_dashboard import schema
from evidence_dashboard.safe_html import html_row, html_table, wide_row
from evidence_dashboard.stats.report.numbers import (
    bracket_text,
    estimate_text,
    first_upper,
    interval_label,
    interval_text,
    level_text,
    p_text,
    tau2_text,
)

if TYPE_CHECKING:
    from evidence_dashboard.stats.effects import StudyEffect
    from evidence_dashboard.stats.pooling import PooledResult, SubgroupTest


def heterogeneity_text(result: PooledResult) -> str:
    """``tau² = 0.3132, I² = 92.2%, H² = 12.83, Q = 152.23 (df = 12), p < 0.001``."""
    return (
        f"tau² = {tau2_text(result.tau2)}, I² = {result.i2:.1f}%, H² = {result.h2:.2f}, "
        f"Q = {result.q:.2f} (df = {result.q_df}), {p_text(result.q_p)}"
    )


def prediction_text(result: PooledResult) -> str:
    """``95% prediction interval 0.12 to 2.01``, or empty for a fixed-effect model."""
    bounds = interval_text(result.pi_low, result.pi_high, result.measure)
    return f"{level_text(result.level)} prediction interval {bounds}" if bounds else ""


def subgroup_test_text(test: SubgroupTest) -> str:
    """``Q = 1.86 (df = 2), p = 0.395``."""
    return f"Q = {test.q:.2f} (df = {test.df}), {p_text(test.p)}"


def pooled_title(result: PooledResult) -> str:
    """``Pooled OR · REML random effects · k = 2``."""
    method = schema.METHOD_NAMES.get(result.method, result.method)
    return f"Pooled {result.measure} · {method} · k = {result.k}"


def pooled_summary(result: PooledResult) -> str:
    """``Pooled OR 1.71 (95% CI 1.40 to 2.09) · REML random effects · k = 2``."""
    method = schema.METHOD_NAMES.get(result.method, result.method)
    return f"Pooled {estimate_text(result)} · {method} · k = {result.k}"


def study_text(study: StudyEffect, measure: str) -> str:
    """``2.15 [1.47, 3.16]``: the source's own figures when it gave an estimate with a CI."""
    labels = study.labels
    texts = [labels.get(f"{name}_text") for name in ("estimate", "ci_low", "ci_high")]
    if all(texts) and not labels.get("events_treatment_text"):
        return f"{texts[0]} [{texts[1]}, {texts[2]}]"
    return bracket_text(study.estimate, study.ci_low, study.ci_high, measure)


def weight_text(weight: float | None) -> str:
    """``28.9%``, or empty outside a pooled analysis."""
    return "" if weight is None or not math.isfinite(weight) else f"{weight:.1f}%"


def pooled_rows(result: PooledResult) -> list[tuple[str, str, str, str]]:
    """``(kind, label, figure, weight)`` rows; kind is study, group, pooled or note."""
    m = result.measure
    rows: list[tuple[str, str, str, str]] = []
    for block in result.subgroups or (result,):
        if result.subgroups:
            rows.append(("group", str(block.group), "", ""))
        rows += [("study", s.id, study_text(s, m), weight_text(s.weight)) for s in block.studies]
        if result.subgroups:
            figure = bracket_text(block.estimate, block.ci_low, block.ci_high, m)
            rows.append(("pooled", f"pooled ({block.group})", figure, ""))
            rows.append(("note", f"heterogeneity ({block.group})", heterogeneity_text(block), ""))
    figure = bracket_text(result.estimate, result.ci_low, result.ci_high, m)
    rows.append(("pooled", "overall" if result.subgroups else "pooled", figure, weight_text(100.0)))
    notes = [("pooled estimate", estimate_text(result))]
    bounds = interval_text(result.pi_low, result.pi_high, m)
    label = f"{level_text(result.level)} prediction interval"
    notes.append((label, bounds or "none for a fixed-effect model"))
    notes.append(("heterogeneity", heterogeneity_text(result)))
    if result.subgroup_test is not None:
        notes.append(("subgroup differences", subgroup_test_text(result.subgroup_test)))
    notes += [("note", note) for note in result.notes]
    return rows + [("note", label, text, "") for label, text in notes]


def _column_head(result: PooledResult) -> str:
    return f"{result.measure} [{interval_label(result.interval_kind, result.level)}]"


def pooled_repr(result: PooledResult) -> str:
    """One line: ``<PooledResult OR reml k=2: 1.71 [1.40, 2.09], I² 45.6%>``."""
    figure = bracket_text(result.estimate, result.ci_low, result.ci_high, result.measure)
    return (
        f"<PooledResult {result.measure} {result.method} k={result.k}: {figure}, "
        f"I² {result.i2:.1f}%>"
    )


def pooled_text(result: PooledResult) -> str:
    """A plain-text table of the studies, the pooled estimate, heterogeneity and notes."""
    rows = pooled_rows(result)
    table = [("study", _column_head(result), "weight")]
    table += [(label, figure, weight) for kind, label, figure, weight in rows if kind != "note"]
    widths = [max(len(r[i]) for r in table) for i in range(2)]
    lines = [pooled_title(result)]
    lines += [f"  {a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in table]
    lines += [f"  {label}: {text}" for kind, label, text, _ in rows if kind == "note"]
    return "\n".join(lines)


def pooled_html(result: PooledResult) -> Markup:
    """A compact HTML table of the same content as :func:`pooled_text` (every value escaped).

    Examples
    --------
    >>> from evidence_dashboard.stats import pool
    >>> rows = [{"id": "<b>A</b>", "estimate": 1.2, "ci_low": 1.0, "ci_high": 1.5},
    ...         {"id": "B", "estimate": 1.6, "ci_low": 1.1, "ci_high": 2.3}]
    >>> html = pooled_html(pool(rows, measure="OR", method="dl"))
    >>> "&lt;b&gt;A&lt;/b&gt;" in html, "<b>A" in html
    (True, False)
    """
    body = []
    for kind, label, figure, weight in pooled_rows(result):
        if kind == "note":
            body.append(wide_row(first_upper(label), figure, 3))
        elif kind == "group":
            body.append(html_row([label], "th", colspan=3))
        else:
            tag = "th" if kind == "pooled" else "td"
            shown = label if kind == "study" else first_upper(label)
            body.append(html_row([shown, figure, weight], tag))
    return html_table(pooled_title(result), ["Study", _column_head(result), "Weight"], body)
