"""Pooling: fixed-effect (IV, Mantel-Haenszel, Peto) and random-effects (DL, REML, PM).

The numbers match metafor 3.8 with its defaults (see ``tests/stats/reference``):

* Confidence intervals use the normal distribution (``test="z"``).
* I^2 and H^2 are metafor's: from Q for the fixed-effect methods (iv, mh, peto), from
  tau^2 and the "typical" within-study variance for the random-effects methods.
* The prediction interval is ``estimate ± z sqrt(tau2 + se^2)`` for random-effects
  models.  For fixed-effect models metafor's ``predict()`` gives no prediction interval,
  so ``pi_low`` and ``pi_high`` are ``None``.
* Subgroups are pooled separately with the same method; the test for subgroup
  differences is the fixed-effect Q of the subgroup estimates about their
  inverse-variance weighted mean, with ``groups - 1`` degrees of freedom.  This is
  RevMan's test and equals metafor's ``rma(est, sei=se, method="FE")`` heterogeneity
  test on the subgroup estimates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from evidence_dashboard import schema
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import estimators
from evidence_dashboard.stats.effects import StudyEffect, StudyTable, make_studies, prepare
from evidence_dashboard.stats.escalc import escalc_counts, to_display
from evidence_dashboard.stats.inputs import check_level, check_measure, json_number, z_crit
from evidence_dashboard.stats.subgroups import SubgroupTest, subgroup_test, subgroup_values

#: Every pooling method: fixed effect ``iv``, ``mh``, ``peto``; random effects ``dl``,
#: ``reml``, ``pm`` (names and display words live in :mod:`evidence_dashboard.schema`).
METHODS: tuple[str, ...] = schema.values(schema.POOL_METHODS)
FIXED_METHODS: frozenset[str] = frozenset(schema.FIXED_METHODS)
RANDOM_METHODS: frozenset[str] = frozenset(schema.RANDOM_METHODS)
METHOD_NAMES: dict[str, str] = schema.METHOD_NAMES
_MEASURES_FOR = {"mh": ("RR", "OR", "RD"), "peto": ("OR",)}


@dataclass(frozen=True, slots=True)
class PooledResult:
    """One pooled analysis; numbers are never rounded.

    Parameters
    ----------
    measure, method : str
        The effect measure (e.g. ``RR``) and pooling method (e.g. ``reml``).
    level : float
        Confidence level in percent.
    k : int
        Number of studies in the analysis.
    estimate, ci_low, ci_high : float
        Pooled effect and CI on the display scale (ratio for RR, OR, HR, ...; raw for RD).
    log_estimate, se : float
        Pooled effect on the analysis scale (log for ratios) and its standard error.
    tau2 : float
        Between-study variance (0 for fixed-effect methods), never below 0.
    i2, h2 : float
        I^2 (percent) and H^2 as metafor reports them for the method.
    q, q_df, q_p : float, int, float
        Cochran's Q, its degrees of freedom and p-value.
    pi_low, pi_high : float or None
        Prediction interval (display scale) for random-effects methods; ``None`` otherwise.
    studies : tuple of StudyEffect
        Per-study effects with weights in percent.
    subgroups : tuple of PooledResult
        One result per subgroup (empty without ``subgroup``); each has ``group`` set.
    subgroup_test : SubgroupTest or None
        Test for subgroup differences.
    notes : tuple of str
        Plain-language notes (zero-cell corrections, dropped studies, ...).
    group : str or None
        The subgroup this result belongs to.
    interval_kind : str
        ``confidence``: pooled intervals are computed here, always confidence intervals.

    Examples
    --------
    >>> rows = [{"id": "A", "estimate": 0.8, "ci_low": 0.6, "ci_high": 1.1},
    ...         {"id": "B", "estimate": 0.6, "ci_low": 0.4, "ci_high": 0.9}]
    >>> r = pool(rows, measure="HR", method="dl")
    >>> r.k, round(r.tau2, 4), round(r.estimate, 3), r.studies[0].id
    (2, 0.008, 0.716, 'A')
    >>> list(r.to_dict())[:5]
    ['measure', 'method', 'k', 'estimate', 'ci_low']
    """

    measure: str
    method: str
    level: float
    k: int
    estimate: float
    ci_low: float
    ci_high: float
    log_estimate: float
    se: float
    tau2: float
    i2: float
    h2: float
    q: float
    q_df: int
    q_p: float
    pi_low: float | None
    pi_high: float | None
    studies: tuple[StudyEffect, ...]
    subgroups: tuple[PooledResult, ...] = ()
    subgroup_test: SubgroupTest | None = None
    notes: tuple[str, ...] = ()
    group: str | None = None
    interval_kind: str = "confidence"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (NaN and infinity become ``None``).

        Keys: ``measure, method, k, estimate, ci_low, ci_high, log_estimate, se, tau2, i2,
        h2, q, q_df, q_p, pi_low, pi_high, studies`` (each with ``id, estimate, ci_low,
        ci_high, weight`` plus ``yi, vi, labels``), then the extras ``level, subgroups,
        subgroup_test, notes`` (and ``group`` for a subgroup).
        """
        out: dict[str, Any] = {"measure": self.measure, "method": self.method, "k": self.k}
        for name in (
            "estimate",
            "ci_low",
            "ci_high",
            "log_estimate",
            "se",
            "tau2",
            "i2",
            "h2",
            "q",
        ):
            out[name] = json_number(getattr(self, name))
        out["q_df"] = self.q_df
        out["q_p"] = json_number(self.q_p)
        out["pi_low"] = json_number(self.pi_low)
        out["pi_high"] = json_number(self.pi_high)
        out["studies"] = [s.to_dict() for s in self.studies]
        out["level"] = self.level
        out["interval_kind"] = self.interval_kind
        if self.group is not None:
            out["group"] = self.group
        else:
            out["subgroups"] = [g.to_dict() for g in self.subgroups]
            out["subgroup_test"] = (
                self.subgroup_test.to_dict() if self.subgroup_test is not None else None
            )
        out["notes"] = list(self.notes)
        return out

    def __str__(self) -> str:
        """A plain-text table: studies, pooled estimate, heterogeneity and notes."""
        from evidence_dashboard.stats.report import pooled_text

        return pooled_text(self)

    def __repr__(self) -> str:
        """One line: measure, method, k, pooled estimate with CI and I²."""
        from evidence_dashboard.stats.report import pooled_repr

        return pooled_repr(self)

    def _repr_html_(self) -> str:
        """A compact HTML table for Jupyter (every value escaped)."""
        from evidence_dashboard.stats.report import pooled_html

        return pooled_html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's console shows the plain-text table."""
        printer.text(repr(self) if cycle else str(self))


