"""Per-study effect sizes from arm counts or from a published estimate with its CI.

The conventions follow metafor's ``escalc()`` defaults so that the numbers can be checked
against R:

* Ratio measures (RR, OR, and the generic log-ratio measures HR, IRR, SHR) are analysed on
  the natural-log scale; the risk difference (RD) on its own scale.
* A study with a zero cell gets 1/2 added to each of its four cells (``add=1/2,
  to="only0"``); a double-zero study (no events, or only events, in both arms) is kept
  unless ``drop_double_zero=True`` (escalc's ``drop00=FALSE`` default).
* For a row given as ``estimate, ci_low, ci_high`` (optional ``ci_level``, default 95) the
  standard error is recovered from the width of the interval: on the log scale for ratio
  measures, on the raw scale for RD.  Published intervals are rounded, so they are seldom
  exactly symmetric about the estimate on the log scale; the *average* of the two
  half-widths is used, i.e. ``se = (log(ci_high) - log(ci_low)) / (2 z)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats.escalc import escalc_counts, to_display
from evidence_dashboard.stats.inputs import (
    CI_COLUMNS,
    COUNT_COLUMNS,
    COUNT_MEASURES,
    EMPTY_LABELS,
    LEVEL_COLUMN,
    MEASURE_COLUMN,
    MEASURES,
    NUMERIC_COLUMNS,
    RATIO_MEASURES,
    check_ci_rows,
    check_counts,
    check_level,
    check_measure,
    float_column,
    json_number,
    json_value,
    plural,
    row_ids,
    row_labels,
    to_columns,
    z_crit,
)

__all__ = ["MEASURES", "RATIO_MEASURES", "StudyEffect", "StudyTable", "study_effects"]


@dataclass(frozen=True, slots=True)
class StudyEffect:
    """One study's effect, ready for a forest plot.

    Parameters
    ----------
    id : str
        The study id (the ``id`` column, or the 1-based row number when there is none).
    estimate, ci_low, ci_high : float
        The effect and its confidence interval on the display scale (ratio for RR, OR, HR,
        IRR, SHR; raw for RD), at the analysis level.
    weight : float or None
        The study's weight in the pooled estimate, in percent; ``None`` outside a pooled
        analysis.
    yi, vi : float
        The effect on the analysis scale (log for ratios) and its sampling variance.
    labels : Mapping[str, Any]
        Every other column of the row (e.g. ``drug``, ``design``), passed through untouched.
    level : float
        Level (percent) of ``ci_low``/``ci_high``.
    interval_kind : str
        ``confidence``, or ``credible`` for a row whose ``interval`` column says so.

    Examples
    --------
    >>> s = study_effects([{"id": "A", "estimate": 1.5, "ci_low": 1.2, "ci_high": 1.9,
    ...                     "drug": "X"}], measure="HR")[0]
    >>> s.id, s.estimate, dict(s.labels)
    ('A', 1.5, {'drug': 'X'})
    """

    id: str
    estimate: float
    ci_low: float
    ci_high: float
    weight: float | None
    yi: float
    vi: float
    labels: Mapping[str, Any] = field(default_factory=lambda: EMPTY_LABELS)
    level: float = 95.0
    interval_kind: str = "confidence"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``id, estimate, ci_low, ci_high, weight, yi, vi, labels``."""
        return {
            "id": self.id,
            "estimate": json_number(self.estimate),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "weight": json_number(self.weight),
            "yi": json_number(self.yi),
            "vi": json_number(self.vi),
            "labels": {k: json_value(v) for k, v in self.labels.items()},
        }


@dataclass(frozen=True, slots=True)
class StudyTable:
    """Validated studies as parallel numpy arrays (internal to the stats package).

    ``ai, bi, ci, di`` are the raw cells (NaN for rows given by CI); ``yi, vi`` are
    escalc-style effects with the zero-cell correction applied.
    """

    measure: str
    ids: tuple[str, ...]
    labels: tuple[Mapping[str, Any], ...]
    from_counts: np.ndarray
    ai: np.ndarray
    bi: np.ndarray
    ci: np.ndarray
    di: np.ndarray
    yi: np.ndarray
    vi: np.ndarray
    corrected: np.ndarray
    double_zero: np.ndarray
    notes: tuple[str, ...]

    @property
    def k(self) -> int:
        """Number of studies."""
        return len(self.ids)

    def subset(self, mask: np.ndarray) -> StudyTable:
        """The studies where ``mask`` is true (notes are kept as they are)."""
        idx = np.flatnonzero(mask)
        return StudyTable(
            measure=self.measure,
            ids=tuple(self.ids[i] for i in idx),
            labels=tuple(self.labels[i] for i in idx),
            from_counts=self.from_counts[idx],
            ai=self.ai[idx],
            bi=self.bi[idx],
            ci=self.ci[idx],
            di=self.di[idx],
            yi=self.yi[idx],
            vi=self.vi[idx],
            corrected=self.corrected[idx],
            double_zero=self.double_zero[idx],
            notes=self.notes,
        )


