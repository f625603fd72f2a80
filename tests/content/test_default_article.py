"""The shipped articles: clean, traceable, safe to sign off, and right where summaries are wrong.

Each test pins one point of the board's review (issue 15): boxed warnings, contraindications,
benefit, the questions before prescribing, duration and tapering, Beers wording, provenance,
design labels, patient text, the new kinds of row and the second article.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from evidence_dashboard import schema
from evidence_dashboard.charts.style import proportion_rows, ratio_rows
from evidence_dashboard.content.articles import VALUE_TOKEN
from evidence_dashboard.content.citations import CitationNumbering
from evidence_dashboard.content.library import load_library
from evidence_dashboard.views.rendering import render_markdown

MAIN = "diazepam-anxiety-spasm"
SECOND = "muscle-relaxant-older-adults"
ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
CITED_KEY = re.compile(r"@([A-Za-z0-9_]+)")
# Fields a patient text may quote: arm percentages, baseline figures and their labels.
PATIENT_FIELDS = {"percent_treatment", "percent_control", "estimate", "per", "period", "population"}
STATISTICAL_TERMS = re.compile(
    r"(?i:\b(ratio|odds|hazard|interval|confidence|credible|Hedges|meta-analys\w*|statistic\w*|"
    r"significan\w*|relative risk|Bayesian|cohort|case-control|observational|incidence|baseline|"
    r"placebo|adjusted|standardi[sz]ed)\b)|\b(CI|CrI|RR|OR|HR|IRR|SHR|NNTH?|SMD|MD|P ?[=<])\b|%"
)
CAUSAL = re.compile(r"\b(caus\w*|rais\w*|increas\w*|leads? to|led to|results? in|doubl\w*)\b", re.I)


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def evidence(library):
    return library.evidence.set_index("id")


@pytest.fixture(scope="module")
def main(library):
    return library.article(MAIN)


@pytest.fixture(scope="module")
def second(library):
    return library.article(SECOND)


def _claim(article, claim_id):
    return next(c for c in article.claims if c.claim_id == claim_id)


def _words(text: str) -> str:
    return " ".join(text.replace("*", "").split())


_RENDERED: dict[tuple[str, str], str] = {}


def _rendered(library, article, audience: str) -> str:
    """What the audience reads (its own versions), with every {{ID}} token rendered (cached)."""
    key = (article.slug, audience)
    if key not in _RENDERED:
        _RENDERED[key] = _render(library, article, audience)
    return _RENDERED[key]


def _render(library, article, audience: str) -> str:
    texts = [b.text_for(audience) for b in article.blocks if b.visible_to(audience)]
    numbering = CitationNumbering.from_texts(texts, known=library.references.keys())
    html = "".join(
        render_markdown(text, numbering, library.references, library.evidence) for text in texts
    )
    assert "evidence-value missing" not in html and "citation-missing" not in html
    return html


def _all_claims(library):
    return [(a, c) for a in library.articles for c in a.claims]


def _texts(block):
    """(audience, text): the default text is the clinician's (and any audience without a version)."""
    return [("default", block.text), *block.versions.items()]


def _tokens(text: str) -> list[tuple[str, str | None]]:
    return [(m.group("id"), m.group("field")) for m in VALUE_TOKEN.finditer(text)]


# --------------------------------------------------------------------------- clean and traceable


def test_loads_without_any_problem(library, main, second):
    assert main is not None and second is not None
    # Only the located gap warnings of references the verified sources cannot complete
    # (no initials, no year, no access date) may remain: nothing unverified is filled in.
    assert library.errors == ()
    assert {p.column for p in library.problems} <= {"author", "year", "urldate"}
    with (ROOT / "data" / "evidence" / f"{MAIN}.csv").open(newline="") as handle:
        assert len(library.evidence) == sum(1 for _ in csv.DictReader(handle)) == 107
    assert len(library.references) == 64
    # Status is the author's request; only the review workflow can compute "under review".
    assert main.status == second.status == "submitted"


