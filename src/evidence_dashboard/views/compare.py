"""The Compare view: filter evidence for one outcome, draw it by design, pool and go absolute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from evidence_dashboard import charts, schema
from evidence_dashboard.charts import Chart
from evidence_dashboard.errors import InputError
from evidence_dashboard.schema import METHOD_NAMES, design_family
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, pool, report
from evidence_dashboard.views import url
from evidence_dashboard.views.baseline import baseline_text, read_baseline
from evidence_dashboard.views.compare_absolute import absolute_view
from evidence_dashboard.views.url import Decoded, Param

POOL_METHODS = schema.values(schema.POOL_METHODS)
#: Short enough for a narrow selectbox; the full name is in the forest plot's title.
METHOD_LABELS = {
    m: f"{m.upper()} ({'fixed' if 'fixed' in METHOD_NAMES[m] else 'random'})" for m in POOL_METHODS
}
POOLABLE_MEASURES = schema.POOLABLE_MEASURES
FAMILIES = ("randomized", "observational")
SUBGROUPS = ("", "age_group", "drug", "drug_class", "source")
LEVELS = (90, 95, 99)
#: How double-zero studies (no events in either arm) are handled: metafor's default drops them.
ZEROS = ("exclude", "keep")
ZERO_LABELS = {
    "exclude": "Leave out (metafor's default)",
    "keep": "Keep, with 0.5 added to every cell",
}
#: The page's result tabs (URL value to tab label). Only the chosen tab is drawn, so a link
#: opens with one chart; the pooling and baseline settings sit on the tab whose result they set.
PANELS = {"estimates": "Estimates", "pooled": "Pooled result", "absolute": "Absolute effect"}
PANEL_OF_LABEL = {label: panel for panel, label in PANELS.items()}


@dataclass(frozen=True)
class CompareSpec:
    """What the Compare page shows; every field round-trips through the URL (see PARAMS)."""

    outcome_category: str = "falls"
    age_groups: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    families: tuple[str, ...] = FAMILIES
    measures: tuple[str, ...] = ()
    pool_ids: tuple[str, ...] = ()
    method: str = "reml"
    #: The risk without the drug that the user stated (per 1,000); ``None``: none stated, so no
    #: absolute numbers (the rows give ratios, which say nothing about how common the outcome is).
    baseline_per_1000: float | None = None
    absolute_id: str = ""
    subgroup: str = ""
    level: int = 95
    zeros: str = "exclude"
    #: The result tab shown (a key of PANELS).
    panel: str = "estimates"

    def to_query(self) -> dict[str, list[str]]:
        """The spec as query parameters (defaults left out), through the one URL codec."""
        return url.encode(self, PARAMS, CompareSpec())


PARAMS = (
    Param("outcome", "outcome_category", "outcome"),
    Param("age", "age_groups", "age group", many=True),
    Param("drug", "drugs", "drug", many=True),
    Param("family", "families", "design", many=True),
    Param("measure", "measures", "measure", many=True),
    Param("pool", "pool_ids", "row to pool", many=True),
    Param("method", "method", "pooling method"),
    Param(
        "baseline", "baseline_per_1000", "baseline risk", read=read_baseline, write=baseline_text
    ),
    Param("absolute", "absolute_id", "absolute-view row"),
    Param("subgroup", "subgroup", "subgroup"),
    Param("level", "level", "confidence level", read=url.read_choice_int(LEVELS)),
    Param("zeros", "zeros", "double-zero handling"),
    Param("tab", "panel", "tab"),
)


def allowed_values(rows: pd.DataFrame, outcome: str | None = None) -> dict[str, list[str]]:
    """What each setting may hold for these rows (ids and drugs: within the outcome, if given)."""
    plottable = _plottable(rows)
    everywhere = pd.Series(True, index=rows.index)
    scope = everywhere if outcome is None else rows["outcome_category"] == outcome
    # Masks and single columns: taking the whole frame per mask (every column) was most of a
    # shared link's run on the server.
    ids = list(dict.fromkeys(rows.loc[scope & plottable, "id"].astype(str)))
    return {
        "outcome_category": _categories(rows, plottable) or ["falls"],
        "age_groups": list(schema.values(schema.AGE_GROUPS)),
        "drugs": sorted(set(rows.loc[scope, "drug"].astype(str)) - {""}, key=str.casefold),
        "families": list(FAMILIES),
        "measures": list(POOLABLE_MEASURES),
        "pool_ids": ids,
        "method": list(POOL_METHODS),
        "absolute_id": ids,
        "subgroup": list(SUBGROUPS),
        "zeros": list(ZEROS),
        "panel": list(PANELS),
    }


def spec_from_widgets(
    state: Mapping[str, Any], widgets: Mapping[str, str], previous: CompareSpec | None
) -> CompareSpec:
    """The spec the widgets hold (``widgets``: widget key to spec field); gaps keep ``previous``."""
    base = previous or CompareSpec()
    changes: dict[str, Any] = {}
    for key, name in widgets.items():
        value = state.get(key)
        if value is None:
            continue  # a cleared single choice keeps the last one
        changes[name] = tuple(value) if isinstance(value, list | tuple) else value
    return replace(base, **changes)


def spec_from_query(query: Mapping[str, str | Sequence[str]], rows: pd.DataFrame) -> Decoded:
    """Read a spec from query parameters, keeping only values that exist in the data.

    Returns the spec and a notice for each value dropped or reinterpreted.
    """
    categories = plottable_categories(rows) or ["falls"]
    default = CompareSpec(outcome_category="falls" if "falls" in categories else categories[0])
    first = url.decode(query, PARAMS[:1], default, {"outcome_category": categories})
    outcome = first.spec.outcome_category
    rest = url.decode(query, PARAMS[1:], first.spec, allowed_values(rows, outcome))
    return Decoded(rest.spec, first.notices + rest.notices)


def plottable_categories(rows: pd.DataFrame) -> list[str]:
    """Outcome categories that have at least one plottable (ratio) estimate."""
    return _categories(rows, _plottable(rows))


def _categories(rows: pd.DataFrame, plottable: pd.Series) -> list[str]:
    return sorted(set(rows.loc[plottable, "outcome_category"]) - {""})


def _plottable(rows: pd.DataFrame) -> pd.Series:
    """Rows of a poolable measure with an estimate or all four arm counts."""
    return rows["measure"].isin(POOLABLE_MEASURES) & (rows["estimate"].notna() | _has_counts(rows))


COUNT_COLUMNS = ("events_treatment", "total_treatment", "events_control", "total_control")


def _has_counts(rows: pd.DataFrame) -> pd.Series:
    """Rows that give all four arm counts (poolable even without a printed estimate)."""
    mask = pd.Series(True, index=rows.index)
    for column in COUNT_COLUMNS:
        mask &= rows[column].notna() if column in rows.columns else False
    return mask


def filter_rows(rows: pd.DataFrame, spec: CompareSpec) -> pd.DataFrame:
    """The poolable rows (ratio or RD measures, with an estimate or arm counts) matching the spec."""
    mask = (rows["outcome_category"] == spec.outcome_category) & _plottable(rows)
    if spec.age_groups:
        mask &= rows["age_group"].isin(spec.age_groups)
    if spec.drugs:
        mask &= rows["drug"].isin(spec.drugs)
    if spec.measures:
        mask &= rows["measure"].isin(spec.measures)
    designs = [d for d, family in schema.DESIGN_FAMILY.items() if family in spec.families]
    mask &= rows["design"].isin(designs)
    return rows.loc[mask].reset_index(drop=True)


def fit_to_rows(
    spec: CompareSpec, rows: pd.DataFrame, allowed: Mapping[str, list[str]] | None = None
) -> Decoded[CompareSpec]:
    """The spec with choices that the current filters no longer offer taken out, each with a notice.

    A drug or row chosen before the outcome or a filter changed is dropped visibly, not silently.
    ``allowed``: the outcome's :func:`allowed_values`, if already computed.
    """
    allowed = allowed or allowed_values(rows, spec.outcome_category)
    shown = set(filter_rows(rows, spec)["id"].astype(str))
    notices = []
    drugs = tuple(d for d in spec.drugs if d in allowed["drugs"])
    if len(drugs) < len(spec.drugs):
        gone = ", ".join(d for d in spec.drugs if d not in drugs)
        notices.append(f"Drug(s) {gone} have no rows for {spec.outcome_category}; left out.")
    pool_ids = tuple(i for i in spec.pool_ids if i in shown)
    if len(pool_ids) < len(spec.pool_ids):
        gone = ", ".join(i for i in spec.pool_ids if i not in pool_ids)
        notices.append(f"Row(s) {gone} are not among the rows shown, so they are not pooled.")
    absolute_id = spec.absolute_id if spec.absolute_id in shown else ""
    if spec.absolute_id and not absolute_id:
        notices.append(f"Row {spec.absolute_id} is not among the rows shown; no absolute view.")

    fitted = replace(spec, drugs=drugs, pool_ids=pool_ids, absolute_id=absolute_id)
    return Decoded(fitted, tuple(notices))


@dataclass(frozen=True)
class Controls:
    """What the Compare page's controls offer for a spec: the spec fitted to the rows (with a
    notice per choice taken out), each setting's allowed values and the ids of the rows shown."""

    spec: CompareSpec
    notices: tuple[str, ...]
    allowed: dict[str, list[str]]
    ids: tuple[str, ...]


