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


def _open(at, key: str, value: object = True):
    """Open a tab (its label), the rows table or a download menu, as a click would."""
    at.session_state[key] = value
    return at.run()


def _rows(at):
    """The rows table, drawn once its expander is open."""
    return _open(at, "cmp-rows").dataframe[0].value


POOLED, ABSOLUTE = "Pooled result", "Absolute effect"


def test_url_filters_open_the_same_view(open_page):
    at = open_page(COMPARE, outcome="fracture", age="65+")
    assert not at.exception
    assert list(_rows(at)["id"]) == ["IN-07"]
    assert at.selectbox(key="cmp_outcome").value == "fracture"
    assert at.multiselect(key="cmp_age").value == ["65+"]


def test_changing_a_filter_updates_chart_rows_and_url(open_page):
    at = open_page(COMPARE, outcome="falls")
    assert len(_rows(at)) == 6
    at.multiselect(key="cmp_drug").set_value(["SSRIs"]).run()
    assert list(at.dataframe[0].value["id"]) == ["FA-05"]  # the table stays open
    assert _url(at, "drug") == ["SSRIs"]
    assert "FA-05" in _figures(at)[0]["layout"]["annotations"][1]["text"]


def test_consecutive_changes_of_one_control_all_stick(open_page):
    at = open_page(COMPARE, outcome="falls", tab="pooled")
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
    at = open_page(
        COMPARE, outcome="falls", method="magic", drug=["No such drug"], level="97", tab="pooled"
    )
    assert not at.exception
    notices = _notices(at)
    assert "magic" in notices and "No such drug" in notices and "97" in notices
    assert at.selectbox(key="cmp_method").value == "reml"


def test_percent_and_comma_baselines_are_read_or_refused(open_page):
    at = open_page(COMPARE, outcome="falls", absolute="FA-02", tab="absolute")
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
        COMPARE,
        outcome="falls",
        pool=["FA-03", "FA-04"],
        absolute="FA-02",
        baseline="100",
        tab="pooled",
    )
    assert not at.exception
    (wide,) = (f["layout"]["title"]["text"] for f in _figures(at))  # one layout is sent
    assert wide == "Falls: Pooled OR · REML random effects · k = 2"
    at.session_state["page-viewport"] = {"narrow": True}  # as a phone's page reports
    (stacked,) = (f["layout"]["title"]["text"] for f in _figures(at.run()))
    assert stacked != wide and stacked.replace("<br>", " ") == wide  # the phone layout wraps it
    at.session_state["page-viewport"] = {"narrow": False}
    at.run()
    infos = " ".join(i.value for i in at.info)
    assert "meta\\-analyses" in infos or "meta-analyses" in infos
    ninety_five = json.dumps(_figures(at)[0])
    at.radio(key="cmp_level").set_value(90).run()
    assert _url(at, "level") == ["90"]
    assert json.dumps(_figures(at)[0]) != ninety_five and "90%" in json.dumps(_figures(at)[0])
    at.radio(key="cmp_zeros").set_value("keep").run()
    assert _url(at, "zeros") == ["keep"]
    assert not at.get("download_button")  # offered once the menu is opened
    labels = [b.proto.label for b in _open(at, "cmp-downloads-pooled").get("download_button")]
    assert "Pooled result (CSV)" in labels
    icons = _figures(_open(at, "cmp_panel", ABSOLUTE))
    assert len(icons) == 1
    title = icons[0]["layout"]["title"]["text"].replace("<br>", " ")
    assert title.startswith("Out of 100 people at your baseline risk")


def test_a_single_row_to_pool_says_why_nothing_is_pooled(open_page):
    at = open_page(COMPARE, outcome="falls", pool=["FA-03"], tab="pooled")
    infos = " ".join(i.value for i in at.info)
    assert "Only one row is chosen" in infos and "at least two" in infos