def prepare(rows: Any, measure: str, drop_double_zero: bool = False) -> StudyTable:
    """Validate rows and compute escalc-style effects (internal entry point).

    Parameters
    ----------
    rows : DataFrame, mapping of columns or sequence of dicts
        Studies with ``id`` and either the four count columns or ``estimate, ci_low,
        ci_high`` (optional ``ci_level``).
    measure : str
        One of :data:`MEASURES` (already validated).
    drop_double_zero : bool
        Drop studies with no events (or only events) in both arms.

    Returns
    -------
    StudyTable
        The usable studies as arrays.
    """
    n, cols = to_columns(rows)
    if n == 0:
        raise InputError("no usable study: the input has no rows.")
    ids = row_ids(n, cols)
    nan = np.full(n, np.nan)
    num = {
        name: (float_column(cols[name], name, ids) if name in cols else nan)
        for name in NUMERIC_COLUMNS
    }
    a, n1, c, n2 = (num[name] for name in COUNT_COLUMNS)
    est, lo, hi = (num[name] for name in CI_COLUMNS)
    lvl = np.where(np.isnan(num[LEVEL_COLUMN]), 95.0, num[LEVEL_COLUMN])

    present = np.column_stack([~np.isnan(x) for x in (a, n1, c, n2)])
    from_counts = present.all(axis=1)
    has_est = ~np.isnan(est)
    neither = ~from_counts & ~has_est
    if neither.any():
        i = int(np.flatnonzero(neither)[0])
        if present[i].any():
            missing = COUNT_COLUMNS[int(np.flatnonzero(~present[i])[0])]
            if missing not in cols:
                raise InputError(
                    f"column '{missing}' must be present with the other count columns (or give "
                    "estimate, ci_low and ci_high). Got no such column instead."
                )
            raise InputError(
                f"row '{ids[i]}': column '{missing}' must be a whole number (all four count "
                "columns are needed, or give estimate, ci_low and ci_high). Got nothing instead."
            )
        raise InputError(
            f"row '{ids[i]}': column 'events_treatment' (with the other count columns) or "
            "column 'estimate' (with ci_low, ci_high) must be given. Got neither instead."
        )

    count_rows = np.flatnonzero(from_counts)
    ci_rows = np.flatnonzero(~from_counts)
    if count_rows.size:
        if measure not in COUNT_MEASURES:
            i = count_rows[0]
            raise InputError(
                f"row '{ids[i]}': measure {measure} cannot be computed from arm counts (only "
                f"{', '.join(COUNT_MEASURES)}); give estimate, ci_low and ci_high instead."
            )
        check_counts(ids, a, n1, c, n2, count_rows)
    if ci_rows.size:
        row_measures = cols.get(MEASURE_COLUMN)
        check_ci_rows(ids, measure, est, lo, hi, lvl, ci_rows, row_measures)

    b = n1 - a
    d = n2 - c
    with np.errstate(invalid="ignore"):
        zero = from_counts & ((a == 0) | (b == 0) | (c == 0) | (d == 0))
        double_zero = from_counts & (((a == 0) & (c == 0)) | ((b == 0) & (d == 0)))

    notes: list[str] = []
    keep = np.ones(n, dtype=bool)
    n_dz = int(double_zero.sum())
    if n_dz:
        if drop_double_zero:
            keep = ~double_zero
            notes.append(f"{plural(n_dz, 'double-zero study', 'double-zero studies')} dropped")
        else:
            notes.append(f"{plural(n_dz, 'double-zero study', 'double-zero studies')} kept")
    if not keep.any():
        raise InputError("no usable study: every study is a double-zero study and was dropped.")
    n_corr = int((zero & keep).sum())
    if n_corr:
        notes.insert(
            0,
            f"0.5 added to all cells of {plural(n_corr, 'study', 'studies')} with a zero cell",
        )

    yi = np.full(n, np.nan)
    vi = np.full(n, np.nan)
    if count_rows.size:
        add = np.where(zero, 0.5, 0.0)
        yc, vc = escalc_counts(measure, a + add, b + add, c + add, d + add)
        yi[from_counts] = yc[from_counts]
        vi[from_counts] = vc[from_counts]
    if ci_rows.size:
        z = special.ndtri(1.0 - (1.0 - lvl[ci_rows] / 100.0) / 2.0)
        e, low, high = est[ci_rows], lo[ci_rows], hi[ci_rows]
        if measure in RATIO_MEASURES:
            ly, ll, lh = np.log(e), np.log(low), np.log(high)
        else:
            ly, ll, lh = e, low, high
        yi[ci_rows] = ly
        vi[ci_rows] = ((lh - ll) / (2.0 * z)) ** 2
        upper, lower = lh - ly, ly - ll
        asym = np.abs(upper - lower) > 0.1 * (upper + lower) / 2.0
        if asym.any():
            notes.append(
                f"CI of {plural(int(asym.sum()), 'study', 'studies')} asymmetric by more than "
                "10% on the analysis scale; SE taken from the average half-width"
            )

    table = StudyTable(
        measure=measure,
        ids=ids,
        labels=row_labels(n, cols),
        from_counts=np.asarray(from_counts),
        ai=a,
        bi=b,
        ci=c,
        di=d,
        yi=yi,
        vi=vi,
        corrected=zero,
        double_zero=double_zero,
        notes=tuple(notes),
    )
    return table if keep.all() else table.subset(keep)


