"""Compact HTML tables and plain text for results shown in Jupyter or a console.

The ``_repr_html_``, ``__str__`` and ``__repr__`` methods of
:class:`~evidence_dashboard.stats.PooledResult`, :class:`~evidence_dashboard.stats.AbsoluteEffect`
and :class:`~evidence_dashboard.errors.ProblemList` delegate here, so those modules stay short.
Every value that reaches HTML goes through :func:`evidence_dashboard.safe_html.escape`; the only
markup is the fixed table structure written in this module.

Examples
--------
>>> from evidence_dashboard.stats import absolute_effect
>>> effect = absolute_effect("RR", 1.5, baseline_risk=0.1, ci_low=1.2, ci_high=1.9)
>>> print(absolute_text(effect))
Absolute effect of RR 1.50 (95% CI 1.20 to 1.90) at a baseline risk of 100 per 1,000
  risk without the exposure  100 per 1,000
  risk with the exposure     150 per 1,000
  difference                 50 more per 1,000 (95% CI 20 to 90)
  number needed              NNH 20 (95% CI 12 to 50)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from evidence_dashboard.safe_html import escape
from evidence_dashboard.stats.inputs import RATIO_MEASURES

if TYPE_CHECKING:
    from evidence_dashboard.content.library import Library
    from evidence_dashboard.errors import Problem
    from evidence_dashboard.stats import AbsoluteEffect, PooledResult, StudyEffect

#: Method names as the results show them (the same words as ``stats.pooling.METHOD_NAMES``).
_METHOD_NAMES = {
    "iv": "inverse-variance fixed effect",
    "mh": "Mantel-Haenszel fixed effect",
    "peto": "Peto fixed effect",
    "dl": "DerSimonian-Laird random effects",
    "reml": "REML random effects",
    "pm": "Paule-Mandel random effects",
}
_STYLE = "border-collapse:collapse;font-size:0.9em;margin:0.3em 0;font-variant-numeric:tabular-nums"
_CELL = "padding:0.15em 0.7em;text-align:left;vertical-align:top"
_CAPTION = "caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.3em"


# --------------------------------------------------------------------------- numbers


def number(value: float | None, measure: str = "RR") -> str:
    """A figure as the results show it: 2 decimals for ratios, 3 for differences.

    Examples
    --------
    >>> number(1.7149), number(0.01234, "RD"), number(None), number(float("nan"))
    ('1.71', '0.012', '–', 'n/a')
    """
    if value is None:
        return "–"
    x = float(value)
    if not math.isfinite(x):
        return "n/a" if math.isnan(x) else ("∞" if x > 0 else "-∞")
    return f"{x:.2f}" if measure in RATIO_MEASURES else f"{x:.3f}"


def p_text(p: float) -> str:
    """``p < 0.001`` or ``p = 0.123``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def per_1000(value: float | None) -> str:
    """A count per 1,000: whole numbers from 10 up, one decimal below (so 0.4 is not 0).

    Examples
    --------
    >>> per_1000(41.26), per_1000(-0.44), per_1000(None)
    ('41', '-0.4', '–')
    """
    if value is None:
        return "–"
    x = float(value)
    return f"{x:.0f}" if abs(x) >= 10 or x == 0 else f"{x:.1f}"


def _level(level: float) -> str:
    return f"{float(level):g}%"


# --------------------------------------------------------------------------- HTML pieces


def _cells(values: Sequence[object], tag: str = "td", colspan: int | None = None) -> str:
    span = f' colspan="{int(colspan)}"' if colspan else ""
    return "".join(f'<{tag}{span} style="{_CELL}">{escape(v)}</{tag}>' for v in values)


def _row(values: Sequence[object], tag: str = "td") -> str:
    return f"<tr>{_cells(values, tag)}</tr>"