def controls(rows: pd.DataFrame, spec: CompareSpec) -> Controls:
    """The spec fitted to ``rows`` and what the controls may offer (see :func:`fit_to_rows`)."""
    allowed = allowed_values(rows, spec.outcome_category)  # fitting keeps the outcome
    fitted = fit_to_rows(spec, rows, allowed)
    ids = tuple(filter_rows(rows, fitted.spec)["id"].astype(str))
    return Controls(fitted.spec, fitted.notices, allowed, ids)


@dataclass(frozen=True)
class Comparison:
    """Everything the Compare page shows, computed once."""

    spec: CompareSpec
    rows: pd.DataFrame
    chart: Chart
    pooled: PooledResult | None = None
    forest: Chart | None = None
    #: The forest plot's phone layout (one panel, figures under the labels).
    forest_stacked: Chart | None = None
    absolute: AbsoluteEffect | None = None
    absolute_source: str = ""
    icons: Chart | None = None
    #: Notes on the rows drawn, on pooling them, and on the absolute view (each shown beside
    #: the result it is about).
    notes: tuple[str, ...] = field(default_factory=tuple)
    pool_notes: tuple[str, ...] = field(default_factory=tuple)
    absolute_notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def messages(self) -> tuple[str, ...]:
        """Every note, in page order."""
        return (*self.notes, *self.pool_notes, *self.absolute_notes)


