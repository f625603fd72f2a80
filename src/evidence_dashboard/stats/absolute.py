"""Absolute effects: from a relative effect and an assumed baseline (comparator) risk.

Follows the Cochrane Handbook, section 15.4.4 (Schünemann et al.):

* from a risk ratio: ``risk_exposed = ACR × RR``;
* from an odds ratio: ``risk_exposed = OR × ACR / (1 − ACR + OR × ACR)``;
* from a risk difference: ``risk_exposed = ACR + RD``;

where ACR is the assumed comparator risk (``baseline_risk``).  The risk difference is
``risk_exposed − ACR`` (positive = more events with the exposure = harm); CI bounds are
transformed the same way.  The number needed is ``1 / |RD|`` rounded *up* to the next
whole number (Handbook 15.4.4): NNH when RD > 0, NNT when RD < 0.  The CI bounds of the
number needed are rounded up as well, so the text is deterministic.  When the RD interval
includes 0 the interval of the number needed runs through infinity and is written in
Altman's form (BMJ 1998;317:1309), harm end first: ``NNTH 12 to ∞ to NNTB 40``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from evidence_dashboard.errors import InputError
from evidence_dashboard.schema import ABSOLUTE_MEASURES, INTERVAL_ABBREVIATIONS
from evidence_dashboard.stats.inputs import RATIO_MEASURES, check_level, fmt_number, json_number
from evidence_dashboard.stats.report import number_needed_text, round_up

__all__ = [
    "ABSOLUTE_MEASURES",
    "AbsoluteEffect",
    "RiskDifferenceEffect",
    "absolute_effect",
    "number_needed_text",
    "risk_difference_effect",
    "round_up",
]


@dataclass(frozen=True, slots=True)
class AbsoluteEffect:
    """An absolute effect; numbers unrounded except the whole-number ``number_needed``.

    Parameters
    ----------
    measure : str
        ``RR``, ``OR`` or ``RD``: what ``estimate`` is.
    estimate, ci_low, ci_high : float (CI bounds may be None)
        The relative (or RD) effect and its CI as given.
    baseline_risk : float
        The assumed comparator risk, in (0, 1).
    risk_exposed : float
        Risk with the exposure.
    risk_difference, rd_ci_low, rd_ci_high : float (CI bounds may be None)
        ``risk_exposed - baseline_risk`` and its CI.
    per_1000, per_1000_ci_low, per_1000_ci_high : float (CI bounds may be None)
        The risk difference per 1000 people (positive = more events).
    number_needed : int or None
        ``ceil(1 / |RD|)``; ``None`` when RD is exactly 0.
    number_needed_kind : str
        ``NNH`` (RD > 0, harm) or ``NNT`` (RD <= 0, benefit).
    number_needed_text : str
        E.g. ``NNH 12 (95% CI 8 to 25)`` or ``NNT 11 (95% CI NNTH 22 to ∞ to NNTB 5)``.
    level : float
        Level (percent) of the interval, as quoted in every text form.
    interval_kind : str
        ``confidence`` or ``credible``: what kind of interval the relative effect came with.

    Examples
    --------
    >>> a = absolute_effect("RR", 1.5, baseline_risk=0.1, ci_low=1.2, ci_high=1.9)
    >>> round(a.per_1000, 1), a.number_needed_kind, a.number_needed_text
    (50.0, 'NNH', 'NNH 20 (95% CI 12 to 50)')
    """

    measure: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    baseline_risk: float
    risk_exposed: float
    risk_difference: float
    rd_ci_low: float | None
    rd_ci_high: float | None
    per_1000: float
    per_1000_ci_low: float | None
    per_1000_ci_high: float | None
    number_needed: int | None
    number_needed_kind: str
    number_needed_text: str
    level: float = 95.0
    interval_kind: str = "confidence"

    def to_dict(self) -> dict[str, Any]:
        """The JSON keys ``baseline_risk, risk_exposed, risk_difference, rd_ci_low,
        rd_ci_high, per_1000, per_1000_ci_low, per_1000_ci_high, number_needed,
        number_needed_kind, number_needed_text``."""
        out: dict[str, Any] = {
            name: json_number(getattr(self, name))
            for name in (
                "baseline_risk",
                "risk_exposed",
                "risk_difference",
                "rd_ci_low",
                "rd_ci_high",
                "per_1000",
                "per_1000_ci_low",
                "per_1000_ci_high",
            )
        }
        out["number_needed"] = self.number_needed
        out["number_needed_kind"] = self.number_needed_kind
        out["number_needed_text"] = self.number_needed_text
        out["level"] = self.level
        out["interval_kind"] = self.interval_kind
        return out

    def __str__(self) -> str:
        """A plain-text table: risks without and with the exposure, difference, number needed."""
        from evidence_dashboard.stats.report import absolute_text

        return absolute_text(self)

    def __repr__(self) -> str:
        """One line: the relative effect, baseline, difference per 1,000 and number needed."""
        from evidence_dashboard.stats.report import absolute_repr

        return absolute_repr(self)

    def _repr_html_(self) -> str:
        """A compact HTML table for Jupyter (every value escaped)."""
        from evidence_dashboard.stats.report import absolute_html

        return absolute_html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's console shows the plain-text table."""
        printer.text(repr(self) if cycle else str(self))


