"""The newer evidence terms: what each measure needs, baselines, and where a figure was read."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from evidence_dashboard import schema
from evidence_dashboard.content.evidence import parse_evidence_csv
from evidence_dashboard.content.library import load_library
from evidence_dashboard.stats.report.rows import effect_text, value_text

HEADER = [c.name for c in schema.EVIDENCE_COLUMNS]
BASE = {
    "source": "Key2020",
    "locator": "abstract",
    "drug": "none (baseline)",
    "outcome": "fell in the previous year",
    "outcome_category": "falls",
    "age_group": "65+",
    "design": "national survey",
}
GOOD = {
    "BR": {"measure": "baseline risk", "estimate": "27.6", "period": "1 year (2020)"},
    "IR": {
        "measure": "incidence rate",
        "estimate": "793.5",
        "ci_low": "788.7",
        "ci_high": "798.3",
        "per": "100000",
        "period": "1 year (2005)",
    },
    "MC": {
        "measure": "mean change",
        "drug": "diazepam",
        "comparator": "placebo",
        "estimate": "11",
        "mean_control": "11",
        "scale": "Roland-Morris points improved",
        "design": "within-trial comparison",
        "read_at": "https://example.org/trial",
    },
    "MD": {
        "measure": "MD",
        "estimate": "-7.7",
        "ci_low": "-12.1",
        "ci_high": "-3.3",
        "scale": "0 to 100",
    },
    "NT": {"measure": "NNT", "estimate": "2.7", "ci_low": "2.0", "ci_high": "4.2"},
    "SM": {"measure": "SMD", "estimate": "0.50", "read_at": "SummaryKey2021"},
    "RC": {"measure": "relative change", "estimate": "41", "comparator": "2002"},
}


def _csv(rows: dict[str, dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row_id, cells in rows.items():
        writer.writerow({**dict.fromkeys(HEADER, ""), **BASE, "id": row_id, **cells})
    return out.getvalue()


def test_every_new_term_is_valid_when_complete_and_reads_with_what_it_needs():
    load = parse_evidence_csv(_csv(GOOD), "t.csv")
    assert load.problems == ()
    rows = load.rows.set_index("id")
    texts = {i: effect_text(rows.loc[i]) for i in rows.index}
    assert texts["BR"] == "27.6% over 1 year (2020)"
    assert texts["IR"] == "793.5 per 100,000 over 1 year (2005); 95% CI 788.7 to 798.3"
    assert texts["MC"] == "mean change 11 vs 11 (Roland-Morris points improved)"
    assert texts["MD"] == "MD -7.7 (0 to 100); 95% CI -12.1 to -3.3"
    assert texts["NT"] == "NNT 2.7; 95% CI 2.0 to 4.2"
    assert texts["RC"] == "41% change from 2002"
    assert value_text(rows.loc["IR"], "per") == "100,000"


@pytest.mark.parametrize(
    ("row_id", "change", "column", "fragment"),
    [
        ("BR", {"period": ""}, "period", "a baseline means nothing without its period"),
        ("BR", {"comparator": "placebo"}, "comparator", "population without any drug"),
        ("BR", {"percent_control": "10"}, "percent_control", "must be empty for a baseline risk"),
        ("BR", {"estimate": "127.6"}, "estimate", "between 0 and 100 for a baseline risk"),
        ("IR", {"per": ""}, "per", "events per how many people"),
        ("NT", {"per": "100"}, "per", "unless the measure is 'incidence rate'"),
        ("MC", {"scale": ""}, "scale", "which score, and its range"),
        ("MD", {"scale": ""}, "scale", "must be given for a MD row"),
        ("NT", {"mean_control": "3"}, "mean_control", "unless the measure is 'mean change'"),
        ("NT", {"estimate": "0.5", "ci_low": "0.4", "ci_high": "0.6"}, "estimate", "1 or more"),
        ("RC", {"comparator": ""}, "comparator", "the reference the change is measured from"),
        ("SM", {"read_at": "javascript:alert(1)"}, "read_at", "an http(s) URL or a BibTeX key"),
        ("MC", {"design": "non-randomised"}, "design", "'within-trial comparison'"),
    ],
)
def test_an_incomplete_new_term_is_a_located_problem(row_id, change, column, fragment):
    rows = {k: dict(v) for k, v in GOOD.items()}
    rows[row_id].update(change)
    load = parse_evidence_csv(_csv(rows), "t.csv")
    line = list(GOOD).index(row_id) + 2
    problem = next(p for p in load.problems if p.column == column)
    assert (problem.line, problem.item) == (line, row_id)
    assert fragment in str(problem)
    assert row_id in set(load.rejected["id"]) and row_id not in set(load.rows["id"])
    assert len(load.rows) == len(GOOD) - 1


def test_read_at_must_name_a_known_reference(data_copy: Path):
    path = data_copy / "evidence" / "diazepam-anxiety-spasm.csv"
    text = path.read_text()
    assert ",EBMGMuscleRelaxantsLBP," in text
    path.write_text(text.replace(",EBMGMuscleRelaxantsLBP,", ",EBMGMuscleRelaxantLBP,", 1))
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.column == "read_at")
    assert problem.item == "MR-01" and "did you mean 'EBMGMuscleRelaxantsLBP'" in str(problem)
    assert "MR-01" not in set(library.evidence["id"])