def test_image_downloads_are_disabled_with_a_reason_when_no_browser(open_page, monkeypatch):
    import evidence_dashboard.ui.downloads as downloads

    monkeypatch.setattr(downloads, "image_export_available", lambda: False)
    at = _open(open_page(COMPARE, outcome="falls"), "cmp-downloads-estimates")
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
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "arm counts only" in infos  # said beside the chart they are missing from
    _open(at, "cmp_panel", POOLED)
    assert at.multiselect(key="cmp_pool").value == [ODD_ID, "CT-02", "CT-03"]
    assert _url(at, "pool") == [ODD_ID, "CT-02", "CT-03"]
    notes = " ".join(c.value for c in at.caption).replace("\\", "")
    assert (
        "double-zero study dropped" in notes
        and "k = 2" in _figures(at)[0]["layout"]["title"]["text"]
    )
    at.radio(key="cmp_zeros").set_value("keep").run()
    notes = " ".join(c.value for c in at.caption).replace("\\", "")
    assert (
        "double-zero study kept" in notes and "k = 3" in _figures(at)[0]["layout"]["title"]["text"]
    )


def test_a_single_risk_difference_row_and_its_digits():
    at = _with_upload(
        "counts_rd.csv", outcome="falls", pool=["RD-01"], absolute="RD-01", tab="pooled"
    )
    assert not at.exception, at.exception
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "Only one row is chosen (RD-01, RD)" in infos
    _open(at, "cmp_panel", "Estimates")
    table = next(d.value for d in _open(at, "cmp-rows").dataframe if "figure" in d.value.columns)
    figure = table.loc[table["id"] == "RD-01", "figure"].iloc[0]
    assert "-0.0071" in figure.replace("−", "-") and "-0.00 " not in figure


def test_a_link_to_rows_a_reload_lost_says_uploads_are_gone(open_page):
    at = open_page(COMPARE, outcome="falls", pool=[ODD_ID, "CT-02"], tab="pooled")
    assert "CT-02" in _notices(at)
    assert any("uploads stay in the browser session" in i.value for i in at.info)
    assert at.multiselect(key="cmp_pool").value == []


def test_no_absolute_numbers_until_a_baseline_is_stated(open_page):
    # A ratio says nothing about how common the outcome is: the page never assumes a baseline.
    at = open_page(COMPARE, outcome="falls", pool=["FA-03", "FA-04"], tab="absolute")
    assert not at.exception
    assert at.text_input(key="cmp_baseline").value == ""
    assert not _figures(at)  # no icon array
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "enter a baseline risk" in infos
    assert "No baseline stated" in " ".join(c.value for c in at.caption)
    at.text_input(key="cmp_baseline").input("5%").run()
    assert _url(at, "baseline") == ["50"]
    icons = _figures(at)[0]
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
    assert not _figures(at) and _url(at, "baseline") == []


def test_a_link_opens_one_tab_and_draws_only_that_tab(open_page):
    at = open_page(COMPARE, outcome="falls", pool=["FA-03", "FA-04"])
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Estimates", POOLED, ABSOLUTE]
    assert len(_figures(at)) == 1  # the estimates chart; the forest plot waits for its tab
    assert not [w for w in at.selectbox if w.key == "cmp_method"]
    summary = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Pooled OR 1.38 (95% CI 1.03 to 1.84) · REML random effects · k = 2" in summary
    _open(at, "cmp_panel", POOLED)
    assert _url(at, "tab") == ["pooled"] and len(_figures(at)) == 1  # the forest plot, one layout
    again = open_page(COMPARE, **{k: _url(at, k) for k in ("pool", "tab")}, outcome="falls")
    assert _figures(again)[0]["layout"]["title"]["text"].startswith("Falls: Pooled")


def test_settings_on_a_tab_not_shown_are_kept_while_other_things_change(open_page):
    at = open_page(COMPARE, outcome="falls", pool=["FA-03", "FA-04"], tab="pooled")
    at.selectbox(key="cmp_method").select("dl").run()
    at.radio(key="cmp_level").set_value(99).run()
    _open(at, "cmp_panel", ABSOLUTE)
    at.text_input(key="cmp_baseline").input("30").run()
    _open(at, "cmp_panel", "Estimates")
    at.multiselect(key="cmp_measure").set_value(["OR"]).run()  # the pooled rows stay shown
    at.multiselect(key="cmp_measure").set_value([]).run()
    assert _url(at, "method") == ["dl"] and _url(at, "level") == ["99"]
    assert _url(at, "baseline") == ["30"]
    _open(at, "cmp_panel", POOLED)
    assert at.selectbox(key="cmp_method").value == "dl" and at.radio(key="cmp_level").value == 99
    assert at.multiselect(key="cmp_pool").value == ["FA-03", "FA-04"]
    _open(at, "cmp_panel", ABSOLUTE)
    assert at.text_input(key="cmp_baseline").value == "30"
