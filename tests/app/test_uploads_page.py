"""The Your files page, driven through AppTest's file uploader (supported in Streamlit 1.67)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from evidence_dashboard.uploads import Upload, Workspace

from .conftest import PROJECT_ROOT

PAGE = "pages/4_Your_files.py"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "uploads"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _upload(at: AppTest, kind: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=f"up_{kind}").set_value((name, data, "application/octet-stream"))
    return at.run()


def _problem_messages(at: AppTest) -> list[str]:
    return [m for d in at.dataframe if "message" in d.value for m in d.value["message"]]


def test_limits_are_stated_next_to_each_uploader(open_page):
    at = open_page(PAGE)
    assert not at.exception, at.exception
    assert [u.label for u in at.file_uploader] == [
        "Evidence table",
        "Bibliography",
        "Article (optional)",
    ]
    captions = " ".join(c.value for c in at.caption)
    assert captions.count("Up to 5 MB per file") == 3 and "100,000 rows" in captions


def test_partly_bad_upload_gets_a_located_validation_report(open_page):
    at = _upload(open_page(PAGE), "evidence", "partly_bad.csv", fixture("partly_bad.csv"))
    assert not at.exception, at.exception
    assert any("1** row(s) usable" in m.value and "3** set aside" in m.value for m in at.markdown)
    report = next(d.value for d in at.dataframe if "message" in d.value)
    located = set(zip(report["line"], report["column"], strict=True))
    assert {(3, "outcome_category"), (3, "estimate"), (4, "source"), (5, "id")} <= located
    messages = " ".join(report["message"])
    assert "Got 'Falls' instead" in messages and "Got 'abc' instead" in messages
    assert "Got 'NoSuchKey2020' instead" in messages and "already used at" in messages
    assert set(report["path"]) == {"partly_bad.csv"}


def test_bad_file_kinds_are_one_clear_problem_each(open_page):
    at = open_page(PAGE)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    at = _upload(at, "evidence", "photo.csv", png)
    assert not at.exception
    assert any("Got a PNG image instead" in m for m in _problem_messages(at))
    at = _upload(at, "evidence", "latin.csv", "id,drug\nX,diaz\u00e9pam\n".encode("cp1252"))
    assert not at.exception
    assert any("the byte 0xe9 at line 2" in m for m in _problem_messages(at))


def test_hostile_file_name_is_shown_escaped(open_page):
    at = _upload(open_page(PAGE), "evidence", "**bold**[x](javascript:alert(1)).csv", b"")
    assert not at.exception
    heads = [m.value for m in at.markdown if "· evidence" in m.value]
    assert heads and "javascript:" not in heads[0] and "(" not in heads[0].replace("\\(", "")


def test_mapping_flow_for_a_wrongly_named_table(open_page):
    at = _upload(open_page(PAGE), "evidence", "wrong_names.csv", fixture("wrong_names.csv"))
    assert not at.exception, at.exception
    assert at.warning and "names its columns differently" in at.warning[0].value
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["source *"].value == "Study" and boxes["estimate"].value == "RR"
    assert boxes["total_treatment"].value == "N1" and boxes["events_treatment"].value == "n1"
    for label, value in {
        "outcome_category": "falls",
        "age_group": "65+",
        "design": "cohort",
        "measure": "RR",
    }.items():
        boxes[f"Value for every row: {label}"].select(value)
    texts = {t.label: t for t in at.text_input}
    texts["Value for every row: id"].input("WN")
    texts["Value for every row: locator"].input("table 1")
    texts["Value for every row: drug"].input("temazepam")
    at.run()
    preview = next(d.value for d in at.dataframe if "outcome_category" in d.value)
    assert list(preview["id"]) == ["WN-1", "WN-2"] and list(preview["estimate"]) == ["1.50", "0.90"]
    assert any(b.label == "Download the mapped CSV" for b in at.download_button)
    next(b for b in at.button if b.label == "Use this mapping").click().run()
    assert not at.exception, at.exception
    assert any("2** row(s) usable" in m.value for m in at.markdown)
    assert any("2 uploaded row(s)" in s.value for s in at.success)


def test_bibliography_upload_reports_bad_records(open_page):
    at = _upload(open_page(PAGE), "bibliography", "refs.ris", fixture("refs.ris"))
    assert not at.exception, at.exception
    assert any("**1** reference(s) read" in m.value for m in at.markdown)
    messages = " ".join(_problem_messages(at))
    assert "must have an 'ID' tag" in messages and "must end with 'ER  - '" in messages


def test_preseeded_workspace_is_processed_from_session_state():
    workspace = Workspace()
    workspace.add(Upload("article.md", "article", fixture("article.md")))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads_workspace"] = workspace
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("An uploaded article" in m.value for m in at.markdown)
    remove = next(b for b in at.button if b.label == "Remove")
    remove.click().run()
    assert any("No files uploaded yet" in i.value for i in at.info)


def test_a_ris_file_renamed_bib_is_read_as_ris_and_said_so(open_page):
    at = _upload(open_page(PAGE), "bibliography", "refs.bib", fixture("refs.ris"))
    assert not at.exception, at.exception
    assert any("**1** reference(s) read" in m.value for m in at.markdown)
    messages = " ".join(_problem_messages(at))
    assert "Got RIS instead" in messages
    assert not at.success


def test_a_bibliography_with_nothing_in_it_is_an_error_not_a_success(open_page):
    at = _upload(open_page(PAGE), "bibliography", "empty.bib", b"% nothing here\n")
    assert any("**0** reference(s) read" in m.value for m in at.markdown)
    assert "at least one reference" in " ".join(_problem_messages(at))
    assert not at.success and at.error
