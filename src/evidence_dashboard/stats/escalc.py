"""Effect sizes from 2x2 cells and the back-transform to the display scale, as metafor's escalc."""

from __future__ import annotations

import numpy as np

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats.inputs import RATIO_MEASURES


def escalc_counts(
    measure: str, a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``yi, vi`` from (already corrected) 2x2 cells, as metafor's escalc.

    Parameters
    ----------
    measure : {"RR", "OR", "RD", "PETO"}
        The effect measure; ``PETO`` is the one-step Peto log odds ratio.
    a, b, c, d : numpy.ndarray
        Events and non-events in the treatment arm, then in the control arm.

    Returns
    -------
    tuple of numpy.ndarray
        The effects (log scale for ratios) and their sampling variances.
    """
    n1 = a + b
    n2 = c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "RR":
            yi = np.log(a / n1) - np.log(c / n2)
            vi = 1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2
        elif measure == "OR":
            yi = np.log(a) + np.log(d) - np.log(b) - np.log(c)
            vi = 1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d
        elif measure == "RD":
            p1 = a / n1
            p2 = c / n2
            yi = p1 - p2
            vi = p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2
        elif measure == "PETO":
            n = n1 + n2
            xt = a + c
            yt = b + d
            ei = xt * n1 / n
            v = xt * yt * (n1 / n) * (n2 / n) / (n - 1.0)
            yi = (a - ei) / v
            vi = 1.0 / v
        else:  # pragma: no cover - guarded by callers
            raise InputError(f"measure {measure!r} cannot be computed from counts.")
    return yi, vi


def to_display(measure: str, y: np.ndarray | float) -> np.ndarray | float:
    """Back-transform from the analysis scale (exp for ratio measures)."""
    return np.exp(y) if measure in RATIO_MEASURES else y