def pooling_settings(result: Comparison) -> dict[str, str]:
    """The choices behind a pooled result, in words, for its download."""
    spec, pooled = result.spec, result.pooled
    method = pooled.method if pooled is not None else spec.method
    return {
        "method": f"{method}: {METHOD_NAMES.get(method, method)}",
        "confidence level": f"{spec.level}%",
        "double-zero studies": ZERO_LABELS[spec.zeros],
        "subgroups": spec.subgroup.replace("_", " ") or "none",
        "rows pooled": ", ".join(spec.pool_ids),
    }


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
    selected: pd.DataFrame, spec: CompareSpec
) -> tuple[PooledResult | None, list[str]]:
    if len(selected) < 2:
        if len(selected) == 1:
            measure = str(selected["measure"].iloc[0])
            return None, [
                f"Only one row is chosen ({selected['id'].iloc[0]}, {measure}): pooling needs at "
                f"least two {measure} rows. The row's own figure is in the table below."
            ]
        return None, []
    refusal, messages = pooling_check(selected)
    if refusal is not None:
        return None, [refusal]
    measure = str(selected["measure"].iloc[0])
    method_used = spec.method
    if spec.method in ("mh", "peto") and not _has_counts(selected).all():
        messages.append(f"{spec.method} needs arm counts; using REML on the estimates instead.")
        method_used = "reml"
    if spec.method == "peto" and measure != "OR" and method_used == "peto":
        messages.append(f"Peto pools odds ratios only; using REML for these {measure} rows.")
        method_used = "reml"
    try:
        result = pool(
            selected,
            measure=measure,
            method=method_used,
            level=spec.level,
            drop_double_zero=spec.zeros == "exclude",
            subgroup=spec.subgroup or None,
        )
        return result, messages
    except InputError as exc:
        return None, [*messages, f"These rows cannot be pooled: {exc}"]


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
    notes: list[str] = []
    counts_only = shown.loc[shown["estimate"].isna(), "id"].astype(str).tolist()
    if counts_only:
        notes.append(
            f"{', '.join(counts_only)} give(s) arm counts only: not drawn above (no printed "
            "estimate), but can be pooled."
        )
    selected = shown.set_index("id", drop=False).loc[
        [i for i in spec.pool_ids if i in set(shown["id"])]
    ]
    pooled, pool_notes = _pool_selection(selected.reset_index(drop=True), spec)
    forest = forest_stacked = None
    if pooled is not None:
        # The title names the measure, the method and its model (fixed or random effects).
        forest_title = f"{label.capitalize()}: {report.pooled_title(pooled)}"
        forest = charts.forest_plot(pooled, forest_title)
        forest_stacked = charts.forest_plot(pooled, forest_title, stacked=True)
    absolute, source_label, icons, absolute_notes = absolute_view(
        shown, spec.absolute_id, spec.pool_ids, pooled, spec.baseline_per_1000
    )
    return Comparison(
        spec,
        shown,
        chart,
        pooled,
        forest,
        forest_stacked,
        absolute,
        source_label if absolute is not None else "",
        icons,
        tuple(notes),
        tuple(pool_notes),
        tuple(absolute_notes),
    )
