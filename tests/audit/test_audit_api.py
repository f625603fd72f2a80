"""The audit's public interface, the seed's misattribution, and the command line."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from evidence_dashboard.audit import Evidence, Finding, audit_article, audit_library, audit_text
from evidence_dashboard.audit.library import evidence_of
from evidence_dashboard.cli import main
from evidence_dashboard.content.library import load_library

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED = (
    "In older adults, benzodiazepines carry 50% higher total adverse events and double the CNS "
    "adverse events compared to placebo."
)
JSON_FIELDS = {"article", "claim", "audience", "line", "sentence", "kind", "severity", "message",
               "rows"}  # fmt: skip


@pytest.fixture(scope="module")
def library():
    return load_library(PROJECT_ROOT / "data")


@pytest.fixture(scope="module")
def evidence(library) -> Evidence:
    return evidence_of(library)


def test_seed_sentence_raises_population_drug_and_condition_findings(evidence):
    found = audit_text(SEED, ["MR-01", "MR-02"], evidence)
    kinds = {f.kind for _, _, f in found}
    assert {"population-mismatch", "drug-mismatch", "condition-mismatch"} <= kinds
    by_kind = {f.kind: f for _, _, f in found}
    assert SEED[slice(*by_kind["population-mismatch"].span)] == "older adults"
    assert SEED[slice(*by_kind["drug-mismatch"].span)] == "benzodiazepines"
    assert set(by_kind["drug-mismatch"].rows) <= {"MR-01", "MR-02"}
    # The numbers themselves are right: nothing says they are missing from the rows.
    assert not kinds & {"number-not-in-rows", "number-in-other-row"}


def test_the_corrected_wording_passes(evidence):
    fixed = (
        "Muscle relaxants as a class, in adults with low back pain, carried 50% more total "
        "adverse events and about twice the CNS adverse events compared with placebo."
    )
    assert audit_text(fixed, ["MR-01", "MR-02"], evidence) == []


def test_finding_is_frozen_with_stable_id_and_dict(tmp_path):
    # The shipped articles audit clean, so plant one wrong figure to get a finding.
    library = load_library(
        _folder_with(tmp_path, "in older people: {{FA-01}}", "in older people: OR 1.61")
    )
    article = library.article("diazepam-anxiety-spasm")
    first = audit_article(library, article)
    again = audit_article(library, article)
    assert [f.id for f in first] == [f.id for f in again]
    assert len({f.id for f in first}) == len(first)
    finding = first[0]
    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "x"  # type: ignore[misc]
    data = finding.to_dict()
    assert set(data) >= JSON_FIELDS
    assert finding.sentence[finding.span[0] : finding.span[1]] == finding.expression


def test_shipped_library_has_no_audit_errors(library):
    errors = [f.text() for f in audit_library(library) if f.severity == "error"]
    assert errors == []


def _folder_with(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", root)
    article = next((root / "articles").glob("*.md"))
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_cli_text_json_and_exit_status(tmp_path, capsys):
    root = _folder_with(tmp_path, "{{FA-01}}", "OR 1.61")
    assert main(["audit", "--data", str(root)]) == 1
    out = capsys.readouterr().out
    text = next((root / "articles").glob("*.md")).read_text(encoding="utf-8")
    line = text[: text.index("OR 1.61")].count("\n") + 1
    assert f"articles/diazepam-anxiety-spasm.md:{line}: claim falls:" in out
    assert main(["audit", "diazepam-anxiety-spasm", "--data", str(root), "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert all(set(r) >= JSON_FIELDS for r in records)
    bad = [r for r in records if r["severity"] == "error"]
    assert [r["kind"] for r in bad] == ["number-not-in-rows"]
    assert bad[0]["claim"] == "falls" and "FA-01" in bad[0]["rows"]
    # `check` runs the audit too.
    assert main(["check", str(root)]) == 1
