"""The ``pool`` and ``absolute`` subcommands: JSON matching metafor, one-line errors, exit 2."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from stats_reference import REFERENCE_DIR, TOL, deviation, load_reference

from evidence_dashboard.cli import main

REFERENCE = load_reference()
BCG = str(REFERENCE_DIR / "bcg.csv")
HEADER = "id,events_treatment,total_treatment,events_control,total_control\n"


def _ref(dataset: str, measure: str, method: str) -> dict:
    return next(
        c
        for c in REFERENCE["cases"]
        if c["dataset"] == dataset
        and c["measure"] == measure
        and c["method"] == method
        and c["level"] == 95
        and not c["drop_double_zero"]
    )


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("measure", "method"), [("RR", "reml"), ("OR", "mh"), ("OR", "peto"), ("RD", "dl")]
)
def test_pool_json_matches_metafor(
    measure: str, method: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        ["pool", BCG, "--measure", measure, "--method", method, "--format", "json"], capsys
    )
    assert code == 0, err
    data = json.loads(out)
    ref = _ref("bcg", measure, method)
    scale = math.log if measure != "RD" else (lambda x: x)
    assert data["k"] == ref["k"]
    assert deviation(data["log_estimate"], ref["beta"]) <= TOL
    assert deviation(scale(data["estimate"]), ref["beta"]) <= TOL
    assert deviation(scale(data["ci_low"]), ref["ci_lb"]) <= TOL
    assert deviation(scale(data["ci_high"]), ref["ci_ub"]) <= TOL
    for key, ref_key in (("se", "se"), ("tau2", "tau2"), ("i2", "I2"), ("h2", "H2")):
        assert deviation(data[key], ref[ref_key]) <= TOL
    assert deviation(data["q"], ref["QE"]) <= TOL
    assert data["q_df"] == ref["QE_df"]
    if ref["pi_lb"] is None:
        assert data["pi_low"] is None and data["pi_high"] is None
    else:
        assert deviation(scale(data["pi_low"]), ref["pi_lb"]) <= TOL
    assert [s["id"] for s in data["studies"]] == ref["ids"]
    for study, weight in zip(data["studies"], ref["weights"], strict=True):
        assert deviation(study["weight"], weight) <= TOL
    required = {
        "measure", "method", "k", "estimate", "ci_low", "ci_high", "log_estimate", "se",
        "tau2", "i2", "h2", "q", "q_df", "q_p", "pi_low", "pi_high", "studies",
    }  # fmt: skip
    assert required <= set(data)
    assert {"id", "estimate", "ci_low", "ci_high", "weight"} <= set(data["studies"][0])


def test_pool_uses_the_measure_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["pool", str(REFERENCE_DIR / "hart1999_irr_ci.csv"), "--format", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    ref = _ref("hart1999_irr", "IRR", "reml")
    assert data["measure"] == "IRR"
    assert deviation(data["log_estimate"], ref["beta"]) <= TOL


def test_pool_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["pool", BCG, "--subgroup", "alloc"], capsys)
    assert code == 0
    assert "pooled estimate: RR 0.49 (95% CI 0.34 to 0.70)" in out
    assert "tau² = 0.3132" in out and "I² = 92.2%" in out
    assert "Q = 152.23 (df = 12), p < 0.001" in out
    assert "95% prediction interval" in out
    assert "Aronson 1948" in out and "%" in out
    assert "subgroup differences: Q = 1.86 (df = 2)" in out


def test_absolute_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["absolute", "--measure", "RR", "--estimate", "0.92", "--baseline-risk", "0.3",
         "--format", "json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "baseline_risk", "risk_exposed", "risk_difference", "rd_ci_low", "rd_ci_high",
        "per_1000", "per_1000_ci_low", "per_1000_ci_high", "number_needed",
        "number_needed_kind", "number_needed_text", "level", "interval_kind",
    }  # fmt: skip
    assert data["number_needed"] == 42 and data["number_needed_kind"] == "NNT"
    assert data["per_1000"] == pytest.approx(-24.0)


def test_absolute_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["absolute", "--measure", "OR", "--estimate", "0.73", "--ci-low", "0.5",
         "--ci-high", "1.1", "--baseline-risk", "0.3"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert "62 fewer per 1,000" in out
    assert "NNT 17 (95% CI NNTH 50 to ∞ to NNTB 9)" in out


def test_pool_accepts_a_measure_flag_that_agrees_with_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path, "id,measure,estimate,ci_low,ci_high\nA,or,0.8,0.6,1.1\nB,OR,0.7,0.5,0.9\n"
    )
    code, out, err = _run(["pool", path, "--measure", "OR", "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["measure"] == "OR"


def test_absolute_rd_needs_no_baseline_risk(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        ["absolute", "--measure", "RD", "--estimate", "-0.05", "--ci-low", "-0.08",
         "--ci-high", "-0.02", "--format", "json"], capsys,
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["baseline_risk"] is None and data["risk_exposed"] is None
    assert data["per_1000"] == pytest.approx(-50.0)
    assert data["per_1000_ci_low"] == pytest.approx(-80.0)
    assert data["number_needed_text"] == "NNT 20 (95% CI 13 to 50)"
    code, out, _ = _run(["absolute", "--measure", "RD", "--estimate", "-0.05"], capsys)
    assert code == 0 and "no baseline risk is needed" in out and "50 fewer per 1,000" in out


def test_absolute_rd_with_a_baseline_adds_the_exposed_risk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        ["absolute", "--measure", "RD", "--estimate", "-0.05", "--baseline-risk", "0.2",
         "--format", "json"], capsys,
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["baseline_risk"] == 0.2 and data["risk_exposed"] == pytest.approx(0.15)
    assert data["number_needed_text"] == "NNT 20"


def _write(tmp_path: Path, text: str, name: str = "studies.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_POOL = [
    pytest.param(
        HEADER + "S1,10,100,12,100\nS2,5,90,7,95\nS3,130,120,9,118\n",
        [],
        [
            "row 'S3': column 'events_treatment' must be a whole number between 0 and "
            "total_treatment (120). Got 130 instead."
        ],
        id="events-above-total",
    ),
    pytest.param(
        HEADER + "S1,10,100,12,100\nS2,5,90,-7,95\n",
        [],
        ["row 'S2'", "column 'events_control'", "Got -7 instead"],
        id="negative-count",
    ),
    pytest.param(
        HEADER + "S1,10,-100,12,100\n",
        [],
        ["row 'S1'", "column 'total_treatment'", "Got -100 instead"],
        id="negative-total",
    ),
    pytest.param(
        HEADER + "S1,10.5,100,12,100\n",
        [],
        ["row 'S1'", "column 'events_treatment'", "whole number", "Got 10.5 instead"],
        id="fractional-count",
    ),
    pytest.param(
        HEADER + "S1,ten,100,12,100\n",
        [],
        ["row 'S1'", "column 'events_treatment'", "must be a number", "'ten'"],
        id="not-a-number",
    ),
    pytest.param(
        "id,estimate,ci_low,ci_high\nA,0.8,0.6,1.1\nB,0.7,0.9,0.5\n",
        [],
        ["row 'B'", "column 'ci_low'", "must not exceed 'ci_high'", "Got 0.9 instead"],
        id="ci-low-above-high",
    ),
    pytest.param(
        "id,estimate,ci_low,ci_high\nA,0.8,0.6,1.1\nB,1.5,0.9,1.2\n",
        [],
        ["row 'B'", "column 'estimate'", "within its CI", "Got 1.5 instead"],
        id="ci-without-estimate",
    ),
    pytest.param(
        "id,estimate,ci_low,ci_high\nA,0,0,1.1\n",
        [],
        ["row 'A'", "column 'estimate'", "above 0", "Got 0 instead"],
        id="ratio-not-positive",
    ),
    pytest.param(
        "id,estimate,ci_low,ci_high,ci_level\nA,0.8,0.6,1.1,120\n",
        [],
        ["row 'A'", "column 'ci_level'", "Got 120 instead"],
        id="row-ci-level",
    ),
    pytest.param(HEADER, [], ["no usable study"], id="no-rows"),
    pytest.param(
        HEADER + "S1,0,100,0,100\n",
        ["--drop-double-zero"],
        ["no usable study"],
        id="all-double-zero-dropped",
    ),
    pytest.param(HEADER + "S1,1,10,2,10\n", ["--measure", "XX"], ["measure", "'XX'"], id="measure"),
    pytest.param(HEADER + "S1,1,10,2,10\n", ["--method", "bayes"], ["method", "'bayes'"], id="method"),
    pytest.param(HEADER + "S1,1,10,2,10\n", ["--level", "120"], ["level", "120"], id="level"),
    pytest.param(HEADER + "S1,1,10,2,10\n", ["--level", "abc"], ["--level", "'abc'"], id="level-nan"),
    pytest.param(HEADER + "S1,1,10,2,10\n", ["--format", "xml"], ["--format", "'xml'"], id="format"),
    pytest.param(
        HEADER + "S1,1,10,2,10\n", ["--subgroup", "age_group"], ["column 'age_group'"], id="subgroup"
    ),
    pytest.param(
        "id,estimate,ci_low,ci_high\nA,0.8,0.6,1.1\n",
        ["--method", "mh"],
        ["row 'A'", "arm counts"],
        id="mh-needs-counts",
    ),
    pytest.param(
        "id,measure,estimate,ci_low,ci_high\nA,OR,0.8,0.6,1.1\nB,RR,0.7,0.5,0.9\n",
        [],
        ["column 'measure'", "OR, RR"],
        id="mixed-measures",
    ),
    pytest.param(
        "id,measure,estimate,ci_low,ci_high\nA,OR,0.8,0.6,1.1\nB,RR,0.7,0.5,0.9\n",
        ["--measure", "OR"],
        ["row 'B'", "column 'measure' must agree with --measure OR", "Got RR instead"],
        id="measure-flag-conflicts-with-column",
    ),
    pytest.param(
        "id,measure,estimate,ci_low,ci_high\nA,IRR,0.8,0.6,1.1\n",
        ["--measure", "RR"],
        ["row 'A'", "--measure RR", "Got IRR instead"],
        id="measure-flag-differs-from-column",
    ),
    pytest.param('id,events_treatment\n"S1,1\n', [], ["EOF inside string"], id="unparsable-csv"),
    pytest.param("", [], ["No columns to parse"], id="empty-file"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "extra", "expected"), BAD_POOL)
def test_pool_bad_input_exits_2_with_one_located_line(
    content: str,
    extra: list[str],
    expected: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, content)
    code, out, err = _run(["pool", path, *extra], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"evidence-dashboard pool: {path}: ")
    for fragment in expected:
        assert fragment in err


def test_pool_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.csv")
    code, _, err = _run(["pool", missing], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "cannot read" in err and "nope.csv" in err


def test_pool_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["pool", str(tmp_path)], capsys)
    assert code == 2 and "directory" in err and err.count("\n") == 1


def test_pool_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\xff\xfe\x00\x00garbage\x00\xff")
    code, _, err = _run(["pool", str(path)], capsys)
    assert code == 2 and err.count("\n") == 1


BAD_ABSOLUTE = [
    pytest.param(["--measure", "RR", "--estimate", "0.9", "--baseline-risk", "0"], ["baseline_risk", "Got 0 instead"], id="baseline-0"),
    pytest.param(["--measure", "RR", "--estimate", "0.9", "--baseline-risk", "1.5"], ["baseline_risk", "Got 1.5 instead"], id="baseline-above-1"),
    pytest.param(["--measure", "HR", "--estimate", "0.9", "--baseline-risk", "0.1"], ["measure", "'HR'"], id="measure"),
    pytest.param(["--measure", "RR", "--estimate", "0.9", "--ci-low", "0.7", "--baseline-risk", "0.1"], ["ci_high"], id="one-bound"),
    pytest.param(["--measure", "RR", "--estimate", "0.9", "--ci-low", "1.1", "--ci-high", "1.3", "--baseline-risk", "0.1"], ["within its CI"], id="ci-without-estimate"),
    pytest.param(["--measure", "RR", "--estimate", "x", "--baseline-risk", "0.1"], ["--estimate", "'x'"], id="not-a-number"),
    pytest.param(["--measure", "RR", "--baseline-risk", "0.1"], ["--estimate must be given"], id="missing-estimate"),
    pytest.param(["--measure", "OR", "--estimate", "-2", "--baseline-risk", "0.1"], ["above 0"], id="negative-ratio"),
    pytest.param(["--measure", "RR", "--estimate", "5", "--baseline-risk", "0.5"], ["between 0 and 1"], id="risk-above-1"),
    pytest.param(["--measure", "OR", "--estimate", "1.4"], ["--baseline-risk must be given for the ratio measure OR"], id="ratio-needs-baseline"),
    pytest.param(["--estimate", "1.4", "--baseline-risk", "0.1"], ["--measure must be given"], id="missing-measure"),
    pytest.param(["--measure", "RD", "--estimate", "1.5"], ["estimate", "between -1 and 1", "Got 1.5"], id="rd-above-1"),
    pytest.param(["--measure", "RD", "--estimate", "0.1", "--ci-low", "0.2", "--ci-high", "0.3"], ["within its CI"], id="rd-outside-ci"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "expected"), BAD_ABSOLUTE)
def test_absolute_bad_input_exits_2(
    argv: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["absolute", *argv], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("evidence-dashboard absolute: ")
    for fragment in expected:
        assert fragment in err


def test_real_process_has_no_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "S1,1,10,20,10\n")
    proc = subprocess.run(
        [sys.executable, "-m", "evidence_dashboard.cli", "pool", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "row 'S1': column 'events_control'" in proc.stderr
