"""Natural frequencies ("about 35 in 100") only from a sourced baseline, never a made-up default.

A ratio (RR, OR) says nothing about how many people have the outcome. To turn it into "out of
100 people" it needs the risk in the comparison group, and that risk must come from an evidence
row (a baseline row: a survey or registry rate, with its population and period) tied to the same
claim and the same outcome category, or be set by a presenter, who then owns it on every slide
and export. A baseline whose period differs from the estimate's (an annual rate against the
first two weeks of use) is refused, not converted: converting a rate between periods is a
computation the sources do not make.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, absolute_effect
from evidence_dashboard.stats.report import effect_text

ABSOLUTE_MEASURES = ("RR", "OR")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "six": "6", "twelve": "12"}
_PERIOD = re.compile(
    r"\b(?:(?P<n>\d+|one|two|three|four|six|twelve)[\s-]+(?P<unit>day|week|month|year)s?"
    r"|(?P<annual>per year|each year|a year|annual|previous year|past year|previous 12 months))\b",
    re.IGNORECASE,
)


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def row_period(row: Mapping[str, Any]) -> str | None:
    """The period a row's figure covers, normalised (``1 year``, ``2 weeks``), or None.

    Read from a ``period`` column when the content has one, else from the words the source used
    in the outcome, drug, measure or population (``first 2 weeks of use``, ``per year``).

    Examples
    --------
    >>> row_period({"drug": "benzodiazepines, first 2 weeks of use"})
    '2 weeks'
    >>> row_period({"measure": "incidence rate (per 100,000 per year)"})
    '1 year'
    >>> row_period({"outcome": "falls"}) is None
    True
    """
    texts = [_clean(row.get("period"))] + [
        _clean(row.get(c)) for c in ("outcome", "drug", "measure", "population")
    ]
    for text in texts:
        match = _PERIOD.search(text)
        if match is None:
            continue
        if match.group("annual"):
            return "1 year"
        number = _NUMBER_WORDS.get(match.group("n").lower(), match.group("n"))
        unit = match.group("unit").lower()
        return f"{number} {unit}" + ("s" if number != "1" else "")
    return None


def is_baseline_row(row: Mapping[str, Any]) -> bool:
    """Whether a row is a baseline risk (no drug, no comparator): a rate to frame ratios with."""
    role = _clean(row.get("role")).lower()
    drug = _clean(row.get("drug")).lower()
    return role == "baseline" or str(row.get("id", "")).startswith("BR-") or "baseline" in drug


@dataclass(frozen=True, slots=True)
class Baseline:
    """The risk in the comparison group that natural frequencies are built on.

    ``row_id`` is the evidence row it comes from; ``None`` means a presenter set it, and every
    place that shows a frequency built on it says so.
    """

    risk: float
    per: int
    value_text: str
    population: str
    period: str | None
    row_id: str | None = None
    source: str | None = None

    @property
    def from_presenter(self) -> bool:
        """True when the presenter typed this baseline instead of it coming from a row."""
        return self.row_id is None

    def describe(self) -> str:
        """One sentence naming the number, who it is about, the period and where it is from."""
        if self.from_presenter:
            return (
                f"Baseline set by the presenter: {self.value_text} in {self.per} "
                "(an assumption for this discussion, not from a source)."
            )
        period = f", over {self.period}" if self.period else ""
        return (
            f"Baseline: {self.value_text} in {self.per} {self.population}{period} "
            f"[{self.row_id}, {self.source}]."
        )


def baseline_from_row(row: Mapping[str, Any]) -> Baseline | None:
    """A baseline from a baseline row: a percent, or a rate per 100,000; None when blank."""
    estimate = row.get("estimate")
    if estimate is None or pd.isna(estimate):  # a range such as 28-35% is not one baseline
        return None
    measure = _clean(row.get("measure")).lower()
    text = _clean(row.get("estimate_text")) or _clean(estimate)
    per_match = re.search(r"per ([\d,\s]+)", measure)
    per = int(re.sub(r"\D", "", per_match.group(1))) if per_match else 100
    risk = float(estimate) / per
    if not 0 < risk < 1:
        return None
    population = _clean(row.get("population")) or "people"
    return Baseline(
        risk=risk,
        per=per,
        value_text=text,
        population=population,
        period=row_period(row),
        row_id=str(row["id"]),
        source=_clean(row.get("source")) or None,
    )


def presenter_baseline(per_100: float) -> Baseline:
    """A baseline the presenter set (people per 100); marked as theirs wherever it is shown."""
    if not 0 < per_100 < 100:
        raise InputError(
            f"The presenter's baseline must be between 0 and 100 people in 100. Got {per_100} "
            "instead. Hint: type the risk without the drug for the people you are talking about."
        )
    return Baseline(per_100 / 100, 100, f"{per_100:g}", "people", None)


@dataclass(frozen=True, slots=True)
class Frequency:
    """A natural-frequency sentence for one row, with the numbers it rests on."""

    row_id: str
    text: str
    baseline: Baseline | None = None
    effect: AbsoluteEffect | None = None


def find_baseline(row: Mapping[str, Any], baselines: pd.DataFrame) -> Baseline | None:
    """The first baseline row of the claim with the same outcome category as ``row``."""
    if baselines.empty:
        return None
    same = baselines.loc[baselines["outcome_category"] == row.get("outcome_category")]
    for candidate in same.to_dict("records"):
        baseline = baseline_from_row(candidate)
        if baseline is not None:
            return baseline
    return None


def _count(risk: float, per: int) -> int:
    return round(risk * per)


def ratio_frequency(row: Mapping[str, Any], baseline: Baseline, technical: bool) -> Frequency | str:
    """ "About N in 100" for a ratio row at a baseline, or the reason it cannot be given.

    ``technical`` adds the ratio the sentence comes from (clinicians, students); patients get
    the words and the counts only.
    """
    estimate_period = row_period(row)
    if baseline.period and estimate_period and estimate_period != baseline.period:
        return (
            f"{row['id']} covers {estimate_period}; the baseline covers {baseline.period}. "
            "The two periods differ, so no 'out of 100' figure is given: converting a rate "
            "from one period to another is not something the sources do."
        )
    if baseline.period and not estimate_period:
        # A sourced baseline states its period; an estimate that states none cannot be shown
        # to match it (the evidence notes: use a baseline with its period, or no frequency).
        return (
            f"{row['id']} does not say what period its figure covers; the baseline covers "
            f"{baseline.period}. Without matching periods no 'out of 100' figure is given."
        )
    effect = absolute_effect(
        str(row["measure"]),
        float(row["estimate"]),
        baseline.risk,
        ci_low=None if pd.isna(row.get("ci_low")) else float(row["ci_low"]),
        ci_high=None if pd.isna(row.get("ci_high")) else float(row["ci_high"]),
    )
    per = 100 if baseline.risk >= 0.05 else 1000
    base, exposed = _count(baseline.risk, per), _count(effect.risk_exposed, per)
    comparator = _clean(row.get("comparator")) or "the comparison group"
    text = (
        f"Out of {per} people like those studied, about {base} would have {row['outcome']} "
        f"({comparator}); among people taking {row['drug']}, about {exposed}"
    )
    text += f" (from {effect_text(row)})" if technical else ""
    return Frequency(str(row["id"]), f"{text} [{row['id']}].", baseline, effect)


def arm_frequency(row: Mapping[str, Any]) -> Frequency | None:
    """ "About N in 100" from the arm percentages a source reports directly."""
    drug_pct = row.get("percent_treatment")
    if drug_pct is None or pd.isna(drug_pct):
        return None
    text = (
        f"Out of 100 people taking {row['drug']}, about {row['percent_treatment_text']} had "
        f"{row['outcome']}"
    )
    comp_pct = row.get("percent_control")
    if comp_pct is not None and not pd.isna(comp_pct):
        comparator = _clean(row.get("comparator")) or "the comparison group"
        text += f", compared with about {row['percent_control_text']} out of 100 on {comparator}"
    return Frequency(str(row["id"]), f"{text} [{row['id']}].")
