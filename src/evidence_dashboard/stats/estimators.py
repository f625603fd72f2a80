"""Numeric kernels of the pooling methods, on plain numpy arrays (no pandas, no validation).

Every function mirrors the corresponding code path of metafor 3.8 (``rma.uni``, ``rma.mh``,
``rma.peto``) for an intercept-only model; the docstrings say where the two differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

#: Convergence threshold on the change in tau^2 for Fisher scoring (metafor: 1e-5).
REML_THRESHOLD = 1e-10
REML_MAXITER = 1000
#: metafor's ``con$tol`` (``.Machine$double.eps^0.25``), used by its REML ll0 check.
_LL0_TOL = np.finfo(float).eps ** 0.25


@dataclass(frozen=True, slots=True)
class Fit:
    """The numbers of one fitted model on the analysis scale (internal)."""

    beta: float
    se: float
    tau2: float
    i2: float
    h2: float
    q: float
    q_df: int
    q_p: float
    weights: np.ndarray  # raw (unnormalised) study weights
    note: str | None = None


def chi2_sf(q: float, df: int) -> float:
    """Upper tail probability of a chi-square distribution (fast ufunc, no scipy.stats)."""
    if df <= 0:
        return 1.0
    return float(special.chdtrc(df, q))


def fe_heterogeneity(yi: np.ndarray, vi: np.ndarray) -> tuple[float, float, float, float]:
    """Inverse-variance fixed-effect fit.

    Returns
    -------
    tuple of float
        ``(beta, sum of weights, Q, trace of P)`` where ``tr(P) = sum w - sum w^2 / sum w``.
    """
    w = 1.0 / vi
    sw = float(w.sum())
    beta = float(w @ yi) / sw
    r = yi - beta
    q = max(0.0, float(w @ (r * r)))
    trp = sw - float(w @ w) / sw
    return beta, sw, q, trp


def q_based_i2_h2(q: float, df: int) -> tuple[float, float]:
    """I^2 (percent) and H^2 from Q, as metafor reports them for fixed-effect models."""
    if df <= 0:
        return 0.0, 1.0
    i2 = max(0.0, 100.0 * (q - df) / q) if q > 0 else 0.0
    return i2, q / df


def tau2_dl(q: float, k: int, trp: float) -> float:
    """DerSimonian-Laird: ``max(0, (Q - (k - 1)) / tr(P))``."""
    if k <= 1 or trp <= 0:
        return 0.0
    return max(0.0, (q - (k - 1)) / trp)


def _reml_loglik(yi: np.ndarray, vi: np.ndarray, tau2: float) -> float:
    w = 1.0 / (vi + tau2)
    sw = float(w.sum())
    beta = float(w @ yi) / sw
    r = yi - beta
    k = yi.size
    return (
        -0.5 * (k - 1) * math.log(2 * math.pi)
        - 0.5 * float(np.log(vi + tau2).sum())
        - 0.5 * math.log(sw)
        - 0.5 * float(w @ (r * r))
    )


def tau2_reml(yi: np.ndarray, vi: np.ndarray) -> tuple[float, str | None]:
    """Restricted maximum likelihood tau^2 by Fisher scoring, as metafor's ``rma.uni``.

    Starts from the Hedges (HE) estimate, halves a step that would make tau^2 negative,
    and stops when tau^2 changes by less than :data:`REML_THRESHOLD` (tighter than
    metafor's 1e-5, so the result is the maximiser rather than metafor's stopping point;
    they differ by far less than 1e-4).  metafor's check against a local maximum is
    applied: if the log-likelihood at tau^2 = 0 is higher, tau^2 = 0.

    Returns
    -------
    tuple
        ``(tau2, note)``; the note is ``None`` unless something needs saying.
    """
    k = yi.size
    if k <= 1:
        return 0.0, None
    ybar = float(yi.mean())
    dev = yi - ybar
    tau2 = max(0.0, (float(dev @ dev) - float(vi.sum()) * (k - 1) / k) / (k - 1))
    converged = False
    for _ in range(REML_MAXITER):
        w = 1.0 / (vi + tau2)
        sw = float(w.sum())
        w2 = w * w
        sw2 = float(w2.sum())
        beta = float(w @ yi) / sw
        r = yi - beta
        trp = sw - sw2 / sw
        trpp = sw2 - 2.0 * float(w2 @ w) / sw + sw2 * sw2 / (sw * sw)
        adj = (float(w2 @ (r * r)) - trp) / trpp
        if not math.isfinite(adj):
            adj = 0.0
        halvings = 0
        while tau2 + adj < 0.0 and halvings < 1100:
            adj /= 2.0
            halvings += 1
        if tau2 + adj < 0.0:
            adj = -tau2
        tau2 += adj
        if abs(adj) < REML_THRESHOLD:
            converged = True
            break
    tau2 = max(0.0, tau2)
    note = None if converged else "REML (Fisher scoring) did not converge; last value used"
    if tau2 > 1e-5 and _reml_loglik(yi, vi, 0.0) - _reml_loglik(yi, vi, tau2) > _LL0_TOL:
        tau2 = 0.0
        note = "REML stuck at a local maximum; tau² set to 0 (as metafor)"
    return tau2, note


def _generalised_q(tau2: float, yi: np.ndarray, vi: np.ndarray) -> float:
    w = 1.0 / (vi + tau2)
    beta = float(w @ yi) / float(w.sum())
    r = yi - beta
    return float(w @ (r * r))


def tau2_pm(yi: np.ndarray, vi: np.ndarray, q: float) -> float:
    """Paule-Mandel tau^2: the root of ``Q(tau2) = k - 1`` (0 when ``Q(0) < k - 1``).

    metafor searches [0, 100] with ``uniroot(tol = 1.2e-4)``; here the root is found with
    Brent's method to ~1e-12 and the bracket is widened as needed, so very large tau^2
    values do not fail.
    """
    k = yi.size
    target = k - 1
    if k <= 1 or q < target:
        return 0.0
    f = lambda t: _generalised_q(t, yi, vi) - target  # noqa: E731
    hi = max(100.0, float(np.var(yi)) * 2.0)
    while f(hi) > 0 and hi < 1e12:
        hi *= 10.0
    if f(0.0) == 0.0:
        return 0.0
    return max(0.0, float(optimize.brentq(f, 0.0, hi, xtol=1e-13, rtol=1e-12, maxiter=500)))


def fit_fixed_iv(yi: np.ndarray, vi: np.ndarray) -> Fit:
    """Inverse-variance fixed-effect model (metafor ``rma(method="FE")``)."""
    beta, sw, q, _ = fe_heterogeneity(yi, vi)
    k = yi.size
    df = k - 1
    if k <= 1:
        q, p = 0.0, 1.0
    else:
        p = chi2_sf(q, df)
    i2, h2 = q_based_i2_h2(q, df)
    return Fit(beta, math.sqrt(1.0 / sw), 0.0, i2, h2, q, max(df, 0), p, 1.0 / vi)


def fit_random(yi: np.ndarray, vi: np.ndarray, method: str) -> Fit:
    """Random-effects model with tau^2 from ``dl``, ``reml`` or ``pm`` (metafor ``rma.uni``).

    I^2 and H^2 use metafor's default definition for random-effects models:
    ``I2 = 100 tau2 / (tau2 + s2)`` and ``H2 = (tau2 + s2) / s2`` with the "typical"
    within-study variance ``s2 = (k - 1) / tr(P)``.
    """
    k = yi.size
    _, _, q, trp = fe_heterogeneity(yi, vi)
    note = None
    if k <= 1:
        tau2 = 0.0
    elif method == "dl":
        tau2 = tau2_dl(q, k, trp)
    elif method == "reml":
        tau2, note = tau2_reml(yi, vi)
    elif method == "pm":
        tau2 = tau2_pm(yi, vi, q)
    else:  # pragma: no cover - guarded by pool()
        raise ValueError(method)
    w = 1.0 / (vi + tau2)
    sw = float(w.sum())
    beta = float(w @ yi) / sw
    if k > 1:
        vt = (k - 1) / trp
        i2 = 100.0 * tau2 / (vt + tau2)
        h2 = tau2 / vt + 1.0
        p = chi2_sf(q, k - 1)
    else:
        q, p, i2, h2 = 0.0, 1.0, 0.0, 1.0
    return Fit(beta, math.sqrt(1.0 / sw), tau2, i2, h2, q, max(k - 1, 0), p, w, note)


def _q_fixed_at(beta: float, yi: np.ndarray, vi: np.ndarray) -> tuple[float, int, float]:
    """Cochran's Q of ``yi`` about a given ``beta`` (how rma.mh reports heterogeneity)."""
    k = yi.size
    if k <= 1:
        return 0.0, 0, 1.0
    r = yi - beta
    q = max(0.0, float((r * r / vi).sum()))
    return q, k - 1, chi2_sf(q, k - 1)


