"""Subgroups of a pooled analysis: their labels and the test for subgroup differences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import estimators
from evidence_dashboard.stats.effects import StudyTable
from evidence_dashboard.stats.inputs import json_number

if TYPE_CHECKING:
    from evidence_dashboard.stats.pooling import PooledResult


@dataclass(frozen=True, slots=True)
class SubgroupTest:
    """Test for subgroup differences: Q between subgroups, its df and p-value."""

    q: float
    df: int
    p: float

    def to_dict(self) -> dict[str, Any]:
        """``{"q": ..., "df": ..., "p": ...}``."""
        return {"q": json_number(self.q), "df": self.df, "p": json_number(self.p)}


def subgroup_values(table: StudyTable, column: str) -> list[str]:
    if not any(column in lab for lab in table.labels):
        raise InputError(
            f"column '{column}' (the subgroup column) must be present in the studies. "
            "Got no such column instead."
        )
    values = []
    for sid, lab in zip(table.ids, table.labels, strict=True):
        v = lab.get(column)
        if v is None:
            raise InputError(
                f"row '{sid}': column '{column}' must name the study's subgroup. Got an empty "
                "value instead."
            )
        values.append(str(v))
    return values


def subgroup_test(results: tuple[PooledResult, ...]) -> SubgroupTest | None:
    """Fixed-effect test of subgroup differences (RevMan; metafor ``rma(method="FE")``).

    ``Q = sum w_g (b_g - b)^2`` with ``w_g = 1 / se_g^2`` over subgroups with a finite
    standard error, ``df = groups - 1``.  ``None`` with fewer than two usable subgroups.
    """
    est = np.array([r.log_estimate for r in results], dtype=float)
    se = np.array([r.se for r in results], dtype=float)
    ok = np.isfinite(est) & np.isfinite(se) & (se > 0)
    if ok.sum() < 2:
        return None
    w = 1.0 / se[ok] ** 2
    mean = float(w @ est[ok]) / float(w.sum())
    q = float(w @ (est[ok] - mean) ** 2)
    df = int(ok.sum()) - 1
    return SubgroupTest(q=q, df=df, p=estimators.chi2_sf(q, df))