def test_every_evidence_row_is_used_by_a_claim(library):
    used = {row_id for article in library.articles for row_id in article.evidence_ids}
    assert used == set(library.evidence["id"])


def test_the_two_articles_share_rows_so_one_edit_changes_both(library, main, second):
    shared = set(main.evidence_ids) & set(second.evidence_ids)
    assert len(shared) >= 20
    citing = library.citing_articles()
    assert all(set(citing[row_id]) == {MAIN, SECOND} for row_id in shared)
    assert {"GL-02", "BE-18", "IN-04", "BR-01", "DO-06"} <= shared


def test_no_figure_is_typed_by_hand(library, evidence):
    """Every number in prose is a token or appears in the claim's own rows (or is 'in 100')."""
    fields = ["statement", "population", "outcome", "drug", "comparator", "note", "period"]
    fields += ["scale", "locator"]
    for article, claim in _all_claims(library):
        rows = evidence.loc[list(claim.evidence_ids)]
        source = " ".join(" ".join(rows[f]) for f in fields) + " " + (claim.claim_title or "")
        for _, text in _texts(claim):
            assert {row_id for row_id, _ in _tokens(text)} <= set(claim.evidence_ids), (
                article.slug,
                claim.claim_id,
            )
            prose = CITATION.sub("", VALUE_TOKEN.sub("", text))
            assert not re.findall(r"\d+\.\d+", prose), (claim.claim_id, text)
            for number in re.findall(r"\d+", re.sub(r"\bin\s+(every\s+)?100\b", "", prose)):
                assert re.search(rf"(?<!\d){number}(?!\d)", source), (claim.claim_id, number)


def test_every_token_renders_the_rows_own_figures(library, main):
    for article in library.articles:
        for audience in ("clinician", "student", "patient"):
            _rendered(library, article, audience)
    html = _rendered(library, main, "clinician")
    assert "OR 1.81; 95% CI 1.05 to 3.16" in html  # FA-03, long-acting benzodiazepines
    assert "RR 2.04; 95% CI 1.23 to 3.37" in html  # MR-02
    assert "27.6" in html and "1 year (2020)" in html  # BR-01 and its period
    assert "27.6% over 1 year (2020)" in _rendered(library, main, "student")  # BR-01, period


def test_every_row_says_where_it_was_read_and_secondary_pages_are_in_the_bibliography(
    library, evidence
):
    assert (evidence["read_at"] != "").all()
    keys = set(library.references)
    for row_id, row in evidence.iterrows():
        read_at = row["read_at"]
        assert read_at.startswith(("http://", "https://")) or read_at in keys, row_id
    for key in ("EBMGMuscleRelaxantsLBP", "InpharmDBeersSummary", "UMEMFriedman2017"):
        assert key in keys and key in set(evidence["read_at"])


def test_unverified_bibliography_fields_are_left_out_not_invented(library):
    refs = library.references
    # Only the first author of Rickels 1983 is verified: "Rickels and others", nothing added.
    first, rest = refs["Rickels1983"].authors
    assert (first.last, first.first, rest.is_others) == ("Rickels", "", True)
    for key in ("GoaWard1986", "BZDGADHeterogeneity", "GADPharmacotherapyMetaAnalysis2005"):
        assert not refs[key].authors, key
    assert not refs["BZDGADHeterogeneity"].year


# --------------------------------------------------------------------------- 1. boxed warning


def test_boxed_warnings_and_interactions_are_stated(library, main, evidence):
    html = _words(_rendered(library, main, "clinician"))
    for phrase in (
        "profound sedation, respiratory depression, coma and death",
        "abuse, misuse and addiction",
        "physical dependence",
        "alcohol",
        "three or more CNS-active drugs",
        "baclofen",
        "Stop the failed cyclobenzaprine before starting anything serotonergic",
        "serotonin syndrome",
        "fluoxetine and fluvoxamine",
    ):
        assert phrase in html, phrase
    boxed = _claim(main, "boxed-warning")
    assert {"BW-01", "BW-02", "BW-03", "GL-03"} <= set(boxed.evidence_ids)
    assert {"GL-04", "GL-05", "DO-09", "DO-10"} <= set(_claim(main, "interactions").evidence_ids)
    assert "SSRIs" in evidence.loc["GL-05", "statement"]


