"""Numbers as text: the one place that turns rows and results into words and HTML.

Every surface (the notebook ``repr``, the Compare and Article pages, chart captions, the command
line, exported figures) calls this module, so one result reads the same everywhere. The
precision rules are documented once, in ``docs/numbers.md``; in short:

* ratios (RR, OR, HR, IRR, SHR) with 2 decimals, 2 significant figures below 0.1;
* risk differences with 4 decimals (a proportion, so 0.1 per 1,000 stays visible);
* events per 1,000 as whole numbers from 10 up, 1 decimal from 1 to 10, 2 significant figures
  below 1; always as "more" or "fewer";
* numbers needed rounded up to a whole person, in Altman's form when the interval crosses 0;
* p-values with 3 decimals, ``p < 0.001`` below that;
* tau² with 4 decimals (2 significant figures below 0.0001), I² with 1, Q and H² with 2;
* an interval names its kind and level as the row or result says: ``95% CI``, ``95% CrI``.

A figure the source wrote is shown as written (``estimate_text``), never re-rounded.

Examples
--------
>>> from evidence_dashboard.stats import absolute_effect
>>> effect = absolute_effect("OR", 1.38, baseline_risk=0.1, ci_low=1.03, ci_high=1.84)
>>> difference_text(effect)
'33 more per 1,000 (95% CI 2.7 more to 70 more)'
>>> number(-0.00712, "RD"), ratio_text("OR", 1.41, 1.2, 1.71, "credible")
('-0.0071', 'OR 1.41 (95% CrI 1.20 to 1.71)')
"""

from evidence_dashboard.stats.report.absolute import (
    absolute_html,
    absolute_repr,
    absolute_rows,
    absolute_summary,
    absolute_text,
    absolute_title,
    difference_text,
)
from evidence_dashboard.stats.report.numbers import (
    DASH,
    bracket_text,
    change_text,
    estimate_text,
    interval_label,
    interval_text,
    level_text,
    number,
    number_needed_text,
    p_text,
    per_1000,
    ratio_text,
    round_up,
    tau2_text,
)
from evidence_dashboard.stats.report.pooled import (
    heterogeneity_text,
    pooled_html,
    pooled_repr,
    pooled_rows,
    pooled_summary,
    pooled_text,
    pooled_title,
    prediction_text,
    study_text,
    subgroup_test_text,
    weight_text,
)
from evidence_dashboard.stats.report.rows import (
    design_label,
    effect_text,
    row_interval_text,
    value_text,
)

__all__ = [
    "DASH",
    "absolute_html",
    "absolute_repr",
    "absolute_rows",
    "absolute_summary",
    "absolute_text",
    "absolute_title",
    "bracket_text",
    "change_text",
    "design_label",
    "difference_text",
    "effect_text",
    "estimate_text",
    "heterogeneity_text",
    "interval_label",
    "interval_text",
    "level_text",
    "number",
    "number_needed_text",
    "p_text",
    "per_1000",
    "pooled_html",
    "pooled_repr",
    "pooled_rows",
    "pooled_summary",
    "pooled_text",
    "pooled_title",
    "prediction_text",
    "ratio_text",
    "round_up",
    "row_interval_text",
    "study_text",
    "subgroup_test_text",
    "tau2_text",
    "value_text",
    "weight_text",
]
