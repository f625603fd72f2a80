"""The article page: one document, evidence under each claim, citation order, audiences, slides."""

from __future__ import annotations

import json
import re

from evidence_dashboard.content.library import load_library
from evidence_dashboard.views.article import PATIENT_DISCLAIMER

ARTICLE = "pages/1_Article.py"
# The shipped article as the library reads it: its claims' titles, in reading order.
CLAIM_TITLES = [c.claim_title for c in load_library().articles[0].claims]
# What a patient must never be shown: ratios, intervals, statistical terms.
TECHNICAL = re.compile(
    r"(?-i:\b(OR|RR|HR|IRR|SHR|NNTH|CI|CrI)\b)|confiden|credible|odds|ratio|meta-analy|Bayesian"
    r"|interval|p-value|heterogeneity",
    re.IGNORECASE,
)


def _html(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _captions(at) -> str:
    """Caption text as a reader sees it (Markdown escapes removed)."""
    return " ".join(c.value.replace("\\", "") for c in at.caption)


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _reader_text(at) -> str:
    """What a reader reads on the page outside the reference list (titles are the sources'
    own words), tags and Markdown escapes removed."""
    parts = [m.value for m in at.markdown if 'class="references"' not in m.value]
    parts += [c.value for c in at.caption]
    parts += [e.label for e in at.expander] + [w.value for w in at.warning]
    parts += [c["layout"]["title"]["text"] for c in _charts(at)]
    return re.sub(r"<[^>]+>", " ", " ".join(parts)).replace("\\", "")


def test_citations_are_numbered_in_order_of_first_appearance(open_page):
    at = open_page(ARTICLE, audience="clinician")
    assert not at.exception
    html = _html(at)
    numbers = [int(n) for n in re.findall(r'<a href="#ref-[^"]+" title="[^"]*">(\d+)</a>', html)]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen[:4] == [1, 2, 3, 4]
    assert first_seen == sorted(first_seen)
    assert 'href="#ref-ValiumLabel"' in html.split("</sup>")[0]
    beers = re.findall(r'<a href="#ref-Beers2023" title="[^"]*">(\d+)</a>', html)
    assert len(beers) >= 2 and len(set(beers)) == 1


def test_reference_list_is_complete_and_in_citation_order(open_page):
    at = open_page(ARTICLE, audience="clinician")
    html = _html(at)
    items = re.findall(r'<li id="ref-([^"]+)" value="(\d+)">', html)
    numbers = [int(n) for _, n in items]
    cited = list(dict.fromkeys(re.findall(r'<a href="#ref-([^"]+)"', html)))
    assert numbers == list(range(1, len(cited) + 1)), "numbered 1..N, in that order"
    assert [key for key, _ in items] == cited, "every cited reference, in citation order"
    labels = re.findall(r'<span class="ref-type">([^<]+)</span>', html)
    assert len(labels) == len(items) and "Guideline" in labels


def test_header_shows_status_date_version_and_the_audience_disclaimer(open_page):
    at = open_page(ARTICLE)
    # The computed status (no sign-off recorded: submitted), never the front matter's request.
    assert any("gray-badge[Submitted]" in m.value for m in at.markdown)
    captions = _captions(at)
    assert re.search(r"Review status: Submitted.* version [0-9a-f]{12}", captions)
    assert any("health professionals" in w.value for w in at.warning)
    patient = open_page(ARTICLE, audience="patient")
    warnings = " ".join(w.value.replace("\\", "") for w in patient.warning)
    # The article's own patient wording, never the professionals' text.
    assert "explains published research in plain words" in warnings
    assert "health professionals" not in warnings


def test_an_article_with_one_disclaimer_gets_plain_words_for_patients():
    from evidence_dashboard.content.articles import parse_article
    from evidence_dashboard.views.article import audience_disclaimer

    text = "---\nslug: a\ntitle: T\nquestion: Q?\nstatus: submitted\nupdated: 2026-11-30\n"
    text += "audiences: [clinician, patient]\ndisclaimer: For health professionals.\n---\nBody.\n"
    article = parse_article(text, "a.md")
    assert audience_disclaimer(article, "clinician") == "For health professionals."
    assert audience_disclaimer(article, "patient") == PATIENT_DISCLAIMER


def test_each_claim_has_its_evidence_card_under_it_and_the_linked_one_is_open(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    cards = [e for e in at.expander if e.label.startswith("Evidence for this claim")]
    titles = [c.label.split(": ", 1)[1].replace("\\", "") for c in cards]
    assert titles == CLAIM_TITLES
    assert "Falls in older adults" in titles
    opened = [c for c in cards if c.proto.expanded]
    assert [c.label.split(": ", 1)[1].replace("\\", "") for c in opened] == [
        "Falls in older adults"
    ]
    falls = cards[titles.index("Falls in older adults")]
    falls_charts = [json.loads(c.proto.spec) for c in falls.get("plotly_chart")]
    assert falls_charts[0]["layout"]["title"]["text"] == "Falls in older adults"
    assert falls_charts[0]["layout"]["xaxis"]["type"] == "log"


def test_patients_read_their_own_text_with_no_ratio_or_statistical_term(open_page):
    clinician = open_page(ARTICLE, audience="clinician")
    assert TECHNICAL.search(_reader_text(clinician))
    patient = open_page(ARTICLE, audience="patient")
    assert not patient.exception
    text = _reader_text(patient)
    assert not TECHNICAL.search(text), TECHNICAL.search(text)
    assert "In short" in text and "Practical points" not in text
    titles = [c["layout"]["title"]["text"] for c in _charts(patient)]
    assert titles and all(t.startswith("Out of 100 people") for t in titles)
    # No made-up baseline: ratio rows with no sourced baseline give no "out of 100" sentence.
    assert "If about 10 out of 100" not in text


def test_students_get_both_charts_and_the_measure_explained(open_page):
    student = open_page(ARTICLE, audience="student")
    layouts = [c["layout"] for c in _charts(student)]
    assert any(layout["xaxis"].get("type") == "log" for layout in layouts)
    assert any(layout["title"]["text"].startswith("Out of 100") for layout in layouts)
    assert "Odds ratio:" in _captions(student)


def test_a_presenter_baseline_is_marked_as_theirs(open_page):
    at = open_page(ARTICLE, audience="student", claim="falls")
    at.number_input(key="presenter_baseline").set_value(20.0).run()
    assert not at.exception
    shown = " ".join(i.value for i in at.info) + _captions(at)
    assert "Baseline set by the presenter: 20 in 100" in shown.replace("\\", "")
    sentences = [m.value for m in at.markdown if "Out of 100 people like those studied" in m.value]
    assert sentences, "ratio rows are framed at the presenter's baseline"


def test_chart_text_and_table_show_the_same_numbers(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    captions = _captions(at)
    for figure in ("OR 1.41; 95% CrI 1.20 to 1.71", "OR 1.81; 95% CI 1.05 to 3.16"):
        assert figure in captions
    assert not at.dataframe, "the tables are drawn only once their expander is opened"
    for key in [k for k in at.session_state if str(k).endswith("-numbers")]:
        at.session_state[key] = True  # open each "Numbers behind this chart", as a click does
    tables = [d.value for d in at.run().dataframe if "estimate [CI]" in d.value]
    assert any("OR 1.42; 95% CI 1.22 to 1.65" in set(t["estimate [CI]"]) for t in tables)


def test_reference_style_switches_to_vancouver(open_page):
    at = open_page(ARTICLE, style="vancouver")
    assert "Arch Intern Med. 2004;164(14):1567-72." in _html(at)


def test_the_sidebar_audience_radio_wins_over_the_url(open_page):
    at = open_page(ARTICLE, audience="clinician", claim="falls")
    at.radio(key="sidebar_audience").set_value("patient").run()
    assert at.query_params["audience"] in ("patient", ["patient"])
    assert "In short" in _html(at)
    at.run()  # a plain rerun keeps the choice
    assert at.radio(key="sidebar_audience").value == "patient"


def test_presentation_mode_steps_through_every_claim(open_page):
    at = open_page(ARTICLE, audience="clinician", present="1")
    assert not at.exception
    counter = [m.value for m in at.markdown if m.value.startswith("**Slide ")]
    total = int(re.search(r"of (\d+)", counter[0]).group(1))
    assert counter[0] == f"**Slide 1 of {total}**" and total == len(CLAIM_TITLES) + 2
    seen = []
    for _ in range(total - 1):
        at.button(key="deck-next").click().run()
        seen.append(next(m.value for m in at.markdown if m.value.startswith("## ")))
    assert [t.replace("\\", "") for t in seen] == [f"## {t}" for t in CLAIM_TITLES] + [
        "## References"
    ]
    assert at.button(key="deck-next").disabled
    assert at.query_params["slide"] in (str(total), [str(total)])
    at.button(key="deck-first").click().run()
    assert any(m.value == f"**Slide 1 of {total}**" for m in at.markdown)
