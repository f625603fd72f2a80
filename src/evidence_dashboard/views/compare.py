"""The Compare view: filter evidence for one outcome, draw it by design, pool and go absolute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from evidence_dashboard import charts, schema
from evidence_dashboard.charts import Chart
from evidence_dashboard.errors import InputError
from evidence_dashboard.schema import design_family
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, absolute_effect, pool

POOL_METHODS = schema.values(schema.POOL_METHODS)
POOLABLE_MEASURES = schema.POOLABLE_MEASURES
FAMILIES = ("randomized", "observational")
SUBGROUPS = ("", "age_group", "drug", "drug_class", "source")


@dataclass(frozen=True)
class CompareSpec:
    """What the Compare page shows; every field round-trips through the URL as plain strings."""

    outcome_category: str = "falls"
    age_groups: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    families: tuple[str, ...] = FAMILIES
    measures: tuple[str, ...] = ()
    pool_ids: tuple[str, ...] = ()
    method: str = "reml"
    baseline_per_1000: int = 100
    absolute_id: str = ""
    subgroup: str = ""

    def to_query(self) -> dict[str, str]:
        """The spec as query parameters (empty values left out)."""
        query = {
            "outcome": self.outcome_category,
            "age": ",".join(self.age_groups),
            "drugs": ",".join(self.drugs),
            "design": ",".join(self.families),
            "measure": ",".join(self.measures),
            "pool": ",".join(self.pool_ids),
            "method": self.method,
            "baseline": str(self.baseline_per_1000),
            "absolute": self.absolute_id,
            "subgroup": self.subgroup,
        }
        return {k: v for k, v in query.items() if v}


def _split(value: object, allowed: Sequence[str]) -> tuple[str, ...]:
    wanted = set(str(value).split(",")) if value else set()
    return tuple(a for a in allowed if a in wanted)


def spec_from_query(query: Mapping[str, str], rows: pd.DataFrame) -> CompareSpec:
    """Read a spec from query parameters, keeping only values that exist in the data."""
    categories = sorted(set(rows["outcome_category"]) - {""}) or ["falls"]
    outcome = query.get("outcome", "")
    if outcome not in categories:
        outcome = "falls" if "falls" in categories else categories[0]
    in_outcome = rows.loc[rows["outcome_category"] == outcome]
    baseline_text = query.get("baseline", "100")
    baseline = int(baseline_text) if baseline_text.isdigit() else 100
    pool_allowed = list(in_outcome["id"])
    return CompareSpec(
        outcome_category=outcome,
        age_groups=_split(query.get("age"), schema.values(schema.AGE_GROUPS)),
        drugs=_split(query.get("drugs"), sorted(set(in_outcome["drug"]))),
        families=_split(query.get("design"), FAMILIES) if "design" in query else FAMILIES,
        measures=_split(query.get("measure"), POOLABLE_MEASURES),
        pool_ids=_split(query.get("pool"), pool_allowed),
        method=query.get("method", "reml") if query.get("method") in POOL_METHODS else "reml",
        baseline_per_1000=min(max(baseline, 1), 999),
        absolute_id=query.get("absolute", "") if query.get("absolute") in pool_allowed else "",
        subgroup=query.get("subgroup", "") if query.get("subgroup") in SUBGROUPS else "",
    )


def plottable_categories(rows: pd.DataFrame) -> list[str]:
    """Outcome categories that have at least one plottable (ratio) estimate."""
    mask = rows["measure"].isin(POOLABLE_MEASURES) & rows["estimate"].notna()
    return sorted(set(rows.loc[mask, "outcome_category"]) - {""})


def filter_rows(rows: pd.DataFrame, spec: CompareSpec) -> pd.DataFrame:
    """The plottable rows (ratio measures with an estimate) that match the spec."""
    mask = (rows["outcome_category"] == spec.outcome_category) & rows["measure"].isin(
        POOLABLE_MEASURES
    )
    mask &= rows["estimate"].notna()
    if spec.age_groups:
        mask &= rows["age_group"].isin(spec.age_groups)
    if spec.drugs:
        mask &= rows["drug"].isin(spec.drugs)
    if spec.measures:
        mask &= rows["measure"].isin(spec.measures)
    designs = [d for d, family in schema.DESIGN_FAMILY.items() if family in spec.families]
    mask &= rows["design"].isin(designs)
    return rows.loc[mask].reset_index(drop=True)


@dataclass(frozen=True)
class Comparison:
    """Everything the Compare page shows, computed once."""

    spec: CompareSpec
    rows: pd.DataFrame
    chart: Chart
    pooled: PooledResult | None = None
    forest: Chart | None = None
    absolute: AbsoluteEffect | None = None
    absolute_source: str = ""
    icons: Chart | None = None
    messages: tuple[str, ...] = field(default_factory=tuple)


OVERLAP_NOTE = (
    "Some of these rows are meta-analyses; pooling overlapping reviews counts the same studies "
    "twice. Pool study-level rows where you can."
)


def pooling_check(rows: pd.DataFrame) -> tuple[str | None, list[str]]:
    """Whether these rows may be pooled: ``(refusal or None, cautions)``.

    Rows must share one measure and one design family (randomized or observational, never
    both); pooling meta-analyses draws a caution about double-counted studies.

    Examples
    --------
    >>> import pandas as pd
    >>> pooling_check(pd.DataFrame({"measure": ["OR", "RR"], "design": ["cohort", "cohort"]}))
    ('Rows to pool must share one measure. Got OR, RR.', [])
    """
    measures = sorted(set(rows["measure"].dropna().astype(str)))
    if len(measures) > 1:
        return f"Rows to pool must share one measure. Got {', '.join(measures)}.", []
    designs = rows["design"].astype(str) if "design" in rows.columns else pd.Series([], dtype=str)
    if len({design_family(d) for d in designs} & set(FAMILIES)) > 1:
        return "Randomized and observational rows are not pooled together.", []
    return None, [OVERLAP_NOTE] if designs.str.contains("meta-analysis").any() else []


def _pool_selection(
    selected: pd.DataFrame, method: str, subgroup: str = ""
) -> tuple[PooledResult | None, list[str]]:
    if len(selected) < 2:
        return None, (["Choose at least two rows to pool."] if len(selected) == 1 else [])
    refusal, messages = pooling_check(selected)
    if refusal is not None:
        return None, [refusal]
    measure = str(selected["measure"].iloc[0])
    method_used = method
    if method in ("mh", "peto") and not selected["events_treatment"].notna().all():
        messages.append(f"{method} needs arm counts; using REML on the estimates instead.")
        method_used = "reml"
    try:
        result = pool(selected, measure=measure, method=method_used, subgroup=subgroup or None)
        return result, messages
    except InputError as exc:
        return None, [*messages, f"These rows cannot be pooled: {exc}"]


def _interval_kind(value: object) -> str:
    """The row's ``interval`` column as an interval kind (empty means a confidence interval)."""
    return "credible" if str(value or "").strip() == "credible" else "confidence"


