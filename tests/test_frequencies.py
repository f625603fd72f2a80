"""Natural frequencies only where the baseline's period is known to match the estimate's."""

from __future__ import annotations

import pytest

from evidence_dashboard.content.library import load_library
from evidence_dashboard.views.frequencies import (
    Frequency,
    baseline_from_row,
    presenter_baseline,
    ratio_frequency,
)


@pytest.fixture(scope="module")
def rows():
    evidence = load_library().evidence
    return {r["id"]: r for r in evidence.to_dict("records")}


def test_an_estimate_without_a_period_gets_no_frequency_at_an_annual_baseline(rows):
    baseline = baseline_from_row(rows["BR-01"])  # falls in the previous year, CDC 2020 survey
    assert baseline is not None and baseline.period == "1 year"
    for row_id in ("FA-01", "FA-02", "FA-03", "FA-04"):  # pooled ORs over varied follow-up
        result = ratio_frequency(rows[row_id], baseline, technical=False)
        assert isinstance(result, str), f"{row_id} framed at an annual baseline: {result}"
        assert "does not say what period" in result and "1 year" in result


def test_a_presenters_baseline_states_no_period_and_is_used(rows):
    result = ratio_frequency(rows["FA-03"], presenter_baseline(20), technical=True)
    assert isinstance(result, Frequency) and "OR 1.81" in result.text