def _wide_row(label: object, text: object, columns: int) -> str:
    return (
        f'<tr><th style="{_CELL}">{escape(label)}</th>'
        f"{_cells([text], colspan=max(columns - 1, 1))}</tr>"
    )


def _table(caption: str, head: Sequence[object], body: Iterable[str]) -> str:
    header = f"<thead>{_row(head, 'th')}</thead>" if head else ""
    return (
        f'<table class="evidence-dashboard" style="{_STYLE}">'
        f'<caption style="{_CAPTION}">{escape(caption)}</caption>'
        f"{header}<tbody>{''.join(body)}</tbody></table>"
    )


# --------------------------------------------------------------------------- pooled results


def _study_text(study: StudyEffect, measure: str) -> str:
    """``2.15 [1.47, 3.16]``: the source's own figures when it gave an estimate with a CI."""
    labels = study.labels
    texts = [labels.get(f"{name}_text") for name in ("estimate", "ci_low", "ci_high")]
    if all(texts) and not labels.get("events_treatment_text"):
        return f"{texts[0]} [{texts[1]}, {texts[2]}]"
    return (
        f"{number(study.estimate, measure)} "
        f"[{number(study.ci_low, measure)}, {number(study.ci_high, measure)}]"
    )


def _weight(weight: float | None) -> str:
    return "" if weight is None or not math.isfinite(weight) else f"{weight:.1f}%"


def _pooled_figure(result: PooledResult) -> str:
    m = result.measure
    return f"{number(result.estimate, m)} [{number(result.ci_low, m)}, {number(result.ci_high, m)}]"


def heterogeneity(result: PooledResult) -> str:
    """``tau² = 0.0123, I² = 45.6%, Q = 1.84 (df = 1), p = 0.175``."""
    return (
        f"tau² = {result.tau2:.4f}, I² = {result.i2:.1f}%, Q = {result.q:.2f} "
        f"(df = {result.q_df}), {p_text(result.q_p)}"
    )


def _prediction(result: PooledResult) -> str | None:
    if result.pi_low is None or result.pi_high is None:
        return None
    m = result.measure
    return f"{number(result.pi_low, m)} to {number(result.pi_high, m)}"


def pooled_title(result: PooledResult) -> str:
    """``Pooled OR · REML random effects · k = 2``."""
    method = _METHOD_NAMES.get(result.method, result.method)
    return f"Pooled {result.measure} · {method} · k = {result.k}"


def pooled_repr(result: PooledResult) -> str:
    """One line: ``<PooledResult OR reml k=2: 1.71 [1.40, 2.09], I² 45.6%>``."""
    return (
        f"<PooledResult {result.measure} {result.method} k={result.k}: "
        f"{_pooled_figure(result)}, I² {result.i2:.1f}%>"
    )