# --------------------------------------------------------------------------- 2. who must not


def test_contraindications_and_special_populations(library, main):
    claim = _claim(main, "contraindications")
    assert {"CI-01", "CI-02", "CI-03", "CI-04", "CI-05"} <= set(claim.evidence_ids)
    html = _words(_rendered(library, main, "clinician"))
    for phrase in (
        "myasthenia gravis",
        "severe respiratory insufficiency",
        "severe hepatic insufficiency",
        "sleep apnoea",
        "acute narrow-angle glaucoma",
        "newborn",
        "breastfeeding",
        "kidney function",
    ):
        assert phrase in html, phrase
    assert "category D" not in html  # a retired US pregnancy category


# --------------------------------------------------------------------------- 3. benefit


def test_benefit_evidence_reshapes_the_bottom_line(main, evidence):
    bottom = _words(_claim(main, "bottom-line").text)
    assert "did no better than placebo" in bottom and "licence is not evidence" in bottom
    spasm = _claim(main, "benefit-spasm")
    assert {"BE-01", "BE-02", "BE-03", "GL-10"} <= set(spasm.evidence_ids)
    anxiety = _words(_claim(main, "benefit-anxiety").text)
    assert "indirect" in anxiety and "not first line" in _claim(main, "benefit-anxiety").claim_title
    assert "should not be called less effective" in anxiety
    assert evidence.loc["BE-02", "percent_treatment_text"] == "32"  # more pain, not less
    assert evidence.loc["BE-07", "measure"] == "SMD" and evidence.loc["BE-05", "measure"] == "NNT"


# --------------------------------------------------------------------------- 4. before prescribing


def test_questions_before_prescribing_and_the_plan_after(main):
    before = _words(_claim(main, "before-prescribing").text)
    assert "Was buspirone given a fair trial?" in before
    assert "musculoskeletal, or the muscle tension of anxiety" in before
    assert "psychological intervention" in before
    after = _words(_claim(main, "after-the-course").text)
    assert "stop date" in after and "sertraline" in after


# --------------------------------------------------------------------------- 5. duration


def test_two_to_four_weeks_is_attributed_to_the_uk_not_the_us_label(library, main, evidence):
    assert "2 to 4 weeks" in evidence.loc["TP-01", "statement"]
    for article in library.articles:
        for audience in ("clinician", "student", "patient"):
            for block in article.blocks:
                text = block.text_for(audience)
                rendered = VALUE_TOKEN.sub(
                    lambda m: (
                        evidence.loc[m.group("id"), "statement"]
                        if m.group("field") == "statement"
                        else ""
                    ),
                    text,
                )
                # The duration limit, not a taper's "every 2 to 4 weeks".
                if re.search(r"(?<!every )\b(2 to 4|two to four) weeks\b", rendered):
                    assert "UK" in rendered, (block.claim_id, audience)
    duration = _words(_claim(main, "duration").text)
    assert "UK advice, not part of the US label" in duration
    assert "beyond four months" in duration and "DO-02" in _claim(main, "duration").evidence_ids


def test_taper_after_any_regular_use_in_clinician_and_patient_text(main):
    taper = _claim(main, "tapering")
    assert "After regular use, stop by tapering, not abruptly" in _words(taper.text)
    assert "do not stop suddenly" in _words(taper.text_for("patient"))
    assert "within weeks" in _words(_claim(main, "dependence").text_for("patient"))


# --------------------------------------------------------------------------- 6. Beers wording


