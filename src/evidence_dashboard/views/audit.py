"""The audit's view model: a claim's findings, the span to highlight, and the rows involved."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pandas as pd

from evidence_dashboard.audit import Finding

ROW_COLUMNS = ("id", "drug", "comparator", "outcome", "population", "design", "measure",
               "estimate_text", "ci_low_text", "ci_high_text", "percent_treatment_text",
               "percent_control_text", "source", "locator")  # fmt: skip
READER_NOTICE = (
    "This claim has open audit findings: an automatic check found figures or wording that do "
    "not match the evidence it cites, and the advisory board has not yet resolved them."
)


@dataclass(frozen=True)
class FindingView:
    """One finding, with its sentence cut around the expression to highlight."""

    finding: Finding
    before: str
    expression: str
    after: str

    @classmethod
    def of(cls, finding: Finding) -> FindingView:
        """Cut the finding's sentence at its span."""
        start, end = finding.span
        text = finding.sentence
        return cls(finding, text[:start], text[start:end], text[end:])


@dataclass(frozen=True)
class ClaimAudit:
    """The findings of one claim that a given audience's text raises."""

    claim_id: str
    findings: tuple[FindingView, ...]

    @property
    def errors(self) -> tuple[FindingView, ...]:
        """The findings of error severity."""
        return tuple(v for v in self.findings if v.finding.severity == "error")

    @property
    def warnings(self) -> tuple[FindingView, ...]:
        """The findings of warning severity."""
        return tuple(v for v in self.findings if v.finding.severity == "warning")

    @property
    def row_ids(self) -> tuple[str, ...]:
        """Every row id the findings involve, in order, without repeats."""
        return tuple(dict.fromkeys(r for v in self.findings for r in v.finding.rows))

    def reader_notice(self) -> str | None:
        """What a reader (patient, student) is told: only that open errors exist."""
        return READER_NOTICE if self.errors else None


def claim_audits(
    findings: Iterable[Finding],
    audience: str | None = None,
    dismissed: Collection[str] = (),
) -> dict[str, ClaimAudit]:
    """Group findings by claim, keeping those this audience reads and not dismissed.

    Parameters
    ----------
    findings : iterable of Finding
        From :func:`evidence_dashboard.audit.audit_article`.
    audience : str, optional
        Keep only findings about text this audience reads (all when None).
    dismissed : collection of str
        Finding ids a reviewer dismissed with a reason (the review workflow records them).

    Examples
    --------
    >>> from evidence_dashboard.audit.findings import make_finding
    >>> f = make_finding(article="a", claim="falls", audience="patient", line=3,
    ...     sentence="Falls rose 9%.", span=(11, 13), kind="number-not-in-rows",
    ...     severity="error", message="m", rows=("FA-01",))
    >>> audits = claim_audits([f], "patient")
    >>> audits["falls"].findings[0].expression, bool(audits["falls"].reader_notice())
    ('9%', True)
    >>> claim_audits([f], "clinician"), claim_audits([f], dismissed={f.id})
    ({}, {})
    """
    grouped: dict[str, list[FindingView]] = {}
    for finding in findings:
        if finding.id in dismissed:
            continue
        if audience is not None and not finding.applies_to(audience):
            continue
        grouped.setdefault(finding.claim, []).append(FindingView.of(finding))
    return {claim: ClaimAudit(claim, tuple(views)) for claim, views in grouped.items()}


def rows_table(evidence: pd.DataFrame, row_ids: Iterable[str]) -> pd.DataFrame:
    """The rows a finding involves, with the columns a reviewer checks (figures as written)."""
    wanted = list(dict.fromkeys(row_ids))
    if evidence.empty or not wanted:
        return pd.DataFrame(columns=list(ROW_COLUMNS))
    columns = [c for c in ROW_COLUMNS if c in evidence.columns]
    table = evidence.loc[evidence["id"].isin(wanted), columns]
    order = {row_id: i for i, row_id in enumerate(wanted)}
    return table.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)
