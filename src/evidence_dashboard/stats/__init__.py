"""Statistics core: per-study effects, pooling and absolute effects, matching R's metafor.

Nothing here imports streamlit; everything works on pandas DataFrames, mappings of numpy
arrays or lists of dicts, and returns frozen dataclasses with a ``to_dict()`` for JSON.

Examples
--------
>>> from evidence_dashboard.stats import pool, absolute_effect
>>> rows = [
...     {"id": "A", "events_treatment": 4, "total_treatment": 123,
...      "events_control": 11, "total_control": 139},
...     {"id": "B", "events_treatment": 6, "total_treatment": 306,
...      "events_control": 29, "total_control": 303},
... ]
>>> result = pool(rows, measure="RR", method="dl")
>>> result.k, result.method
(2, 'dl')
>>> absolute_effect("OR", 0.73, baseline_risk=0.3).number_needed
17
"""

from evidence_dashboard.stats import report
from evidence_dashboard.stats.absolute import AbsoluteEffect, absolute_effect
from evidence_dashboard.stats.effects import (
    MEASURES,
    RATIO_MEASURES,
    StudyEffect,
    study_effects,
)
from evidence_dashboard.stats.pooling import METHODS, PooledResult, SubgroupTest, pool

__all__ = [
    "MEASURES",
    "METHODS",
    "RATIO_MEASURES",
    "AbsoluteEffect",
    "PooledResult",
    "StudyEffect",
    "SubgroupTest",
    "absolute_effect",
    "pool",
    "report",
    "study_effects",
]
