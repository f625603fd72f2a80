"""Text forms of evidence rows, built from the source's own number text (never re-rounded)."""

from __future__ import annotations

from collections.abc import Mapping

from evidence_dashboard import schema
from evidence_dashboard.schema import DESIGN_FAMILY

MEASURE_NAMES = {t.value: t.help for t in schema.MEASURES}


def _text(row: Mapping[str, object], name: str) -> str:
    value = row.get(name + "_text", row.get(name, ""))
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def interval_text(row: Mapping[str, object]) -> str:
    """``95% CI 1.22 to 1.65`` (``CrI`` for credible intervals), or empty when there is none."""
    low, high = _text(row, "ci_low"), _text(row, "ci_high")
    if not low or not high:
        return ""
    level = _text(row, "ci_level") or "95"
    kind = "CrI" if str(row.get("interval", "")) == "credible" else "CI"
    return f"{level}% {kind} {low} to {high}"


def effect_text(row: Mapping[str, object]) -> str:
    """The row's headline figure, e.g. ``OR 1.42; 95% CI 1.22 to 1.65`` or ``29% vs 10%``.

    Examples
    --------
    >>> effect_text({"measure": "OR", "estimate_text": "1.42", "ci_low_text": "1.22",
    ...              "ci_high_text": "1.65", "ci_level_text": "95"})
    'OR 1.42; 95% CI 1.22 to 1.65'
    >>> effect_text({"measure": "proportion", "estimate_text": "1", "bound": "upper"})
    'under 1%'
    """
    measure = str(row.get("measure", ""))
    if measure == "statement":
        return str(row.get("statement", ""))
    estimate = _text(row, "estimate")
    if measure == "proportion":
        if not estimate:
            return ""
        bound = str(row.get("bound", ""))
        prefix = {"upper": "under ", "lower": "over "}.get(bound, "")
        control = _text(row, "percent_control")
        text = f"{prefix}{estimate}%"
        return f"{text} vs {control}%" if control else text
    interval = interval_text(row)
    head = f"{measure} {estimate}" if estimate else measure
    return f"{head}; {interval}" if interval else head


def value_text(row: Mapping[str, object], field_name: str | None) -> str:
    """The text an article's ``{{ID}}`` or ``{{ID.field}}`` token stands for."""
    if field_name is None:
        return effect_text(row)
    if field_name == "ci":
        return interval_text(row)
    return _text(row, field_name)


def design_family(design: str) -> str:
    """``randomized``, ``observational``, ``review`` or ``statement`` for a design value."""
    return DESIGN_FAMILY.get(design, "other")


def design_label(design: str) -> str:
    """A chart label naming the design and its family, e.g. ``cohort (observational)``."""
    family = design_family(design)
    return f"{design} ({family})" if family not in ("other",) else design