def check_method(method: Any) -> str:
    """Normalise and validate a method name (case-insensitive)."""
    text = str(method).strip().lower() if method is not None else ""
    if text not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}. Got {method!r} instead.")
    return text


def _fit_table(table: StudyTable, method: str, level: float, group: str | None) -> PooledResult:
    """Pool one table of studies (the arrays are already validated)."""
    notes: list[str] = []
    study_yi = study_vi = None
    where = f" in subgroup '{group}'" if group is not None else ""
    if method in FIXED_METHODS - {"iv"}:
        a, b, c, d = table.ai, table.bi, table.ci, table.di
        if method == "mh":
            fit = estimators.fit_mh(table.measure, a, b, c, d, table.yi, table.vi)
            if fit is None:
                raise InputError(
                    f"the Mantel-Haenszel {table.measure} is undefined{where}: one arm has no "
                    "events in any study. Use method 'iv' or a random-effects method."
                )
        else:
            fit = estimators.fit_peto(a, b, c, d)
            if fit is None:
                raise InputError(
                    f"the Peto odds ratio is undefined{where}: no study has both events and "
                    "non-events."
                )
            add = np.where(table.corrected, 0.5, 0.0)
            study_yi, study_vi = escalc_counts("PETO", a + add, b + add, c + add, d + add)
        n_dz = int(table.double_zero.sum())
        if table.corrected.any():
            notes.append(
                f"{'Mantel-Haenszel' if method == 'mh' else 'Peto'} estimate from the raw "
                "counts; the 0.5 correction is used only for per-study estimates"
                + (" and Q" if method == "mh" else "")
            )
        if n_dz:
            notes.append(
                f"Q leaves out {n_dz} double-zero "
                f"{'study' if n_dz == 1 else 'studies'} (as metafor's rma.{method})"
            )
    elif method == "iv":
        fit = estimators.fit_fixed_iv(table.yi, table.vi)
    else:
        fit = estimators.fit_random(table.yi, table.vi, method)
    if fit.note:
        notes.append(fit.note)

    z = z_crit(level)
    lo_, hi_ = fit.beta - z * fit.se, fit.beta + z * fit.se
    if method in RANDOM_METHODS:
        half = z * math.sqrt(fit.tau2 + fit.se**2)
        pi_low: float | None = float(to_display(table.measure, fit.beta - half))
        pi_high: float | None = float(to_display(table.measure, fit.beta + half))
    else:
        pi_low = pi_high = None
    total = float(fit.weights.sum())
    weights = fit.weights / total * 100.0 if total > 0 else np.full(table.k, np.nan)
    return PooledResult(
        measure=table.measure,
        method=method,
        level=level,
        k=table.k,
        estimate=float(to_display(table.measure, fit.beta)),
        ci_low=float(to_display(table.measure, lo_)),
        ci_high=float(to_display(table.measure, hi_)),
        log_estimate=fit.beta,
        se=fit.se,
        tau2=fit.tau2,
        i2=fit.i2,
        h2=fit.h2,
        q=fit.q,
        q_df=fit.q_df,
        q_p=fit.q_p,
        pi_low=pi_low,
        pi_high=pi_high,
        studies=make_studies(table, level, weights, study_yi, study_vi),
        notes=tuple(notes),
        group=group,
    )