def compare(rows: pd.DataFrame, spec: CompareSpec) -> Comparison:
    """Filter, chart, pool the chosen rows and compute the absolute view.

    Parameters
    ----------
    rows : DataFrame
        All evidence rows (shipped and uploaded).
    spec : CompareSpec
        The filters and choices.
    """
    shown = filter_rows(rows, spec)
    label = dict((t.value, t.help) for t in schema.OUTCOME_CATEGORIES).get(
        spec.outcome_category, spec.outcome_category
    )
    ages = ", ".join(spec.age_groups) or "all age groups"
    chart = charts.estimates_chart(shown, f"{label.capitalize()} · {ages}")
    selected = shown.loc[shown["id"].isin(spec.pool_ids)]
    pooled, messages = _pool_selection(selected, spec.method, spec.subgroup)
    forest = charts.forest_plot(pooled, f"Pooled: {label}") if pooled is not None else None
    absolute = icons = None
    source_label = ""
    baseline = spec.baseline_per_1000 / 1000
    source = None
    if spec.absolute_id and spec.absolute_id in set(shown["id"]):
        row = shown.set_index("id").loc[spec.absolute_id]
        if row["measure"] in schema.ABSOLUTE_MEASURES:
            source = (
                row["measure"],
                row["estimate"],
                row["ci_low"],
                row["ci_high"],
                str(row["drug"]),
                f"{spec.absolute_id} ({row['measure']} {row['estimate_text']})",
                _interval_kind(row.get("interval")),
                float(row["ci_level"]) if pd.notna(row.get("ci_level")) else 95.0,
            )
        else:
            messages.append(
                f"{spec.absolute_id} reports a {row['measure']}; absolute effects are computed "
                "from risk ratios, odds ratios and risk differences only."
            )
    elif pooled is not None and pooled.measure in schema.ABSOLUTE_MEASURES:
        source = (
            pooled.measure,
            pooled.estimate,
            pooled.ci_low,
            pooled.ci_high,
            "the drug",
            f"the pooled {pooled.measure} of {', '.join(spec.pool_ids)}",
            pooled.interval_kind,
            pooled.level,
        )
    if source is not None:
        measure, est, low, high, name, source_label, kind, level = source
        try:
            absolute = absolute_effect(
                measure,
                float(est),
                baseline,
                None if pd.isna(low) else float(low),
                None if pd.isna(high) else float(high),
                level=level,
                interval_kind=kind,
            )
            icons = charts.icon_array(absolute, name)
        except InputError as exc:
            messages.append(f"No absolute effect: {exc}")
    return Comparison(
        spec,
        shown,
        chart,
        pooled,
        forest,
        absolute,
        source_label if absolute is not None else "",
        icons,
        tuple(messages),
    )
