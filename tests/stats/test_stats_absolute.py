"""Absolute effects and numbers needed (Cochrane Handbook 15.4.4; Altman, BMJ 1998)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, absolute_effect
from evidence_dashboard.stats.absolute import number_needed_text, round_up


def test_handbook_risk_ratio_example() -> None:
    """Cochrane Handbook 15.4.4 (RD and NNT from a risk ratio).

    RR = 0.92 with an assumed comparator risk ACR = 0.3: RD = 0.3 − 0.3 × 0.92 = 0.024,
    i.e. 24 fewer per 1000, and NNT = 1 / (0.3 × (1 − 0.92)) = 41.67, rounded up to 42.
    """
    a = absolute_effect("RR", 0.92, baseline_risk=0.3)
    assert a.risk_exposed == pytest.approx(0.276)
    assert a.risk_difference == pytest.approx(-0.024)
    assert a.per_1000 == pytest.approx(-24.0)
    assert a.number_needed == 42
    assert a.number_needed_kind == "NNT"
    assert a.number_needed_text == "NNT 42"


def test_handbook_odds_ratio_example() -> None:
    """Cochrane Handbook 15.4.4 (RD and NNT from an odds ratio).

    OR = 0.73 with ACR = 0.3: risk = 0.73 × 0.3 / (1 − 0.3 + 0.73 × 0.3) = 0.2383, so
    RD = 0.0617 fewer (62 fewer per 1000) and NNT = 1 / 0.0617 = 16.2, rounded up to 17.
    """
    a = absolute_effect("OR", 0.73, baseline_risk=0.3)
    assert a.risk_exposed == pytest.approx(0.219 / 0.919)
    assert a.risk_difference == pytest.approx(-0.0617, abs=5e-5)
    assert round(a.per_1000) == -62
    assert a.number_needed == 17
    assert a.number_needed_kind == "NNT"


def test_handbook_rounding_up_from_a_risk_difference() -> None:
    """Cochrane Handbook 15.4.4: NNT = 1 / |RD|, always rounded up (1 / 0.03 = 33.3 → 34)."""
    a = absolute_effect("RD", -0.03, baseline_risk=0.2)
    assert a.risk_exposed == pytest.approx(0.17)
    assert a.number_needed == 34
    exact = absolute_effect("RD", 0.05, baseline_risk=0.1)
    assert exact.number_needed == 20  # exact whole numbers are not bumped up by float noise
    assert exact.number_needed_kind == "NNH"


def test_harm_with_ci_excluding_zero() -> None:
    a = absolute_effect("RR", 1.5, baseline_risk=0.1, ci_low=1.2, ci_high=1.9)
    assert a.risk_difference == pytest.approx(0.05)
    assert a.rd_ci_low == pytest.approx(0.02)
    assert a.rd_ci_high == pytest.approx(0.09)
    assert (a.per_1000_ci_low, a.per_1000_ci_high) == pytest.approx((20.0, 90.0))
    assert a.number_needed_text == "NNH 20 (95% CI 12 to 50)"


def test_benefit_with_ci_excluding_zero() -> None:
    a = absolute_effect("RR", 0.5, baseline_risk=0.2, ci_low=0.25, ci_high=0.75, level=90)
    assert a.number_needed_text == "NNT 10 (90% CI 7 to 20)"


def test_altman_form_when_the_interval_includes_zero() -> None:
    """Altman (BMJ 1998;317:1309): a RD interval through 0 gives 'NNTH a to ∞ to NNTB b'.

    An absolute risk reduction of 9.62% (95% CI −4.57% to 22.22%) gives NNT 10.4 with
    bounds NNTH 21.9 and NNTB 4.5; rounded up: NNT 11, NNTH 22, NNTB 5.
    """
    nn, kind, text = number_needed_text(-0.0962, -0.2222, 0.0457)
    assert (nn, kind) == (11, "NNT")
    assert text == "NNT 11 (95% CI NNTH 22 to ∞ to NNTB 5)"


def test_interval_touching_zero() -> None:
    a = absolute_effect("RR", 1.3, baseline_risk=0.1, ci_low=1.0, ci_high=1.7)
    assert a.rd_ci_low == 0.0
    assert a.number_needed_text == "NNH 34 (95% CI NNTH 15 to ∞)"


def test_no_difference() -> None:
    a = absolute_effect("RR", 1.0, baseline_risk=0.2, ci_low=0.8, ci_high=1.25)
    assert a.number_needed is None
    assert a.number_needed_text.startswith("no difference in risk (NNT ∞)")
    assert "NNTH 20 to ∞ to NNTB 25" in a.number_needed_text


def test_result_is_frozen_and_json_ready() -> None:
    a = absolute_effect("OR", 1.4, baseline_risk=0.05, ci_low=1.1, ci_high=1.9)
    assert isinstance(a, AbsoluteEffect)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.number_needed = 3  # type: ignore[misc]
    data = json.loads(json.dumps(a.to_dict(), allow_nan=False))
    assert list(data) == [
        "baseline_risk",
        "risk_exposed",
        "risk_difference",
        "rd_ci_low",
        "rd_ci_high",
        "per_1000",
        "per_1000_ci_low",
        "per_1000_ci_high",
        "number_needed",
        "number_needed_kind",
        "number_needed_text",
        "level",
        "interval_kind",
    ]
    assert data["rd_ci_low"] < data["risk_difference"] < data["rd_ci_high"]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"measure": "RR", "estimate": 0.9, "baseline_risk": 0.0}, "baseline_risk"),
        ({"measure": "RR", "estimate": 0.9, "baseline_risk": 1.0}, "baseline_risk"),
        ({"measure": "RR", "estimate": 0.9, "baseline_risk": -0.1}, "Got -0.1 instead"),
        ({"measure": "HR", "estimate": 0.9, "baseline_risk": 0.1}, "measure"),
        ({"measure": "RR", "estimate": 0.0, "baseline_risk": 0.1}, "above 0"),
        ({"measure": "RR", "estimate": 0.9, "baseline_risk": 0.1, "ci_low": 0.8}, "ci_high"),
        (
            {"measure": "RR", "estimate": 0.9, "baseline_risk": 0.1, "ci_low": 1, "ci_high": 2},
            "within its CI",
        ),
        ({"measure": "RD", "estimate": 0.5, "baseline_risk": 0.6}, "between 0 and 1"),
        ({"measure": "RR", "estimate": 0.9, "baseline_risk": 0.1, "level": 0}, "level"),
    ],
)
def test_bad_input(kwargs: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=None) as info:
        absolute_effect(**kwargs)
    assert fragment in str(info.value)


def test_round_up() -> None:
    assert round_up(41.666) == 42
    assert round_up(20.000000000001) == 20
    assert round_up(20.01) == 21
