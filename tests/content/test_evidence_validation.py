"""One test per evidence-table problem kind: each names the file, the line and the column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from evidence_dashboard.content.library import load_library

CSV_NAME = "evidence/diazepam-anxiety-spasm.csv"
SHIPPED_ROWS = sum(
    1 for _ in csv.DictReader((Path(__file__).parents[2] / "data" / CSV_NAME).open(newline=""))
)


def _edit_row(data: Path, row_id: str, **changes: str) -> int:
    """Change cells of one row in place; return that row's line number."""
    path = data / CSV_NAME
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    line = next(i for i, r in enumerate(rows) if r["id"] == row_id) + 2
    for row in rows:
        if row["id"] == row_id:
            row.update(changes)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


def _problem(data: Path, column: str | None = None):
    library = load_library(data)
    errors = [p for p in library.errors if column is None or p.column == column]
    assert errors, [str(p) for p in library.problems]
    return library, errors[0]


@pytest.mark.parametrize(
    ("row_id", "changes", "column", "fragment"),
    [
        ("FA-02", {"age_group": "elderly"}, "age_group", "Got 'elderly'"),
        ("FA-02", {"design": "Cohort"}, "design", "Values are case-sensitive"),
        ("FA-02", {"measure": "ratio"}, "measure", "Got 'ratio'"),
        ("FA-02", {"outcome_category": "fall"}, "outcome_category", "did you mean 'falls'"),
        ("FA-02", {"estimate": "1,42"}, "estimate", "must be a number. Got '1,42'"),
        ("SE-01", {"total_treatment": "-464"}, "total_treatment", "whole number of 0 or more"),
        ("SE-01", {"total_treatment": "46.4"}, "total_treatment", "Got '46.4'"),
        ("SE-01", {"events_treatment": "500"}, "events_treatment", "must not exceed"),
        ("FA-02", {"estimate": "1.92"}, "estimate", "must lie within its interval [1.22, 1.65]"),
        ("FA-02", {"ci_low": "1.70"}, "ci_low", "must not be greater than 'ci_high'"),
        ("FA-02", {"estimate": "0", "ci_low": "0", "ci_high": "0"}, "estimate", "greater than 0"),
        ("FA-02", {"locator": ""}, "locator", "must not be empty"),
        ("FA-02", {"ci_level": "0.95"}, "ci_level", "from 50 to under 100"),
        ("DO-03", {"statement": ""}, "statement", "must hold the label or guideline text"),
        ("DO-03", {"estimate": "2"}, "estimate", "must be empty for a statement row"),
        ("FA-02", {"source": "Seppala2019"}, "source", "did you mean 'Seppala2018'"),
    ],
)
def test_row_problem_names_file_line_and_column(data_copy, row_id, changes, column, fragment):
    line = _edit_row(data_copy, row_id, **changes)
    library, problem = _problem(data_copy, column)
    assert problem.path == "data/" + CSV_NAME
    assert problem.line == line
    assert str(problem).startswith(f"data/{CSV_NAME}:{line}: ")
    assert fragment in str(problem)
    # The bad row is set aside; every other row still loads.
    assert row_id not in set(library.evidence["id"])
    assert len(library.evidence) == SHIPPED_ROWS - 1


def test_missing_required_column_is_reported_on_the_header_line(data_copy):
    path = data_copy / CSV_NAME
    text = path.read_text().replace("outcome_category,", "category,", 1)
    path.write_text(text)
    _library, problem = _problem(data_copy, "outcome_category")
    assert (problem.path, problem.line) == ("data/" + CSV_NAME, 1)
    assert "'outcome_category'" in problem.message


def test_duplicate_id_names_both_places(data_copy):
    path = data_copy / CSV_NAME
    lines = path.read_text().splitlines(keepends=True)
    extra = data_copy / "evidence" / "extra.csv"
    extra.write_text(lines[0] + lines[5])
    _library, problem = _problem(data_copy, "id")
    assert problem.path == "data/evidence/extra.csv" and problem.line == 2
    assert f"already used at data/{CSV_NAME}:6" in problem.message


def test_wrong_field_count_and_non_utf8_are_located(data_copy):
    extra = data_copy / "evidence" / "broken.csv"
    header = (data_copy / CSV_NAME).read_text().splitlines()[0]
    extra.write_bytes((header + "\nX-1,too,few\n").encode() + b"caf\xe9\n")
    library = load_library(data_copy)
    assert any(
        p.path.endswith("broken.csv") and p.line == 3 and "UTF-8" in p.message
        for p in library.errors
    )
    extra.write_text(header + "\nX-1,too,few\n")
    library = load_library(data_copy)
    problem = next(p for p in library.errors if p.path.endswith("broken.csv"))
    assert problem.line == 2 and "fields like the header" in problem.message
    assert len(library.evidence) == SHIPPED_ROWS


def test_multiline_quoted_field_keeps_line_numbers_right(data_copy):
    path = data_copy / CSV_NAME
    line = _edit_row(data_copy, "MR-01", note="first line\nsecond line")
    line_after = _edit_row(data_copy, "MR-02", measure="bogus")
    assert line_after == line + 1  # row index; the physical line is one further down
    _library, problem = _problem(data_copy, "measure")
    assert problem.line == line + 2
    assert path.exists()
