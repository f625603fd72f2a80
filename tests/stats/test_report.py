"""Numbers as text: one string per result on every surface, intervals named as the row says."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from evidence_dashboard import charts
from evidence_dashboard.cli import main
from evidence_dashboard.content.library import load_library
from evidence_dashboard.export import figure_html
from evidence_dashboard.stats import absolute_effect, pool, report
from evidence_dashboard.views.compare import CompareSpec, compare


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return load_library().evidence


def test_every_surface_prints_the_same_absolute_effect(rows, capsys) -> None:
    # FA-01 is a Bayesian OR with a 95% credible interval; its absolute view at a stated
    # baseline of 100 per 1,000 (Compare assumes none).
    spec = CompareSpec(outcome_category="falls", absolute_id="FA-01", baseline_per_1000=100)
    view = compare(rows, spec)
    effect = view.absolute
    assert effect is not None and effect.interval_kind == "credible"
    summary = report.absolute_summary(effect)
    difference, needed = report.difference_text(effect), effect.number_needed_text
    assert summary == (
        "At a baseline risk of 100 per 1,000: 135 per 1,000 with the exposure, 35 more per "
        "1,000 (95% CrI 18 more to 60 more). NNH 29 (95% CrI 17 to 57)."
    )
    # The notebook's text and HTML forms.
    assert difference in str(effect) and needed in str(effect)
    assert difference in effect._repr_html_() and "95% CrI" in effect._repr_html_()
    # The command line, given the same row.
    row = rows.set_index("id").loc["FA-01"]
    argv = ["absolute", "--measure", "OR", "--estimate", row["estimate_text"],
            "--ci-low", row["ci_low_text"], "--ci-high", row["ci_high_text"],
            "--baseline-risk", "0.1", "--interval", "credible"]  # fmt: skip
    assert main(argv) == 0
    cli = capsys.readouterr().out
    assert cli == str(effect) + "\n"
    # The exported icon chart (what a user downloads) carries the same sentence.
    figure = json.loads(charts.icon_array(effect, "benzodiazepines").figure.to_json())
    assert figure["layout"]["title"]["subtitle"]["text"] == summary
    html = figure_html(charts.icon_array(effect, "x").figure, "x").decode()
    assert json.dumps(summary)[1:-1].split(",")[0] in html


def test_a_credible_interval_is_never_called_a_confidence_interval(rows) -> None:
    row = rows.set_index("id").loc["FA-01"].to_dict()
    assert report.effect_text(row) == "OR 1.41; 95% CrI 1.20 to 1.71"
    effect = absolute_effect("OR", 1.41, 0.3, 1.2, 1.71, interval_kind="credible", level=90)
    for text in (str(effect), repr(effect), effect._repr_html_(), report.absolute_summary(effect)):
        assert "CI " not in text.replace("CrI", "")
    assert "90% CrI" in report.absolute_summary(effect)


def test_risk_differences_keep_their_precision() -> None:
    rows = [
        {"id": "A", "estimate": -0.0071, "ci_low": -0.0101, "ci_high": -0.0040},
        {"id": "B", "estimate": -0.0065, "ci_low": -0.0110, "ci_high": -0.0020},
    ]
    result = pool(rows, measure="RD", method="iv")
    pooled = "-0.0069 [-0.0094, -0.0044]"
    assert f"pooled  {pooled}  100.0%" in str(result)
    assert "B       -0.0065 [-0.0110, -0.0020]" in str(result)
    assert report.estimate_text(result) == "RD -0.0069 (95% CI -0.0094 to -0.0044)"
    assert f"Pooled: {pooled}" in charts.forest_plot(result, "RD").alt_text


@pytest.mark.parametrize(
    ("rd", "low", "high", "text"),
    [
        (-0.0962, -0.2222, 0.0457, "NNT 11 (95% CI NNTH 22 to ∞ to NNTB 5)"),
        (0.05, 0.02, 0.08, "NNH 20 (95% CI 13 to 50)"),
        (-0.05, -0.08, -0.02, "NNT 20 (95% CI 13 to 50)"),
        (0.05, -0.01, 0.08, "NNH 20 (95% CI NNTH 13 to ∞ to NNTB 100)"),
    ],
)
def test_numbers_needed_in_altmans_form(rd, low, high, text) -> None:
    assert report.number_needed_text(rd, low, high)[2] == text


def test_small_values_are_not_rounded_away() -> None:
    assert report.number(0.0412) == "0.041"
    assert report.per_1000(0.44) == "0.44"
    assert report.change_text(-2.64) == "2.6 fewer"
    assert report.tau2_text(0.0000123) == "1.2e-05"
    assert report.p_text(0.0004) == "p < 0.001"
