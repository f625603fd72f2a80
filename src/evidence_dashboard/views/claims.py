"""What the evidence card shows for one claim, per audience, computed once from the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from evidence_dashboard import charts
from evidence_dashboard.charts import Chart
from evidence_dashboard.content.articles import Block
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import PooledResult, pool
from evidence_dashboard.views.frequencies import (
    ABSOLUTE_MEASURES,
    Baseline,
    Frequency,
    arm_frequency,
    find_baseline,
    is_baseline_row,
    ratio_frequency,
)

MEASURE_EXPLANATIONS = {
    "RR": "Risk ratio: the risk with the drug divided by the risk without it; 1 means no difference.",
    "OR": "Odds ratio: the odds of the outcome with the drug divided by the odds without it; close "
    "to the risk ratio when the outcome is uncommon.",
    "HR": "Hazard ratio: how much faster the outcome happens with the drug, over the follow-up.",
    "IRR": "Incidence rate ratio: events per person-time with the drug divided by without it.",
    "SHR": "Subdistribution hazard ratio: a hazard ratio that allows for competing events such as "
    "death.",
    "NNTH": "Number needed to harm: how many people take the drug for one extra person to be harmed.",
    "proportion": "Proportion: the percent of people in each group who had the outcome.",
}


def needs_baseline(rows: pd.DataFrame) -> bool:
    """Whether any row is a risk or odds ratio, which needs a baseline risk for frequencies."""
    return bool(rows["measure"].isin(ABSOLUTE_MEASURES).any()) if not rows.empty else False


@dataclass(frozen=True)
class ClaimEvidence:
    """Everything the evidence card shows for one claim and audience."""

    claim_id: str
    title: str
    rows: pd.DataFrame
    charts: tuple[Chart, ...]
    statements: pd.DataFrame
    pooled: PooledResult | None = None
    frequencies: tuple[Frequency, ...] = ()
    explanations: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    baselines: tuple[Baseline, ...] = ()


PATIENT_NO_BASELINE = (
    "Some results behind this point cannot honestly be shown as 'out of 100 people': that needs "
    "to know how common the problem is without the medicine, in the same kind of people over "
    "the same length of time, and the sources do not give it. Ask your prescriber what they "
    "mean for you."
)


def _frequencies(
    numeric: pd.DataFrame,
    baselines: pd.DataFrame,
    audience: str,
    presenter: Baseline | None,
) -> tuple[list[Frequency], list[str], list[Baseline]]:
    """Natural frequencies for the rows that allow them, and a located reason for the rest."""
    frequencies: list[Frequency] = []
    notes: list[str] = []
    used: dict[str, Baseline] = {}
    technical = audience != "patient"
    unframed = False
    no_baseline: list[str] = []
    for row in numeric.to_dict("records"):
        if row["measure"] == "proportion":
            if (statement := arm_frequency(row)) is not None:
                frequencies.append(statement)
            continue
        if row["measure"] not in ABSOLUTE_MEASURES:
            if row["measure"] in charts.RATIO_MEASURES:
                unframed = True
                if technical:
                    notes.append(
                        f"{row['id']} reports a {row['measure']}, which is not turned into "
                        "natural frequencies here (only risk and odds ratios are)."
                    )
            continue
        baseline = find_baseline(row, baselines) or presenter
        if baseline is None:
            unframed = True
            no_baseline.append(str(row["id"]))
            continue
        try:
            result = ratio_frequency(row, baseline, technical)
        except InputError as exc:
            notes.append(f"{row['id']}: {exc}")
            continue
        if isinstance(result, str):
            unframed = True
            if technical:  # patients get the one plain sentence below, not row ids and periods
                notes.append(result)
            continue
        frequencies.append(result)
        used[baseline.row_id or "presenter"] = baseline
    if no_baseline and technical:
        notes.append(
            f"No sourced baseline risk is tied to this claim for {', '.join(no_baseline)}, so "
            "they are not shown as 'out of 100' figures."
        )
    if unframed and not technical:
        notes.append(PATIENT_NO_BASELINE)
    return frequencies, notes, list(used.values())


def _icon_chart(numeric: pd.DataFrame, frequencies: list[Frequency]) -> Chart | None:
    """One icon array: the first ratio framed by a baseline, else the first two-arm row."""
    by_id = numeric.set_index("id")
    framed = next((f for f in frequencies if f.effect is not None), None)
    if (
        framed is not None
        and framed.effect is not None
        and framed.baseline is not None
        and framed.baseline.per == 100
    ):
        row = by_id.loc[framed.row_id]
        return charts.icon_array(
            framed.effect,
            str(row["drug"]),
            comparator=str(row["comparator"]),
            baseline_note=framed.baseline.describe(),  # the sourced (or presenter's) baseline
            title="Out of 100 people like those studied",
            summary=False,  # the grid keeps its fixed width; the sentence says the ratio
        )
    for row in numeric.to_dict("records"):
        if row["measure"] == "proportion" and not pd.isna(row["percent_control"]):
            return charts.arm_icon_array(
                float(row["percent_treatment"]),
                float(row["percent_control"]),
                str(row["drug"]),
                str(row["comparator"]),
            )
    return None


def claim_evidence(
    block: Block,
    rows: pd.DataFrame,
    audience: str,
    presenter_baseline: Baseline | None = None,
) -> ClaimEvidence:
    """Build the evidence card of a claim for one audience.

    Parameters
    ----------
    block : Block
        The claim.
    rows : DataFrame
        The claim's evidence rows (``Library.rows(block.evidence_ids)``), baseline rows included.
    audience : {"clinician", "student", "patient"}
        Clinicians see ratio charts; patients natural frequencies and icon arrays; students both.
    presenter_baseline : Baseline, optional
        A baseline the presenter set, used only for ratio rows that have no sourced baseline.
    """
    title = block.claim_title or block.claim_id or "Claim"
    if rows.empty:
        statements = numeric = baselines = rows
    else:
        baseline_mask = pd.Series(
            [is_baseline_row(r) for r in rows.to_dict("records")], index=rows.index, dtype=bool
        )
        baselines = rows.loc[baseline_mask]
        rest = rows.loc[~baseline_mask]
        statements = rest.loc[rest["measure"] == "statement"]
        numeric = rest.loc[rest["measure"] != "statement"]
    built: list[Chart] = []
    notes: list[str] = []
    pooled: PooledResult | None = None
    show_ratios = audience in ("clinician", "student")
    ratio = charts.ratio_rows(numeric)
    if block.pool_method and len(ratio) >= 2 and ratio["measure"].nunique() == 1:
        try:
            pooled = pool(ratio, measure=str(ratio["measure"].iloc[0]), method=block.pool_method)
        except InputError as exc:
            notes.append(f"These rows could not be pooled: {exc}")
    if show_ratios:
        if pooled is not None:
            built.append(charts.forest_plot(pooled, title))
        elif not ratio.empty:
            built.append(charts.estimates_chart(ratio, title))
        proportions = charts.proportion_rows(numeric)
        if not proportions.empty:
            built.append(charts.proportions_chart(proportions, title))
    frequencies: list[Frequency] = []
    used: list[Baseline] = []
    if audience in ("patient", "student") and not numeric.empty:
        frequencies, frequency_notes, used = _frequencies(
            numeric, baselines, audience, presenter_baseline
        )
        notes += frequency_notes
        if (icons := _icon_chart(numeric, frequencies)) is not None:
            built.append(icons)
    explanations: tuple[str, ...] = ()
    if audience == "student":
        measures = list(dict.fromkeys(numeric["measure"])) if not numeric.empty else []
        explanations = tuple(MEASURE_EXPLANATIONS[m] for m in measures if m in MEASURE_EXPLANATIONS)
    return ClaimEvidence(
        claim_id=block.claim_id or "",
        title=title,
        rows=rows,
        charts=tuple(built),
        statements=statements,
        pooled=pooled,
        frequencies=tuple(frequencies),
        explanations=explanations,
        notes=tuple(notes),
        baselines=tuple(used),
    )
