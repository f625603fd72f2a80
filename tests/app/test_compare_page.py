"""The Compare page in AppTest: URL in, widgets out, notices for every value not used."""

from __future__ import annotations

import json

COMPARE = "pages/2_Compare.py"


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _url(at, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _notices(at) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")


def test_url_filters_open_the_same_view(open_page):
    at = open_page(COMPARE, outcome="fracture", age="65+")
    assert not at.exception
    assert list(at.dataframe[0].value["id"]) == ["IN-07"]
    assert at.selectbox(key="cmp_outcome").value == "fracture"
    assert at.multiselect(key="cmp_age").value == ["65+"]


def test_changing_a_filter_updates_chart_rows_and_url(open_page):
    at = open_page(COMPARE, outcome="falls")
    assert len(at.dataframe[0].value) == 6
    at.multiselect(key="cmp_drug").set_value(["SSRIs"]).run()
    assert list(at.dataframe[0].value["id"]) == ["FA-05"]
    assert _url(at, "drug") == ["SSRIs"]
    assert "FA-05" in _figures(at)[0]["layout"]["annotations"][1]["text"]


def test_consecutive_changes_of_one_control_all_stick(open_page):
    at = open_page(COMPARE, outcome="falls")
    for method in ("dl", "pm", "iv", "mh", "reml", "dl"):
        at.selectbox(key="cmp_method").select(method).run()
        assert at.selectbox(key="cmp_method").value == method
        assert _url(at, "method") == ([] if method == "reml" else [method])


def test_a_drug_with_a_comma_round_trips(open_page):
    drug = "benzodiazepines, first 2 weeks of use"
    at = open_page(COMPARE, outcome="fracture")
    if drug not in at.multiselect(key="cmp_drug").options:
        at = open_page(COMPARE, outcome="falls")
    at.multiselect(key="cmp_drug").set_value([drug]).run()
    assert _url(at, "drug") == [drug]
    again = open_page(COMPARE, outcome=at.query_params["outcome"], drug=[drug])
    assert again.multiselect(key="cmp_drug").value == [drug]
    assert not _notices(again)


def test_unknown_url_values_get_a_notice(open_page):
    at = open_page(COMPARE, outcome="falls", method="magic", drug=["No such drug"], level="97")
    assert not at.exception
    notices = _notices(at)
    assert "magic" in notices and "No such drug" in notices and "97" in notices
    assert at.selectbox(key="cmp_method").value == "reml"


def test_percent_and_comma_baselines_are_read_or_refused(open_page):
    at = open_page(COMPARE, outcome="falls", absolute="FA-02")
    at.text_input(key="cmp_baseline").input("2%").run()
    captions = " ".join(c.value for c in at.caption)
    assert "Your baseline: 20 per 1,000" in captions and "2% as 20 per 1,000" in captions
    assert _url(at, "baseline") == ["20"]
    at.text_input(key="cmp_baseline").input("0,02").run()
    assert "Your baseline: 20 per 1,000" in " ".join(c.value for c in at.caption)
    at.text_input(key="cmp_baseline").input("1,500").run()
    captions = " ".join(c.value for c in at.caption)
    assert "not used" in captions and "Your baseline: 20 per 1,000" in captions


def test_pooling_confidence_level_and_double_zero_choice(open_page):
    at = open_page(
        COMPARE, outcome="falls", pool=["FA-03", "FA-04"], absolute="FA-02", baseline="100"
    )
    assert not at.exception
    titles = [f["layout"]["title"]["text"] for f in _figures(at)]
    assert titles[1] == "Falls: Pooled OR · REML random effects · k = 2"
    assert titles[2].replace("<br>", " ") == titles[1]  # the phone layout wraps it
    assert titles[3].replace("<br>", " ").startswith("Out of 100 people at your baseline risk")
    infos = " ".join(i.value for i in at.info)
    assert "meta\\-analyses" in infos or "meta-analyses" in infos
    ninety_five = json.dumps(_figures(at)[1])
    at.radio(key="cmp_level").set_value(90).run()
    assert _url(at, "level") == ["90"]
    assert json.dumps(_figures(at)[1]) != ninety_five and "90%" in json.dumps(_figures(at)[1])
    at.radio(key="cmp_zeros").set_value("keep").run()
    assert _url(at, "zeros") == ["keep"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Pooled result (CSV)" in labels


def test_a_single_row_to_pool_says_why_nothing_is_pooled(open_page):
    at = open_page(COMPARE, outcome="falls", pool=["FA-03"])
    infos = " ".join(i.value for i in at.info)
    assert "Only one row is chosen" in infos and "at least two" in infos


def test_image_downloads_are_disabled_with_a_reason_when_no_browser(open_page, monkeypatch):
    import evidence_dashboard.ui.downloads as downloads

    monkeypatch.setattr(downloads, "image_export_available", lambda: False)
    at = open_page(COMPARE, outcome="falls")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons["Chart (PNG)"].disabled and buttons["Chart (SVG)"].disabled
    assert "Chromium" in buttons["Chart (PNG)"].help
    assert not buttons["Rows (CSV)"].disabled and not buttons["Chart (HTML)"].disabled


def _with_upload(name: str, **query):
    from streamlit.testing.v1 import AppTest

    from evidence_dashboard.uploads import Upload, Workspace

    from .conftest import PROJECT_ROOT

    data = (PROJECT_ROOT / "tests" / "fixtures" / "uploads" / name).read_bytes()
    workspace = Workspace()
    workspace.add(Upload(name, "evidence", data))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads_workspace"] = workspace
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(COMPARE).run()


ODD_ID = 'CT-01, "Åsa" arm'


def test_arm_count_rows_with_odd_ids_pool_and_double_zeros_follow_the_choice():
    at = _with_upload("counts_rd.csv", outcome="falls", pool=[ODD_ID, "CT-02", "CT-03"])
    assert not at.exception, at.exception
    assert at.multiselect(key="cmp_pool").value == [ODD_ID, "CT-02", "CT-03"]
    assert _url(at, "pool") == [ODD_ID, "CT-02", "CT-03"]
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "arm counts only" in infos
    notes = " ".join(c.value for c in at.caption).replace("\\", "")
    assert (
        "double-zero study dropped" in notes
        and "k = 2" in _figures(at)[1]["layout"]["title"]["text"]
    )
    at.radio(key="cmp_zeros").set_value("keep").run()
    notes = " ".join(c.value for c in at.caption).replace("\\", "")
    assert (
        "double-zero study kept" in notes and "k = 3" in _figures(at)[1]["layout"]["title"]["text"]
    )


def test_a_single_risk_difference_row_and_its_digits():
    at = _with_upload("counts_rd.csv", outcome="falls", pool=["RD-01"], absolute="RD-01")
    assert not at.exception, at.exception
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "Only one row is chosen (RD-01, RD)" in infos
    table = next(d.value for d in at.dataframe if "figure" in d.value.columns)
    figure = table.loc[table["id"] == "RD-01", "figure"].iloc[0]
    assert "-0.0071" in figure.replace("−", "-") and "-0.00 " not in figure


def test_a_link_to_rows_a_reload_lost_says_uploads_are_gone(open_page):
    at = open_page(COMPARE, outcome="falls", pool=[ODD_ID, "CT-02"])
    assert "CT-02" in _notices(at)
    assert any("uploads stay in the browser session" in i.value for i in at.info)
    assert at.multiselect(key="cmp_pool").value == []


def test_no_absolute_numbers_until_a_baseline_is_stated(open_page):
    # A ratio says nothing about how common the outcome is: the page never assumes a baseline.
    at = open_page(COMPARE, outcome="falls", pool=["FA-03", "FA-04"])
    assert not at.exception
    assert at.text_input(key="cmp_baseline").value == ""
    assert len(_figures(at)) == 3  # estimates, forest, phone forest: no icon array
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "enter a baseline risk" in infos
    assert "No baseline stated" in " ".join(c.value for c in at.caption)
    at.text_input(key="cmp_baseline").input("5%").run()
    assert _url(at, "baseline") == ["50"]
    icons = _figures(at)[3]
    title = icons["layout"]["title"]["text"].replace("<br>", " ")
    assert title == "Out of 100 people at your baseline risk (50 per 1,000)"
    legend = " ".join(a["text"].strip() for a in icons["layout"]["annotations"])
    assert "The baseline, 50 per 1,000, is yours: not from a source." in legend
    words = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert (
        "at the baseline you stated (not from a source): At a baseline risk of 50 per 1,000"
        in words
    )
    at.text_input(key="cmp_baseline").input("").run()  # cleared: gone again, and from the URL
    assert len(_figures(at)) == 3 and _url(at, "baseline") == []
