"""Helpers for the statistics tests: the saved metafor reference values and data sets."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

REFERENCE_DIR = Path(__file__).parent / "reference"
#: Agreement required with metafor: |ours - metafor| <= TOL * max(1, |metafor|).
TOL = 1e-4


def load_reference() -> dict[str, Any]:
    """The values written by ``reference/make_reference.R``."""
    return json.loads((REFERENCE_DIR / "metafor_reference.json").read_text(encoding="utf-8"))


def read_dataset(file: str) -> pd.DataFrame:
    """One of the saved datasets, as the CLI reads it (ids as text)."""
    return pd.read_csv(REFERENCE_DIR / file, dtype={"id": str})


def deviation(ours: float | None, ref: float | None) -> float:
    """Scaled deviation: absolute below 1, relative above (0 when both are missing)."""
    if ref is None or ours is None:
        return 0.0 if ref is None and ours is None else math.inf
    return abs(ours - ref) / max(1.0, abs(ref))
