"""The vocabulary as data (extendable per content folder), the findings view and its renderer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from evidence_dashboard.audit import Evidence, audit_sentence, load_vocabulary
from evidence_dashboard.audit.findings import make_finding
from evidence_dashboard.views.audit import READER_NOTICE, claim_audits, rows_table

ROW = {"id": "MZ-01", "drug": "mirtazapine", "drug_class": "antidepressant", "comparator": "placebo",
       "outcome": "falls", "outcome_category": "falls", "population": "older adults",
       "age_group": "older adults", "design": "cohort", "measure": "OR", "estimate": "1.30",
       "ci_low": "1.10", "ci_high": "1.50"}  # fmt: skip


def test_a_content_folder_extends_the_vocabulary(tmp_path: Path):
    sentence = "Mirtazapine was linked with falls in older adults (OR 1.30; 95% CI 1.10 to 1.50)."
    evidence = Evidence.from_records([{**ROW, "drug": "tetrazepam"}])
    shipped = load_vocabulary(tmp_path)
    assert audit_sentence(sentence, ["MZ-01"], evidence, shipped) == []  # unknown word: unread
    (tmp_path / "audit-vocabulary.yaml").write_text(
        "drugs:\n  mirtazapine: {terms: [mirtazapine], class: antidepressant}\n"
        "  tetrazepam: {terms: [tetrazepam], class: benzodiazepine}\n"
        "outcomes:\n  falls: {terms: [tumbles]}\n",
        encoding="utf-8",
    )
    extended = load_vocabulary(tmp_path)
    assert not extended.problems
    assert [m.concept for m in extended.mentions("tumbles and falls")] == ["falls", "falls"]
    found = audit_sentence(sentence, ["MZ-01"], evidence, extended)
    assert [f.kind for f in found] == ["drug-mismatch"]


def test_a_broken_vocabulary_file_is_reported_and_the_shipped_one_used(tmp_path: Path):
    (tmp_path / "audit-vocabulary.yaml").write_text("drugs: [unclosed\n", encoding="utf-8")
    vocab = load_vocabulary(tmp_path)
    assert len(vocab.problems) == 1
    assert vocab.problems[0].path.endswith("audit-vocabulary.yaml")
    assert [m.concept for m in vocab.mentions("diazepam")] == ["diazepam"]


def _finding(audience: str, severity: str = "error"):
    sentence = "Falls rose <b>*9%*</b> [x](javascript:alert(1))."
    start = sentence.index("*9%*")
    return make_finding(article="a", claim="falls", audience=audience, line=4,
                        sentence=sentence, span=(start, start + 4), kind="number-not-in-rows",
                        severity=severity, message="'9%' <script>", rows=("MZ-01",))  # fmt: skip


def test_claim_audits_filter_by_audience_and_dismissal():
    clinician, patient = _finding("clinician,student"), _finding("patient", "warning")
    audits = claim_audits([clinician, patient], "student")
    assert [v.finding for v in audits["falls"].findings] == [clinician]
    assert audits["falls"].reader_notice() == READER_NOTICE
    only_warning = claim_audits([clinician, patient], "patient")["falls"]
    assert only_warning.reader_notice() is None  # warnings alone do not alarm readers
    assert claim_audits([clinician], "student", dismissed={clinician.id}) == {}
    frame = pd.DataFrame([{**ROW, "estimate_text": "1.30"}, {**ROW, "id": "MZ-02"}])
    assert rows_table(frame, ["MZ-02", "MZ-01"])["id"].tolist() == ["MZ-02", "MZ-01"]


def _page(reviewer: bool) -> None:
    import pandas as pd

    from evidence_dashboard.audit.findings import make_finding
    from evidence_dashboard.ui.findings import show_claim_findings
    from evidence_dashboard.views.audit import claim_audits

    sentence = "Falls rose <b>*9%*</b> [x](javascript:alert(1))."
    start = sentence.index("*9%*")
    finding = make_finding(article="a", claim="falls", audience="all", line=4,
                           sentence=sentence, span=(start, start + 4), kind="number-not-in-rows",
                           severity="error", message="'9%' <script>", rows=("MZ-01",))  # fmt: skip

    class Library:  # the renderer reads only the evidence frame
        evidence = pd.DataFrame([{"id": "MZ-01", "drug": "mirtazapine", "estimate_text": "1.30"}])

    show_claim_findings(claim_audits([finding])["falls"], Library(), reviewer=reviewer, key="f")  # type: ignore[arg-type]


def test_renderer_escapes_content_highlights_the_span_and_offers_the_rows():
    at = AppTest.from_function(_page, kwargs={"reviewer": True}, default_timeout=60).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert ":red-background[\\*9%\\*]" in text
    assert "<b>" not in text.replace("\\<b\\>", "") and "\\[x\\]\\(javascript" in text
    assert at.expander[0].label == "Rows: MZ-01"
    assert at.dataframe[0].value["id"].tolist() == ["MZ-01"]
    reader = AppTest.from_function(_page, kwargs={"reviewer": False}, default_timeout=60).run()
    assert [w.value for w in reader.warning] == [READER_NOTICE]
    assert not reader.markdown and not reader.expander
