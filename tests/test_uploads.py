"""Uploads: server-side limits, sniffing, readers for CSV/XLSX/BibTeX/RIS/CSL-JSON, mapping, merge."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from evidence_dashboard import errors, uploads
from evidence_dashboard.content import evidence
from evidence_dashboard.content.library import load_library
from evidence_dashboard.uploads import Upload, Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "uploads"
DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = (DATA / "evidence" / "diazepam-anxiety-spasm.csv").read_text().splitlines()[0]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def library():
    return load_library(DATA)


def _only_problem(load) -> str:
    assert len(load.problems) == 1, load.problems
    assert load.rows.empty
    return str(load.problems[0])


# --------------------------------------------------------------------------- bad uploads


def test_oversized_file_is_one_problem():
    data = b"a" * (uploads.MAX_UPLOAD_BYTES + 1)
    text = _only_problem(uploads.read_evidence_upload("big.csv", data))
    assert "must be at most 5.0 MB. Got 5.0 MB instead" in text or "at most 5.0 MB" in text


def test_empty_file_is_one_problem():
    text = _only_problem(uploads.read_evidence_upload("empty.csv", b""))
    assert "must not be empty. Got 0 bytes instead" in text


def test_binary_garbage_is_one_problem():
    text = _only_problem(uploads.read_evidence_upload("junk.csv", b"id,x\n\x00\x01\x02garbage"))
    assert "must be text (.csv). Got binary data (a NUL byte at line 2)" in text


def test_csv_renamed_to_xlsx_is_refused():
    text = _only_problem(uploads.read_evidence_upload("table.xlsx", fixture("partly_bad.csv")))
    assert "must be an Excel workbook (.xlsx). Got plain text or another format instead" in text


def test_png_renamed_to_csv_is_refused():
    text = _only_problem(uploads.read_evidence_upload("photo.csv", PNG))
    assert "must be text (.csv). Got a PNG image instead" in text


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    text = _only_problem(uploads.read_evidence_upload("fake.xlsx", buffer.getvalue()))
    assert "Got a zip archive instead" in text


def test_wrong_extension_is_refused():
    text = _only_problem(uploads.read_evidence_upload("table.txt", b"id\n1\n"))
    assert "must end in .csv, .xlsx" in text and "'.txt'" in text


def test_cp1252_csv_names_the_byte_and_line_and_does_not_guess():
    data = (HEADER + "\nX-1,Glass2005,p. 1,diazépam\n").encode("cp1252")
    load = uploads.read_evidence_upload("latin.csv", data)
    problem = load.problems[0]
    assert len(load.problems) == 1 and load.rows.empty
    assert problem.line == 2
    assert "the byte 0xe9 at line 2" in problem.message
    assert "UTF-8" in problem.hint


def test_utf8_bom_is_accepted():
    data = b"\xef\xbb\xbf" + fixture("partly_bad.csv")
    load = uploads.read_evidence_upload("bom.csv", data)
    assert "UP-01" in set(load.rows["id"])


def test_too_many_rows_is_one_problem(monkeypatch):
    monkeypatch.setattr(uploads.files, "MAX_ROWS", 2)
    text = _only_problem(uploads.read_evidence_upload("many.csv", fixture("partly_bad.csv")))
    assert "at most 2 rows. Got 4 instead" in text


def test_hostile_file_name_is_sanitized_in_problems():
    load = uploads.read_evidence_upload("../<img src=x onerror=alert(1)>.csv", b"")
    path = load.problems[0].path
    assert "<" not in path and "/" not in path and ">" not in path


# --------------------------------------------------------------------------- evidence tables


def test_partly_bad_csv_keeps_good_rows_and_locates_problems():
    load = uploads.read_evidence_upload("partly_bad.csv", fixture("partly_bad.csv"))
    assert list(load.rows["id"]) == ["UP-01", "UP-03", "MR-01"]
    assert list(load.rejected["id"]) == ["UP-02"]
    located = {(p.line, p.column) for p in load.problems}
    assert (3, "outcome_category") in located and (3, "estimate") in located
    hint = next(p.hint for p in load.problems if p.column == "outcome_category")
    assert "did you mean 'falls'" in hint
    assert load.rows.loc[0, "estimate_text"] == "1.50"


def _xlsx(rows, formats=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for (r, c), fmt in (formats or {}).items():
        sheet.cell(row=r, column=c).number_format = fmt
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_become_faithful_text():
    header = HEADER.split(",")
    row = dict.fromkeys(header, None)
    row.update(
        id="XL-1",
        source="Glass2005",
        locator="table 2",
        drug="temazepam",
        outcome="falls",
        outcome_category="falls",
        age_group="65+",
        design="cohort",
        measure="OR",
        estimate=1.5,
        ci_low=1.1,
        ci_high=2.0,
        ci_level=95,
        n_participants=1200.0,
    )
    est_col = header.index("estimate") + 1
    data = _xlsx([header, [row[h] for h in header]], {(2, est_col): "0.00"})
    load = uploads.read_evidence_upload("book.xlsx", data)
    assert not load.problems, load.problems
    got = load.rows.iloc[0]
    assert got["estimate_text"] == "1.50"  # shown with the cell's two decimals
    assert got["ci_low_text"] == "1.1" and got["ci_high_text"] == "2"
    assert got["ci_level_text"] == "95" and got["n_participants_text"] == "1200"


def test_xlsx_problems_name_spreadsheet_rows():
    header = HEADER.split(",")
    good = [None] * len(header)
    values = {
        "id": "XL-1",
        "source": "Glass2005",
        "locator": "t2",
        "drug": "d",
        "outcome": "falls",
        "outcome_category": "falls",
        "age_group": "65+",
        "design": "cohort",
        "measure": "OR",
        "estimate": 1.2,
    }
    for name, value in values.items():
        good[header.index(name)] = value
    bad = list(good)
    bad[header.index("id")] = "XL-2"
    bad[header.index("estimate")] = -1
    load = uploads.read_evidence_upload("book.xlsx", _xlsx([header, good, bad]))
    assert list(load.rows["id"]) == ["XL-1"]
    assert [(p.line, p.column) for p in load.problems] == [(3, "estimate")]


# --------------------------------------------------------------------------- mapping


def test_suggest_mapping_for_a_meta_analysis_table():
    mapping = uploads.suggest_mapping(["Study", "RR", "lower", "upper", "n1", "N1"])
    assert mapping == {
        "source": "Study",
        "estimate": "RR",
        "ci_low": "lower",
        "ci_high": "upper",
        "events_treatment": "n1",
        "total_treatment": "N1",
    }


def test_suggest_mapping_keeps_schema_names_and_uses_difflib():
    mapping = uploads.suggest_mapping(["id", "outcome_categry", "Drug"])
    assert mapping == {"id": "id", "drug": "Drug", "outcome_category": "outcome_categry"}


def test_apply_mapping_then_validation_applies():
    data = fixture("wrong_names.csv")
    table, problem = uploads.read_table("wrong_names.csv", data)
    assert problem is None and uploads.needs_mapping(table.columns)
    mapping = uploads.suggest_mapping(list(table.columns))
    constants = {
        "id": "WN",
        "locator": "table 1",
        "drug": "temazepam",
        "outcome_category": "falls",
        "age_group": "65+",
        "design": "cohort",
        "measure": "RR",
    }
    text = uploads.apply_mapping(table, mapping, constants)
    assert text.splitlines()[1].startswith("WN-1,Glass2005,table 1,temazepam,")
    load = uploads.read_evidence_upload("wrong_names.csv", data, mapping, constants)
    assert not load.problems, load.problems
    assert list(load.rows["estimate_text"]) == ["1.50", "0.90"]
    assert list(load.rows["total_control_text"]) == ["100", "250"]


def test_mapping_without_constants_reports_missing_required_values():
    data = fixture("wrong_names.csv")
    load = uploads.read_evidence_upload("w.csv", data, {"source": "Study"}, {})
    assert load.rows.empty
    assert {p.column for p in load.problems} >= {"id", "drug", "measure"}


# --------------------------------------------------------------------------- bibliographies


def test_ris_keeps_good_records_and_locates_bad_ones():
    load = uploads.read_bibliography_upload("refs.ris", fixture("refs.ris"))
    assert list(load.references) == ["Upload2021"]
    ref = load.references["Upload2021"]
    assert ref.title == "Falls with temazepam in care homes"
    assert ref.doi == "10.1093/ageing/afab001"
    assert ref.fields["pages"] == "10-19" and ref.authors[0].last == "Smith"
    lines = sorted((p.line, p.message[:30]) for p in load.problems)
    assert [line for line, _ in lines] == [14, 19, 20]
    messages = " ".join(p.message for p in load.problems)
    assert "must have an 'ID' tag" in messages
    assert "must start with 'TY  - '" in messages
    assert "must end with 'ER  - '" in messages


def test_csl_json_keeps_good_items_and_names_bad_ones():
    load = uploads.read_bibliography_upload("refs.json", fixture("refs.json"))
    assert list(load.references) == ["CslOne2022"]
    ref = load.references["CslOne2022"]
    assert (ref.year, ref.doi, ref.pmid, ref.authors[0].last) == (
        "2022",
        "10.1136/bmj.x1",
        "12345678",
        "García",
    )
    messages = [p.message for p in load.problems]
    assert any("item 2 must have an 'id'" in m for m in messages)
    assert any("item 3 must be an object" in m for m in messages)


def test_malformed_csl_json_is_one_located_problem():
    load = uploads.read_bibliography_upload("broken.json", fixture("broken.json"))
    assert not load.references
    (problem,) = load.problems
    assert problem.line == 4 and "JSON error at line 4" in problem.message


def test_bibtex_upload_uses_the_bibtex_parser():
    data = b"@article{Up1, title={One}, year={2020}}\n@article{Up2, title={Two} year={1}}\n"
    load = uploads.read_bibliography_upload("x.bib", data)
    assert list(load.references) == ["Up1"] and load.problems[0].line == 2


def test_bibliography_png_is_refused():
    load = uploads.read_bibliography_upload("refs.bib", PNG)
    assert "Got a PNG image instead" in str(load.problems[0])


def test_article_upload_parses_and_bad_encoding_is_a_problem():
    article = uploads.read_article_upload("article.md", fixture("article.md"))
    assert article.slug == "my-upload" and not article.problems
    bad = uploads.read_article_upload("a.md", "caf\u00e9".encode("latin-1"))
    assert "not valid UTF-8" in bad.problems[0].message


# --------------------------------------------------------------------------- merge


def test_merge_marks_origin_and_sets_aside_duplicates_and_unknown_sources(library):
    workspace = Workspace()
    workspace.add(Upload("partly_bad.csv", "evidence", fixture("partly_bad.csv")))
    result = uploads.load_workspace(library, workspace)
    uploaded = result.evidence.loc[result.evidence["origin"] == "uploaded: partly_bad.csv"]
    assert list(uploaded["id"]) == ["UP-01"]
    assert set(result.evidence["origin"]) == {"shipped", "uploaded: partly_bad.csv"}
    assert len(result.evidence) == len(library.evidence) + 1
    assert sorted(result.rejected["id"]) == ["MR-01", "UP-02", "UP-03"]
    messages = {p.item: p.message for p in result.problems_for("partly_bad.csv")}
    assert "already used at data/evidence/diazepam-anxiety-spasm.csv" in messages["MR-01"]
    assert "Got 'NoSuchKey2020' instead" in messages["UP-03"]


def test_uploaded_bibliography_satisfies_source_check(library):
    cells = ["UP-9", "Upload2021", "p. 2", "temazepam", "", "", "falls", "falls", "", "65+"]
    cells += ["cohort", "OR", "1.3"]
    rows = HEADER + "\n" + ",".join(cells + [""] * (len(HEADER.split(",")) - len(cells))) + "\n"
    workspace = Workspace()
    workspace.add(Upload("more.csv", "evidence", rows.encode()))
    without = uploads.load_workspace(library, workspace)
    assert "UP-9" not in set(without.evidence["id"])
    workspace.add(Upload("refs.ris", "bibliography", fixture("refs.ris")))
    with_refs = uploads.load_workspace(library, workspace)
    assert "UP-9" in set(with_refs.evidence["id"])
    assert "Upload2021" in with_refs.references


def test_uploaded_key_clashing_with_shipped_is_an_error_as_in_the_library(library):
    workspace = Workspace()
    workspace.add(Upload("c.bib", "bibliography", b"@article{glass2005, title={Other}}\n"))
    result = uploads.load_workspace(library, workspace)
    (problem,) = result.problems_for("c.bib")
    # The same constructor, wording and severity as a duplicate in the shipped bibliographies.
    shipped = errors.duplicate_key(problem.path, problem.line, "BibTeX key", "glass2005", "x")
    assert problem.severity == shipped.severity == "error"
    assert problem.message.split(" (first")[0] == shipped.message.split(" (first")[0]
    assert result.references["Glass2005"].path != "c.bib"


def test_workspace_token_changes_with_content():
    workspace = Workspace()
    empty = workspace.token
    workspace.add(Upload("a.csv", "evidence", b"x"))
    one = workspace.token
    workspace.add(Upload("a.csv", "evidence", b"y"))
    assert len({empty, one, workspace.token}) == 3
    workspace.remove("evidence", "a.csv")
    assert workspace.token == empty


def test_parse_of_uploaded_csv_matches_shipped_parser():
    text = fixture("partly_bad.csv").decode()
    direct = evidence.parse_evidence_csv(text, "partly_bad.csv")
    via_upload = uploads.read_evidence_upload("partly_bad.csv", text.encode())
    pd.testing.assert_frame_equal(direct.rows, via_upload.rows)
