"""Evidence rows as the audit reads them: numbers, their kinds, and the words around them."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from evidence_dashboard.schema import design_family

RATIO_NAMES = ("RR", "OR", "HR", "IRR", "SHR", "AOR", "AHR", "RATIO")
_NUMBER_IN_TEXT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "once": 1, "twice": 2,
}  # fmt: skip
_OBSERVATIONAL = re.compile(
    r"cohort|case-control|observational|survey|claims|registry|within-trial|non-randomi", re.I
)
_LOW_CERTAINTY = re.compile(
    r"low certainty|very low|low or very low|high risk of bias|not statistically significant|"
    r"low-quality|low quality|uncertain",
    re.I,
)


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(str(value).replace(",", "")) if not isinstance(value, float) else value
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def measure_family(measure: str) -> str:
    """``ratio``, ``nnt``, ``proportion``, ``rate``, ``relative``, ``statement`` or ``value``."""
    upper = measure.strip().upper()
    lower = measure.lower()
    if upper.startswith(("NNT", "NNH")) or "number needed" in lower:
        return "nnt"
    if "statement" in lower or "recommendation" in lower:
        return "statement"
    if "relative" in lower and ("change" in lower or "increase" in lower or "decrease" in lower):
        return "relative"
    if "incidence" in lower or lower.startswith("rate") or "per 100" in lower:
        return "rate"
    if "proportion" in lower or "percent" in lower or "baseline risk" in lower or upper == "RD":
        return "proportion"
    if upper in RATIO_NAMES or upper.split(" ")[0] in RATIO_NAMES or "ratio" in lower:
        return "ratio"
    return "value"


@dataclass(frozen=True)
class RowFacts:
    """What the audit needs of one evidence row."""

    id: str
    measure: str
    family: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    ci_level: float
    interval: str  # confidence or credible
    bound: str
    percent_treatment: float | None
    percent_control: float | None
    counts: tuple[float, ...]
    text_numbers: tuple[float, ...]
    drug: str
    drug_class: str
    comparator: str
    outcome: str
    outcome_category: str
    population: str
    age_group: str
    design: str
    note: str
    statement: str
    scale: float | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def observational(self) -> bool:
        """Whether the design is observational (cohort, case-control, survey, ...)."""
        family = design_family(self.design)
        return family == "observational" or (
            family == "other" and bool(_OBSERVATIONAL.search(self.design))
        )

    @property
    def includes_null(self) -> bool:
        """Whether the interval includes no effect (1 for ratios, 0 for differences)."""
        if self.ci_low is None or self.ci_high is None:
            return False
        null = 1.0 if self.family == "ratio" else 0.0
        if self.family in ("proportion", "rate", "statement", "nnt"):
            return False
        return self.ci_low <= null <= self.ci_high

    @property
    def low_certainty(self) -> bool:
        """Whether the row's note calls the evidence low certainty or not significant."""
        return bool(_LOW_CERTAINTY.search(self.note))


def _text_numbers(*texts: str) -> tuple[float, ...]:
    values: list[float] = []
    for text in texts:
        values += [float(m.group(0).replace(",", "")) for m in _NUMBER_IN_TEXT.finditer(text)]
        values += [float(v) for w, v in _WORD_VALUES.items() if re.search(rf"\b{w}\b", text, re.I)]
    return tuple(dict.fromkeys(values))


def row_facts(record: Mapping[str, object]) -> RowFacts:
    """Read one evidence record (a row of ``Library.evidence`` as a dict)."""
    measure = _text(record.get("measure"))
    family = measure_family(measure)
    scale = None
    scale_match = re.search(
        r"per\s+(100,000|10,000|1,000|100)", measure + " " + _text(record.get("outcome"))
    )
    if family == "rate":
        per = _number(record.get("per"))  # the content's own "events per N people" column
        scale = per or (float(scale_match.group(1).replace(",", "")) if scale_match else 100_000.0)
    counts = tuple(
        v
        for name in (
            "events_treatment",
            "total_treatment",
            "events_control",
            "total_control",
            "n_studies",
            "n_participants",
        )
        if (v := _number(record.get(name))) is not None
    )
    texts = [_text(record.get(n)) for n in ("statement", "drug", "outcome", "population",
                                            "comparator", "note", "period", "scale", "per")]  # fmt: skip
    return RowFacts(
        id=_text(record.get("id")),
        measure=measure,
        family=family,
        estimate=_number(record.get("estimate")),
        ci_low=_number(record.get("ci_low")),
        ci_high=_number(record.get("ci_high")),
        ci_level=_number(record.get("ci_level")) or 95.0,
        interval=_text(record.get("interval")) or "confidence",
        bound=_text(record.get("bound")),
        percent_treatment=_number(record.get("percent_treatment")),
        percent_control=_number(record.get("percent_control"))
        if record.get("percent_control") not in (None, "")
        else _number(record.get("mean_control")),
        counts=counts,
        text_numbers=_text_numbers(*texts),
        drug=_text(record.get("drug")),
        drug_class=_text(record.get("drug_class")),
        comparator=_text(record.get("comparator")),
        outcome=_text(record.get("outcome")),
        outcome_category=_text(record.get("outcome_category")),
        population=_text(record.get("population")),
        age_group=_text(record.get("age_group")),
        design=_text(record.get("design")),
        note=_text(record.get("note")),
        statement=_text(record.get("statement")),
        scale=scale,
    )