def test_beers_wording_best_avoided_and_no_unverified_exceptions(library, main, evidence):
    for article in library.articles:
        for block in article.blocks:
            for _, text in [("default", block.text), *block.versions.items()]:
                assert "altogether" not in text
                lowered = text.lower()
                for exception in ("may be appropriate", "seizure disorder", "severe generalized"):
                    assert exception not in lowered
    assert "best avoided in most circumstances" in _words(_claim(main, "bottom-line").text)
    assert "TP-09" not in set(evidence.index)  # the unverified long-term-use list is left out


# --------------------------------------------------------------------------- 7. provenance


def test_a_claim_on_a_secondary_row_says_so_where_it_is_read(library, evidence):
    secondary = set(evidence.index[evidence["note"].str.startswith("SECONDARY")])
    assert len(secondary) >= 25
    for article, claim in _all_claims(library):
        for audience, text in _texts(claim):
            cited = set(CITED_KEY.findall(" ".join(CITATION.findall(text))))
            resting = [
                row_id
                for row_id in set(claim.evidence_ids) & secondary
                if row_id in {t for t, _ in _tokens(text)}
                or evidence.loc[row_id, "source"] in cited
                or evidence.loc[row_id, "read_at"] in cited
            ]
            if not resting:
                continue
            if audience == "patient":
                assert re.search(r"summar|cop(y|ies)|news|interview", text), (
                    claim.claim_id,
                    resting,
                )
            else:
                assert "SECONDARY" in text, (article.slug, claim.claim_id, audience, resting)


# --------------------------------------------------------------------------- 8. design labels


def test_design_labels_tell_the_truth(main, evidence):
    assert evidence.loc["DP-01", "design"] == "within-trial comparison"
    assert schema.DESIGN_FAMILY["within-trial comparison"] != "randomized"
    assert "not randomised" in _words(_claim(main, "dependence").text)
    assert evidence.loc["BR-01", "design"] == "national survey"
    assert evidence.loc["BW-05", "design"] == "regulatory statement"


def test_observational_ratios_are_not_described_with_causal_verbs(library, evidence):
    family = evidence["design"].map(schema.DESIGN_FAMILY)
    for _, claim in _all_claims(library):
        rows = evidence.loc[list(claim.evidence_ids)]
        ratio = rows.loc[rows["measure"].isin(schema.RATIO_MEASURES)]
        # Claims whose ratios are all observational (falls, fractures, injuries, SSRIs).
        if ratio.empty or not (family.loc[ratio.index] == "observational").all():
            continue
        for _, text in _texts(claim):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if "not proof" in sentence:
                    continue  # "a link, not proof that the medicine caused ..."
                assert not CAUSAL.search(sentence), (claim.claim_id, sentence)


# --------------------------------------------------------------------------- 9. patient text


def test_every_claim_with_numbers_has_a_plain_patient_version(library, evidence):
    for article, claim in _all_claims(library):
        assert "patient" in claim.versions, (article.slug, claim.claim_id)
        text = claim.text_for("patient")
        for row_id, field_name in _tokens(text):
            assert field_name in PATIENT_FIELDS, (claim.claim_id, row_id, field_name)
            if field_name == "estimate":
                measure = evidence.loc[row_id, "measure"]
                assert measure in ("proportion", *schema.BASELINE_MEASURES), row_id
        prose = CITATION.sub("", VALUE_TOKEN.sub("N", text))
        assert not STATISTICAL_TERMS.search(prose), (
            claim.claim_id,
            STATISTICAL_TERMS.search(prose),
        )


def test_patient_view_carries_the_safety_messages(library, main, second):
    for article in (main, second):
        html = _words(_rendered(library, article, "patient"))
        assert "not advice about your own treatment" in article.disclaimer_for("patient")
        assert "health professionals" not in article.disclaimer_for("patient")
        assert "alcohol" in html and "opioid painkillers" in html and "sleeping pills" in html
        assert "driving" in html
    html = _words(_rendered(library, main, "patient"))
    for phrase in (
        "Do not stop suddenly after taking it regularly",
        "pregnant",
        "breastfeeding",
        "Keep it secure",
    ):
        assert phrase in html, phrase


