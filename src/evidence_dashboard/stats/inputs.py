"""Input handling for the statistics core: column names, conversion and validation.

Rows arrive as a pandas DataFrame, a mapping of column -> sequence/array, or a sequence of
dicts; they are converted to columns once.  Every validation error is an
:class:`~evidence_dashboard.errors.InputError` whose message names the row id and the
column, says what was expected and what was found.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import special

from evidence_dashboard import schema
from evidence_dashboard.errors import InputError

MEASURES: tuple[str, ...] = schema.POOLABLE_MEASURES
#: Measures analysed on the log scale (shown exponentiated).
RATIO_MEASURES: frozenset[str] = frozenset(schema.RATIO_MEASURES)
#: Measures that can be computed from the four arm counts.
COUNT_MEASURES: tuple[str, ...] = schema.COUNT_MEASURES

COUNT_COLUMNS: tuple[str, ...] = (
    "events_treatment",
    "total_treatment",
    "events_control",
    "total_control",
)
CI_COLUMNS: tuple[str, ...] = ("estimate", "ci_low", "ci_high")
LEVEL_COLUMN = "ci_level"
ID_COLUMN = "id"
MEASURE_COLUMN = "measure"
NUMERIC_COLUMNS: tuple[str, ...] = (*COUNT_COLUMNS, *CI_COLUMNS, LEVEL_COLUMN)
#: Columns with a meaning of their own; every other column is passed through as a label.
KNOWN_COLUMNS: frozenset[str] = frozenset({ID_COLUMN, MEASURE_COLUMN, *NUMERIC_COLUMNS})

EMPTY_LABELS: Mapping[str, Any] = MappingProxyType({})

# --------------------------------------------------------------------------- helpers


def json_number(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def json_value(x: Any) -> Any:
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def fmt_number(x: float) -> str:
    """Show a number as found: ``130`` not ``130.0``, ``2.5`` as ``2.5``."""
    if isinstance(x, float) and math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) else repr(x)


def z_crit(level: float) -> float:
    """Two-sided normal critical value for a ``level`` percent interval (1.96 for 95)."""
    return float(special.ndtri(1.0 - (1.0 - level / 100.0) / 2.0))


def check_level(level: Any, name: str = "level") -> float:
    """Validate a confidence level given in percent; it must lie strictly in (0, 100)."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must be a number between 0 and 100 (exclusive). Got {level!r} instead."
        ) from None
    if not (0.0 < value < 100.0):
        raise InputError(
            f"{name} must be between 0 and 100 (exclusive), e.g. 95. Got {fmt_number(value)} "
            "instead."
        )
    return value


def check_measure(measure: Any) -> str:
    """Normalise and validate a measure name (case-insensitive)."""
    text = str(measure).strip().upper() if measure is not None else ""
    if text not in MEASURES:
        raise InputError(f"measure must be one of {', '.join(MEASURES)}. Got {measure!r} instead.")
    return text


def is_missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float | np.floating):
        return bool(np.isnan(x))
    if isinstance(x, str):
        return x.strip() == ""
    if type(x).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(x is np.nan or (x != x))  # pandas NA and friends
    except (TypeError, ValueError):
        return False


def to_columns(rows: Any) -> tuple[int, dict[str, Sequence[Any] | np.ndarray]]:
    """Convert a DataFrame, a mapping of columns or a sequence of dicts to columns, once."""
    if hasattr(rows, "columns") and hasattr(rows, "to_numpy"):  # a pandas DataFrame
        n = len(rows)
        return n, {str(c): rows[c].to_numpy() for c in rows.columns}
    if isinstance(rows, Mapping):
        cols: dict[str, Sequence[Any] | np.ndarray] = {
            str(c): (v if isinstance(v, np.ndarray) else list(v)) for c, v in rows.items()
        }
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise InputError(
                "every column must have the same number of values. Got lengths "
                f"{sorted(lengths)} instead."
            )
        return (lengths.pop() if lengths else 0), cols
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise InputError(
            "rows must be a DataFrame, a mapping of columns or a list of dicts. Got "
            f"{type(rows).__name__} instead."
        )
    names: dict[str, None] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InputError(f"row {i + 1} must be a dict of columns. Got {type(row).__name__}.")
        names.update(dict.fromkeys(str(k) for k in row))
    return len(rows), {c: [row.get(c) for row in rows] for c in names}


def row_ids(n: int, cols: Mapping[str, Any]) -> tuple[str, ...]:
    if ID_COLUMN not in cols:
        return tuple(str(i + 1) for i in range(n))
    ids = []
    for i, v in enumerate(cols[ID_COLUMN]):
        v = v.item() if isinstance(v, np.generic) else v
        ids.append(
            str(i + 1) if is_missing(v) else fmt_number(v) if isinstance(v, float) else str(v)
        )
    return tuple(ids)