def fit_mh(
    measure: str,
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    d: np.ndarray,
    yi: np.ndarray,
    vi: np.ndarray,
) -> Fit | None:
    """Mantel-Haenszel fixed effect on the raw counts, as metafor ``rma.mh`` defaults.

    The estimate uses the cells without any zero-cell correction; the variance is the
    Robins-Breslow-Greenland estimator for OR, Greenland-Robins for RR and the
    Sato-Greenland-Robins (as metafor) for RD.  Q, I^2 and H^2 are Cochran's statistics of
    the corrected per-study ``yi, vi`` about the MH estimate, leaving out double-zero
    studies (``rma.mh``'s ``drop00=TRUE`` for the heterogeneity part).

    Returns
    -------
    Fit or None
        ``None`` when the MH estimate is undefined (no events in one arm overall).
    """
    n1 = a + b
    n2 = c + d
    n = n1 + n2
    if measure == "OR":
        pi_, qi = (a + d) / n, (b + c) / n
        ri, si = a * d / n, b * c / n
        r_, s_ = float(ri.sum()), float(si.sum())
        if r_ == 0 or s_ == 0:
            return None
        beta = math.log(r_ / s_)
        var = 0.5 * (
            float((pi_ * ri).sum()) / r_**2
            + float((pi_ * si + qi * ri).sum()) / (r_ * s_)
            + float((qi * si).sum()) / s_**2
        )
        weights = si
    elif measure == "RR":
        r_, s_ = float((a * n2 / n).sum()), float((c * n1 / n).sum())
        if a.sum() == 0 or c.sum() == 0:
            return None
        beta = math.log(r_ / s_)
        var = float(((n1 / n) * (n2 / n) * (a + c) - (a / n) * c).sum()) / (r_ * s_)
        weights = c * n1 / n
    elif measure == "RD":
        wsum = float((n1 * n2 / n).sum())
        beta = float((a * (n2 / n) - c * (n1 / n)).sum()) / wsum
        var = (
            beta
            * float(
                (c * (n1 / n) ** 2 - a * (n2 / n) ** 2 + (n1 / n) * (n2 / n) * (n2 - n1) / 2).sum()
            )
            + float((a * (n2 - c) / n + c * (n1 - a) / n).sum()) / 2
        ) / wsum**2
        weights = n1 * n2 / n
    else:  # pragma: no cover - guarded by pool()
        raise ValueError(measure)
    dz = ((a == 0) & (c == 0)) | ((b == 0) & (d == 0))
    q, df, p = _q_fixed_at(beta, yi[~dz], vi[~dz])
    i2, h2 = q_based_i2_h2(q, df)
    return Fit(beta, math.sqrt(max(var, 0.0)), 0.0, i2, h2, q, df, p, weights)


