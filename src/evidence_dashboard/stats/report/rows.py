"""Evidence rows as text, from the source's own number text (never re-rounded)."""

from __future__ import annotations

from collections.abc import Mapping

from evidence_dashboard import schema


def _row_text(row: Mapping[str, object], name: str) -> str:
    value = row.get(name + "_text", row.get(name, ""))
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def row_interval_text(row: Mapping[str, object]) -> str:
    """``95% CI 1.22 to 1.65`` (``CrI`` for credible intervals) as the source wrote it."""
    low, high = _row_text(row, "ci_low"), _row_text(row, "ci_high")
    if not low or not high:
        return ""
    level = _row_text(row, "ci_level") or "95"
    kind = str(row.get("interval") or "confidence")
    return f"{level}% {schema.INTERVAL_ABBREVIATIONS.get(kind, 'CI')} {low} to {high}"


def effect_text(row: Mapping[str, object]) -> str:
    """The row's headline figure, e.g. ``OR 1.42; 95% CI 1.22 to 1.65`` or ``29% vs 10%``.

    Examples
    --------
    >>> effect_text({"measure": "OR", "estimate_text": "1.41", "ci_low_text": "1.20",
    ...              "ci_high_text": "1.71", "ci_level_text": "95", "interval": "credible"})
    'OR 1.41; 95% CrI 1.20 to 1.71'
    >>> effect_text({"measure": "proportion", "estimate_text": "1", "bound": "upper"})
    'under 1%'
    """
    measure = str(row.get("measure", ""))
    if measure == "statement":
        return str(row.get("statement", ""))
    estimate = _row_text(row, "estimate")
    if measure == "proportion":
        if not estimate:
            return ""
        prefix = {"upper": "under ", "lower": "over "}.get(str(row.get("bound", "")), "")
        control = _row_text(row, "percent_control")
        text = f"{prefix}{estimate}%"
        return f"{text} vs {control}%" if control else text
    interval = row_interval_text(row)
    head = _measure_head(row, measure, estimate)
    return f"{head}; {interval}" if interval else head


def _measure_head(row: Mapping[str, object], measure: str, estimate: str) -> str:
    """The estimate with what it needs to be read: a period, a denominator, a scale."""
    if not estimate:
        return measure
    period, scale = _row_text(row, "period"), _row_text(row, "scale")
    if measure == "baseline risk":
        return f"{estimate}% over {period}" if period else f"{estimate}%"
    if measure == "incidence rate":
        per = _per_text(row)
        return f"{estimate} per {per} over {period}" if period else f"{estimate} per {per}"
    if measure == "relative change":
        return f"{estimate}% change from {_row_text(row, 'comparator')}"
    if measure == "mean change":
        control = _row_text(row, "mean_control")
        head = f"mean change {estimate} vs {control}" if control else f"mean change {estimate}"
        return f"{head} ({scale})" if scale else head
    if measure == "MD" and scale:
        return f"MD {estimate} ({scale})"
    return f"{measure} {estimate}"


def _per_text(row: Mapping[str, object]) -> str:
    """An incidence rate's denominator with thousands separators: ``100,000``."""
    per = _row_text(row, "per")
    return f"{int(float(per)):,}" if per.replace(".", "", 1).isdigit() else per


def value_text(row: Mapping[str, object], field_name: str | None) -> str:
    """The text an article's ``{{ID}}`` or ``{{ID.field}}`` token stands for."""
    if field_name is None:
        return effect_text(row)
    if field_name == "ci":
        return row_interval_text(row)
    if field_name == "per":
        return _per_text(row)
    return _row_text(row, field_name)


def design_label(design: str) -> str:
    """A chart label naming the design and its family, e.g. ``cohort (observational)``."""
    family = schema.design_family(design)
    return f"{design} ({family})" if family != "other" else design
