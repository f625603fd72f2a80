"""The article page: citation numbers, reference order, status badge, audiences."""

from __future__ import annotations

import json
import re

ARTICLE = "pages/1_Article.py"


def _html(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _captions(at) -> str:
    """Caption text as a reader sees it (Markdown escapes removed)."""
    return " ".join(c.value.replace("\\", "") for c in at.caption)


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_citations_are_numbered_in_order_of_first_appearance(open_page):
    at = open_page(ARTICLE, audience="clinician")
    assert not at.exception
    html = _html(at)
    numbers = [int(n) for n in re.findall(r'<a href="#ref-[^"]+" title="[^"]*">(\d+)</a>', html)]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen[:4] == [1, 2, 3, 4]
    assert first_seen == sorted(first_seen)
    assert 'href="#ref-ValiumLabel"' in html.split("</sup>")[0]
    # A repeated key keeps its number: Beers2023 is cited three times, always as 2.
    beers = re.findall(r'<a href="#ref-Beers2023" title="[^"]*">(\d+)</a>', html)
    assert len(beers) >= 2 and set(beers) == {"2"}


def test_reference_list_is_grouped_and_keeps_citation_numbers(open_page):
    at = open_page(ARTICLE, audience="clinician")
    html = _html(at)
    items = re.findall(r'<li id="ref-([^"]+)" value="(\d+)">', html)
    assert len(items) == 25
    groups = re.findall(r'<p class="reference-group"><strong>([^<]+)</strong>', html)
    assert groups == [
        "Research studies",
        "Reviews and meta-analyses",
        "Guidelines",
        "Drug labels and prescribing references",
    ]
    numbers = {key: int(n) for key, n in items}
    assert numbers["ValiumLabel"] == 1 and numbers["Beers2023"] == 2
    assert sorted(numbers.values()) == list(range(1, 26))


def test_status_badge_date_and_disclaimer(open_page):
    at = open_page(ARTICLE)
    assert any("gray-badge[Submitted]" in m.value for m in at.markdown)
    assert "2026-11-26" in _captions(at)
    assert any("not medical advice" in w.value for w in at.warning)


def test_audience_changes_text_and_chart_type(open_page):
    clinician = open_page(ARTICLE, audience="clinician", claim="falls")
    charts = _charts(clinician)
    assert charts and charts[0]["layout"]["xaxis"]["type"] == "log"
    assert "In short" not in _html(clinician)

    patient = open_page(ARTICLE, audience="patient", claim="falls")
    assert not patient.exception
    html = _html(patient)
    assert "In short" in html and "Practical points" not in html
    titles = [c["layout"]["title"]["text"] for c in _charts(patient)]
    assert any(t.startswith("Out of 100 people") for t in titles)
    assert all(c["layout"]["xaxis"].get("type") != "log" for c in _charts(patient))
    sentences = [
        m.value for m in patient.markdown if m.value.startswith("- If about 10 out of 100")
    ]
    assert sentences, "patients see natural frequencies at the stated baseline risk"

    student = open_page(ARTICLE, audience="student", claim="falls")
    layouts = [c["layout"] for c in _charts(student)]
    assert any(layout["xaxis"].get("type") == "log" for layout in layouts)
    assert any(layout["title"]["text"].startswith("Out of 100") for layout in layouts)
    assert "Odds ratio:" in _captions(student)


def test_switching_the_claim_switches_the_chart(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    before = _charts(at)[0]["layout"]["title"]["text"]
    at.selectbox(key="claim_select").select("fractures").run()
    after = _charts(at)[0]["layout"]["title"]["text"]
    assert before == "Falls in older adults" and after == "Hip and other fractures"
    assert at.query_params["claim"] == ["fractures"] or at.query_params["claim"] == "fractures"


def test_chart_text_and_table_show_the_same_numbers(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    captions = _captions(at)
    for figure in ("OR 1.41; 95% CrI 1.20 to 1.71", "OR 1.81; 95% CI 1.05 to 3.16"):
        assert figure in captions
    table = at.dataframe[0].value
    assert "OR 1.42; 95% CI 1.22 to 1.65" in set(table["estimate [CI]"])


def test_reference_style_switches_to_vancouver(open_page):
    at = open_page(ARTICLE, style="vancouver")
    html = _html(at)
    assert "Arch Intern Med. 2004;164(14):1567-72." in html


def test_the_sidebar_audience_radio_wins_over_the_url(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    at.radio(key="sidebar_audience").set_value("patient").run()
    assert at.query_params["audience"] in ("patient", ["patient"])
    assert "In short" in _html(at)
    at.run()  # a plain rerun keeps the choice
    assert at.radio(key="sidebar_audience").value == "patient"