def float_column(values: Any, name: str, ids: Sequence[str]) -> np.ndarray:
    """Parse a column to float (missing -> NaN), naming the first row that is not a number."""
    try:
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 1:
            return arr
    except (TypeError, ValueError):
        pass
    out = np.empty(len(ids), dtype=float)
    for i, v in enumerate(values):
        if is_missing(v):
            out[i] = np.nan
            continue
        try:
            if isinstance(v, bool):
                raise ValueError
            out[i] = float(v)
        except (TypeError, ValueError):
            raise InputError(
                f"row '{ids[i]}': column '{name}' must be a number. Got {v!r} instead."
            ) from None
    return out


def row_labels(n: int, cols: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    names = [c for c in cols if c not in KNOWN_COLUMNS]
    if not names:
        return (EMPTY_LABELS,) * n
    lists = [cols[c].tolist() if isinstance(cols[c], np.ndarray) else list(cols[c]) for c in names]
    out = []
    for i in range(n):
        out.append(
            MappingProxyType(
                {
                    c: (None if is_missing(vals[i]) else vals[i])
                    for c, vals in zip(names, lists, strict=True)
                }
            )
        )
    return tuple(out)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- validation


def check_counts(
    ids: Sequence[str],
    a: np.ndarray,
    n1: np.ndarray,
    c: np.ndarray,
    n2: np.ndarray,
    rows: np.ndarray,
) -> None:
    """Raise for the first impossible count among ``rows`` (indices of count rows)."""
    for total, total_name in ((n1, "total_treatment"), (n2, "total_control")):
        bad = rows[
            ~(
                (total[rows] >= 1)
                & (total[rows] == np.floor(total[rows]))
                & np.isfinite(total[rows])
            )
        ]
        if bad.size:
            i = bad[0]
            raise InputError(
                f"row '{ids[i]}': column '{total_name}' must be a whole number of at least 1. "
                f"Got {fmt_number(float(total[i]))} instead."
            )
    for ev, total, ev_name, total_name in (
        (a, n1, "events_treatment", "total_treatment"),
        (c, n2, "events_control", "total_control"),
    ):
        e, t = ev[rows], total[rows]
        bad = rows[~((e >= 0) & (e <= t) & (e == np.floor(e)) & np.isfinite(e))]
        if bad.size:
            i = bad[0]
            raise InputError(
                f"row '{ids[i]}': column '{ev_name}' must be a whole number between 0 and "
                f"{total_name} ({fmt_number(float(total[i]))}). "
                f"Got {fmt_number(float(ev[i]))} instead."
            )


def check_ci_rows(
    ids: Sequence[str],
    measure: str,
    est: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    lvl: np.ndarray,
    rows: np.ndarray,
    row_measures: Sequence[Any] | np.ndarray | None,
) -> None:
    """Raise for the first unusable estimate/CI among ``rows``."""
    for i in rows:
        e, low, high = est[i], lo[i], hi[i]
        where = f"row '{ids[i]}'"
        for value, name in ((low, "ci_low"), (high, "ci_high")):
            if not np.isfinite(value):
                raise InputError(
                    f"{where}: column '{name}' must be a number when 'estimate' is given "
                    f"(or give all four count columns). Got {fmt_number(float(value))} instead."
                )
        if not np.isfinite(e):
            raise InputError(
                f"{where}: column 'estimate' must be a finite number. Got {e} instead."
            )
        if row_measures is not None and not is_missing(row_measures[i]):
            row_measure = str(row_measures[i]).strip().upper()
            if row_measure != measure:
                raise InputError(
                    f"{where}: column 'measure' must be {measure} (the measure being pooled). "
                    f"Got {row_measures[i]!r} instead."
                )
        if measure in RATIO_MEASURES:
            for value, name in ((e, "estimate"), (low, "ci_low"), (high, "ci_high")):
                if value <= 0:
                    raise InputError(
                        f"{where}: column '{name}' must be above 0 for the ratio measure "
                        f"{measure}. Got {fmt_number(float(value))} instead."
                    )
        if low > high:
            raise InputError(
                f"{where}: column 'ci_low' must not exceed 'ci_high' "
                f"({fmt_number(float(high))}). Got {fmt_number(float(low))} instead."
            )
        if low == high:
            raise InputError(
                f"{where}: columns 'ci_low' and 'ci_high' must differ (a CI of zero width has "
                f"no standard error). Got {fmt_number(float(low))} for both."
            )
        if not (low <= e <= high):
            raise InputError(
                f"{where}: column 'estimate' must lie within its CI "
                f"[{fmt_number(float(low))}, {fmt_number(float(high))}]. "
                f"Got {fmt_number(float(e))} instead."
            )
        if not (0.0 < lvl[i] < 100.0):
            raise InputError(
                f"{where}: column 'ci_level' must be between 0 and 100 (exclusive), e.g. 95. "
                f"Got {fmt_number(float(lvl[i]))} instead."
            )
