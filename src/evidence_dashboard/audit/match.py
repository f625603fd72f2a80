"""Match a quantity to the values of evidence rows, within the rounding the sentence shows.

Rules (docs/audit.md): a bare number must be the row's value rounded to the decimals written
(1.5 for 1.50, 2 for 2.04, never 1.6 for 1.50); "about", "around", "nearly" and words of
multiplication ("double", "twice") allow 12% either way; "more than" / "under" read as bounds.
Standard conversions: a ratio r is "(r - 1) x 100% higher" or "r times"; an NNT of n is "1 in n";
a percent p is "p in 100" or "1 in 100/p"; a rate per 100,000 is a percent; arm percentages give
their ratio ("three times as common") and their difference in percentage points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from evidence_dashboard.audit.numbers import Quantity, Stated
from evidence_dashboard.audit.rows import RowFacts

APPROX_TOLERANCE = 0.12
CONTROL_FIELDS = ("percent_control",)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way a quantity can be read as a row's value."""

    row: RowFacts
    field: str
    side: str = "treatment"  # treatment, control or text
    measure_ok: bool = True
    interval_ok: bool = True


def agrees(number: Stated, value: float | None, qualifier: str = "exact") -> bool:
    """Whether a written number is an acceptable rendering of ``value``.

    Examples
    --------
    >>> from evidence_dashboard.audit.numbers import Stated
    >>> agrees(Stated(1.5, 1, "1.5"), 1.50), agrees(Stated(1.6, 1, "1.6"), 1.50)
    (True, False)
    >>> agrees(Stated(2, 0, "double"), 2.04, "approx"), agrees(Stated(10, 0, "10"), 9, "approx")
    (True, True)
    """
    if value is None:
        return False
    tolerance = 0.5 * 10 ** (-number.decimals) + 1e-9
    close = abs(number.value - value) <= tolerance
    if qualifier == "approx":
        return (
            close
            or abs(number.value - value) <= APPROX_TOLERANCE * abs(value) + 1e-9
            or number.value in _roundings(value)
        )
    if qualifier == "min":
        return close or value >= number.value
    if qualifier == "max":
        return close or value <= number.value
    return close


def _roundings(value: float) -> set[float]:
    """The usual rounded forms of a value: nearest 10 or 5 (from 10 up), one significant figure."""
    out = set()
    if abs(value) >= 10:
        out |= {round(value / 10) * 10.0, round(value / 5) * 5.0}
    if value:
        magnitude = 10 ** math.floor(math.log10(abs(value)))
        out.add(round(value / magnitude) * magnitude)
    return out


def _ratio_of_arms(row: RowFacts) -> float | None:
    if row.percent_treatment is None or not row.percent_control:
        return None
    return row.percent_treatment / row.percent_control


def _percent_values(row: RowFacts) -> list[tuple[str, str, float]]:
    values: list[tuple[str, str, float]] = []
    if row.percent_treatment is not None:
        values.append(("percent_treatment", "treatment", row.percent_treatment))
    if row.percent_control is not None:
        values.append(("percent_control", "control", row.percent_control))
    if row.estimate is not None and row.family in ("proportion", "relative", "value"):
        values.append(("estimate", "treatment", row.estimate))
    if row.estimate is not None and row.family == "rate" and row.scale:
        values.append(("estimate", "treatment", row.estimate * 100 / row.scale))
        for name, bound in (("ci_low", row.ci_low), ("ci_high", row.ci_high)):
            if bound is not None:
                values.append((name, "treatment", bound * 100 / row.scale))
    if row.family in ("statement", "proportion", "value"):
        values += [("text", "text", v) for v in row.text_numbers]
    return values


def _canonical_measure(measure: str, names: dict[str, str]) -> str:
    """The table's measure as a canonical name: "pooled RR (random effects)" is RR."""
    if measure in names:
        return names[measure]
    for name in sorted(names, key=len, reverse=True):
        flags = 0 if any(ch.isupper() for ch in name[1:]) or name.isupper() else re.I
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", measure, flags):
            return names[name]
    return measure


def _measure_ok(named: str | None, row: RowFacts, names: dict[str, str]) -> bool:
    if named is None:
        return True
    written = _canonical_measure(row.measure, names).upper()
    named = named.upper()
    nnt = ("NNT", "NNTH", "NNH")
    if named in nnt and (written in nnt or row.family == "nnt"):
        return True
    return written == named or written.split(" ")[-1] == named


def _interval_ok(quantity: Quantity, row: RowFacts) -> bool:
    if quantity.interval is None:
        return True
    low, high = quantity.interval
    return agrees(low, row.ci_low) and agrees(high, row.ci_high)