def _risk(measure: str, value: float, baseline: float) -> float:
    if measure == "RR":
        return baseline * value
    if measure == "OR":
        return value * baseline / (1.0 - baseline + value * baseline)
    return baseline + value


def _numbers(values: dict[str, Any], ci_low: Any, ci_high: Any) -> dict[str, float]:
    """The inputs as finite floats (CI bounds both or neither), or an InputError naming one."""
    if (ci_low is None) != (ci_high is None):
        missing = "ci_high" if ci_high is None else "ci_low"
        raise InputError(f"{missing} must be given together with the other CI bound. Got none.")
    if ci_low is not None:
        values = {**values, "ci_low": ci_low, "ci_high": ci_high}
    nums: dict[str, float] = {}
    for name, v in values.items():
        try:
            nums[name] = float(v)
        except (TypeError, ValueError):
            raise InputError(f"{name} must be a number. Got {v!r} instead.") from None
        if not math.isfinite(nums[name]):
            raise InputError(f"{name} must be a finite number. Got {v!r} instead.")
    return nums


def _check_interval_kind(kind: str) -> None:
    if kind not in INTERVAL_ABBREVIATIONS:
        raise InputError(
            f"interval_kind must be one of {', '.join(INTERVAL_ABBREVIATIONS)}. "
            f"Got {kind!r} instead."
        )