def pooled_text(result: PooledResult) -> str:
    """A plain-text table of the studies, the pooled estimate, heterogeneity and notes."""
    m, level = result.measure, _level(result.level)
    rows: list[tuple[str, str, str]] = [("study", f"{m} [{level} CI]", "weight")]
    blocks = result.subgroups or (result,)
    for block in blocks:
        if result.subgroups:
            rows.append((f"[{block.group}]", "", ""))
        rows += [(s.id, _study_text(s, m), _weight(s.weight)) for s in block.studies]
        if result.subgroups:
            rows.append((f"pooled ({block.group})", _pooled_figure(block), ""))
    rows.append(("pooled" if not result.subgroups else "overall", _pooled_figure(result), "100%"))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [pooled_title(result)]
    lines += [f"  {a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    prediction = _prediction(result)
    if prediction:
        lines.append(f"  {level} prediction interval: {prediction}")
    lines.append(f"  heterogeneity: {heterogeneity(result)}")
    if result.subgroup_test is not None:
        t = result.subgroup_test
        lines.append(f"  subgroup differences: Q = {t.q:.2f} (df = {t.df}), {p_text(t.p)}")
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def pooled_html(result: PooledResult) -> str:
    """A compact HTML table of the same content as :func:`pooled_text`.

    Examples
    --------
    >>> from evidence_dashboard.stats import pool
    >>> rows = [{"id": "<b>A</b>", "estimate": 1.2, "ci_low": 1.0, "ci_high": 1.5},
    ...         {"id": "B", "estimate": 1.6, "ci_low": 1.1, "ci_high": 2.3}]
    >>> html = pooled_html(pool(rows, measure="OR", method="dl"))
    >>> "&lt;b&gt;A&lt;/b&gt;" in html, "<b>A" in html
    (True, False)
    """
    m, level = result.measure, _level(result.level)
    body: list[str] = []
    blocks = result.subgroups or (result,)
    for block in blocks:
        if result.subgroups:
            body.append(f"<tr>{_cells([block.group], 'th', colspan=3)}</tr>")
        body += [_row([s.id, _study_text(s, m), _weight(s.weight)]) for s in block.studies]
        if result.subgroups:
            body.append(_row([f"Pooled ({block.group})", _pooled_figure(block), ""], "th"))
    label = "Overall" if result.subgroups else "Pooled"
    body.append(_row([label, _pooled_figure(result), "100%"], "th"))
    prediction = _prediction(result)
    if prediction:
        body.append(_wide_row(f"{level} prediction interval", prediction, 3))
    body.append(_wide_row("Heterogeneity", heterogeneity(result), 3))
    if result.subgroup_test is not None:
        t = result.subgroup_test
        text = f"Q = {t.q:.2f} (df = {t.df}), {p_text(t.p)}"
        body.append(_wide_row("Subgroup differences", text, 3))
    body += [_wide_row("Note", note, 3) for note in result.notes]
    return _table(pooled_title(result), ["Study", f"{m} [{level} CI]", "Weight"], body)


# --------------------------------------------------------------------------- absolute effects


def _relative_text(effect: AbsoluteEffect) -> str:
    m = effect.measure
    text = f"{m} {number(effect.estimate, m)}"
    if effect.ci_low is not None and effect.ci_high is not None:
        text += f" ({_level(effect.level)} CI {number(effect.ci_low, m)} to {number(effect.ci_high, m)})"
    return text


def _absolute_rows(effect: AbsoluteEffect) -> list[tuple[str, str]]:
    diff = effect.per_1000
    change = "more" if diff >= 0 else "fewer"
    difference = f"{per_1000(abs(diff))} {change} per 1,000"
    if effect.per_1000_ci_low is not None and effect.per_1000_ci_high is not None:
        difference += (
            f" ({_level(effect.level)} CI {per_1000(effect.per_1000_ci_low)} to "
            f"{per_1000(effect.per_1000_ci_high)})"
        )
    rows = [
        ("risk without the exposure", f"{per_1000(effect.baseline_risk * 1000)} per 1,000"),
        ("risk with the exposure", f"{per_1000(effect.risk_exposed * 1000)} per 1,000"),
        ("difference", difference),
    ]
    if effect.number_needed_text:
        rows.append(("number needed", effect.number_needed_text))
    return rows


def absolute_title(effect: AbsoluteEffect) -> str:
    """``Absolute effect of OR 1.71 (95% CI 1.40 to 2.09) at a baseline risk of 100 per 1,000``."""
    baseline = per_1000(effect.baseline_risk * 1000)
    return f"Absolute effect of {_relative_text(effect)} at a baseline risk of {baseline} per 1,000"


def absolute_repr(effect: AbsoluteEffect) -> str:
    """One line: ``<AbsoluteEffect RR 1.50 at 100/1,000: 50 more per 1,000; NNH 20 (…)>``."""
    diff = effect.per_1000
    nn = f"; {effect.number_needed_text}" if effect.number_needed_text else ""
    return (
        f"<AbsoluteEffect {effect.measure} {number(effect.estimate, effect.measure)} at "
        f"{per_1000(effect.baseline_risk * 1000)}/1,000: {per_1000(abs(diff))} "
        f"{'more' if diff >= 0 else 'fewer'} per 1,000{nn}>"
    )


def absolute_text(effect: AbsoluteEffect) -> str:
    """A plain-text table: baseline and exposed risk, difference per 1,000, number needed."""
    rows = _absolute_rows(effect)
    width = max(len(name) for name, _ in rows)
    return "\n".join(
        [absolute_title(effect), *(f"  {name:<{width}}  {value}" for name, value in rows)]
    )


def absolute_html(effect: AbsoluteEffect) -> str:
    """A compact HTML table of the same content as :func:`absolute_text`."""
    body = [_wide_row(name.capitalize(), value, 2) for name, value in _absolute_rows(effect)]
    return _table(absolute_title(effect), [], body)


# --------------------------------------------------------------------------- problems


def _counts(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if str(p.severity) == "error")
    warnings = len(problems) - errors
    noun = "problem" if len(problems) == 1 else "problems"
    return (
        f"{len(problems)} {noun} ({errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)})"
    )


def problem_line(problem: Problem) -> str:
    """``path:line: severity: message Hint: …``, as the command line prints problems."""
    text = f"{problem.location}: {problem.severity}: {problem.message}"
    if problem.item:
        text += f" [{problem.item}]"
    if problem.hint:
        text += f" Hint: {problem.hint}"
    return text


def problems_text(problems: Sequence[Problem]) -> str:
    """``No problems.`` or a count line followed by one line per problem."""
    if not problems:
        return "No problems."
    return "\n".join([_counts(problems), *(f"  {problem_line(p)}" for p in problems)])


def problems_html(problems: Sequence[Problem]) -> str:
    """An HTML table of problems: severity, location, item, column, message and hint.

    Examples
    --------
    >>> from evidence_dashboard.errors import Problem
    >>> html = problems_html([Problem("a.csv", 2, "bad <script>alert(1)</script>")])
    >>> "&lt;script&gt;" in html, "<script>" in html
    (True, False)
    """
    if not problems:
        return _table("No problems.", [], [])
    head = ["Severity", "Location", "Item", "Column", "Message", "Hint"]
    body = [
        _row([p.severity, p.location, p.item or "", p.column or "", p.message, p.hint or ""])
        for p in problems
    ]
    return _table(_counts(problems), head, body)


# --------------------------------------------------------------------------- libraries


def _library_rows(library: Library) -> list[tuple[str, str]]:
    titles = "; ".join(f"{a.title} ({a.slug})" for a in library.articles)
    return [
        ("folder", str(library.root)),
        ("articles", f"{len(library.articles)}" + (f": {titles}" if titles else "")),
        ("evidence rows", str(len(library.evidence))),
        ("rows set aside", str(len(library.rejected))),
        ("references", str(len(library.references))),
        ("problems", _counts(library.problems) if library.problems else "none"),
    ]


def library_text(library: Library) -> str:
    """What a content folder holds, then its problems (for ``Library.__str__``).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> text = library_text(load_library())
    >>> text.splitlines()[0], "evidence rows" in text
    ('Evidence library', True)
    """
    rows = _library_rows(library)
    width = max(len(name) for name, _ in rows)
    lines = ["Evidence library", *(f"  {name:<{width}}  {value}" for name, value in rows)]
    if library.problems:
        lines += [f"  {problem_line(p)}" for p in library.problems]
    return "\n".join(lines)


def library_html(library: Library) -> str:
    """An HTML summary of a content folder, then its problem table (for ``Library._repr_html_``).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> "evidence rows" in library_html(load_library())
    True
    """
    summary = _table(
        "Evidence library",
        [],
        [_wide_row(name, value, 2) for name, value in _library_rows(library)],
    )
    return summary + (problems_html(library.problems) if library.problems else "")
