"""Per-study effects and pooling: conventions, validation messages, edge cases, invariants."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stats_reference import read_dataset

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import (
    MEASURES,
    METHODS,
    RATIO_MEASURES,
    PooledResult,
    StudyEffect,
    pool,
    study_effects,
)


def _counts(sid: str, a: float, n1: float, c: float, n2: float, **extra: object) -> dict:
    return {
        "id": sid,
        "events_treatment": a,
        "total_treatment": n1,
        "events_control": c,
        "total_control": n2,
        **extra,
    }


SPARSE = [
    _counts("Z1", 0, 10, 2, 10),
    _counts("Z2", 3, 10, 1, 10),
    _counts("DZ", 0, 10, 0, 10),
    _counts("Z4", 5, 10, 4, 10),
]


def test_public_constants() -> None:
    assert set(MEASURES) == {"RR", "OR", "RD", "HR", "IRR", "SHR"}
    assert set(METHODS) == {"iv", "mh", "peto", "dl", "reml", "pm"}
    assert {"RR", "OR", "HR", "IRR", "SHR"} == set(RATIO_MEASURES)


def test_zero_cells_get_one_half_as_escalc() -> None:
    """Values from metafor: escalc("RR"/"RD", ...) on the same four tables."""
    rr = study_effects(SPARSE, measure="RR")
    assert [round(s.yi, 4) for s in rr] == [-1.6094, 1.0986, 0.0, 0.2231]
    assert [round(s.vi, 4) for s in rr] == [2.2182, 1.1333, 3.8182, 0.25]
    rd = study_effects(SPARSE, measure="RD")
    assert [round(s.yi, 4) for s in rd] == [-0.1818, 0.2, 0.0, 0.1]
    assert [round(s.vi, 4) for s in rd] == [0.0199, 0.03, 0.0079, 0.049]
    assert [s.weight for s in rd] == [None] * 4


def test_double_zero_kept_or_dropped() -> None:
    kept = pool(SPARSE, measure="OR", method="iv")
    assert kept.k == 4
    assert kept.notes[:2] == (
        "0.5 added to all cells of 2 studies with a zero cell",
        "1 double-zero study kept",
    )
    dropped = pool(SPARSE, measure="OR", method="iv", drop_double_zero=True)
    assert dropped.k == 3
    assert "DZ" not in [s.id for s in dropped.studies]
    assert "1 double-zero study dropped" in dropped.notes


def test_mh_uses_raw_counts_and_leaves_double_zero_out_of_q() -> None:
    """metafor: rma.mh(measure="RR") on SPARSE gives k 4, Q df 2, weights 28.57/14.29/0/57.14."""
    r = pool(SPARSE, measure="RR", method="mh")
    assert r.k == 4 and r.q_df == 2
    assert [round(s.weight, 2) for s in r.studies] == [28.57, 14.29, 0.0, 57.14]
    assert r.log_estimate == pytest.approx(0.134, abs=5e-4)
    assert any("raw counts" in n for n in r.notes)
    assert any("Q leaves out 1 double-zero study" in n for n in r.notes)
    assert r.pi_low is None and r.pi_high is None


def test_estimate_and_ci_rows() -> None:
    rows = [
        {"id": "A", "estimate": 0.8, "ci_low": 0.6, "ci_high": 1.1},
        {"id": "B", "estimate": 0.7, "ci_low": 0.5, "ci_high": 0.95, "ci_level": 90},
    ]
    a, b = study_effects(rows, measure="HR")
    assert a.yi == pytest.approx(math.log(0.8))
    assert math.sqrt(a.vi) == pytest.approx((math.log(1.1) - math.log(0.6)) / (2 * 1.959964), 1e-6)
    assert math.sqrt(b.vi) == pytest.approx((math.log(0.95) - math.log(0.5)) / (2 * 1.644854), 1e-6)
    rd = study_effects([{"id": "C", "estimate": -0.02, "ci_low": -0.05, "ci_high": 0.01}], "RD")
    assert math.sqrt(rd[0].vi) == pytest.approx(0.06 / (2 * 1.959964), 1e-6)


def test_asymmetric_ci_is_noted_and_uses_average_half_width() -> None:
    rows = [
        {"id": "A", "estimate": 0.9, "ci_low": 0.6, "ci_high": 1.1},
        {"id": "B", "estimate": 0.7, "ci_low": 0.5, "ci_high": 0.95},
    ]
    r = pool(rows, measure="OR", method="iv")
    assert any("asymmetric" in n for n in r.notes)
    assert r.studies[0].vi == pytest.approx(((math.log(1.1) - math.log(0.6)) / 3.919928) ** 2)


def test_mixed_rows_and_labels_pass_through() -> None:
    rows = [
        _counts("S1", 10, 100, 15, 100, drug="A", design="RCT"),
        {
            "id": "S2",
            "events_treatment": float("nan"),
            "estimate": 0.8,
            "ci_low": 0.6,
            "ci_high": 1.05,
            "drug": "B",
            "design": "cohort",
        },
    ]
    r = pool(rows, measure="RR", method="dl", subgroup="design")
    assert [dict(s.labels) for s in r.studies] == [
        {"drug": "A", "design": "RCT"},
        {"drug": "B", "design": "cohort"},
    ]
    assert r.to_dict()["studies"][1]["labels"] == {"drug": "B", "design": "cohort"}
    assert [g.group for g in r.subgroups] == ["RCT", "cohort"]
    assert r.subgroup_test is not None and r.subgroup_test.df == 1


def test_input_forms_agree() -> None:
    frame = read_dataset("bcg.csv")
    records = frame.to_dict("records")
    columns = {c: frame[c].to_numpy() for c in frame.columns}
    results = [pool(x, measure="OR", method="reml") for x in (frame, records, columns)]
    assert len({r.log_estimate for r in results}) == 1
    assert len({r.tau2 for r in results}) == 1


def test_result_is_frozen_unrounded_and_json_ready() -> None:
    r = pool(read_dataset("bcg.csv"), measure="RR", method="reml")
    assert isinstance(r, PooledResult) and isinstance(r.studies[0], StudyEffect)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.tau2 = 0.0  # type: ignore[misc]
    assert r.estimate == math.exp(r.log_estimate)
    assert sum(s.weight for s in r.studies) == pytest.approx(100.0)
    data = json.loads(json.dumps(r.to_dict(), allow_nan=False))
    assert list(data)[:17] == [
        "measure", "method", "k", "estimate", "ci_low", "ci_high", "log_estimate", "se",
        "tau2", "i2", "h2", "q", "q_df", "q_p", "pi_low", "pi_high", "studies",
    ]  # fmt: skip


def test_single_study() -> None:
    r = pool([_counts("S1", 10, 100, 15, 100)], measure="RR", method="reml")
    assert (r.k, r.tau2, r.q, r.q_df, r.q_p, r.i2, r.h2) == (1, 0.0, 0.0, 0, 1.0, 0.0, 1.0)
    assert r.pi_low == pytest.approx(r.ci_low) and r.pi_high == pytest.approx(r.ci_high)


def test_subgroup_with_one_group_has_no_test() -> None:
    rows = [_counts("S1", 10, 100, 15, 100, g="x"), _counts("S2", 5, 80, 9, 85, g="x")]
    r = pool(rows, measure="RR", method="iv", subgroup="g")
    assert r.subgroup_test is None
    assert any("at least two subgroups" in n for n in r.notes)


def test_large_heterogeneity_pm_and_reml() -> None:
    rows = {
        "id": np.array(["a", "b", "c", "d"]),
        "estimate": np.array([1e-4, 1.0, 1e4, 50.0]),
        "ci_low": np.array([0.5e-4, 0.5, 0.5e4, 25.0]),
        "ci_high": np.array([2e-4, 2.0, 2e4, 100.0]),
    }
    for method in ("pm", "reml", "dl"):
        r = pool(rows, measure="HR", method=method)
        assert r.tau2 > 20 and math.isfinite(r.estimate)


@st.composite
def _studies(draw: st.DrawFn) -> dict[str, np.ndarray]:
    k = draw(st.integers(min_value=2, max_value=30))
    yi = draw(st.lists(st.floats(-3, 3), min_size=k, max_size=k))
    se = draw(st.lists(st.floats(0.01, 2), min_size=k, max_size=k))
    est = np.exp(np.array(yi))
    half = 1.959964 * np.array(se)
    return {
        "id": np.array([f"s{i}" for i in range(k)]),
        "estimate": est,
        "ci_low": est * np.exp(-half),
        "ci_high": est * np.exp(half),
    }


@settings(max_examples=60, deadline=None)
@given(_studies(), st.sampled_from(["iv", "dl", "reml", "pm"]))
def test_invariants(rows: dict[str, np.ndarray], method: str) -> None:
    r = pool(rows, measure="OR", method=method)
    assert r.tau2 >= 0
    assert 0 <= r.i2 <= 100
    # H² is Q/df for fixed-effect models (as metafor; may fall below 1), 1 + tau²/s² otherwise
    assert r.h2 >= (0 if method == "iv" else 1 - 1e-12)
    assert r.ci_low <= r.estimate <= r.ci_high
    assert sum(s.weight for s in r.studies) == pytest.approx(100.0)
    if method != "iv":
        assert r.pi_low <= r.ci_low and r.pi_high >= r.ci_high


@pytest.mark.parametrize(
    ("rows", "kwargs", "fragments"),
    [
        ([_counts("S3", 130, 120, 9, 118)], {}, [
            "row 'S3': column 'events_treatment' must be a whole number between 0 and "
            "total_treatment (120). Got 130 instead."
        ]),
        ([_counts("S1", -1, 10, 1, 10)], {}, ["row 'S1'", "'events_treatment'", "Got -1"]),
        ([_counts("S1", 1.5, 10, 1, 10)], {}, ["row 'S1'", "whole number", "Got 1.5"]),
        ([_counts("S1", 1, 0, 1, 10)], {}, ["'total_treatment'", "at least 1", "Got 0"]),
        ([_counts("S1", 1, 10, 11, 10)], {}, ["'events_control'", "total_control (10)"]),
        ([{"id": "A", "estimate": 1.2, "ci_low": 1.3, "ci_high": 1.5}], {}, ["within its CI"]),
        ([{"id": "A", "estimate": 1.2, "ci_low": 1.5, "ci_high": 1.3}], {}, ["'ci_low'"]),
        ([{"id": "A", "estimate": -1, "ci_low": -2, "ci_high": 1}], {}, ["above 0"]),
        ([{"id": "A", "estimate": 1, "ci_low": 1, "ci_high": 1}], {}, ["zero width"]),
        ([{"id": "A", "estimate": 1, "ci_low": 0.5}], {}, ["'ci_high'"]),
        ([{"id": "A"}], {}, ["row 'A'", "Got neither"]),
        ([{"events_treatment": 1, "total_treatment": 5, "events_control": 9,
           "total_control": 5}], {}, ["row '1'"]),
        ([], {}, ["no usable study"]),
        ([_counts("S1", 1, 10, 1, 10)], {"measure": "HR"}, ["cannot be computed from arm counts"]),
        ([_counts("S1", 1, 10, 1, 10)], {"measure": "SMD"}, ["measure must be one of"]),
        ([_counts("S1", 1, 10, 1, 10)], {"method": "hk"}, ["method must be one of"]),
        ([_counts("S1", 1, 10, 1, 10)], {"level": 100}, ["level", "Got 100"]),
        ([_counts("S1", 1, 10, 1, 10)], {"level": 0}, ["level"]),
        ([_counts("S1", 1, 10, 1, 10)], {"method": "peto", "measure": "RR"}, ["OR only"]),
        ([_counts("S1", 0, 10, 1, 10)], {"method": "mh", "measure": "OR"}, ["undefined"]),
        ([_counts("S1", 0, 10, 0, 10)], {"method": "peto", "measure": "OR"}, ["undefined"]),
        ([_counts("S1", 0, 10, 0, 10)], {"drop_double_zero": True}, ["no usable study"]),
        ([_counts("S1", 1, 10, 1, 10)], {"subgroup": "age"}, ["column 'age'"]),
        ([_counts("S1", 1, 10, 1, 10, age=None)], {"subgroup": "age"}, ["row 'S1'", "'age'"]),
        ([{"id": "A", "measure": "OR", "estimate": 1, "ci_low": 0.5, "ci_high": 2}],
         {"measure": "RR"}, ["row 'A'", "column 'measure'", "'OR'"]),
    ],
)  # fmt: skip
def test_validation_messages(rows: list, kwargs: dict, fragments: list[str]) -> None:
    with pytest.raises(InputError) as info:
        pool(rows, **kwargs)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_partial_counts_fall_back_to_ci() -> None:
    frame = pd.DataFrame(
        [
            {"id": "A", "events_treatment": 3, "estimate": 0.8, "ci_low": 0.6, "ci_high": 1.1},
            {"id": "B", "events_treatment": None, "estimate": 0.7, "ci_low": 0.5, "ci_high": 0.9},
        ]
    )
    r = pool(frame, measure="RR", method="iv")
    assert r.k == 2