def fit_peto(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> Fit | None:
    """Peto's one-step odds ratio on the raw counts, as metafor ``rma.peto``.

    Q is ``sum (O - E)^2 / V - (sum (O - E))^2 / sum V`` over studies with ``V > 0`` with
    ``k - 1`` degrees of freedom, ``k`` counting the studies that are not double-zero.

    Returns
    -------
    Fit or None
        ``None`` when every study has ``V = 0`` (no information).
    """
    n1 = a + b
    n2 = c + d
    n = n1 + n2
    xt = a + c
    yt = b + d
    e = xt * n1 / n
    v = xt * yt * (n1 / n) * (n2 / n) / (n - 1.0)
    sv = float(v.sum())
    if sv <= 0:
        return None
    oe = a - e
    beta = float(oe.sum()) / sv
    pos = v > 0
    q = max(0.0, float((oe[pos] ** 2 / v[pos]).sum()) - float(oe.sum()) ** 2 / sv)
    dz = ((a == 0) & (c == 0)) | ((b == 0) & (d == 0))
    k_yi = int((~dz).sum())
    if k_yi > 1:
        df = k_yi - 1
        p = chi2_sf(q, df)
    else:
        q, df, p = 0.0, 0, 1.0
    i2, h2 = q_based_i2_h2(q, df)
    return Fit(beta, math.sqrt(1.0 / sv), 0.0, i2, h2, q, df, p, v)