def test_comparators_are_named_for_what_they_are(library):
    for article in library.articles:
        for audience in ("clinician", "student", "patient"):
            html = _rendered(library, article, audience).lower()
            for phrase in ("without the drug", "would have it anyway", "who had not"):
                assert phrase not in html, (article.slug, audience, phrase)


def test_every_baseline_is_shown_with_its_population_and_period(library, evidence):
    baselines = set(evidence.index[evidence["measure"].isin(schema.BASELINE_MEASURES)])
    assert baselines == {f"BR-0{i}" for i in (1, 2, 3, 4, 6, 7, 8, 9)}
    shown = set()
    for _, claim in _all_claims(library):
        for _, text in _texts(claim):
            tokens = _tokens(text)
            for row_id in {t for t, _ in tokens} & baselines:
                shown.add(row_id)
                # The bare token renders the period; otherwise the period field must be quoted.
                assert (row_id, None) in tokens or (row_id, "period") in tokens, row_id
    assert shown == baselines
    for row_id in baselines:
        assert evidence.loc[row_id, "period"].startswith("1 year")
        assert "65" in evidence.loc[row_id, "population"]


# --------------------------------------------------------------------------- 10. new rows


def test_baseline_rows_are_never_drawn_as_an_arm(library, evidence):
    baselines = library.evidence.loc[library.evidence["measure"].isin(schema.BASELINE_MEASURES)]
    assert ratio_rows(baselines).empty and proportion_rows(baselines).empty
    assert (baselines["comparator"] == "").all()


def test_new_measures_and_designs_are_in_the_schema(evidence):
    measures = set(schema.values(schema.MEASURES))
    designs = set(schema.values(schema.DESIGNS))
    assert set(evidence["measure"]) <= measures and set(evidence["design"]) <= designs
    for term in ("NNT", "SMD", "MD", "mean change", "baseline risk", "incidence rate"):
        assert term in set(evidence["measure"]), term
    assert evidence.loc["BE-21", "scale"].startswith("points on a 0 to 100 pain scale")
    assert evidence.loc["BR-06", "per_text"] == "100000"
    assert evidence.loc["BW-07", "measure"] == "relative change"


# --------------------------------------------------------------------------- from the first round


def test_muscle_relaxant_class_figures_are_not_labelled_as_older_adult_benzodiazepine_data(
    main, evidence
):
    for row_id in ("MR-01", "MR-02"):
        assert evidence.loc[row_id, "drug"] == "muscle relaxants (class)"
        assert evidence.loc[row_id, "age_group"] == "adults"
    words = _words(_claim(main, "muscle-relaxant-class").text)
    assert "muscle relaxants as a class" in words and "adults with low back pain" in words


def test_paradoxical_reactions_are_uncommon_not_ten_percent(main, evidence):
    assert (evidence.loc["PR-01", "estimate_text"], evidence.loc["PR-01", "bound"]) == (
        "1",
        "upper",
    )
    assert "do not support" in _words(_claim(main, "paradoxical").text)


def test_older_adult_dose_baclofen_ssris_and_glass(main, evidence):
    assert "2 to 2.5 mg once or twice a day" in evidence.loc["DO-05", "statement"]
    assert "SECONDARY" in evidence.loc["DO-05", "note"]
    assert "off-label" in evidence.loc["DO-06", "note"]
    assert "off-label" in _words(_claim(main, "baclofen").text)
    assert evidence.loc["IN-06", "ci_low_text"] == "0.93"
    assert evidence.loc["FA-05", "estimate_text"] == "2.02"
    assert evidence.loc["FX-07", "estimate_text"] == "1.67"
    assert evidence.loc["BZ-02", "estimate_text"] == "2.25"  # not the abstract's 2.61
    assert evidence.loc["BZ-03", "estimate_text"] == "3.82"  # not a summary's 5.82
