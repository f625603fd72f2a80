"""Absolute effects as text and escaped HTML: the one sentence every surface prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from evidence_dashboard.safe_html import html_table, wide_row
from evidence_dashboard.stats.report.numbers import (
    change_text,
    estimate_text,
    first_upper,
    interval_label,
    number,
    per_1000,
)

if TYPE_CHECKING:
    from typing import TypeAlias

    from evidence_dashboard.stats.absolute import AbsoluteEffect, RiskDifferenceEffect

    Effect: TypeAlias = AbsoluteEffect | RiskDifferenceEffect

NO_BASELINE = "no baseline risk is needed"


def _risks(effect: Effect) -> tuple[float | None, float | None]:
    """The assumed and exposed risks (``None`` for a risk difference read on its own)."""
    return getattr(effect, "baseline_risk", None), getattr(effect, "risk_exposed", None)


def difference_text(effect: Effect) -> str:
    """``33 more per 1,000 (95% CI 2.6 more to 70 more)``."""
    text = f"{change_text(effect.per_1000)} per 1,000"
    low, high = effect.per_1000_ci_low, effect.per_1000_ci_high
    if low is not None and high is not None:
        label = interval_label(effect.interval_kind, effect.level)
        text += f" ({label} {change_text(low)} to {change_text(high)})"
    return text


def absolute_summary(effect: Effect) -> str:
    """The one-sentence form every surface prints for an absolute effect.

    ``At a baseline risk of 100 per 1,000: 133 per 1,000 with the exposure, 33 more per 1,000
    (95% CI 2.7 more to 70 more). NNH 31 (95% CI 15 to 387).``
    """
    baseline, exposed = _risks(effect)
    if baseline is None or exposed is None:
        text = f"From {estimate_text(effect)}: {difference_text(effect)}."
    else:
        text = (
            f"At a baseline risk of {per_1000(baseline * 1000)} per 1,000: "
            f"{per_1000(exposed * 1000)} per 1,000 with the exposure, "
            f"{difference_text(effect)}."
        )
    return f"{text} {effect.number_needed_text}." if effect.number_needed_text else text


def absolute_rows(effect: Effect) -> list[tuple[str, str]]:
    """``(label, text)`` rows: both risks (when a baseline was assumed), difference, number."""
    baseline, exposed = _risks(effect)
    rows = []
    if baseline is not None and exposed is not None:
        rows.append(("risk without the exposure", f"{per_1000(baseline * 1000)} per 1,000"))
        rows.append(("risk with the exposure", f"{per_1000(exposed * 1000)} per 1,000"))
    rows.append(("difference", difference_text(effect)))
    if effect.number_needed_text:
        rows.append(("number needed", effect.number_needed_text))
    return rows


def absolute_title(effect: Effect) -> str:
    """``Absolute effect of OR 1.38 (95% CI 1.03 to 1.84) at a baseline risk of 100 per 1,000``."""
    baseline = _risks(effect)[0]
    if baseline is None:
        return f"Absolute effect of {estimate_text(effect)}; {NO_BASELINE}"
    at = f"at a baseline risk of {per_1000(baseline * 1000)} per 1,000"
    return f"Absolute effect of {estimate_text(effect)} {at}"


def absolute_repr(effect: Effect) -> str:
    """One line: ``<AbsoluteEffect RR 1.50 at 100/1,000: 50 more per 1,000; NNH 20 (…)>``."""
    nn = f"; {effect.number_needed_text}" if effect.number_needed_text else ""
    baseline = _risks(effect)[0]
    at = f" at {per_1000(baseline * 1000)}/1,000" if baseline is not None else ""
    return (
        f"<{type(effect).__name__} {effect.measure} {number(effect.estimate, effect.measure)}"
        f"{at}: {change_text(effect.per_1000)} per 1,000{nn}>"
    )


def absolute_text(effect: Effect) -> str:
    """A title line, then a plain-text table: both risks, difference, number needed."""
    rows = absolute_rows(effect)
    width = max(len(name) for name, _ in rows)
    return "\n".join(
        [absolute_title(effect), *(f"  {name:<{width}}  {value}" for name, value in rows)]
    )


def absolute_html(effect: Effect) -> Markup:
    """A compact HTML table of the same content as :func:`absolute_text`."""
    body = [wide_row(first_upper(name), value, 2) for name, value in absolute_rows(effect)]
    return html_table(absolute_title(effect), [], body)