def make_studies(
    table: StudyTable,
    level: float,
    weights: np.ndarray | None = None,
    yi: np.ndarray | None = None,
    vi: np.ndarray | None = None,
) -> tuple[StudyEffect, ...]:
    """Build :class:`StudyEffect` objects from a table (optionally with other yi/vi)."""
    yi = table.yi if yi is None else yi
    vi = table.vi if vi is None else vi
    z = z_crit(level)
    with np.errstate(invalid="ignore"):
        half = z * np.sqrt(vi)
    est = np.asarray(to_display(table.measure, yi))
    low = np.asarray(to_display(table.measure, yi - half))
    high = np.asarray(to_display(table.measure, yi + half))
    cols = [est.tolist(), low.tolist(), high.tolist(), yi.tolist(), vi.tolist()]
    w = weights.tolist() if weights is not None else [None] * table.k
    return tuple(
        StudyEffect(sid, e, lo_, hi_, wi, y, v, lab, level, _interval_kind(lab))
        for sid, e, lo_, hi_, y, v, wi, lab in zip(table.ids, *cols, w, table.labels, strict=True)
    )


def _interval_kind(labels: Mapping[str, Any]) -> str:
    """A row labelled ``interval=credible`` keeps that kind; everything else is a CI."""
    return "credible" if str(labels.get("interval", "")).strip() == "credible" else "confidence"


def study_effects(
    rows: Any,
    measure: str = "RR",
    level: float = 95,
    drop_double_zero: bool = False,
) -> tuple[StudyEffect, ...]:
    """Per-study effects with confidence intervals, as metafor's ``escalc`` computes them.

    Parameters
    ----------
    rows : pandas.DataFrame, mapping of columns, or sequence of dicts
        One study per row: ``id`` plus either ``events_treatment, total_treatment,
        events_control, total_control`` or ``estimate, ci_low, ci_high`` (optional
        ``ci_level``, default 95).  Other columns are passed through as labels.
    measure : str
        ``RR``, ``OR`` or ``RD`` from counts; any of :data:`MEASURES` from estimate + CI.
    level : float
        Confidence level, in percent, of the per-study intervals.
    drop_double_zero : bool
        Drop studies with no events (or only events) in both arms (default: keep them).

    Returns
    -------
    tuple of StudyEffect
        One per usable study, with ``weight=None``.

    Raises
    ------
    InputError
        For a bad parameter or an impossible row; the message names the row and column.

    Examples
    --------
    >>> rows = [{"id": "A", "events_treatment": 4, "total_treatment": 123,
    ...          "events_control": 11, "total_control": 139}]
    >>> s = study_effects(rows, measure="RR")[0]
    >>> round(s.estimate, 4), round(s.yi, 4), round(s.vi, 4)
    (0.4109, -0.8893, 0.3256)
    >>> study_effects([{"id": "B", "estimate": 0.8, "ci_low": 0.6, "ci_high": 1.1}],
    ...               measure="HR")[0].id
    'B'
    """
    measure = check_measure(measure)
    level = check_level(level)
    table = prepare(rows, measure, drop_double_zero=drop_double_zero)
    return make_studies(table, level)
