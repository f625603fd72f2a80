"""Compare and Evidence share outcome, age group and drug: the latest choice wins.

Each step follows the sidebar's own page link, as a reader does, so the test checks what the
links carry as well as what the page then shows. The links are drawn after the page's view is
known, so they carry a change made in the same run.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

COMPARE, EVIDENCE = "pages/2_Compare.py", "pages/3_Evidence.py"


def sidebar_link(at: AppTest, label: str) -> dict[str, list[str]]:
    (link,) = [e for e in at.sidebar if e.type == "page_link" and e.proto.label == label]
    return parse_qs(link.proto.query_string)


def follow(at: AppTest, label: str, page: str) -> AppTest:
    """Click the sidebar link ``label``: the URL becomes what it carries, on ``page``."""
    query = sidebar_link(at, label)
    for key in list(at.query_params):
        del at.query_params[key]
    for key, values in query.items():
        at.query_params[key] = values
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_an_outcome_chosen_on_compare_is_the_evidence_filter(open_page):
    at = open_page(COMPARE)
    at.selectbox(key="cmp_outcome").set_value("fracture").run()
    # The link drawn in this very run already carries it (the links are drawn last).
    assert sidebar_link(at, "Evidence")["outcome"] == ["fracture"]
    assert sidebar_link(at, "Compare")["outcome"] == ["fracture"]
    follow(at, "Evidence", EVIDENCE)
    assert at.multiselect(key="ev_outcome_category").value == ["fracture"]
    assert at.query_params.get("outcome") in ("fracture", ["fracture"])


def test_a_drug_chosen_on_evidence_is_the_compare_filter_and_clearing_it_is_shared(open_page):
    at = open_page(COMPARE)
    at.selectbox(key="cmp_outcome").set_value("fracture").run()
    follow(at, "Evidence", EVIDENCE)
    at.multiselect(key="ev_drug").select("SSRIs").run()
    follow(at, "Compare", COMPARE)
    assert at.multiselect(key="cmp_drug").value == ["SSRIs"]
    assert at.selectbox(key="cmp_outcome").value == "fracture"
    at.multiselect(key="cmp_drug").unselect("SSRIs").run()
    assert "drug" not in sidebar_link(at, "Evidence")
    follow(at, "Evidence", EVIDENCE)
    assert at.multiselect(key="ev_drug").value == []
    assert at.multiselect(key="ev_outcome_category").value == ["fracture"]


def test_several_outcomes_on_evidence_leave_compare_its_own_and_survive_a_visit(open_page):
    at = open_page(COMPARE)
    at.selectbox(key="cmp_outcome").set_value("fracture").run()
    follow(at, "Evidence", EVIDENCE)
    at.multiselect(key="ev_outcome_category").select("falls").run()
    both = at.multiselect(key="ev_outcome_category").value
    assert sorted(both) == ["falls", "fracture"]
    follow(at, "Compare", COMPARE)
    # Compare shows one outcome at a time: it keeps its own, and says why.
    assert at.selectbox(key="cmp_outcome").value == "fracture"
    assert any("one outcome at a time" in c.value for c in at.caption)
    at.session_state["cmp_panel"] = "Pooled result"
    at.run().selectbox(key="cmp_method").set_value("dl").run()  # a change of Compare's own
    follow(at, "Evidence", EVIDENCE)
    assert sorted(at.multiselect(key="ev_outcome_category").value) == ["falls", "fracture"]


def test_each_page_keeps_its_own_settings_beside_the_shared_ones(open_page):
    at = open_page(COMPARE, tab="pooled")
    at.selectbox(key="cmp_method").set_value("pm").run()
    follow(at, "Evidence", EVIDENCE)
    at.selectbox(key="ev_sort").set_value("drug").run()
    at.multiselect(key="ev_age_group").select("65+").run()
    follow(at, "Compare", COMPARE)
    assert at.selectbox(key="cmp_method").value == "pm"
    assert at.multiselect(key="cmp_age").value == ["65+"]
    follow(at, "Evidence", EVIDENCE)
    assert at.selectbox(key="ev_sort").value == "drug"
    assert at.multiselect(key="ev_age_group").value == ["65+"]


def test_a_shared_link_sets_the_filters_for_the_other_page(open_page):
    at = open_page(EVIDENCE, outcome=["fracture"], drug=["SSRIs"])
    assert at.multiselect(key="ev_drug").value == ["SSRIs"]
    link = sidebar_link(at, "Compare")
    assert link["outcome"] == ["fracture"] and link["drug"] == ["SSRIs"]
    follow(at, "Compare", COMPARE)
    assert at.selectbox(key="cmp_outcome").value == "fracture"
    assert at.multiselect(key="cmp_drug").value == ["SSRIs"]


def test_other_pages_links_carry_no_filters(open_page):
    at = open_page(COMPARE)
    at.selectbox(key="cmp_outcome").set_value("fracture").run()
    for label in ("Home", "Article", "Your files", "Review"):
        assert "outcome" not in sidebar_link(at, label)
