"""What the evidence panel shows for one claim, per audience, computed once from the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from evidence_dashboard import charts
from evidence_dashboard.charts import Chart
from evidence_dashboard.content.articles import Block
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, absolute_effect, pool
from evidence_dashboard.stats.report import effect_text

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
ABSOLUTE_MEASURES = ("RR", "OR")


def needs_baseline(rows: pd.DataFrame) -> bool:
    """Whether any row is a risk or odds ratio, which needs a baseline risk for frequencies."""
    return bool(rows["measure"].isin(ABSOLUTE_MEASURES).any()) if not rows.empty else False


@dataclass(frozen=True)
class FrequencyStatement:
    """A natural-frequency sentence and the numbers behind it."""

    row_id: str
    text: str
    effect: AbsoluteEffect | None = None


@dataclass(frozen=True)
class ClaimEvidence:
    """Everything the evidence panel shows for one claim and audience."""

    claim_id: str
    title: str
    rows: pd.DataFrame
    charts: tuple[Chart, ...]
    statements: pd.DataFrame
    pooled: PooledResult | None = None
    frequencies: tuple[FrequencyStatement, ...] = ()
    explanations: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _frequency_from_arms(row: dict[str, object]) -> FrequencyStatement | None:
    drug_pct, comp_pct = row.get("percent_treatment"), row.get("percent_control")
    if drug_pct is None or pd.isna(drug_pct):
        return None
    drug, outcome = row["drug"], row["outcome"]
    text = f"Out of 100 people taking {drug}, about {row['percent_treatment_text']} had {outcome}"
    if comp_pct is not None and not pd.isna(comp_pct):
        text += (
            f", compared with about {row['percent_control_text']} out of 100 on {row['comparator']}"
        )
    return FrequencyStatement(str(row["id"]), text + f" [{row['id']}].")


def _frequency_from_ratio(row: dict[str, object], baseline_risk: float) -> FrequencyStatement:
    effect = absolute_effect(
        str(row["measure"]),
        float(row["estimate"]),  # type: ignore[arg-type]
        baseline_risk,
        ci_low=None if pd.isna(row["ci_low"]) else float(row["ci_low"]),  # type: ignore[arg-type]
        ci_high=None if pd.isna(row["ci_high"]) else float(row["ci_high"]),  # type: ignore[arg-type]
    )
    base = round(baseline_risk * 100)
    exposed = round(effect.risk_exposed * 100)
    diff = exposed - base
    if diff == 0:
        change = "about the same number"
    else:
        change = f"about {abs(diff)} {'more' if diff > 0 else 'fewer'}"
    text = (
        f"If about {base} out of 100 people like you would have {row['outcome']} anyway, then "
        f"taking {row['drug']} means about {exposed} out of 100: {change} "
        f"(from {effect_text(row)}) [{row['id']}]."
    )
    return FrequencyStatement(str(row["id"]), text, effect)


def claim_evidence(
    block: Block,
    rows: pd.DataFrame,
    audience: str,
    baseline_risk: float | None = None,
) -> ClaimEvidence:
    """Build the evidence panel of a claim for one audience.

    Parameters
    ----------
    block : Block
        The claim.
    rows : DataFrame
        The claim's evidence rows (``Library.rows(block.evidence_ids)``).
    audience : {"clinician", "student", "patient"}
        Clinicians see ratio charts; patients natural frequencies and icon arrays; students both.
    baseline_risk : float, optional
        The assumed risk without the drug, used to turn RR/OR rows into natural frequencies.
    """
    title = block.claim_title or block.claim_id or "Claim"
    statements = rows.loc[rows["measure"] == "statement"] if not rows.empty else rows
    numeric = rows.loc[rows["measure"] != "statement"] if not rows.empty else rows
    built: list[Chart] = []
    notes: list[str] = []
    pooled: PooledResult | None = None
    show_ratios = audience in ("clinician", "student")
    show_frequencies = audience in ("patient", "student")
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
    if not proportions.empty and show_ratios:
        built.append(charts.proportions_chart(proportions, title))
    frequencies: list[FrequencyStatement] = []
    if show_frequencies:
        for row in numeric.to_dict("records"):
            if row["measure"] == "proportion":
                statement = _frequency_from_arms(row)
            elif row["measure"] in ABSOLUTE_MEASURES and baseline_risk is not None:
                try:
                    statement = _frequency_from_ratio(row, baseline_risk)
                except InputError as exc:
                    notes.append(f"{row['id']}: {exc}")
                    statement = None
            else:
                statement = None
                if row["measure"] in charts.RATIO_MEASURES:
                    notes.append(
                        f"{row['id']} reports a {row['measure']}, which is not turned into "
                        "natural frequencies here (only risk and odds ratios are)."
                    )
            if statement is not None:
                frequencies.append(statement)
        first_arm = next(
            (
                r
                for r in numeric.to_dict("records")
                if r["measure"] == "proportion" and not pd.isna(r["percent_control"])
            ),
            None,
        )
        first_ratio = next((f for f in frequencies if f.effect is not None), None)
        if first_ratio is not None:
            row = numeric.set_index("id").loc[first_ratio.row_id]
            built.append(charts.icon_array(first_ratio.effect, str(row["drug"])))  # type: ignore[arg-type]
        elif first_arm is not None:
            built.append(
                charts.arm_icon_array(
                    float(first_arm["percent_treatment"]),
                    float(first_arm["percent_control"]),
                    str(first_arm["drug"]),
                    str(first_arm["comparator"]),
                )
            )
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
    )
