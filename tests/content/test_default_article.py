"""The shipped article: clean, traceable, and right where popular summaries are wrong."""

from __future__ import annotations

import re

import pytest

from evidence_dashboard.content.articles import VALUE_TOKEN
from evidence_dashboard.content.library import load_library
from evidence_dashboard.views.rendering import render_article


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def article(library):
    return library.article("diazepam-anxiety-spasm")


def _row(library, row_id):
    return library.evidence.set_index("id").loc[row_id]


def test_loads_without_any_problem(library, article):
    assert article is not None
    # Only the located gap warnings of references the verified sources cannot complete
    # (no initials, no year, no access date: issues 11 and 17) may remain.
    assert library.errors == ()
    assert {p.column for p in library.problems} <= {"author", "year", "urldate"}
    assert len(library.evidence) == 45 and len(library.references) == 25


def test_every_evidence_row_is_used_by_a_claim(library, article):
    assert set(article.evidence_ids) == set(library.evidence["id"])


def test_no_figure_is_typed_by_hand(article):
    """Decimals come only from {{ID}} tokens, so prose and table can never disagree."""
    for block in article.blocks:
        prose = VALUE_TOKEN.sub("", block.text)
        assert not re.findall(r"\d+\.\d+", prose), block.text


def test_every_token_renders_the_rows_own_figures(library, article):
    for audience in ("clinician", "student", "patient"):
        blocks, _ = render_article(article, audience, library.references, library.evidence)
        html = "".join(b.html for b in blocks)
        assert "evidence-value missing" not in html
        assert "citation-missing" not in html
    blocks, _ = render_article(article, "clinician", library.references, library.evidence)
    html = "".join(b.html for b in blocks)
    assert "OR 1.81; 95% CI 1.05 to 3.16" in html  # FA-03, long-acting benzodiazepines
    assert "RR 2.04; 95% CI 1.23 to 3.37" in html  # MR-02


def test_muscle_relaxant_class_figures_are_not_labelled_as_older_adult_benzodiazepine_data(
    library, article
):
    for row_id in ("MR-01", "MR-02"):
        row = _row(library, row_id)
        assert row["drug"] == "muscle relaxants (class)"
        assert row["age_group"] == "adults"
        assert "low back pain" in row["population"]
    claim = next(c for c in article.claims if c.claim_id == "muscle-relaxant-class")
    words = " ".join(claim.text.replace("*", "").split())
    assert "muscle relaxants as a class" in words and "adults with low back pain" in words


def test_paradoxical_reactions_are_uncommon_not_ten_percent(library, article):
    row = _row(library, "PR-01")
    assert (row["estimate_text"], row["bound"]) == ("1", "upper")
    claim = next(c for c in article.claims if c.claim_id == "paradoxical")
    assert "do not support" in " ".join(claim.text.split())


def test_older_adult_dose_differs_from_adult_dose(library):
    assert "2 to 2.5 mg once or twice a day" in _row(library, "DO-05")["statement"]
    assert "2 to 10 mg" in _row(library, "DO-03")["statement"]
    assert "SECONDARY" in _row(library, "DO-05")["note"]


def test_baclofen_is_off_label_with_mixed_injury_evidence(library, article):
    assert "off-label" in _row(library, "DO-06")["note"]
    claim = next(c for c in article.claims if c.claim_id == "baclofen")
    words = " ".join(claim.text.split())
    assert "off-label" in words and "mixed" in words
    assert _row(library, "IN-06")["ci_low_text"] == "0.93"  # no clear difference in falls
    assert "SECONDARY" in _row(library, "IN-04")["note"]


def test_ssris_are_not_shown_as_fall_or_fracture_neutral(library):
    assert _row(library, "FA-05")["estimate_text"] == "2.02"
    assert _row(library, "FX-07")["estimate_text"] == "1.67"


def test_glass_figures_use_the_consistent_values(library):
    assert _row(library, "BZ-02")["estimate_text"] == "2.25"  # not the abstract's 2.61
    assert _row(library, "BZ-03")["estimate_text"] == "3.82"  # not a summary's 5.82