def candidates(quantity: Quantity, row: RowFacts, measure_names: dict[str, str]) -> list[Candidate]:
    """Every reading of ``quantity`` as a value of ``row`` (partial readings included)."""
    q, out = quantity, []
    first = q.values[0] if q.values else None
    if q.kind == "effect" and first is not None:
        for name, value in (("estimate", row.estimate),):
            if row.family in ("proportion",) or not agrees(first, value, q.qualifier):
                continue
            out.append(
                Candidate(row, name, "treatment", _measure_ok(q.measure, row, measure_names),
                          _interval_ok(q, row))
            )  # fmt: skip
    elif q.kind == "interval":
        if _interval_ok(q, row) and row.ci_low is not None:
            out.append(Candidate(row, "ci"))
    elif q.kind in ("percent", "unparsed") and first is not None:
        for name, side, value in _percent_values(row):
            if agrees(first, value, q.qualifier):
                out.append(Candidate(row, name, side))
        if q.kind == "unparsed":
            for name, value in (("estimate", row.estimate), ("ci_low", row.ci_low),
                                ("ci_high", row.ci_high)):  # fmt: skip
                if agrees(first, value):
                    out.append(Candidate(row, name))
            out += [Candidate(row, "count", "text") for v in row.counts if agrees(first, v)]
    elif q.kind == "pair" and len(q.values) == 2:
        treatment = row.percent_treatment if row.percent_treatment is not None else row.estimate
        if agrees(q.values[0], treatment, q.qualifier) and agrees(
            q.values[1], row.percent_control, q.qualifier
        ):
            out.append(Candidate(row, "percent_treatment"))
    elif q.kind == "relative" and first is not None:
        derived: list[tuple[str, float]] = []
        up = q.direction == "up"
        if row.family == "ratio" and row.estimate is not None:
            derived.append(
                ("estimate", (row.estimate - 1) * 100 if up else (1 - row.estimate) * 100)
            )
        arms = _ratio_of_arms(row)
        if arms is not None:
            derived.append(("percent_treatment", (arms - 1) * 100 if up else (1 - arms) * 100))
        if row.family == "relative" and row.estimate is not None:
            derived.append(("estimate", abs(row.estimate)))
        out += [Candidate(row, n) for n, v in derived if v > 0 and agrees(first, v, q.qualifier)]
    elif q.kind == "points" and first is not None:
        if row.percent_treatment is not None and row.percent_control is not None:
            diff = abs(row.percent_treatment - row.percent_control)
            if agrees(first, diff, q.qualifier):
                out.append(Candidate(row, "percent_treatment"))
    elif q.kind == "multiplier" and first is not None:
        values = [("estimate", row.estimate)] if row.family == "ratio" else []
        values.append(("percent_treatment", _ratio_of_arms(row)))
        out += [Candidate(row, n) for n, v in values if agrees(first, v, q.qualifier)]
    elif q.kind == "frequency" and len(q.values) == 2:
        count, per = q.values
        if count.value == 1 and row.family == "nnt" and agrees(per, row.estimate, q.qualifier):
            out.append(Candidate(row, "estimate"))
        percent = Stated(count.value * 100 / per.value, count.decimals, count.text)
        for name, side, value in _percent_values(row):
            if count.value == 1 and value:
                # "1 in 10" for 9%: compare in the writer's terms, 100/9 = 11.1 people
                ok = agrees(per, 100 / value, q.qualifier)
            else:
                tolerance_scale = 100 / per.value
                ok = abs(percent.value - value) <= 0.5 * tolerance_scale + 1e-9 or agrees(
                    percent, value, q.qualifier if q.qualifier != "exact" else "exact"
                )
            if ok and side != "text":
                out.append(Candidate(row, name, side))
    elif q.kind == "rate" and len(q.values) == 2:
        count, per = q.values
        if (
            row.family == "rate"
            and row.scale
            and row.estimate is not None
            and agrees(count, row.estimate * per.value / row.scale, q.qualifier)
        ):
            factor = per.value / row.scale
            interval_ok = q.interval is None or (
                row.ci_low is not None
                and row.ci_high is not None
                and agrees(q.interval[0], row.ci_low * factor)
                and agrees(q.interval[1], row.ci_high * factor)
            )
            out.append(Candidate(row, "estimate", interval_ok=interval_ok))
        out += [
            Candidate(row, name, side)
            for name, side, value in _percent_values(row)
            if side != "text"
            and row.family != "rate"
            and agrees(count, value * per.value / 100, q.qualifier)
        ]
    elif q.kind == "nnt" and first is not None and row.family == "nnt":
        if agrees(first, row.estimate, q.qualifier):
            out.append(Candidate(row, "estimate"))
    elif q.kind == "count" and first is not None:
        pool = (*row.counts, *row.text_numbers)
        if any(agrees(first, v, q.qualifier) for v in pool):
            out.append(Candidate(row, "count", "text"))
    elif q.kind in ("dose", "time", "scale") and all(
        any(agrees(v, t) for t in row.text_numbers) for v in q.values
    ):
        out.append(Candidate(row, "text", "text"))
    return out


def full(cands: Iterable[Candidate]) -> list[Candidate]:
    """The candidates whose measure and interval agree as well as the number."""
    return [c for c in cands if c.measure_ok and c.interval_ok]
