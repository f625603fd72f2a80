"""The Compare page in AppTest: filters from the URL, filter changes back into it, pooling."""

from __future__ import annotations

import json

COMPARE = "pages/2_Compare.py"


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_url_filters_open_the_same_view(open_page):
    at = open_page(COMPARE, outcome="fracture", age="65+")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["id"]) == ["IN-07"]
    assert at.query_params["outcome"] in ("fracture", ["fracture"])


def test_changing_a_filter_updates_chart_rows_and_url(open_page):
    at = open_page(COMPARE, outcome="falls")
    assert len(at.dataframe[0].value) == 6
    at.multiselect[2].set_value(["SSRIs"]).run()  # Drugs
    assert list(at.dataframe[0].value["id"]) == ["FA-05"]
    query = at.query_params["drugs"]
    assert query in ("SSRIs", ["SSRIs"])
    assert "FA-05" in _figures(at)[0]["layout"]["annotations"][1]["text"]


def test_pooling_and_absolute_view(open_page):
    at = open_page(COMPARE, outcome="falls", pool="FA-03,FA-04", method="reml", absolute="FA-02")
    assert not at.exception
    titles = [f["layout"]["title"]["text"] for f in _figures(at)]
    assert titles[1] == "Pooled: falls"
    assert titles[2].startswith("Out of 100 people")
    infos = " ".join(i.value for i in at.info)
    assert "meta\\-analyses" in infos or "meta-analyses" in infos
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Rows (CSV)", "Chart (PNG)", "Chart (SVG)", "Chart (HTML)"]


def test_image_downloads_are_disabled_with_a_reason_when_no_browser(open_page, monkeypatch):
    import evidence_dashboard.ui.downloads as downloads

    monkeypatch.setattr(downloads, "image_export_available", lambda: False)
    at = open_page(COMPARE, outcome="falls")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons["Chart (PNG)"].disabled and buttons["Chart (SVG)"].disabled
    assert "Chromium" in buttons["Chart (PNG)"].help
    assert not buttons["Rows (CSV)"].disabled and not buttons["Chart (HTML)"].disabled