def pool(
    rows: Any,
    measure: str = "RR",
    method: str = "reml",
    level: float = 95,
    drop_double_zero: bool = False,
    subgroup: str | None = None,
) -> PooledResult:
    """Pool studies into one :class:`PooledResult`, with metafor's conventions.

    Parameters
    ----------
    rows : pandas.DataFrame, mapping of column -> array, or sequence of dicts
        One study per row: ``id`` plus ``events_treatment, total_treatment,
        events_control, total_control`` or ``estimate, ci_low, ci_high`` (optional
        ``ci_level``, default 95).  Count columns may be NaN for rows given by CI.  A
        mapping of numpy arrays is the fastest input.
    measure : str
        One of ``RR, OR, RD, HR, IRR, SHR`` (HR, IRR, SHR only from estimate + CI).
    method : str
        ``iv``, ``mh`` (RR, OR, RD; counts only), ``peto`` (OR; counts only), ``dl``,
        ``reml`` (default) or ``pm``.
    level : float
        Confidence level in percent, strictly between 0 and 100.
    drop_double_zero : bool
        Drop studies with no events (or only events) in both arms; by default they are
        kept with 0.5 added to every cell (escalc's defaults).
    subgroup : str or None
        A label column (e.g. ``age_group``); adds one result per subgroup and a test for
        subgroup differences.

    Returns
    -------
    PooledResult

    Raises
    ------
    InputError
        Unknown measure or method, level outside (0, 100), an impossible row (the message
        names the row and column), or no usable study.

    Examples
    --------
    >>> rows = [
    ...     {"id": "A", "events_treatment": 4, "total_treatment": 123,
    ...      "events_control": 11, "total_control": 139},
    ...     {"id": "B", "events_treatment": 6, "total_treatment": 306,
    ...      "events_control": 29, "total_control": 303},
    ...     {"id": "C", "events_treatment": 3, "total_treatment": 231,
    ...      "events_control": 11, "total_control": 220},
    ... ]
    >>> r = pool(rows, measure="RR", method="iv")
    >>> round(r.estimate, 4), round(r.ci_low, 4), round(r.ci_high, 4), r.k
    (0.2644, 0.1449, 0.4825, 3)
    >>> [round(s.weight, 1) for s in r.studies]
    [28.9, 48.4, 22.7]
    """
    measure = check_measure(measure)
    method = check_method(method)
    level = check_level(level)
    allowed = _MEASURES_FOR.get(method)
    if allowed is not None and measure not in allowed:
        raise InputError(
            f"method '{method}' works with measure {', '.join(allowed)} only. Got {measure} instead."
        )
    table = prepare(rows, measure, drop_double_zero=drop_double_zero)
    if allowed is not None and not table.from_counts.all():
        i = int(np.flatnonzero(~table.from_counts)[0])
        raise InputError(
            f"row '{table.ids[i]}': column 'events_treatment' (and the other count columns) "
            f"must be given for method '{method}', which needs arm counts. Got an estimate "
            "with CI instead."
        )
    overall = _fit_table(table, method, level, None)
    notes = [*table.notes, *overall.notes]
    if subgroup is None:
        return replace(overall, notes=tuple(notes))

    values = subgroup_values(table, subgroup)
    groups = list(dict.fromkeys(values))
    arr = np.array(values, dtype=object)
    results = tuple(_fit_table(table.subset(arr == g), method, level, g) for g in groups)
    test = subgroup_test(results)
    if test is None:
        notes.append("test for subgroup differences needs at least two subgroups")
    else:
        notes.append(
            "test for subgroup differences: fixed-effect Q of the subgroup estimates (as RevMan)"
        )
    return replace(overall, subgroups=results, subgroup_test=test, notes=tuple(notes))
