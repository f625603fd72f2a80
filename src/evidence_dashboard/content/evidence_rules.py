"""The rules every evidence row is checked against, each problem located at the row's line.

Kept apart from the CSV reader (:mod:`.evidence`) so the reader stays about reading and this
module about what a valid row is: vocabularies, numbers, intervals, and what each measure needs.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping

from evidence_dashboard import schema
from evidence_dashboard.errors import Problem

NUMBER_COLUMNS = tuple(
    c.name for c in schema.EVIDENCE_COLUMNS if c.kind in (schema.Kind.NUMBER, schema.Kind.COUNT)
)
COUNT_COLUMNS = tuple(c.name for c in schema.EVIDENCE_COLUMNS if c.kind is schema.Kind.COUNT)
MAX_FIELD_CHARS = 10_000
# Precomputed once: validating 100,000 rows must not rebuild these per row.
_VOCABULARY_CHECKS = tuple(
    (c.name, c.vocabulary, frozenset(c.vocabulary))
    for c in schema.EVIDENCE_COLUMNS
    if c.kind is schema.Kind.VOCABULARY
)
_MEASURE_VALUES = frozenset(schema.values(schema.MEASURES))
# A URL (only http and https, as everywhere else) or a BibTeX-key-shaped word.
_READ_AT = re.compile(r"^(?:https?://\S+|[A-Za-z0-9_][A-Za-z0-9_:.-]*)$")


def _did_you_mean(value: str, allowed: Iterable[str]) -> str | None:
    allowed = list(allowed)
    lowered = {a.lower(): a for a in allowed}
    if value.lower() in lowered:
        return f"did you mean '{lowered[value.lower()]}'? Values are case-sensitive."
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class RowChecker:
    """Validates one row and collects its problems."""

    def __init__(self, path: str, line: int, row: Mapping[str, str]):
        self.path, self.line, self.row = path, line, row
        self.item = row.get("id") or None
        self.problems: list[Problem] = []
        self.numbers: dict[str, float | None] = {}

    def problem(self, column: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.line, message, column, hint, item=self.item))

    def check(self) -> None:
        row = self.row
        for name in schema.REQUIRED_COLUMNS:
            if not row.get(name, "").strip():
                self.problem(
                    name, f"column '{name}' must not be empty. Got an empty value instead."
                )
        if max(map(len, row.values()), default=0) > MAX_FIELD_CHARS:
            for name, text in row.items():
                if len(text) > MAX_FIELD_CHARS:
                    self.problem(
                        name,
                        f"column '{name}' must be at most {MAX_FIELD_CHARS} characters. "
                        f"Got {len(text)} instead.",
                    )
        for name, vocabulary, allowed_set in _VOCABULARY_CHECKS:
            value = row.get(name, "").strip()
            if value and value not in allowed_set:
                allowed = ", ".join(f"'{v}'" for v in vocabulary)
                self.problem(
                    name,
                    f"column '{name}' must be one of {allowed}. Got '{value}' instead.",
                    _did_you_mean(value, vocabulary),
                )
        self._check_numbers()
        self._check_measure()

    def _check_numbers(self) -> None:
        for name in NUMBER_COLUMNS:
            text = self.row.get(name, "").strip()
            if not text:
                self.numbers[name] = None
                continue
            value = _parse_number(text)
            if value is None:
                self.problem(name, f"column '{name}' must be a number. Got '{text}' instead.")
            elif name in COUNT_COLUMNS and (value < 0 or value != int(value)):
                self.problem(
                    name,
                    f"column '{name}' must be a whole number of 0 or more. Got '{text}' instead.",
                    "counts are people or studies; percentages go in percent_treatment/"
                    "percent_control.",
                )
                value = None
            self.numbers[name] = value
        for events, total in (
            ("events_treatment", "total_treatment"),
            ("events_control", "total_control"),
        ):
            e, t = self.numbers.get(events), self.numbers.get(total)
            if e is not None and t is not None and e > t:
                self.problem(
                    events,
                    f"column '{events}' must not exceed '{total}' ({self.row[total].strip()}). "
                    f"Got {self.row[events].strip()} instead.",
                )
        level = self.numbers.get("ci_level")
        if level is not None and not 50 <= level < 100:
            self.problem(
                "ci_level",
                f"column 'ci_level' must be a percent from 50 to under 100. "
                f"Got {self.row['ci_level'].strip()} instead.",
                "write 95 for a 95% interval, not 0.95.",
            )
        for name in ("percent_treatment", "percent_control"):
            value = self.numbers.get(name)
            if value is not None and not 0 <= value <= 100:
                self.problem(
                    name,
                    f"column '{name}' must be between 0 and 100. Got {self.row[name].strip()} "
                    "instead.",
                )

    def _check_measure(self) -> None:
        measure = self.row.get("measure", "").strip()
        est, low, high = (self.numbers.get(n) for n in ("estimate", "ci_low", "ci_high"))
        if measure == "statement":
            if not self.row.get("statement", "").strip():
                self.problem(
                    "statement",
                    "column 'statement' must hold the label or guideline text for a statement "
                    "row. Got an empty value instead.",
                )
            if est is not None:
                self.problem(
                    "estimate",
                    f"column 'estimate' must be empty for a statement row. Got "
                    f"'{self.row['estimate'].strip()}' instead.",
                    "statements are never plotted; use another measure for a number.",
                )
            return
        if measure not in _MEASURE_VALUES:
            return  # already reported as a vocabulary problem
        has_counts = all(
            self.numbers.get(n) is not None
            for n in ("events_treatment", "total_treatment", "events_control", "total_control")
        )
        if est is None and not has_counts:
            self.problem(
                "estimate",
                "column 'estimate' must hold a number for a non-statement row. Got an empty "
                "value instead.",
                "give an estimate, or all four arm counts, or mark the row measure=statement.",
            )
        if (low is None) != (high is None):
            missing = "ci_high" if high is None else "ci_low"
            self.problem(
                missing,
                f"column '{missing}' must be given when the other interval bound is. "
                "Got an empty value instead.",
            )
        if low is not None and high is not None and low > high:
            self.problem(
                "ci_low",
                f"column 'ci_low' must not be greater than 'ci_high' ({self.row['ci_high'].strip()}"
                f"). Got {self.row['ci_low'].strip()} instead.",
                "the bounds may be swapped.",
            )
        elif est is not None and low is not None and high is not None and not low <= est <= high:
            self.problem(
                "estimate",
                f"column 'estimate' must lie within its interval [{self.row['ci_low'].strip()}, "
                f"{self.row['ci_high'].strip()}]. Got {self.row['estimate'].strip()} instead.",
                "check the row against the source; a figure may be mistyped.",
            )
        if measure in schema.RATIO_MEASURES:
            for name, value in (("estimate", est), ("ci_low", low), ("ci_high", high)):
                if value is not None and value <= 0:
                    self.problem(
                        name,
                        f"column '{name}' must be greater than 0 for a ratio measure ({measure}). "
                        f"Got {self.row[name].strip()} instead.",
                    )
        if measure in ("proportion", "baseline risk") and est is not None and not 0 <= est <= 100:
            self.problem(
                "estimate",
                f"column 'estimate' must be a percent between 0 and 100 for a {measure}. "
                f"Got {self.row['estimate'].strip()} instead.",
            )
        self._check_measure_columns(measure, est)

    def _needs(self, column: str, measure: str, why: str) -> None:
        if not self.row.get(column, "").strip():
            self.problem(
                column,
                f"column '{column}' must be given for a {measure} row ({why}). "
                "Got an empty value instead.",
            )

    def _only_for(self, column: str, measure: str, owner: str) -> None:
        value = self.row.get(column, "").strip()
        if value and measure != owner:
            self.problem(
                column,
                f"column '{column}' must be empty unless the measure is '{owner}'. "
                f"Got '{value}' for a {measure} row instead.",
            )

    def _check_measure_columns(self, measure: str, est: float | None) -> None:
        """What the newer measures need: a scale, a period, a denominator, no arms."""
        row = self.row
        if measure in ("NNT", "NNTH") and est is not None and est < 1:
            self.problem(
                "estimate",
                f"column 'estimate' must be 1 or more for a number needed to treat ({measure}). "
                f"Got {row['estimate'].strip()} instead.",
            )
        if measure in schema.SCALE_MEASURES:
            self._needs("scale", measure, "which score, and its range")
        self._only_for("mean_control", measure, "mean change")
        self._only_for("per", measure, "incidence rate")
        if measure in schema.BASELINE_MEASURES:
            self._needs("period", measure, "a baseline means nothing without its period")
            if measure == "incidence rate":
                self._needs("per", measure, "events per how many people")
            # A baseline has no drug and no arms, so no chart can draw it as one.
            for column in ("comparator", "percent_treatment", "percent_control"):
                if row.get(column, "").strip():
                    self.problem(
                        column,
                        f"column '{column}' must be empty for a {measure} row, which describes "
                        f"a population without any drug. Got '{row[column].strip()}' instead.",
                    )
        if measure == "relative change":
            self._needs("comparator", measure, "the reference the change is measured from")
        read_at = row.get("read_at", "").strip()
        if read_at and not _READ_AT.match(read_at):
            self.problem(
                "read_at",
                f"column 'read_at' must be an http(s) URL or a BibTeX key. Got '{read_at}' instead.",
                "write the page's full address, or the key of its entry in data/references.",
            )
