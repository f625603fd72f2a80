"""Figures, intervals and numbers needed as text (the precision rules of ``docs/numbers.md``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from evidence_dashboard import schema

if TYPE_CHECKING:
    from evidence_dashboard.stats.absolute import AbsoluteEffect, RiskDifferenceEffect
    from evidence_dashboard.stats.pooling import PooledResult

DASH = "–"


def level_text(level: float) -> str:
    """``95%`` for a level in percent (``g`` format: 99.9 stays 99.9)."""
    return f"{float(level):g}%"


def interval_label(kind: str | None = "confidence", level: float = 95) -> str:
    """``95% CI`` for a confidence interval, ``95% CrI`` for a credible one.

    Examples
    --------
    >>> interval_label(), interval_label("credible", 90)
    ('95% CI', '90% CrI')
    """
    abbreviation = schema.INTERVAL_ABBREVIATIONS.get(str(kind or "confidence"), "CI")
    return f"{level_text(level)} {abbreviation}"


def _significant(x: float, digits: int) -> str:
    return f"{x:.{digits}g}" if x else "0"


def number(value: float | None, measure: str = "RR") -> str:
    """A computed figure with the precision of its measure (see the module docstring).

    Examples
    --------
    >>> number(1.7149), number(0.0412), number(-0.00712, "RD"), number(None), number(math.nan)
    ('1.71', '0.041', '-0.0071', '–', 'n/a')
    """
    if value is None:
        return DASH
    x = float(value)
    if not math.isfinite(x):
        return "n/a" if math.isnan(x) else ("∞" if x > 0 else "-∞")
    if measure in schema.RATIO_MEASURES:
        return f"{x:.2f}" if abs(x) >= 0.095 else _significant(x, 2)
    return f"{x:.4f}" if abs(x) >= 0.0001 or x == 0 else _significant(x, 2)


def p_text(p: float) -> str:
    """``p < 0.001`` or ``p = 0.123``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def tau2_text(tau2: float) -> str:
    """tau² with 4 decimals, 2 significant figures when it is smaller than that."""
    return f"{tau2:.4f}" if tau2 == 0 or abs(tau2) >= 0.0001 else _significant(tau2, 2)


def interval_text(low: float | None, high: float | None, measure: str) -> str:
    """``1.20 to 1.90`` (empty when a bound is missing)."""
    if low is None or high is None:
        return ""
    return f"{number(low, measure)} to {number(high, measure)}"


def ratio_text(
    measure: str,
    estimate: float,
    low: float | None = None,
    high: float | None = None,
    interval_kind: str = "confidence",
    level: float = 95,
) -> str:
    """``OR 1.71 (95% CI 1.40 to 2.09)``; without bounds just ``OR 1.71``."""
    head = f"{measure} {number(estimate, measure)}"
    bounds = interval_text(low, high, measure)
    return f"{head} ({interval_label(interval_kind, level)} {bounds})" if bounds else head


def bracket_text(estimate: float, low: float, high: float, measure: str) -> str:
    """``1.71 [1.40, 2.09]``, the tables' compact form."""
    return f"{number(estimate, measure)} [{number(low, measure)}, {number(high, measure)}]"


def per_1000(value: float | None) -> str:
    """A count per 1,000 (sign kept; see the module docstring for the precision).

    Examples
    --------
    >>> per_1000(41.26), per_1000(-2.64), per_1000(0.0441), per_1000(None)
    ('41', '-2.6', '0.044', '–')
    """
    if value is None:
        return DASH
    x = float(value)
    if abs(x) >= 9.95 or x == 0:
        return f"{x:.0f}"
    return f"{x:.1f}" if abs(x) >= 0.995 else _significant(x, 2)


def change_text(value: float) -> str:
    """``33 more``, ``2.6 fewer`` or ``no difference`` for a difference per 1,000."""
    shown = per_1000(abs(value))
    if shown == "0":
        return "no difference"
    return f"{shown} {'more' if value > 0 else 'fewer'}"


def number_needed_text(
    rd: float,
    rd_low: float | None = None,
    rd_high: float | None = None,
    level: float = 95,
    interval_kind: str = "confidence",
) -> tuple[int | None, str, str]:
    """Number needed (rounded up), its kind and its text, from a risk difference and interval.

    An interval that includes 0 is written in Altman's form (BMJ 1998;317:1309), harm end
    first.

    Examples
    --------
    >>> number_needed_text(-0.0962, -0.2222, 0.0457)
    (11, 'NNT', 'NNT 11 (95% CI NNTH 22 to ∞ to NNTB 5)')
    >>> number_needed_text(0.05, 0.02, 0.08, interval_kind="credible")
    (20, 'NNH', 'NNH 20 (95% CrI 13 to 50)')
    """
    kind = "NNH" if rd > 0 else "NNT"
    nn = None if rd == 0 else round_up(1.0 / abs(rd))
    head = f"{kind} {nn}" if nn is not None else "no difference in risk (NNT ∞)"
    if rd_low is None or rd_high is None:
        return nn, kind, head
    if rd_low > 0:  # harm throughout: NNH from the largest RD to the smallest
        body = f"{round_up(1 / rd_high)} to {round_up(1 / rd_low)}"
    elif rd_high < 0:  # benefit throughout
        body = f"{round_up(1 / -rd_low)} to {round_up(1 / -rd_high)}"
    else:  # the interval includes 0: "NNTH a to ∞ to NNTB b"
        parts = [f"NNTH {round_up(1 / rd_high)}"] if rd_high > 0 else []
        parts.append("∞")
        if rd_low < 0:
            parts.append(f"NNTB {round_up(1 / -rd_low)}")
        body = " to ".join(parts)
    return nn, kind, f"{head} ({interval_label(interval_kind, level)} {body})"


def round_up(x: float) -> int:
    """Round a positive number up to the next whole number (exact integers stay)."""
    return math.ceil(round(x, 9))


def estimate_text(result: PooledResult | AbsoluteEffect | RiskDifferenceEffect) -> str:
    """``OR 1.71 (95% CI 1.40 to 2.09)``: a result's estimate with its interval kind and level."""
    return ratio_text(
        result.measure,
        result.estimate,
        result.ci_low,
        result.ci_high,
        result.interval_kind,
        result.level,
    )


def first_upper(text: str) -> str:
    """The text with its first letter in upper case (the rest untouched, unlike ``capitalize``)."""
    return text[:1].upper() + text[1:]