def _check_ci(est: float, lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None:
        if lo > hi:
            raise InputError(
                f"ci_low must not exceed ci_high ({fmt_number(hi)}). Got {fmt_number(lo)} instead."
            )
        if not lo <= est <= hi:
            raise InputError(
                f"estimate must lie within its CI [{fmt_number(lo)}, {fmt_number(hi)}]. "
                f"Got {fmt_number(est)} instead."
            )


def absolute_effect(
    measure: str,
    estimate: float,
    baseline_risk: float,
    ci_low: float | None = None,
    ci_high: float | None = None,
    level: float = 95,
    interval_kind: str = "confidence",
) -> AbsoluteEffect:
    """Absolute risk, risk difference and number needed from a relative effect.

    Parameters
    ----------
    measure : {"RR", "OR", "RD"}
        What ``estimate`` is.
    estimate : float
        The effect (a ratio > 0 for RR and OR; a difference for RD).
    baseline_risk : float
        Assumed comparator risk, strictly between 0 and 1.
    ci_low, ci_high : float, optional
        The effect's confidence interval (both or neither).
    level : float
        The interval's level in percent (only used in the text).
    interval_kind : {"confidence", "credible"}
        What kind of interval ``ci_low``/``ci_high`` are; every text form names it.

    Returns
    -------
    AbsoluteEffect

    Raises
    ------
    InputError
        Unknown measure, baseline risk outside (0, 1), a ratio <= 0, a CI that does not
        contain the estimate, or a risk in the exposed outside [0, 1].

    Examples
    --------
    Cochrane Handbook 15.4.4: RR 0.92 with an assumed comparator risk of 0.3.

    >>> a = absolute_effect("RR", 0.92, baseline_risk=0.3)
    >>> round(a.per_1000, 1), a.number_needed, a.number_needed_text
    (-24.0, 42, 'NNT 42')
    """
    m = str(measure).strip().upper() if measure is not None else ""
    if m not in ABSOLUTE_MEASURES:
        raise InputError(
            f"measure must be one of {', '.join(ABSOLUTE_MEASURES)}. Got {measure!r} instead."
        )
    level = check_level(level)
    _check_interval_kind(interval_kind)
    nums = _numbers({"estimate": estimate, "baseline_risk": baseline_risk}, ci_low, ci_high)
    p0 = nums["baseline_risk"]
    if not 0.0 < p0 < 1.0:
        raise InputError(
            f"baseline_risk must be a proportion strictly between 0 and 1 (e.g. 0.05 for 5%). "
            f"Got {fmt_number(p0)} instead."
        )
    for name in ("estimate", "ci_low", "ci_high"):
        if name in nums and m in RATIO_MEASURES and nums[name] <= 0:
            raise InputError(
                f"{name} must be above 0 for the ratio measure {m}. "
                f"Got {fmt_number(nums[name])} instead."
            )
    est = nums["estimate"]
    lo, hi = nums.get("ci_low"), nums.get("ci_high")
    _check_ci(est, lo, hi)
    risk = _risk(m, est, p0)
    if not 0.0 <= risk <= 1.0:
        raise InputError(
            f"estimate {m} {fmt_number(est)} with baseline_risk {fmt_number(p0)} gives a risk "
            f"of {risk:.4g} in the exposed, which must lie between 0 and 1."
        )
    rd = risk - p0
    rd_lo = _risk(m, lo, p0) - p0 if lo is not None else None
    rd_hi = _risk(m, hi, p0) - p0 if hi is not None else None
    nn, kind, text = number_needed_text(rd, rd_lo, rd_hi, level, interval_kind)
    return AbsoluteEffect(
        measure=m,
        estimate=est,
        ci_low=lo,
        ci_high=hi,
        baseline_risk=p0,
        risk_exposed=risk,
        risk_difference=rd,
        rd_ci_low=rd_lo,
        rd_ci_high=rd_hi,
        per_1000=rd * 1000.0,
        per_1000_ci_low=rd_lo * 1000.0 if rd_lo is not None else None,
        per_1000_ci_high=rd_hi * 1000.0 if rd_hi is not None else None,
        number_needed=nn,
        number_needed_kind=kind,
        number_needed_text=text,
        level=level,
        interval_kind=interval_kind,
    )


@dataclass(frozen=True, slots=True)
class RiskDifferenceEffect:
    """A risk difference read as events per 1000 and a number needed; no baseline is needed.

    The fields mean what they mean on :class:`AbsoluteEffect`; ``to_dict`` has the same keys,
    with ``baseline_risk`` and ``risk_exposed`` null because no comparator risk was assumed.

    Examples
    --------
    >>> e = risk_difference_effect(-0.05, ci_low=-0.08, ci_high=-0.02)
    >>> round(e.per_1000), e.number_needed_text
    (-50, 'NNT 20 (95% CI 13 to 50)')
    """

    estimate: float
    ci_low: float | None
    ci_high: float | None
    per_1000: float
    per_1000_ci_low: float | None
    per_1000_ci_high: float | None
    number_needed: int | None
    number_needed_kind: str
    number_needed_text: str
    level: float = 95.0
    measure: str = "RD"
    interval_kind: str = "confidence"

    def to_dict(self) -> dict[str, Any]:
        """The keys of :meth:`AbsoluteEffect.to_dict`; the baseline and exposed risk are null."""
        return {
            "baseline_risk": None,
            "risk_exposed": None,
            "risk_difference": json_number(self.estimate),
            "rd_ci_low": json_number(self.ci_low),
            "rd_ci_high": json_number(self.ci_high),
            "per_1000": json_number(self.per_1000),
            "per_1000_ci_low": json_number(self.per_1000_ci_low),
            "per_1000_ci_high": json_number(self.per_1000_ci_high),
            "number_needed": self.number_needed,
            "number_needed_kind": self.number_needed_kind,
            "number_needed_text": self.number_needed_text,
            "level": self.level,
            "interval_kind": self.interval_kind,
        }

    def __str__(self) -> str:
        """A plain-text table: the risk difference, per 1,000 and the number needed."""
        from evidence_dashboard.stats.report import absolute_text

        return absolute_text(self)


def risk_difference_effect(
    estimate: float,
    ci_low: float | None = None,
    ci_high: float | None = None,
    level: float = 95,
    interval_kind: str = "confidence",
) -> RiskDifferenceEffect:
    """Events per 1000 and the number needed straight from a risk difference.

    A risk difference is already absolute, so unlike a ratio it needs no assumed baseline risk.

    Parameters
    ----------
    estimate : float
        The risk difference (exposed minus comparator), between -1 and 1.
    ci_low, ci_high : float, optional
        Its confidence interval (both or neither).
    level : float
        The interval's level in percent (only used in the text).
    interval_kind : {"confidence", "credible"}
        What kind of interval ``ci_low``/``ci_high`` are; every text form names it.

    Returns
    -------
    RiskDifferenceEffect

    Raises
    ------
    InputError
        A value that is not a finite number, outside [-1, 1], or a CI that does not contain
        the estimate.
    """
    level = check_level(level)
    _check_interval_kind(interval_kind)
    nums = _numbers({"estimate": estimate}, ci_low, ci_high)
    for name, value in nums.items():
        if not -1.0 <= value <= 1.0:
            raise InputError(
                f"{name} must be a risk difference between -1 and 1. "
                f"Got {fmt_number(value)} instead."
            )
    est, lo, hi = nums["estimate"], nums.get("ci_low"), nums.get("ci_high")
    _check_ci(est, lo, hi)
    nn, kind, text = number_needed_text(est, lo, hi, level, interval_kind)
    return RiskDifferenceEffect(
        estimate=est,
        ci_low=lo,
        ci_high=hi,
        per_1000=est * 1000.0,
        per_1000_ci_low=lo * 1000.0 if lo is not None else None,
        per_1000_ci_high=hi * 1000.0 if hi is not None else None,
        number_needed=nn,
        number_needed_kind=kind,
        number_needed_text=text,
        level=level,
        interval_kind=interval_kind,
    )
